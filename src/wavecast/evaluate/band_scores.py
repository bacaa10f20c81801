"""Scores of prediction bands against the truth, per level, overall and by lead time: coverage
(share of truths inside the band, with its standard error over rows), mean width, MSIS (the M4
interval score: width + 2/alpha times the miss, scaled by the in-sample seasonal-naive MAE) and
the pinball loss of the band's two quantiles (alpha/2 and 1 - alpha/2, scaled the same way).
NaN truths (past a series' end) are left out.

    interval_scores(point, conf.bands(point, series=idx), truth, scale)
"""

from __future__ import annotations

import numpy as np

from ..errors import ValidationError
from ..forecasters.conformal import Conformal
from ..forecasters.interval_levels import level_key


def seasonal_scale(train: np.ndarray, period: int) -> float:
    """MSIS's denominator: the in-sample seasonal-naive MAE (lag 1 when too short or 0)."""
    x = np.asarray(train, dtype=np.float64).reshape(len(train), -1)
    std = float(np.mean(np.std(x, axis=0))) if len(x) else 0.0
    for p in dict.fromkeys((max(int(period or 1), 1), 1)):
        if len(x) > p:
            s = float(np.mean(np.abs(x[p:] - x[:-p])))
            if s > 1e-9 * std:  # a pure sine repeats to 1e-15: MASE's fallback to lag 1
                return s
    return float(np.abs(x).mean()) or 1.0


def pinball(q: np.ndarray, y: np.ndarray, tau: float) -> np.ndarray:
    """Pinball (quantile) loss of the tau-quantile forecast q for truth y, elementwise."""
    d = y - q
    return np.maximum(tau * d, (tau - 1) * d)


def interval_scores(point: np.ndarray, bands: dict, truth: np.ndarray, scale, groups=None) -> dict:
    """Score bands {level: (lo, hi)} each (B, H, F) around `point` against `truth` (B, H, F).

    scale: (B,) or (B, F) per row (each series' seasonal-naive MAE) for MSIS and pinball.
    groups: (B,) a label a row, rows of one label one unit of the coverage's standard error
    (overlap_groups: a series' origins closer than the horizon share truths); None: each row.
    Returns {level key: {coverage, width, msis, pinball, n, rows, units, coverage_se,
    coverage_se_at_level, by_lead: {same: [H values]}}}.
    """
    y = np.asarray(truth, dtype=np.float64)
    p = np.asarray(point, dtype=np.float64)
    s = np.asarray(scale, dtype=np.float64).reshape(len(y), 1, -1)  # (B, 1, F or 1)
    ok = np.isfinite(y)
    out = {}
    with np.errstate(over="ignore", invalid="ignore"):  # bands near the float range: inf, then None
        for level, (lo, hi) in sorted(bands.items()):
            out[level_key(level)] = _level_scores(level, lo, hi, p, y, ok, s, groups)
    return out


def _level_scores(level: float, lo: np.ndarray, hi: np.ndarray, p: np.ndarray, y: np.ndarray,
                  ok: np.ndarray, s: np.ndarray, groups=None) -> dict:
    """interval_scores of one level's band."""
    if lo.shape != y.shape or hi.shape != y.shape or p.shape != y.shape:
        raise ValidationError(f"bands {lo.shape} / point {p.shape} do not match truth {y.shape}")
    alpha = 1 - level / 100
    yy = np.where(ok, y, 0.0)
    inside = ((yy >= lo) & (yy <= hi)).astype(np.float64)
    width = hi - lo
    miss = (2 / alpha) * (np.maximum(lo - yy, 0) + np.maximum(yy - hi, 0))
    msis = (width + miss) / s
    pin = (pinball(lo, yy, alpha / 2) + pinball(hi, yy, 1 - alpha / 2)) / (2 * s)
    row = {}
    by = {}
    for name, v in (("coverage", inside), ("width", width), ("msis", msis), ("pinball", pin)):
        row[name] = _mean(v, ok, None)
        by[name] = _mean(v, ok, (0, 2))
    row["n"] = int(ok.sum())
    row["rows"], row["units"], row["coverage_se"] = _row_se(inside, ok, groups)
    row["coverage_se_at_level"] = _se_at_level(level, lo, hi, p, yy, ok, groups)
    row["by_lead"] = by
    return row


def _se_at_level(level: float, lo: np.ndarray, hi: np.ndarray, p: np.ndarray, y: np.ndarray, ok: np.ndarray,
                 groups=None) -> float | None:
    """The coverage's standard error (_row_se) were the band scaled about the forecast to cover
    exactly its level on these truths: the error under 'the band is right', with the rows' own
    dependence (a random walk's leads miss together). A band covering 100% has no spread of its
    own (coverage_se 0), so the over-coverage note is judged by this one (interval_metrics)."""
    if not ok.any():
        return None
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(y < p, (p - y) / (p - lo), (y - p) / (hi - p))  # the scale putting y on the band's edge
    t = np.where(np.isnan(t), 0.0, t)  # y on the forecast of a side without width: inside at any scale
    s = np.quantile(t[ok], level / 100)
    return _row_se((t <= s).astype(np.float64), ok, groups)[2]


def _row_se(inside: np.ndarray, ok: np.ndarray, groups=None) -> tuple[int, int, float | None]:
    """(rows with a truth, units, the standard error of the coverage over the units): each row
    (an origin of a series) is one unit, its leads' hits averaged (they share the row's errors:
    one bad origin misses at every lead), the spread of those row means over sqrt(rows) (the
    cluster-robust error); None under 2 units. With groups (overlap_groups), the rows of one
    group are one unit (their row means averaged), and neighbouring groups (labels 1 apart),
    which still share truths, add their covariance (never lowering the error): origins of a
    series one step apart share all but one truth, and counting each as independent made the
    error about sqrt(horizon / stride) too small."""
    n = ok.sum(axis=tuple(range(1, ok.ndim)))
    r = np.where(ok, inside, 0.0).sum(axis=tuple(range(1, ok.ndim)))[n > 0] / n[n > 0]
    rows, near = int(len(r)), 0.0
    if groups is not None and len(r):
        labels, g = np.unique(np.asarray(groups)[n > 0], return_inverse=True)
        r = np.bincount(g, weights=r) / np.bincount(g)
        d = r - r.mean()
        nb = np.diff(labels) == 1  # neighbours: one series' consecutive groups
        near = max(2 * float(np.sum(d[:-1][nb] * d[1:][nb])), 0.0) / max(len(r) - 1, 1)
    if len(r) < 2:
        return rows, int(len(r)), None
    return rows, int(len(r)), float(np.sqrt((np.var(r, ddof=1) + near) / len(r)))


def overlap_groups(series, origins, horizon: int) -> np.ndarray:
    """(B,) a group label a row: a series' origins, in order, start a new group at the first
    one `horizon` or more past the group's first, so the rows of one group share truths (a
    backtest of 24 origins 1 apart at horizon 12: 2 groups), a group shares truths only with
    its neighbours (labels 1 apart) and none from stride >= horizon (a group a row). Each
    series' labels start 2 past the last series': its groups share no truth with those."""
    series, origins = np.asarray(series, dtype=np.int64), np.asarray(origins, dtype=np.int64)
    out = np.empty(len(origins), dtype=np.int64)
    label, first = -2, {}
    for b in np.lexsort((origins, series)):
        s, o = int(series[b]), int(origins[b])
        if s not in first or o - first[s] >= horizon:
            label += 1 if s in first else 2
            first[s] = o
        out[b] = label
    return out


def _mean(v: np.ndarray, ok: np.ndarray, axis):
    """Mean of v where ok, over `axis` (None: all); NaN where nothing is known (JSON null)."""
    n = ok.sum(axis=axis)
    tot = np.where(ok, v, 0.0).sum(axis=axis)
    m = np.divide(tot, n, out=np.full(np.shape(tot), np.nan), where=n > 0)
    if axis is None:
        return float(m) if np.isfinite(m) else None
    return [float(x) if np.isfinite(x) else None for x in m]


def score_all(forecasts: dict, truth: np.ndarray, rows: np.ndarray, intervals: dict[str, Conformal],
              levels, scales: np.ndarray, origins=None) -> dict[str, dict]:
    """{name: interval_scores} of each forecaster's bands around its forecasts (B, H, F) of the
    calibrated series rows (B,); scales (S,) each series' seasonal-naive MAE; origins (B,) each
    row's first forecast step (a backtest's), overlapping ones one unit of the coverage's error."""
    groups = None if origins is None else overlap_groups(rows, origins, np.shape(truth)[1])
    out = {}
    for name, point in forecasts.items():
        conf = intervals.get(name)
        if conf is None or not levels:
            continue
        bands = conf.bands(point, series=rows, levels=levels)
        out[name] = interval_scores(point, bands, truth, np.asarray(scales)[rows], groups)
    return out
