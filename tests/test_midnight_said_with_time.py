"""A stamp at midnight in a series with times of day is said with its time: an hourly series' row
at 2024-01-02 00:00 was 'timestamp 2024-01-02 appears twice (rows 25, 31)', naming a day that
holds 24 stamps, and its missing value 'first at row 25 (2024-01-02)'. Daily data keeps its
dates ('first at row 6 (2024-01-06)')."""

import numpy as np
import pandas as pd
import pytest

from wavecast.data import reader
from wavecast.errors import ValidationError


def _refused(t, y) -> str:
    with pytest.raises(ValidationError) as err:
        reader.from_frame(pd.DataFrame({"t": t, "y": y}), "y", "t")
    return str(err.value)


def test_hourly_stamps_at_midnight_keep_their_time():
    t = pd.date_range("2024-01-01", periods=72, freq="h")
    assert _refused(t.delete(30).insert(30, t[24]), np.arange(72.0)) == (
        "timestamp 2024-01-02 00:00:00 appears twice (rows 25, 31); drop the duplicates")
    y = np.arange(72.0)
    y[24] = np.nan
    assert "first at row 25 (2024-01-02 00:00:00); " in _refused(t, y)
    assert _refused(t.delete([25, 26]), np.arange(70.0)).startswith(
        "gap of 2 missing step(s) after 2024-01-02 00:00:00 in an hourly series")
    back = t[:30].delete(24).insert(25, t[24])  # 01:00 before 00:00
    assert "(2024-01-02 00:00:00 after 2024-01-02 01:00:00)" in _refused(back, np.arange(30.0))


def test_daily_dates_stay_dates():
    t = pd.date_range("2024-01-01", periods=30, freq="D")
    y = np.arange(30.0)
    y[5] = np.nan
    assert "first at row 6 (2024-01-06); " in _refused(t, y)


def test_hourly_future_rows_at_midnight_keep_their_time():
    from wavecast.data.futuretimes import continue_axis

    last = pd.Timestamp("2024-01-20 23:00")
    got = pd.date_range("2024-01-21 01:00", periods=3, freq="h")  # an hour late
    with pytest.raises(ValidationError) as err:
        continue_axis(got, last, "h", "")
    assert str(err.value) == ("future rows must continue its hourly time axis after its last value on 2024-01-20 "
                              "23:00:00: expected 2024-01-21 00:00:00, got 2024-01-21 01:00:00; give one row a step "
                              "from 2024-01-21 00:00:00 on")
