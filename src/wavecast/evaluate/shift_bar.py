"""The lagged-copy shift test's bar: how far a forecast's MSE against the truth shifted by k steps
must fall below its MSE on the same truth points unshifted before the match means something, given
how many points the two rest on and how many shifts were tried. Standard library only.

Two unrelated error vectors of n points each have mean squares whose ratio is F(n, n)-distributed
(under the rough model of independent normal errors of one variance), and from few points that ratio
is often small: P(F(3, 3) < 0.5) is 0.29, P(F(5, 5) < 0.5) 0.23. One series' yearly horizon of 6
leaves 3 to 5 points a shift, and the test called drift and AutoTheta lagged copies in 148 of M3's
645 yearly series (docs/evaluation.md, "Lagged copy from few points").
"""

from __future__ import annotations

import math
from functools import lru_cache

RATIO = 0.5  # the shifted MSE under half the unshifted: the size of match a lagged copy shows
ALPHA = 0.05  # the chance that unrelated errors pass any one of the shifts tried (Bonferroni over them)


def _betacf(a: float, b: float, x: float) -> float:
    """The continued fraction of the regularized incomplete beta function (modified Lentz)."""
    tiny, qab, qap, qam = 1e-300, a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 10_000):
        m2 = 2 * m
        for aa in (m * (b - m) * x / ((qam + m2) * (a + m2)), -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))):
            d = 1.0 + aa * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + aa / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1.0) < 1e-14:
            break
    return h


def f_cdf(x: float, n: int) -> float:
    """P(F(n, n) <= x): the regularized incomplete beta I_{x / (1 + x)}(n / 2, n / 2), for x <= 1."""
    if x <= 0:
        return 0.0
    a, z = n / 2.0, x / (1.0 + x)  # z <= 1/2 < (a + 1) / (2a + 2): the fraction converges as it stands
    log_front = a * math.log(z) + a * math.log1p(-z) - (2 * math.lgamma(a) - math.lgamma(2 * a))
    if log_front < -700:  # below any bar a test could set: no need to run the fraction
        return 0.0
    return min(1.0, math.exp(log_front) * _betacf(a, a, z) / a)


@lru_cache(maxsize=4096)
def shift_bar(n_points: int, n_lags: int) -> float:
    """The largest ratio (shifted MSE / unshifted MSE) the shift test calls a lagged copy: RATIO, or
    lower where n_points (the known truth points each MSE averages: rows x (H - k) x features) are so
    few that two unrelated error vectors would pass RATIO with more than ALPHA / n_lags chance: then
    the (ALPHA / n_lags) quantile of F(n_points, n_points)."""
    level = ALPHA / max(1, n_lags)
    if n_points < 1 or f_cdf(RATIO, n_points) <= level:
        return RATIO if n_points >= 1 else 0.0
    lo, hi = 0.0, RATIO  # f_cdf(lo) < level < f_cdf(hi): bisect on the ratio
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if f_cdf(mid, n_points) < level else (lo, mid)
    return lo
