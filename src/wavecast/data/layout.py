"""What the columns of a file say about its layout, before it is read as series.

A long file (many series stacked) read without --id would train one concatenated series: when
its time stamps repeat and a column's values come in blocks (an id-like column), refuse with a
one-line hint (without a time column, a note says so). A numeric column that is not used gets
a note saying how to use it (--past or --future; --static when it holds one value a series).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..errors import ValidationError
from ..words import counted, shell_word
from .keycolumns import key_columns, stacked_by_keys
from .timenames import YEAR_NAME

if TYPE_CHECKING:
    import pandas as pd


def id_like_column(df: pd.DataFrame, skip: set[str], time: str = "") -> tuple[str, int] | None:
    """The first column (not in skip) whose values repeat in contiguous blocks, each value one
    block, at least 2 of them and at most half the rows: (name, number of blocks), or None.
    time: the time column, whose stamps must then be unique within each value: a column of the
    date's parts in blocks (HistData's CholeraDeaths1849: month Jan..Dec, each month's days for
    two causes) is no id, and --id month, offered, repeated every date within each month. With
    time, a text column whose rows interleave (cause_of_death, the causes alternating month by
    month) is an id too when none lies in blocks (id_interleaved says which)."""
    import pandas as pd  # here: the clean Parquet path imports this module without pandas

    n, loose = len(df), None
    for c in df.columns:
        if c in skip or pd.api.types.is_float_dtype(df[c]) or pd.api.types.is_bool_dtype(df[c]):
            continue
        col = df[c]
        k = col.nunique(dropna=False)
        if not 2 <= k <= n // 2:
            continue
        if time and df.duplicated([c, time]).any():  # its series would repeat their stamps
            continue
        blocks = int((col != col.shift()).sum())  # runs of equal values
        if blocks == k:
            return str(c), k
        if time and loose is None and not pd.api.types.is_numeric_dtype(col):  # numbers may be unique by chance
            loose = (str(c), k)
    return loose


def id_said(df: pd.DataFrame, col: str, k: int) -> str:
    """How a stacked file's id column holds its series: in blocks, or rows that interleave."""
    blocks = int((df[col] != df[col].shift()).sum())
    return f"column {col!r} holds {k} values " + ("in blocks" if blocks == k else "on rows that interleave, "
                                                   "each time stamp once a value")


def check_layout(df: pd.DataFrame, target: str, time: str, id: str, src: str, used=frozenset()) -> list[str]:
    """Refuse a long file read without an id (one line, suggesting --id COL); return notes on
    numeric columns that will not be used."""
    import pandas as pd

    notes = []
    if not id:
        repeated = bool(time) and bool(df[time].duplicated().any())
        found = (id_like_column(df, {target, time, *used}, time if repeated else "")
                 if (repeated or not time) else None)
        if found is not None and repeated:
            col, k = found
            raise ValidationError(f"{src} looks like {k} series stacked in long format: its time stamps "
                                  f"repeat and {id_said(df, col, k)}; pass --id {shell_word(col)}")
        keys = key_columns(df, time, id, {target, *used}) if repeated and found is None else None
        if keys:  # several columns name the series (state, gender, legal): it said "drop the duplicates"
            raise ValidationError(stacked_by_keys(df, keys, time, id, src))
        if found is not None and not pd.api.types.is_numeric_dtype(df[found[0]]):  # no time column
            col, k = found
            notes.append(f"column {col!r} holds {k} values in blocks: if the file stacks {k} series, "
                         f"pass --id {shell_word(col)}; read as one series")
    else:
        keys = key_columns(df, time, id, {target, *used})
        if keys:  # --id state of a file whose series are state, gender and legal status
            raise ValidationError(stacked_by_keys(df, keys, time, id, src))
    numeric = [str(c) for c in df.columns
               if pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c])]
    unused = [c for c in numeric if c not in {*used, target, time, id}]
    stacked = numbered_series(df, unused) if not (id or time) else None
    if stacked is not None:  # no time column: ids in numbers beside each series' own clock
        col, k, clock = stacked
        notes.append(f"column {col!r} holds {k} values in blocks and {clock!r} starts over in each: if the file "
                     f"stacks {k} series, pass --id {shell_word(col)}; read as one series")
        unused = [c for c in unused if c not in (col, clock)]
    return notes + unused_notes(unused, target, time, id, static=_per_series(df, unused[:5], id),
                                years=_two_digit_years(df, unused[:5], id) if not time else {})


# the parts of a calendar: a year in blocks with its months starting over is a date, not series
_CALENDAR_PART = re.compile(r"(?i)\s*(years?|yr|quarters?|qtr|q|months?|mon|mm|mo|weeks?|wk|days?|dd|hours?|hr)\s*")


def numbered_series(df: pd.DataFrame, cols: list[str]) -> tuple[str, int, str] | None:
    """(id, number of blocks, clock) where cols hold series numbered in whole numbers, stacked
    without a time column: an integer column in blocks (id_like_column's test) beside another
    that rises within each block and falls back at each block's start (the series' own time,
    uneven or not a time column wavecast reads: R's ChickWeight, Chick 1..50 and Time 0..21).
    Such a file was read as one series of 578 points with a season found in the repeats, and
    the ids told to be --past or --future; a text id got a note, numbers none (a year in blocks
    is a date, so calendar names are left out). None when there is no such pair."""
    import numpy as np
    import pandas as pd

    whole = [c for c in cols if pd.api.types.is_integer_dtype(df[c]) and not _CALENDAR_PART.fullmatch(c)]
    for c in whole:
        found = id_like_column(df[[c]], set())
        if found is None:
            continue
        starts = (df[c] != df[c].shift()).to_numpy()[1:]  # rows that open a block
        # a clock's values repeat from block to block (days 0, 2, 4, ... in each): fewest distinct first,
        # so that a target growing within each series (a chick's weight) is not taken for it
        for clock in sorted(cols, key=lambda k: df[k].nunique()):
            if clock == c:
                continue
            steps = np.diff(df[clock].to_numpy(dtype=np.float64))
            if np.isfinite(steps).all() and (steps[starts] < 0).all() and (steps[~starts] > 0).all():
                return c, found[1], clock
    return None


def _per_series(df: pd.DataFrame, cols: list[str], id: str) -> set[str]:
    """The columns among cols that hold one value in each series (a store's size) and differ
    between series: static covariates, not past or future ones."""
    if not id or not cols:
        return set()
    groups = df.groupby(df[id], sort=False, observed=True)[cols]
    within = groups.nunique(dropna=False).max()
    return {c for c in cols if within[c] == 1 and df[c].nunique(dropna=False) > 1}


def date_parts(columns, time: str) -> tuple[str, ...] | None:
    """(year, month) or (year, month, day) columns by their names (Year, Month, Day; yr, mm, dd),
    or (month, day) with no year, where no time axis was found: a date written in parts, as
    statistics offices (a year and a month) and R's airquality (Month, Day of one summer) do.
    Without the day a (Year, Month, Day) file was told to join the year and the month with
    day=1 (every day of a month one date) and its Day to be --past or --future; a (Month, Day)
    file was offered to forecast its Month and Day as series."""
    if time:
        return None

    def named(pattern: str) -> str | None:
        return next((c for c in columns if re.fullmatch(rf"(?i)\s*({pattern})\s*", str(c))), None)

    year, month, day = named(r"years?|yr"), named(r"months?|mon|mm|mo"), named(r"days?|dd")
    if month is None or (year is None and day is None):
        return None
    return tuple(c for c in (year, month, day) if c is not None)


def date_parts_hint(parts: tuple[str, ...], frame: str = "df") -> str:
    """How to join a year, a month (and a day) column into one column of dates; a month and a
    day without a year are joined with a year the user puts in (2000: a leap year, so that a
    29 February reads)."""
    if len(parts) == 3:
        y, m, d = parts
        return (f"columns {y!r}, {m!r} and {d!r} hold a date in three parts? join them into one column of dates: "
                f"{frame}['date'] = pd.to_datetime(dict(year={frame}[{y!r}], month={frame}[{m!r}], day={frame}[{d!r}]))")
    if len(parts) == 2 and re.fullmatch(r"(?i)\s*(days?|dd)\s*", str(parts[1])):
        m, d = parts
        return (f"columns {m!r} and {d!r} hold a date without its year? join them with the year into one column "
                f"of dates: {frame}['date'] = pd.to_datetime(dict(year=2000, month={frame}[{m!r}], "
                f"day={frame}[{d!r}])) with the data's year in place of 2000")
    y, m = parts
    return (f"columns {y!r} and {m!r} hold a date in two parts? join them into one column of dates: "
            f"{frame}['date'] = pd.to_datetime(dict(year={frame}[{y!r}], month={frame}[{m!r}], day=1))")


def _two_digit_years(df: pd.DataFrame, cols: list[str], id: str) -> dict[str, tuple[int, int]]:
    """{column: (first, last)} of the columns among cols named as years (Year, yr) holding whole
    numbers 0-99 one apart within each series: years written with two digits (Ecdat's Cigar, 63 to
    92), which are no time axis as written, and were told to be --past or --future."""
    import pandas as pd

    out = {}
    for c in cols:
        col = df[c]
        if not YEAR_NAME.fullmatch(c.strip()) or not pd.api.types.is_integer_dtype(col) or not len(col):
            continue
        steps = (col.groupby(df[id].to_numpy()).diff() if id else col.diff()).dropna()
        if col.min() >= 0 and col.max() <= 99 and len(steps) and (steps == 1).all():
            out[c] = (int(col.min()), int(col.max()))
    return out


def unused_notes(numeric: list[str], target: str, time: str, id: str, static=frozenset(),
                 years=None) -> list[str]:
    """A note for each numeric column left unused (at most 5, then a count); those in static
    (constant within each series) point to --static. A year and a month column with no time
    axis get one note on joining them (they were each told to be --past or --future); so do a
    year, a month and a day, or a month and a day."""
    unused = [c for c in numeric if c not in {target, time, id}]
    parts = date_parts(unused, time)
    if parts:
        unused = [c for c in unused if c not in parts]
        return [f"the rows are steps 0, 1, 2, ... (no time column): {date_parts_hint(parts)}, and read it "
                "as the time"] + unused_notes(unused, target, time, id, static)
    return [_two_digit_note(c, *years[c]) if c in (years or {}) else
            f"column {c!r} is not used; " + ("it is constant within each series: pass --static to use it" if c in static
                                             else "pass --past or --future to use it") for c in unused[:5]] + (
        [_more(unused[5:], "numeric column") + "; pass --past or --future to use " + ("it" if len(unused) == 6 else "them")]
        if len(unused) > 5 else [])


def _two_digit_note(c: str, first: int, last: int) -> str:
    """The note on a column of two-digit years left unused (the rows then read as steps)."""
    full = first + (1900 if first >= 30 else 2000)  # Excel's rule for two-digit years, as dates read them
    return (f"column {c!r} is not used and the rows are steps 0, 1, 2, ...: if it holds years written with two "
            f"digits ({first} to {last}), write them with four ({full} for {first}) and it is read as the time, "
            f"with yearly defaults; --time {shell_word(c)} reads them as plain steps")


def _more(cols: list[str], noun: str) -> str:
    """The columns past those noted one by one, named: R's Seatbelts with --target drivers said
    "2 more numeric columns are not used", its law, the driver a practitioner came for, unnamed."""
    shown = ", ".join(cols[:10]) + (f" and {len(cols) - 10:,} more" if len(cols) > 10 else "")
    return f"{counted(len(cols), 'more ' + noun)} {'is' if len(cols) == 1 else 'are'} not used ({shown})"


def unused_text_notes(unused: list[str]) -> list[str]:
    """A note for each column of text left unused by a series without a time axis (at most 3,
    then a count): dates in a form not recognised (07-Jan-2020) are then seen, not dropped
    without a word."""
    return [f"column {c!r} is not used and the rows are steps 0, 1, 2, ... (no time column); pass "
            f"--time {shell_word(c)} if it holds the times" for c in unused[:3]] + (
        [_more(unused[3:], "non-numeric column")] if len(unused) > 3 else [])
