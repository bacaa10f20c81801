"""The projections that make forecasts coherent, y~ = S P y^: bottom-up, OLS, and WLS by
structure or by each forecast's band (its variance read from the band's width). Pure NumPy."""

from __future__ import annotations

import numpy as np

from ..errors import ValidationError
from .structure import Hierarchy

METHODS = ("wls_struct", "wls_var", "ols", "bottom_up")


def projection(h: Hierarchy, method: str = "wls_struct", variances: np.ndarray | None = None) -> np.ndarray:
    """P (len(bottom), len(ids)) of the method: the coherent forecasts are S @ P @ y^.
    variances (len(ids),): each forecast's error variance, for "wls_var"."""
    S = h.S
    if method == "bottom_up":
        P = np.zeros((S.shape[1], S.shape[0]))
        P[:, S.shape[0] - S.shape[1]:] = np.eye(S.shape[1])
        return P
    if method == "ols":
        w = np.ones(S.shape[0])
    elif method == "wls_struct":
        w = S.sum(axis=1)
    elif method == "wls_var" and variances is not None:
        w = np.asarray(variances, dtype=float)
    elif method == "wls_var":
        raise ValidationError('method="wls_var" weighs each series by its band\'s width: forecast with '
                              "predict(horizon, level=[80]) first (or use \"wls_struct\")")
    else:
        raise ValidationError(f"method must be one of {', '.join(map(repr, METHODS))} or 'auto' (got {method!r})")
    Sw = S / w[:, None]  # W^-1 S
    return np.linalg.solve(S.T @ Sw, Sw.T)


def coherent(h: Hierarchy, method: str, y: np.ndarray, variances: np.ndarray | None = None) -> np.ndarray:
    """The coherent forecasts S P y of y (len(ids), H), without forming S P (series x series).

    bottom_up: S y_bottom. The weighted ones (ols: W = I; wls_struct: W = diag(S 1); wls_var:
    W = diag(variances), (len(ids),) or one column a step (len(ids), H)) minimise
    (y~ - y)' W^-1 (y~ - y) subject to the sums. With k aggregates over m bottom series that is
    solved in whichever is smaller: k constraints (y~ = y - W C' (C W C')^-1 C y, C = [I | -S_agg]:
    a few totals over thousands of stores), or the m bottom series (S (S'W^-1 S)^-1 S'W^-1 y:
    a grouped structure with more crosses than bottom series). Both are projection()'s P."""
    S = h.S
    n, m = S.shape
    k = n - m
    y = np.asarray(y, dtype=float)
    if method == "bottom_up":
        return S @ y[k:]
    if method == "ols":
        w = np.ones(n)
    elif method == "wls_struct":
        w = S.sum(axis=1)
    elif method == "wls_var" and variances is not None:
        w = np.asarray(variances, dtype=float)
    else:
        projection(h, method)  # a method it does not know, or wls_var without variances: said there
    if w.ndim == 2:  # a weight a step: each step its own projection
        return np.column_stack([coherent(h, method, y[:, [j]], w[:, j])[:, 0] for j in range(y.shape[1])])
    if k <= m:
        agg = S[:k]
        lam = np.linalg.solve(np.diag(w[:k]) + (agg * w[k:]) @ agg.T, y[:k] - agg @ y[k:])  # (k, H)
        return np.vstack([y[:k] - w[:k, None] * lam, y[k:] + w[k:, None] * (agg.T @ lam)])
    Sw = S / w[:, None]
    return S @ np.linalg.solve(S.T @ Sw, Sw.T @ y)


def band_variances(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Each forecast's error variance from its band (any shape), up to a factor common to all:
    the width squared. A zero width (a constant series) is floored at 1e-6 of the largest, so
    that series is held nearly fixed rather than divided by zero."""
    width = np.asarray(hi, dtype=float) - np.asarray(lo, dtype=float)
    if not np.isfinite(width).all() or (width < 0).any():
        raise ValidationError("a band's hi is below its lo or not finite: pass predict()'s bands as they are")
    top = width.max() if width.size else 0.0
    return np.maximum(width, 1e-6 * top if top > 0 else 1.0) ** 2
