"""Dates written as a month's name and a year (Jan-2019, Jan-19, Jan 2019, January 2019, 2019-Jan):
Excel's 'mmm-yy' and 'mmm-yyyy' exports, read as the first day of the month; and a year and a
month in numbers (2019/01, 01-2019) or a quarter (2019Q1), found as the time column.

pandas read 'Jan-19' as the 19th of January of the year 1: a monthly file from Excel was refused
as "timestamps go backwards at row 13 (0001-01-16 after 0001-12-15)", and such a column was not
found as the time without --time, so the series was read as steps and its season guessed.
English month names only (three letters or more: Jan, Sept, January); a name that is no month
is refused with its row, never left to pandas' guesses.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..errors import ValidationError
from .dateorder import PIVOT
from .monthstarts import month_starts

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december")
# a name then a year (Jan-19, Jan-2019, Jan 2019, Jan.19), or a four-digit year then a name
# (2019-Jan, 2019 January); '19-Jan' is Excel's day-month (d-mmm), so a two-digit year comes last only
MONTH_DATE = re.compile(r"\s*(?:([A-Za-z]{3,9})\.?[-/ ']?(\d{4}|\d{2})|(\d{4})[-/ ]([A-Za-z]{3,9})\.?)\s*")


# a year and a month in numbers, or a year's quarter (2019/01, 01-2019, 01/2019, 2019Q1, 2019-Q1, 2019 Q1):
# pandas reads each as its first day once the column is named, but they were not found as the
# time without --time, and a monthly file was read as steps with no season
YEAR_MONTH = re.compile(r"\s*(?:(\d{4})[/-](\d{1,2})|(\d{1,2})[/-](\d{4})|(\d{4})[-/ ]?Q([1-4])|Q([1-4])[-/ ]?(\d{4}))\s*")


def looks_like_year_months(text: pd.Series) -> bool:
    """Whether every value is a year and a month (1..12) in numbers, or a year's quarter."""
    parts = text.astype(str).str.extract(f"^{YEAR_MONTH.pattern}$")
    if parts.isna().all(axis=1).any():
        return False
    month = parts[1].fillna(parts[2]).dropna().astype(np.int64)
    return bool(month.between(1, 12).all())


def month_number(name: str) -> int:
    """1..12 for an English month's name or its start of three letters or more; 0 otherwise."""
    low = name.lower()
    return next((i + 1 for i, full in enumerate(_MONTHS) if len(low) >= 3 and full.startswith(low)), 0)


def looks_like_month_dates(text: pd.Series) -> bool:
    """Whether every value is a month's name and a year, the name a month's (detect_time's test)."""
    parts = text.astype(str).str.extract(f"^{MONTH_DATE.pattern}$")
    names = parts[0].fillna(parts[3])
    return bool(names.notna().all()) and all(month_number(n) for n in names.unique())


def read_month_dates(text: pd.Series, name: str, src: str, notes: list[str] | None) -> pd.DatetimeIndex | None:
    """The column as month starts if every value is a month's name and a year, else None.

    A name that is no month ('Jxn-19') is refused with its row. Two-digit years are read as Excel
    reads them (PIVOT-99 as 19xx, the others as 20xx), said in a note."""
    parts = text.astype(str).str.extract(f"^{MONTH_DATE.pattern}$")
    names, years = parts[0].fillna(parts[3]), parts[1].fillna(parts[2])
    if names.isna().any():
        return None
    months = np.array([month_number(n) for n in names])
    bad = np.flatnonzero(months == 0)
    if len(bad):
        raise ValidationError(f"cannot parse {name!r} at row {bad[0] + 1} of {src}: {text.iloc[bad[0]]!r} "
                              "is no month's name (English: Jan, Feb, ...); use one format, e.g. 2021-02")
    year = years.astype(np.int64).to_numpy()
    short = (years.str.len() == 2).to_numpy()
    year = np.where(short, np.where(year >= PIVOT, 1900 + year, 2000 + year), year)
    if short.any() and notes is not None:
        notes.append(f"two-digit years in column {name!r} read as {year[short].min()}..{year[short].max()} "
                     f"({text.iloc[int(np.flatnonzero(short)[0])].strip()!r} as month and year, Excel's "
                     f"mmm-yy; {PIVOT}-99 as 19xx, 00-{PIVOT - 1} as 20xx); write four-digit years to say otherwise")
    return month_starts(year, months)
