"""Recognising a fitted series in data given, and its floor at 0: each series' length and last
values kept with the model (its tail), where a row of data given sits in its series
(`place_rows`), the ids of data given that hold another series than the one fitted under
that id (`not_continued`), and forecasts clipped at 0 where the history never went below it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..errors import ValidationError

if TYPE_CHECKING:
    from ..data.dataset import Dataset

# The values of a series' end kept to recognise it in data given: enough that another series
# (or the same one in other units) does not hold them by chance, few enough for model.json.
TAIL_LEN = 16
# The same value read back from a CSV or JSON: only float text round trips tell them apart.
TAIL_RTOL = 1e-9


def tails_of(series: list[np.ndarray], input_len: int) -> list[dict]:
    """Each fitted series' length and its last min(length, input_len, TAIL_LEN) values."""
    k = min(input_len, TAIL_LEN)
    return [{"length": len(y), "tail": [float(v) for v in y[-k:]], "nonneg": bool(np.nanmin(y) >= 0)}
            for y in series]


def read_tails(tails, n: int) -> list[dict] | None:
    """The tails of a model file, checked (n series: each a length, its last values and whether
    it had no negative value); None where the file predates them."""
    if tails is None:
        return None
    if (not isinstance(tails, list) or len(tails) != n or not all(
            isinstance(t, dict) and isinstance(t.get("length"), int) and isinstance(t.get("tail"), list)
            and 0 < len(t["tail"]) <= t["length"] for t in tails)):
        raise ValidationError(f"tails do not give {n} series' lengths and last values")
    if not all(t.get("nonneg") in (None, True, False) for t in tails):
        raise ValidationError(f"tails do not give {n} series' lengths and last values")
    return [{"length": int(t["length"]), "tail": [float(v) for v in t["tail"]], "nonneg": t.get("nonneg")}
            for t in tails]


def tail_end(row: np.ndarray, tail: dict) -> int | None:
    """The position after the fitted series' last values in a row of data given: its fitted
    length where the row holds them there (the row continues the series from its first point),
    else the last place it holds them (a later part of the series), else None."""
    t = np.asarray(tail["tail"], dtype=np.float64)
    n, k = int(tail["length"]), len(t)
    tol = TAIL_RTOL * max(float(np.abs(t).max()), np.finfo(np.float64).tiny)

    def holds(end: int) -> bool:
        return np.abs(row[end - k:end] - t).max() <= tol

    if k <= n <= len(row) and holds(n):
        return n
    if len(row) < k:
        return None
    windows = np.lib.stride_tricks.sliding_window_view(row, k)  # (len(row) - k + 1, k)
    ends = np.flatnonzero(np.abs(windows - t).max(axis=1) <= tol) + k
    ends = ends[ends <= n]  # the row's first value at or after the series' first
    return int(ends[-1]) if len(ends) else None


def nonneg_rows(rows) -> np.ndarray:
    """(B,) True where row b holds a value and none below 0: rows a list of 1-D arrays, or a
    (B, T) array (a batch of contexts left-padded with NaN: forecast_at's). NaN is no value
    (fmin skips it, with no copy of a long history); a row of none is not floored."""
    if isinstance(rows, np.ndarray) and rows.ndim == 2:
        if rows.shape[1] == 0:
            return np.zeros(len(rows), dtype=bool)
        return np.fmin.reduce(rows, axis=1) >= 0
    return np.array([len(r) > 0 and float(np.fmin.reduce(r)) >= 0 for r in rows], dtype=bool)


def clip_nonnegative(out: np.ndarray, rows, fitted=None) -> np.ndarray:
    """Forecasts (B, H) at least 0 where row b's history holds no negative value (a count, a
    demand, a price): the net forecasts in level-normalised units, and a series that sits at 0
    (intermittent demand) came out a little below it; a baseline's line (theta's drift, an AR's
    roots) ran below 0 on a falling count beside a net that never did. A no-op where the
    forecast is >= 0. rows: nonneg_rows'. fitted[b]: whether the fitted series of row b had no
    negative value (None: unknown), so that a loaded model, which holds only the series' last
    values, clips as the fitted one did, and a baseline, which reads only its last values
    (an AR(p)), clips as one reading the whole history."""
    floor = nonneg_rows(rows)
    if fitted is not None:
        floor &= np.array([f is None or bool(f) for f in fitted], dtype=bool).reshape(floor.shape)
    if floor.any():
        out[floor] = np.maximum(out[floor], 0.0)
    return out


def clip_contexts(out: np.ndarray, context: np.ndarray, kept: np.ndarray | None, idx: np.ndarray) -> np.ndarray:
    """clip_nonnegative of a baseline's (or the recursive net's) forecasts (B, H, F) after its
    contexts (B, T, F) (NaN: no value), in place: each (row, feature) a series. kept (S, F):
    nonneg_parts of the training parts it was fitted on, idx (B,) each row's series (kept None:
    a forecaster fitted before it kept them, or the recursive net, which keeps none; the context
    alone decides)."""
    fitted = None if kept is None else kept[idx]  # (B, F)
    for f in range(out.shape[2]):  # out[:, :, f] a view: clip_nonnegative writes through it
        clip_nonnegative(out[:, :, f], context[:, :, f], None if fitted is None else fitted[:, f])
    return out


def nonneg_parts(parts: list[np.ndarray]) -> np.ndarray:
    """(S, F): whether each training part (N_i, F) held a value and none below 0, by feature
    (nonneg_rows' rule): what a baseline's fit keeps for clip_contexts."""
    return np.stack([nonneg_rows(np.asarray(x, dtype=np.float64).T) for x in parts]).reshape(len(parts), -1)


def place_rows(tails: list[dict] | None, rows: list[np.ndarray], index: np.ndarray
               ) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """Where each row of data given (1-D, NaN-free) sits in the fitted series it is given for
    (index[b] >= 0; -1: never seen): -> (index, starts, moved). A row that holds its series'
    last fitted values (`tails`) at the fitted length continues it from its first point
    (start 0, as before this check); one that holds them earlier is that series' later part
    (start: where its first value sits). A row that does not hold them (another series under
    the same id: the same one in other units, a different one) gets index -1: its transform
    fitted on the row itself, as a series never seen; its position is in `moved`. Without
    `tails` (files written before them) every row keeps its index."""
    index = np.asarray(index, dtype=np.int64).copy()
    starts = np.zeros(len(rows), dtype=np.int64)
    if tails is None:
        return index, starts, []
    moved = []
    for b, (row, i) in enumerate(zip(rows, index.tolist(), strict=True)):
        if i < 0:
            continue
        end = tail_end(np.asarray(row, dtype=np.float64), tails[i])
        if end is None:
            index[b] = -1
            moved.append(b)
        else:
            starts[b] = int(tails[i]["length"]) - end
    return index, starts, moved


def not_continued(trained: Dataset, given: Dataset) -> list[str]:
    """The ids of `given` that name a series of `trained` (the model's own: its kept tails, or the
    series it was fitted on) whose values given do not hold that series' last values anywhere:
    another series under the same id (the same one in other units, a different one), which a
    scaler fitted on the training series would read in the wrong units."""
    stored = dict(zip(trained.ids, trained.values, strict=True))
    out = []
    for sid, v in zip(given.ids, given.values, strict=True):
        if sid not in stored or not len(stored[sid]):
            continue
        row = np.asarray(v, dtype=np.float64)
        tail = {"length": len(row), "tail": np.asarray(stored[sid], dtype=np.float64)[-TAIL_LEN:].tolist()}
        if tail_end(row, tail) is None:
            out.append(sid)
    return out
