"""The finite-sample conformal quantile: the ceil((n + 1) p)-th smallest of n errors (Vovk et
al.), and whether n errors are too few to resolve a level at all. Shared by the bands' fitting
(forecasters.conformal) and the calibration and its notes (evaluate)."""

from __future__ import annotations

import math

import numpy as np


def order_stat(errors: np.ndarray, p: float, upper: bool, presorted: bool = False) -> np.ndarray:
    """The finite-sample conformal quantile of `errors` (n, ...) along axis 0.

    upper: the ceil((n + 1) p)-th smallest (clipped to the largest when (n + 1) p > n);
    lower: the floor((n + 1) p)-th smallest (clipped to the smallest when it is 0).
    presorted: errors are already sorted along axis 0 (one sort for every level)."""
    e = errors if presorted else np.sort(errors, axis=0)
    n = len(e)
    k = math.ceil((n + 1) * p - 1e-9) if upper else math.floor((n + 1) * p + 1e-9)
    return e[min(max(k, 1), n) - 1]


def unresolved(n: int, level: float, method: str) -> bool:
    """Are n errors too few for a level's conformal quantile (its order statistic clipped to the
    largest error: ceil((n + 1) p) > n)? Then the band is the widest error seen at any level
    above it too (80% and 95% the same with under 9 errors)."""
    alpha = 1 - level / 100
    p = 1 - alpha if method == "symmetric" else 1 - alpha / 2
    return math.ceil((n + 1) * p - 1e-9) > n
