"""A (year, month) as its month's first day: the one date every form of months and quarters is
read into (yearparts' quarters and months in numbers, monthnames' month names), in a module of
its own so that both read it from below rather than from each other.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def month_starts(years: np.ndarray, months: np.ndarray) -> pd.DatetimeIndex:
    """The first day of each (year, month 1..12), as the other date forms give dates, of one unit."""
    stamps = pd.Series(years).astype(str).str.zfill(4) + "-" + pd.Series(months).astype(str).str.zfill(2) + "-01"
    return pd.DatetimeIndex(pd.to_datetime(stamps, format="ISO8601"))
