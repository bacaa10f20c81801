"""Time columns written as parts of a year: quarters with a space ('1998 Q1', as tsibble and
zoo print them), ISO weeks ('1991 W06', as tsibble prints a yearweek) and decimal years
(1920.000, 1920.083, ... as R's time() of a monthly ts).

Both were refused as "cannot parse ... use one format" although every value had one; pandas reads
'1998Q1' but not '1998 Q1', and read 1920.0833 as 1 January 1920 (every month of a year alike).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .monthnames import MONTH_DATE, read_month_dates
from .monthstarts import month_starts

# a year's quarter with a space or none between (1998 Q1, 1998Q1, 1998-Q1)
# 2015Q1, 2015 Q1, 2015-Q1, 2015/Q1, and the quarter first as spreadsheets write it: Q1 2015, Q1-2015
QUARTER = re.compile(r"\s*(?:(\d{4})[-/ ]?Q([1-4])|Q([1-4])[-/ ]?(\d{4}))\s*")
# an ISO year's week with a space, a dash or none between (1991 W06, 1991-W06, 1991W06)
ISO_WEEK = re.compile(r"\s*(\d{4})[- ]?W(\d{2})\s*")
# an ISO week date, a day of an ISO week (1 Monday ... 7 Sunday), extended or basic (2013-W01-7, 2013W017)
ISO_WEEK_DATE = re.compile(r"\s*(\d{4})(-?)W(\d{2})\2([1-7])\s*")
_STEPS = {4: "quarter", 12: "month"}  # the year's parts a decimal year is read in (weeks do not divide it)
# R's frequencies of weeks and days over a year of 365.25 days (ts(x, frequency = 365.25/7), as
# fpp2's gasoline), which no whole number matches for long: 52 drifts a step off in 30 weeks
_R_YEARLONG = (365.25 / 7, 365.25)


def read_quarters(text: pd.Series) -> pd.DatetimeIndex | None:
    """Each value's quarter start if every value is a year's quarter, else None."""
    parts = text.astype(str).str.extract(f"^{QUARTER.pattern}$")
    years, quarters = parts[0].fillna(parts[3]), parts[1].fillna(parts[2])
    if years.isna().any():
        return None
    months = 3 * quarters.astype(np.int64).to_numpy() - 2
    return month_starts(years.astype(np.int64).to_numpy(), months)


def read_iso_weeks(text: pd.Series) -> pd.DatetimeIndex | None:
    """Each value's Monday if every value is an ISO year's week (tsibble's yearweek starts on
    Monday), else None; a week the year does not have (2021 W53) is none. fpp3 us_gasoline's
    '1991 W06' was refused ("cannot parse 'Week' at row 1 ... use one format"), and without
    --time read as steps with no season."""
    parts = text.astype(str).str.extract(f"^{ISO_WEEK.pattern}$")
    if parts[0].isna().any():
        return None
    return _iso_days(parts[0], parts[1], "1")


def read_iso_week_dates(text: pd.Series) -> pd.DatetimeIndex | None:
    """Each value's day if every value is an ISO week date ('2013-W01-7', Sunday 6 January 2013;
    '2013W017'), else None; a week the year does not have (2021-W53-1) is none. ISO 8601 names
    one day so, as exports by ISO week write it: it was refused as "cannot parse 'week' at row 1
    ...: '2013-W01-7'; use one format", pandas reading no week dates."""
    parts = text.astype(str).str.extract(f"^{ISO_WEEK_DATE.pattern}$")
    if not len(parts) or parts[0].isna().any():
        return None
    return _iso_days(parts[0], parts[2], parts[3])


def _iso_days(year: pd.Series, week: pd.Series, day) -> pd.DatetimeIndex | None:
    """The days ISO year, week and weekday (text) name, or None if any is not a day: a week the
    year does not have included, which strptime would roll into the next year."""
    stamps = pd.to_datetime(year + "-W" + week + "-" + day, format="%G-W%V-%u", errors="coerce")
    if stamps.isna().any():
        return None
    iso = stamps.dt.isocalendar()
    if not ((iso.year.to_numpy() == year.astype(np.int64).to_numpy())
            & (iso.week.to_numpy() == week.astype(np.int64).to_numpy())).all():
        return None
    return pd.DatetimeIndex(stamps)


def read_decimal_years(col: pd.Series, name: str, notes: list[str] | None) -> pd.Index | None:
    """A float column of decimal years as month or quarter starts (1920.0833 is February 1920),
    or as whole years (an integer Index, as an integer column is read); None when the values are
    not years with fractions of 1/12 or 1/4 (written to 2 decimals or more)."""
    v = col.to_numpy(dtype=np.float64)
    if not len(v) or not np.isfinite(v).all() or v.min() < 1000 or v.max() >= 3000:
        return None
    year = np.floor(v + 1e-6)  # 1920.9999999 written for 1921 is 1921
    frac = np.clip(v - year, 0.0, None)
    if (frac < 1e-6).all():
        return pd.Index(year.astype(np.int64))
    for per, unit in sorted(_STEPS.items()):
        k = frac * per
        # two decimals: 1/12 written 0.08 is 0.96 of a month; half a step tells the parts apart
        if (np.abs(k - np.round(k)) < 0.1).all():
            months = (np.round(k).astype(np.int64) * (12 // per)) + 1
            if notes is not None:  # the forecasts' times are dates too: said, since they are not as written
                first = pd.Timestamp(int(year[0]), int(months[0]), 1)
                notes.append(f"column {name!r} read as decimal years, each a {unit}'s start ({v[0]:g} as "
                             f"{first:%Y-%m}); forecasts are dated so ({first:%Y-%m-%d}), not written as decimal years")
            return month_starts(year.astype(np.int64), months)
    return None


def ts_frequency(col: pd.Series, groups: list[pd.Series] = ()) -> float | None:
    """The frequency f of R's time() of a ts that is neither monthly nor quarterly nor yearly
    (1991.4962, 1991.5, ... of EuStockMarkets, f = 260; 1, 1.1429, ... of a daily ts, f = 7): a
    float column whose values step by 1/f (written to 4 decimals or more) within each series
    (groups: the id columns); None for anything else. Such a column is no date: pandas and the
    decimal years above cannot read it (--time refused it as "cannot parse 'time' at row 132:
    '1992.0'; use one format"), and unnamed it was offered as a target or a driver. f is a whole
    number or one of R's year-long frequencies (_R_YEARLONG: fpp2's weekly gasoline, frequency
    365.25/7, was a second numeric column, offered as a target)."""
    if not pd.api.types.is_float_dtype(col) or len(col) < 3:
        return None
    v = col.to_numpy(dtype=np.float64)
    if not np.isfinite(v).all():
        return None
    keys = [g.to_numpy() for g in groups]
    first = col.groupby(keys).transform("first").to_numpy() if keys else np.full(len(v), v[0])
    pos = pd.Series(np.ones(len(v))).groupby(keys).cumsum().to_numpy() - 1 if keys else np.arange(len(v))
    if not pos[1:].any():
        return None
    step = (v - first).sum() / pos.sum()  # over whole spans: 1/260 written to 4 decimals is 0.0038 or 0.0039
    if not step > 0:
        return None
    for f in (round(1 / step), *_R_YEARLONG):  # a whole number first: 365 is no 365.25
        k = (v - first) * f  # each value's steps from its series' first: 0, 1, 2, ... in order
        if f >= 2 and f not in _STEPS and abs(1 / step - f) <= 0.01 * f and (np.abs(k - pos) < 0.1).all():
            return f
    return None


def said_frequency(f: float) -> str:
    """R's frequency in words: 260, 52.18 (365.25/7), 365.25."""
    return f"{f:.2f}".rstrip("0").rstrip(".")


# How a time column of quarters, ISO weeks or months was written (Dataset.time_text), so that
# forecasts are written the same way: a user appending them to the history kept one format
# ('2020Q1' beside '2020-01-01' read back as steps, '2020-W05' beside dates was refused; 'Apr 1982'
# or '1982-04' came back as '2017-10-01'). Months: {m} two digits, {b} 'Jan', {B} 'January'.
WEEK_DATE_STYLES = ("{y}-W{w}-{d}", "{y}W{w}{d}")  # ISO week dates, extended and basic: days, not weeks
MONTH_STYLES = (*(f"{{y}}{sep}{{m}}" for sep in ("-", "/")), *(f"{{m}}{sep}{{y}}" for sep in ("-", "/")),
                *(f"{name}{sep}{{y}}" for name in ("{b}", "{B}") for sep in (" ", "-", "/", "")),
                *(f"{{y}}{sep}{name}" for name in ("{b}", "{B}") for sep in (" ", "-", "/")))
TEXT_STYLES = (*(f"{{y}}{sep}Q{{q}}" for sep in ("", " ", "-", "/")), *(f"Q{{q}}{sep}{{y}}" for sep in ("", " ", "-", "/")),
               *(f"{{y}}{sep}W{{w}}" for sep in ("", " ", "-")), *WEEK_DATE_STYLES, *MONTH_STYLES)
# English, as monthnames reads them (strftime's %b follows the locale)
_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
# a year and a month in two digits, either first (1982-04, 04/1982)
_YEAR_MONTH = re.compile(r"\s*(?:(\d{4})[-/](\d{2})|(\d{2})[-/](\d{4}))\s*")
_YEAR_MONTH_WHOLE = re.compile(f"^{_YEAR_MONTH.pattern}$")  # what _read_months' str.extract matches


def text_style(col: pd.Series) -> str:
    """The one TEXT_STYLES template every value of a text column of quarters, ISO weeks or months
    is written in ('2020Q1' -> '{y}Q{q}', '1991 W06' -> '{y} W{w}', 'Apr 1982' -> '{b} {y}'); ""
    for anything else (dates, numbers, two-digit years, a column that mixes two ways of writing)."""
    if (col.dtype.kind not in "OSU" and not isinstance(col.dtype, pd.StringDtype)) or not len(col):
        return ""
    first = str(col.iloc[0]).strip()
    if ISO_WEEK_DATE.fullmatch(first):  # 2013-W01-7: days, written back so
        text = col.astype(str).str.strip()
        style = WEEK_DATE_STYLES[0 if "-" in first else 1]
        stamps = read_iso_week_dates(text)
        return style if stamps is not None and as_text(stamps, style) == text.tolist() else ""
    for pattern, mark in ((QUARTER, "Q"), (ISO_WEEK, "W")):
        if not pattern.fullmatch(first):  # (the first value first: a column of dates costs nothing)
            continue
        text = col.astype(str).str.strip()
        lead = mark == "Q" and first.startswith("Q")
        sep = first[2:-4] if lead else first[4:first.index(mark)]
        style = f"Q{{q}}{sep}{{y}}" if lead else f"{{y}}{sep}{mark}{{{mark.lower()}}}"
        stamps = parse_text(text)  # every value written so, or none: written back as it was read
        return style if style in TEXT_STYLES and stamps is not None and as_text(stamps, style) == text.tolist() else ""
    return _month_style(col)


def _month_style(col: pd.Series) -> str:
    """The MONTH_STYLES template every value is written in, "" if none: the first value picks
    the candidates, the whole column read back as it was written decides."""
    text = col.astype(str).str.strip()
    stamps = _read_months(text)
    if stamps is None:
        return ""
    first, want = stamps[:1], text.iloc[0]
    return next((s for s in MONTH_STYLES if as_text(first, s)[0] == want and as_text(stamps, s) == text.tolist()), "")


def _read_months(text: pd.Series) -> pd.DatetimeIndex | None:
    """Month starts of a column of months in numbers (1982-04) or names (Apr 1982), else None."""
    first = text.iloc[0] if len(text) else ""
    if len(text) and not _YEAR_MONTH_WHOLE.search(first) and not MONTH_DATE.fullmatch(first):
        return None  # the first value is neither: every column of dates, without reading each row
    parts = text.str.extract(f"^{_YEAR_MONTH.pattern}$")
    if parts.notna().any(axis=1).all():
        months = parts[1].fillna(parts[2]).astype(np.int64).to_numpy()
        if ((months >= 1) & (months <= 12)).all():
            return month_starts(parts[0].fillna(parts[3]).astype(np.int64).to_numpy(), months)
        return None
    if not len(text) or not MONTH_DATE.fullmatch(text.iloc[0]):
        return None
    try:
        return read_month_dates(text, "", "", None)
    except ValueError:  # (ValidationError: a name that is no month's) not written as months
        return None


def parse_text(text: pd.Series) -> pd.DatetimeIndex | None:
    """Quarters, ISO weeks or months as their first days (read_quarters, read_iso_weeks); ISO week
    dates as their days (read_iso_week_dates)."""
    out = read_quarters(text)
    out = out if out is not None else read_iso_weeks(text)
    out = out if out is not None else read_iso_week_dates(text)
    return out if out is not None else _read_months(text.astype(str).str.strip())


def as_text(stamps, style: str) -> list[str]:
    """Quarter starts, ISO weeks' Mondays or month starts written in a TEXT_STYLES template."""
    stamps = pd.DatetimeIndex(stamps)
    if style in MONTH_STYLES:
        return [style.format(y=t.year, m=f"{t.month:02d}", b=_NAMES[t.month - 1][:3], B=_NAMES[t.month - 1])
                for t in stamps]
    if "{w}" in style:
        iso = stamps.isocalendar()  # (a week date's {d}: its ISO weekday, 1 Monday ... 7 Sunday)
        return [style.format(y=y, w=f"{w:02d}", d=d) for y, w, d in zip(iso.year, iso.week, iso.day, strict=True)]
    return [style.format(y=t.year, q=(t.month - 1) // 3 + 1) for t in stamps]
