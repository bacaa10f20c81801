"""Covariates: what drives a series, by role, read from a frame in data units.

    past      known up to the forecast origin only (a sensor, yesterday's sales)
    future    known over the horizon too (prices, holidays, a weather forecast)
    calendar  future-known features of the time axis (hour, day of week, month as sin/cos; a
              country's public holidays, `holiday_columns`)
    static    one value a series (a number or a category)

A `Covariates` holds, for each series, one array of rows aligned with the series' first value:
columns past..., future..., calendar...; rows after the series' end (the "future rows" of a
file: an empty target, the future covariates filled) extend it. Scaling and window features
live in forecasters/covariates.py; this module only reads and checks. The calendar's columns are
computed in calendarfeatures.py, the holidays' in publicholidays.py, the rows given at predict
time in futurecovariates.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from ..errors import ValidationError
from ..words import closest_column, counted
from .calendarfeatures import calendar_features

ROLES = ("past", "future", "static")


@dataclass
class Covariates:
    """Raw covariates of a list of series (data units), one entry a series."""

    past: tuple[str, ...]
    future: tuple[str, ...]
    static: tuple[str, ...]
    calendar: tuple[str, ...]  # calendar feature names (calendar_features), future-known
    values: list[np.ndarray]  # each (N_i + extra_i, P + F + C): rows from the series' first value
    statics: list[list]  # each series' static values (float or str), in `static` order
    ids: list[str]  # the series' ids (for messages)
    freq: object = None  # the time axis' frequency (calendar features of rows added later)
    last_times: list = field(default_factory=list)  # each series' last time stamp with a row

    @property
    def columns(self) -> list[str]:
        """The columns of each values array, in order."""
        return [*self.past, *self.future, *self.calendar]

    @property
    def future_known(self) -> list[str]:
        return [*self.future, *self.calendar]

    def subset(self, idx) -> Covariates:
        idx = [int(i) for i in idx]
        return replace(self, values=[self.values[i] for i in idx], statics=[self.statics[i] for i in idx],
                       ids=[self.ids[i] for i in idx],
                       last_times=[self.last_times[i] for i in idx] if self.last_times else [])

    def tails(self, starts: list[int]) -> Covariates:
        """Each series' rows from starts[i] on (aligned with a kept tail of its values)."""
        return replace(self, values=[v[int(s):] for v, s in zip(self.values, starts, strict=True)])

    def schema(self) -> dict:
        return {"past": list(self.past), "future": list(self.future), "static": list(self.static),
                "calendar": list(self.calendar)}


_JOBS = {"target": "the target holds the values to forecast", "time": "the time column holds the time stamps",
         "id": "the id column tells the series apart"}


def check_key_columns(target, time: str, id: str, said=lambda key: f"--{key}") -> None:
    """One line where the target, time and id name the same column (said(key): the caller's word
    for each, --id or id=). --id value --target value was refused as "series ... have different
    frequencies (27MS, 2MS, 56MS, ...)", each value read as a series of its own."""
    targets = [t.strip() for t in target.split(",")] if isinstance(target, str) else [str(t) for t in target or ()]
    given = {"target": [t for t in targets if t], "time": [time] if time else [], "id": [id] if id else []}
    for a, b in (("id", "target"), ("time", "target"), ("time", "id")):
        both = [c for c in given[a] if c in given[b]]
        if both:
            raise ValidationError(f"{said(a)} and {said(b)} name the same column {both[0]!r}: {_JOBS[a]}, "
                                  f"{_JOBS[b]}; give each its own column")


def check_roles(target: str, time: str, id: str, past=(), future=(), static=(), calendar=False) -> None:
    """One line for a column in two roles or a covariate that is the target, time or id."""
    seen: dict[str, str] = {}
    def word(role: str) -> str:
        return f"--{role}"

    targets = [t for t in str(target).split(",") if t]
    for role, cols in (("past", past), ("future", future), ("static", static)):
        for c in cols:
            if seen.get(c) == role:  # '--past temp,temp': not two roles, one listed twice
                raise ValidationError(f"column {c!r} is listed twice in {word(role)}; give each covariate once")
            if c in seen:
                raise ValidationError(f"column {c!r} is given as {word(seen[c])} and {word(role)}; give each "
                                      "covariate one role")
            if c in targets:
                raise ValidationError(f"column {c!r} is the target; it cannot also be a covariate ({word(role)})")
            if c and c in (time, id):
                what = "time" if c == time else "id"
                raise ValidationError(f"column {c!r} is the {what} column; it cannot also be a covariate "
                                      f"({word(role)})" + ("; pass --calendar for features of the time axis"
                                                           if what == "time" and not calendar else ""))
            seen[c] = role


def read_covariates(df, rows_of: list[np.ndarray], times_of: list, ids: list[str], target: str,
                    past=(), future=(), static=(), calendar=(), freq=None, src="the data",
                    numeric=None) -> Covariates:
    """The covariates of each series from df's rows (rows_of[i]: df positions of series i in
    time order, its future rows last; times_of[i]: their time stamps or None). calendar: the
    calendar columns to compute (`calendar_columns`, or a fitted model's).

    numeric(column, name, src) -> float64 array: the reader's own check of a numeric column.
    Every problem is one line naming the series and the column.
    """
    import pandas as pd

    cols_num = [*past, *future]
    for role, cols in (("past", past), ("future", future), ("static", static)):
        for c in cols:
            if c not in df.columns:
                cols_all = list(df.columns)
                shown = cols_all if len(cols_all) <= 12 else [*cols_all[:10], "..."]
                near = closest_column(c, cols_all)
                raise ValidationError(f"column {c!r} (--{role}) not found in {src}; "
                                      + (f"did you mean {near!r}? " if near is not None else "") + f"columns are {shown}")
    data = {c: numeric(df[c].astype(np.float64) if pd.api.types.is_bool_dtype(df[c]) else df[c], c, src)
            for c in cols_num}  # a flag (a holiday, a promotion) counts as 0/1
    values, statics, cal_names, last_times = [], [], [], []
    for sid, rows, t in zip(ids, rows_of, times_of, strict=True):
        # row -1: a date --fill-missing-dates inserted, which has no row of the file (the reader
        # refuses one where a past or future column would need a value: NaN here, never a row's)
        block = (np.stack([np.where(rows >= 0, data[c][rows], np.nan) for c in cols_num], axis=1) if cols_num
                 else np.zeros((len(rows), 0)))
        rows = rows[rows >= 0]  # a static column's value is the series' own, on any of its rows
        if calendar:
            if t is None:
                raise ValidationError("--calendar needs a date/time column (--time); none was given")
            feats, cal_names = calendar_features(t, freq, calendar)
            block = np.concatenate([block, feats], axis=1)
        values.append(block)
        last_times.append(t[-1] if t is not None and len(t) else None)
        row = []
        for c in static:
            col = df[c].iloc[rows]
            if col.isna().all():
                raise ValidationError(f"static column {c!r} in {src} is missing for series {sid!r}; give every "
                                      "series its value")
            # the series' value, on its rows that give it: a file's future rows (target empty, the
            # future covariates filled) often leave it empty, and were refused as "missing for series"
            col = col[col.notna()]
            if col.nunique() > 1:
                # one series without an id column has the id '': "varies within series ''" named none
                where = f"within series {sid!r}" if sid != "" else "over its one series"
                raise ValidationError(f"static column {c!r} in {src} varies {where} ({col.tolist()[0]!r}, "
                                      f"then {col[col != col.iloc[0]].tolist()[0]!r}); a static covariate holds one "
                                      "value a series (pass it as --past or --future if it changes)")
            v = col.iloc[0]
            is_num = pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c])
            row.append(float(v) if is_num else str(v))
        statics.append(row)
    return Covariates(tuple(past), tuple(future), tuple(static), tuple(cal_names), values, statics, list(ids),
                      freq, last_times)


def static_gap_note(df, static, rows_of: list[np.ndarray], lengths: list[int], ids: list[str],
                    src: str = "the data") -> str | None:
    """A note naming each static column left empty on some of a series' history rows (rows <
    lengths[i]): read_covariates takes the series' value from its other rows, as on its future
    rows (where an empty static is the usual file, said nothing), but a gap in the history was
    filled without a word. None if there is none."""
    said = []
    for c in static:
        gaps = []
        for sid, rows, n in zip(ids, rows_of, lengths, strict=True):
            hist = rows[:n]
            k = int(df[c].iloc[hist[hist >= 0]].isna().sum())
            if k:
                gaps.append(f"{sid!r}" + (f" ({k} rows)" if k > 1 else ""))
        if gaps:
            shown = ", ".join(gaps[:3]) + (f" and {len(gaps) - 3} more" if len(gaps) > 3 else "")
            said.append(f"static column {c!r} in {src} is empty on history rows of series {shown}")
    if not said:
        return None
    return f"{'; '.join(said)}: each read as the value the series' other rows give"


def constant_note(cov: Covariates | None, lengths: list[int]) -> str | None:
    """A note naming each covariate that holds one value over the history of every series (rows
    < lengths[i]): a past or future column, or a static one the same in every series. Scaled, it
    is all zeros: the net cannot learn what it does, and another value at predict time changed
    no forecast, without a word. None if every one varies. (The internal columns of several
    targets, "b->a", are not the user's and are left out.)"""
    if cov is None:
        return None
    said = []
    for j, c in enumerate((*cov.past, *cov.future)):
        if "->" in c:
            continue
        rows = [v[:n, j] for v, n in zip(cov.values, lengths, strict=True)]
        vals = np.concatenate(rows) if rows else np.zeros(0)
        vals = vals[np.isfinite(vals)]
        if len(vals) and np.ptp(vals) == 0:
            role = "past" if j < len(cov.past) else "future"
            said.append(f"{role} covariate {c!r} is {vals[0]:g} throughout")
    for j, c in enumerate(cov.static):
        vals = {s[j] for s in cov.statics}
        if len(cov.statics) > 1 and len(vals) == 1:
            said.append(f"static covariate {c!r} is {next(iter(vals))!r} in every series")
    if not said:
        return None
    return (f"{'; '.join(said)}: a column that never varies tells the net nothing, so it cannot learn its effect "
            "and another value at predict time changes no forecast; leave it out, or give data in which it varies")


def check_complete(cov: Covariates, lengths: list[int], src: str = "the data", rows_of=None,
                   times_of=None, text: str = "") -> None:
    """No missing value in a covariate where the series has values, nor in a future-known one
    on the future rows: one line naming the series, the column and the row of the file and its
    time, as the target's missing values are named (rows_of[i]: the positions of series i's rows,
    from 0, in the order of its values; times_of[i]: their time stamps or None; text: the data's
    way of writing quarters or ISO weeks, Dataset.time_text)."""
    from .timesaid import at_row

    names = cov.columns
    n_past = len(cov.past)
    rows_of = rows_of if rows_of is not None else [np.arange(len(v)) for v in cov.values]
    times_of = times_of if times_of is not None else [None] * len(cov.values)
    for sid, v, n, rows, t in zip(cov.ids, cov.values, lengths, rows_of, times_of, strict=True):
        bad = np.isnan(v[:n])
        if v.shape[0] > n:  # future rows: the future-known columns must be filled
            fut = np.isnan(v[n:, n_past:])
            if fut.any():  # named by its row and time, as the history's are (was "for series ''
                # at future row 11 after its end" of a file with one series, and no row of the file)
                r, c = np.argwhere(fut)[0]
                who = f" for series {sid!r}" if sid else ""
                raise ValidationError(f"column {names[n_past + c]!r} (--future) in {src} is missing{who} at "
                                      f"{at_row(rows, t, n + r, text)}, future row {r + 1} after the series' end; "
                                      "future covariates must be filled on every future row: fill it, or drop "
                                      "that row and the ones after it (and forecast fewer steps)")
        if bad.any():
            r, c = np.argwhere(bad)[0]
            role = "past" if c < n_past else "future"
            who = f" for series {sid!r}" if sid else ""
            raise ValidationError(f"column {names[c]!r} (--{role}) in {src} has "
                                  f"{counted(int(bad[:, c].sum()), 'missing value')}{who}, first at "
                                  f"{at_row(rows, t, r, text)}; fill them (covariates are not filled for you)")
