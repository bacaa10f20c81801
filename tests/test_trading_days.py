"""Stock-exchange data: business days that lack a few weekdays (market holidays) read as trading
days (data.trading_days), end to end. It was refused as gaps, the only remedy offered being
--fill-missing-dates, which invents a price on a day the market was closed. Small series, one epoch."""

import json
import warnings

import numpy as np
import pandas as pd
import pytest

from wavecast.cli import main
from wavecast.data import reader as data
from wavecast.errors import ModelFileError, ValidationError
from wavecast.io.modelformat import _meta_digest

FAST = ["--set", "direct.max_epochs=1", "--set", "direct.n_ensemble=1", "--quiet"]


def _stock(tmp_path, n=150, drop=(10, 60, 100), start="2023-01-02", name="stock.csv", more=None):
    """n business days from `start` less the weekdays at positions `drop`: a closing price
    (and the columns of `more`, each a function of the stamps)."""
    days = pd.bdate_range(start, periods=n)
    days = days.delete(list(drop))
    rng = np.random.default_rng(len(days))
    df = pd.DataFrame({"date": days.strftime("%Y-%m-%d"), "close": np.round(100 + np.cumsum(rng.normal(0, 1, len(days))), 3)})
    for col, f in (more or {}).items():
        df[col] = f(days)
    path = tmp_path / name
    df.to_csv(path, index=False)
    return path, days


def test_a_few_weekdays_missing_are_closed_days_read_as_they_are_with_one_note(tmp_path):
    path, days = _stock(tmp_path)
    ds = data.read(path, "close", "date")
    assert len(ds.values[0]) == len(days)  # nothing inserted, nothing interpolated
    assert ds.times[0].equals(pd.DatetimeIndex(days)) and ds.filled is None
    assert ds.freq == "B"  # season 5, words and model.json's freq as any business-daily series
    from wavecast.data.trading_days import as_offset

    assert pd.date_range(days[0], days[-1], freq=as_offset(ds.freq)).equals(pd.DatetimeIndex(days))
    said = [n for n in ds.notes if "trading days" in n]
    closed = pd.bdate_range("2023-01-02", periods=150)[[10, 60, 100]]
    assert said == [f"business-daily series read as trading days: the 3 weekdays it lacks ({closed[0].date()}, "
                    f"{closed[1].date()}, {closed[2].date()}) are taken as closed days, not gaps; the forecast's "
                    "dates are the next weekdays (a holiday among them would shift them by a day; --holidays with a "
                    "market's code, e.g. --holidays NYSE, skips its closed days); pass --fill-missing-dates to "
                    "interpolate them instead"]
    # the user's choice wins: --fill-missing-dates inserts and interpolates them, as it did
    filled = data.read(path, "close", "date", fill_missing_dates=True)
    assert len(filled.values[0]) == len(days) + 3 and not any("trading days" in n for n in filled.notes)


def test_the_bounds_a_run_of_three_and_eight_percent_are_closed_days_longer_or_more_are_gaps(tmp_path):
    # three weekdays in a row (Christmas to New Year) are closed days; four are a gap, refused as before
    ok, _ = _stock(tmp_path, drop=(50, 51, 52), name="three.csv")
    assert len(data.read(ok, "close", "date").values[0]) == 147
    four, days = _stock(tmp_path, drop=(50, 51, 52, 53), name="four.csv")
    with pytest.raises(ValidationError) as info:
        data.read(four, "close", "date")
    assert str(info.value) == (f"gap of 4 missing step(s) after {days[49].date()} in a business-daily series (1 gap, "
                               "4 missing stamps); use --fill-missing-dates; if these are a market's closed days, "
                               "pass --holidays with its code (e.g. --holidays XSHG)")
    # 12 of 150 weekdays (8%) are a market's closed days; 13 are too many: missing data, refused
    twelve, _ = _stock(tmp_path, drop=range(5, 125, 10), name="twelve.csv")
    assert len(data.read(twelve, "close", "date").values[0]) == 138
    many, days = _stock(tmp_path, drop=range(5, 135, 10), name="many.csv")
    with pytest.raises(ValidationError) as info:
        data.read(many, "close", "date")
    assert str(info.value) == (f"gap of 1 missing step(s) after {days[4].date()} in a business-daily series (13 gaps, "
                               "13 missing stamps); use --fill-missing-dates; if these are a market's closed days, "
                               "pass --holidays with its code (e.g. --holidays XSHG)")


def test_daily_data_with_weekends_and_weekday_gaps_is_not_read_as_trading_days(tmp_path):
    # a daily series (weekends recorded) that lacks two weekdays: real gaps, refused as before
    days = pd.date_range("2023-01-02", periods=60, freq="D").delete([9, 30])
    path = tmp_path / "daily.csv"
    pd.DataFrame({"date": days.strftime("%Y-%m-%d"), "close": np.arange(58.0)}).to_csv(path, index=False)
    with pytest.raises(ValidationError, match=r"^gap of 1 missing step\(s\) after 2023-01-10 in a daily series "
                       r"\(2 gaps, 2 missing stamps\); use --fill-missing-dates$"):
        data.read(path, "close", "date")
    ok, _ = _stock(tmp_path, drop=(3,), name="one.csv")  # and the trading-day read of the same shape works
    assert data.read(ok, "close", "date").freq == "B"


def test_run_forecast_and_saved_model_with_new_data_of_more_days_and_holidays(tmp_path, capsys):
    path, days = _stock(tmp_path, n=160, start="2023-06-01", drop=(10, 60, 155))  # ends Wednesday 2024-01-10
    out = tmp_path / "r"
    assert main(["run", "--data", str(path), "--horizon", "5", "--out", str(out), *FAST]) == 0
    meta = json.loads((out / "model" / "model.json").read_text())["data"]
    closed = pd.bdate_range("2023-06-01", periods=160)[[10, 60, 155]]
    assert meta["freq"] == "B" and meta["trading_days"]["closed"] == [str(d.date()) for d in closed]
    assert main(["forecast", str(out / "model"), "--out", str(tmp_path / "f.csv"), "--quiet"]) == 0
    f = pd.read_csv(tmp_path / "f.csv")
    assert list(f["date"]) == [str(d.date()) for d in pd.bdate_range(days[-1], periods=6)[1:]]
    # a loaded model rebuilds its kept dates with the closed days (not the weekdays before its end)
    import wavecast

    kept = wavecast.load(out / "model").dataset.times[0]
    assert kept.equals(pd.DatetimeIndex(days[-len(kept):])) and kept[0] < closed[-1] < kept[-1]
    # new data: 20 more trading days and two more holidays
    new, new_days = _stock(tmp_path, n=182, start="2023-06-01", drop=(10, 60, 155, 165, 170), name="new.csv")
    capsys.readouterr()
    assert main(["forecast", str(out / "model"), "--data", str(new), "--out", str(tmp_path / "g.csv")]) == 0
    err = "".join(capsys.readouterr())
    assert "the 5 weekdays it lacks" in err and "gap" not in err.replace("not gaps", "")
    g = pd.read_csv(tmp_path / "g.csv")
    assert list(g["date"]) == [str(d.date()) for d in pd.bdate_range(new_days[-1], periods=6)[1:]]


def test_a_market_calendar_skips_its_holidays_among_the_forecast_dates_after_a_save(tmp_path):
    import holidays

    nyse = pd.DatetimeIndex(sorted(holidays.financial_holidays("NYSE", years=[2023, 2024])))
    days = pd.bdate_range("2023-07-03", "2023-12-21")
    days = days[~days.isin(nyse)]  # July 4, Labor Day, Thanksgiving: closed
    path = tmp_path / "nyse.csv"
    pd.DataFrame({"date": days.strftime("%Y-%m-%d"), "close": 100 + np.sin(np.arange(len(days)))}).to_csv(path)
    out = tmp_path / "r"
    assert main(["run", "--data", str(path), "--target", "close", "--time", "date", "--holidays", "NYSE",
                 "--horizon", "6", "--out", str(out), *FAST]) == 0
    assert main(["forecast", str(out / "model"), "--out", str(tmp_path / "f.csv"), "--quiet"]) == 0
    # Christmas Day and New Year's Day are no trading days: skipped
    assert list(pd.read_csv(tmp_path / "f.csv")["date"]) == ["2023-12-22", "2023-12-26", "2023-12-27",
                                                           "2023-12-28", "2023-12-29", "2024-01-02"]


def test_past_and_future_covariates_need_no_filling_on_trading_days(tmp_path, capsys):
    rng = np.random.default_rng(1)
    days = pd.bdate_range("2023-01-02", periods=130).delete([20, 70])
    ahead = pd.bdate_range(days[-1], periods=4)[1:]
    n = len(days)
    df = pd.DataFrame({"date": [*days.strftime("%Y-%m-%d"), *ahead.strftime("%Y-%m-%d")],
                       "close": [*np.round(100 + np.cumsum(rng.normal(0, 1, n)), 3), None, None, None],
                       "volume": np.round(rng.normal(5, 1, n + 3), 3), "promo": rng.integers(0, 2, n + 3)})
    path = tmp_path / "cov.csv"
    df.to_csv(path, index=False)
    ds = data.read(path, "close", "date", past=["volume"], future=["promo"])
    assert len(ds.values[0]) == n and ds.covariates.values[0].shape[0] == n + 3
    out = tmp_path / "r"
    assert main(["run", "--data", str(path), "--target", "close", "--past", "volume", "--future", "promo",
                 "--horizon", "3", "--out", str(out), *FAST]) == 0
    assert main(["forecast", str(out / "model"), "--data", str(path), "--out", str(tmp_path / "f.csv"), "--quiet"]) == 0
    assert list(pd.read_csv(tmp_path / "f.csv")["date"]) == [str(d.date()) for d in ahead]


def test_python_fit_notes_it_and_predicts_the_next_weekdays(tmp_path):
    import wavecast

    days = pd.bdate_range("2023-01-02", periods=120).delete([15, 55])
    s = pd.Series(100 + np.cumsum(np.random.default_rng(2).normal(0, 1, len(days))), index=days, name="close")
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        f = wavecast.fit(s, horizon=3, direct__max_epochs=1, direct__n_ensemble=1)
    said = [str(w.message) for w in seen if "trading days" in str(w.message)]
    assert len(said) == 1 and said[0].endswith("pass fill_missing_dates=True to interpolate them instead")
    assert list(f.predict(3).index) == list(pd.bdate_range(days[-1], periods=4)[1:])


def test_a_panel_of_two_markets_is_one_axis_and_one_note(tmp_path):
    a, _ = _stock(tmp_path, drop=(10, 60), name="a.csv")
    b, _ = _stock(tmp_path, drop=(10, 61), name="b.csv")
    df = pd.concat([pd.read_csv(a).assign(ticker="A"), pd.read_csv(b).assign(ticker="B")])
    df.to_csv(tmp_path / "panel.csv", index=False)
    ds = data.read(tmp_path / "panel.csv", "close", "date", "ticker")
    said = [n for n in ds.notes if "trading days" in n]
    assert len(said) == 1 and said[0].startswith("business-daily series (both series) read as trading days: the 3 "
                                                 "weekdays they lack")
    assert [len(v) for v in ds.values] == [148, 148]
    c, _ = _stock(tmp_path, drop=(), name="c.csv")  # a third market open every weekday: 2 of 3 read so
    pd.concat([df, pd.read_csv(c).assign(ticker="C")]).to_csv(tmp_path / "panel3.csv", index=False)
    ds = data.read(tmp_path / "panel3.csv", "close", "date", "ticker")
    assert [n for n in ds.notes if "trading days" in n][0].startswith("business-daily series (2 of 3 series) read")
    assert [len(v) for v in ds.values] == [148, 148, 150]


def test_damaged_closed_days_in_model_json_are_one_line(tmp_path):
    path, _ = _stock(tmp_path)
    out = tmp_path / "r"
    assert main(["run", "--data", str(path), "--horizon", "3", "--out", str(out), *FAST]) == 0
    mj = out / "model" / "model.json"
    meta = json.loads(mj.read_text())
    meta["data"]["trading_days"]["calendar"] = "../../etc"
    meta["meta_sha256"] = _meta_digest(meta)  # edited past its checksum: the section's own check stops it
    mj.write_text(json.dumps(meta))
    import wavecast

    with pytest.raises(ModelFileError, match=r"model.json data section is damaged \(trading_days calendar") as info:
        wavecast.load(out / "model")
    assert "\n" not in str(info.value)


def test_forecast_repeats_the_runs_word_on_its_dates_without_a_calendar(tmp_path, capsys):
    # DJIA closes run without --holidays: the run said a holiday among the forecast's dates would
    # shift them; `wavecast forecast`, dated on Thanksgiving 2023, said nothing
    import holidays

    nyse = pd.DatetimeIndex(sorted(holidays.financial_holidays("NYSE", years=[2023])))
    days = pd.bdate_range("2023-06-01", "2023-11-17")
    days = days[~days.isin(nyse)]
    path = tmp_path / "djia.csv"
    pd.DataFrame({"date": days.strftime("%Y-%m-%d"), "close": 100 + np.sin(np.arange(len(days)))}).to_csv(path)
    said = ("note: the model reads trading days without a market's calendar: the forecast's dates are the next "
            "weekdays (a holiday among them would shift them by a day; --holidays with a market's code, e.g. "
            "--holidays NYSE, given to wavecast run, skips its closed days)\n")
    for flags, out in (([], tmp_path / "r"), (["--holidays", "NYSE"], tmp_path / "n")):
        assert main(["run", "--data", str(path), "--target", "close", "--time", "date", "--horizon", "5", *flags,
                     "--out", str(out), *FAST]) == 0
        capsys.readouterr()
        assert main(["forecast", str(out), "--out", str(tmp_path / "f.csv")]) == 0
        text = capsys.readouterr().out
        assert (text.count(said) == 1) == (not flags)  # said once, on one line; a market's calendar: nothing to say
        dates = list(pd.read_csv(tmp_path / "f.csv")["date"])
        assert ("2023-11-23" in dates) == (not flags)
