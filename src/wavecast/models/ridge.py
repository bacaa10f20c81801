"""The ridge least-squares fit a net's linear path starts from (and keeps)."""

from __future__ import annotations

import torch

# Ridge penalties tried, times the number of windows
RIDGES = (1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1)


@torch.no_grad()
def ridge_fit(x: torch.Tensor, y: torch.Tensor, ridges: tuple[float, ...] = RIDGES) -> tuple[torch.Tensor, float]:
    """Ridge fit of y (N, H) on x (N, K) with an intercept, in float64: -> (K + 1, H)
    coefficients (the intercept last) and the penalty (of `ridges`, x N) with the least
    generalised cross-validation error (GCV, from one SVD). NaN targets (a window's horizon
    past its series' end) are left out: each step is fitted on the windows that know it."""
    a = torch.cat([x, torch.ones(len(x), 1, dtype=x.dtype)], dim=1).double()  # (N, K + 1)
    yd = y.double()
    known = ~torch.isnan(yd)
    if bool(known.all()):
        return _fit(a, yd, ridges)
    # rows with an unknown step are the last few of each series: fit each step on its rows
    coef, penalties = [], []
    for h in range(yd.shape[1]):
        rows = known[:, h]
        c, r = _fit(a[rows], yd[rows, h : h + 1], ridges)
        coef.append(c)
        penalties.append(r)
    return torch.cat(coef, dim=1), max(penalties)


def _fit(a: torch.Tensor, yd: torch.Tensor, ridges: tuple[float, ...]) -> tuple[torch.Tensor, float]:
    u, s, vt = torch.linalg.svd(a, full_matrices=False)  # a = u diag(s) vt
    uty = u.T @ yd  # (K + 1, H)
    n, best = len(a), None
    for r in ridges:
        shrink = s**2 / (s**2 + r * n)  # (K + 1,)
        rss = float(((yd - u @ (shrink[:, None] * uty)) ** 2).sum())
        gcv = rss / (1 - float(shrink.sum()) / n) ** 2 if float(shrink.sum()) < n else float("inf")
        if best is None or gcv < best[0]:
            best = (gcv, r)
    return vt.T @ ((s / (s**2 + best[1] * n))[:, None] * uty), best[1]
