"""Local times written with offsets that change across daylight saving (a Berlin meter's 00:00+01:00,
then 00:00+02:00) are read in the zone whose clock writes them: the axis regular in absolute time,
the calendar and holidays of the local clock, the forecast's times in the zone with its offsets;
times of two zones mixed are refused in one line."""

import datetime as dt
import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.data import reader, zones
from wavecast.data.calendarfeatures import calendar_features
from wavecast.data.futuretimes import future_times
from wavecast.errors import ValidationError


def _text(t: pd.DatetimeIndex) -> pd.Index:
    """Stamps as an export writes them: 2021-03-28 03:00:00+02:00."""
    return t.strftime("%Y-%m-%d %H:%M:%S%z").str.replace(r"(\d\d)(\d\d)$", r"\1:\2", regex=True)


def _meter(tmp_path, start, days, zone="Europe/Berlin"):
    t = pd.date_range(start, periods=24 * days, freq="h", tz=zone)
    p = tmp_path / "meter.csv"
    pd.DataFrame({"time": _text(t), "load": 10 + np.sin(np.arange(len(t)) * 2 * np.pi / 24)}).to_csv(p, index=False)
    return t, p


def _cycle(values, names, part, period):
    """The position in its cycle a calendar part's sin/cos columns encode (hour 0..23, weekday 0..6)."""
    s, c = values[:, names.index(f"{part}_sin")], values[:, names.index(f"{part}_cos")]
    return np.round(np.arctan2(s, c) * period / (2 * np.pi)) % period


def test_calendar_and_holidays_read_the_local_clock(tmp_path):
    # 14 March to 11 April 2021 in Berlin: the clocks change on 28 March; Good Friday (2 April) and
    # Easter Monday (5 April) are public holidays. Read as UTC instants, the hour of day was the
    # local one less 1 or 2 and each holiday was the UTC day, from 01:00 or 02:00 local to the next day's.
    t, p = _meter(tmp_path, "2021-03-14", 28)
    ds = reader.read(p, target="load", time="time", calendar=True, holidays="DE")
    assert str(ds.times[0].tz) == "Europe/Berlin" and ds.freq == "h" and (ds.times[0] == t).all()
    cov, names = ds.covariates, list(ds.covariates.calendar)
    values = cov.values[0][:, len(cov.past) + len(cov.future):]
    assert (_cycle(values, names, "hour", 24) == t.hour).all()
    assert (_cycle(values, names, "dayofweek", 7) == t.day_of_week).all()
    holiday = t.normalize().tz_localize(None).isin(pd.to_datetime(["2021-04-02", "2021-04-05"]))
    assert (values[:, names.index("holiday_DE")] == holiday).all() and holiday.sum() == 48
    said = [n for n in ds.notes if "UTC offset changes" in n]
    assert len(said) == 1 and "read in time zone Europe/Berlin" in said[0] and "local hours and days" in said[0]


@pytest.mark.parametrize("zone,start,days,walls", [("Europe/Berlin", "2021-03-20", 225, 47),
                                                  ("America/New_York", "2021-03-07", 244, 47),
                                                  ("Australia/Sydney", "2021-03-28", 188, 48)])
def test_the_forecasts_times_keep_the_zones_offsets_across_a_change(tmp_path, zone, start, days, walls):
    # the history holds one change of the clocks and ends the day before the next: the forecast's
    # hours take the new offset there, an hour apart in absolute time (Berlin and New York go back,
    # a wall time repeated; Sydney goes forward). Read as UTC, they were stamped in UTC.
    t, p = _meter(tmp_path, start, days, zone)
    ds = reader.read(p, target="load", time="time")
    assert str(ds.times[0].tz) == zone and (ds.times[0] == t).all()
    ahead = future_times(ds.times[0][-1], ds.freq, 48)
    assert (ahead == pd.date_range(t[-1], periods=49, freq="h")[1:]).all()
    assert list(pd.unique(ahead.strftime("%z"))) == list(pd.unique(t[-1:].strftime("%z"))) + [
        pd.Timestamp(ahead[-1]).strftime("%z")] and len(set(ahead.strftime("%z"))) == 2  # the change inside
    assert (np.diff(ahead.asi8) == np.diff(ahead.asi8)[0]).all()  # regular in absolute time
    assert len(set(ahead.strftime("%Y-%m-%d %H:%M"))) == walls  # the hour gone back seen twice
    feats, names = calendar_features(ahead, ds.freq, ["hour_sin", "hour_cos"])
    assert (_cycle(feats, names, "hour", 24) == ahead.hour).all()


def test_fit_and_predict_give_times_in_the_zone():
    # three weeks of hours across the spring change (its day 23 hours): the forecast in Berlin's summer
    # time, +02:00
    t = pd.date_range("2021-03-14", periods=24 * 21, freq="h", tz="Europe/Berlin")
    y = 10 + np.sin(np.arange(len(t)) * 2 * np.pi / 24)
    for times in (_text(t), pd.Series([dt.datetime.fromisoformat(v) for v in _text(t)], dtype=object)):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            f = wavecast.fit(pd.DataFrame({"time": times, "load": y}), target="load", time="time",
                             calendar=True, input_len=24, horizon=6, test_len=6, epochs=1, hidden_size=4)
        stamps = pd.DatetimeIndex(f.predict()["time"])
        assert str(stamps.tz) == "Europe/Berlin" and (stamps == pd.date_range(t[-1], periods=7, freq="h")[1:]).all()
        assert list(stamps.strftime("%Y-%m-%d %H:%M%z")[:2]) == ["2021-04-04 01:00+0200", "2021-04-04 02:00+0200"]


def test_times_of_two_zones_mixed_are_refused(tmp_path):
    # hourly instants, a regular axis in UTC, but written half in Berlin's offset and half in New
    # York's: read as UTC before, without a word; no zone's clock writes them
    t = pd.date_range("2021-01-04", periods=96, freq="h", tz="Europe/Berlin")
    text = [*_text(t[:48]), *_text(t[48:].tz_convert("America/New_York"))]
    p = tmp_path / "mixed.csv"
    pd.DataFrame({"time": text, "load": np.arange(96.0)}).to_csv(p, index=False)
    with pytest.raises(ValidationError, match=r"^column 'time' in .*mixed\.csv has UTC offsets that no one time "
                       r"zone's clock writes \(\+01:00 at row 1, -05:00 at row 49: times of several zones mixed\?\); "
                       r"convert them all to one zone, e\.g\. to UTC$"):
        reader.read(p, target="load", time="time")
    objects = pd.Series([v.to_pydatetime() for v in [*t[:48], *t[48:].tz_convert("America/New_York")]], dtype=object)
    with pytest.raises(ValidationError, match="no one time zone's clock writes"):
        wavecast.fit(pd.DataFrame({"time": objects, "load": np.arange(96.0)}), target="load", time="time")
    naive = pd.Series([*(v.to_pydatetime() for v in t[:48]), *(v.to_pydatetime() for v in t[48:].tz_localize(None))],
                      dtype=object)
    with pytest.raises(ValidationError, match="times with and without a time-zone offset"):
        wavecast.fit(pd.DataFrame({"time": naive, "load": np.arange(96.0)}), target="load", time="time")


def test_without_a_zone_database_the_times_are_utc_instants(tmp_path, monkeypatch):
    monkeypatch.setattr(zones, "_zones", lambda: ())
    t, p = _meter(tmp_path, "2021-03-20", 14)
    ds = reader.read(p, target="load", time="time")
    assert str(ds.times[0].tz) == "UTC" and (ds.times[0] == t).all()
    assert any("no time-zone database" in n and "UTC hours and days" in n for n in ds.notes)
