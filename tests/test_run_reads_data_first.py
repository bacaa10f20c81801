"""`wavecast run` and `wavecast backtest` read and check --data before --out: a run into a folder
that already held a run, with a data error, said "already holds a run" first, so the user replaced
the folder (--overwrite) and only then learnt the data was wrong. The folder is still refused
before any training and nothing in it is touched."""

import numpy as np
import pandas as pd

from wavecast.cli import main


def _csv(path) -> None:
    n = 40
    pd.DataFrame({"week": pd.date_range("2020-01-06", periods=n, freq="W-MON").strftime("%Y-%m-%d"),
                  "sales": np.arange(n) + 100.0}).to_csv(path, index=False)


def _files(folder) -> dict:
    return {p.name: (p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(folder.iterdir())}


def test_a_data_error_is_said_before_the_folder_is_refused(tmp_path, capsys):
    data, out = tmp_path / "sales.csv", tmp_path / "out"
    _csv(data)
    assert main(["run", "--data", str(data), "--horizon", "2", "--set", "train.epochs=1", "--out", str(out),
                 "--quiet"]) == 0
    before = _files(out)
    for command in ("run", "backtest"):
        capsys.readouterr()
        assert main([command, "--data", str(data), "--target", "salez", "--out", str(out)]) == 2
        err = capsys.readouterr().err
        assert f"column 'salez' (--target) not found in {data}" in err and "already holds" not in err, err
    # good data: the folder refused before any training, as before; nothing in it touched
    capsys.readouterr()
    assert main(["run", "--data", str(data), "--horizon", "2", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{out} already holds a run" in err and "epoch" not in err, err
    assert _files(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "sales.csv"]  # no folder made aside
