"""The time column: found when none is given (detect_time: dates, whole years, decimal years,
YYYYMMDD numbers), and the columns that look like one refused or left out with their fix (a
date beside its hour or a day's period, a summary row under the dates, R's time() of a ts).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..errors import ValidationError
from .dateorder import ISO_DATE, NUMERIC_DATE
from .monthnames import MONTH_DATE, YEAR_MONTH, looks_like_month_dates, looks_like_year_months
from .timenames import DECIMAL_TIME_NAME, DECIMAL_YEARS_NAME, YEAR_NAME
from .timeparse import ymd_dates, yymmdd_dates
from .yearparts import (
    ISO_WEEK,
    ISO_WEEK_DATE,
    read_decimal_years,
    read_iso_week_dates,
    read_iso_weeks,
    said_frequency,
    ts_frequency,
)

FOUND = "found as the time column"  # a column's role when detect_time chose it (no --time given)


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
                        all(ISO_WEEK.fullmatch(v) for v in head) and read_iso_weeks(col) is not None) or (
                        all(ISO_WEEK_DATE.fullmatch(v) for v in head) and read_iso_week_dates(col) is not None):
                    months.append(c)
        elif _year_numbers(c, col, [df[k] for k in skip if k in df.columns]) or _ymd_numbers(
                c, col, [df[k] for k in skip if k in df.columns]) or _decimal_years(
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
    steps = (col.groupby([k.to_numpy() for k in ids]).diff() if ids else col.diff()).dropna()
    if (steps == 1).all():
        return True
    # whole years a survey's or census' step apart, as a Year column is read: R's time() of a ts of
    # frequency 0.1 (uspop: 1790, 1800, ..., the census every 10 years) was refused as "2 numeric
    # columns (time, value)", offering the years as a target (other steps, 1000, 1007, ..., may be
    # durations)
    return bool(len(steps) and col.min() >= 1000 and col.max() < 3000 and steps.nunique() == 1
                and steps.iloc[0] in _YEAR_STEPS)


_YEAR_STEPS = (2, 4, 5, 10, 20, 25, 50, 100)  # years between a ts' values: biennial, quadrennial, ..., decennial


def _decimal_years(name, col: pd.Series, ids: list[pd.Series]) -> bool:
    """A float column named time (or Year) of decimal years, as R's time() of a monthly or
    quarterly ts writes them (1949.0, 1949.0833, ...: the Rdatasets CSVs, data.frame(time =
    time(x), value = x)), each once a series: the time, read as --time reads it (timeparse:
    month or quarter starts). It was taken for a second numeric column ("2 numeric columns
    (time, value)", offering --target time,value) or, with --target, named in a note as a
    driver to pass. The name is asked for: a price quoted in quarters (1234.25) is no time; date
    is one (ggplot2's txhousing: city, year, month, ..., date with 2000.0833).
    Without an id, months or quarters that repeat are a panel stacked without --id, found as its
    time so that the layout refuses it with the --id to pass (txhousing's 46 cities were read as
    one series of 8,602 steps, a note saying only "if the file stacks 46 series, pass --id city");
    whole years that repeat are a year beside its month, no time."""
    if not DECIMAL_YEARS_NAME.fullmatch(str(name).strip()) or not pd.api.types.is_float_dtype(col) or not len(col):
        return False
    years = read_decimal_years(col, str(name), None)
    if years is None:
        return False
    stacked = not ids and isinstance(years, pd.DatetimeIndex)
    return stacked or not pd.concat([*ids, col], axis=1).duplicated().any()


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
            raise ValidationError(f"column {time!r} in {src} holds R's time() of a ts of frequency {said_frequency(f)} ({v[0]}, "
                                  f"{v[1]}, ...: steps of 1/{said_frequency(f)}), not dates; leave out --time: such a column "
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
            return str(c), (f"column {c!r} holds R's time() of a ts of frequency {said_frequency(f)} ({v[0]}, {v[1]}, ...), "
                            f"not dates: left out, the rows are read as steps 0, 1, 2, ...{R_PERIOD_ADVICE.format(round(f))}")
    return "", ""


R_PERIOD_ADVICE = "; for a season of R's frequency, --set eval.period={}"  # the end of _ts_time's note


def without_period_advice(notes: list[str], period: int | None = None) -> list[str]:
    """The reader's notes without _ts_time's advice to set eval.period where the user's setting
    already says it (the run was given eval.period=52 and was told to pass it). period None:
    without it whatever it says, as a saved model's forecasts read them (its season was fixed
    when it was fitted: setting eval.period to forecast does nothing)."""
    if period is None:
        advice = re.compile(re.escape(R_PERIOD_ADVICE).replace(re.escape("{}"), r"\d+") + "$")
        return [advice.sub("", n) for n in notes]
    said = R_PERIOD_ADVICE.format(period) if period else None
    return [n[: -len(said)] if said and n.endswith(said) else n for n in notes]


def _ymd_numbers(name, col: pd.Series, ids: list[pd.Series]) -> bool:
    """A column of dates written YYYYMMDD as whole numbers (timeparse.ymd_dates), or YYMMDD in a
    column named as dates (yymmdd_dates), each once a series: the time, as a column of dates is
    (it was taken for a second numeric column)."""
    return (ymd_dates(col) is not None or yymmdd_dates(col, str(name)) is not None) \
        and not pd.concat([*ids, col], axis=1).duplicated().any()
