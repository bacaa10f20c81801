"""Read a CSV or Parquet file (or a pandas/NumPy object) into validated series.

One target column, an optional time column (parsed, its frequency inferred) and an optional
id column (long format: many series, one global model). Every problem is a ValidationError
with one line naming the file, the column, the row and a fix. Row numbers count data rows
from 1 in the order of the file (the header is not a row).
"""

from __future__ import annotations

import re
import warnings
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import ValidationError
from ..words import counted, folded_series_notes, shell_word
from .covariates import (
    calendar_columns,
    check_complete,
    check_roles,
    holiday_columns,
    read_covariates,
)
from .dataset import (  # noqa: F401  (re-exported)
    UNNAMED,
    Dataset,
    RegularTimes,
    canonical,
    check_lengths,
    column_said,
    holder,
    index_said,
    required_length,
    whole,
)
from .dateorder import ISO_DATE, NUMERIC_DATE
from .integeraxis import IntegerAxis, uneven_column
from .layout import check_layout, id_like_column, numbered_series, unused_text_notes
from .marked import read_marked
from .monthnames import (
    MONTH_DATE,
    YEAR_MONTH,
    looks_like_month_dates,
    looks_like_year_months,
    month_number,
)
from .parquet import DECIMAL_TIME_NAME, YEAR_NAME, read_clean, with_file_ids
from .tables import ROW_NUMBERS, read_table, without_row_numbers
from .targets import parse_targets
from .timeaxis import (
    at_row,
    continue_axis,
    fill_gaps,
    future_times,  # noqa: F401  (re-exported: data.future_times)
    infer_freq,
    order_rows,
    parse_time,
    ymd_dates,
)
from .wide import melted, several_numeric
from .yearparts import ISO_WEEK, read_decimal_years, read_iso_weeks, text_style, ts_frequency

F32_MAX = float(np.finfo(np.float32).max)  # training runs in float32 by default
DURATION = re.compile(r"\d{1,3}:[0-5]\d:[0-5]\d(?:\.\d+)?")  # h:mm:ss, a race's time (not a date's time of day)
FOUND = "found as the time column"  # a column's role when detect_time chose it (no --time given)


def read(path: str | Path, target: str = "", time: str = "", id: str = "", fill: str = "none",
         sort: bool = False, fill_missing_dates: bool = False, encoding: str = "utf-8",
         header: bool = True, thousands: str = "", clean_first: bool = True, sep: str = ",",
         decimal: str = ".", date_order: str = "auto", **covariates) -> Dataset:
    """Read and validate a data file; see from_frame for the checks.

    sep, decimal: a CSV's field separator and decimal mark; date_order: auto, day-first or
    month-first, how dates such as 01/02/2020 are read (data.dateorder).

    A clean Parquet file (parquet_read) is streamed into the Dataset without pandas; any
    other file, or one that is not clean, goes through a DataFrame and from_frame.
    """
    if clean_first and not any(covariates.values()) and parse_targets(target) is None:
        ds = read_clean(path, target, time, id, sort)
        if ds is not None:
            return ds
    named = [*(target if isinstance(target, (list, tuple)) else str(target).split(",")), time, id]
    named = [str(n).strip() for n in named]
    df = read_table(path, encoding, header, thousands, categorical=(id,) if id else (), named=named,
                    text=(id,) if id else (), sep=sep, decimal=decimal)
    parquet = Path(path).suffix.lower() in (".parquet", ".pq")  # (as read_table tells them apart)
    return with_file_ids(from_frame(df, target, time, id, fill, sort, fill_missing_dates, source=str(path),
                                    date_order=date_order, marks=None if parquet else (sep, decimal, thousands),
                                    **covariates), path)


# ---------------------------------------------------------------------------- validation

def detect_time(df: pd.DataFrame, skip: set[str]) -> str:
    """The time column when none is given: the one column of dates (a datetime dtype, or text
    whose every value is an ISO date such as 1949-01 or 1949-01-01 12:00, every value a
    date of three numbers such as 31/01/1949 or 31.01.1949, or every value a month's name and
    a year such as Jan-1949 or Jan-49, a year and a month in numbers such as 1949/01, or an ISO
    week such as 1991 W06; a whole-year column named Year, or whole numbers one apart named time:
    _year_numbers); "" when
    there is none or more than one (then the rows are steps 0, 1, 2, ... as before). Without it a
    file of monthly dates lost its frequency, and with it the season and the horizon. A column of
    month names or year-months beside one of full dates (a date and its quarter 2019Q1) leaves
    the full dates the time, as before those forms were found."""
    found, months = [], []
    for c in df.columns:
        if c in skip:
            continue
        col = df[c]
        if pd.api.types.is_datetime64_any_dtype(col):
            found.append(c)
        elif col.dtype == object or pd.api.types.is_string_dtype(col):
            head = col.iloc[: min(50, max(len(col) - 1, 1))]  # the last row apart: a summary row is said
            if head.isna().any() or not all(isinstance(v, str) for v in head):
                continue
            for form in (ISO_DATE, NUMERIC_DATE):  # one form throughout (dateorder reads the second; YY too)
                if all(form.fullmatch(v.strip()) for v in head):
                    dated = col.astype(str).str.strip().str.fullmatch(form).to_numpy()
                    if dated.all():
                        found.append(c)
                        break
                    _summary_row(c, col, dated)
            else:  # Jan-2019, Jan-19 (Excel's mmm-yy): read by monthnames; 2019/01, 01-2019, 2019Q1 by pandas
                if (all(MONTH_DATE.fullmatch(v) for v in head) and looks_like_month_dates(col)) or (
                        all(YEAR_MONTH.fullmatch(v) for v in head) and looks_like_year_months(col)) or (
                        all(ISO_WEEK.fullmatch(v) for v in head) and read_iso_weeks(col) is not None):
                    months.append(c)
        elif _year_numbers(c, col, [df[k] for k in skip if k in df.columns]) or _ymd_numbers(
                col, [df[k] for k in skip if k in df.columns]) or _decimal_years(
                c, col, [df[k] for k in skip if k in df.columns]):
            months.append(c)
    found = found or months
    return str(found[0]) if len(found) == 1 else ""



HOUR_NAME = re.compile(r"(?i)\s*(hour|hr|he|hour[ _]?ending|hour[ _]?of[ _]?day)\s*")
CLOCK = re.compile(r"\s*([01]?\d|2[0-4]):[0-5]\d(:[0-5]\d(\.\d+)?)?\s*")  # 13:00, 7:30, 13:00:05
# a day's numbered periods: GB settlement periods 1-48 (SettlementPeriod, SP), AEMO's and other
# markets' quarter-hours 1-96 (PERIODID, Interval)
PERIOD_NAME = re.compile(r"(?i)\s*(settlement[ _]?period|(trading[ _]?)?period([ _]?(id|no|number))?|sp|"
                         r"interval([ _]?(id|no|number))?)\s*")


def _date_and_hour(df: pd.DataFrame, time: str, id: str, src: str, covariates: set) -> None:
    """Refuse a time column of dates that repeat within a series beside a column of hours (0-23
    or 1-24, as grid operators write 'Hour Ending'), with how to make one column of both. It was
    "timestamp 2024-01-01 appears 24 times; drop the duplicates", or, without --target, the
    hours offered as a target."""
    others = [c for c in df.columns if c not in (time, id) and c not in covariates]
    hours = [c for c in others if (HOUR_NAME.fullmatch(str(c)) or PERIOD_NAME.fullmatch(str(c)))
             and pd.api.types.is_integer_dtype(df[c])]
    clocks = [c for c in others if (df[c].dtype == object or pd.api.types.is_string_dtype(df[c]))
              and df[c].iloc[:20].astype(str).str.fullmatch(CLOCK).all()  # (a cheap look first: big files)
              and df[c].astype(str).str.fullmatch(CLOCK).all()]
    keys = [c for c in (id, time) if c]
    if not (hours or clocks) or not df.duplicated(keys).any():
        return
    # each date's rows hold each hour once: a date and its hours, not series stacked without --id
    # (whose stamps and hours repeat together: the layout's --id hint says that)
    hours = [c for c in hours if not df.duplicated([*keys, c]).any()]
    clocks = [c for c in clocks if not df.duplicated([*keys, c]).any()]
    if not (hours or clocks):
        return
    if clocks:  # a Date column and a Time column of 13:00 (Excel, loggers)
        raise ValidationError(f"column {time!r} in {src} repeats each date with column {clocks[0]!r} holding the "
                              f"time of day: make one time column of both, e.g. df[{time!r}] = "
                              f"df[{time!r}].astype(str) + ' ' + df[{clocks[0]!r}], then drop {clocks[0]!r}")
    h = df[hours[0]]
    low, high = int(h.min()), int(h.max())
    if PERIOD_NAME.fullmatch(str(hours[0])) and low in (0, 1) and 24 < high <= 100:
        _date_and_period(df, time, id, src, hours[0], low, high)
    if low < 0 or high > 24:
        return
    shift = " - 1" if low >= 1 else ""
    raise ValidationError(f"column {time!r} in {src} repeats each date with column {hours[0]!r} holding the hour "
                          f"({low}-{high}): make one time column of both, e.g. df[{time!r}] = "
                          f"pd.to_datetime(df[{time!r}]) + pd.to_timedelta(df[{hours[0]!r}]{shift}, unit='h')"
                          + (" (hours ending 1-24 stamped at their start)" if shift else "")
                          + f", then drop {hours[0]!r}")


def _date_and_period(df: pd.DataFrame, time: str, id: str, src: str, col: str, low: int, high: int) -> None:
    """Refuse dates beside a day's numbered periods: half-hours (up to 50: GB settlement periods
    1-48, 46 or 50 on clock-change days) or quarter-hours (up to 100: 1-96), with the line that
    stamps each period at its start. They were "2 numeric columns; choose one with --target" or
    "timestamp ... appears 48 times". Where a day holds more or fewer periods than the others
    (a clock change), the line counts them from local midnight in a zone, so each is its instant."""
    minutes, word, full = (30, "half-hour", 48) if high <= 50 else (15, "quarter-hour", 96)
    shift = f"df[{col!r}] - 1" if low == 1 else f"df[{col!r}]"
    per_day = df.groupby([df[c] for c in (id, time) if c], sort=False)[col].size()
    odd = per_day[per_day != full]
    day = f"pd.to_datetime(df[{time!r}])"
    said = ""
    if len(odd) and len(odd) < len(per_day) and set(odd) & {full - 60 // minutes, full + 60 // minutes}:
        # 46 and 50 (92 and 100): a clock change; local dates + periods would repeat or skip an hour
        day = f"pd.to_datetime(df[{time!r}]).dt.tz_localize('Europe/London')"
        said = (f" (your zone in place of Europe/London: days of {full - 60 // minutes} or {full + 60 // minutes} periods "
                "are clock changes, each period then its own instant)")
    raise ValidationError(f"column {time!r} in {src} repeats each date with column {col!r} holding the {word} "
                          f"period ({low}-{high}): make one time column of both, e.g. df[{time!r}] = {day} + "
                          f"pd.to_timedelta(({shift}) * {minutes}, unit='min'){said}, then drop {col!r}")


def _summary_row(name, col: pd.Series, dated: np.ndarray) -> None:
    """Refuse a column of dates whose one other value is its last row ('Total', 'Average'): a
    spreadsheet's summary row. It was read as data: the dates left unused as no time column, and
    the total the series' last point, forecast from (a 72-month series ended at 7,206)."""
    if len(dated) > 2 and not dated[-1] and dated[:-1].all():
        if pd.isna(col.iloc[-1]) or not str(col.iloc[-1]).strip():
            raise ValidationError(f"column {name!r} holds dates but its last row, row {len(dated)}, has none; "
                                  "drop that row, or give its date")
        raise ValidationError(f"column {name!r} holds dates but its last row, row {len(dated)}, holds "
                              f"{str(col.iloc[-1]).strip()!r}: a summary row? drop it")


def _year_numbers(name, col: pd.Series, ids: list[pd.Series]) -> bool:
    """A column of whole years by its name and values (Year: 1970, 1971, ... as R and pandas
    write a yearly series), each once a series (ids: the id column, if any): read as the time
    (an integer axis, as --time takes it). It was left unused ("column 'Year' is not used; pass
    --past or --future to use it"), or offered as a second target beside the one number, and the
    rows read as steps from 0. A year repeated (a year and a month column) is not the time."""
    if not pd.api.types.is_integer_dtype(col) or not len(col):
        return False
    if YEAR_NAME.fullmatch(str(name).strip()):
        return col.min() >= 1000 and col.max() < 3000 and not pd.concat([*ids, col], axis=1).duplicated().any()
    # A column named time of whole numbers one apart within each series: R's time() of a yearly ts
    # (the Rdatasets CSVs: Nile's rownames,time,value with 1871, 1872, ...) or of one started at 1.
    # It was refused as "2 numeric columns (time, value)". Steps of exactly 1 are asked for: a
    # column of durations named time is no axis.
    if not DECIMAL_TIME_NAME.fullmatch(str(name).strip()):
        return False
    steps = col.groupby([k.to_numpy() for k in ids]).diff() if ids else col.diff()
    return bool((steps.dropna() == 1).all())


def _decimal_years(name, col: pd.Series, ids: list[pd.Series]) -> bool:
    """A float column named time (or Year) of decimal years, as R's time() of a monthly or
    quarterly ts writes them (1949.0, 1949.0833, ...: the Rdatasets CSVs, data.frame(time =
    time(x), value = x)), each once a series: the time, read as --time reads it (timeaxis:
    month or quarter starts). It was taken for a second numeric column ("2 numeric columns
    (time, value)", offering --target time,value) or, with --target, named in a note as a
    driver to pass. The name is asked for: a price quoted in quarters (1234.25) is no time."""
    if not DECIMAL_TIME_NAME.fullmatch(str(name).strip()) or not pd.api.types.is_float_dtype(col) or not len(col):
        return False
    return read_decimal_years(col, str(name), None) is not None and not pd.concat([*ids, col], axis=1).duplicated().any()


def _ts_time(df: pd.DataFrame, time: str, found: str, id: str, src: str, used: set) -> tuple[str, str]:
    """(column, note) of R's time() of a ts of a frequency other than 1, 4 or 12 (EuStockMarkets'
    1991.4962, 1991.5, ... in steps of 1/260), which is no date: a column named time (or Year)
    is left out with a note and the rows read as steps; ("", "") when there is none. Given as
    --time it is refused, saying so: it was "cannot parse 'time' at row 132: '1992.0'; use one
    format, e.g. 2021-02-19", and unnamed it was offered as a target ("--target time,DAX,...")
    or told to be --past or --future."""
    groups = [df[id]] if id else []
    if time:
        f = ts_frequency(df[time], groups)
        if f:
            v = [f"{x:.4f}".rstrip("0").rstrip(".") for x in df[time].iloc[:2]]  # 1991.4962, not 1991.5
            raise ValidationError(f"column {time!r} in {src} holds R's time() of a ts of frequency {f} ({v[0]}, "
                                  f"{v[1]}, ...: steps of 1/{f}), not dates; leave out --time: such a column "
                                  "is left out and the rows are read as steps 0, 1, 2, ...")
        return "", ""
    if found:
        return "", ""
    for c in df.columns:
        if c in used or c == id or not DECIMAL_TIME_NAME.fullmatch(str(c).strip()):
            continue
        f = ts_frequency(df[c], groups)
        if f:
            v = [f"{x:.4f}".rstrip("0").rstrip(".") for x in df[c].iloc[:2]]
            return str(c), (f"column {c!r} holds R's time() of a ts of frequency {f} ({v[0]}, {v[1]}, ...), "
                            f"not dates: left out, the rows are read as steps 0, 1, 2, ...; for a season of R's "
                            f"frequency, --set eval.period={f}")
    return "", ""


def _ymd_numbers(col: pd.Series, ids: list[pd.Series]) -> bool:
    """A column of dates written YYYYMMDD as whole numbers (timeaxis.ymd_dates), each once a
    series: the time, as a column of dates is (it was taken for a second numeric column)."""
    return ymd_dates(col) is not None and not pd.concat([*ids, col], axis=1).duplicated().any()


def _hint_columns(cols: list[str]) -> str:
    """The columns there are, and a no-header hint when they look like data."""
    text = f"columns are {cols}" if len(cols) <= 12 else f"columns are {cols[:10]} and {len(cols) - 10:,} more"
    if len(text) > 200:  # long names: the message stays one short line
        text = text[:199] + "…"
    if any(re.fullmatch(r"\s*[-+]?[\d.,eE]+\s*", c) for c in cols):
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
            raise ValidationError(f"column {target!r} (--target) not found in {src}; {_hint_columns(cols)}")
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
        found = id_like_column(df, set(skip))  # skip: the time and the columns given a role
        if found is not None:
            col, k = found
            rest = [str(c) for c in numeric if c != col]
            raise ValidationError(f"{src} looks like {k} series stacked in long format: its time stamps repeat and "
                                  f"column {col!r} holds {k} values in blocks; pass --id {shell_word(col)}" +
                                  (f" and --target COLUMN, one of {', '.join(rest[:10])}" if len(rest) > 1 else ""))
    stacked = numbered_series(df, [str(c) for c in numeric]) if not (id or time) else None
    if stacked is not None:  # R's ChickWeight: Chick 1..50 in blocks, Time 0..21 in each; no melt, no joint targets
        col, k, clock = stacked
        rest = [str(c) for c in numeric if c not in (col, clock)]
        raise ValidationError(f"{src} looks like {k} series stacked in long format: column {col!r} holds {k} values "
                              f"in blocks and {clock!r} starts over in each; pass --id {shell_word(col)}" +
                              (f" and --target COLUMN, one of {', '.join(rest[:10])}" if len(rest) > 1 else ""))
    raise ValidationError(several_numeric(src, [str(c) for c in numeric], str(time), str(id), frame,
                                          df.attrs.get(ROW_NUMBERS, "")))


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


def _unused_text(df: pd.DataFrame, used: set[str], said: list[str]) -> list[str]:
    """Notes on the columns of text (or booleans) not read, those a note names already aside."""
    return unused_text_notes([str(c) for c in df.columns if c not in used and not any(repr(str(c)) in n for n in said)
                              and not (pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c]))])


def _numeric(col: pd.Series, name: str, src: str, marks: tuple[str, ...] | None = None,
             notes: list[str] | None = None, driver: bool = False) -> np.ndarray:
    """The target (or a covariate) as float64, or a ValidationError naming the first bad value
    and its remedy (cases 5, 8, 9, 17). marks: the CSV's (sep, decimal, thousands); None for a
    frame or a Parquet file, which no reader flag re-reads. A text column of numbers as a
    spreadsheet exports them ('$2,010.37', data.marked) is read, its note added to notes.
    driver: the column is a covariate, whose categories of text may be one-hot columns (a target's
    may not: _category_remedy)."""
    kind = None
    if pd.api.types.is_bool_dtype(col):
        kind = "boolean"
    elif pd.api.types.is_datetime64_any_dtype(col) or isinstance(col.dtype, pd.PeriodDtype):
        kind = "dates"
    elif pd.api.types.is_complex_dtype(col):
        kind = "complex"
    if kind:
        raise ValidationError(_not_numeric(kind, name, src))
    if pd.api.types.is_numeric_dtype(col):
        x = col.to_numpy(dtype=np.float64, na_value=np.nan)
    else:
        _refuse_huge_ints(col, name, src)
        conv = pd.to_numeric(col, errors="coerce")
        bad = np.flatnonzero(conv.isna().to_numpy() & col.notna().to_numpy())
        marked = read_marked(col, name, marks, src) if len(bad) else None
        # Stray spaces, "nan" text or booleans read from text also land here.
        if marked is not None and marked.values is None:
            first = col.iloc[bad[0]]
            remedy = marked.remedy or _text_remedy(first, marks, src)
            # a category: text throughout (a column of numbers with 'n/a', '-', '?' among them is no category)
            if driver and remedy == NO_NUMBER and len(bad) >= 0.9 * col.notna().sum():
                remedy = _category_remedy(col.iloc[bad], name) or remedy
            raise ValidationError(
                f"{column_said(name, src)} has {counted(len(bad), 'non-numeric value')}, first at row "
                f"{bad[0] + 1}: {first!r} ({remedy})"
            )
        if marked is not None:
            if notes is not None and marked.note not in notes:
                notes.append(marked.note)
            x = marked.values
        else:
            x = conv.to_numpy(dtype=np.float64, na_value=np.nan)
    inf = np.flatnonzero(np.isinf(x))
    if len(inf):
        raise ValidationError(f"{column_said(name, src)} contains infinity at row {inf[0] + 1}; "
                              "remove or replace it")
    # Check before any cast: a float64 above float32's range would silently become inf.
    big = np.flatnonzero(np.abs(np.nan_to_num(x)) > F32_MAX)
    if len(big):
        raise ValidationError(f"value {x[big[0]]:g} at row {big[0] + 1} of {column_said(name, src)} "
                              f"does not fit in float32 (max 3.4e38); rescale {holder(src)}")
    return x


def _not_numeric(kind: str, name: str, src: str) -> str:
    """The refusal of a target of booleans, dates or complex numbers, in the words of what was
    given: a Series or an array has values, not a column (a boolean Series was told "a numeric
    column is required"); a DataFrame's column is fixed in Python, a file's in the file."""
    said = column_said(name, src)
    if whole(src):
        fix = {"boolean": "numeric values are required, e.g. convert it with .astype(int)",
               "dates": "numeric values are required: the times belong in a Series' index, the numbers to "
                        "forecast in its values",
               "complex": "real values are required, e.g. its .real part or np.abs() of it"}[kind]
        return f"{said} {'holds dates/times' if kind == 'dates' else 'is ' + kind}; {fix}"
    what = "a date/time column" if kind == "dates" else kind
    fix = ("" if kind != "boolean" else f", e.g. df[{name!r}] = df[{name!r}].astype(int)" if src == "the DataFrame"
           else ": write its values as 1/0")
    return f"{said} is {what}; a numeric column is required{fix}"


def _same_text_ids(idcol: pd.Series, n_text: int, id: str, src: str) -> None:
    """Refuse ids of two types that read as one text (1 and '1' in a DataFrame's column): the ids
    are their text (in the forecasts file too), so their rows were one series, refused as
    'timestamp 2021-01-01 appears twice for id '1'; drop the duplicates', naming no cause."""
    if idcol.dtype != object or not pd.api.types.infer_dtype(idcol, skipna=True).startswith("mixed"):
        return  # one type (every file's column, most frames'): one text an id
    given = pd.unique(idcol)
    if len(given) == n_text:
        return
    text = pd.Series(given).astype(str)
    same = text[text.duplicated(keep=False)]
    a, b = (given[i] for i in same.index[:2])
    raise ValidationError(f"column {id!r} in {src} holds ids of two types that read the same, {a!r} "
                          f"({type(a).__name__}) and {b!r} ({type(b).__name__}): the ids are their text, in the "
                          f"forecasts too, so they would be one series; make the column one type, e.g. "
                          f"df[{id!r}] = df[{id!r}].astype(str)")


def _category_remedy(text: pd.Series, name: str) -> str | None:
    """A driver's text of more than two values (a colour, a region): one 0/1 column a value, the
    one-hot columns a net reads; None for two or fewer, which the yes/no flag's 1/0 fits."""
    values = pd.unique(text.astype(str).str.strip())
    if len(values) <= 2:
        return None
    shown = ", ".join(repr(v) for v in values[:3]) + (", ..." if len(values) > 3 else "")
    return (f"a category of {len(values)} values ({shown}): give one 0/1 column a value, e.g. "
            f"pd.get_dummies(df[{name!r}], prefix={name!r}, dtype=int), each as a driver")


NO_NUMBER = "give numbers only: a missing value left empty, a yes/no flag as 1/0"  # _text_remedy's own


def _text_remedy(value, marks: tuple[str, str] | None, src: str = "") -> str:
    """What to do about a value that is no number, in the words of where it came from: a flag
    only where a CSV's reader can fix it (a DataFrame is already parsed: decimal= is refused),
    the values of a Series or an array as such (they hold no column to convert or to name).
    marks: the CSV's (sep, decimal), or None; src: where the column is."""
    text = str(value).strip()
    it = holder(src)
    if DURATION.fullmatch(text):  # 02:55:10 was "text beside a number? give the number alone, as '02'"
        minutes = pd.to_timedelta(text).total_seconds() / 60
        code = {"the Series": "pd.to_timedelta(s).dt", "the array": "pd.to_timedelta(a)"}.get(
            src, "pd.to_timedelta(df[column]).dt")
        return (f"a duration? convert {it} to a number first, e.g. {text!r} to {minutes:.6g} minutes: "
                f"{code}.total_seconds() / 60")
    if ISO_DATE.fullmatch(text) or NUMERIC_DATE.fullmatch(text) or (
            MONTH_DATE.fullmatch(text) and month_number(re.sub(r"[^A-Za-z]", "", text))):  # 2022-01-02 was "as '2022'"
        if whole(src):  # no column to name: the times belong in the index
            return f"a date: {src} holds times; give them as a Series' index and the numbers to forecast as its values"
        return ("a date: this column holds times; name it with --time, and the column of numbers to "
                "forecast with --target")
    if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", text):
        return ("thousands separator? use --thousands ," if marks is not None else
                f"thousands separator? convert {it} to numbers first, e.g. {text!r} to {text.replace(',', '')}")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", text):  # 12.056,72: was "give the number alone, as '12.056'"
        plain = text.replace(".", "").replace(",", ".")
        if marks is None:
            return f"thousands separator '.'? convert {it} to numbers first, e.g. {text!r} to {plain}"
        if marks[0] == ",":
            return (f"thousands separator '.' and a decimal comma? write it {plain!r}, or save the file separated "
                    "by ';' and pass --sep ';' --decimal ',' --thousands .")
        return "thousands separator '.'? pass " + ("--thousands ." if marks[1] == "," else "--decimal ',' --thousands .")
    number = re.search(r"-?\d+(?:[.,]\d+)?", text)
    if number is None:  # 'abc', 'yes', '-': no number in it
        return NO_NUMBER
    comma = re.fullmatch(r"-?\d+,\d+", number[0]) is not None
    # '$1,000.00', '1.000,50 EUR': the number grouped in thousands, said without its marks (it was
    # "give the number alone, as '1.000'" of $1,000.00); 1,000 alone is left to the decimal comma
    grouped = re.search(r"-?\d{1,3}(?:,\d{3})+\.\d+|-?\d{1,3}(?:,\d{3}){2,}|-?\d{1,3}(?:\.\d{3})+,\d+", text)
    # (1,234.00): accounting's negative, said with its sign (it was "as '1234.00'")
    what, sign = (("a negative in parentheses? write it as", "-")
                  if re.fullmatch(r"\(.*\d.*\)", text) and not number[0].startswith("-") else
                  ("text beside a number? give the number alone, as", ""))
    if grouped is not None and grouped[0] != text:
        g = grouped[0]
        plain = g.replace(",", "") if "." not in g or g.rfind(".") > g.rfind(",") else g.replace(".", "").replace(",", ".")
        return f"{what} {sign + plain!r}"
    if number[0] != text:  # '10,5 EUR', '$9.99': a unit or a sign beside the number
        keep = comma and marks is not None and marks[0] != ","  # a ';' file may read decimal commas
        said = number[0] if keep else number[0].replace(",", ".")
        flag = " and pass --decimal ','" if keep and marks[1] != "," else ""
        return f"{what} {sign + said!r}{flag}"
    if not comma:
        return "give numbers only"
    if marks is None:  # a frame or a Parquet column of text: made numbers before it is given
        return f"decimal comma? convert {it} to numbers first, e.g. {text!r} to {text.replace(',', '.')}"
    if marks[0] == ",":  # --decimal ',' needs another field separator
        return (f"decimal comma? write it {text.replace(',', '.')!r}, or save the file separated by ';' and "
                "pass --sep ';' --decimal ','")
    return "decimal comma? pass --decimal ','"


def _refuse_huge_ints(col: pd.Series, name: str, src: str) -> None:
    """An object column holding an integer beyond float32 (a 400-digit one overflowed pandas)."""
    for row, v in enumerate(col.to_numpy()):
        if isinstance(v, int) and not isinstance(v, bool) and abs(v) > F32_MAX:
            n = len(str(abs(v))) if abs(v) < 10**4000 else "over 4000"
            raise ValidationError(f"value at row {row + 1} of {column_said(name, src)} is an integer of "
                                  f"{n} digits; it does not fit in float32 (max 3.4e38); rescale {holder(src)}")


def _axis_key(t: pd.Index) -> tuple | None:
    """A time axis as a key: its dtype (zone and unit) and its stamps' bytes; infer_freq reads
    nothing else. None (not kept) for an axis of other stamps (text, objects)."""
    if isinstance(t, pd.DatetimeIndex):
        return str(t.dtype), t.asi8.tobytes()
    v = t.to_numpy()
    return (str(v.dtype), v.tobytes()) if v.dtype.kind in "iu" else None


def from_frame(df: pd.DataFrame, target: str = "", time: str = "", id: str = "",
               fill: str = "none", sort: bool = False, fill_missing_dates: bool = False,
               source: str = "the data", min_len: int = 1, past=(), future=(), static=(),
               calendar: bool | tuple = False, date_order: str = "auto", marks: tuple[str, str] | None = None,
               frame: str = "", holidays: str = "", own=(), fill_own=None) -> Dataset:
    """Validate a long-format frame (target, optional time and id) into a Dataset.

    past, future, static: covariate columns by role, calendar: features of the time axis
    (data.covariates; True: those whose cycle the data covers twice, `calendar_columns`; or a
    fitted model's calendar column names, its holiday columns among them); holidays: a country
    code ("US", "AU-VIC") whose public holidays are added as calendar columns (holiday_columns).
    With future-known covariates, rows after a series'
    end with an empty target hold their values over the horizon (kept in Dataset.covariates,
    not in values).
    date_order: how dates such as 01/02/2020 are read (data.dateorder).
    marks: a CSV's (sep, decimal), for the remedy of text among numbers (None: no CSV).
    frame: a DataFrame given in Python as pandas writes it with its time as a column ("df", or
    "df.reset_index()" when its index is the time), for the hint of a wide table; "" for a file.
    own, fill_own: several targets' panel (_several): its own past columns ('b->a', the other
    targets), which a date --fill-missing-dates inserts does not refuse, and fill_own(ds, rows_of),
    which gives them their values there (data.targets.fill_inserted) before they are checked."""
    src = source
    cols = list(df.columns)
    dup = pd.Index(cols)[pd.Index(cols).duplicated()].unique().tolist()
    if dup:
        raise ValidationError(f"{src} has {cols.count(dup[0])} columns named {dup[0]!r}; "
                              "give every column its own name")
    for flag, col in (("--time", time), ("--id", id)):
        if col and col not in df.columns:
            raise ValidationError(f"column {col!r} ({flag}) not found in {src}; {_hint_columns(cols)}")
    if len(df) == 0:
        raise ValidationError(f"{src} has no data rows")
    found_time = "" if time else detect_time(df, {id} - {""})
    ts_time, ts_note = _ts_time(df, time, found_time, id, src, {*past, *future, *static})
    time = time or found_time
    if time:
        _date_and_hour(df, time, id, src, {*past, *future, *static})
    if isinstance(target, (list, tuple)) and len(target) == 1:  # one target, as a list
        target = str(target[0])
    targets = None if (isinstance(target, str) and target in df.columns) else parse_targets(target)
    if targets is not None:
        return _several(df, targets, time, id, fill, sort, fill_missing_dates, src, min_len, past, future,
                        static, calendar, date_order, marks, holidays, frame)
    # calendar: True (the columns chosen on this data's span) or a fitted model's column names
    names = tuple(calendar) if isinstance(calendar, (tuple, list)) else bool(calendar)
    covs = dict(past=tuple(past), future=tuple(future), static=tuple(static), calendar=names)
    with_cov = any(covs.values()) or bool(holidays)
    if with_cov:
        check_roles(target, time, id, **covs)
    # the columns whose values on a date --fill-missing-dates inserts would be invented: a gap is
    # refused with them (fill_gaps); calendar, holiday and static columns need nothing there (it
    # refused them all, and covariates on data with no date missing)
    by_date = (*(f"{c} (--past)" for c in past if c not in own), *(f"{c} (--future)" for c in future))
    roles = {**{c: "--static" for c in static}, **{c: "--future" for c in future}, **{c: "--past" for c in past},
             **({id: "--id"} if id else {}), **({time: FOUND if found_time else "--time"} if time else {}),
             **({ts_time: FOUND} if ts_time else {})}  # R's time() of a ts: no target, kept in a melt
    target = _pick_target(df, target, set(roles), src, marks, roles, frame)
    # ChickWeight's Time without --time (days 0, 2, ..., 20, 21): said how to read, not "not used"
    uneven, uneven_note = ("", "") if time else uneven_column(
        df, id, {target, *past, *future, *static, ts_time}, DECIMAL_TIME_NAME.fullmatch)
    layout_notes = check_layout(df, target, time, id, src, used={*past, *future, *static, ts_time, uneven} - {""})
    layout_notes[:0] = [n for n in (ts_note, uneven_note) if n]
    if found_time:
        layout_notes = [f"time column {found_time!r} (the only column of dates; pass --time to "
                        "choose another)", *layout_notes]
    if not time:  # no time axis: a column of dates not recognised as one would go unseen
        layout_notes += _unused_text(df, {target, id, *past, *future, *static}, layout_notes)
    read_notes: list[str] = []  # columns read without their marks ('$2,010.37'): said once each
    numeric = partial(_numeric, marks=marks, notes=read_notes)
    x_all = numeric(df[target], target, src)
    t_all = parse_time(df[time], time, src, layout_notes, date_order) if time else None
    # quarters or ISO weeks written as text ('2020Q1'): forecasts and messages name them so
    text = text_style(df[time]) if isinstance(t_all, pd.DatetimeIndex) else ""
    if id:
        idcol = df[id]
        miss = np.flatnonzero(idcol.isna().to_numpy())
        if len(miss):
            raise ValidationError(f"{index_said(id, src)} has a missing id at row {miss[0] + 1}")
        # A categorical id factorizes from its codes; astype(str) would build one string a row.
        codes, uniques = pd.factorize(idcol if isinstance(idcol.dtype, pd.CategoricalDtype)
                                      else idcol.astype(str), sort=False)
        _same_text_ids(idcol, len(uniques), id, src)
        # Rows of each id in file order, by one stable sort (not one scan of all rows per id).
        # Codes number the ids in order of appearance: rows already grouped by id (the usual
        # file) have non-decreasing codes and need neither a sort order nor gathered copies.
        order = None if (codes[1:] >= codes[:-1]).all() else np.argsort(codes, kind="stable")
        ends = np.cumsum(np.bincount(codes, minlength=len(uniques)))
        del codes
        ids = [str(u) for u in uniques]
    else:
        order, ends, ids = None, np.array([len(df)]), [""]
    rows_sorted = bool(sort and t_all is not None and not t_all.is_monotonic_increasing)
    if order is not None:
        # Gather values and times once in id order: each series is then a slice of one array
        # (10,000 series of 1,000 rows: no second copy of the column, no 10,000 small ones).
        x_all = x_all[order]
        t_all = t_all[order] if t_all is not None else None
    notes: list[str] = [*read_notes, *layout_notes]
    # a whole-number axis that is no count of steps (HHMM clock times, a panel's uneven steps): its
    # refusals below say so; --fill-missing-dates reads an uneven panel at its finest step
    said = IntegerAxis(df, t_all, ends, ids, time, id, src, fill_missing_dates, {target, *past, *future, *static})
    panel_step = said.panel_step()
    values, times, freqs, cov_rows, cov_times, ahead = [], [], [], [], [], []
    axes: dict = {}  # each distinct time axis: its (frequency, gaps), for _axis_key
    for sid, a, b in zip(ids, np.r_[0, ends[:-1]], ends, strict=True):
        where = f" for id {sid!r}" if id else ""
        rows, x = (np.arange(a, b) if order is None else order[a:b]), x_all[a:b]
        t = None
        if t_all is not None:
            t = t_all[a:b]
            with said:
                by_time = order_rows(t, rows, sort, where, text)
            if (np.diff(by_time) != 1).any():  # out of time order (allowed with --sort)
                rows, x, t = rows[by_time], x[by_time], t[by_time]
        if with_cov:
            k = _future_rows(x, bool(future or calendar or holidays))
            cov_rows.append(rows)
            cov_times.append(t)
            if k:
                if t is not None and k < len(t):  # checked on the series' axis once its step is known
                    ahead.append((f" of series {sid!r}" if id else "", t[-k:], t[-k - 1]))
                x, rows, t = x[:-k], rows[:-k], (t[:-k] if t is not None else None)
        x = _missing(x, rows, t, target, src, where, fill, notes,
                     lambda r: _filled(df, r, {target, time, id, *future, *static}), past, text)
        if len(x) < len(rows):  # --fill linear left the empty end out: so do the axis and covariates
            rows, t = rows[: len(x)], (t[: len(x)] if t is not None else None)
            if with_cov:
                cov_rows[-1], cov_times[-1] = rows, t
        if t is not None:
            key = _axis_key(t)  # series on one axis (a panel's common dates) read it once
            with said:
                f, gaps = axes[key] if key in axes else (
                    infer_freq(t, where) if panel_step is None else (panel_step, int(np.sum(np.diff(t) > panel_step))))
                if key is not None:
                    axes[key] = (f, gaps)
                read_t = t
                x, t = fill_gaps(x, t, f, where, fill_missing_dates, notes, covariates=by_date, n_gaps=gaps,
                                 text=text)
            if with_cov and len(t) > len(read_t):  # dates inserted: the covariates' rows follow the axis
                cov_rows[-1], cov_times[-1] = _inserted(cov_rows[-1], cov_times[-1], read_t, t)
            freqs.append(f)
        if len(x) < min_len:
            raise ValidationError(f"series{where} in {src} has {counted(len(x), 'point')}; needs >= {min_len}")
        values.append(x)
        times.append(t)
    freq = freqs[0] if freqs else None
    if len({str(f) for f in freqs}) > 1:
        with said:
            raise ValidationError(f"series in {src} have different frequencies "
                                  f"({', '.join(sorted({str(f) for f in freqs}))}); resample them to one")
    for who, stamps, last in ahead:  # future rows: the next stamps of the series' own axis
        continue_axis(stamps, last, freq, who, text=text)
    # a country's public holidays: calendar columns computed from the dates (checked first: its
    # words for an integer or weekly axis)
    hol = holiday_columns(holidays, times) if holidays else ()
    if covs["calendar"] is True:  # on the history, before integer axes are made RegularTimes
        covs["calendar"], note = calendar_columns(times, needed=not holidays)
        notes += [note] if note else []
    if hol:
        covs["calendar"] = (*(covs["calendar"] or ()), *hol)
    if isinstance(freq, int) and not isinstance(times[0], pd.DatetimeIndex):
        # Integer steps, validated regular (gaps filled or refused): first + step * k, not a
        # slice of all the stamps (76 MB for 10 million rows) kept for the whole run.
        times = RegularTimes(np.array([t[0] for t in times], dtype=np.int64), freq,
                             np.array([len(t) for t in times]))
    if rows_sorted:
        notes.append(f"rows of {src} sorted by {time!r} (--sort)")
    ds = Dataset(values, ids, times, freq, target, time, id, src, notes)
    if time and isinstance(times[0], pd.DatetimeIndex):  # quarters or ISO weeks: forecasts written alike
        ds.time_text = text
    if with_cov:
        said = len(read_notes)
        ds.covariates = read_covariates(df, cov_rows, cov_times, ids, target, freq=freq, src=src,
                                        numeric=partial(numeric, driver=True), **covs)
        ds.notes[said:said] = read_notes[said:]  # the covariates read without their marks, after the target's
        if fill_own is not None:
            fill_own(ds, cov_rows)
        check_complete(ds.covariates, [len(v) for v in values], src, cov_rows, cov_times, ds.time_text)
    if fill_own is None:  # a kind of note said for many series, said once (several targets: by _several,
        ds.notes = folded_series_notes(ds.notes)  # once the notes name the user's ids and targets)
    # Read in order of appearance (messages name rows in the file's order), kept in the ids'
    # canonical order: forecasts do not depend on the order of the series (Dataset.user_order)
    return canonical(ds)


def _several(df, targets, time, id, fill, sort, fill_missing_dates, src, min_len, past, future, static,
             calendar, date_order="auto", marks=None, holidays="", frame="") -> Dataset:
    """Several targets: the frame as a panel keyed (id, target) (data.targets), read as one."""
    from . import targets as tg

    check_roles(",".join(targets), time, id, past, future, static, calendar)
    read_notes: list[str] = []
    for t in targets:
        if t in df.columns:
            x = _numeric(df[t], t, src, marks, read_notes)  # a non-numeric target named by its own column
            if not pd.api.types.is_numeric_dtype(df[t]):  # '$2,010.37' read: the panel holds the numbers
                df = df.assign(**{t: x})
    panel, cross = tg.melt(df, targets, time, id, src, fill)
    base = panel[id].astype(str).to_numpy() if id else np.full(len(panel), "", dtype=object)
    base_of = dict(zip(panel[tg.KEY], zip(base, panel[tg.STATIC], strict=True), strict=True))
    try:
        # --fill-missing-dates: every (id, target) series of an id has the file's rows of that id,
        # so each gets the same dates inserted and is interpolated as one target alone would be;
        # the panel's own past columns take the targets' values there (targets.fill_inserted)
        ds = from_frame(panel, ",".join(targets), time, tg.KEY, fill, sort, fill_missing_dates, source=src,
                        min_len=min_len, past=(*past, *cross), future=future, static=(*static, tg.STATIC),
                        calendar=calendar, date_order=date_order, marks=marks, holidays=holidays, own=cross,
                        fill_own=partial(tg.fill_inserted, targets=targets, base_of=base_of))
    except ValidationError as exc:  # said of the user's columns and ids, not the panel's
        message = tg.user_words(str(exc), targets, base_of)
        # --fill linear leaves out one target's empty end, which the others' rows then lack: no remedy here
        message = re.sub(r", or pass --fill linear \(which (?:fills the others and )?leaves out the empty end: "
                         r"the series ends at its last value\)", " (--fill linear fills gaps inside a target, not "
                         "its empty end: several targets are read side by side)", message)
        if not id and ("read side by side" in message or "missing value" in message):  # a wide table's
            # columns that start or end apart (stores, products): separate series, as a long-form panel reads them
            others = [c for c in df.columns if c not in (*targets, time)]
            message += f"; separate series (a series a column)? {melted(src, time, frame, targets if others else (), df.attrs.get(ROW_NUMBERS, ''))}"
        raise ValidationError(message) from None
    # the notes name the user's id and target, not the panel's key ('s0/a'): inserted dates and
    # filled values alike (was "1 missing value for id 'x/a' filled linearly")
    ds.notes = [*read_notes, *folded_series_notes([tg.user_words(n, targets, base_of) for n in ds.notes])]
    tg.tag(ds, targets, id, base_of)
    return ds


def _inserted(rows: np.ndarray, times: pd.Index, read: pd.Index, full: pd.Index) -> tuple[np.ndarray, pd.Index]:
    """A series' covariate rows (its history, then its future rows) and their stamps on the axis
    --fill-missing-dates filled: the history's `read` stamps become `full`, an inserted date's row
    -1 (no row of the file: only calendar, holiday and static columns, which need none, get here)."""
    n = len(read)
    at = np.full(len(full), -1, dtype=np.int64)
    at[full.get_indexer(read)] = rows[:n]
    return np.concatenate([at, rows[n:]]), full.append(times[n:])


def _future_rows(x: np.ndarray, allowed: bool) -> int:
    """How many rows at a series' end have an empty target (future rows) when future-known
    covariates are read; 0 otherwise (empty targets are then missing values)."""
    if not allowed:
        return 0
    ok = np.flatnonzero(~np.isnan(x))
    return len(x) - 1 - int(ok[-1]) if len(ok) else 0


def _missing(x, rows, t, name, src, where, fill, notes, filled=None, past=(), text: str = "") -> np.ndarray:
    """Cases 6 and 7: missing values, leading/trailing counted apart; --fill linear fills.
    filled(rows) -> the other columns with a value in every one of those rows: an empty target
    at the end beside them looks like future rows given without --future (or as --past), which
    --fill linear does not fill either (it would invent the end the forecast starts from). An
    empty end with nothing beside it is left out by --fill linear: x is then shorter than rows.
    text: the data's way of writing quarters or ISO weeks, the rows' times named in it."""
    nan = np.isnan(x)
    if not nan.any():
        return x
    ok = np.flatnonzero(~nan)
    if len(ok) == 0:
        raise ValidationError(f"{column_said(name, src)}{where} has only missing values")
    lead, trail = int(ok[0]), len(x) - 1 - int(ok[-1])
    inner = int(nan.sum()) - lead - trail
    ahead = filled(rows[len(x) - trail:]) if trail and filled is not None else []
    if fill != "linear" or ahead:
        parts = [f"{n} {w}" for n, w in ((lead, "at the start"), (inner, "inside"), (trail, "at the end")) if n]
        raise ValidationError(
            f"{column_said(name, src)}{where} has {counted(int(nan.sum()), 'missing value')} ({', '.join(parts)}), "
            f"first at {at_row(rows, t, np.flatnonzero(nan)[0], text)}; "
            + (_late_start(lead, trail, where) if lead and not inner and not ahead else
               _missing_remedy(trail, ahead, past, gaps=bool(lead + inner), fill=fill))
        )
    # The empty end is left out, not invented: held at the last value it was history the net
    # trained on, the test part scored against and the forecast started from (a file whose last
    # 5 days were not yet recorded was forecast from 5 flat days, dated 5 days too late)
    x = x[: len(x) - trail].copy()
    nan = nan[: len(x)]
    idx = np.arange(len(x))
    x[nan] = np.interp(idx[nan], idx[~nan], x[~nan])  # the start is held at the first value
    if lead + inner:
        notes.append(f"{counted(lead + inner, 'missing value')}{where} filled linearly"
                     + (f" ({lead} at the start held at the first value)" if lead else ""))
    if trail:
        notes.append(f"{counted(trail, 'missing value')}{where} at the end left out, not filled: the series "
                     f"ends at its last value, {at_row(rows, t, len(x) - 1, text)}, and is forecast from there")
    return x


def _late_start(lead: int, trail: int, where: str) -> str:
    """The remedy when a target's missing values open it (and perhaps end it), none inside: the
    series starts later (and ends earlier) than the file, a panel's series of different lengths
    written on one time axis as R and pandas write them. --fill linear held the first value over
    the start: fpp3 us_employment's 40 series had 144 to 744 invented flat months, which shrank
    every MASE's scale 2.2x and raised the net's MAE from 49.1 (those rows dropped) to 59.3
    (seed 0). where: the id's words ("" for one series)."""
    return ("the series starts later" + (" and ends earlier" if trail else "") + ": drop those empty rows"
            + (" (a panel's series may differ in length, each read from its first value)" if where else "")
            + f"; --fill linear would hold its first value over all {lead:,} at its start"
            + (" (and leave out the empty end)" if trail else ""))


def _missing_remedy(trail: int, ahead: list[str], past, gaps: bool, fill: str) -> str:
    """What to do with a target's missing values; ahead: the columns filled beside its trailing
    empty rows (rows of the horizon, not gaps), gaps: whether others lie before them."""
    if not ahead:
        if not trail:
            return "fill or drop them, or pass --fill linear"
        return ("fill or drop them, or pass --fill linear (which " + ("fills the others and " if gaps else "")
                + "leaves out the empty end: the series ends at its last value)")
    wrong = " (not as --past, known up to the origin only)" if set(ahead) & set(past) else ""
    last = "the last one looks like a future row" if trail == 1 else f"the last {trail} look like future rows"
    remedy = f"{last} ({', '.join(ahead)} filled there): give the covariates known ahead with --future{wrong}"
    if fill == "linear":  # the other gaps are filled; these would be invented history
        return remedy + "; --fill linear does not fill future rows"
    return remedy + ("; fill or drop the others" if gaps else "")


def _filled(df: pd.DataFrame, rows: np.ndarray, skip: set[str]) -> list[str]:
    """The number (or flag) columns of df, other than skip and the panel's own columns of
    several targets, with a value in each of rows (df positions): those --future could take
    (a text column such as a store's name is no covariate known ahead)."""
    part = df.iloc[rows]  # (the panel's past columns of other targets are named 'a->b')
    return [str(c) for c in df.columns if c not in skip and not str(c).startswith("__") and "->" not in str(c)
            and pd.api.types.is_numeric_dtype(df[c]) and part[c].notna().all()]


def _index_columns(df: pd.DataFrame, time: str, id: str, src: str,
                   date_order: str = "auto", series: bool = False) -> tuple[pd.DataFrame, str, str]:
    """The index as columns where it carries the time axis (and the ids), never dropped:
    a DatetimeIndex or PeriodIndex (as timestamps) is the time column, a MultiIndex (id, time)
    the id and time columns; other MultiIndexes are refused. Without time and id, an index of
    numbers (not 0..n-1) or of text is the time column too (_index_is_axis)."""
    index = df.index
    if (time and time in df.columns) or (id and id in df.columns):
        return df, time, id  # the columns named carry the axis
    if isinstance(index, pd.MultiIndex):
        if index.nlevels != 2 or id or time:
            raise ValidationError(f"{src} has a MultiIndex of {index.nlevels} levels {list(index.names)}; "
                                  "pass a long frame with id and time columns (reset_index()), or "
                                  "an index of two levels (id, time)")
        names = [str(n) if n is not None else d for n, d in zip(index.names, ("id", "time"), strict=True)]
        clash = [n for n in names if n in df.columns]
        if clash or names[0] == names[1]:
            raise ValidationError(f"{src}'s index levels {names} clash with its columns; reset_index() it")
        out = df.copy(deep=False)
        out.index = index.set_names(names)
        level = out.index.levels[1]
        if isinstance(level, pd.PeriodIndex):
            out.index = out.index.set_levels(level.to_timestamp(), level=1)
        return out.reset_index(), names[1], names[0]
    if isinstance(index, (pd.DatetimeIndex, pd.PeriodIndex)):
        time = time or _index_name(index, df)
        if time in df.columns:
            raise _index_clash(src, time)
        out = df.copy(deep=False)
        out.index = index.to_timestamp() if isinstance(index, pd.PeriodIndex) else index
        return out.rename_axis(time).reset_index(), time, id
    if not time and not id and _index_is_axis(index, df, series):
        time = _index_name(index, df)
        if time in df.columns:
            raise _index_clash(src, time)
        out = df.copy(deep=False)
        out.index = _index_axis(index, src, date_order)
        return out.rename_axis(time).reset_index(), time, id
    return df, time, id


def _index_name(index: pd.Index, df: pd.DataFrame) -> str:
    """The time column's name for an index carrying the time axis: its own name, or for an
    unnamed one the first of time, date, timestamp that no column has. A Series named 'time' (of
    travel or response times) with an unnamed DatetimeIndex was refused: "the Series's time index
    'time' clashes with a column; reset_index() it", a name it never gave, and a remedy that
    leaves its values in a column named 'time' beside one named 'index'."""
    if index.name is not None:
        return str(index.name)
    return next((n for n in ("time", "date", "timestamp") if n not in df.columns), "time")


def _index_clash(src: str, time: str) -> ValidationError:
    """The index named as a column (of a frame, or a Series' own name): the index renamed is the way out."""
    return ValidationError(f"{src}'s time index {time!r} has the name of a column; rename the index, "
                           f"e.g. .rename_axis({time + '_'!r})")


def _index_is_axis(index: pd.Index, df: pd.DataFrame, series: bool = False) -> bool:
    """Whether a plain index carries the time axis: numbers other than the row positions 0..n-1
    (years 1900.., a RangeIndex(1000, 1600, 5)) or text (dates such as 2015-11), when no column
    of dates does. Replacing them by positions labelled the forecast 120, 121, ... for years."""
    if isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1:
        return False  # the default index: the rows are the steps, as before
    if detect_time(df, set()):
        return False  # a column of dates is the axis; the index numbers the rows
    if pd.api.types.is_bool_dtype(index):
        return False
    if pd.api.types.is_numeric_dtype(index):
        # evenly spaced only: a frame filtered with dropna() or a boolean mask keeps row labels
        # with holes, which number its rows (as they did before this rule), not a gapped axis
        x = index.to_numpy(dtype=np.float64, na_value=np.nan)
        step = np.diff(x)
        return (len(x) > 1 and bool(np.all(step == step[0])) and step[0] > 0
                and not np.array_equal(x, np.arange(len(x))))
    if not (index.dtype == object or pd.api.types.is_string_dtype(index)):
        return False
    if series:  # a Series' index is its only time information (refused if it holds no dates)
        return True
    with warnings.catch_warnings():  # a frame's text index that is no dates names its rows (as before)
        warnings.simplefilter("ignore")
        dates = pd.to_datetime(pd.Series(index, dtype=object).astype(str), errors="coerce", format="mixed")
    return bool(dates.notna().all())


def _index_axis(index: pd.Index, src: str, date_order: str) -> pd.Index:
    """The index as a time column: whole numbers as integer steps, text as it reads as dates
    (the time column's parsing); anything else one line."""
    if pd.api.types.is_integer_dtype(index):
        return index
    if pd.api.types.is_numeric_dtype(index):
        x = index.to_numpy(dtype=np.float64, na_value=np.nan)
        wrong = ~np.isfinite(x) | (x != np.round(x)) | (np.abs(x) >= 2**53)  # 2**53: exact in float64
        if not wrong.any():
            return pd.Index(x.astype(np.int64))
        bad = int(np.flatnonzero(wrong)[0])
        raise ValidationError(f"the index of {src} holds {x[bad]:g} at row {bad + 1}, not a whole number; give it "
                              "integer steps or dates, or reset_index(drop=True) to number the rows")
    try:
        parse_time(pd.Series(index, dtype=object), "index", src, None, date_order)
    except ValidationError:
        text = pd.Series(index).astype(str)
        with warnings.catch_warnings():  # pandas' "Could not infer format": the line below says it
            warnings.simplefilter("ignore")
            bad = np.flatnonzero(pd.to_datetime(text, errors="coerce", format="mixed").isna().to_numpy())
        at = f" ({text.iloc[bad[0]]!r} at row {bad[0] + 1})" if len(bad) else ""
        raise ValidationError(f"the index of {src} is text that does not read as dates{at}; give it dates or "
                              "integer steps, or reset_index(drop=True) to number the rows") from None
    return index


def from_object(data, target: str = "", time: str = "", id: str = "", **kw) -> Dataset:
    """A pandas Series/DataFrame or a NumPy array as a Dataset (the Python API's input)."""
    if isinstance(data, pd.Series):
        name = str(data.name) if data.name is not None else UNNAMED
        df, time, id = _index_columns(data.rename(name).to_frame(), time, id, "the Series",
                                      kw.get("date_order", "auto"), series=True)
        return from_frame(df, name, time, id, source="the Series", **kw)
    if isinstance(data, pd.DataFrame):
        df, time, id = _index_columns(data, time, id, "the DataFrame", kw.get("date_order", "auto"))
        df = df.rename(columns=str)
        # row numbers first ('rownames' of an R data frame as Rdatasets gives it, 'Unnamed: 0' of
        # pd.read_csv of a frame saved with its index) are no data, as in a CSV file: fit(df) was
        # refused as "2 numeric columns (rownames, value)" where fit(path) read the same data
        def names(v) -> list:
            return [v] if isinstance(v, str) else list(np.ravel(np.asarray(v, dtype=object)))

        given = [*names(target), time, id, *(c for k in ("past", "future", "static") for c in names(kw.get(k, ())))]
        named = {str(c) for c in given if c} | {t.strip() for c in given if isinstance(c, str) for t in c.split(",")}
        df = without_row_numbers(df, named)
        # the frame a wide table's melt starts from: its index made the time column, named as here
        frame = ("df" if not time or time in data.columns else "df.reset_index()"
                 if str(data.index.name) == time else f"df.rename_axis({time!r}).reset_index()")
        return from_frame(df, target, time, id, source="the DataFrame", frame=frame, **kw)
    if not isinstance(data, (np.ndarray, list, tuple)):  # None, a dict, a number: said, not "shape ()"
        raise ValidationError(f"data must be a pandas or polars DataFrame or Series, an Arrow table, a NumPy array "
                              f"or list of numbers, or a CSV or Parquet path (got {type(data).__name__})")
    if isinstance(data, np.ma.MaskedArray):  # masked values are missing ones, never their filler
        data = np.ma.filled(data.astype(np.float64), np.nan)
    arr = np.asarray(data)
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    if arr.ndim != 1:
        raise ValidationError(f"a NumPy array must be one series, shape (N,) or (N, 1); got {arr.shape}; "
                              "for many series pass a long DataFrame with an id column")
    return from_frame(pd.DataFrame({UNNAMED: arr}), UNNAMED, source="the array", **kw)
