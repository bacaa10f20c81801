"""Time columns as utilities and meters write them: local times whose UTC offset changes across
daylight saving (read as UTC instants), and a date beside a half-hour or quarter-hour period."""

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
def test_offsets_that_change_within_the_day_are_read_as_utc_instants(tmp_path, start, first, then):
    # spring forward (01:00+01:00, 03:00+02:00) and fall back (02:00+02:00, 02:00+01:00): refused
    # before ('offsets that change ...; convert the times to UTC')
    t, df = _local(start, 14)
    p = tmp_path / "meter.csv"
    df.to_csv(p, index=False)
    assert df["time"].str.endswith(first).any() and df["time"].str.endswith(then).any()
    ds = reader.read(p, target="load", time="time")
    times = ds.times[0]
    assert ds.freq == "h" and str(times.tz) == "UTC" and len(times) == len(df)
    assert (times == t.tz_convert("UTC")).all()  # the instants, no hour missing or repeated
    said = [n for n in ds.notes if "UTC offset changes" in n]
    assert len(said) == 1 and f"'{first}', '{then}'" in said[0] and "column 'time'" in said[0]
    assert "forecast's are in UTC" in said[0] and "--calendar" in said[0]
    assert reader.read(p, target="load").time == "time"  # found without --time too


def test_one_offset_and_daily_local_midnights_keep_todays_reading(tmp_path):
    _, df = _local("2021-01-04", 10)  # +01:00 throughout: read in that offset, no note
    p = tmp_path / "winter.csv"
    df.to_csv(p, index=False)
    ds = reader.read(p, target="load", time="time")
    assert str(ds.times[0].tz) == "UTC+01:00" and not any("UTC offset" in n for n in ds.notes)
    days = pd.date_range("2021-03-20", periods=20, freq="D", tz="Europe/Berlin").astype(str)
    pd.DataFrame({"time": days, "load": np.arange(20.0)}).to_csv(p, index=False)
    with pytest.raises(ValidationError, match="offsets that change"):  # 23 hours apart in UTC: not a clock
        reader.read(p, target="load", time="time")


def test_api_and_forecast_file_give_utc_times(tmp_path):
    t, df = _local("2021-03-14", 21)
    objects = df.assign(time=pd.Series([dt.datetime.fromisoformat(v) for v in df["time"]], dtype=object))
    for frame in (df, objects):  # text, and Python datetimes of two offsets (object dtype)
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            f = wavecast.fit(frame, target="load", time="time", input_len=24, horizon=6, test_len=6, epochs=1)
        assert any("UTC offset changes" in str(w.message) for w in seen)
        stamps = pd.DatetimeIndex(f.predict()["time"])  # a frame in: a frame of time, forecast out
        assert list(stamps) == list(pd.date_range(t[-1].tz_convert("UTC"), periods=7, freq="h")[1:])
    p = tmp_path / "meter.csv"
    df.to_csv(p, index=False)
    out = tmp_path / "run"
    assert main(["run", "--data", str(p), "--out", str(out), "--horizon", "6", "--set", "train.epochs=1",
                 "--quiet"]) == 0
    fc = tmp_path / "f.csv"
    assert main(["forecast", str(out), "--data", str(p), "--out", str(fc), "--quiet"]) == 0
    written = pd.read_csv(fc)["time"]
    assert written.iloc[0] == str(t[-1].tz_convert("UTC") + pd.Timedelta(hours=1)) and written.str.endswith("+00:00").all()
