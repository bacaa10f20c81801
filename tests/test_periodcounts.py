"""Calendar counts of data coarser than a day (data.periodcounts): calendar=True on monthly and
quarterly stamps adds the weekdays of each stamp's period, holidays="US" the holidays on them
(weekly: the 7 days from the stamp and the 7 up to it); start- and end-stamped periods count
alike; a saved model rebuilds the columns over the horizon from their names; a year refused."""

import json
import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.cli import main
from wavecast.data.calendarfeatures import calendar_columns, calendar_features
from wavecast.data.futurecovariates import with_future
from wavecast.data.publicholidays import holiday_columns
from wavecast.errors import ValidationError

FAST = dict(horizon=6, test_len=6, epochs=2, hidden_size=4, input_len=12, seed=0)


def _counts(start, periods, freq, code="US"):
    """{stamp 'YYYY-MM-DD': (weekdays, holidays)} of `periods` stamps of `freq` from start."""
    t = pd.date_range(start, periods=periods, freq=freq)
    names = (*calendar_columns([t], freq=freq)[0], *holiday_columns(code, [t], freq))
    feats, got = calendar_features(t, freq, names)
    assert got == list(names)
    wd = [n for n in got if n.startswith("weekdays_")]
    hol = [n for n in got if n.startswith("holidays_")]
    assert len(wd) == 1 and len(hol) == 1, got
    return {s.strftime("%Y-%m-%d"): (feats[i, got.index(wd[0])], feats[i, got.index(hol[0])])
            for i, s in enumerate(t)}


def test_weekdays_and_holidays_of_known_months():
    c = _counts("2023-01-01", 48, "MS")
    assert c["2024-01-01"] == (23, 2)  # New Year's Day (Mon) and Martin Luther King Jr. Day
    assert c["2024-02-01"] == (21, 1)  # a leap February: 29 days, 21 of them weekdays; Presidents' Day
    assert c["2023-02-01"] == (20, 1)
    assert c["2024-03-01"] == (21, 0)
    # Independence Day 2026 is a Saturday: the observed Friday the 3rd counts, the Saturday not twice
    assert c["2026-07-01"] == (23, 1)
    # Australia: Easter moves between March (2024: Good Friday 29 March) and April (2023, 2025)
    au = _counts("2023-01-01", 36, "MS", "AU")
    assert [au[f"{y}-03-01"][1] for y in (2023, 2024, 2025)] == [0, 1, 0]
    assert [au[f"{y}-04-01"][1] for y in (2023, 2024, 2025)] == [3, 2, 3]  # Good Friday, Easter Monday, Anzac Day


@pytest.mark.parametrize("start, end, first_end", [
    ("MS", "ME", "2020-01-31"), ("BMS", "BME", "2020-01-31"), ("QS-JAN", "QE-DEC", "2020-03-31"),
    ("QS-FEB", "QE-APR", "2020-04-30"), ("2MS", "2ME", "2020-02-29")])
def test_start_and_end_stamped_periods_count_the_same(start, end, first_end):
    a = list(_counts("2020-01-01" if start != "QS-FEB" else "2020-02-01", 24, start).values())
    b = list(_counts(first_end, 24, end).values())
    assert a == b and len(a) > 10
    assert len({x[0] for x in a}) > 1 and len({x[1] for x in a}) > 1  # counts that vary


def test_quarters_and_inferred_frequencies():
    c = _counts("2023-01-01", 8, "QS-JAN")
    assert c["2024-01-01"] == (65, 3)  # New Year, MLK, Presidents' Day
    assert c["2024-10-01"] == (66, 4)  # Columbus, Veterans (Mon 11 Nov), Thanksgiving, Christmas
    t = pd.date_range("2020-03-31", periods=16, freq="QE-DEC")
    names = calendar_columns([t])[0]  # no frequency given: inferred from the stamps
    assert names[-1] == "weekdays_QE-DEC" and holiday_columns("US", [t]) == ("holidays_QE-DEC_US",)


def test_weeks_get_the_days_from_the_stamp_and_the_days_up_to_it():
    t = pd.date_range("2024-12-01", "2025-01-12", freq="W-SUN")
    names = holiday_columns("US", [t], "W-SUN")
    assert names == ("holidays_W-SUN_from_US", "holidays_W-SUN_to_US")
    feats, _ = calendar_features(t, "W-SUN", names)
    got = dict(zip(t.strftime("%m-%d"), map(tuple, feats.tolist()), strict=True))
    assert got["12-22"] == (1, 0)  # 22-28 Dec holds Christmas; 16-22 Dec nothing
    assert got["12-29"] == (1, 1)  # 29 Dec - 4 Jan: New Year's Day; 23-29 Dec: Christmas
    assert got["01-05"] == (0, 1)
    two_years = pd.date_range("2023-01-01", periods=110, freq="W-SUN")
    assert "weekdays" not in " ".join(calendar_columns([two_years], freq="W-SUN")[0])  # 7 days: 5 weekdays always


def _monthly(n=72):
    t = pd.date_range("2016-01-01", periods=n, freq="MS")
    wd = np.busday_count(t.to_numpy().astype("datetime64[D]"), (t + pd.offsets.MonthBegin()).to_numpy()
                         .astype("datetime64[D]"))
    y = 50 + 3 * wd + np.random.default_rng(0).normal(0, 1, n)
    return pd.DataFrame({"date": t, "y": y})


def test_a_saved_model_rebuilds_the_counts_over_the_horizon(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = wavecast.fit(_monthly(), target="y", time="date", holidays="US", **FAST)
    names = ("month_sin", "month_cos", "weekdays_MS", "holidays_MS_US")
    cov = f.dataset.covariates
    assert cov.calendar == names
    n = len(f.dataset.values[0])  # 2016-01 .. 2021-12: the horizon is January to June 2022
    ahead = with_future(cov, [n], f.dataset.times, f.dataset.freq, 6).values[0][n:, 2:]
    # New Year's Day 2022 was a Saturday, observed on Friday 31 December: January holds MLK Day alone;
    # then Presidents' Day, none, none, Memorial Day, Juneteenth (observed Monday 20 June)
    assert ahead.tolist() == [[21, 1], [20, 1], [23, 0], [21, 0], [22, 1], [22, 1]]
    before = f.predict(6)
    f.save(tmp_path / "m")
    meta = json.loads((tmp_path / "m" / "model" / "model.json").read_text())
    assert meta["direct"]["covariates"]["schema"]["calendar"] == list(names)
    g = wavecast.load(tmp_path / "m")
    gcov = g.dataset.covariates
    again = with_future(gcov, [len(g.dataset.values[0])], g.dataset.times, g.dataset.freq, 6)
    assert np.array_equal(again.values[0][-6:, -2:], np.asarray(ahead))
    assert np.array_equal(before["forecast"].to_numpy(), g.predict(6)["forecast"].to_numpy())


def test_cli_monthly_run_with_holidays_and_a_year_refused(tmp_path, capsys):
    _monthly().to_csv(tmp_path / "d.csv", index=False)
    run = tmp_path / "run"
    assert main(["run", "--data", str(tmp_path / "d.csv"), "--target", "y", "--time", "date", "--holidays", "US",
                 "--horizon", "6", "--set", "direct.max_epochs=2", "--set", "direct.hidden_size=4",
                 "--out", str(run), "--quiet"]) == 0
    meta = json.loads((run / "model" / "model.json").read_text())
    assert meta["direct"]["covariates"]["schema"]["calendar"][-2:] == ["weekdays_MS", "holidays_MS_US"]
    yearly = pd.DataFrame({"date": pd.date_range("1990-01-01", periods=30, freq="YS"), "y": np.arange(30.0)})
    yearly.to_csv(tmp_path / "y.csv", index=False)
    capsys.readouterr()
    assert main(["run", "--data", str(tmp_path / "y.csv"), "--target", "y", "--time", "date", "--holidays", "US",
                 "--out", str(tmp_path / "r2"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--holidays US: a year holds" in err and "leave --holidays out" in err
    with pytest.raises(ValidationError) as e, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wavecast.fit(yearly, target="y", time="date", holidays="US", horizon=3)
    assert "\n" not in str(e.value) and "holidays='US': a year holds" in str(e.value)
    assert "leave holidays= out" in str(e.value)
