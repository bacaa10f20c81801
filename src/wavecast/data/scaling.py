"""Scaling a series by its training part: Scaler (standard scaling per feature, a constant
column scaled by 1), one per series or one over all ("global"), stacked for a batch of series.
"""

from __future__ import annotations

import numpy as np

from ..errors import NotFittedError, ValidationError
from .windows import as_2d


def constant_and_scale(std, mean, lo, hi) -> tuple[np.ndarray, np.ndarray]:
    """Per feature: constant (all values equal, or equal to 12 significant digits) and the scale.

    Relative, never absolute: a sine of amplitude 1e-13 around 0 varies, and is scaled by its
    std (an absolute 1e-12 threshold called it "constant (all values = 0)" and forecast it
    with an error 3e17 times its variance). Variation within subnormal numbers (std < 2.2e-308)
    keeps too few bits to scale by: refused.
    """
    std, mean, lo, hi = (np.asarray(a, dtype=np.float64) for a in (std, mean, lo, hi))
    normal = std >= np.finfo(np.float64).tiny  # (the variance of subnormal values underflows to 0)
    constant = (hi == lo) | (normal & (std <= 1e-12 * np.abs(mean)))
    tiny = ~constant & ~normal
    if tiny.any():
        raise ValidationError(f"the series varies by only {float(np.max((hi - lo)[tiny])):.3g} (subnormal "
                              "numbers, below 2.2e-308): too few bits to learn from; multiply it by a "
                              "power of 10 (e.g. 1e300)")
    return constant, np.where(constant, 1.0, std)


class Scaler:
    """Standard scaling per feature, fitted on the training part only.

    A constant column gets scale 1 (its forecast is then that constant) instead of a
    division by zero; `constant_` records which columns were constant.
    """

    def fit(self, train: np.ndarray) -> Scaler:
        x = as_2d(train).astype(np.float64, copy=False)
        if len(x) == 0:
            raise ValidationError("cannot fit a scaler on an empty training part")
        self.mean_ = x.mean(axis=0)
        self.constant_, self.scale_ = constant_and_scale(x.std(axis=0), self.mean_, x.min(axis=0), x.max(axis=0))
        return self

    @classmethod
    def from_params(cls, mean: np.ndarray, scale: np.ndarray) -> Scaler:
        s = cls()
        s.mean_ = np.asarray(mean, dtype=np.float64)
        s.scale_ = np.asarray(scale, dtype=np.float64)
        s.constant_ = np.zeros_like(s.mean_, dtype=bool)
        return s

    def _check(self) -> None:
        if not hasattr(self, "mean_"):
            raise NotFittedError("Scaler is not fitted; call fit(train) first")

    def transform(self, x: np.ndarray) -> np.ndarray:
        """Scale an array whose last axis is the feature axis (any leading shape)."""
        self._check()
        return (np.asarray(x, dtype=np.float64) - self.mean_) / self.scale_

    def inverse_transform(self, z: np.ndarray) -> np.ndarray:
        self._check()
        return np.asarray(z, dtype=np.float64) * self.scale_ + self.mean_


def fit_scalers(parts: list[np.ndarray], scaling: str = "per_series") -> list[Scaler]:
    """One Scaler per series, fitted on its training part: its own, or all of them ("global")."""
    if scaling == "per_series" or len(parts) == 1:
        return [Scaler().fit(p) for p in parts]
    # Two passes over the parts instead of concatenating them: no second copy of the data.
    n = sum(len(p) for p in parts)
    mean = sum(p.sum(axis=0) for p in parts) / n
    var = sum(((p - mean) ** 2).sum(axis=0) for p in parts) / n
    lo = np.min([p.min(axis=0) for p in parts], axis=0)
    hi = np.max([p.max(axis=0) for p in parts], axis=0)
    constant, scale = constant_and_scale(np.sqrt(var), mean, lo, hi)
    one = Scaler.from_params(mean, scale)
    one.constant_ = constant
    return [one] * len(parts)


def stack(scalers: list[Scaler]) -> Scaler:
    """The scalers as one whose mean_/scale_ are (S, 1, F): transforms a batch (S, T, F) of series."""
    out = Scaler.from_params(np.stack([s.mean_ for s in scalers])[:, None],
                             np.stack([s.scale_ for s in scalers])[:, None])
    out.constant_ = np.stack([s.constant_ for s in scalers])[:, None]
    return out


def pick(scaler: Scaler, idx: np.ndarray) -> Scaler:
    """The scalers of the rows idx: a stacked (S, 1, F) scaler indexed, a plain one as it is."""
    if np.ndim(scaler.mean_) < 3:
        return scaler
    out = Scaler.from_params(scaler.mean_[idx], scaler.scale_[idx])
    out.constant_ = scaler.constant_[idx]
    return out
