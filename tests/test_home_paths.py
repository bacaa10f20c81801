"""Paths given in Python read '~' as the home folder, as pandas does (pd.read_csv("~/sales.csv")):
fit("~/sales.csv") was refused as no such file, and save("~/models/sales") wrote a folder named
'~' inside the working directory (which load("~/models/sales") then read back, unseen)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

import wavecast

FAST = {"horizon": 3, "input_len": 8, "epochs": 1, "seed": 0}


def _home_and_work(tmp_path, monkeypatch):
    """A home folder holding y.csv (48 months) and an empty working directory, entered."""
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(work)
    y = 5 + np.sin(np.arange(48) * 2 * np.pi / 12)
    pd.DataFrame({"month": pd.date_range("2020-01-01", periods=48, freq="MS"), "y": y}).to_csv(home / "y.csv",
                                                                                              index=False)
    return home, work


def test_a_tilde_is_the_home_folder_in_fit_predict_backtest_save_and_load(tmp_path, monkeypatch):
    home, work = _home_and_work(tmp_path, monkeypatch)
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


def test_the_cli_reads_a_tilde_after_an_equals_sign_as_the_home_folder(tmp_path, monkeypatch, capsys):
    # `--out=~/x` reaches wavecast unexpanded (no shell expands '~' after '='): it made a folder
    # named '~' in the working directory, and --data=~/y.csv was 'no such file'
    from wavecast.cli import main

    home, work = _home_and_work(tmp_path, monkeypatch)
    (home / "c.toml").write_text("[train]\nepochs = 1\n")
    assert main(["run", "--data=~/y.csv", "--config=~/c.toml", "--target=y", "--time=month", "--horizon=3",
                 "--out=~/runs/y", "--quiet"]) == 0
    assert (home / "runs" / "y" / "model").is_dir()
    assert main(["forecast", "~/runs/y", "--data=~/y.csv", "--out=~/f.csv", "--quiet"]) == 0
    assert len(pd.read_csv(home / "f.csv")) == 3
    assert main(["forecast", "~/runs/y", "--out=~no_such_user_here/f.csv", "--quiet"]) == 2
    said = capsys.readouterr().err
    assert "no user 'no_such_user_here'" in said and len(said.strip().splitlines()) == 1
    assert list(work.iterdir()) == []  # never a folder named '~' (nor '~no_such_user_here')
