"""Weeks dated on another weekday than the model's are refused (6ec0542); where either side wrote
its weeks as ISO weeks ('2020-W05', read as their Mondays), the refusal said "dated on Mondays"
of data that held no date. It now names the ISO weeks and how they are read, CLI and API alike."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.cli import main

FAST = ["--set", "train.epochs=1", "--quiet"]


def _weeks(start: str, freq: str, iso: bool, n: int = 120) -> pd.DataFrame:
    d = pd.date_range(start, periods=n, freq=freq)
    weeks = [f"{y}-W{w:02d}" for y, w in zip(d.isocalendar().year, d.isocalendar().week, strict=True)] if iso \
        else d.strftime("%Y-%m-%d")
    return pd.concat([pd.DataFrame({"shop": s, "week": weeks,
                                    "sales": 50 * (k + 1) + 5 * np.sin(np.arange(n) * 2 * np.pi / 52)})
                      for k, s in enumerate("ab")], ignore_index=True)


def _one(df: pd.DataFrame) -> pd.DataFrame:  # a shop the model never saw
    return df[df["shop"] == "a"].assign(shop="z")


def test_a_sunday_model_given_iso_weeks_is_told_they_are_read_as_mondays(tmp_path, capsys):
    _weeks("2018-01-07", "W-SUN", iso=False).to_csv(tmp_path / "d.csv", index=False)
    _one(_weeks("2018-07-02", "W-MON", iso=True)).to_csv(tmp_path / "new.csv", index=False)
    assert main(["run", "--data", str(tmp_path / "d.csv"), "--target", "sales", "--time", "week", "--id", "shop",
                 "--horizon", "3", "--out", str(tmp_path / "r"), *FAST]) == 0
    capsys.readouterr()
    assert main(["forecast", str(tmp_path / "r"), "--data", str(tmp_path / "new.csv"), "--out",
                 str(tmp_path / "f.csv"), "--quiet"]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "Traceback" not in err
    assert "the data given is written as ISO weeks ('2020-W05'), read as their Mondays (W-MON)" in err, err
    assert "date each week on its Sunday" in err and not (tmp_path / "f.csv").exists()


def test_an_iso_week_model_given_sunday_dates_says_how_to_write_them():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = wavecast.fit(_weeks("2018-01-01", "W-MON", iso=True), target="sales", time="week", id="shop",
                         horizon=3, epochs=1, seed=0)
    with pytest.raises(wavecast.ValidationError) as err:
        f.predict(3, data=_one(_weeks("2018-07-01", "W-SUN", iso=False)))
    said = str(err.value)
    assert said.startswith("the model was trained on ISO weeks ('2020-W05'), read as their Mondays (W-MON); "
                           "the data given is dated on Sundays (W-SUN)"), said
    assert "write each week as an ISO week ('2020-W05') or date it on its Monday" in said
