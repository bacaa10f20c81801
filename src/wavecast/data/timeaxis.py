"""Time columns: parsing, ordering, frequency, gaps, and the stamps after a series' end.

Every problem is a ValidationError naming the column, the row (data rows from 1, in the
order of the file) and a fix.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..errors import ValidationError
from ..words import counted
from .dataset import index_said
from .dateorder import PIVOT, read_numeric_dates
from .monthnames import read_month_dates
from .semimonthly import semimonthly_freq
from .timenames import DATE_NAME
from .trading_days import as_offset
from .yearparts import read_decimal_years, read_iso_weeks, read_quarters

_FREQ_WORDS = {"D": "daily", "h": "hourly", "min": "minutely", "s": "secondly", "MS": "monthly",
               "ME": "monthly", "W": "weekly", "QS": "quarterly", "QE": "quarterly",
               "YS": "yearly", "YE": "yearly", "B": "business-daily",
               "SMS": "semi-monthly", "SME": "semi-monthly"}


def _a(word: str) -> str:
    """The article before a frequency's word: an hourly series, a daily one, an 8h-step one."""
    return "an" if word[:1] in "aeio8" or word.startswith("hour") else "a"


def future_times(last, freq: str | int | None, horizon: int) -> pd.Index:
    """The `horizon` time stamps after `last` at the series' frequency (steps 1.. if None)."""
    if freq is None or last is None:
        return pd.RangeIndex(1, horizon + 1)
    if isinstance(freq, (int, np.integer)):
        end = int(last) + int(freq) * horizon  # Python ints: int64 arithmetic would wrap around
        if not np.iinfo(np.int64).min <= end <= np.iinfo(np.int64).max:
            raise ValidationError(f"the forecast's time stamps pass the 64-bit integer range (last time "
                                  f"{int(last)}, step {int(freq)}, {horizon} steps); renumber the time column")
        return pd.Index(int(last) + int(freq) * np.arange(1, horizon + 1, dtype=np.int64))
    try:  # trading days: the next weekdays, a holiday calendar's skipped (data.trading_days)
        return pd.date_range(pd.Timestamp(last), periods=horizon + 1, freq=as_offset(freq))[1:]
    except (OverflowError, pd.errors.OutOfBoundsDatetime):
        raise ValidationError(f"the forecast's time stamps pass the last date pandas can hold (last "
                              f"time {last}, {horizon} steps of {freq})") from None


def continue_axis(stamps: pd.Index, last, freq: str | int | None, who: str = "", want: pd.Index | None = None,
                  text: str = "") -> np.ndarray:
    """Positions that put a series' future rows in time order, checked to be the stamps right
    after its last value `last` on its axis of step `freq`: future covariates are matched to
    the forecast's steps by time, never by row order. who: " of series 'a'" or "".

    A row missing, a duplicate, a gap after `last`, a stamp inside the history or off the grid
    is one line naming the series, the first stamp out of place and the one expected there.
    Without a time axis (freq or last None) the rows keep their order. want: future_times(last,
    freq, len(stamps)) where the caller has it (series that end on one stamp share it). text: the
    data's way of writing quarters or ISO weeks (Dataset.time_text), the stamps named in it."""
    if freq is None or last is None or not len(stamps):
        return np.arange(len(stamps))
    order = np.argsort(np.asarray(stamps), kind="stable")
    got = stamps[order]
    want = future_times(last, freq, len(stamps)) if want is None else want
    try:
        bad = np.flatnonzero(np.asarray(got != want, dtype=bool))
    except TypeError:  # tz-aware against tz-naive stamps
        raise ValidationError(f"the time stamps of the future rows{who} and of its history are not comparable "
                              f"({describe(got[0], text)} after {describe(last, text)}); give both in one time zone"
                              ) from None
    if len(bad):
        i = bad[0]
        again = " a second time" if i and got[i] == got[i - 1] else ""
        word = (f"time axis (step {freq})" if isinstance(freq, (int, np.integer))
                else f"{_FREQ_WORDS.get(str(freq).split('-')[0], f'{freq}-step')} time axis")
        # the axis (its last value and the stamps expected), not the rows given: a daily axis keeps its dates
        seen = want.insert(0, last) if isinstance(want, pd.DatetimeIndex) else None
        raise ValidationError(f"future rows{who} must continue its {word} after its last value on "
                              f"{describe(last, text, seen)}: expected {describe(want[i], text, seen)}, got "
                              f"{describe(got[i], text, seen)}{again}; give one row a step from "
                              f"{describe(want[0], text, seen)} on")
    return order


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
                parsed = numeric if numeric is not None else pd.to_datetime(
                    text, errors="coerce", dayfirst=order == "day-first")
    except ValidationError:
        raise
    except (ValueError, TypeError) as exc:
        local = _changing_offsets(text, name, src, notes)
        if local is None:
            raise ValidationError(_unparsed(text, name, src, exc)) from None
        return local
    bad = np.flatnonzero(np.asarray(parsed.isna()))
    if len(bad) == 1 and bad[0] == len(text) - 1 > 1:  # 'Total' under a column of dates
        raise ValidationError(f"cannot parse {name!r} at row {bad[0] + 1} of {src}, its last: "
                              f"{text.iloc[bad[0]]!r}: a summary row? drop it")
    if len(bad):
        raise ValidationError(f"cannot parse {name!r} at row {bad[0] + 1} of {src}: "
                              f"{text.iloc[bad[0]]!r}; use one format, e.g. 2021-02-19")
    return pd.DatetimeIndex(parsed)


# a time-zone offset after a time of day: 12:00+01:00, 12:00:00Z, 12:00:00.5-0500
_CLOCK = r"\d:\d{2}(?::\d{2}(?:\.\d+)?)?"
_OFFSET = _CLOCK + r"\s*(Z|[+-]\d{2}(?::?\d{2})?)\s*$"
_WALL = "(" + _CLOCK + r")\s*(?:Z|[+-]\d{2}(?::?\d{2})?)\s*$"  # the same, the time of day kept: offset dropped


def _changing_offsets(text: pd.Series, name: str, src: str, notes: list[str] | None) -> pd.DatetimeIndex | None:
    """Times that each carry a UTC offset, the offset changing within the column (a meter's or grid
    operator's local clock across daylight saving: 01:00+01:00 then 03:00+02:00; 02:00+02:00 then
    02:00+01:00), as their instants in the time zone whose clock writes those offsets
    (data.zones: Europe/Berlin): a regular axis in absolute time, no hour missing or repeated, whose
    hour of day, day of week and holidays are the local ones, and whose forecast's times get the
    zone's offsets. They were read as UTC instants, and --calendar and --holidays read UTC hours and
    days (a Berlin load's daily peak at 18:00 was hour 17 in winter, 16 in summer). Offsets no zone
    writes at those instants (two zones' times mixed) are refused in one line; without a zone database
    on the machine they are read as UTC instants, as before, with a note saying so.

    None when some time lacks an offset or does not parse, or the instants are not a step under a
    day apart (their multiples allowed: gaps are said later): then local dates (_local_dates) or
    refused as before. One offset throughout keeps it (pandas does)."""
    offsets = text.str.extract(_OFFSET)[0]
    if offsets.isna().any() or offsets.nunique() < 2:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = pd.to_datetime(text, errors="coerce", format="ISO8601", utc=True)
    except (ValueError, TypeError):
        return None
    if parsed.isna().any():
        return None
    # only a clock within the day: local midnights (daily data) are 23 or 25 hours apart in UTC,
    # an irregular axis; they are read as their local dates, if they are that
    d = np.diff(np.sort(pd.DatetimeIndex(parsed).as_unit("ns").asi8))
    if not len(d) or d.min() <= 0 or d.min() >= pd.Timedelta(days=1).value or np.any(d % d.min()):
        return _local_dates(text, offsets, name, notes)
    utc = pd.DatetimeIndex(parsed)
    seen = ", ".join(repr(o) for o in offsets.unique()[:4])
    zone, fits = _zone_of(utc, offsets)
    if fits < 0:
        if notes is not None:
            notes.append(f"column {name!r} holds times whose UTC offset changes ({seen}: daylight saving); read as "
                         "UTC instants (a regular axis, no hour missing or repeated): this machine has no time-zone "
                         "database to tell their zone (pip install tzdata), so their times and the forecast's are "
                         "in UTC, and --calendar and --holidays read UTC hours and days")
        return utc
    if zone is None:
        a = int(np.flatnonzero((offsets != offsets.iloc[0]).to_numpy())[0])
        raise ValidationError(f"column {name!r} in {src} has UTC offsets that no one time zone's clock writes "
                              f"({offsets.iloc[0]} at row 1, {offsets.iloc[a]} at row {a + 1}: times of several "
                              "zones mixed?); convert them all to one zone, e.g. to UTC")
    if notes is not None:
        others = f", as {counted(fits - 1, 'other zone')} do" if fits > 1 else ""
        notes.append(f"column {name!r} holds times whose UTC offset changes ({seen}: daylight saving); read in time "
                     f"zone {zone} (whose clock writes those offsets{others}): a regular axis in absolute time, no "
                     "hour missing or repeated; --calendar and --holidays read the local hours and days, and the "
                     f"forecast's times are in {zone} with its offsets")
    return utc.tz_convert(zone)


def _zone_of(utc: pd.DatetimeIndex, offsets: pd.Series) -> tuple[str | None, int]:
    """data.zones.zone_of on these instants and the offsets written beside them ('Z', '+01:00',
    '-0500', '+01'), in time order."""
    from .zones import zone_of

    def seconds(o: str) -> int:
        h, m = (o[1:3], o[-2:]) if len(o) > 3 else (o[1:3], "00")
        return 0 if o == "Z" else (-1 if o[0] == "-" else 1) * (int(h) * 3600 + int(m) * 60)

    secs = offsets.map({o: seconds(o) for o in offsets.unique()})  # a few offsets: each once, not a row at a time
    at = utc.as_unit("s").asi8
    order = np.argsort(at, kind="stable")
    return zone_of(at[order], np.asarray(secs, dtype=np.int64)[order])


def _local_dates(text: pd.Series, offsets: pd.Series, name: str, notes: list[str] | None) -> pd.DatetimeIndex | None:
    """Times a day or more apart whose UTC offset changes (daily local midnights across daylight
    saving: 2021-03-27T00:00:00+01:00, 2021-03-29T00:00:00+02:00) as the local date-times written,
    each value's offset dropped: midnights stay midnights on a regular axis. In UTC they are 22:00
    and 23:00 of the day before, 23 or 25 hours apart: an irregular axis, and they were refused
    ('convert the times to UTC', which gives exactly that). None unless every wall time parses and
    they are a regular axis of a day or more on the reader's own terms (infer_freq: multiples and
    calendar months allowed, gaps said later): refused as before."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wall = pd.to_datetime(text.str.replace(_WALL, r"\1", regex=True), errors="coerce", format="ISO8601")
    except (ValueError, TypeError):
        return None
    if wall.isna().any() or getattr(wall.dt, "tz", None) is not None:
        return None
    local = pd.DatetimeIndex(wall)
    ordered = local.sort_values()
    d = np.diff(ordered.as_unit("ns").asi8)
    if not len(d) or d.min() < pd.Timedelta(days=1).value:  # within the day: UTC instants or nothing
        return None
    try:
        freq, _ = infer_freq(ordered)
    except ValidationError:
        return None
    if notes is not None:
        seen = ", ".join(repr(o) for o in offsets.unique()[:4])
        word = _FREQ_WORDS.get(str(freq).split("-")[0], f"{freq}-step")
        notes.append(f"column {name!r} holds local times whose UTC offset changes ({seen}: daylight saving), a day "
                     f"or more apart; read as the local date-times written, offsets dropped (a regular {word} axis; "
                     "in UTC each change of offset would shift them off it): its dates and the forecast's are local")
    return local


def _unparsed(text: pd.Series, name: str, src: str, exc: Exception) -> str:
    """One line for a column pandas refused outright; offsets that change (a local clock across
    a daylight-saving change: +01:00 then +02:00) said as such."""
    offsets = text.str.extract(_OFFSET)[0]
    given = offsets.dropna()
    if given.nunique() > 1:
        a = int(np.flatnonzero(offsets.notna().to_numpy())[0])
        i = int(np.flatnonzero((offsets.notna() & (offsets != offsets.iloc[a])).to_numpy())[0])
        return (f"column {name!r} in {src} has time-zone offsets that change ({offsets.iloc[a]} at row {a + 1}, "
                f"{offsets.iloc[i]} from row {i + 1}; daylight saving?); convert the times to UTC, or write "
                "them without offsets (local time)")
    if offsets.notna().any() and offsets.isna().any():
        i = int(np.flatnonzero(offsets.isna().to_numpy())[0])
        return (f"column {name!r} in {src} has times with and without a time-zone offset (row {i + 1}: "
                f"{text.iloc[i]!r}); write them all one way, e.g. in UTC")
    return (f"cannot parse column {name!r} in {src} as times: {str(exc).splitlines()[0]} "
            "(mixed time zones? convert to one)")


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


def order_rows(times: pd.Index, rows: np.ndarray, sort: bool, where: str, text: str = "") -> np.ndarray:
    """Positions that put the series in time order; cases 14 and 15. text: as describe."""
    dup = times.duplicated(keep=False)
    if dup.any():
        first = times[np.flatnonzero(dup)[0]]
        at = rows[np.flatnonzero(times == first)] + 1
        count = "twice" if len(at) == 2 else f"{len(at)} times"
        raise ValidationError(f"timestamp {describe(first, text, times)} appears {count} (rows "
                              f"{', '.join(map(str, at[:5]))}){where}; drop the duplicates")
    back = np.flatnonzero(np.diff(times.asi8 if isinstance(times, pd.DatetimeIndex) else times.to_numpy()) < 0)
    if len(back) and not sort:
        if len(back) == len(times) - 1 and len(times) > 2:  # every step back: newest first, as finance
            # sites and many exports write a history (was "go backwards at row 2", as for one stray row)
            raise ValidationError(f"rows{where} are newest first ({describe(times[0], text, times)} down to "
                                  f"{describe(times[-1], text, times)}); pass --sort to read them in time order")
        i = back[0] + 1
        raise ValidationError(f"timestamps go backwards at row {rows[i] + 1}{where} "
                              f"({describe(times[i], text, times)} after {describe(times[i - 1], text, times)}); "
                              "sort the file or pass --sort")
    return np.argsort(times.to_numpy(), kind="stable")


def infer_freq(times: pd.Index, where: str = "") -> tuple[str | int | None, int]:
    """(frequency, number of gaps): an alias like "MS" or an integer step; case 16 on mixtures."""
    if len(times) < 2:
        return None, 0
    if not isinstance(times, pd.DatetimeIndex):
        d = np.diff(times.to_numpy())
        step = int(np.min(d))
        if np.any(d % step):
            raise _irregular(times, d, step, str, where, "resample to a regular step")
        return step, int(np.sum(d > step))
    if len(times) >= 3:
        with warnings.catch_warnings():  # pandas 3 warns that infer_freq will return an offset
            warnings.simplefilter("ignore")
            f = pd.infer_freq(times)
        if f:
            return getattr(f, "freqstr", f), 0
    # Calendar months and years have unequal lengths: count steps in months when every
    # stamp falls on one anchor of its month (the first or last day, or business day).
    found = _months(times) if (times.normalize() == times).all() else None
    if found:
        return found
    found = semimonthly_freq(times)  # the 1st and the 15th, the 15th and the last (data.semimonthly)
    if found:
        return found
    d = np.diff(times.as_unit("ns").asi8)  # ns since 1970 (UTC when zoned: no tz warning), whatever the unit
    step = int(d.min())
    if step <= 0 or np.any(d % step):
        raise _irregular(times, d, step, _span, where, "resample to a regular frequency")
    values, counts = np.unique(d, return_counts=True)
    typical = int(values[np.argmax(counts)])  # the most common step (the shortest of a tie)
    if typical != step:  # a stamp off the usual grid, not a finer series with gaps: an hourly logger's
        # one reading at 10:30 was read as a 30-minute series missing every other stamp, which
        # --fill-missing-dates, as advised, then invented (29 of 59 values)
        i = int(np.flatnonzero(d % typical)[0])
        a, b = describe(times[i], "", times), describe(times[i + 1], "", times)
        raise ValidationError(f"time steps{where} are irregular: {_span(int(d[i]))} from {a} to {b}, where most "
                              f"steps are {_span(typical)}; correct those times or resample to a regular frequency")
    td = pd.Timedelta(step)
    days = td / pd.Timedelta(days=1)
    # A series with gaps keeps the anchor pandas reads from a whole one: weeks on their
    # weekday (W-SUN, not 7D: a season of 52 and a weekly horizon), weekdays only (B).
    if days.is_integer() and days % 7 == 0 and (times.day_of_week == times.day_of_week[0]).all():
        k = int(days) // 7
        found = _on_grid(times, f"{k if k > 1 else ''}W-{_DAYS[times.day_of_week[0]]}")
    elif days == 1 and times[-1] - times[0] >= pd.Timedelta(days=14) and (times.day_of_week < 5).all():
        found = _on_grid(times, "B")
    if found:
        return found
    alias = ("D" if days == 1 else f"{int(days)}D") if days.is_integer() else pd.tseries.frequencies.to_offset(td).freqstr
    return alias, int(np.sum(d > step))


def _irregular(times, d: np.ndarray, step: int, said, where: str, remedy: str) -> ValidationError:
    """The refusal of steps no one step divides, naming the first such step and its stamps: it said
    "(7 days 00:00:00 to 8 days 00:00:00)" of weekly data whose last date was a day off, not where
    (d: the steps; said: a step in words)."""
    if step <= 0:  # a time twice (read with --sort) or none between
        return ValidationError(f"time steps{where} are irregular ({said(step)} to {said(int(d.max()))}); {remedy}")
    i = int(np.flatnonzero(d % step)[0])
    a, b = describe(times[i], "", times), describe(times[i + 1], "", times)
    return ValidationError(f"time steps{where} are irregular: {said(int(d[i]))} from {a} to {b} is no whole number of "
                           f"the shortest step, {said(step)}; correct those times or {remedy}")


def _span(ns: int) -> str:
    """A step of nanoseconds in words: '7 days', '1 hour', '90 minutes' ('0 days 00:00:01.500000'
    beyond)."""
    td = pd.Timedelta(ns)
    for unit, size in (("day", pd.Timedelta(days=1)), ("hour", pd.Timedelta(hours=1)),
                       ("minute", pd.Timedelta(minutes=1)), ("second", pd.Timedelta(seconds=1))):
        if td % size == pd.Timedelta(0):
            n = td // size
            return f"{n} {unit}{'s' if n != 1 else ''}"
    return str(td)


_DAYS = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"]
_MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]


def _months(times: pd.DatetimeIndex) -> tuple[str, int] | None:
    """(alias, gaps) for stamps a whole number of months apart on one anchor of the month:
    "MS", "ME", "BMS", "BME", quarters and years anchored on the series' own months (QS-FEB,
    YE-JUN), as pandas infers them on the series without its gaps; None otherwise."""
    months = np.asarray(times.year * 12 + times.month)
    d = np.diff(months)
    step = int(d.min())
    if step <= 0 or np.any(d % step):
        return None
    m = int(times.month[0]) - 1
    if step == 3:  # quarters: starts named by their first month of the year, ends by their last
        start, end = _MONTHS[m % 3], _MONTHS[m % 3 + 9]
        names = [f"QS-{start}", f"QE-{end}", f"BQS-{start}", f"BQE-{end}"]
    elif step == 12:
        names = [f"YS-{_MONTHS[m]}", f"YE-{_MONTHS[m]}", f"BYS-{_MONTHS[m]}", f"BYE-{_MONTHS[m]}"]
    else:
        n = str(step) if step > 1 else ""
        names = [f"{n}MS", f"{n}ME", f"{n}BMS", f"{n}BME"]
    for name in names:
        found = _on_grid(times, name)
        if found:
            return found
    return None


def _on_grid(times: pd.DatetimeIndex, alias: str) -> tuple[str, int] | None:
    """(alias, gaps) when every stamp lies on the grid of `alias` from the first one; None otherwise."""
    try:
        grid = pd.date_range(times[0], times[-1], freq=alias)
    except (ValueError, OverflowError, pd.errors.OutOfBoundsDatetime):
        return None
    if not len(grid) or grid[0] != times[0]:
        return None
    at = grid.get_indexer(times)
    if (at < 0).any():
        return None
    return alias, int(np.sum(np.diff(at) > 1))


def fill_gaps(x, times, freq, where, fill_missing_dates, notes, covariates=(),
              n_gaps: int | None = None, text: str = "", hint: str = "",
              market: tuple | None = None) -> tuple[np.ndarray, pd.Index]:
    """Case 16: missing time stamps are an error, or inserted and interpolated on request.
    covariates: the past and future columns (flag words: "price (--future)"), whose values on a
    missing date --fill-missing-dates does not invent (covariates are never filled for you): a gap
    is refused, saying what does (it offered --fill-missing-dates, itself refused then). Calendar,
    holiday and static columns need no value of the file there and do not count. n_gaps: the
    gaps infer_freq counted on these times, where the caller has them (else counted here). text:
    the data's way of writing quarters or ISO weeks (Dataset.time_text), the gap named in it. hint:
    a last clause of the refusal (trading_days.market_hint), unless the dates look misread. market:
    (code, days) of --holidays on trading-day data, whose days the series lacks are no gaps: the
    refusal names the first other gap and counts the others, besides the calendar's."""
    n_gaps = infer_freq(times, where)[1] if n_gaps is None else n_gaps
    if not n_gaps:
        return x, times
    if isinstance(freq, (int, np.integer)):
        full = pd.Index(np.arange(times[0], times[-1] + 1, freq))
    else:
        full = pd.date_range(times[0], times[-1], freq=freq)
    missing = full.difference(times)
    word = _FREQ_WORDS.get(str(freq).split("-")[0], f"{freq}-step")
    # More stamps missing than read: the dates are likely misread (01/02/1949 month-first is
    # 2 January), and filling them would invent most of the series.
    misread = len(missing) > len(times)
    held = _sessions(times, missing)
    if held and (misread or not fill_missing_dates or covariates):  # not gaps: nights and weekends
        raise ValidationError(
            f"the {word} series{where} is recorded in sessions, not with gaps: "
            f"{held}; wavecast has no axis of sessions yet: to forecast its recorded stamps as "
            "consecutive steps, leave the time column out of the data (it is then read as steps 0, 1, 2, ...) "
            f"and pass --set eval.period={_per_day(times)} (the stamps a day; eval__period= in Python)")
    if fill_missing_dates and misread:
        raise ValidationError(
            f"--fill-missing-dates would insert {len(missing):,} time stamps into {_a(word)} {word} series{where} of "
            f"{len(times):,}: more invented than read; check that the dates are read as meant (day and "
            "month swapped? write YYYY-MM-DD) or resample the series to its real frequency")
    besides = ""
    if market is not None and not fill_missing_dates:  # the market's own holidays (data.trading_days)
        rest = missing.difference(market[1])
        if 0 < len(rest) < len(missing):
            besides = f", besides {counted(len(missing) - len(rest), 'holiday')} of --holidays {market[0]}"
            missing, n_gaps = rest, int((np.diff(full.get_indexer(rest)) > 1).sum()) + 1
    day = _one_weekday(missing, freq)
    if not fill_missing_dates or covariates:
        after = times[times < missing[0]][-1]
        nxt = times[times > missing[0]][0]
        k = int(((missing > after) & (missing < nxt)).sum())
        fix = ("more missing than present: check that the dates are read as meant (day and month swapped? "
               "write YYYY-MM-DD)" if misread else "use --fill-missing-dates")
        if covariates and not misread:
            fix = ("write the missing dates into the data with their covariates' values and an empty target, "
                   "then pass --fill linear (--fill-missing-dates does not fill covariates yet)")
            if fill_missing_dates:  # it inserts the dates, but the covariates' values there would be invented
                fix = (f"--fill-missing-dates does not invent the values of {', '.join(covariates)} on the "
                       "missing dates: write those dates into the data with their covariates' values and an "
                       "empty target, then pass --fill linear")
        if day and not misread:  # a shop closed on Sundays: interpolation would invent their sales
            fix = (f"every one a {day}: write the {day}s in with their value (0 if closed then), or use "
                   f"--fill-missing-dates to interpolate each from the days beside it")
            if covariates:
                fix = f"every one a {day}: write the {day}s in with their value (0 if closed then) and their covariates'"
        raise ValidationError(
            f"gap of {k} missing step(s) after {describe(after, text, times)} in {_a(word)} {word} series{where} "
            f"({counted(n_gaps, 'gap')}, {counted(len(missing), 'missing stamp')}{besides}); {fix}"
            + (f"; {hint}" if hint and not misread else "")
        )
    s = pd.Series(x, index=times).reindex(full).interpolate("linear", limit_area="inside")
    closed = (f" (every one a {day}: if closed on {day}s, write them in as 0; interpolated, they are values "
              f"that never were, and the forecast's {day}s follow them)") if day else ""
    notes.append(f"{counted(len(missing), 'missing time stamp')}{where} inserted, values interpolated linearly"
                 + closed)
    return s.to_numpy(dtype=np.float64), full


def _per_day(times: pd.DatetimeIndex) -> int:
    return int(len(times) // len(times.normalize().unique()))


def _sessions(times: pd.Index, missing: pd.Index) -> str:
    """How a series stamped within the day is recorded in sessions ('each of its 164 days holds
    the same 169 stamps from 07:00 to 21:00; the 40,133 missing are the hours outside them and
    the 72 days it lacks (66 at weekends, 6 weekdays)'), or '' when it is not: every day present
    holds the same times of day (two days or more, a step under a day), so the missing stamps are
    the hours outside them and whole days. bank_calls (5-minute calls on weekdays, 07:00-21:00)
    was refused as dates probably misread, day and month swapped."""
    if not isinstance(times, pd.DatetimeIndex) or not len(missing) or times[1] - times[0] >= pd.Timedelta(days=1):
        return ""
    days = times.normalize()
    clock = (times - days).asi8
    n_days = len(days.unique())
    per = len(times) // n_days
    if n_days < 2 or per < 2 or len(times) != per * n_days:
        return ""
    grid = clock.reshape(n_days, per)  # times are sorted: one row a day when each day holds `per`
    on_day = days.asi8.reshape(n_days, per)
    if (grid != grid[0]).any() or (on_day != on_day[:, :1]).any():
        return ""
    lacked = pd.DatetimeIndex(missing.normalize().unique()).difference(days.unique())
    if missing.normalize().isin(days).sum() == 0:  # whole days only (hourly, weekends absent): gaps as before
        return ""
    said = (f"each of its {n_days:,} days holds the same {per} stamps from {times[0]:%H:%M} to "
            f"{times[per - 1]:%H:%M}; the {len(missing):,} missing are the hours outside them")
    if len(lacked):
        weekend = int((lacked.day_of_week >= 5).sum())
        which = ("weekends" if weekend == len(lacked) else "weekdays" if not weekend else
                 f"{weekend} at weekends, {len(lacked) - weekend} weekdays")
        said += f" and the {counted(len(lacked), 'day')} it lacks ({which})"
    return said


def _one_weekday(missing: pd.Index, freq) -> str:
    """'Sunday' when every stamp missing from a daily axis (3 or more) falls on that weekday:
    a shop closed on Sundays, whose gaps are no missing data; '' otherwise."""
    if str(freq) != "D" or len(missing) < 3 or not isinstance(missing, pd.DatetimeIndex):
        return ""
    days = np.unique(missing.day_of_week)
    return str(missing[0].day_name()) if len(days) == 1 else ""
