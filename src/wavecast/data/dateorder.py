"""Dates written as three numbers (01/02/2020, 01.02.2020, 01-02-2020): is the day or the month first?

pandas reads such dates month-first; most of the world writes them day-first, and a monthly
file of 01/02/1949, 01/03/1949, ... read month-first became a daily series with 96% of its days
missing. So both readings are tried. A value that reads only one way (13/01/2020) settles it;
when every value reads both ways, the one reading that gives evenly spaced stamps is taken and
a note says so; when both or neither do, the column is refused in one line: nothing is guessed
silently. Day-first dates are read with a note too. The user may say the order instead
(--date-order, data.date_order): every value is then read that way, and one that cannot be
(13/25/2020 month-first) is refused with its row.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..errors import ValidationError

# a time of day may carry its zone: 2003-03-03T07:00:00Z, 12:00+01:00, 12:00-0500 (R and most
# exports write UTC so; without it such a column was left unused and the rows read as steps)
ISO_DATE = re.compile(r"\d{4}-\d{2}(-\d{2})?([ T]\d{2}(:\d{2}){0,2}(\.\d+)?(Z|[+-]\d{2}(:?\d{2})?)?)?")
# a, separator, b, year (4 or 2 digits), an optional time of day
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
NUMERIC_DATE = re.compile(rf"\s*(\d{{1,2}})([/.\-])(\d{{1,2}})\2(\d{{4}}|\d{{2}}){_TIME}\s*")
_PARTS = rf"^\s*(\d{{1,2}})([/.\-])(\d{{1,2}})\2(\d{{4}}|\d{{2}})({_TIME})\s*$"
PIVOT = 30  # a two-digit year from PIVOT on is 19xx, below it 20xx (Excel's default window, 1930-2029)


def read_numeric_dates(text: pd.Series, name: str, src: str, notes: list[str] | None,
                       order: str = "auto") -> pd.DatetimeIndex | None:
    """The column as times if every value is a date of three numbers in one style, else None.

    order auto: month-first (MM/DD/YYYY) when a value settles it or when only that reading is
    evenly spaced; day-first (DD/MM/YYYY) likewise, with a note; a ValidationError when the
    values mix the two orders or read evenly spaced both ways (or neither). order day-first or
    month-first: every value read so, a ValidationError naming the first that cannot be.
    """
    if not text.str.fullmatch(NUMERIC_DATE).all():
        return None
    parts = text.str.extract(_PARTS)
    seps = parts[1].unique()
    if len(seps) != 1:
        return None  # 01/02/2020 beside 01.02.2020: the general parser names the odd row
    a, b = parts[0].astype(np.int64), parts[2].astype(np.int64)
    year = parts[3].astype(np.int64)
    # two-digit years as Excel reads them (30-99 -> 19xx, 00-29 -> 20xx): strptime's pivot (69)
    # read a file of 01/01/49 ... 01/12/60 as 2049-2060 and forecast it from 2061, said nowhere
    short = parts[3].str.len() == 2
    year = year.where(~short, np.where(year >= PIVOT, 1900 + year, 2000 + year))
    if short.any() and notes is not None:
        notes.append(f"two-digit years in column {name!r} read as {year[short].min()}..{year[short].max()} "
                     f"({PIVOT}-99 as 19xx, 00-{PIVOT - 1} as 20xx, as Excel reads them); write four-digit years "
                     "to say otherwise")
    clock = parts[4].str.replace(r"^[ T]+", "", regex=True).str.replace(r"^(\d):", r"0\1:", regex=True)
    clock = ("T" + clock).where(clock != "", "")
    stamp = year.astype(str).str.zfill(4) + "-"
    month_first = pd.to_datetime(stamp + _two(a) + "-" + _two(b) + clock, errors="coerce", format="ISO8601")
    day_first = pd.to_datetime(stamp + _two(b) + "-" + _two(a) + clock, errors="coerce", format="ISO8601")
    sep, yy = seps[0], "YY" if short.all() else "YYYY"
    mdy, dmy = f"MM{sep}DD{sep}{yy}", f"DD{sep}MM{sep}{yy}"
    bad_m, bad_d = month_first.isna().to_numpy(), day_first.isna().to_numpy()
    if order != "auto":  # the user said it (--date-order): every value read so
        times, bad, form = (day_first, bad_d, dmy) if order == "day-first" else (month_first, bad_m, mdy)
        return _as_told(text, name, src, order, times, bad, form)
    if bad_m.any() and bad_d.any():
        both = np.flatnonzero(bad_m & bad_d)
        if len(both):
            i = both[0]
            raise ValidationError(f"cannot parse {name!r} at row {i + 1} of {src}: {text.iloc[i]!r} is a date "
                                  f"neither as {dmy} nor as {mdy}; correct it")
        i, j = np.flatnonzero(bad_m)[0], np.flatnonzero(bad_d)[0]
        raise ValidationError(f"column {name!r} in {src} mixes day-first and month-first dates ({text.iloc[i]!r} "
                              f"at row {i + 1} reads only as {dmy}, {text.iloc[j]!r} at row {j + 1} only as "
                              f"{mdy}); write every date one way, e.g. 2021-02-19")
    if not bad_m.any() and not bad_d.any():  # every value reads both ways
        even_m, even_d = _evenly_spaced(month_first), _evenly_spaced(day_first)
        if even_m == even_d:
            how = "both readings give" if even_m else "neither reading gives"
            raise ValidationError(f"dates in column {name!r} of {src} are ambiguous: every value reads as {dmy} "
                                  f"and as {mdy}, and {how} evenly spaced times; write them as YYYY-MM-DD, "
                                  "e.g. 2021-02-19, or pass --date-order day-first or month-first")
        why = f"every value reads both ways and only {'day' if even_d else 'month'}-first are they evenly spaced"
        chosen, form = (day_first, dmy) if even_d else (month_first, mdy)
    elif bad_m.any():  # a value such as 13/01/2020 is no month-first date
        i = np.flatnonzero(bad_m)[0]
        why = f"{text.iloc[i].strip()!r} at row {i + 1} is no {mdy} date"
        chosen, form = day_first, dmy
    else:
        return pd.DatetimeIndex(month_first)  # pandas' reading, settled by a value: no note
    if notes is not None:
        flag = "day-first" if form == dmy else "month-first"
        notes.append(f"dates in column {name!r} read as {form} ({why}); pass --date-order {flag} or write "
                     "YYYY-MM-DD to say it outright")
    return pd.DatetimeIndex(chosen)


def _as_told(text: pd.Series, name: str, src: str, order: str, times: pd.Series, bad: np.ndarray,
             form: str) -> pd.DatetimeIndex:
    """Every value read in the order the user gave: no note (nothing was decided for them),
    and a value impossible in that order (13/25/2020 month-first) refused with its row."""
    if bad.any():
        i = np.flatnonzero(bad)[0]
        raise ValidationError(f"cannot parse {name!r} at row {i + 1} of {src}: {text.iloc[i].strip()!r} is no "
                              f"{form} date (--date-order {order})")
    return pd.DatetimeIndex(times)


def _two(x: pd.Series) -> pd.Series:
    return x.astype(str).str.zfill(2)


def _evenly_spaced(t: pd.Series) -> bool:
    """Whether the distinct stamps (sorted) step evenly: one fixed step, or whole months on
    one day of the month (months and years have unequal lengths). Two stamps prove nothing."""
    u = np.unique(t.to_numpy().astype("datetime64[ns]").astype(np.int64))
    if len(u) < 3:
        return False
    d = np.diff(u)
    if (d == d[0]).all():
        return True
    idx = pd.DatetimeIndex(u)
    months = np.diff((idx.year * 12 + idx.month).to_numpy())
    return bool((idx.day == idx.day[0]).all() and (idx == idx.normalize()).all()
                and months[0] > 0 and (months == months[0]).all())
