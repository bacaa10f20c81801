"""Paths given in Python read '~' as the home folder, as pandas does (pd.read_csv("~/sales.csv")):
fit("~/sales.csv") was refused as no such file, and save("~/models/sales") wrote a folder named
'~' inside the working directory (which load("~/models/sales") then read back, unseen)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

import wavecast

FAST = {"horizon": 3, "input_len": 8, "epochs": 1, "seed": 0}


def test_a_tilde_is_the_home_folder_in_fit_predict_backtest_save_and_load(tmp_path, monkeypatch):
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(work)
    y = 5 + np.sin(np.arange(48) * 2 * np.pi / 12)
    pd.DataFrame({"month": pd.date_range("2020-01-01", periods=48, freq="MS"), "y": y}).to_csv("~/y.csv", index=False)
    assert (home / "y.csv").exists()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = wavecast.fit("~/y.csv", target="y", time="month", **FAST)
        where = f.save("~/models/y")
        assert where == home / "models" / "y" / "model" and where.is_dir()
        assert not (work / "~").exists()
        again = wavecast.load("~/models/y")
        pd.testing.assert_frame_equal(again.predict(3), f.predict(3))
        pd.testing.assert_frame_equal(f.predict(3, data="~/y.csv"), f.predict(3))
        assert len(wavecast.Forecaster.load("~/models/y").predict(3)) == 3
        bt = wavecast.backtest("~/y.csv", target="y", time="month", origins=2, **FAST)
    assert len(bt.forecasts) == 6 and not (work / "~").exists()
