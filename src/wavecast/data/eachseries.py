"""Each series of a frame read on its own (data.onetarget): its rows in time order, its future
rows set aside, its missing values refused or filled, its frequency inferred and its gaps refused
or filled; then the series' one frequency, which every series must share.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import ValidationError
from ..words import counted
from .freqinfer import infer_freq
from .futuretimes import continue_axis
from .gaps import fill_gaps
from .missing import _filled, _future_rows, _inserted, _missing, empty_start
from .roworder import order_rows
from .trading_days import (
    axis_of,
    closed_days,
    holiday_days_lacked,
    refusal_words,
    trading_note,
    whose,
)


def _axis_key(t: pd.Index) -> tuple | None:
    """A time axis as a key: its dtype (zone and unit) and its stamps' bytes; infer_freq reads
    nothing else. None (not kept) for an axis of other stamps (text, objects)."""
    if isinstance(t, pd.DatetimeIndex):
        return str(t.dtype), t.asi8.tobytes()
    v = t.to_numpy()
    return (str(v.dtype), v.tobytes()) if v.dtype.kind in "iu" else None


def _whose_freqs(freqs: list, ids: list[str], k: int = 3) -> str:
    """Each frequency with the first ids of it ("W-MON: 'EWR', 'LGA'; W-SUN: 'JFK'"), which the
    refusal said without ("(W-MON, W-SUN)"), leaving the user to look for them."""
    by: dict[str, list[str]] = {}
    for f, sid in zip(freqs, ids, strict=True):
        by.setdefault("one row" if f is None else str(f), []).append(sid)
    return "; ".join(f"{f}: " + ", ".join(repr(i) for i in who[:k]) + (f" and {len(who) - k} more" if len(who) > k else "")
                     for f, who in sorted(by.items()))


class EachSeries:
    """The series of one frame read one by one (read), each appended to values, times, freqs and
    filled, with their covariates' rows (cov_rows, cov_times) and future rows (ahead). One object,
    not a loop of 60 lines: the steps of a series share the read's settings and these lists."""

    def __init__(self, df: pd.DataFrame, target: str, time: str, id: str, src: str, fill: str, sort: bool,
                 fill_missing_dates: bool, min_len: int, past, future, static, calendar, holidays,
                 with_cov: bool, by_date: tuple, text: str, said, panel_step, market: str, notes: list[str]):
        self.df, self.target, self.time, self.id, self.src = df, target, time, id, src
        self.fill, self.sort, self.fill_missing_dates, self.min_len = fill, sort, fill_missing_dates, min_len
        self.past, self.future, self.static, self.calendar, self.holidays = past, future, static, calendar, holidays
        self.with_cov, self.by_date, self.text, self.said = with_cov, by_date, text, said
        self.panel_step, self.market, self.notes = panel_step, market, notes
        self.values, self.times, self.freqs, self.cov_rows, self.cov_times, self.ahead = [], [], [], [], [], []
        self.filled = []  # each series' values filled, not measured (Dataset.filled), or None
        self.shut = []  # each series' weekdays read as closed days (trading_days.closed_days), or None
        self.axes: dict = {}  # each distinct time axis: its (frequency, gaps), for _axis_key

    def read(self, sid: str, rows: np.ndarray, x: np.ndarray, t) -> None:
        """One series (its rows of the frame, values x and stamps t or None) checked and kept."""
        where = f" for id {sid!r}" if self.id else ""
        if t is not None:
            rows, x, t = self._in_time_order(rows, x, t, where)
        if self.with_cov:
            x, rows, t = self._future_rows(sid, rows, x, t)
        x, rows, t, miss = self._missing(rows, x, t, where)
        if t is not None:
            x, t, miss = self._on_axis(x, t, miss, where)
        if len(x) < self.min_len:
            raise ValidationError(f"series{where} in {self.src} has {counted(len(x), 'point')}; needs >= {self.min_len}")
        self.values.append(x)
        self.filled.append(miss if miss.any() else None)
        self.times.append(t)

    def _in_time_order(self, rows, x, t, where):
        """The rows by time: refused out of order (or duplicated), sorted with --sort."""
        with self.said:
            by_time = order_rows(t, rows, self.sort, where, self.text)
        if (np.diff(by_time) != 1).any():  # out of time order (allowed with --sort)
            rows, x, t = rows[by_time], x[by_time], t[by_time]
        return rows, x, t

    def _future_rows(self, sid, rows, x, t):
        """The covariates' rows kept; rows after the series' end with an empty target (future
        covariates' values over the horizon) left out of the series, their stamps kept to check."""
        k = _future_rows(x, bool(self.future or self.calendar or self.holidays))
        self.cov_rows.append(rows)
        self.cov_times.append(t)
        if k:
            if t is not None and k < len(t):  # checked on the series' axis once its step is known
                self.ahead.append((f" of series {sid!r}" if self.id else "", t[-k:], t[-k - 1]))
            x, rows, t = x[:-k], rows[:-k], (t[:-k] if t is not None else None)
        return x, rows, t

    def _missing(self, rows, x, t, where):
        """Missing values refused or filled (--fill); an empty start or end that --fill linear
        leaves out is left out of the axis and the covariates' rows too. -> x, rows, t, filled mask."""
        target, time, id = self.target, self.time, self.id
        nan = np.isnan(x)  # --fill linear fills these (the empty start and end are left out)
        lead = empty_start(x, self.fill)
        x = _missing(x, rows, t, target, self.src, where, self.fill, self.notes,
                     lambda r: _filled(self.df, r, {target, time, id, *self.future, *self.static}), self.past, self.text)
        if lead and self.with_cov:  # the covariates' rows start where the series does (its future rows kept)
            self.cov_rows[-1] = self.cov_rows[-1][lead:]
            self.cov_times[-1] = self.cov_times[-1][lead:] if self.cov_times[-1] is not None else None
        if len(x) < len(rows):  # --fill linear left the empty start or end out: so do the axis and covariates
            if self.with_cov and len(x) < len(rows) - lead:
                self.cov_rows[-1], self.cov_times[-1] = rows[lead: lead + len(x)], (t[lead: lead + len(x)] if t is not None else None)
            rows, t = rows[lead: lead + len(x)], (t[lead: lead + len(x)] if t is not None else None)
        return x, rows, t, nan[lead: lead + len(x)]

    def _on_axis(self, x, t, miss, where):
        """The series' frequency and gaps (read once per distinct axis), its gaps refused or filled
        (--fill-missing-dates) or read as a market's closed days; the mask and covariates' rows
        follow the stamps inserted."""
        key = _axis_key(t)  # series on one axis (a panel's common dates) read it once
        market, panel_step = self.market, self.panel_step
        with self.said:
            f, gaps = self.axes[key] if key in self.axes else (
                infer_freq(t, where) if panel_step is None else (panel_step, int(np.sum(np.diff(t) > panel_step))))
            if key is not None:
                self.axes[key] = (f, gaps)
            read_t = t
            # a market's closed days (data.trading_days): its rows are the steps, no gap to fill
            # --fill-missing-dates with --holidays: the calendar's days stay closed, the rest filled
            self.shut.append(None if not gaps else holiday_days_lacked(t, f, market) if self.fill_missing_dates
                             else closed_days(t, f, market))
            read_as_is = self.shut[-1] is not None and not self.fill_missing_dates
            x, t = fill_gaps(x, t, f, where, self.fill_missing_dates, self.notes, covariates=self.by_date,
                             n_gaps=0 if read_as_is else gaps, text=self.text,
                             **({} if read_as_is or not gaps else refusal_words(t, f, market)))
        if len(t) > len(read_t):  # stamps inserted (--fill-missing-dates): their values filled
            inserted = np.ones(len(t), dtype=bool)
            inserted[t.get_indexer(read_t)] = miss
            miss = inserted
        if self.with_cov and len(t) > len(read_t):  # dates inserted: the covariates' rows follow the axis
            self.cov_rows[-1], self.cov_times[-1] = _inserted(self.cov_rows[-1], self.cov_times[-1], read_t, t)
        self.freqs.append(f)
        return x, t, miss

    def one_freq(self, ids: list[str]):
        """The series' one frequency (None without a time axis): business days read as a market's
        trading days made one axis for all, different frequencies refused, future rows checked to
        continue the axis."""
        freqs, notes, said, src = self.freqs, self.notes, self.said, self.src
        trading = axis_of(self.shut, self.times, self.market)
        if trading is not None:  # one axis for all: "B" that knows the closed days, rebuilds its stamps
            freqs = [trading if f == "B" else f for f in freqs]
            # its own name: `said` is what the refusal below is raised under
            read_for, several = whose(ids, self.shut)
            if not self.fill_missing_dates:  # else fill_gaps said which it inserted and which it kept closed
                notes.append(trading_note(trading.closed, read_for, trading.calendar, several))
        freqs = self._one_row_on(freqs, ids)
        freq = next((f for f in freqs if f is not None), None)
        if len({str(f) for f in freqs}) > 1:
            with said:
                raise ValidationError(f"series in {src} have different frequencies "
                                      f"({_whose_freqs(freqs, ids)}); resample them to one")
        for who, stamps, last in self.ahead:  # future rows: the next stamps of the series' own axis
            continue_axis(stamps, last, freq, who, text=self.text)
        return freq

    def _one_row_on(self, freqs: list, ids: list[str]) -> list:
        """A series of one row has no frequency of its own (one point shows no step): it is read on
        the panel's, as a series of two rows is (too short a one gets its own note or refusal later),
        where its stamp is on that frequency's grid; it said "different frequencies (MS, None)"."""
        known = {str(f): f for f in freqs if f is not None}
        if len(known) != 1 or None not in freqs:
            return freqs
        f = next(iter(known.values()))
        step = pd.tseries.frequencies.to_offset(f) if isinstance(f, str) else None
        for i, (g, t) in enumerate(zip(freqs, self.times, strict=True)):
            if g is None and step is not None and t is not None and len(t) and not step.is_on_offset(t[0]):
                who = f"id {ids[i]!r}" if self.id else "the series"
                with self.said:
                    raise ValidationError(f"{who} in {self.src} has one row, at {t[0]}, off the other series' "
                                          f"frequency {f}: one point shows no frequency of its own; give it "
                                          f"a time on {f} or more rows")
        return [f if g is None else g for g in freqs]
