"""A series' frequency inferred from its stamps: a pandas alias ("MS", "W-SUN", "B", semi-monthly
by data.semimonthly) or a whole-number step, and the gaps it leaves; steps no one step divides
refused, naming where.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..errors import ValidationError
from .semimonthly import semimonthly_freq
from .timesaid import describe


def infer_freq(times: pd.Index, where: str = "") -> tuple[str | int | None, int]:
    """(frequency, number of gaps): an alias like "MS" or an integer step; case 16 on mixtures."""
    if len(times) < 2:
        return None, 0
    if not isinstance(times, pd.DatetimeIndex):
        d = np.diff(times.to_numpy())
        step = int(np.min(d))
        if np.any(d % step):
            raise _irregular(times, d, step, str, where, "resample to a regular step")
        return step, int(np.sum(d > step))
    if len(times) >= 3:
        with warnings.catch_warnings():  # pandas 3 warns that infer_freq will return an offset
            warnings.simplefilter("ignore")
            f = pd.infer_freq(times)
        if f:
            return getattr(f, "freqstr", f), 0
    # Calendar months and years have unequal lengths: count steps in months when every
    # stamp falls on one anchor of its month (the first or last day, or business day).
    found = _months(times) if (times.normalize() == times).all() else None
    if found:
        return found
    found = semimonthly_freq(times)  # the 1st and the 15th, the 15th and the last (data.semimonthly)
    if found:
        return found
    d = np.diff(times.as_unit("ns").asi8)  # ns since 1970 (UTC when zoned: no tz warning), whatever the unit
    step = int(d.min())
    if step <= 0 or np.any(d % step):
        raise _irregular(times, d, step, _span, where, "resample to a regular frequency")
    values, counts = np.unique(d, return_counts=True)
    typical = int(values[np.argmax(counts)])  # the most common step (the shortest of a tie)
    if typical != step:  # a stamp off the usual grid, not a finer series with gaps: an hourly logger's
        # one reading at 10:30 was read as a 30-minute series missing every other stamp, which
        # --fill-missing-dates, as advised, then invented (29 of 59 values)
        i = int(np.flatnonzero(d % typical)[0])
        a, b = describe(times[i], "", times), describe(times[i + 1], "", times)
        raise ValidationError(f"time steps{where} are irregular: {_span(int(d[i]))} from {a} to {b}, where most "
                              f"steps are {_span(typical)}; correct those times or resample to a regular frequency")
    td = pd.Timedelta(step)
    days = td / pd.Timedelta(days=1)
    # A series with gaps keeps the anchor pandas reads from a whole one: weeks on their
    # weekday (W-SUN, not 7D: a season of 52 and a weekly horizon), weekdays only (B).
    if days.is_integer() and days % 7 == 0 and (times.day_of_week == times.day_of_week[0]).all():
        k = int(days) // 7
        found = _on_grid(times, f"{k if k > 1 else ''}W-{_DAYS[times.day_of_week[0]]}")
    elif days == 1 and times[-1] - times[0] >= pd.Timedelta(days=14) and (times.day_of_week < 5).all():
        found = _on_grid(times, "B")
    if found:
        return found
    alias = ("D" if days == 1 else f"{int(days)}D") if days.is_integer() else pd.tseries.frequencies.to_offset(td).freqstr
    return alias, int(np.sum(d > step))


def _irregular(times, d: np.ndarray, step: int, said, where: str, remedy: str) -> ValidationError:
    """The refusal of steps no one step divides, naming the first such step and its stamps: it said
    "(7 days 00:00:00 to 8 days 00:00:00)" of weekly data whose last date was a day off, not where
    (d: the steps; said: a step in words)."""
    if step <= 0:  # a time twice (read with --sort) or none between
        return ValidationError(f"time steps{where} are irregular ({said(step)} to {said(int(d.max()))}); {remedy}")
    i = int(np.flatnonzero(d % step)[0])
    a, b = describe(times[i], "", times), describe(times[i + 1], "", times)
    return ValidationError(f"time steps{where} are irregular: {said(int(d[i]))} from {a} to {b} is no whole number of "
                           f"the shortest step, {said(step)}; correct those times or {remedy}")


def _span(ns: int) -> str:
    """A step of nanoseconds in words: '7 days', '1 hour', '90 minutes' ('0 days 00:00:01.500000'
    beyond)."""
    td = pd.Timedelta(ns)
    for unit, size in (("day", pd.Timedelta(days=1)), ("hour", pd.Timedelta(hours=1)),
                       ("minute", pd.Timedelta(minutes=1)), ("second", pd.Timedelta(seconds=1))):
        if td % size == pd.Timedelta(0):
            n = td // size
            return f"{n} {unit}{'s' if n != 1 else ''}"
    return str(td)


_DAYS = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"]
_MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]


def _months(times: pd.DatetimeIndex) -> tuple[str, int] | None:
    """(alias, gaps) for stamps a whole number of months apart on one anchor of the month:
    "MS", "ME", "BMS", "BME", quarters and years anchored on the series' own months (QS-FEB,
    YE-JUN), as pandas infers them on the series without its gaps; None otherwise."""
    months = np.asarray(times.year * 12 + times.month)
    d = np.diff(months)
    step = int(d.min())
    if step <= 0 or np.any(d % step):
        return None
    m = int(times.month[0]) - 1
    if step == 3:  # quarters: starts named by their first month of the year, ends by their last
        start, end = _MONTHS[m % 3], _MONTHS[m % 3 + 9]
        names = [f"QS-{start}", f"QE-{end}", f"BQS-{start}", f"BQE-{end}"]
    elif step == 12:
        names = [f"YS-{_MONTHS[m]}", f"YE-{_MONTHS[m]}", f"BYS-{_MONTHS[m]}", f"BYE-{_MONTHS[m]}"]
    else:
        n = str(step) if step > 1 else ""
        names = [f"{n}MS", f"{n}ME", f"{n}BMS", f"{n}BME"]
    for name in names:
        found = _on_grid(times, name)
        if found:
            return found
    return None


def _on_grid(times: pd.DatetimeIndex, alias: str) -> tuple[str, int] | None:
    """(alias, gaps) when every stamp lies on the grid of `alias` from the first one; None otherwise."""
    try:
        grid = pd.date_range(times[0], times[-1], freq=alias)
    except (ValueError, OverflowError, pd.errors.OutOfBoundsDatetime):
        return None
    if not len(grid) or grid[0] != times[0]:
        return None
    at = grid.get_indexer(times)
    if (at < 0).any():
        return None
    return alias, int(np.sum(np.diff(at) > 1))
