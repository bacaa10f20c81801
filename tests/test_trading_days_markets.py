"""Trading days of markets whose closures run longer than MAX_RUN (Shanghai's Chinese New Year and
Golden Week: 5 or 6 weekdays), read as trading days when --holidays names the market (its calendar's
days are closed days whatever their run), and a panel of two markets saved and loaded with each
series' own dates. Series built from the `holidays` package's own calendar; one epoch."""

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
HINT = "if these are a market's closed days, pass --holidays with its code (e.g. --holidays XSHG)"


def _xshg(tmp_path, start="2022-01-04", end="2023-12-29", outage=(), name="xshg.csv"):
    """Shanghai's trading days from start to end: the weekdays less the exchange's holidays (and the
    weekdays of `outage`, a (first, last) pair: days the data lacks that the market was open)."""
    import holidays

    days = pd.bdate_range(start, end)
    closed = pd.DatetimeIndex(sorted(holidays.financial_holidays("XSHG", years=range(days[0].year, days[-1].year + 2))))
    keep = days[~days.isin(closed)]
    if outage:
        keep = keep[(keep < outage[0]) | (keep > outage[1])]
    rng = np.random.default_rng(3)
    path = tmp_path / name
    pd.DataFrame({"date": keep.strftime("%Y-%m-%d"),
                  "close": np.round(3000 + np.cumsum(rng.normal(0, 5, len(keep))), 2)}).to_csv(path, index=False)
    return path, keep, days.difference(keep), closed


def test_long_closures_are_gaps_without_a_calendar_and_closed_days_with_the_markets(tmp_path):
    path, keep, lacks, closed = _xshg(tmp_path)
    assert (np.diff(pd.bdate_range(keep[0], keep[-1]).get_indexer(keep)) - 1).max() > 3  # a run over MAX_RUN
    first = keep[keep < lacks[0]][-1].date()
    with pytest.raises(ValidationError) as info:  # refused as before, the market's calendar offered
        data.read(path, "close", "date")
    assert str(info.value) == (f"gap of 5 missing step(s) after {first} in a business-daily series (12 gaps, "
                               f"{len(lacks)} missing stamps); use --fill-missing-dates; {HINT}")
    ds = data.read(path, "close", "date", holidays="XSHG")
    assert ds.freq == "B" and len(ds.values[0]) == len(keep) and ds.times[0].equals(keep) and ds.filled is None
    said = [n for n in ds.notes if "trading days" in n]
    assert len(said) == 1 and f"the {len(lacks)} weekdays it lacks" in said[0]
    assert said[0].endswith("not gaps (all of them holidays of --holidays XSHG); the forecast's dates are the next "
                            "weekdays that are no holiday of --holidays XSHG")  # the flag would fill none of them
    # a day the market was open that the data lacks: one more closed day, within the bounds, counted apart
    one, _, lacks1, _ = _xshg(tmp_path, outage=("2022-06-13", "2022-06-13"), name="one.csv")
    said = [n for n in data.read(one, "close", "date", holidays="XSHG").notes if "trading days" in n]
    assert f"the {len(lacks1)} weekdays it lacks" in said[0] and f"({len(lacks)} of them holidays of --holidays XSHG)" in said[0]
    assert said[0].endswith("; pass --fill-missing-dates to interpolate the one that is no holiday instead")
    # a week of outage the calendar does not name is still missing data: refused, the calendar's days set apart
    week, _, _, _ = _xshg(tmp_path, outage=("2022-06-13", "2022-06-17"), name="week.csv")
    with pytest.raises(ValidationError) as info:
        data.read(week, "close", "date", holidays="XSHG")
    assert str(info.value) == ("gap of 5 missing step(s) after 2022-06-10 in a business-daily series (1 gap, 5 missing "
                               f"stamps, besides {len(lacks)} holidays of --holidays XSHG); use --fill-missing-dates")
    # another market's calendar does not name Shanghai's New Year: refused as without one
    with pytest.raises(ValidationError, match=r"^gap of 5 missing step\(s\) after 2022-01-28 .*besides \d+ holidays? "
                       r"of --holidays NYSE\); use --fill-missing-dates$"):
        data.read(path, "close", "date", holidays="NYSE")


def test_run_and_forecast_with_the_market_named_skip_its_new_year_and_python_says_its_keyword(tmp_path):
    path, keep, _, closed = _xshg(tmp_path, start="2023-01-03", end="2024-02-07")
    out = tmp_path / "r"
    assert main(["run", "--data", str(path), "--target", "close", "--time", "date", "--holidays", "XSHG",
                 "--horizon", "5", "--out", str(out), *FAST]) == 0
    assert main(["forecast", str(out / "model"), "--out", str(tmp_path / "f.csv"), "--quiet"]) == 0
    ahead = pd.bdate_range("2024-02-08", "2024-03-29")
    ahead = ahead[~ahead.isin(closed)][:5]  # Chinese New Year 2024: the exchange shut from 9 to 16 February
    assert list(pd.read_csv(tmp_path / "f.csv")["date"]) == [str(d.date()) for d in ahead]
    assert ahead[1] - ahead[0] > pd.Timedelta(days=7)
    import wavecast

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(ValidationError) as info:
            wavecast.fit(pd.read_csv(path), target="close", time="date", horizon=5)
    assert str(info.value).endswith("use fill_missing_dates=True; if these are a market's closed days, pass "
                                    "holidays= with its code (e.g. holidays='XSHG')")


def test_a_panel_of_two_markets_saved_and_loaded_keeps_each_series_dates(tmp_path):
    import wavecast

    days = pd.bdate_range("2021-10-01", "2022-01-28")
    mlk = pd.Timestamp("2022-01-17")  # New York shut, the other market open
    a = days.drop(mlk)
    rng = np.random.default_rng(0)
    df = pd.concat([pd.DataFrame({"date": a, "id": "NY", "y": 100 + np.cumsum(rng.normal(size=len(a)))}),
                    pd.DataFrame({"date": days, "id": "LN", "y": 50 + np.cumsum(rng.normal(size=len(days)))})])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = wavecast.fit(df, target="y", time="date", id="id", horizon=3, window__input_len=15,
                         direct__max_epochs=1, direct__n_ensemble=1)
        f.save(tmp_path / "m")
        g = wavecast.load(tmp_path / "m")
    kept = dict(zip(g.dataset.ids, g.dataset.times, strict=True))
    assert kept["LN"].equals(days[-15:]) and mlk in kept["LN"]  # its own tail, 17 January in it
    assert kept["NY"].equals(a[-15:]) and mlk not in kept["NY"]
    pd.testing.assert_frame_equal(g.predict(3), f.predict(3))
    assert list(g.predict(3).reset_index()["date"].unique()) == list(pd.bdate_range("2022-01-31", periods=3))
    # the forecast command's figure draws the history at these dates; forecast --data reads the data's own
    assert main(["forecast", str(tmp_path / "m"), "--out", str(tmp_path / "f.csv"), "--quiet"]) == 0
    df.to_csv(tmp_path / "panel.csv", index=False)
    assert main(["forecast", str(tmp_path / "m"), "--data", str(tmp_path / "panel.csv"),
                 "--out", str(tmp_path / "g.csv"), "--quiet"]) == 0
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "f.csv"), pd.read_csv(tmp_path / "g.csv"))
    # the kept dates are checked as the rest of the data section: damaged, one line
    mj = tmp_path / "m" / "model" / "model.json"
    meta = json.loads(mj.read_text())
    entry = next(s for s in meta["data"]["series"] if "times" in s)
    entry["times"] = entry["times"][::-1]
    meta["meta_sha256"] = _meta_digest(meta)  # edited past its checksum: the section's own check stops it
    mj.write_text(json.dumps(meta))
    with pytest.raises(ModelFileError, match=r"model.json data section is damaged \(times is ") as info:
        wavecast.load(tmp_path / "m")
    assert "\n" not in str(info.value)


def _nyse(tmp_path, outage=("2022-06-13", "2022-06-17")):
    """New York's trading days of 2022-2023 (the weekdays less the exchange's holidays), less a week of
    outage (open days the data lacks) that ends beside Juneteenth (Monday 20 June 2022, closed)."""
    import holidays

    days = pd.bdate_range("2022-01-03", "2023-12-21")
    closed = pd.DatetimeIndex(sorted(holidays.financial_holidays("NYSE", years=range(2022, 2025))))
    keep = days[~days.isin(closed) & ((days < outage[0]) | (days > outage[1]))]
    rng = np.random.default_rng(5)
    pd.DataFrame({"date": keep.strftime("%Y-%m-%d"),
                  "close": np.round(400 + np.cumsum(rng.normal(0, 2, len(keep))), 2)}).to_csv(tmp_path / "ny.csv", index=False)
    return tmp_path / "ny.csv", keep, days[days.isin(closed)]


def test_fill_missing_dates_with_a_calendar_fills_the_outage_and_keeps_the_holidays_closed(tmp_path):
    import wavecast

    path, keep, hol = _nyse(tmp_path)
    with pytest.raises(ValidationError) as info:  # a run of 6 missing, 5 of them open days: refused
        data.read(path, "close", "date", holidays="NYSE")
    assert str(info.value) == ("gap of 5 missing step(s) after 2022-06-10 in a business-daily series (1 gap, 5 missing "
                               f"stamps, besides {len(hol)} holidays of --holidays NYSE); use --fill-missing-dates")
    ds = data.read(path, "close", "date", holidays="NYSE", fill_missing_dates=True)
    t = ds.times[0]
    assert len(t) == len(keep) + 5 and not t.isin(hol).any() and pd.Timestamp("2022-06-15") in t
    assert ds.freq == "B" and type(ds.freq).__name__ == "TradingDays" and ds.freq.closed.equals(hol)
    assert pd.date_range(t[0], t[-1], freq=ds.freq.offset).equals(t)  # the stamps rebuilt from the axis
    assert ds.filled[0].sum() == 5 and not ds.filled[0][t.get_indexer(keep)].any()
    said = [n for n in ds.notes if "inserted" in n]
    assert said == [f"5 missing time stamps inserted, values interpolated linearly; the {len(hol)} weekdays that "
                    "are holidays of --holidays NYSE kept as closed days"]
    assert not [n for n in ds.notes if "read as trading days" in n]
    # without a calendar the flag fills every missing weekday, the holidays too, as before
    every = data.read(path, "close", "date", fill_missing_dates=True)
    assert every.times[0].equals(pd.bdate_range(keep[0], keep[-1])) and type(every.freq) is str
    assert [n for n in every.notes if "inserted" in n] == [f"{len(hol) + 5} missing time stamps inserted, values "
                                                           "interpolated linearly"]
    # only the holidays missing: nothing to fill, so covariates are no obstacle
    only = tmp_path / "only.csv"
    whole = pd.bdate_range("2022-01-03", "2023-12-21")
    df = pd.DataFrame({"date": whole[~whole.isin(hol)].strftime("%Y-%m-%d")})
    df["close"] = np.arange(len(df), dtype=float)
    df["vol"] = 1.0
    df.to_csv(only, index=False)
    ds = data.read(only, "close", "date", holidays="NYSE", fill_missing_dates=True, past=["vol"])
    assert len(ds.times[0]) == len(df) and ds.filled is None and ds.freq.closed.equals(hol)
    assert any(n.startswith("--fill-missing-dates: nothing inserted, the ") for n in ds.notes)
    cov = tmp_path / "cov.csv"
    pd.read_csv(path).assign(vol=1.0).to_csv(cov, index=False)
    with pytest.raises(ValidationError, match=r"^gap of 5 missing step\(s\) after 2022-06-10 .*besides \d+ holidays of "
                       r"--holidays NYSE\); --fill-missing-dates does not invent the values of vol \(--past\)"):
        data.read(cov, "close", "date", holidays="NYSE", fill_missing_dates=True, past=["vol"])  # the outage's
    # forecast dates skip Christmas; the saved model and forecast --data agree
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = wavecast.fit(pd.read_csv(path), target="close", time="date", horizon=6, holidays="NYSE",
                         fill_missing_dates=True, window__input_len=15, direct__max_epochs=1, direct__n_ensemble=1)
        f.save(tmp_path / "m")
        g = wavecast.load(tmp_path / "m")
    want = ["2023-12-22", "2023-12-26", "2023-12-27", "2023-12-28", "2023-12-29", "2024-01-02"]
    assert [str(d.date()) for d in f.predict(6).reset_index()["date"]] == want
    pd.testing.assert_frame_equal(g.predict(6), f.predict(6))
    assert main(["forecast", str(tmp_path / "m"), "--out", str(tmp_path / "f.csv"), "--quiet"]) == 0
    assert main(["forecast", str(tmp_path / "m"), "--data", str(path), "--fill-missing-dates",
                 "--out", str(tmp_path / "g.csv"), "--quiet"]) == 0
    assert list(pd.read_csv(tmp_path / "f.csv")["date"]) == want
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "f.csv"), pd.read_csv(tmp_path / "g.csv"))
