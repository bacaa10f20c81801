"""A static column that varies in a file of one series (no --id) is refused naming no empty id:
a user round's `--static returns` on a one-series monthly file read "static column 'returns' in
multi.csv varies within series '' (9.79, then 10.53)"."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.cli import main
from wavecast.errors import ValidationError


def _one_series():
    n = 30
    return pd.DataFrame({"month": pd.date_range("2020-01-01", periods=n, freq="MS"),
                         "sales": 100 + np.arange(n, dtype=float), "returns": 10 + 0.1 * np.arange(n)})


def test_cli_says_the_static_column_varies_over_the_one_series(tmp_path, capsys):
    _one_series().to_csv(tmp_path / "m.csv", index=False)
    code = main(["run", "--data", str(tmp_path / "m.csv"), "--target", "sales", "--time", "month",
                 "--static", "returns", "--out", str(tmp_path / "run")])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "m.csv varies over its one series (10.0, then 10.1)" in err, err
    assert "series ''" not in err and "--past or --future" in err


def test_python_says_it_in_keywords():
    with pytest.raises(ValidationError) as e:
        wavecast.fit(_one_series(), target="sales", time="month", static=["returns"])
    msg = str(e.value)
    assert "varies over its one series" in msg and "series ''" not in msg and "past= or future=" in msg, msg
