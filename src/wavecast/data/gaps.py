"""Missing time stamps: refused in one line (saying what to do, and when the series is recorded in
sessions or lacks one weekday), or inserted and interpolated under --fill-missing-dates.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import ValidationError
from ..words import counted
from .clockchange import clocks_forward
from .freqinfer import infer_freq
from .timesaid import FREQ_WORDS, article, describe


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
    refusal names the first other gap and counts the others, besides the calendar's; under
    --fill-missing-dates they are not inserted either (the reader keeps them as closed days of a
    TradingDays axis), only the other missing weekdays are (outages: no price invented on a day
    the market was closed)."""
    n_gaps = infer_freq(times, where)[1] if n_gaps is None else n_gaps
    if not n_gaps:
        return x, times
    if isinstance(freq, (int, np.integer)):
        full = pd.Index(np.arange(times[0], times[-1] + 1, freq))
    else:
        full = pd.date_range(times[0], times[-1], freq=freq)
    missing = full.difference(times)
    word = FREQ_WORDS.get(str(freq).split("-")[0], f"{freq}-step")
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
            f"--fill-missing-dates would insert {len(missing):,} time stamps into {article(word)} {word} series{where} of "
            f"{len(times):,}: more invented than read; check that the dates are read as meant (day and "
            "month swapped? write YYYY-MM-DD) or resample the series to its real frequency")
    besides, kept = "", missing[:0]
    if market is not None:  # the market's own holidays (data.trading_days): closed days, never gaps nor filled
        rest = missing.difference(market[1])
        if len(rest) < len(missing) and (len(rest) or fill_missing_dates):
            kept = missing.difference(rest)
            besides = f", besides {counted(len(kept), 'holiday')} of --holidays {market[0]}"
            missing, n_gaps = rest, int((np.diff(full.get_indexer(rest)) > 1).sum()) + 1 if len(rest) else 0
            full = full.difference(kept)
    if len(kept) and not len(missing):  # --fill-missing-dates: nothing to insert, covariates need nothing
        notes.append(f"--fill-missing-dates{where}: nothing inserted, {_kept(kept, market[0])}")
        return x, times
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
        forward = "" if misread or covariates else clocks_forward(times, missing)
        if forward:  # --fill-missing-dates would invent the hour a change of the clocks skipped
            fix = f"{fix}, {forward}"
        raise ValidationError(
            f"gap of {k} missing step(s) after {describe(after, text, times)} in {article(word)} {word} series{where} "
            f"({counted(n_gaps, 'gap')}, {counted(len(missing), 'missing stamp')}{besides}); {fix}"
            + (f"; {hint}" if hint and not misread else "")
        )
    s = pd.Series(x, index=times).reindex(full).interpolate("linear", limit_area="inside")
    closed = (f" (every one a {day}: if closed on {day}s, write them in as 0; interpolated, they are values "
              f"that never were, and the forecast's {day}s follow them)") if day else ""
    notes.append(f"{counted(len(missing), 'missing time stamp')}{where} inserted, values interpolated linearly"
                 + closed + (f"; {_kept(kept, market[0])}" if len(kept) else ""))
    return s.to_numpy(dtype=np.float64), full


def _kept(kept: pd.Index, code: str) -> str:
    """What --fill-missing-dates left out of a market's series: its holidays, the TradingDays' closed days."""
    return (f"the weekday that is a holiday of --holidays {code} kept as a closed day" if len(kept) == 1 else
            f"the {len(kept):,} weekdays that are holidays of --holidays {code} kept as closed days")


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
