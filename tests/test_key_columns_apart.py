"""The target, time and id given as one column are refused saying so, in the caller's words.
`--id value --target value` on a panel was refused as "series in panel.csv have different
frequencies (27MS, 2MS, 56MS, 67MS, 78MS, None); resample them to one" (each value read as a
series of its own), and `--time series --id series` as "looks like 266 series stacked"."""

from pathlib import Path

import pandas as pd
import pytest

import wavecast
from wavecast.cli import main
from wavecast.errors import ValidationError

AIR = str(Path(__file__).parents[1] / "examples" / "air_passengers.csv")


@pytest.mark.parametrize("argv, said", [
    (["--target", "passengers", "--id", "passengers"], "--id and --target name the same column 'passengers'"),
    (["--target", "passengers", "--time", "passengers"], "--time and --target name the same column 'passengers'"),
    (["--time", "month", "--id", "month"], "--time and --id name the same column 'month'"),
])
def test_cli_refuses_one_column_in_two_key_roles(tmp_path, capsys, argv, said):
    assert main(["run", "--data", AIR, *argv, "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err.strip()
    assert said in err and "give each its own column" in err and "frequencies" not in err, err
    assert len(err.splitlines()) == 1


def test_python_refuses_it_naming_keywords():
    df = pd.read_csv(AIR)
    with pytest.raises(ValidationError, match=r"^id= and target= name the same column 'passengers': "):
        wavecast.fit(df, target="passengers", time="month", id="passengers")
    with pytest.raises(ValidationError, match=r"^time= and target= name the same column 'passengers'"):
        wavecast.backtest(df, target=["passengers"], time="passengers")
