"""The step between time stamps as they are (not their frequency's offset): the calendar's and the
holidays' measure of how far apart a series' stamps are.
"""

from __future__ import annotations

import numpy as np


def _median_step(t):
    """The stamps' own step, in their unit (asi8 counts microseconds in pandas 3, not the
    nanoseconds Timedelta reads); an anchored frequency's offset from a fixed date is not it
    (W-SUN from a Monday: 6 days). In nanoseconds of absolute time: to_numpy() of stamps with a zone
    is an array of Timestamp objects (0.55 s a call on five years of hours)."""
    import pandas as pd

    if len(t) < 2:
        return pd.Timedelta(days=1)
    if isinstance(t, pd.DatetimeIndex) and t.tz is not None:
        return pd.Timedelta(int(np.median(np.diff(t.as_unit("ns").asi8))), unit="ns")
    return pd.to_timedelta(np.diff(t.to_numpy())).median()
