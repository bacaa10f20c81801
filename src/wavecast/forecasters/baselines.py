"""Baseline forecasters (NumPy only): the bar every network must clear.

All keep the forecaster contract (contract.py): context_len, fit(train, val=None) -> self
with train one series (N,) / (N, F) or a list of them, and
predict(context (B, T, F), horizon, series=None) -> (B, horizon, F). What a baseline learns
(a mean, AR coefficients) is learned per series; `series` picks each row's.

A series whose training part and context hold no negative value (a count, a demand) is
forecast at least 0, by the net's rule (series_tails.clip_nonnegative): the linear AR clips
its forecasts so (its line ran below 0 on a falling count), as theta does. The mean of such a
training part, its last value and its last season cannot go below 0: they are left as they are.
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np

from ..data.windows import as_2d, make_windows
from ..errors import NotFittedError, ValidationError
from .contract import as_parts, series_index
from .series_tails import clip_contexts, nonneg_parts


def _context(context: np.ndarray, min_len: int, who: str) -> np.ndarray:
    c = np.asarray(context, dtype=np.float64)
    if c.ndim != 3:
        raise ValidationError(f"{who}: context must be (B, T, F); got shape {c.shape}")
    if c.shape[1] < min_len:
        raise ValidationError(f"{who} needs the last {min_len} values; got {c.shape[1]}")
    return c


class MeanForecast:
    """The training mean, forever: the error of knowing nothing but the level."""

    name = "mean"
    context_len = 1  # only the batch's shape: the forecast is each series' training mean

    def fit(self, train, val=None) -> MeanForecast:
        self.means_ = np.stack([p.mean(axis=0) for p in as_parts(train)])  # (S, F)
        return self

    def predict(self, context: np.ndarray, horizon: int, series=None) -> np.ndarray:
        if not hasattr(self, "means_"):
            raise NotFittedError("MeanForecast is not fitted; call fit(series) first")
        c = _context(context, 1, self.name)
        mean = self.means_[series_index(series, len(c), len(self.means_))]  # (B, F)
        return np.broadcast_to(mean[:, None], (c.shape[0], horizon, c.shape[2])).copy()


class LastValue:
    """Repeat the last observed value: what a lagged-copy network effectively does."""

    name = "last value"
    context_len = 1

    def fit(self, train=None, val=None) -> LastValue:
        self.fitted_ = True
        return self

    def predict(self, context: np.ndarray, horizon: int, series=None) -> np.ndarray:
        if not getattr(self, "fitted_", False):
            raise NotFittedError("LastValue is not fitted; call fit(series) first")
        c = _context(context, 1, self.name)
        return np.repeat(c[:, -1:], horizon, axis=1)


class SeasonalNaive:
    """Repeat the last full season: y[t + h] = y[t + h - period * k]."""

    name = "seasonal naive"

    def __init__(self, period: int) -> None:
        if isinstance(period, bool) or not isinstance(period, (int, np.integer)) or period < 1:
            raise ValidationError(f"seasonal period must be an integer >= 1 (got {period!r})")
        self.period = int(period)
        self.context_len = self.period

    def fit(self, train=None, val=None) -> SeasonalNaive:
        self.fitted_ = True
        return self

    def predict(self, context: np.ndarray, horizon: int, series=None) -> np.ndarray:
        if not getattr(self, "fitted_", False):
            raise NotFittedError("SeasonalNaive is not fitted; call fit(series) first")
        c = _context(context, self.period, self.name)
        season = c[:, -self.period :]  # (B, period, F)
        reps = -(-horizon // self.period)
        return np.tile(season, (1, reps, 1))[:, :horizon]


# values (float64) a batch of series of one length holds at most: 20,000 series of 1,000 points
# fitted at once by an AR(40) would build a 6.6 GB design where one series at a time held 330 kB
BATCH_VALUES = 2**22


class LinearAR:
    """Linear autoregression of order p, fitted by least squares on the training series.

    One-step model y[t] = c + sum_k a_k y[t-k], per feature; the forecast feeds each
    prediction back, like the networks' free-running rollout.
    """

    name = "linear AR"

    def __init__(self, order: int) -> None:
        if isinstance(order, bool) or not isinstance(order, (int, np.integer)) or order < 1:
            raise ValidationError(f"AR order must be an integer >= 1 (got {order!r})")
        self.order = int(order)
        self.context_len = self.order

    def fit(self, train, val=None) -> LinearAR:
        parts = as_parts(train)
        for x in parts:  # the first too short, as one series at a time refused it
            if len(x) <= self.order + 1:
                raise ValidationError(
                    f"linear AR({self.order}) needs more than {self.order + 1} training points; got {len(x)}"
                )
        # the series of one shape together (a panel's 20,000 series share a hundred lengths):
        # their means, scales and windows at once, row by row as one series alone gets them;
        # each still its own least-squares fit
        coefs: list = [None] * len(parts)
        groups: dict[tuple, list[int]] = {}
        for i, x in enumerate(parts):
            groups.setdefault(x.shape, []).append(i)
        for idx in groups.values():
            n = len(parts[idx[0]])
            step = max(1, BATCH_VALUES // (n * (1 + self.order)))  # a design of 32 MB at most
            for k in range(0, len(idx), step):
                chunk = idx[k:k + step]
                for i, c in zip(chunk, self._fit_same(np.stack([parts[i] for i in chunk])), strict=True):
                    coefs[i] = c
        self.coefs_ = np.stack(coefs)  # (S, F, 1 + p)
        # (S, F): predict's floor at 0 reads the training part beside the p values it is given;
        # the values between the two (a validation part, a backtest's later points) are not seen
        self.nonneg_ = nonneg_parts(parts)
        return self

    def _fit_same(self, x: np.ndarray) -> np.ndarray:
        """(B, F, 1 + p): each series of x (B, N, F), one shape, fitted alone."""
        out = np.empty((x.shape[0], x.shape[2], 1 + self.order))
        for f in range(x.shape[2]):
            # Solved on the standardised series: beside the intercept's column of ones, raw
            # values of 1e10 (or 1e-11) make lstsq's rank cut-off drop a column, so the order
            # chosen and the forecast depended on the unit. z = (x - mu) / sd gives the same
            # a_k at any scale; the raw intercept is mu (1 - sum a_k) + sd c.
            col = np.ascontiguousarray(x[:, :, f])  # (B, N): each row summed as one series alone
            mu, sd = col.mean(axis=1), col.std(axis=1)
            sd = np.where(sd > 0, sd, 1.0)  # a constant series: z = 0, its forecast that constant
            z = (col - mu[:, None]) / sd[:, None]
            # (B, W, p + 1): each series' windows, the p inputs then the target (make_windows')
            win = np.lib.stride_tricks.sliding_window_view(z, self.order + 1, axis=1)
            design = np.concatenate([np.ones(win.shape[:2] + (1,)), win[:, :, :-1]], axis=2)  # (B, W, 1 + p)
            for b in range(len(x)):
                coef, *_ = np.linalg.lstsq(design[b], win[b, :, -1], rcond=None)
                a = coef[1:]
                out[b, f, 0] = float(mu[b]) * (1 - a.sum()) + float(sd[b]) * coef[0]
                out[b, f, 1:] = a
        return out  # intercept, then oldest .. newest lag (raw units)

    @property
    def coef_(self) -> np.ndarray:
        """The first series' coefficients (F, 1 + p)."""
        return self.coefs_[0]

    def predict(self, context: np.ndarray, horizon: int, series=None) -> np.ndarray:
        if not hasattr(self, "coefs_"):
            raise NotFittedError("LinearAR is not fitted; call fit(series) first")
        c = _context(context, self.order, self.name)
        idx = series_index(series, len(c), len(self.coefs_))
        coef = self.coefs_[idx]  # (B, F, 1 + p)
        buf = c[:, -self.order :].copy()  # (B, p, F)
        out = np.empty((c.shape[0], horizon, c.shape[2]))
        for h in range(horizon):
            nxt = coef[:, :, 0] + np.einsum("bpf,bfp->bf", buf, coef[:, :, 1:])  # (B, F)
            out[:, h] = nxt
            buf = np.concatenate([buf[:, 1:], nxt[:, None]], axis=1)
        # fed back unclipped, as the line it is; the forecast floored at 0 as theta's and the net's
        return clip_contexts(out, c, getattr(self, "nonneg_", None), idx)


RISE = 0.1  # how far a season's autocorrelation peak rises above the dip before it (detect_period)
# the trend-free views' peak must beat Bartlett's limit at this family-wise level over the lags
# searched (Bonferroni), the usual 0.05 (detect_period). 0.1 scored the same or a few more
# (M3 quarterly 134 of 756, monthly 270 of 1428, against 130, 265); one z for every count of
# lags (1.645, 1.96) called noise on short series a season (docs/evaluation.md)
ALPHA = 0.05


def detect_period(series: np.ndarray, max_period: int | None = None, rise: float = RISE,
                  alpha: float | None = ALPHA) -> int | None:
    """The seasonal period, as the lag of the highest autocorrelation peak, or None.

    Looks at lags 2 .. max_period (default: a third of the series) of the first feature and
    takes the first local maximum whose autocorrelation is above 0.3, rises at least 0.1 above
    its lowest at the shorter lags (RISE: a season's peak follows a dip), and is within 10% of
    the best peak, so a harmonic at 2 x period does not win over the period itself.
    Without RISE, the slowly falling autocorrelation of a smooth series (2 years of weekly
    values with an annual pattern: 0.828, 0.855, 0.796, ... at lags 1, 2, 3) gave season 2 by a
    bump of noise. A trend hides a season the same way (the airline passengers' first 115
    months rise 0.081 to their peak at 12: no season); where the series itself shows none, two views without
    the trend are read with the same rule: the series minus its least-squares line, and its
    first differences. Their season is taken where both find the same one and, in both, its
    peak r_m is above Bartlett's limit z sqrt((1 + 2 sum_{k<m} r_k^2) / n) with z for the
    family-wise level ALPHA over the lags searched, so that noise on short series (a peak of
    0.36 at lag 3 of 32 points) is no season. alpha None: the series itself only.
    `python -m benchmarks.season_detect` (docs/evaluation.md) measures both rules.
    rise: RISE; -1 turns the rise rule off.
    """
    x = as_2d(series)[:, 0].astype(np.float64)
    n = len(x)
    max_period = max_period or n // 3
    if n < 8 or max_period < 2:
        return None
    found = _acf_peak(x, max_period, rise)
    if found is not None or alpha is None:
        return found
    t = np.arange(n, dtype=np.float64)
    views = (x - np.polyval(np.polyfit(t, x, 1), t), np.diff(x))  # (n,), (n - 1,)
    seen = []
    for v in views:
        lags = min(max_period, len(v) - 2)
        if lags < 2:
            return None
        z = NormalDist().inv_cdf(1 - alpha / (2 * max(1, lags - 1)))
        seen.append(_acf_peak(v, lags, rise, z))
    return seen[0] if seen[0] is not None and seen[0] == seen[1] else None


def _acf_peak(x: np.ndarray, max_period: int, rise: float, z: float = 0.0) -> int | None:
    """detect_period's rule on x (n,): the first autocorrelation peak in 2 .. max_period above
    0.3 and z x Bartlett's limit, `rise` above the dip before it, within 10% of the best."""
    x = x - x.mean()
    denom = float(x @ x)
    if denom == 0:
        return None
    lags = np.arange(1, max_period + 2)
    acf = np.array([float(x[:-k] @ x[k:]) / denom for k in lags])
    peaks = [
        int(lags[i]) for i in range(1, len(acf) - 1) if acf[i] >= acf[i - 1] and acf[i] >= acf[i + 1]
    ]
    peaks = [p for p in peaks if p >= 2 and acf[p - 1] > 0.3 and acf[p - 1] - acf[: p - 1].min() >= rise]
    if z > 0:  # acf[p - 1] is r_p; acf[: p - 1] are r_1 .. r_{p-1}
        peaks = [p for p in peaks if acf[p - 1] > z * np.sqrt((1 + 2 * np.sum(acf[: p - 1] ** 2)) / len(x))]
    if not peaks:
        return None
    best = max(acf[p - 1] for p in peaks)
    return next(p for p in peaks if acf[p - 1] >= 0.9 * best)


def choose_ar_order(train: np.ndarray, holdout: np.ndarray, max_order: int) -> int:
    """The AR order with the lowest one-step error on the holdout part (1 .. max_order).

    Each candidate is fitted on `train` and scored teacher-forced on `holdout`, with the
    end of `train` as the first contexts, so the holdout is never used for fitting.
    """
    x, h = as_2d(train).astype(np.float64), as_2d(holdout).astype(np.float64)
    max_order = max(1, min(max_order, len(x) // 3))
    best_p, best_err = 1, np.inf
    for p in range(1, max_order + 1):
        model = LinearAR(p).fit(x)
        joined = np.concatenate([x[-p:], h])
        inputs, targets = make_windows(joined, p, 1)  # (W, p, F), (W, 1, F)
        pred = model.coef_[:, 0] + np.einsum("wpf,fp->wf", inputs, model.coef_[:, 1:])
        err = float(np.mean((pred - targets[:, 0]) ** 2))
        # A larger order must win by 1%: on an exact sine every p >= 2 is exact up to
        # rounding, and rounding noise should not pick p = 37.
        if err < 0.99 * best_err - 1e-12 * float(np.var(x)):
            best_p, best_err = p, err
    return best_p
