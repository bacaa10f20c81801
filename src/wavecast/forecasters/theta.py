"""The Theta method as a baseline (NumPy only): the statisticians' bar beside every forecast.

Theta won the M3 competition and is still the benchmark a forecasting method is measured by;
Hyndman and Billah (2003) showed its forecasts are simple exponential smoothing (SES) with a
drift of half the series' least-squares slope b0:

    y_hat(n + h) = l_n + b0 / 2 * (h - 1 + (1 - (1 - alpha)^n) / alpha)

(R's forecast::thetaf). A season found by wavecast's own test (transforms.season: the
seasonality test the net's transforms use) is divided out first by classical multiplicative
indices (additive ones where a series is not positive) and put back after.

What it learns per series and feature on the training part (fit): the seasonal indices and the
SES weight alpha, the one of ALPHAS with the least one-step squared error. What it reads from
each context (predict): the level l_n and the slope b0, from the last MAX_POINTS points at most
(the level forgets the older ones: (1 - 0.05)^500 is 7e-12), so a backtest's or a calibration's
thousand origins of a long series cost one pass over MAX_POINTS columns, vectorised over the rows.
"""

from __future__ import annotations

import numpy as np

from ..errors import NotFittedError, ValidationError
from ..transforms.season import Deseasonalise
from .contract import as_parts, series_index
from .series_tails import clip_contexts, nonneg_parts

ALPHAS = np.linspace(0.05, 1.0, 20)  # the SES weights tried: forecast::ses's range, in steps of 0.05
MAX_POINTS = 500  # the points a context is read from, at most (the newest)


class Theta:
    """The Theta method (SES with drift b0/2 on the deseasonalised series); see the module."""

    name = "theta"
    context_len = None  # the whole history: the slope and the level are read from it

    def __init__(self, period: int = 1) -> None:
        if isinstance(period, bool) or not isinstance(period, (int, np.integer)) or period < 1:
            raise ValidationError(f"seasonal period must be an integer >= 1 (got {period!r})")
        self.period = int(period)

    def fit(self, train, val=None) -> Theta:
        parts = as_parts(train)
        n_f = parts[0].shape[1]
        m = self.period
        self.indices_ = np.zeros((len(parts), n_f, m))
        self.mult_ = np.zeros((len(parts), n_f), dtype=bool)
        rows = []
        for s, x in enumerate(parts):
            for f in range(n_f):
                y = _filled(x[:, f])
                z = y
                if m > 1:
                    ds = Deseasonalise(m, multiplicative=True).fit(y)
                    self.indices_[s, f], self.mult_[s, f] = ds.indices_, ds.mult_
                    z = ds.transform(y)
                rows.append(z[-MAX_POINTS:])
        self.alpha_ = _best_alpha(rows).reshape(len(parts), n_f)
        self.nonneg_ = nonneg_parts(parts)  # (S, F): the floor at 0 of predict, as the net's
        return self

    def predict(self, context: np.ndarray, horizon: int, series=None, starts=None) -> np.ndarray:
        """(B, horizon, F) after each context (B, T, F): each row a series' history up to its
        origin, left-padded with NaN (forecast_at); starts: each row's first value's index in its
        series (default 0), which places it in the season."""
        if not hasattr(self, "alpha_"):
            raise NotFittedError("Theta is not fitted; call fit(series) first")
        c = np.asarray(context, dtype=np.float64)
        if c.ndim != 3:
            raise ValidationError(f"theta: context must be (B, T, F); got shape {c.shape}")
        b, t, n_f = c.shape
        if n_f != self.alpha_.shape[1]:
            raise ValidationError(f"theta was fitted on {self.alpha_.shape[1]} features; the context has {n_f}")
        idx = series_index(series, b, len(self.alpha_))
        starts = np.zeros(b, dtype=np.int64) if starts is None else np.asarray(starts, dtype=np.int64)
        x = c.transpose(0, 2, 1).reshape(b * n_f, t)  # a row a (context, feature)
        seen = np.isfinite(x)
        if len(x) and not seen.any(axis=1).all():
            raise ValidationError("theta needs at least one value before each origin")
        first = np.argmax(seen, axis=1)  # the row's first value, past its padding
        start = np.repeat(starts, n_f)
        keep = min(t, MAX_POINTS)
        xs = x[:, t - keep :]
        pos = start[:, None] + (t - keep - first)[:, None] + np.arange(keep)  # each column's index in its series
        m = self.period
        ind = self.indices_[idx].reshape(b * n_f, m)
        mult = self.mult_[idx].reshape(b * n_f)
        rows = np.arange(b * n_f)[:, None]
        s = ind[rows, pos % m]
        z = np.where(mult[:, None], xs * np.exp(-s), xs - s)
        alpha = self.alpha_[idx].reshape(b * n_f)
        level, n = _ses_level(z, alpha)
        slope = _slope(z)
        hs = np.arange(1, int(horizon) + 1, dtype=np.float64)
        drift = (hs - 1)[None] + ((1 - (1 - alpha) ** n) / alpha)[:, None]  # (rows, horizon)
        out = level[:, None] + slope[:, None] / 2 * drift
        s_h = ind[rows, (pos[:, -1:] + hs.astype(np.int64)) % m]
        out = np.where(mult[:, None], out * np.exp(s_h), out + s_h)
        out = out.reshape(b, n_f, int(horizon)).transpose(0, 2, 1)
        # the whole context, not only its newest MAX_POINTS: the net's rule reads the whole history
        return clip_contexts(out, c, getattr(self, "nonneg_", None), idx)


def _filled(y: np.ndarray) -> np.ndarray:
    """y with its missing values filled by straight lines between their neighbours (the ends
    held), each point kept at its place: dropping them shifted the season's phase of every point
    after a gap, which predict places by position. At least 2 values, else refused."""
    ok = np.isfinite(y)
    if ok.sum() < 2:
        raise ValidationError(f"theta needs at least 2 training points a series; got {int(ok.sum())}")
    if ok.all():
        return y
    t = np.arange(len(y))
    return np.interp(t, t[ok], y[ok])


def _ses_level(z: np.ndarray, alpha: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The SES level after each row of z (rows, T) with its weight alpha (rows,), started at the
    row's first value (NaN skipped), and the count of values it read (rows,)."""
    level = np.full(len(z), np.nan)
    for j in range(z.shape[1]):
        v = z[:, j]
        level = np.where(np.isnan(level), v, np.where(np.isnan(v), level, level + alpha * (v - level)))
    return level, np.isfinite(z).sum(axis=1)


def _slope(z: np.ndarray) -> np.ndarray:
    """The least-squares slope of each row of z (rows, T) on time over its values (NaN left out);
    0 for a row of fewer than two values."""
    ok = np.isfinite(z)
    n = ok.sum(axis=1)
    t = np.broadcast_to(np.arange(z.shape[1], dtype=np.float64), z.shape)
    safe = np.maximum(n, 1)
    t_mean = np.where(ok, t, 0).sum(axis=1) / safe
    z_mean = np.where(ok, z, 0).sum(axis=1) / safe
    dt = np.where(ok, t - t_mean[:, None], 0)
    den = (dt**2).sum(axis=1)
    num = (dt * np.where(ok, z - z_mean[:, None], 0)).sum(axis=1)
    return np.where(den > 0, num / np.where(den > 0, den, 1), 0.0)


def _best_alpha(rows: list[np.ndarray]) -> np.ndarray:
    """For each 1-D row, the weight of ALPHAS whose SES has the least one-step squared error
    (the level started at the first value; rows of different lengths, all at once)."""
    longest = max(len(r) for r in rows)
    z = np.full((len(rows), longest), np.nan)
    for i, r in enumerate(rows):
        z[i, : len(r)] = r
    level = z[:, :1] + np.zeros((1, len(ALPHAS)))  # (rows, alphas)
    sse = np.zeros_like(level)
    for j in range(1, longest):
        v = z[:, j : j + 1]
        err = v - level
        ok = np.isfinite(err)
        sse += np.where(ok, err**2, 0)
        level = np.where(ok, level + ALPHAS * err, level)
    # ties (a constant series, or two points) go to the largest weight: the last value
    return ALPHAS[len(ALPHAS) - 1 - np.argmin(sse[:, ::-1], axis=1)]
