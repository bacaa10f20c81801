"""What makes a series' errors scale-free for conformal bands (forecasters.conformal): its
scale (the seasonal-naive MAE of its known part, of log values for a positive series), its floor
(where a relative series' errors are taken in log space), whether it never went below 0, and the
constant it held, if any. conformal_many gives the same figures for many series at once."""

from __future__ import annotations

import numpy as np

from ..data.windows import as_2d


def series_scale(x: np.ndarray, period: int = 1, relative: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """((F,) scales, (F,) floors) of one series' known part x (N,) or (N, F), per feature.

    relative and every value > 0 (and finite): floor = min / 10 and the scale is the
    seasonal-naive MAE of log(x); else floor = 0 (additive errors) and the scale is that of x.
    The seasonal MAE falls back to lag 1 when the series is no longer than a season or repeats
    exactly, then to |mean|, then 1, so no scale is 0."""
    x = as_2d(np.asarray(x, dtype=np.float64))
    scales, floors = np.ones(x.shape[1]), np.zeros(x.shape[1])
    for j in range(x.shape[1]):
        v = x[:, j]
        if relative and len(v) and np.isfinite(v).all() and (v > 0).all():
            floors[j] = float(v.min()) / 10
            v = np.log(v)
        std = _std(v)
        for lag in dict.fromkeys((max(int(period or 1), 1), 1)):
            if len(v) > lag:
                mae = float(np.mean(np.abs(v[lag:] - v[:-lag])))
                if np.isfinite(mae) and mae > 1e-9 * std and mae > 0:  # a pure sine repeats to 1e-15
                    scales[j] = mae
                    break
        else:
            m = float(np.abs(v).mean()) if len(v) else 0.0
            scales[j] = m if np.isfinite(m) and m > 0 else 1.0
    return scales, floors


def _std(v: np.ndarray) -> float:
    """np.std(v), finite for finite values near the float range (its square overflowed: a
    RuntimeWarning and inf), computed on v divided by its largest magnitude there."""
    if not len(v):
        return 0.0
    with np.errstate(over="ignore", invalid="ignore"):
        std = float(np.std(v))
    big = float(np.abs(v).max()) if np.isfinite(v).all() else 0.0
    return std if np.isfinite(std) or not 0 < big < np.inf else big * float(np.std(v / big))


def flat_of(x: np.ndarray) -> np.ndarray:
    """(F,) the value a series' known part x (N,) or (N, F) held throughout, per feature; NaN
    where it varied, holds a NaN or inf, or is empty. Conformal.bands gives such a series a band
    of no width where its forecast is that value."""
    x = as_2d(np.asarray(x, dtype=np.float64))
    if not len(x):
        return np.full(x.shape[1], np.nan)
    still = np.isfinite(x).all(axis=0) & (np.ptp(x, axis=0) == 0)
    return np.where(still, x[0], np.nan)


def nonneg_of(x: np.ndarray) -> np.ndarray:
    """(F,) True where a series' known part x (N,) or (N, F) has values, all of them >= 0 (NaN
    left out): counts, sales, whose bands Conformal.bands clips at 0 from below."""
    x = as_2d(np.asarray(x, dtype=np.float64))
    ok = np.isfinite(x)
    return (ok.any(axis=0) & (np.where(ok, x, 0.0) >= 0).all(axis=0)) if len(x) else np.zeros(x.shape[1], bool)


def to_space(v: np.ndarray, floors: np.ndarray) -> np.ndarray:
    """Values (..., F) where errors are taken: log(max(v, floor)) where floor > 0, else v."""
    v = np.asarray(v, dtype=np.float64)
    f = np.broadcast_to(np.asarray(floors, dtype=np.float64), v.shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(f > 0, np.log(np.maximum(v, f, where=f > 0, out=np.ones_like(v))), v)
