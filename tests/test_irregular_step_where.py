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
