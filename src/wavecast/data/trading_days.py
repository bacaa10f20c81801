"""Business-daily series that lack a few weekdays (a stock exchange's closed days) read as trading
days: their rows are consecutive steps, nothing inserted or interpolated, and the weekdays they lack
are kept as closed days of the time axis (TradingDays), so the stamps are rebuilt exactly and the
forecast's dates are the next weekdays (skipping a holiday calendar's days where --holidays names one).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from ..words import counted

# The bounds that tell a market's closed days from missing data, measured on the `holidays`
# package's calendars of 70 exchanges, 2010-2024: every exchange of the Americas, Europe, India,
# Hong Kong and Australia closes at most 3 weekdays in a row (Christmas to Boxing Day and New
# Year's Day around a weekend; Good Friday and Easter Monday are 4 days apart) and at most 19 of a
# year's ~261 weekdays (Bogota 7.3%; NYSE 11, London 10, Hong Kong and Mumbai 17). Longer runs
# (Shanghai's, Tokyo's, Seoul's and Taipei's New Year and Golden Week closures of 5 to 8
# weekdays) cannot be told from an outage by the dates alone: they stay gaps, refused as before,
# unless --holidays names the market: the weekdays its calendar names are then closed days whatever
# their run (the market's own holidays, not an outage), and only the rest are held to these bounds.
MAX_RUN = 3
MAX_SHARE = 0.08
# A short series' share is noisy: a month around Christmas in London lacks 3 of its 22 weekdays.
# One Christmas-to-New-Year closure (3 weekdays) is allowed whatever the span.
MIN_ALLOWED = 3
# The longest closure of those calendars (Taipei's New Year, 8 weekdays; Shanghai's, Tokyo's and
# Seoul's 6): a refused series whose gaps are no longer may be a market's days, --holidays offered.
MAX_CLOSURE = 8


class TradingDays(str):
    """The frequency "B" of a series read as trading days, with the weekdays it lacks (`closed`)
    and a holiday calendar (`calendar`, the --holidays code, or "") whose days after `end` (the
    last stamp read) the forecast skips. It is the string "B" to every reader of the alias (its
    season 5, its words, model.json's freq, the comparison with a model's frequency), and
    `offset` (a CustomBusinessDay) to every maker of stamps (futuretimes.future_times and the like),
    which as_offset gives: pd.date_range(first, last, freq=offset) is the stamps read."""

    closed: pd.DatetimeIndex
    calendar: str
    end: pd.Timestamp | None

    def __new__(cls, closed, calendar: str = "", end=None):
        self = super().__new__(cls, "B")
        self.closed = pd.DatetimeIndex(closed).normalize().unique().sort_values()
        self.calendar = calendar or ""
        self.end = None if end is None else pd.Timestamp(end)
        self._offset = None
        return self

    def __reduce__(self):  # pickled (a fitted Forecaster in a user's own pickle) with its days
        return (TradingDays, (list(self.closed), self.calendar, self.end))

    @property
    def offset(self) -> pd.offsets.CustomBusinessDay:
        if self._offset is None:
            days = self.closed
            if self.calendar and self.end is not None:
                days = days.union(_calendar_days(self.calendar, self.end))
            self._offset = pd.offsets.CustomBusinessDay(holidays=list(days.date))
        return self._offset


def as_offset(freq):
    """What pandas makes stamps with: a TradingDays' CustomBusinessDay, any other freq as it is."""
    return freq.offset if isinstance(freq, TradingDays) else freq


def _calendar_days(code: str, end: pd.Timestamp, years: int = 30) -> pd.DatetimeIndex:
    """The weekdays after `end` on which the calendar `code` (a country's public holidays or a
    market's closed days, data.publicholidays) has a holiday, for `years` years."""
    from .holidaytables import holiday_days

    days = holiday_days(code, range(end.year, end.year + years + 1))
    return days[(days > end.normalize()) & (days.day_of_week < 5)]


def closed_days(times: pd.Index, freq, calendar: str = "") -> pd.DatetimeIndex | None:
    """The weekdays a business-daily series lacks, when they look like a market's closed days
    (each run of them at most MAX_RUN weekdays, all of them at most MAX_SHARE of the weekdays of
    its span or MIN_ALLOWED); None otherwise (no gap, another frequency, or gaps too long or too
    many: real missing data, refused or filled as before). calendar: the --holidays code; the
    missing weekdays it names are closed days whatever their run (Shanghai's week of Chinese New
    Year), only the others are held to the bounds, runs counted as if the named days were weekends."""
    on = _weekday_positions(times, freq)
    if on is None:
        return None
    full, at = on
    missing = full.delete(at)
    named = missing[missing.isin(calendar_days(calendar, full))] if calendar else missing[:0]
    rest = full.difference(named)  # the weekdays less the calendar's holidays the series lacks
    runs = np.diff(rest.get_indexer(times)) - 1
    if not len(missing) or runs.max() > MAX_RUN or runs.sum() > max(MAX_SHARE * len(full), MIN_ALLOWED):
        return None
    return missing


def holiday_days_lacked(times: pd.Index, freq, calendar: str) -> pd.DatetimeIndex | None:
    """Under --fill-missing-dates with --holidays: the weekdays a business-daily series lacks that
    the calendar names, kept as closed days (gaps.fill_gaps inserts only the others, outages); None
    when there are none, or no calendar, or another frequency (every missing stamp filled, as before)."""
    on = _weekday_positions(times, freq) if calendar else None
    if on is None:
        return None
    full, at = on
    missing = full.delete(at)
    named = missing[missing.isin(calendar_days(calendar, full))]
    return named if len(named) else None


def refusal_words(times: pd.Index, freq, calendar: str) -> dict:
    """What gaps.fill_gaps adds to its refusal of a business-daily series closed_days did not
    read as trading days: with --holidays, the calendar's days (the gaps named and counted are the
    others); without, the hint to name a market where the gaps could be its closures."""
    if str(freq) != "B" or not isinstance(times, pd.DatetimeIndex) or len(times) < 2:
        return {}
    return {"market": (calendar, calendar_days(calendar, times))} if calendar else {"hint": market_hint(times, freq)}


def market_hint(times: pd.Index, freq) -> str:
    """The refusal's last clause for a business-daily series whose gaps (refused: too long or too
    many for closed_days) are runs of at most MAX_CLOSURE weekdays, as a market's closures are:
    --holidays with the market's code reads them as closed days; "" otherwise (no market guessed)."""
    on = _weekday_positions(times, freq)
    if on is None or not 0 < np.diff(on[1]).max() - 1 <= MAX_CLOSURE:
        return ""
    return "if these are a market's closed days, pass --holidays with its code (e.g. --holidays XSHG)"


def _weekday_positions(times: pd.Index, freq) -> tuple[pd.DatetimeIndex, np.ndarray] | None:
    """(every weekday from the first stamp to the last, each stamp's place among them) for a
    business-daily series; None for another frequency, fewer than two stamps, or a stamp off the
    weekdays' midnights (not this axis)."""
    if str(freq) != "B" or not isinstance(times, pd.DatetimeIndex) or len(times) < 2:
        return None
    full = pd.bdate_range(times[0], times[-1]) if times.tz is None else pd.date_range(times[0], times[-1], freq="B")
    at = full.get_indexer(times)
    return None if (at < 0).any() else (full, at)


def calendar_days(calendar: str, span: pd.DatetimeIndex) -> pd.DatetimeIndex:
    """The days of the holiday calendar `calendar` in the years of `span`, in span's time zone."""
    days = _holiday_days(calendar, span[0].year, span[-1].year)
    return days.tz_localize(span.tz) if span.tz is not None else days


@lru_cache(maxsize=64)
def _holiday_days(calendar: str, first: int, last: int) -> pd.DatetimeIndex:
    """holiday_days, once a panel: a market's table of ten years takes ~16 ms, a thousand stocks 16 s."""
    from .holidaytables import holiday_days

    return holiday_days(calendar, range(first, last + 1))


# What a forecast of trading days read without a market's calendar may get wrong, said by the run
# (trading_note) and again by each forecast of its model (forecast_note)
NO_CALENDAR = "a holiday among them would shift them by a day; --holidays with a market's code, e.g. --holidays NYSE"


def forecast_note(freq) -> str:
    """The run's word on the forecast's dates, for `wavecast forecast` of a model read as trading days
    without --holidays ('' otherwise): its forecast of DJIA closes was dated on 2023-11-23,
    Thanksgiving, the market closed, and only the run had said that could happen."""
    if not isinstance(freq, TradingDays) or freq.calendar:
        return ""
    return (f"the model reads trading days without a market's calendar: the forecast's dates are the next "
            f"weekdays ({NO_CALENDAR}, given to wavecast run, skips its closed days)")


def trading_note(closed: pd.DatetimeIndex, who: str = "", calendar: str = "", several: bool = False) -> str:
    """The one note that says a series was read as trading days, which days it lacks, what the
    forecast's dates are and how to opt out. who: ' for id 'a'' or ' (2 of 3 series)'; several:
    a panel's series, said as 'they'; calendar: the --holidays code, the closed days it names counted."""
    shown = ", ".join(str(d.date()) for d in closed[:4]) + (", ..." if len(closed) > 4 else "")
    lack = "they lack" if several else "it lacks"
    them = f"the weekday {lack}" if len(closed) == 1 else f"the {len(closed):,} weekdays {lack}"
    if calendar:
        ahead = f"the forecast's dates are the next weekdays that are no holiday of --holidays {calendar}"
    else:
        ahead = f"the forecast's dates are the next weekdays ({NO_CALENDAR}, skips its closed days)"
    taken = "is taken as a closed day, not a gap" if len(closed) == 1 else "are taken as closed days, not gaps"
    instead = "; pass --fill-missing-dates to interpolate them instead"
    if calendar:  # how many the calendar names: those are closed days whatever their run (closed_days)
        k = int(closed.isin(calendar_days(calendar, closed)).sum())
        taken += (f" ({'a' if k else 'no'} holiday of --holidays {calendar})" if len(closed) == 1 else
                  f" ({'all' if k == len(closed) else f'{k:,}' if k else 'none'} of them holidays of --holidays {calendar})")
        # the flag fills only the days the calendar does not name (gaps.fill_gaps): its holidays stay closed
        other = len(closed) - k
        instead = ("" if not other else "; pass --fill-missing-dates to interpolate the one that is no holiday instead"
                   if other == 1 else f"; pass --fill-missing-dates to interpolate the {other:,} that are no holiday instead")
    return f"business-daily series{who} read as trading days: {them} ({shown}) {taken}; {ahead}{instead}"


def axis_of(closed_by_series: list, times: list, calendar: str = "") -> TradingDays | None:
    """The series' one TradingDays: the weekdays any of them lacks (None when none was read as
    trading days), the calendar's holidays skipped after the last stamp of all. One axis for a
    panel, as its one frequency: a series open on another's closed day (two markets) keeps its
    rows and forecasts its next weekdays all the same; a saved model, which rebuilds each series'
    kept tail (input_len steps) from its last stamp and this axis, keeps such a tail's stamps in
    model.json (io.trading_section.open_days), or it would skip that day."""
    found = [c for c in closed_by_series if c is not None]
    if not found:
        return None
    days = found[0]
    for c in found[1:]:
        days = days.union(c)
    end = max(t[-1] for t in times if t is not None and len(t))
    return TradingDays(days, calendar, end)


def whose(ids: list, closed_by_series: list) -> tuple[str, bool]:
    """(whose, several) for trading_note: " for id 'a'" where one series of a panel was read so,
    " (2 of 3 series)", " (all 3 series)" or " (both series)" where several were, "" for one series."""
    k = [i for i, c in zip(ids, closed_by_series, strict=True) if c is not None]
    if len(ids) < 2:
        return "", False
    if len(k) == 1:
        return f" for id {k[0]!r}", False
    if len(k) == len(ids) == 2:
        return " (both series)", True
    return (" (all " if len(k) == len(ids) else f" ({len(k)} of ") + f"{counted(len(ids), 'series', 'series')})", True


def calendar_of(holidays, calendar) -> str:
    """The holiday calendar's code of a read: --holidays, or a fitted model's holiday column
    (holiday_NYSE) when its new data is read."""
    if isinstance(holidays, str) and holidays.strip():
        return holidays.strip()
    names = calendar if isinstance(calendar, (tuple, list)) else ()
    return next((n[len("holiday_"):] for n in names if n.startswith("holiday_") and not n.startswith("holiday_close_")),
                "")
