"""Steps that no one step divides are refused naming the first such step and its times: weekly
data (W-SUN, BJsales on Sundays) whose last date was a day off said only 'time steps are
irregular (7 days 00:00:00 to 8 days 00:00:00); resample to a regular frequency', not where."""

import numpy as np
import pandas as pd
import pytest

from wavecast.data import reader
from wavecast.errors import ValidationError


def test_a_date_off_the_weekly_grid_is_named():
    weeks = pd.date_range("2020-01-05", periods=40, freq="W-SUN")
    weeks = weeks[:-1].append(pd.DatetimeIndex([weeks[-1] + pd.Timedelta(days=1)]))
    df = pd.DataFrame({"week": weeks, "sales": np.linspace(200.0, 260.0, 40)})
    with pytest.raises(ValidationError) as err:
        reader.from_frame(df, "sales", "week")
    assert str(err.value) == ("time steps are irregular: 8 days from 2020-09-27 to 2020-10-05 is no whole number of "
                              "the shortest step, 7 days; correct those times or resample to a regular frequency")


def test_hours_and_whole_numbers_alike():
    t = pd.date_range("2024-01-01", periods=30, freq="h").delete([10, 11]).insert(10, pd.Timestamp("2024-01-01 10:30"))
    with pytest.raises(ValidationError, match=r"irregular: 90 minutes from 2024-01-01 09:00:00 to 2024-01-01 "
                                              r"10:30:00 is no whole number of the shortest step, 1 hour; "):
        reader.from_frame(pd.DataFrame({"t": t, "y": np.arange(29.0)}), "y", "t")
    with pytest.raises(ValidationError, match=r"irregular: 3 from 8 to 11 is no whole number of the shortest step, "
                                              r"2; correct those times or resample to a regular step$"):
        reader.from_frame(pd.DataFrame({"t": [0, 2, 4, 6, 8, 11, 13], "y": np.arange(7.0)}), "y", "t")


def test_a_stamp_off_the_usual_grid_is_no_finer_series():
    # an hourly logger's one reading at 10:30 made the shortest step 30 minutes: 'gap of 1 missing
    # step(s) after 2024-01-01 in a 30min-step series (28 gaps, 29 missing stamps); use
    # --fill-missing-dates', which then invented every half hour (29 of 59 values); a daily series
    # with one reading at noon was 'more missing than present: ... day and month swapped?'
    t = pd.date_range("2024-01-01", periods=30, freq="h")
    t = t.delete(10).insert(10, pd.Timestamp("2024-01-01 10:30"))
    for fill in (False, True):
        with pytest.raises(ValidationError) as err:
            reader.from_frame(pd.DataFrame({"t": t, "y": np.arange(30.0)}), "y", "t", fill_missing_dates=fill)
        assert str(err.value) == ("time steps are irregular: 90 minutes from 2024-01-01 09:00:00 to 2024-01-01 "
                                  "10:30:00, where most steps are 1 hour; correct those times or resample to a "
                                  "regular frequency"), err.value
    days = pd.date_range("2024-01-01", periods=30, freq="D").append(pd.DatetimeIndex(["2024-01-30 12:00"]))
    with pytest.raises(ValidationError, match=r"irregular: 12 hours from 2024-01-30 00:00:00 to 2024-01-30 12:00:00, where "
                                              r"most steps are 1 day; "):
        reader.from_frame(pd.DataFrame({"t": days, "y": np.arange(31.0)}), "y", "t")
    gapped = pd.date_range("2024-01-01", periods=40, freq="D").delete([5, 6, 20])  # gaps alone: as before
    with pytest.raises(ValidationError, match=r"gap of 2 missing step\(s\) after 2024-01-05 in a daily series"):
        reader.from_frame(pd.DataFrame({"t": gapped, "y": np.arange(37.0)}), "y", "t")
