"""Whole-number time columns that are no count of steps: clock times written HHMM (R's beaver1:
840, 850, ..., 2350, 0, 10, beside a day-of-year column) and panels whose steps are uneven (R's
ChickWeight: days 0, 2, ..., 20, then 21). The reader's own refusals (rows going backwards, a
gap, irregular steps, series of different steps) sent such files in circles (--sort would mix
the days; --fill-missing-dates ended in "different frequencies (1, 2)"): IntegerAxis puts in
their place one line saying what the column holds and what reads it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import ValidationError

# a day of the year (346, 347), as R's beaver1 and beaver2 write it beside HHMM clock times
DAY_NAME = re.compile(r"(?i)\s*(day|doy|yday|jday|julian[ _]?day|day[ _]?of[ _]?year)\s*")


def _diffs(t: np.ndarray, ends: np.ndarray, in_time_order: bool) -> tuple[np.ndarray, np.ndarray]:
    """(steps, series of each step) within each series of t (grouped by series, series k ending at
    ends[k]), in the file's order or, in_time_order, each series sorted."""
    seg = np.repeat(np.arange(len(ends)), np.diff(np.r_[0, ends]))
    if in_time_order:
        o = np.lexsort((t, seg))
        t, seg = t[o], seg[o]
    same = seg[1:] == seg[:-1]
    return np.diff(t)[same], seg[1:][same]


def clock_times(t: np.ndarray, ends: np.ndarray) -> bool:
    """Whether whole numbers are clock times written HHMM: every one 0-2359 with minutes under 60,
    a regular step in minutes of the day (multiples allowed: gaps), where as numbers they go back
    past midnight (2350, then 0: each step back under half a day on the clock) or step unevenly
    across the hour (850, 900: 10 minutes, 50 as numbers). An integer axis that merely goes back
    (1, 2, 3, 5, 4) is none: its step back is most of a day on the clock."""
    if not len(t) or t.min() < 0 or t.max() > 2359 or (t % 100 >= 60).any():
        return False
    d, _ = _diffs(t, ends, in_time_order=False)
    minutes = t // 100 * 60 + t % 100
    dm = _diffs(minutes, ends, in_time_order=False)[0] % 1440  # past midnight: the next day's minutes
    if not len(d) or (dm == 0).any() or (dm % dm.min()).any() or (dm[d < 0] >= 720).any():
        return False
    return bool((d < 0).any() or (d != dm).any())


@dataclass(frozen=True)
class Uneven:
    """A panel whose steps are mostly `step` apart (or its multiples), with some steps off it
    (`off`, e.g. 1 of days 20 to 21) within series that also step by `step`: `fine`, the greatest
    common step, reads every stamp. n_series: the series with such steps; first: (id, a, b);
    residue: the most common value of t % step (the grid most stamps lie on)."""

    step: int
    fine: int
    off: tuple[int, ...]
    n_series: int
    first: tuple[int, int, int]
    residue: int


def uneven_steps(t: np.ndarray, ends: np.ndarray) -> Uneven | None:
    """The panel's steps as Uneven where most are multiples of one step and a minority are not,
    within series that step by it too (ChickWeight: 2, and 1 at the end); None otherwise (gaps of
    one step, or each series regular at a step of its own: "different frequencies" says that)."""
    d, seg = _diffs(t, ends, in_time_order=True)
    keep = d > 0  # duplicates are refused on their own
    d, seg = d[keep], seg[keep]
    if len(d) < 2:
        return None
    vals, counts = np.unique(d, return_counts=True)
    step = int(vals[counts.argmax()])
    fine = int(np.gcd.reduce(d))
    off = d % step != 0
    if step == fine or not off.any() or 2 * off.sum() >= len(d):
        return None
    mixed = np.intersect1d(seg[off], seg[~off])  # series holding both kinds of step
    if not len(mixed):
        return None
    k = int(mixed[0])
    ts = np.sort(t[(ends[k - 1] if k else 0):ends[k]])
    i = int(np.flatnonzero(np.diff(ts) % step != 0)[0])
    r = np.bincount(t % step).argmax()  # numpy: t % step >= 0 for negative t too
    return Uneven(step, fine, tuple(int(v) for v in np.unique(d[off])[:3]), len(mixed),
                  (k, int(ts[i]), int(ts[i + 1])), int(r))


def uneven_column(df: pd.DataFrame, id: str, skip: set, name_ok) -> tuple[str, str]:
    """(column, note) of a whole-number column named as a time (name_ok: Time, time) whose steps
    are uneven within its series (ChickWeight's Time without --time): not the time, the rows are
    steps, and the note says how to read it (it said "column 'Time' is not used; pass --past or
    --future to use it", of the file's plain time axis); ("", "") when there is none."""
    for c in df.columns:
        if c in skip or c == id or not name_ok(str(c).strip()) or not pd.api.types.is_integer_dtype(df[c]):
            continue
        if id:
            codes, uniques = pd.factorize(df[id].astype(str), sort=False)
            order = np.argsort(codes, kind="stable")
            t, ends = df[c].to_numpy(dtype=np.int64)[order], np.cumsum(np.bincount(codes))
            ids = [str(u) for u in uniques]
        else:
            t, ends, ids = df[c].to_numpy(dtype=np.int64), np.array([len(df)]), [""]
        u = uneven_steps(t, ends) if len(ends) > 1 else None
        if u:
            k, a, b = u.first
            who = f" for id {ids[k]!r}" if id else ""
            return str(c), (f"column {c!r} is not read as the time: it steps unevenly ({u.step} between most rows, "
                            f"{', '.join(str(v) for v in u.off)} in {u.n_series} series: {a} to {b}{who}), so the rows "
                            f"of each series are read as steps 0, 1, 2, ...; to read it, pass --time {c} with "
                            f"--fill-missing-dates (steps of {u.fine}, the stamps between interpolated), or keep the "
                            f"rows on its {u.step}-step grid (df = df[df[{c!r}] % {u.step} == {u.residue}]) and pass "
                            f"--time {c}")
    return "", ""


class IntegerAxis:
    """Used as `with said:` around the reader's checks of a time axis: a refusal raised there on a
    whole-number axis is replaced by the line of clock_times or uneven_steps where one fits (kept
    otherwise); on dates it is kept. panel_step: the step --fill-missing-dates reads an uneven
    panel at (every series on it), None where the series' own steps are read."""

    def __init__(self, df: pd.DataFrame, t_all, ends: np.ndarray, ids: list[str], time: str, id: str,
                 src: str, fill_missing_dates: bool, used: set):
        self.on = t_all is not None and not isinstance(t_all, pd.DatetimeIndex)
        self.df, self.t, self.ends, self.ids = df, (t_all.to_numpy() if self.on else None), ends, ids
        self.time, self.id, self.src, self.fill, self.used = time, id, src, fill_missing_dates, used
        self._uneven: Uneven | None | bool = False  # False: not yet looked for

    def uneven(self) -> Uneven | None:
        if self._uneven is False:
            self._uneven = uneven_steps(self.t, self.ends) if self.on and len(self.ends) > 1 else None
        return self._uneven

    def panel_step(self) -> int | None:
        u = self.uneven() if self.on and self.fill else None
        return u.fine if u else None

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if kind is not ValidationError or not self.on:
            return False
        if clock_times(self.t, self.ends):
            raise ValidationError(self._clock()) from None
        u = None if self.fill else self.uneven()  # under --fill-missing-dates its own refusals stand
        if u:
            raise ValidationError(self._uneven_line(u)) from None
        return False

    def _clock(self) -> str:
        c, src = self.time, self.src
        t = self.t
        seg = np.repeat(np.arange(len(self.ends)), np.diff(np.r_[0, self.ends]))
        back = np.flatnonzero((np.diff(t) < 0) & (seg[1:] == seg[:-1]))  # midnight: 2350, then 0
        wraps = len(back) > 0
        shown = ", ".join(str(v) for v in t[:3])
        if wraps:
            j = int(back[0])
            shown += f", ..., {t[j]}, {t[j + 1]}" if j > 2 else ""
        said = (f"column {c!r} in {src} holds clock times written HHMM ({shown}, ...: hours and minutes"
                + (", past midnight back to 0: sorting would mix the days" if wraps else ", 60 minutes to the hour")
                + "), not steps")
        minutes = f"pd.to_timedelta(df[{c!r}] // 100 * 60 + df[{c!r}] % 100, unit='min')"
        days = [x for x in self.df.columns if x not in (c, self.id) and x not in self.used
                and DAY_NAME.fullmatch(str(x)) and pd.api.types.is_integer_dtype(self.df[x])
                and self.df[x].min() >= 1 and self.df[x].max() <= 366]
        if days:
            d = days[0]
            line = (f"df['when'] = pd.to_datetime(df[{d!r}] - 1, unit='D', origin='2000-01-01') + {minutes}, "
                    f"with the data's year in place of 2000")
            what = f"make one time column of it and column {d!r} (the day of the year)"
        else:
            step = (f"(df.groupby({self.id!r})[{c!r}].diff() < 0).groupby(df[{self.id!r}]).cumsum()" if self.id
                    else f"(df[{c!r}].diff() < 0).cumsum()")  # the days passed, within each series
            count = f"{step} * 1440 + " if wraps else ""
            if count:
                minutes = minutes.replace("pd.to_timedelta(", f"pd.to_timedelta({count}", 1)
            line = f"df['when'] = pd.Timestamp('2000-01-01') + {minutes}, with the data's first day in place of 2000-01-01"
            what = "make times of them" + (", a day added at each midnight" if wraps else "")
        return f"{said}; {what}, e.g. {line}, then pass --time when"

    def _uneven_line(self, u: Uneven) -> str:
        c = self.time
        k, a, b = u.first
        who = f" for id {self.ids[k]!r}" if self.id else ""
        off = ", ".join(str(v) for v in u.off)
        keep = f"df = df[df[{c!r}] % {u.step} == {u.residue}]"
        return (f"column {c!r} in {self.src} steps unevenly: {u.step} between most rows, {off} in "
                f"{u.n_series} series ({a} to {b}{who}), so no one step reads it; keep the rows on the "
                f"{u.step}-step grid ({keep}), pass --fill-missing-dates to read steps of {u.fine} (the "
                "stamps between interpolated), or leave out --time to read each series' rows as steps 0, 1, 2, ...")
