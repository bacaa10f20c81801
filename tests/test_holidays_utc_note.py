"""--holidays on sub-daily times written in UTC marks each step by its UTC date, from 00:00 UTC,
not from local midnight: said in a note (it was silent). fpp2's elecdemand written in UTC
(2013-12-31T14:00Z is 01:00 on New Year's Day in Melbourne) with --holidays AU-VIC had New
Year's Day marked from 11:00 to 10:00 the next morning."""

import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.data.publicholidays import utc_note


def _hourly(tz: str | None) -> pd.DataFrame:
    """Sixty days of hourly demand, with a daily cycle, from Melbourne's New Year's Day."""
    t = pd.date_range("2014-01-01", periods=24 * 60, freq="h", tz="Australia/Melbourne")
    t = t.tz_convert(tz) if tz else t
    rng = np.random.default_rng(0)
    y = 5 + np.sin(2 * np.pi * np.arange(len(t)) / 24) + rng.normal(0, 0.1, len(t))
    return pd.DataFrame({"time": t, "demand": y})


def _notes(df: pd.DataFrame) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        wavecast.fit(df, target="demand", time="time", holidays="AU-VIC", calendar=False, horizon=24, test_len=24,
                     epochs=1, hidden_size=4, input_len=24, seed=0, eval__without_drivers=False,
                     eval__driver_importance=0)
    return [str(w.message) for w in caught if "on times in UTC" in str(w.message)]


@pytest.mark.parametrize("tz, said", [("UTC", True), (None, False)])
def test_holidays_on_utc_hours_are_said_to_start_at_utc_midnight(tz, said):
    notes = _notes(_hourly(tz))
    if said:
        assert len(notes) == 1 and notes[0].startswith(
            "holidays='AU-VIC' on times in UTC: each step's holiday is its UTC date's, from 00:00 UTC, not from "
            "midnight where the holidays are kept; give the times in local time")
    else:
        assert notes == []


def test_daily_dates_in_utc_say_nothing():
    days = pd.date_range("2014-01-01", periods=60, freq="D", tz="UTC")
    assert utc_note("AU-VIC", [days]) is None
    assert utc_note("AU-VIC", [pd.date_range("2014-01-01", periods=48, freq="h", tz="UTC")]) is not None
    assert utc_note("AU-VIC", [pd.date_range("2014-01-01", periods=48, freq="h")]) is None  # naive: local
