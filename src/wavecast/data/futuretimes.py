"""The stamps after a series' end: the forecast's times (future_times), and future rows checked to
continue the axis and put in time order (continue_axis).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import ValidationError
from .timesaid import FREQ_WORDS, describe
from .trading_days import as_offset


def future_times(last, freq: str | int | None, horizon: int) -> pd.Index:
    """The `horizon` time stamps after `last` at the series' frequency (steps 1.. if None)."""
    if freq is None or last is None:
        return pd.RangeIndex(1, horizon + 1)
    if isinstance(freq, (int, np.integer)):
        end = int(last) + int(freq) * horizon  # Python ints: int64 arithmetic would wrap around
        if not np.iinfo(np.int64).min <= end <= np.iinfo(np.int64).max:
            raise ValidationError(f"the forecast's time stamps pass the 64-bit integer range (last time "
                                  f"{int(last)}, step {int(freq)}, {horizon} steps); renumber the time column")
        return pd.Index(int(last) + int(freq) * np.arange(1, horizon + 1, dtype=np.int64))
    try:  # trading days: the next weekdays, a holiday calendar's skipped (data.trading_days)
        return pd.date_range(pd.Timestamp(last), periods=horizon + 1, freq=as_offset(freq))[1:]
    except (OverflowError, pd.errors.OutOfBoundsDatetime):
        raise ValidationError(f"the forecast's time stamps pass the last date pandas can hold (last "
                              f"time {last}, {horizon} steps of {freq})") from None


def continue_axis(stamps: pd.Index, last, freq: str | int | None, who: str = "", want: pd.Index | None = None,
                  text: str = "") -> np.ndarray:
    """Positions that put a series' future rows in time order, checked to be the stamps right
    after its last value `last` on its axis of step `freq`: future covariates are matched to
    the forecast's steps by time, never by row order. who: " of series 'a'" or "".

    A row missing, a duplicate, a gap after `last`, a stamp inside the history or off the grid
    is one line naming the series, the first stamp out of place and the one expected there.
    Without a time axis (freq or last None) the rows keep their order. want: future_times(last,
    freq, len(stamps)) where the caller has it (series that end on one stamp share it). text: the
    data's way of writing quarters or ISO weeks (Dataset.time_text), the stamps named in it."""
    if freq is None or last is None or not len(stamps):
        return np.arange(len(stamps))
    order = np.argsort(np.asarray(stamps), kind="stable")
    got = stamps[order]
    want = future_times(last, freq, len(stamps)) if want is None else want
    try:
        bad = np.flatnonzero(np.asarray(got != want, dtype=bool))
    except TypeError:  # tz-aware against tz-naive stamps
        raise ValidationError(f"the time stamps of the future rows{who} and of its history are not comparable "
                              f"({describe(got[0], text)} after {describe(last, text)}); give both in one time zone"
                              ) from None
    if len(bad):
        i = bad[0]
        again = " a second time" if i and got[i] == got[i - 1] else ""
        word = (f"time axis (step {freq})" if isinstance(freq, (int, np.integer))
                else f"{FREQ_WORDS.get(str(freq).split('-')[0], f'{freq}-step')} time axis")
        # the axis (its last value and the stamps expected), not the rows given: a daily axis keeps its dates
        seen = want.insert(0, last) if isinstance(want, pd.DatetimeIndex) else None
        raise ValidationError(f"future rows{who} must continue its {word} after its last value on "
                              f"{describe(last, text, seen)}: expected {describe(want[i], text, seen)}, got "
                              f"{describe(got[i], text, seen)}{again}; give one row a step from "
                              f"{describe(want[0], text, seen)} on")
    return order
