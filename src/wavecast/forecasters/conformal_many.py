"""error_scale.series_scale, nonneg_of and flat_of of many series at once: the same figures, bit for bit.

Calibration scales every series' known part, several times a run (each forecaster, then the
held-out bands): one Python call a series was 30 s of a 20,000-series panel's run. Series of
one length are stacked and reduced along their rows, which numpy sums as it sums one series
(pairwise, in the same order); np.add.reduceat over one flat array does not (its last bits differ).
"""

from __future__ import annotations

import numpy as np

from ..data.windows import as_2d


def series_scales(known: list[np.ndarray], period: int = 1,
                  relative: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(scales (S, F), floors (S, F), nonneg (S, F)) of S known parts (N_i,) or (N_i, F): row i
    is (series_scale(known[i], period, relative), nonneg_of(known[i]))."""
    xs = [as_2d(np.asarray(x, dtype=np.float64)) for x in known]
    n_f = xs[0].shape[1] if xs else 1
    scales, floors = np.ones((len(xs), n_f)), np.zeros((len(xs), n_f))
    nonneg = np.zeros((len(xs), n_f), bool)
    lens = np.array([len(x) for x in xs], dtype=np.int64)
    for n in np.unique(lens).tolist():
        idx = np.flatnonzero(lens == n)
        if n == 0:  # no values: scale 1, floor 0, not >= 0 (as series_scale and nonneg_of)
            continue
        x = np.stack([xs[i] for i in idx.tolist()])  # (k, n, F)
        ok = np.isfinite(x)
        nonneg[idx] = ok.any(axis=1) & (np.where(ok, x, 0.0) >= 0).all(axis=1)
        v = np.ascontiguousarray(x.transpose(0, 2, 1)).reshape(-1, n)  # (k F, n): one row a feature
        sc, fl = _rows(v, max(int(period or 1), 1), relative)
        scales[idx], floors[idx] = sc.reshape(-1, n_f), fl.reshape(-1, n_f)
    return scales, floors, nonneg


def flat_rows(known: list[np.ndarray]) -> np.ndarray | None:
    """(S, F) error_scale.flat_of of S known parts (N_i,) or (N_i, F): the constant each held, NaN
    where it varied; None when none held one (Conformal.flat_'s none)."""
    xs = [as_2d(np.asarray(x, dtype=np.float64)) for x in known]
    flat = np.full((len(xs), xs[0].shape[1] if xs else 1), np.nan)
    lens = np.array([len(x) for x in xs], dtype=np.int64)
    for n in np.unique(lens).tolist():
        if n == 0:
            continue
        idx = np.flatnonzero(lens == n)
        x = np.stack([xs[i] for i in idx.tolist()])  # (k, n, F)
        still = np.isfinite(x).all(axis=1) & (np.ptp(x, axis=1) == 0)
        flat[idx] = np.where(still, x[:, 0], np.nan)
    return flat if np.isfinite(flat).any() else None


def _rows(v: np.ndarray, period: int, relative: bool) -> tuple[np.ndarray, np.ndarray]:
    """series_scale's loop body for each row of v (R, n), n >= 1: (R,) scales, (R,) floors."""
    n = v.shape[1]
    scales, floors = np.ones(len(v)), np.zeros(len(v))
    if relative:
        rel = np.isfinite(v).all(axis=1) & (v > 0).all(axis=1)
        if rel.any():
            v = v.copy()
            floors[rel] = v[rel].min(axis=1) / 10
            v[rel] = np.log(v[rel])
    std = _std_rows(v)
    todo = np.ones(len(v), bool)
    for lag in dict.fromkeys((period, 1)):
        if n > lag and todo.any():
            with np.errstate(invalid="ignore", over="ignore"):
                mae = np.abs(v[todo, lag:] - v[todo, :-lag]).mean(axis=1)
                good = np.isfinite(mae) & (mae > 1e-9 * std[todo]) & (mae > 0)  # a pure sine repeats to 1e-15
            rows = np.flatnonzero(todo)[good]
            scales[rows] = mae[good]
            todo[rows] = False
    if todo.any():
        with np.errstate(invalid="ignore", over="ignore"):
            m = np.abs(v[todo]).mean(axis=1)
        scales[todo] = np.where(np.isfinite(m) & (m > 0), m, 1.0)
    return scales, floors


def _std_rows(v: np.ndarray) -> np.ndarray:
    """error_scale._std of each row of v (R, n), n >= 1: np.std, or where its square overflowed,
    the std of the row divided by its largest magnitude, times that magnitude."""
    with np.errstate(over="ignore", invalid="ignore"):
        std = v.std(axis=1)
    finite = np.isfinite(v).all(axis=1)
    big = np.where(finite, np.abs(v).max(axis=1), 0.0)
    redo = ~np.isfinite(std) & (big > 0) & (big < np.inf)
    if redo.any():
        b = big[redo]
        std[redo] = b * (v[redo] / b[:, None]).std(axis=1)
    return std
