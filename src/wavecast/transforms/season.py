"""Seasonality test and additive deseasonalisation by classical-decomposition indices.

Used after the log, so additive indices there are multiplicative ones on the original scale
(as in the Theta method's classical multiplicative decomposition).
"""

from __future__ import annotations

import numpy as np


def acf(y: np.ndarray, nlags: int) -> np.ndarray:
    """Sample autocorrelations r_0..r_nlags (r_0 = 1); a constant series gives zeros."""
    y = np.asarray(y, np.float64) - np.mean(y)
    den = float(y @ y)
    if den == 0:
        return np.zeros(nlags + 1)
    return np.array([1.0] + [float(y[k:] @ y[:-k]) / den for k in range(1, nlags + 1)])


def seasonality_test(y: np.ndarray, season: int, z: float = 1.645) -> bool:
    """The Theta method's test, |r_m| > z * sqrt((1 + 2 sum_{k<m} r_k^2) / n), 90% two-sided by
    default, on the series minus its centred moving average (`detrended`: what the seasonal
    indices are averaged from), or on the series itself where that leaves fewer than 3 seasons.
    The Theta method tests the series itself; a trend then makes every r_k large, the limit with
    them, and a seasonal series fails. Needs season > 1 and at least 3 seasons of data, else
    False. On three validation origins of M3 (docs/m3-history.md, fifth pass) the detrended test lowered
    the net's MASE on every one: quarterly by 0.9%, 0.7%, 3.3%, monthly by 0.5%, 3.7%, 3.8%."""
    m, n = int(season), len(y)
    if m <= 1 or n < 3 * m:
        return False
    x, _ = detrended(np.asarray(y, np.float64), m)
    if len(x) < 3 * m:
        x = np.asarray(y, np.float64)
    r = acf(x, m)
    limit = z * np.sqrt((1 + 2 * np.sum(r[1:m] ** 2)) / len(x))
    return bool(abs(r[m]) > limit)


def detrended(y: np.ndarray, season: int) -> tuple[np.ndarray, int]:
    """y minus its centred moving average (2 x m when m is even): the values where the average
    exists, and the index of the first of them in y."""
    y, m = np.asarray(y, np.float64), int(season)
    w = np.r_[0.5, np.ones(m - 1), 0.5] / m if m % 2 == 0 else np.ones(m) / m
    trend = np.convolve(y, w, mode="valid")  # centred: trend[i] belongs to y[i + len(w)//2]
    off = len(w) // 2
    return y[off:off + len(trend)] - trend, off


def seasonal_indices(y: np.ndarray, season: int) -> np.ndarray:
    """Classical additive decomposition: y minus its centred moving average (2 x m when m is
    even), averaged by phase (phase = index mod m), centred to sum to zero. Shape (m,)."""
    m = int(season)
    detr, off = detrended(y, m)
    phase = (np.arange(len(detr)) + off) % m
    idx = np.bincount(phase, weights=detr, minlength=m) / np.maximum(np.bincount(phase, minlength=m), 1)
    return idx - idx.mean()


class Deseasonalise:
    """z_t = y_t - s[t mod m] when `seasonality_test` passes on the training part, else z = y.

    multiplicative: for a positive training part, the test and the indices on log(y) and
    z_t = y_t * exp(-s[t mod m]): a season whose swings grow with the level, divided out
    without logging the series (its trend stays linear); other series stay additive.
    The indices are fitted on the training part only; `start` places a later stretch in the
    season (index of its first point counted from the first point given to `fit`).
    """

    def __init__(self, season: int, test: bool = True, multiplicative: bool = False) -> None:
        self.season, self.test, self.multiplicative = int(season), bool(test), bool(multiplicative)

    def fit(self, y: np.ndarray) -> Deseasonalise:
        y = np.asarray(y, np.float64)
        m = self.season
        self.mult_ = bool(self.multiplicative and len(y) and np.all(y > 0))
        if self.mult_:
            y = np.log(y)
        on = m > 1 and len(y) >= 2 * m + 1 and (not self.test or seasonality_test(y, m))
        self.indices_ = seasonal_indices(y, m) if on else np.zeros(max(m, 1))
        self.on_ = bool(on)
        self.mult_ = self.mult_ and self.on_
        return self

    def _s(self, n: int, start: int) -> np.ndarray:
        return self.indices_[(np.arange(n) + start) % len(self.indices_)]

    def transform(self, y: np.ndarray, start: int = 0) -> np.ndarray:
        y = np.asarray(y, np.float64)
        s = self._s(len(y), start)
        return y * np.exp(-s) if self.mult_ else y - s

    def inverse(self, z: np.ndarray, start: int = 0) -> np.ndarray:
        z = np.asarray(z, np.float64)
        s = self._s(z.shape[-1], start)
        return z * np.exp(s) if self.mult_ else z + s

    def params(self) -> dict:
        return {"season": self.season, "on": self.on_, "indices": self.indices_.tolist(),
                "multiplicative": self.mult_}

    @classmethod
    def from_params(cls, p: dict) -> Deseasonalise:
        t = cls(p["season"])
        t.on_, t.indices_ = bool(p["on"]), np.asarray(p["indices"], np.float64)
        t.mult_ = bool(p.get("multiplicative", False))  # files written before it: additive
        return t
