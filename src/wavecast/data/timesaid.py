"""A series' time in a message: a stamp as the user wrote it (describe), where a value lies
(at_row), a frequency in words (FREQ_WORDS) and the article before it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

FREQ_WORDS = {"D": "daily", "h": "hourly", "min": "minutely", "s": "secondly", "MS": "monthly",
               "ME": "monthly", "W": "weekly", "QS": "quarterly", "QE": "quarterly",
               "YS": "yearly", "YE": "yearly", "B": "business-daily",
               "SMS": "semi-monthly", "SME": "semi-monthly"}


def article(word: str) -> str:
    """The article before a frequency's word: an hourly series, a daily one, an 8h-step one."""
    return "an" if word[:1] in "aeio8" or word.startswith("hour") else "a"


def describe(t, text: str = "", times=None) -> str:
    """A time stamp in a message: its date at midnight; text: the data's way of writing its quarters
    or ISO weeks (Dataset.time_text: '2020Q1', '2020-W05'), as the user wrote them. times: the
    series' stamps, where at hand: where some are not at midnight (hourly data), midnight is said
    with its time, '2024-01-02 00:00:00' (the date alone named a day of 24 stamps: 'timestamp
    2024-01-02 appears twice')."""
    if isinstance(t, pd.Timestamp):
        if text:
            from .yearparts import as_text

            return as_text([t], text)[0]
        return str(t.date()) if t == t.normalize() and not _within_days(times) else str(t)
    return str(t)


def _within_days(times) -> bool:
    """Whether a series' stamps hold a time of day other than midnight."""
    return isinstance(times, pd.DatetimeIndex) and len(times) > 0 and not (times == times.normalize()).all()


def at_row(rows, times, i: int, text: str = "") -> str:
    """Where value i of a series lies, in the user's words: "row 50 (2021-02-19)" (rows[i]: its
    position in the file or frame, from 0; times: the series' stamps or None; text: as describe).
    A whole-number stamp is named as a time, and not at all where it is the row's own number (R's
    time 1..n said "row 68 (68)", and a time from 0 "row 68 (67)", a number beside the row's)."""
    row = int(rows[i]) + 1
    if times is None:
        return f"row {row}"
    t = times[i]
    if isinstance(t, int | np.integer):
        return f"row {row}" if t == row else f"row {row} (time {t})"
    return f"row {row} ({describe(t, text, times)})"
