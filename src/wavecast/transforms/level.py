"""Level normalisation per window: each window minus a level taken from its own inputs."""

from __future__ import annotations

import numpy as np

LEVELS = ("last", "mean", "none")


def window_level(x: np.ndarray, how: str = "last") -> np.ndarray:
    """Level of each window from its inputs: x (..., L) -> (..., 1). "last": the last input
    value; "mean": the inputs' mean; "none": zeros. Subtract it from inputs and targets, add
    it back to forecasts (exact: one addition)."""
    x = np.asarray(x, np.float64)
    if how == "last":
        return x[..., -1:].copy()
    if how == "mean":
        return x.mean(axis=-1, keepdims=True)
    if how == "none":
        return np.zeros(x.shape[:-1] + (1,))
    raise ValueError(f"level must be one of {LEVELS}, got {how!r}")
