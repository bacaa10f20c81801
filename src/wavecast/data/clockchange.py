"""The remedy for a repeated or a missing night hour in local times without an offset: the
clocks going back repeat an hour (a meter's local export), going forward skip one. Those times
with their UTC offset are read in their zone (data/timeoffsets), no hour lost or invented.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# the hours of the night in which the clocks change (01:00-02:00 in most of Europe and North
# America, 02:00-03:00 in others)
NIGHT_HOURS = (0, 1, 2, 3)
HOUR = pd.Timedelta(hours=1).value


def _local_sub_hourly(times: pd.Index) -> int | None:
    """The median step in nanoseconds of zone-less times an hour apart or less; None otherwise."""
    if not isinstance(times, pd.DatetimeIndex) or times.tz is not None or len(times) < 3:
        return None
    ns = times.unique().sort_values().as_unit("ns").asi8
    step = int(np.median(np.diff(ns)))
    return step if 0 < step <= HOUR else None


def clocks_back(times: pd.Index, dup: np.ndarray) -> str:
    """"drop the duplicates", or where every repeated stamp (dup: the rows of one) is a night hour
    of local times at most an hour apart, twice each within an hour's rows, the hour the clocks
    go back as well: the two rows are two instants, and dropping one loses an hour."""
    repeated, step = times[dup], _local_sub_hourly(times)
    once = repeated.unique()
    if step is None or len(repeated) != 2 * len(once) or not np.isin(once.hour, NIGHT_HOURS).all():
        return "drop the duplicates"
    # the clocks going back write the hour's stamps again at once: an hour's rows apart at most
    # (a midnight written again at 06:00 is a duplicate)
    rows = np.flatnonzero(dup)
    apart = [np.ptp(rows[times[rows] == t]) for t in once]
    if max(apart) > HOUR // step:
        return "drop the duplicates"
    return ("drop the duplicates, or if these are local times repeating the hour the clocks go back, "
            "write each time with its UTC offset (as New York's 2024-11-03T01:00-04:00, then "
            "01:00-05:00) or in UTC: read in their time zone, no hour is lost")


def clocks_forward(times: pd.Index, missing: pd.DatetimeIndex) -> str:
    """'' or, where every missing stamp of local times at most an hour apart is a night hour, an
    hour at most a day, the hour the clocks go forward: --fill-missing-dates would invent a value
    for an hour that never was on that clock."""
    step = _local_sub_hourly(times)
    if step is None or not len(missing) or not np.isin(missing.hour, NIGHT_HOURS).all():
        return ""
    if len(missing) > len(missing.normalize().unique()) * (HOUR // step):
        return ""
    return ("or, if these are local times skipping the hour the clocks go forward, write each time with "
            "its UTC offset (as Berlin's 2024-03-31T01:00+01:00, then 03:00+02:00) or in UTC: read in "
            "their time zone, no hour is missing")
