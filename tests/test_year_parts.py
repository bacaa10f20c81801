"""Time columns written as parts of a year (data.yearparts): tsibble's quarters '1998 Q1' and R's
decimal years (1920.0833). Both were refused as "cannot parse ... use one format"."""

import numpy as np
import pandas as pd
import pytest

from wavecast.cli import main
from wavecast.data import reader
from wavecast.errors import ValidationError


def _quarters(tmp_path, sep=" "):
    q = pd.period_range("1998Q1", periods=24, freq="Q")
    rows = [(f"{p.year}{sep}Q{p.quarter}", s, 20 + k + 3 * np.sin(k) + 5 * i)
            for i, s in enumerate(["ACT", "NSW"]) for k, p in enumerate(q)]
    path = tmp_path / "acc.csv"
    pd.DataFrame(rows, columns=["quarter", "state", "takings"]).to_csv(path, index=False)
    return path


def test_quarters_with_a_space_are_read_and_found_as_the_time_column(tmp_path):
    path = _quarters(tmp_path)
    ds = reader.read(path, "takings", "quarter", "state")
    assert str(ds.freq).startswith("QS")
    assert list(ds.times[0][:3]) == list(pd.to_datetime(["1998-01-01", "1998-04-01", "1998-07-01"]))
    found = reader.read(path, "takings", "", "state")  # no --time: the quarters are the time column
    assert found.time == "quarter" and str(found.freq).startswith("QS")
    same = reader.read(_quarters(tmp_path, sep=""), "takings", "quarter", "state")  # 1998Q1, as pandas reads it
    assert list(same.times[1]) == list(ds.times[1])


def _decimal_years(tmp_path, per, decimals):
    n = 5 * per
    t = np.round(1920 + np.arange(n) / per, decimals)
    y = 50 + 10 * np.sin(2 * np.pi * np.arange(n) / per)
    path = tmp_path / "nottem.csv"
    pd.DataFrame({"time": t, "temp": y}).to_csv(path, index=False)
    return path


@pytest.mark.parametrize("per, decimals, freq", [(12, 8, "MS"), (12, 2, "MS"), (4, 2, "QS")])
def test_decimal_years_are_read_as_month_or_quarter_starts(tmp_path, per, decimals, freq):
    ds = reader.read(_decimal_years(tmp_path, per, decimals), "temp", "time")
    assert str(ds.freq).startswith(freq)
    want = pd.date_range("1920-01-01", periods=5 * per, freq=f"{freq}")
    assert list(ds.times[0]) == list(want)  # 1920.0833 is February 1920, not 1 January 1920
    assert any("decimal years" in n for n in ds.notes)


def test_whole_years_written_as_floats_are_years_and_other_floats_are_still_refused(tmp_path):
    path = tmp_path / "y.csv"
    pd.DataFrame({"year": np.arange(1950.0, 1990.0), "v": np.arange(40.0)}).to_csv(path, index=False)
    ds = reader.read(path, "v", "year")
    assert list(ds.times[0][:2]) == [1950, 1951]
    bad = tmp_path / "b.csv"
    pd.DataFrame({"t": np.arange(40) * 0.37, "v": np.arange(40.0)}).to_csv(bad, index=False)
    with pytest.raises(ValidationError, match="cannot parse 't'"):
        reader.read(bad, "v", "t")


def test_a_decimal_year_file_runs_and_forecasts_month_starts(tmp_path, capsys):
    path = _decimal_years(tmp_path, 12, 6)
    out = tmp_path / "r"
    assert main(["run", "--data", str(path), "--target", "temp", "--time", "time", "--horizon", "6",
                 "--set", "direct.max_epochs=2", "--out", str(out), "--quiet"]) == 0
    fc = tmp_path / "fc.csv"
    assert main(["forecast", str(out), "--out", str(fc), "--quiet"]) == 0
    got = pd.read_csv(fc)
    assert list(pd.to_datetime(got["time"])) == list(pd.date_range("1925-01-01", periods=6, freq="MS"))


def test_iso_weeks_are_read_as_mondays_and_found_as_the_time_column(tmp_path):
    # fpp3 us_gasoline as tsibble writes it: '1991 W06' (a yearweek), across the 53-week 1992
    mondays = pd.date_range("1991-02-04", periods=120, freq="W-MON")
    iso = mondays.isocalendar()
    weeks = [f"{y} W{w:02d}" for y, w in zip(iso.year, iso.week, strict=True)]
    assert "1992 W53" in weeks
    path = tmp_path / "gas.csv"
    pd.DataFrame({"Week": weeks, "Barrels": 7 + np.sin(np.arange(120) / 8)}).to_csv(path, index=False)
    ds = reader.read(path)  # no --time: the weeks are the time column
    assert ds.time == "Week" and str(ds.freq) == "W-MON"
    assert list(ds.times[0]) == list(mondays)
    # a week the ISO year lacks is refused, not rolled into the next year
    pd.DataFrame({"Week": ["2021 W52", "2021 W53"], "Barrels": [1.0, 2.0]}).to_csv(path, index=False)
    with pytest.raises(ValidationError, match="cannot parse 'Week' at row 1"):
        reader.read(path, time="Week")
