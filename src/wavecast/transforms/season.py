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


# Seasons longer than this (weekly data's 52, hourly data's 24) are also tested by a held-out
# stretch: the Theta test needs three seasons, and for a smooth season of 52 its limit is near 1
# unless a series holds many years (docs/m3-history.md, fifteenth pass). M3's seasons (4, 12)
# keep the Theta test alone, bit for bit.
LONG_SEASON = 12
# the held-out test passes where the smoothed indices cut the last value's error to this share:
# 0.7 called 5-15% of random walks and AR(0.9) series of 2-5 years seasonal, 0.8 10-20%
HOLDOUT_GAIN = 0.7
# a long season's indices smoothed to this many harmonics (6 parameters for 52 phases): two or
# three years give each phase's mean one to three values, and noise the forecast carries
HARMONICS = 3
MIN_HOLDOUT = 13  # points held out at least: a quarter of a weekly year
# A series of 2 to 5 seasons, too short for the Theta test on its detrended values (the moving
# average takes a season off; with fewer than 3 left it reads the raw series), has its season
# where `season_strength` reaches SHORT_STRENGTH: the threshold of Wang, Smith and Hyndman
# (2006) that R's forecast::nsdiffs uses. On simulated seasons with a signal-to-noise ratio of 3
# (400 a length) the Theta test passed 0-7% at 25-47 monthly or 9-15 quarterly points and 0-5% at
# 48-54 monthly points, this all of them; it passed 0-4% of white noise, random walks and AR(0.9)
# series of 29 points or more (14% at 25) and none at 48-96. On short histories of ten textbook
# series fitted alone (benchmarks.short_seasons, 4-6 years, seeds 0 and 1) the net's MASE fell
# from 1.135 to 1.015 (monthly) and from 1.472 to 1.164 (quarterly); docs/real-series.md.
SHORT_STRENGTH = 0.64
# "short": fewer than this many seasons left once the moving average is taken (3 gained a third
# as much on those histories: the Theta test still missed strong seasons at 3-4 seasons)
SHORT_SEASONS = 4
# the indices are kept as they are (a holiday's spike of a week or two) where they stray from
# their smoothed shape this many times more than their noise explains (an F ratio; on the
# synthetic weekly families of benchmarks/weekly.py smooth seasons gave 0.3-2.5, a holiday 1.4-14)
LACK_OF_FIT = 2.5
# Isolated spikes (a value of 1000 in a series near 100) are set aside for the test's decision
# (`without_spikes`) where they dominate it. A user's monthly series of 120 points, season 12
# (amplitude 10, noise 2), with one value of 1000 read r_12 = 0.006 against a limit of 0.17;
# with it at its running median the season was found. Bounds narrow enough that no M3 series'
# decision changed (quarterly 4, monthly 12, on its training parts, raw and logged, and those
# less a horizon): a share of 0.5 flipped 2-8 of them, a share of 0.8 none; the M3 figures are
# unchanged, bit for bit (docs/real-series.md, "Isolated spikes and the season test").
SPIKE_Z = 5.0
MAX_SPIKES = 3
SPIKE_SHARE = 0.8
# the longer season a frequency's season sits in (SeriesTransform's second season, an option):
# hourly data's day (24) in the week (168), half-hourly's (48) in 336, daily data's week (7) in
# the year (365.25 days, 365 samples; a phase drifts a quarter of a day a year)
LONGER_SEASONS = {24: 168, 48: 336, 7: 365}
# a second season is looked for only where the training part holds this many of it (the Theta
# test's own minimum: fewer than three leave each phase's index one or two values)
MIN_SEASONS_TWO = 3


def longer_season(season: int) -> int | None:
    """The longer season a season of `season` samples sits in (LONGER_SEASONS), or None."""
    return LONGER_SEASONS.get(int(season))


def seasonality_test(y: np.ndarray, season: int, z: float = 1.645) -> bool:
    """Does `y` hold a season of `season` samples? The Theta method's test (`theta_test`), and
    for seasons over LONG_SEASON also the held-out test (`holdout_errors`): the last value
    moved by the seasonal indices (smoothed to HARMONICS harmonics) forecasts the held-out
    points with at most HOLDOUT_GAIN of the last value's error. Where the Theta test fails, it is
    rerun without one to three isolated spikes that dominate it (`without_spikes`). Needs season > 1."""
    m = int(season)
    if m <= 1:
        return False
    y = np.asarray(y, np.float64)
    if theta_test(y, m, z):
        return True
    spared = without_spikes(y, m)
    if spared is not None and theta_test(spared, m, z):
        return True  # one to three isolated spikes hid it (their squares were the test's variance)
    if len(y) >= 2 * m + 1 and len(y) - 2 * (m // 2) < SHORT_SEASONS * m and season_strength(y, m) >= SHORT_STRENGTH:
        return True  # too short for the Theta test on the detrended series
    if m <= LONG_SEASON:
        return False
    errors = holdout_errors(y, m)
    return errors is not None and errors["smoothed"] < HOLDOUT_GAIN * errors["last value"]


def without_spikes(y: np.ndarray, season: int) -> np.ndarray | None:
    """y with its isolated spikes replaced by their running median, for the test's decision only
    (the series trained on keeps them), or None where it has none. A spike: a value more than
    SPIKE_Z robust deviations (1.4826 x the MAD) from the median of the season around it
    (m // 2 points either side), its neighbours not; one to MAX_SPIKES of them, and only where
    they hold SPIKE_SHARE of the detrended series' sum of squares: there they are the
    autocorrelations' denominator, and r_m of the season is near 0 whatever its strength."""
    m, y = int(season), np.asarray(y, np.float64)
    if m <= 1 or len(y) < 3 * m:
        return None
    h = m // 2
    med = np.median(np.lib.stride_tricks.sliding_window_view(np.pad(y, h, mode="edge"), 2 * h + 1), axis=1)
    e = y - med
    spread = 1.4826 * np.median(np.abs(e - np.median(e)))
    if spread <= 0:
        return None
    out = np.abs(e - np.median(e)) > SPIKE_Z * spread
    n_out = int(out.sum())
    if not 0 < n_out <= MAX_SPIKES or np.any(out[1:] & out[:-1]):
        return None
    x, off = detrended(y, m)
    x = x - x.mean()
    total = float(x @ x)
    held = out[off:off + len(x)]
    if total <= 0 or float(x[held] @ x[held]) < SPIKE_SHARE * total:
        return None
    return np.where(out, med, y)


def season_strength(y: np.ndarray, season: int) -> float:
    """max(0, 1 - var(R) / var(S + R)) of y fitted by least squares as a line plus a seasonal
    index a phase (summing to 0): S the indices, R what is left (Wang, Smith and Hyndman's
    strength of seasonality, on a line where they read an STL trend). 0 for a constant series."""
    y, m = np.asarray(y, np.float64), int(season)
    n = len(y)
    t = np.arange(n, dtype=np.float64)
    phase = np.arange(n) % m
    dummies = (phase[:, None] == np.arange(m - 1)).astype(np.float64) - (phase == m - 1)[:, None]
    x = np.column_stack([np.ones(n), t - t.mean(), dummies])
    coef, *_ = np.linalg.lstsq(x, y, rcond=None)
    s = dummies @ coef[2:]
    r = y - x @ coef
    total = float(np.var(s + r))
    return 0.0 if total <= 0 else max(0.0, 1.0 - float(np.var(r)) / total)


def theta_test(y: np.ndarray, season: int, z: float = 1.645) -> bool:
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


def holdout_errors(y: np.ndarray, season: int) -> dict | None:
    """Mean absolute errors over y's last min(m, n - 2m - 1) points of two forecasts made from
    the points before them: "last value" (the mean of the last m // 6 points before, so one
    noisy point does not decide) and "smoothed" (the same mean of the deseasonalised points,
    moved by the seasonal indices smoothed to HARMONICS harmonics, both fitted on the points
    before). None when fewer than MIN_HOLDOUT points can be held out."""
    y, m = np.asarray(y, np.float64), int(season)
    held = min(m, len(y) - (2 * m + 1))
    if held < MIN_HOLDOUT:
        return None
    cut, k = len(y) - held, max(1, m // 6)
    s = smoothed_indices(seasonal_indices(y[:cut], m), HARMONICS)
    phase = np.arange(len(y)) % m
    level = np.mean(y[cut - k:cut])
    level_deseasonalised = np.mean(y[cut - k:cut] - s[phase[cut - k:cut]])
    return {"last value": float(np.mean(np.abs(y[cut:] - level))),
            "smoothed": float(np.mean(np.abs(y[cut:] - level_deseasonalised - s[phase[cut:]])))}


def lack_of_fit(y: np.ndarray, season: int) -> float:
    """How far the phases' means of y's detrended values stray from their HARMONICS-harmonic
    shape, over what their scatter within the phases explains: (sum over phases of count x
    (mean - shape)^2 / (m - 2 HARMONICS - 1)) / (within-phase variance). Near 1 for a smooth
    season in noise; large where a phase stands out (a holiday). inf without scatter."""
    m = int(season)
    detr, off = detrended(np.asarray(y, np.float64), m)
    phase = (np.arange(len(detr)) + off) % m
    count = np.bincount(phase, minlength=m)
    mean = np.bincount(phase, weights=detr, minlength=m) / np.maximum(count, 1)
    within = float(np.sum((detr - mean[phase]) ** 2)) / max(len(detr) - m, 1)
    shape = smoothed_indices(mean - mean.mean(), HARMONICS) + mean.mean()
    stray = float(np.sum(count * (mean - shape) ** 2)) / (m - 2 * HARMONICS - 1)
    return stray / within if within > 0 else float("inf")


def smoothed_indices(indices: np.ndarray, harmonics: int) -> np.ndarray:
    """The least-squares fit of `harmonics` sine and cosine pairs to the indices (a season's
    shape without the noise of its few values a phase). Shape (m,)."""
    m = len(indices)
    t = 2 * np.pi * np.arange(m) / m
    basis = np.column_stack([f(k * t) for k in range(1, harmonics + 1) for f in (np.sin, np.cos)])
    coef, *_ = np.linalg.lstsq(basis, indices, rcond=None)
    return basis @ coef


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


def recent_indices(y: np.ndarray, season: int, window: int | None) -> np.ndarray:
    """`seasonal_indices` of y's last `window` seasons (all of y where it is shorter, or window
    is None or 0), in y's phases (phase = index mod m counted from y's first point). Shape (m,)."""
    m, n = int(season), len(y)
    start = n - window * m if window and n > window * m else 0
    return np.roll(seasonal_indices(np.asarray(y, np.float64)[start:], m), start)


class Deseasonalise:
    """z_t = y_t - s[t mod m] when `seasonality_test` passes on the training part, else z = y.
    A season over LONG_SEASON takes its indices smoothed to HARMONICS harmonics unless they
    stray from that shape far more than their noise explains (`lack_of_fit`).

    multiplicative: for a positive training part, the test and the indices on log(y) and
    z_t = y_t * exp(-s[t mod m]): a season whose swings grow with the level, divided out
    without logging the series (its trend stays linear); other series stay additive.
    The indices are fitted on the training part only; `start` places a later stretch in the
    season (index of its first point counted from the first point given to `fit`).

    window: the indices from the last `window` seasons of the training part only (a season whose
    shape changes over the decades, as canadian_gas's: docs/real-series.md), the test still on
    all of it; None or 0: from all of it.
    """

    def __init__(self, season: int, test: bool = True, multiplicative: bool = False,
                 window: int | None = None) -> None:
        self.season, self.test, self.multiplicative = int(season), bool(test), bool(multiplicative)
        self.window = int(window) if window else None

    def fit(self, y: np.ndarray) -> Deseasonalise:
        y = np.asarray(y, np.float64)
        m = self.season
        self.mult_ = bool(self.multiplicative and len(y) and np.all(y > 0))
        if self.mult_:
            y = np.log(y)
        on = m > 1 and len(y) >= 2 * m + 1 and (not self.test or seasonality_test(y, m))
        self.indices_ = recent_indices(y, m, self.window) if on else np.zeros(max(m, 1))
        if on and m > LONG_SEASON and lack_of_fit(y, m) <= LACK_OF_FIT:
            self.indices_ = smoothed_indices(self.indices_, HARMONICS)
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
