"""The target column: the one given, else the one numeric column; none or several refused with
what to do (the columns there are, a long file's --id, a wide table's melt or --target list).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..errors import ValidationError
from ..words import closest_column, shell_word
from .layout import _CALENDAR_PART, id_like_column, id_said, numbered_series
from .marked import read_marked
from .numbercolumn import DURATION, _numeric, _refuse_huge_ints
from .tables import ROW_NUMBERS
from .timecolumn import FOUND
from .wide import several_numeric


def _hint_columns(cols: list[str], wanted: str = "") -> str:
    """The columns there are, and a no-header hint when they look like data. wanted: a column
    name not found, whose near twin (another case, spaces, a typo) is offered first: 'Value'
    was told the columns of a file holding 'value' among them, and nothing more."""
    near = closest_column(wanted, cols) if wanted else None
    text = f"did you mean {near!r}? " if near is not None else ""
    text += f"columns are {cols}" if len(cols) <= 12 else f"columns are {cols[:10]} and {len(cols) - 10:,} more"
    if len(text) > 200:  # long names: the message stays one short line
        text = text[:199] + "…"
    # columns named 0, 1, ... are those --no-header gives (or a DataFrame's own): a file read
    # with --no-header was told "the file may have no header row (use --no-header)"
    numbered = [str(c) for c in cols] == [str(i) for i in range(len(cols))]
    if not numbered and any(re.fullmatch(r"\s*[-+]?[\d.,eE]+\s*", str(c)) for c in cols):
        text += "; the file may have no header row (use --no-header)"
    return text


def _pick_target(df: pd.DataFrame, target: str, skip: set[str], src: str, marks=None, roles=None,
                 frame: str = "") -> str:
    """The target: the one given, else the one numeric column outside skip. roles: the flag that
    took each skipped column, named when it took the only numbers ('sold' given as --future).
    frame: the pandas expression of a DataFrame given in Python (wide.several_numeric)."""
    cols = list(df.columns)
    if target:
        if target not in df.columns:
            raise ValidationError(f"column {target!r} (--target) not found in {src}; {_hint_columns(cols, target)}")
        _names_as_target(df, target, skip, src, roles or {}, marks)
        return target
    for c in cols:  # numbers with one huge integer among them read as an object column
        if c not in skip and df[c].dtype == object:
            _refuse_huge_ints(df[c], str(c), src)
    # a column of '$2,010.37' (data.marked) is a column of numbers, as its spreadsheet shows it
    numeric = [c for c in cols if c not in skip and ((pd.api.types.is_numeric_dtype(df[c])
               and not pd.api.types.is_bool_dtype(df[c])) or _marked(df[c], marks))]
    if len(numeric) == 1:
        return numeric[0]
    if not numeric:
        # a column of numbers with a stray text value ('-', 'n.a.') is read as text: the one such
        # column is the target the user meant, so its bad value is named, not "no numeric column"
        almost = [c for c in cols if c not in skip and (df[c].dtype == object or pd.api.types.is_string_dtype(df[c]))
                  and (_mostly_numbers(df[c]) or _durations(df[c]))]
        if len(almost) == 1:
            _numeric(df[almost[0]], str(almost[0]), src, marks)  # raises, naming the value and its remedy
        taken = [f"{c!r} ({roles[c]})" for c in cols if c in (roles or {}) and pd.api.types.is_numeric_dtype(df[c])
                 and not pd.api.types.is_bool_dtype(df[c])]
        if taken:  # was "has no numeric column; ...; choose one with --target" of a file of numbers
            raise ValidationError(f"{src} has no numeric column left for the target: {', '.join(taken[:5])} "
                                  f"{'is' if len(taken) == 1 else 'are'} given another role; {_hint_columns(cols)}; "
                                  "name the target with --target, and give each column one role")
        raise ValidationError(f"{src} has no numeric column; {_hint_columns(cols)}; choose one with --target")
    # a wide table (a series a column) was refused with no hint of long form or of several targets
    time, id = (next((c for c, r in (roles or {}).items() if r in flags), "") for flags in (("--time", FOUND), ("--id",)))
    if not id and time and df[time].duplicated().any():
        # a long file without --id or --target (stores S000.. or 000.., the latter read as numbers): the
        # refusal offered to melt a wide table or to forecast the columns (the store numbers too)
        # jointly, not --id store (check_layout's line, given --target)
        found = id_like_column(df, set(skip), time)  # skip: the time and the columns given a role
        if found is not None:
            col, k = found
            # the date's parts beside the time (txhousing's year, month) are no target to offer
            rest = [str(c) for c in numeric if c != col and not _CALENDAR_PART.fullmatch(str(c))]
            raise ValidationError(f"{src} looks like {k} series stacked in long format: its time stamps repeat and "
                                  f"{id_said(df, col, k)}; pass --id {shell_word(col)}" +
                                  (f" and --target COLUMN, one of {', '.join(rest[:10])}" if len(rest) > 1 else
                                   f" and --target {shell_word(rest[0])}" if rest and len(numeric) > 1 + (col in numeric)
                                   else ""))
    stacked = numbered_series(df, [str(c) for c in numeric]) if not (id or time) else None
    if stacked is not None:  # R's ChickWeight: Chick 1..50 in blocks, Time 0..21 in each; no melt, no joint targets
        col, k, clock = stacked
        rest = [str(c) for c in numeric if c not in (col, clock)]
        raise ValidationError(f"{src} looks like {k} series stacked in long format: column {col!r} holds {k} values "
                              f"in blocks and {clock!r} starts over in each; pass --id {shell_word(col)}" +
                              (f" and --target COLUMN, one of {', '.join(rest[:10])}" if len(rest) > 1 else ""))
    labels = [str(c) for c in cols if c not in skip and c not in numeric]  # the rows' names, where they have them
    raise ValidationError(several_numeric(src, [str(c) for c in numeric], str(time), str(id), frame,
                                          df.attrs.get(ROW_NUMBERS, ""), labels))


def _names_as_target(df: pd.DataFrame, target: str, skip: set[str], src: str, roles: dict, marks) -> None:
    """Refuse a target of names (words, no number in them) that repeat, a few for many rows: the
    series' names of a long file (ggplot2's economics_long: variable, 'pce', 'pop', ...; txhousing's
    city), given as --target in the place of --id. It was "column 'variable' has 2870 non-numeric
    values, first at row 1: 'pce' (give numbers only: a missing value left empty, a yes/no flag as
    1/0)", which names no fix; now the --id and the columns of numbers there are."""
    col = df[target]
    if not (col.dtype == object or pd.api.types.is_string_dtype(col) or isinstance(col.dtype, pd.CategoricalDtype)):
        return
    given = col.dropna().astype(str).str.strip()
    k = given.nunique()
    if not len(given) or not 2 <= k <= len(col) // 2 or given.str.contains(r"\d").any() or _marked(col, marks):
        return  # numbers with a stray word, dates, marked numbers: their own refusals name the value
    time = next((c for c, r in roles.items() if r in ("--time", FOUND)), "")
    in_blocks = int((col != col.shift()).sum()) == k or (
        time and df[time].duplicated().any() and not df.duplicated([target, time]).any())  # each its own stamps
    if roles.get(target) != "--id" and not in_blocks:
        return  # yes/no scattered over the rows is a flag (1/0), not series' names
    numbers = [str(c) for c in df.columns if c != target and c not in skip and pd.api.types.is_numeric_dtype(df[c])
               and not pd.api.types.is_bool_dtype(df[c])]
    which = (f"--target COLUMN, one of {', '.join(numbers[:10])}" if len(numbers) > 1
             else f"--target {shell_word(numbers[0])}" if numbers else "--target the column of numbers to forecast")
    shown = ", ".join(repr(v) for v in pd.unique(given)[:3]) + (", ..." if k > 3 else "")
    if roles.get(target) == "--id":
        raise ValidationError(f"column {target!r} (--target) in {src} holds the series' names ({shown}), given as "
                              f"the --id; pass {which}")
    raise ValidationError(f"column {target!r} (--target) in {src} holds text, {k} names ({shown}) for "
                          f"{len(col):,} rows: the series' names? pass --id {shell_word(target)} and {which}")


def _marked(col: pd.Series, marks) -> bool:
    """Whether a text column reads as numbers with their marks ('$2,010.37', '20.1%')."""
    text = col.dtype == object or pd.api.types.is_string_dtype(col)
    return bool(text) and read_marked(col, "", marks).values is not None


def _mostly_numbers(col: pd.Series) -> bool:
    """Whether most of a text column's values (at least 9 in 10 of those given) read as numbers,
    a decimal comma (1,5) or a thousands one (1,234; 12,056.72; 12.056,72) counted as one: a
    spreadsheet's '12,056.72' throughout was "no numeric column", with no word of --thousands."""
    given = col.dropna().astype(str).str.strip()
    if len(given) == 0:
        return False
    given = given.str.replace(r"[\s$€£¥%()]", "", regex=True)  # $1,000.00, 12 %, (5.50) as numbers with a unit
    readings = (given.str.replace(",", ".", regex=False),  # 1,5 or 1,234
                given.str.replace(",", "", regex=False),  # 12,056.72
                given.str.replace(".", "", regex=False).str.replace(",", ".", regex=False))  # 12.056,72
    number = np.logical_or.reduce([pd.to_numeric(r, errors="coerce").notna().to_numpy() for r in readings])
    return number.mean() >= 0.9


def _durations(col: pd.Series) -> bool:
    """Whether every value of a text column is a duration h:mm:ss (fpp3 boston_marathon's
    winning times '02:55:10'): the target the user meant, written as text."""
    given = col.dropna().astype(str).str.strip()
    return len(given) > 0 and bool(given.str.fullmatch(DURATION.pattern).all())
