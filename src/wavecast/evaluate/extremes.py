"""Extreme values in a training part: points many robust scales away from their neighbours (a
typo, a sensor spike), found so a run can say which one made its scaler and its net misbehave.
NumPy only.
"""

from __future__ import annotations

import numpy as np

from .metrics import CLIP_SDS, ROBUST_SD

MANY = 20.0  # robust scales; a normal sample passes 5 once in 3 million, 20 never


def extreme_points(train: np.ndarray, many: float = MANY) -> list[tuple[int, float, float]]:
    """Points of train (N,) or (N, F) (first feature) lying over `many` robust scales from the
    line through the points either side (a trend's points lie on it) and over 5 robust SDs from the series'
    median (the values metrics.robust_variance clips): [(position, value, scales)], the
    farthest first.

    The scale is 1.4826 x the median of every point's distance from that line, so
    a smooth series' curvature and noise set it, not the spike; a series whose distances are
    over half zero (steps, counts mostly equal) has no scale and no extreme point. The first
    and last points are not judged (neighbours on one side only: the end of a steep trend).
    """
    x = np.asarray(train, dtype=np.float64).reshape(len(train), -1)[:, 0]
    n = len(x)
    if n < 7 or not np.all(np.isfinite(x)):
        return []
    around = np.empty(n)  # (N,) what the neighbours say: the line through the points either side
    around[1:-1] = (x[:-2] + x[2:]) / 2
    around[[0, -1]] = x[[0, -1]]
    dist = np.abs(x - around)
    dist[[0, -1]] = 0.0  # an end has neighbours on one side: a trend's last point looks like a spike
    scale = ROBUST_SD * float(np.median(dist))
    if not scale > 0:
        return []
    med = np.median(x)
    level_sd = ROBUST_SD * float(np.median(np.abs(x - med)))
    # far from its neighbours, and among the values the tolerance clips (metrics.robust_variance)
    far = np.flatnonzero((dist > many * scale) & (np.abs(x - med) > CLIP_SDS * level_sd))
    far = far[np.argsort(-dist[far], kind="stable")]
    return [(int(i), float(x[i]), float(dist[i] / scale)) for i in far]


def extreme_note(where: str, found: list[tuple[int, float, float]], at) -> str:
    """One note line for one series' extreme points: `where` names the series ("series 'a'"),
    `at(position)` says where a point lies in the user's words ("2020-01-01, point 61")."""
    i, v, k = found[0]
    more = f" and {len(found) - 1} more" if len(found) > 1 else ""
    return (f"extreme value in the training data: {where} at {at(i)} is {v:.6g}, {k:.3g} robust scales from "
            f"its neighbours{more}; it sets the scaling the net trains on (forecasts can be far off), can hide "
            "the series' season from the test that looks for it, and is left out of the diagnostics' tolerance; "
            "check it, or fix or drop it and rerun")


def extreme_notes(series: list[np.ndarray], train_ends: list[int], names: list[str], at, shown: int = 3) -> list[str]:
    """Note lines for the extreme points of every series' training part (series[i][:train_ends[i]]),
    the first `shown` series with one said in full and a count of the rest; names[i] names series i,
    at(i, position) says where a point lies."""
    parts = [s[:end] for s, end in zip(series, train_ends, strict=True)]
    hits = [(i, found) for i in may_have_extremes(parts).tolist() if (found := extreme_points(parts[i]))]
    notes = [extreme_note(names[i], found, lambda p, i=i: at(i, p)) for i, found in hits[:shown]]
    if len(hits) > shown:
        notes.append(f"extreme values in the training data of {len(hits) - shown} more series "
                     f"({', '.join(names[i] for i, _ in hits[shown:shown + 5])}{', ...' if len(hits) > shown + 5 else ''})")
    return notes


SURE = 1e-9  # relative margin: a point this near either bound is handed to extreme_points


def may_have_extremes(trains: list[np.ndarray], many: float = MANY) -> np.ndarray:
    """Indices (ascending) of the training parts extreme_points may find a point in: every part it
    does, and the few it does not whose points lie within SURE of a bound. Parts of one length are
    stacked (20,000 series: 4 s in one call a part); extreme_points itself decides on these."""
    xs = [np.asarray(t, dtype=np.float64).reshape(len(t), -1)[:, 0] for t in trains]
    lens = np.array([len(x) for x in xs], dtype=np.int64)
    out = []
    for n in np.unique(lens[lens >= 7]).tolist():  # shorter parts have none
        idx = np.flatnonzero(lens == n)
        x = np.stack([xs[i] for i in idx.tolist()])  # (G, n)
        with np.errstate(invalid="ignore", over="ignore"):  # inf and NaN: parts extreme_points skips
            around = np.concatenate([x[:, :1], (x[:, :-2] + x[:, 2:]) / 2, x[:, -1:]], axis=1)
            dist = np.abs(x - around)
            dist[:, [0, -1]] = 0.0
            scale = ROBUST_SD * np.median(dist, axis=1, keepdims=True)  # (G, 1)
            med = np.median(x, axis=1, keepdims=True)
            level_sd = ROBUST_SD * np.median(np.abs(x - med), axis=1, keepdims=True)
            far = (dist > (1 - SURE) * many * scale) & (np.abs(x - med) > (1 - SURE) * CLIP_SDS * level_sd)
        maybe = far.any(axis=1) & (scale[:, 0] > 0) & np.isfinite(x).all(axis=1)
        out.append(idx[maybe])
    return np.sort(np.concatenate(out)) if out else np.zeros(0, dtype=np.int64)
