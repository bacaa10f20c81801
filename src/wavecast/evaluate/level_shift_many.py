"""breaks.level_shift_finding of many series at once: the same findings, bit for bit.

The level-shift check ran one Python call a series, and in it a median a step of the horizon:
on a 20,000-series panel most of the checks' 25 s. Histories of one length are stacked, so each
mean is the one numpy takes of one history (pairwise along a row, in the same order), and the
steps of the horizon are tried for every series at once. NumPy only.
"""

from __future__ import annotations

import numpy as np

from .breaks import SHIFT, SHIFT_EACH, STEP_SHARE, shift_finding
from .finding import Finding


def level_shift_findings(series: list[np.ndarray], rows: np.ndarray, origins: np.ndarray, horizon: int,
                         period: int = 1) -> dict[int, Finding]:
    """{series index: the finding} of the series whose forecasts show a level shift: series i's
    entry is breaks.level_shift_finding(series[i], origins[rows == i], horizon, period), the rows in
    their order; series without one are left out. series (N_i,) or (N_i, F); rows, origins (B,)."""
    p = max(1, int(period))
    rows, origins = np.asarray(rows, dtype=np.int64), np.asarray(origins, dtype=np.int64)
    xs = {i: _as_2d(series[i]) for i in np.unique(rows).tolist()}
    finite = {i: bool(np.isfinite(x).all()) for i, x in xs.items()}
    items = []  # (row b, feature f, history h, truth t) of each forecast the check judges
    for b, (i, o) in enumerate(zip(rows.tolist(), origins.tolist(), strict=True)):
        x = xs[i]
        for f in range(x.shape[1]):
            h, t = _history(x, o, f, horizon, p, finite[i])
            if h is not None:
                items.append((b, f, h, t))
    found = _judge(items, p)  # {(b, f): (step, shift, scale)}
    hits: dict[int, list[dict]] = {}
    for b, (i, o) in enumerate(zip(rows.tolist(), origins.tolist(), strict=True)):
        for f in range(xs[i].shape[1]):  # an origin's first feature that shifts, as the reference
            if (b, f) in found:
                step, shift, scale = found[(b, f)]
                hits.setdefault(i, []).append({"step": step, "shift": shift, "scale": scale, "origin": o, "feature": f})
                break
    n = np.bincount(rows, minlength=len(series))
    return {i: shift_finding(h, int(n[i]), horizon, period) for i, h in hits.items()}


def _as_2d(x) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    return x[:, None] if x.ndim == 1 else x


def _history(x: np.ndarray, o: int, f: int, horizon: int, p: int, finite: bool):
    """level_shift's history h (its finite points, the last 10 seasons or horizons) and truth t
    of feature f from origin o, or (None, None) where level_shift judges nothing before its
    zeros' share (too short a history or truth, a truth not finite)."""
    if o < 0:  # x[:o] of a negative origin: the reference's own slices
        hist = x[:o, f]
        return _history_of(hist[np.isfinite(hist)], x[o:o + horizon, f], p)
    t = x[o:o + horizon, f]
    if finite:
        return _history_of(x[max(0, o - 10 * max(p, len(t))):o, f], t, p)
    hist = x[:o, f]
    return _history_of(hist[np.isfinite(hist)], t, p)


def _history_of(h: np.ndarray, t: np.ndarray, p: int):
    h = h[-10 * max(p, len(t)):]
    if len(h) < 2 * p + 2 or len(t) < 2 or not np.isfinite(t).all():
        return None, None
    return h, t


def _judge(items: list, p: int) -> dict[tuple[int, int], tuple[int, float, float]]:
    """level_shift's loop over the steps of the truth, for the items of one history length and
    one truth length at a time: {(b, f): (step, shift, scale)} of those that shift."""
    groups: dict[tuple[int, int], list] = {}
    for it in items:
        groups.setdefault((len(it[2]), len(it[3])), []).append(it)
    found = {}
    for (n, n_t), group in groups.items():
        h = np.stack([it[2] for it in group])  # (G, n)
        t = np.stack([it[3] for it in group])  # (G, n_t)
        keep = ~(np.mean(h == 0, axis=1) > 0.5)  # mostly 0 (intermittent): not judged
        diffs = np.abs(h[:, p:] - h[:, :-p])  # (G, n - p)
        recent = np.ascontiguousarray(diffs[:, -max(2 * p, n_t):])
        # Python's max of three floats, none NaN (the history is finite): np.maximum's value
        scale = np.maximum(np.maximum(diffs.mean(axis=1), recent.mean(axis=1)), 1e-6 * np.abs(h).max(axis=1))
        keep &= ~(scale <= 0)
        x = np.concatenate([h[:, n - p:], t], axis=1)  # (G, p + n_t): all a step's differences read
        todo = np.flatnonzero(keep)
        for m in range(n_t - 1):  # k = n + m, as level_shift's loop; the earliest step wins
            if not len(todo):
                break
            j = np.arange(m, n_t) + p  # x's index of each truth point from step m on
            ref = j - p * (1 + (j - p - m) // p)  # the point of the same phase a season before step m
            s = x[todo][:, j] - x[todo][:, ref]  # (g, n_t - m)
            sc = scale[todo][:, None]
            med = np.median(s, axis=1)
            hit = ((np.all(s > SHIFT_EACH * sc, axis=1) | np.all(s < -SHIFT_EACH * sc, axis=1))
                   & (np.abs(med) > SHIFT * scale[todo]) & (np.abs(s[:, 0]) >= STEP_SHARE * np.abs(med)))
            for g in np.flatnonzero(hit).tolist():
                r = int(todo[g])
                found[(group[r][0], group[r][1])] = (m + 1, float(med[g]), float(scale[r]))
            todo = todo[~hit]
    return found
