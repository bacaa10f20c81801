"""Too many origins for a series: the default input_len shrinks to fit the lengthened test part,
and the refusal says how many origins keep a run's input_len (365 daily points: a run's is 18)."""

import numpy as np
import pandas as pd

from wavecast.cli import main


def test_too_many_origins_says_how_many_keep_the_runs_input_len(tmp_path, capsys):
    i = np.arange(365)
    y = 10 + 3 * np.sin(2 * np.pi * i / 7) + 0.01 * i + np.random.default_rng(0).normal(0, 0.5, 365)
    pd.DataFrame({"date": pd.date_range("2020-01-01", periods=365, freq="D"), "y": y}).to_csv(
        tmp_path / "d.csv", index=False)
    assert main(["backtest", "--data", str(tmp_path / "d.csv"), "--time", "date", "--origins", "500"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "at most 336" in err  # with the input_len shrunk to 2
    assert "give --origins 320 or fewer to keep a run's input_len 18" in err


def test_the_recursive_nets_refusal_says_it_too(tmp_path, capsys):
    """The recursive net's refusal ended at its fixes ('(pass fewer --origins (at most 342))'), the
    shrunk input_len unsaid: 326 origins keep a run's 18 (327: 17, said in the run's note)."""
    i = np.arange(365)
    y = 10 + 3 * np.sin(2 * np.pi * i / 7) + 0.01 * i + np.random.default_rng(0).normal(0, 0.5, 365)
    pd.DataFrame({"date": pd.date_range("2020-01-01", periods=365, freq="D"), "y": y}).to_csv(
        tmp_path / "d.csv", index=False)
    assert main(["backtest", "--data", str(tmp_path / "d.csv"), "--time", "date", "--origins", "500",
                 "--set", "model.kind=recursive"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "the recursive net needs 523: input_len 2 + 8 training" in err, err
    assert err.endswith("(pass fewer --origins (at most 342)); input_len 2 is the default shrunk to fit that test "
                        "part: give --origins 326 or fewer to keep a run's input_len 18"), err
