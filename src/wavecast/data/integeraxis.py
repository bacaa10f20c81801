"""Whole-number time columns that are no count of steps: panels whose steps are uneven (R's
ChickWeight: days 0, 2, ..., 20, then 21). The reader's own refusals (a gap, series of different
steps) sent such files in circles (--fill-missing-dates ended in "different frequencies (1, 2)"):
IntegerAxis puts in their place one line saying what the column holds and what reads it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import ValidationError


def _diffs(t: np.ndarray, ends: np.ndarray, in_time_order: bool) -> tuple[np.ndarray, np.ndarray]:
    """(steps, series of each step) within each series of t (grouped by series, series k ending at
    ends[k]), in the file's order or, in_time_order, each series sorted."""
    seg = np.repeat(np.arange(len(ends)), np.diff(np.r_[0, ends]))
    if in_time_order:
        o = np.lexsort((t, seg))
        t, seg = t[o], seg[o]
    same = seg[1:] == seg[:-1]
    return np.diff(t)[same], seg[1:][same]


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
    whole-number axis is replaced by the line of uneven_steps where it fits (kept
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
        u = None if self.fill else self.uneven()  # under --fill-missing-dates its own refusals stand
        if u:
            raise ValidationError(self._uneven_line(u)) from None
        return False

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
