"""Conformal prediction intervals around any forecaster that keeps the contract.

    conf = evaluate.intervals.calibrate(forecaster, series, horizon, levels=(80, 95))
    bands = conf.bands(point (B, H, F), series=idx)       # {level: (lo, hi)}, each (B, H, F)

Calibration (evaluate.intervals.calibrate, after the forecaster is fitted) forecasts from rolling origins at the end of each series' known part (by
evaluate.forecast_at, the path every forecast takes) and keeps, per lead time and feature,
quantiles of the errors divided by each series' in-sample naive MAE, so that series of
different levels pool. A band is the point forecast plus those quantiles times the series'
scale. Two ways, both with the finite-sample correction (the ceil((n + 1) p) / n order
statistic, Vovk et al.; Stankeviciute et al. 2021 per lead time):

- "signed": the alpha/2 and 1 - alpha/2 quantiles of the signed errors (a biased forecaster
  gets a band that leans toward the truth); the default, it calibrated better (benchmarks/);
- "symmetric": +- the level quantile of |error|.

Quantiles never cross: a higher level's band contains a lower level's.
"""

from __future__ import annotations

import math

import numpy as np

from ..data.windows import as_2d
from ..errors import ValidationError

METHODS = ("signed", "symmetric")
GRID = tuple(float(v) for v in range(1, 100))  # what a saved model can give: any integer level


def check_levels(levels) -> tuple[float, ...]:
    """Interval levels in percent as sorted unique floats, each strictly between 0 and 100."""
    try:
        vals = [float(v) for v in (levels if isinstance(levels, (list, tuple, np.ndarray)) else [levels])]
    except (TypeError, ValueError):
        raise ValidationError(f"level must be numbers in percent between 0 and 100, e.g. 80,95 (got {levels!r})") from None
    bad = [v for v in vals if not 0 < v < 100]
    if bad:
        raise ValidationError(f"level {bad[0]:g} is outside (0, 100): give interval levels in percent, e.g. 80,95")
    return tuple(sorted(set(vals)))


def level_key(level: float) -> str:
    """A level as text: 80.0 -> "80", 97.5 -> "97.5" (metrics.json keys, column names lo-80)."""
    return f"{level:g}"


def naive_mae(x: np.ndarray) -> np.ndarray:
    """(F,) each feature's in-sample one-step naive MAE: the scale errors are divided by.

    A constant series (MAE 0) falls back to its |mean|, then 1, so no scale is 0."""
    x = as_2d(np.asarray(x, dtype=np.float64))
    mae = np.mean(np.abs(np.diff(x, axis=0)), axis=0) if len(x) > 1 else np.zeros(x.shape[1])
    fallback = np.where(np.abs(x).mean(axis=0) > 0, np.abs(x).mean(axis=0), 1.0)
    return np.where((mae > 0) & np.isfinite(mae), mae, fallback)


def order_stat(errors: np.ndarray, p: float, upper: bool, presorted: bool = False) -> np.ndarray:
    """The finite-sample conformal quantile of `errors` (n, ...) along axis 0.

    upper: the ceil((n + 1) p)-th smallest (clipped to the largest when (n + 1) p > n);
    lower: the floor((n + 1) p)-th smallest (clipped to the smallest when it is 0).
    presorted: errors are already sorted along axis 0 (one sort for every level)."""
    e = errors if presorted else np.sort(errors, axis=0)
    n = len(e)
    k = math.ceil((n + 1) * p - 1e-9) if upper else math.floor((n + 1) * p + 1e-9)
    return e[min(max(k, 1), n) - 1]


class Conformal:
    """Per-lead conformal bands for a fitted forecaster; see the module docstring."""

    def __init__(self, levels=(80, 95), method: str = "signed", n_origins: int = 20, stride: int = 1) -> None:
        if method not in METHODS:
            raise ValidationError(f"interval method must be one of {', '.join(METHODS)} (got {method!r})")
        if n_origins < 1 or stride < 1:
            raise ValidationError(f"n_origins and stride must be >= 1 (got {n_origins}, {stride})")
        self.levels = check_levels(levels)
        self.method, self.n_origins, self.stride = method, int(n_origins), int(stride)
        self.ids_: list[str] | None = None  # the calibrated series' ids, when the caller has them

    def origins(self, ends, context_len: int | None, horizon: int) -> list[np.ndarray]:
        """Each series' calibration origins: the last n_origins (stride apart) whose context
        fits after the start and whose whole horizon ends by `ends` (S,), oldest first."""
        ctx = max(context_len or 1, 1)
        return [np.arange(int(end) - horizon, ctx - 1, -self.stride)[: self.n_origins][::-1]
                for end in ends]

    def fit_errors(self, err: np.ndarray) -> Conformal:
        """Store the quantiles of scaled errors (B, H, F) (truth - forecast) / scale, for every
        integer level and the configured ones: lo_, hi_ (L, H, F), levels_ (L,)."""
        err = np.asarray(err, dtype=np.float64)
        if not np.isfinite(err).all():
            raise ValidationError("calibration errors are not finite: the forecaster gave NaN or inf")
        self.levels_ = tuple(sorted(set(GRID) | set(self.levels)))
        e = np.sort(np.abs(err) if self.method == "symmetric" else err, axis=0)  # once for every level
        lo, hi = [], []
        for level in self.levels_:
            alpha = 1 - level / 100
            if self.method == "symmetric":
                q = order_stat(e, 1 - alpha, upper=True, presorted=True)
                lo.append(-q), hi.append(q)
            else:
                lo.append(order_stat(e, alpha / 2, upper=False, presorted=True))
                hi.append(order_stat(e, 1 - alpha / 2, upper=True, presorted=True))
        # Nested bands: a higher level's never inside a lower one's (the order statistics already
        # are; accumulate makes it hold whatever the clipping did), and lo <= hi.
        self.lo_ = np.minimum.accumulate(np.stack(lo), axis=0)  # (L, H, F)
        self.hi_ = np.maximum(np.maximum.accumulate(np.stack(hi), axis=0), self.lo_)
        self.n_ = int(len(err))
        return self

    def bands(self, point: np.ndarray, series=None, levels=None, scales=None) -> dict[float, tuple]:
        """{level: (lo, hi)} each (B, H, F) around point forecasts (B, H, F) of the calibrated
        series `series` (B,) (default row i is series i), or of series with the given
        scales (B, F) (series the calibration never saw: their naive_mae)."""
        if not hasattr(self, "lo_"):
            raise ValidationError("intervals are not calibrated; use evaluate.intervals.calibrate")
        p = np.asarray(point, dtype=np.float64)
        if p.ndim != 3 or p.shape[1] > self.lo_.shape[1] or p.shape[2] != self.lo_.shape[2]:
            raise ValidationError(f"point forecasts must be (B, H <= {self.lo_.shape[1]}, "
                                  f"{self.lo_.shape[2]}); got shape {p.shape}: intervals were calibrated "
                                  f"for a horizon of {self.lo_.shape[1]}")
        if scales is None:
            from .contract import series_index

            scales = self.scales_[series_index(series, len(p), len(self.scales_))]
        s = np.asarray(scales, dtype=np.float64).reshape(len(p), 1, -1)  # (B, 1, F)
        out = {}
        for level in check_levels(self.levels if levels is None else levels):
            if level not in self.levels_:
                raise ValidationError(f"level {level:g} was not calibrated; give an integer level "
                                      f"1..99 or one of {', '.join(f'{v:g}' for v in self.levels)}")
            i = self.levels_.index(level)
            h = p.shape[1]
            out[level] = (p + self.lo_[i, :h] * s, p + self.hi_[i, :h] * s)
        return out

    def to_dict(self) -> dict:
        """What model.json keeps: method, levels, per-lead quantiles, per-series scales (and ids)."""
        return {"method": self.method, "levels": list(self.levels), "n_origins": self.n_origins,
                "stride": self.stride, "n_errors": self.n_, "grid": list(self.levels_),
                "lo": self.lo_.tolist(), "hi": self.hi_.tolist(), "scales": self.scales_.tolist(),
                "ids": None if self.ids_ is None else list(self.ids_)}

    @classmethod
    def from_dict(cls, d: dict) -> Conformal:
        """The inverse of to_dict, checked: finite, shapes agree, bands nested. ValueError if not."""
        try:
            c = cls(d["levels"], d["method"], int(d["n_origins"]), int(d["stride"]))
            grid = tuple(float(v) for v in d["grid"])
            lo, hi = np.asarray(d["lo"], dtype=np.float64), np.asarray(d["hi"], dtype=np.float64)
            scales = np.asarray(d["scales"], dtype=np.float64)
        except (KeyError, TypeError, ValidationError) as exc:
            raise ValueError(f"intervals: {exc}") from None
        if lo.ndim != 3 or lo.shape != hi.shape or lo.shape[0] != len(grid) or scales.ndim != 2 \
                or scales.shape[1] != lo.shape[2]:
            raise ValueError(f"intervals: shapes do not agree (lo {lo.shape}, hi {hi.shape}, "
                             f"{len(grid)} levels, scales {scales.shape})")
        if not (np.isfinite(lo).all() and np.isfinite(hi).all() and np.isfinite(scales).all()) \
                or (scales <= 0).any():
            raise ValueError("intervals: non-finite quantiles or non-positive scales")
        if (hi < lo).any() or list(grid) != sorted(grid) or not set(c.levels) <= set(grid):
            raise ValueError("intervals: crossing quantiles or levels out of order")
        ids = d.get("ids")
        if ids is not None and len(ids) != len(scales):
            raise ValueError(f"intervals: {len(ids)} ids for {len(scales)} series scales")
        c.levels_, c.lo_, c.hi_, c.scales_, c.n_ = grid, lo, hi, scales, int(d.get("n_errors", 0))
        c.ids_ = None if ids is None else [str(i) for i in ids]
        return c
