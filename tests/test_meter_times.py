"""Time columns as utilities and meters write them: local times whose UTC offset changes across
daylight saving (read in the zone whose clock writes them; a day or more apart, as local dates), and a date beside a
half-hour or quarter-hour period."""

import datetime as dt
import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.cli import main
from wavecast.data import reader
from wavecast.errors import ValidationError


def _local(start, days):
    """Hourly Europe/Berlin wall times with their offsets, as a meter export writes them."""
    t = pd.date_range(start, periods=24 * days, freq="h", tz="Europe/Berlin")
    text = t.strftime("%Y-%m-%d %H:%M:%S%z").str.replace(r"(\d\d)(\d\d)$", r"\1:\2", regex=True)
    y = 10 + np.sin(np.arange(len(t)) * 2 * np.pi / 24)
    return t, pd.DataFrame({"time": text, "load": y})


@pytest.mark.parametrize("start,first,then", [("2021-03-20", "+01:00", "+02:00"), ("2021-10-25", "+02:00", "+01:00")])
def test_offsets_that_change_within_the_day_are_read_in_their_zone(tmp_path, start, first, then):
    # spring forward (01:00+01:00, 03:00+02:00) and fall back (02:00+02:00, 02:00+01:00): refused
    # before ('offsets that change ...; convert the times to UTC'), then read as UTC instants
    t, df = _local(start, 14)
    p = tmp_path / "meter.csv"
    df.to_csv(p, index=False)
    assert df["time"].str.endswith(first).any() and df["time"].str.endswith(then).any()
    ds = reader.read(p, target="load", time="time")
    times = ds.times[0]
    assert ds.freq == "h" and str(times.tz) == "Europe/Berlin" and len(times) == len(df)
    assert (times == t).all() and (times.hour == t.hour).all()  # the instants, no hour missing or repeated
    said = [n for n in ds.notes if "UTC offset changes" in n]
    assert len(said) == 1 and f"'{first}', '{then}'" in said[0] and "column 'time'" in said[0]
    assert "read in time zone Europe/Berlin" in said[0] and "--calendar" in said[0]
    assert reader.read(p, target="load").time == "time"  # found without --time too


def test_one_offset_and_a_twice_daily_local_clock_keep_todays_reading(tmp_path):
    _, df = _local("2021-01-04", 10)  # +01:00 throughout: read in that offset, no note
    p = tmp_path / "winter.csv"
    df.to_csv(p, index=False)
    ds = reader.read(p, target="load", time="time")
    assert str(ds.times[0].tz) == "UTC+01:00" and not any("UTC offset" in n for n in ds.notes)
    # 00:00 and 12:00 local: 11 or 13 hours apart in UTC, and under a day apart as written
    twice = pd.date_range("2021-03-20", periods=20, freq="12h").tz_localize("Europe/Berlin").astype(str)
    pd.DataFrame({"time": twice, "load": np.arange(20.0)}).to_csv(p, index=False)
    with pytest.raises(ValidationError, match="offsets that change"):
        reader.read(p, target="load", time="time")


def _midnights(start, n, freq="D", zone="Europe/Berlin", fmt="%Y-%m-%dT%H:%M:%S%z"):
    """Local midnights with their offsets (2021-03-28T00:00:00+01:00, 2021-03-29T00:00:00+02:00):
    the naive dates and the text a local clock's export writes."""
    days = pd.date_range(start, periods=n, freq=freq)
    text = days.tz_localize(zone).strftime(fmt).str.replace(r"([+-]\d\d)(\d\d)$", r"\1:\2", regex=True)
    return days, text.str.replace("+00:00", "Z")


@pytest.mark.parametrize("start,zone,first,then", [
    ("2021-03-10", "Europe/Berlin", "+01:00", "+02:00"),   # spring: 23 hours apart in UTC
    ("2021-10-20", "Europe/Berlin", "+02:00", "+01:00"),   # autumn: 25 hours
    ("2021-03-20", "Europe/London", "Z", "+01:00"),        # GMT written Z, then BST
    ("2021-10-20", "America/New_York", "-04:00", "-05:00")])
def test_daily_local_midnights_are_read_as_local_dates(tmp_path, start, zone, first, then):
    # were refused ('offsets that change ...; convert the times to UTC'): in UTC the days fall at
    # 22:00 and 23:00 (or 04:00 and 05:00), 23 or 25 hours apart, an irregular axis
    days, text = _midnights(start, 30, zone=zone)
    assert text.str.endswith(first).any() and text.str.endswith(then).any()
    p = tmp_path / "daily.csv"
    pd.DataFrame({"date": text, "sales": np.arange(30.0) % 7}).to_csv(p, index=False)
    for kw in ({"time": "date"}, {}):  # with --time and found without it
        ds = reader.read(p, target="sales", **kw)
        times = ds.times[0]
        assert ds.freq == "D" and times.tz is None and list(times) == list(days)  # midnights, local
        said = [n for n in ds.notes if "UTC offset changes" in n]
        assert len(said) == 1 and f"'{first}', '{then}'" in said[0] and "offsets dropped" in said[0]
        assert "regular daily axis" in said[0] and "forecast's are local" in said[0]


def test_monthly_and_gapped_local_midnights_are_read_the_irregular_refused(tmp_path):
    p = tmp_path / "m.csv"
    months, text = _midnights("2020-01-01", 24, freq="MS")  # 28 to 31 days apart: calendar months
    pd.DataFrame({"date": text, "y": np.arange(24.0)}).to_csv(p, index=False)
    ds = reader.read(p, target="y", time="date")
    assert ds.freq == "MS" and list(ds.times[0]) == list(months)
    assert any("regular monthly axis" in n for n in ds.notes)
    days, text = _midnights("2021-03-20", 20)
    keep = np.r_[0:10, 12:20]  # two days missing: a gap, said as for any daily series
    pd.DataFrame({"date": text[keep], "y": np.arange(18.0)}).to_csv(p, index=False)
    with pytest.raises(ValidationError, match=r"gap of 2 missing step\(s\) after 2021-03-29 in a daily series"):
        reader.read(p, target="y", time="date")
    ds = reader.read(p, target="y", time="date", fill_missing_dates=True)
    assert list(ds.times[0]) == list(days)
    # no regular axis as written: refused as before
    odd = list(text)
    odd[15] = odd[15].replace("T00:00", "T06:00")  # one day at 06:00: no regular axis in either reading
    for bad in (odd, [*text[:19], text[18]]):  # and a date twice
        pd.DataFrame({"date": bad, "y": np.arange(20.0)}).to_csv(p, index=False)
        with pytest.raises(ValidationError, match="offsets that change"):
            reader.read(p, target="y", time="date")
    some = [*text[:5], *(str(d.date()) for d in days[5:])]  # offsets on some values only: as before
    pd.DataFrame({"date": some, "y": np.arange(20.0)}).to_csv(p, index=False)
    with pytest.raises(ValidationError, match="with and without a time-zone offset"):
        reader.read(p, target="y", time="date")


def test_cli_and_api_forecast_local_dates(tmp_path):
    days, text = _midnights("2021-02-01", 120)  # +01:00, then +02:00 from 28 March
    y = 10 + np.sin(np.arange(120) * 2 * np.pi / 7)
    df = pd.DataFrame({"date": text, "sales": y})
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        f = wavecast.fit(df, target="sales", time="date", input_len=14, horizon=7, test_len=7, epochs=1)
    assert any("offsets dropped" in str(w.message) for w in seen)
    want = list(pd.date_range(days[-1], periods=8, freq="D")[1:])  # local midnights, no zone
    assert list(pd.DatetimeIndex(f.predict()["date"])) == want
    fc = _run_then_forecast(tmp_path, df, "daily.csv", horizon=7)
    assert list(pd.to_datetime(pd.read_csv(fc)["date"])) == want


def test_api_and_forecast_file_give_local_times(tmp_path):
    t, df = _local("2021-03-14", 21)
    objects = df.assign(time=pd.Series([dt.datetime.fromisoformat(v) for v in df["time"]], dtype=object))
    for frame in (df, objects):  # text, and Python datetimes of two offsets (object dtype)
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            f = wavecast.fit(frame, target="load", time="time", input_len=24, horizon=6, test_len=6, epochs=1)
        assert any("UTC offset changes" in str(w.message) for w in seen)
        stamps = pd.DatetimeIndex(f.predict()["time"])  # a frame in: a frame of time, forecast out
        assert str(stamps.tz) == "Europe/Berlin"  # was UTC: the zone whose clock writes the offsets
        assert list(stamps) == list(pd.date_range(t[-1], periods=7, freq="h")[1:])
    written = pd.read_csv(_run_then_forecast(tmp_path, df, "meter.csv", horizon=6))["time"]
    assert written.iloc[0] == str(t[-1] + pd.Timedelta(hours=1)) and written.str.endswith("+02:00").all()


def _periods(days, per_day, date="SettlementDate", period="SettlementPeriod", odd=None):
    """A date repeated beside its day's periods 1..per_day (odd: {date: count} on clock-change days)."""
    rows = [(d.strftime("%Y-%m-%d"), p) for d in days for p in range(1, (odd or {}).get(str(d.date()), per_day) + 1)]
    df = pd.DataFrame(rows, columns=[date, period])
    return df.assign(demand=np.sin(np.arange(len(df)) * 2 * np.pi / per_day) + 10)


def _joined(err, df):
    """Run the remedy a refusal said on df, as a user pastes it."""
    code = str(err.value).split("e.g. ")[1].split(" (your zone")[0].split(", then drop")[0]
    exec(code, {"df": df, "pd": pd})
    return df


@pytest.mark.parametrize("date,period,per_day,step,word", [
    ("SettlementDate", "SettlementPeriod", 48, "30min", "half-hour"),  # GB settlement periods
    ("SETTLEMENTDATE", "PERIODID", 96, "15min", "quarter-hour")])      # quarter-hours 1-96
def test_a_date_beside_a_period_column_says_how_to_join_them(tmp_path, date, period, per_day, step, word):
    # was '2 numeric columns (SettlementPeriod, demand); choose one with --target', or with
    # --target 'timestamp 2021-01-01 appears 48 times; drop the duplicates'
    df = _periods(pd.date_range("2021-01-01", periods=20, freq="D"), per_day, date, period)
    p = tmp_path / "settlement.csv"
    df.to_csv(p, index=False)
    for kw in ({}, {"target": "demand"}, {"target": "demand", "time": date}):
        with pytest.raises(ValidationError, match=rf"^column '{date}' in .* repeats each date with column "
                           rf"'{period}' holding the {word} period \(1-{per_day}\): make one time column of both, "
                           rf"e\.g\. .*\* {int(step[:2])}, unit='min'\), then drop '{period}'$") as err:
            reader.read(p, **kw)
    joined = tmp_path / "joined.csv"
    _joined(err, df).drop(columns=period).to_csv(joined, index=False)
    ds = reader.read(joined)
    assert (ds.time, ds.freq, len(ds.times[0])) == (date, step, len(df))
    assert ds.times[0][1] - ds.times[0][0] == pd.Timedelta(step) and ds.times[0][0] == pd.Timestamp("2021-01-01")


@pytest.mark.parametrize("change,n", [("2021-03-28", 46), ("2021-10-31", 50)])
def test_settlement_clock_change_days_join_to_instants(tmp_path, change, n):
    # a day of 46 or 50 half-hours: the date-plus-period line counts them from local midnight in a
    # zone, and the file written then reads as instants in that zone (local stamps would skip or repeat an hour)
    df = _periods(pd.date_range(pd.Timestamp(change) - pd.Timedelta(days=5), periods=10, freq="D"), 48,
                  odd={change: n})
    p = tmp_path / "clock.csv"
    df.to_csv(p, index=False)
    with pytest.raises(ValidationError, match=rf"\(1-{max(n, 48)}\): .*tz_localize\('Europe/London'\) .*days of 46 or "
                       r"50 periods are clock changes") as err:
        reader.read(p, target="demand")
    joined = tmp_path / "joined.csv"
    _joined(err, df).drop(columns="SettlementPeriod").to_csv(joined, index=False)
    ds = reader.read(joined, target="demand")
    assert ds.freq == "30min" and len(ds.times[0]) == len(df) and str(ds.times[0].tz) == "Europe/London"
    assert any("UTC offset changes" in note for note in ds.notes)


def test_hour_and_period_names_keep_their_units(tmp_path):
    # an hour column keeps the hour line, and so does a period column of 1-24 (hourly periods);
    # more than 100 periods a day are no quarter-hours: the duplicates are said, as before
    t = pd.date_range("2024-01-01", periods=24 * 10, freq="h")
    p = tmp_path / "h.csv"
    for col in ("HE", "Period"):
        pd.DataFrame({"Date": t.strftime("%Y-%m-%d"), col: t.hour + 1, "Load": np.arange(240.0)}).to_csv(p, index=False)
        with pytest.raises(ValidationError, match=rf"'{col}' holding the hour \(1-24\): .*unit='h'\)"):
            reader.read(p, target="Load")
    _periods(pd.date_range("2024-01-01", periods=3, freq="D"), 120, "Date", "Period").to_csv(p, index=False)
    with pytest.raises(ValidationError, match=r"^timestamp 2024-01-01 appears 120 times .*drop the duplicates$"):
        reader.read(p, target="demand")


def _run_then_forecast(tmp_path, df, name: str, horizon: int):
    """df written to a CSV, `wavecast run` on it (one epoch), then `wavecast forecast` of the saved
    model on the same file: the path of the forecast file written."""
    p = tmp_path / name
    df.to_csv(p, index=False)
    out = tmp_path / "run"
    assert main(["run", "--data", str(p), "--out", str(out), "--horizon", str(horizon), "--set", "train.epochs=1",
                 "--quiet"]) == 0
    fc = tmp_path / "f.csv"
    assert main(["forecast", str(out), "--data", str(p), "--out", str(fc), "--quiet"]) == 0
    return fc
