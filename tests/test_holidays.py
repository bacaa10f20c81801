"""holidays="US" / --holidays AU-VIC: a country's public holidays (the `holidays` package's
tables) as a future-known 0/1 column of each step's day, saved with the model by its name
(holiday_<code>) and rebuilt for the horizon from the dates after the end; one-line errors for
an unknown country or subdivision, an integer time axis and yearly data."""

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

H = 7
WEEK = ("dayofweek_sin", "dayofweek_cos")
HOL = ("holiday_US", "holiday_close_US")
FAST = dict(horizon=H, test_len=H, epochs=2, hidden_size=4, input_len=14, seed=0)


def _frame(n=120, start="2003-09-01"):
    t = np.arange(n)
    y = 100 + 10 * np.sin(2 * np.pi * t / 7) + np.random.default_rng(0).normal(0, 1, n)
    return pd.DataFrame({"date": pd.date_range(start, periods=n, freq="D"), "y": y})


def _fit(df, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return wavecast.fit(df, target="y", time="date", **{**FAST, **kw})


def _on(days, code):
    t = pd.DatetimeIndex(pd.to_datetime(days))
    feats, names = calendar_features(t, "D", (f"holiday_{code}",))
    assert names == [f"holiday_{code}"]
    return feats[:, 0].tolist()


def test_the_indicator_is_one_on_known_holidays_and_zero_beside_them():
    assert _on(["2003-12-24", "2003-12-25", "2003-12-26", "2003-11-27", "2003-11-28", "2004-01-01"], "US") == \
        [0, 1, 0, 1, 0, 1]  # Christmas, Thanksgiving 2003, New Year's Day
    # Melbourne Cup Day is Victoria's, not New South Wales'; Boxing Day both
    assert _on(["2014-11-04", "2014-12-26", "2014-12-27"], "AU-VIC") == [1, 1, 0]
    assert _on(["2014-11-04", "2014-12-26"], "AU-NSW") == [0, 1]


def test_closeness_to_the_nearest_holiday_falls_over_a_week():
    t = pd.date_range("2003-12-17", "2004-01-09")
    feats, names = calendar_features(t, "D", HOL)
    close = dict(zip(t.strftime("%m-%d"), feats[:, 1], strict=True))
    assert close["12-25"] == 0 and close["01-01"] == 0  # a holiday: the indicator's
    assert close["12-24"] == close["12-26"] == pytest.approx(6 / 7)
    assert close["12-28"] == pytest.approx(4 / 7)  # 3 days after Christmas, 4 before New Year
    assert close["12-18"] == 0 and close["01-08"] == 0  # 7 days away
    assert close["12-19"] == pytest.approx(1 / 7)


def test_sub_daily_steps_take_their_day_in_their_own_time_zone():
    t = pd.date_range("2003-12-24 22:00", periods=28, freq="h", tz="America/New_York")
    feats, names = calendar_features(t, "h", ("hour_sin", "hour_cos", "holiday_US"))
    assert names == ["hour_sin", "hour_cos", "holiday_US"]
    assert feats[:, 2].tolist() == [0, 0] + [1] * 24 + [0, 0]


def test_the_horizon_rows_come_from_the_dates_after_the_end():
    f = _fit(_frame(114), holidays="US")  # 2003-09-01 .. 2003-12-23
    cov = f.dataset.covariates
    assert cov.calendar == (*WEEK, *HOL)  # with the calendar the data covers twice
    n, j = len(f.dataset.values[0]), cov.columns.index("holiday_US")
    hist = cov.values[0][:n, j]
    assert hist[np.flatnonzero(pd.date_range("2003-09-01", periods=n) == "2003-11-27")[0]] == 1
    assert hist.sum() == 4  # Labor Day (1 Sep), Columbus Day, Veterans Day, Thanksgiving
    ahead = with_future(cov, [n], f.dataset.times, f.dataset.freq, H).values[0][n:, j]
    assert ahead.tolist() == [0, 1, 0, 0, 0, 0, 0]  # 24 Dec .. 30 Dec: Christmas the second


def test_holidays_read_the_calendar_unless_told_not_to():
    f = _fit(_frame(400), holidays="us")  # a code in lower case is read as US
    assert f.dataset.covariates.calendar == (*WEEK, *HOL)
    assert _fit(_frame(60), holidays="US", calendar=False).dataset.covariates.calendar == HOL
    # data too short for any calendar cycle: the holidays alone, said in a note, not refused
    names, note = calendar_columns([pd.date_range("2003-12-01", periods=10)], needed=False)
    assert names == () and "none is read beside the holidays" in note


@pytest.mark.parametrize("kw, said", [
    (dict(holidays="XX"), "holidays='XX': no holiday table for country 'XX'; give an ISO 3166 country code"),
    (dict(holidays="AU-ZZ"), "AU has no subdivision 'ZZ'; give one of ACT, NSW"),
    # a market's code is taken too (NYSE: data.publicholidays); the message said "country code" only
    (dict(holidays=5), "holidays= must be a country code such as 'US' (or 'AU-VIC' with a subdivision) or a stock "
                       "exchange's code such as 'NYSE' (got 5)"),
])
def test_an_unknown_country_or_subdivision_is_one_line(kw, said):
    with pytest.raises(ValidationError) as e:
        _fit(_frame(60), **kw)
    assert said in str(e.value) and "\n" not in str(e.value)


def test_no_dates_or_years_are_refused_in_one_line():
    y = _frame(60)["y"]
    for data, kw, said in [
        (pd.DataFrame({"y": y}), {}, "needs the dates of the values"),
        (y.to_numpy(), {}, "needs the dates of the values"),
    ]:
        with pytest.raises(ValidationError) as e, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wavecast.fit(data, holidays="US", **FAST, **kw)
        assert said in str(e.value) and "\n" not in str(e.value)
    # weeks and months count the holidays their periods hold (tests/test_periodcounts.py); a year is refused
    weekly = pd.DataFrame({"date": pd.date_range("2001-01-07", periods=120, freq="W-SUN"), "y": y.tolist() * 2})
    assert _fit(weekly, holidays="US").dataset.covariates.calendar[-2:] == ("holidays_W-SUN_from_US",
                                                                            "holidays_W-SUN_to_US")
    yearly = pd.DataFrame({"date": pd.date_range("1961-01-01", periods=60, freq="YS"), "y": y})
    with pytest.raises(ValidationError, match="a year holds each holiday once") as e:
        _fit(yearly, holidays="US", input_len=4, horizon=3, test_len=3)
    assert "\n" not in str(e.value)
    with pytest.raises(ValidationError, match="a year holds each holiday once"):
        holiday_columns("US", [pd.date_range("2001-01-01", periods=30, freq="YS")])


def test_a_model_saved_with_holidays_forecasts_the_same_after_load(tmp_path):
    f = _fit(_frame(114), holidays="US")
    before = f.predict(H)
    f.save(tmp_path / "m")
    meta = json.loads((tmp_path / "m" / "model" / "model.json").read_text())
    assert meta["direct"]["covariates"]["schema"]["calendar"] == [*WEEK, *HOL]
    g = wavecast.load(tmp_path / "m")
    after = g.predict(H)
    assert np.array_equal(before["forecast"].to_numpy(), after["forecast"].to_numpy())
    assert g.dataset.covariates.calendar == (*WEEK, *HOL)


def test_cli_run_with_holidays_and_forecast_from_the_time_column(tmp_path, capsys):
    _frame(114).to_csv(tmp_path / "d.csv", index=False)
    run = tmp_path / "run"
    assert main(["run", "--data", str(tmp_path / "d.csv"), "--target", "y", "--time", "date", "--holidays", "US",
                 "--horizon", str(H), "--set", "direct.max_epochs=2", "--set", "direct.hidden_size=4",
                 "--out", str(run), "--quiet"]) == 0
    meta = json.loads((run / "model" / "model.json").read_text())
    assert meta["direct"]["covariates"]["schema"]["calendar"] == [*WEEK, *HOL]
    out = tmp_path / "f.csv"
    assert main(["forecast", str(run), "--horizon", str(H), "--out", str(out), "--quiet"]) == 0
    f = pd.read_csv(out)
    assert len(f) == H and f["date"].iloc[1] == "2003-12-25" and np.isfinite(f["forecast"]).all()
    capsys.readouterr()
    assert main(["forecast", str(run), "--horizon", "3", "--holidays", "US", "--out", str(tmp_path / "g.csv")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--holidays is chosen when the model is trained" in err
    assert main(["run", "--data", str(tmp_path / "d.csv"), "--target", "y", "--time", "date", "--holidays",
                 "AU-XX", "--out", str(tmp_path / "r2"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "AU has no subdivision 'XX'" in err
