"""The time column parsed: dates in any of the ways files write them (ISO, 01/02/2020, Jan-19,
1998 Q1, 20220131, 800102, 1920.0833), or whole-number steps.

Every problem is a ValidationError naming the column, the row (data rows from 1, in the
order of the file) and a fix.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..errors import ValidationError
from .dataset import index_said
from .dateorder import PIVOT, read_numeric_dates
from .monthnames import read_month_dates
from .timenames import DATE_NAME
from .timeoffsets import changing_offsets, unparsed
from .yearparts import read_decimal_years, read_iso_week_dates, read_iso_weeks, read_quarters


def ymd_dates(col) -> pd.DatetimeIndex | None:
    """Whole numbers that are every one a date written YYYYMMDD (20220131, as NOAA's daily
    records and many exports write them) or a month written YYYYMM (201501, as statistics
    offices do), as those dates (a month as its first day); None otherwise. They were read as
    integer steps (a month's end 20220131 -> 20220201 a step of 70, a year's 201512 -> 201601 one
    of 89: "irregular"), or, without --time, as a second numeric column beside the target."""
    if not pd.api.types.is_integer_dtype(col) or not len(col):
        return None
    x = np.asarray(col, dtype=np.int64)
    if x.min() >= 100001 and x.max() <= 299912:  # YYYYMM: a month's first day
        x = x * 100 + 1
    if x.min() < 10000101 or x.max() > 29991231:
        return None
    parts = pd.DataFrame({"year": x // 10000, "month": x // 100 % 100, "day": x % 100})
    parsed = pd.to_datetime(parts, errors="coerce")
    return None if parsed.isna().any() else pd.DatetimeIndex(parsed)


def yymmdd_dates(col, name: str) -> pd.DatetimeIndex | None:
    """Whole numbers in a column named as dates that are every one a date written YYMMDD (800102
    is 2 January 1980, as Ecdat's Garch writes its trading days), two-digit years as Excel reads
    them (dateorder.PIVOT: 30-99 19xx, 00-29 20xx); None otherwise. Without --time the column was
    told to be a driver ('column 'date' is not used; pass --past or --future to use it'), and
    under --time read as steps ('gap of 2 missing step(s) after 800104 ... (68553 missing stamps)')."""
    if not DATE_NAME.fullmatch(str(name)) or not pd.api.types.is_integer_dtype(col) or not len(col):
        return None
    x = np.asarray(col, dtype=np.int64)
    if x.min() < 101 or x.max() > 991231:
        return None
    yy = x // 10000
    parts = pd.DataFrame({"year": np.where(yy >= PIVOT, 1900 + yy, 2000 + yy), "month": x // 100 % 100, "day": x % 100})
    parsed = pd.to_datetime(parts, errors="coerce")
    return None if parsed.isna().any() else pd.DatetimeIndex(parsed)


def parse_time(col: pd.Series, name: str, src: str, notes: list[str] | None = None,
               order: str = "auto") -> pd.Index:
    """The time column as a DatetimeIndex (or an integer Index for years/steps); case 13.

    Dates of three numbers (01/02/2020) are read month- or day-first as data.dateorder decides
    (order auto), with a note in `notes` when it reads them day-first or by their spacing; order
    day-first or month-first (--date-order) reads them so."""
    miss = np.flatnonzero(col.isna().to_numpy())
    if len(miss):
        raise ValidationError(f"{index_said(name, src)} has a missing time at row {miss[0] + 1}")
    if pd.api.types.is_integer_dtype(col):
        dates = ymd_dates(col)  # 20220131: a date written as one number
        if dates is None:
            dates = yymmdd_dates(col, name)  # 800102 in a column named date
            if dates is not None and notes is not None:
                notes.append(f"column {name!r} read as dates written YYMMDD ({col.iloc[0]} as {dates[0].date()}; "
                             f"two-digit years {PIVOT}-99 as 19xx, 00-{PIVOT - 1} as 20xx)")
        return dates if dates is not None else pd.Index(col.to_numpy(dtype=np.int64))  # plain steps: years, indices
    if pd.api.types.is_datetime64_any_dtype(col):
        return pd.DatetimeIndex(col)
    if pd.api.types.is_float_dtype(col):  # 1920.0833: R's time() of a monthly series, written out
        years = read_decimal_years(col, name, notes)
        if years is not None:
            return years
    text = col.astype(str)
    try:
        with warnings.catch_warnings():  # pandas' "Could not infer format" and the like: the
            warnings.simplefilter("ignore")  # one line below says what is wrong, in our words
            parsed = pd.to_datetime(text, errors="coerce", format="ISO8601")
            if parsed.isna().any():  # not all ISO: 01/02/2020 (which order?), else one format pandas infers
                numeric = read_numeric_dates(text, name, src, notes, order)
                if numeric is None:  # Jan-19: pandas read the 19th of January of the year 1
                    numeric = read_month_dates(text, name, src, notes)
                if numeric is None:  # 1998 Q1 (tsibble's quarters): pandas reads 1998Q1 only
                    numeric = read_quarters(text)
                if numeric is None:  # 1991 W06 (tsibble's yearweek): each ISO week's Monday
                    numeric = read_iso_weeks(text)
                if numeric is None:  # 2013-W01-7 (an ISO week date): its day
                    numeric = read_iso_week_dates(text)
                parsed = numeric if numeric is not None else pd.to_datetime(
                    text, errors="coerce", dayfirst=order == "day-first")
    except ValidationError:
        raise
    except (ValueError, TypeError) as exc:
        local = changing_offsets(text, name, src, notes)
        if local is None:
            raise ValidationError(unparsed(text, name, src, exc)) from None
        return local
    bad = np.flatnonzero(np.asarray(parsed.isna()))
    if len(bad) == 1 and bad[0] == len(text) - 1 > 1:  # 'Total' under a column of dates
        raise ValidationError(f"cannot parse {name!r} at row {bad[0] + 1} of {src}, its last: "
                              f"{text.iloc[bad[0]]!r}: a summary row? drop it")
    if len(bad):
        raise ValidationError(f"cannot parse {name!r} at row {bad[0] + 1} of {src}: "
                              f"{text.iloc[bad[0]]!r}; use one format, e.g. 2021-02-19")
    return pd.DatetimeIndex(parsed)
