"""Hourly local times written without their UTC offset across a change of the clocks: the hour
the clocks go back appears twice, the hour they go forward is missing. A user round's meter-style
file was told "timestamp 2024-11-03 01:00:00 appears twice (rows 578, 579); drop the duplicates"
(two instants: dropping one loses an hour) and "gap of 1 missing step(s) after 2024-03-31
01:00:00 ...; use --fill-missing-dates" (an hour that never was on that clock, invented). Both
now also say how to give the times so that they are read in their zone."""

from __future__ import annotations

import numpy as np
import pandas as pd

from wavecast.cli import main


def _hourly(zone: str, start: str, n: int = 24 * 8) -> pd.DataFrame:
    t = pd.date_range(start, periods=n, freq="h", tz=zone)
    y = 50 + 10 * np.sin(2 * np.pi * t.hour / 24) + np.random.default_rng(0).normal(0, 1, n)
    return pd.DataFrame({"time": t.tz_localize(None).strftime("%Y-%m-%d %H:%M"), "load": y})


def _error(tmp_path, capsys, df: pd.DataFrame, name: str) -> str:
    df.to_csv(tmp_path / name, index=False)
    code = main(["run", "--data", str(tmp_path / name), "--time", "time", "--out", str(tmp_path / "run")])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    return err


def test_the_hour_the_clocks_go_back_is_said_beside_drop_the_duplicates(tmp_path, capsys):
    err = _error(tmp_path, capsys, _hourly("America/New_York", "2024-10-30"), "back.csv")
    assert "timestamp 2024-11-03 01:00:00 appears twice" in err
    assert "drop the duplicates, or if these are local times repeating the hour the clocks go back" in err
    assert "UTC offset" in err
    # a month given twice is a duplicate, said as before
    monthly = pd.DataFrame({"time": ["2020-01", "2020-02", "2020-02", "2020-03"], "load": [1.0, 2, 3, 4]})
    err = _error(tmp_path, capsys, monthly, "m.csv")
    assert err.rstrip().endswith("; drop the duplicates") and "clocks" not in err, err


def test_the_hour_the_clocks_go_forward_is_said_beside_fill_missing_dates(tmp_path, capsys):
    err = _error(tmp_path, capsys, _hourly("Europe/Berlin", "2024-03-28"), "forward.csv")
    assert "gap of 1 missing step(s) after 2024-03-31 01:00:00" in err
    assert "use --fill-missing-dates, or, if these are local times skipping the hour the clocks go forward" in err
    # an afternoon hour missing is a gap, said as before
    day = _hourly("UTC", "2024-03-01").drop(index=[40])
    err = _error(tmp_path, capsys, day, "day.csv")
    assert err.rstrip().endswith("use --fill-missing-dates") and "clocks" not in err, err
