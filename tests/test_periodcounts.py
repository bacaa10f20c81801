"""Calendar counts of data coarser than a day (data.periodcounts): calendar=True on monthly
stamps adds the weekdays of each stamp's month, holidays="US" on weekly stamps the
holidays on the weekdays of the 7 days from the stamp and of the 7 up to it; start- and
end-stamped periods count alike; a saved model rebuilds the columns over the horizon from their
names. Quarters and the holidays a month holds are counted the same way (the benchmark's
measured columns) but not offered: measured, they did not pay; holidays= on monthly data and
on a year is refused in one line."""

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
    alias = t.freqstr
    names = (f"weekdays_{alias}", f"holidays_{alias}_{code}")
    feats, got = calendar_features(t, freq, names)
    assert got == list(names)
    return {s.strftime("%Y-%m-%d"): tuple(feats[i].tolist()) for i, s in enumerate(t)}


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
    # the calendar counts a month's weekdays, the frequency given or inferred; a quarter's cost (not read)
    assert calendar_columns([pd.date_range("2020-01-31", periods=30, freq="ME")], freq="ME")[0][-1] == "weekdays_ME"
    assert calendar_columns([pd.date_range("2020-01-01", periods=30, freq="BMS")])[0][-1] == "weekdays_BMS"
    assert calendar_columns([pd.date_range("2020-03-31", periods=16, freq="QE-DEC")])[0] == ("month_sin", "month_cos")


def test_weeks_get_the_days_from_the_stamp_and_the_days_up_to_it():
    t = pd.date_range("2024-12-01", "2025-01-12", freq="W-SUN")
    names = holiday_columns("US", [t], "W-SUN")
    assert names == ("holidays_W-SUN_from_US", "holidays_W-SUN_to_US") == holiday_columns("US", [t])
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


def _fit(df, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return wavecast.fit(df, target="y", time="date", **{**FAST, **kw})


def _horizon_rows(f, k):
    """The last k calendar columns over the horizon, as the model computes them from its stamps."""
    cov = f.dataset.covariates
    n = len(f.dataset.values[0])
    return with_future(cov, [n], f.dataset.times, f.dataset.freq, FAST["horizon"]).values[0][n:, -k:]


def test_a_saved_model_rebuilds_the_counts_over_the_horizon(tmp_path):
    f = _fit(_monthly(), calendar=True)  # 2016-01 .. 2021-12: the horizon is January to June 2022
    assert f.dataset.covariates.calendar == ("month_sin", "month_cos", "weekdays_MS")
    assert _horizon_rows(f, 1)[:, 0].tolist() == [21, 20, 23, 21, 22, 22]
    weekly = pd.DataFrame({"date": pd.date_range("2022-01-02", periods=156, freq="W-SUN"),
                           "y": np.random.default_rng(1).normal(10, 1, 156)})  # to 2024-12-22
    w = _fit(weekly, holidays="US")
    assert w.dataset.covariates.calendar[-2:] == ("holidays_W-SUN_from_US", "holidays_W-SUN_to_US")
    # from 29 Dec: New Year's Day, up to it Christmas; New Year's Day up to 5 Jan; MLK Day 20 Jan 2025 from 19 Jan
    # and up to 26 Jan
    assert _horizon_rows(w, 2).tolist() == [[1, 1], [0, 1], [0, 0], [1, 0], [0, 1], [0, 0]]
    for model, k in ((f, 1), (w, 2)):
        before, ahead = model.predict(FAST["horizon"]), _horizon_rows(model, k)
        folder = tmp_path / f"m{k}"
        model.save(folder)
        meta = json.loads((folder / "model" / "model.json").read_text())
        assert meta["direct"]["covariates"]["schema"]["calendar"] == list(model.dataset.covariates.calendar)
        g = wavecast.load(folder)
        assert np.array_equal(_horizon_rows(g, k), ahead)
        assert np.array_equal(before["forecast"].to_numpy(), g.predict(FAST["horizon"])["forecast"].to_numpy())


def test_holidays_on_months_and_years_are_refused_in_one_line(tmp_path, capsys):
    _monthly().to_csv(tmp_path / "d.csv", index=False)
    run = tmp_path / "run"
    assert main(["run", "--data", str(tmp_path / "d.csv"), "--target", "y", "--time", "date", "--calendar",
                 "--horizon", "6", "--set", "direct.max_epochs=2", "--set", "direct.hidden_size=4",
                 "--out", str(run), "--quiet"]) == 0
    meta = json.loads((run / "model" / "model.json").read_text())
    assert meta["direct"]["covariates"]["schema"]["calendar"] == ["month_sin", "month_cos", "weekdays_MS"]
    capsys.readouterr()
    assert main(["run", "--data", str(tmp_path / "d.csv"), "--target", "y", "--time", "date", "--holidays", "US",
                 "--out", str(tmp_path / "r1"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--holidays US on monthly data" in err and "pass --calendar" in err
    yearly = pd.DataFrame({"date": pd.date_range("1990-01-01", periods=30, freq="YS"), "y": np.arange(30.0)})
    yearly.to_csv(tmp_path / "y.csv", index=False)
    assert main(["run", "--data", str(tmp_path / "y.csv"), "--target", "y", "--time", "date", "--holidays", "US",
                 "--out", str(tmp_path / "r2"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--holidays US: a year holds" in err and "leave --holidays out" in err
    for data, said in ((_monthly(), "holidays='US' on monthly data"), (yearly, "holidays='US': a year holds")):
        with pytest.raises(ValidationError) as e, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wavecast.fit(data, target="y", time="date", holidays="US", horizon=3)
        assert "\n" not in str(e.value) and said in str(e.value) and "leave holidays= out" in str(e.value)
    with pytest.raises(ValidationError, match="on quarterly data"):
        holiday_columns("US", [pd.date_range("2000-01-01", periods=40, freq="QS-JAN")])
