"""Level normalisation per window: each window minus a level taken from its own inputs."""

from __future__ import annotations

import numpy as np

LEVELS = ("last", "smooth", "mean", "none")

# the smoothing weights a series' own weight is chosen from (simple exponential smoothing)
SMOOTHING_GRID = np.linspace(0.05, 1.0, 20)


def smoothing_weights(series: list[np.ndarray]) -> np.ndarray:
    """Each series' simple-exponential-smoothing weight (ETS(A,N,N)), the one of
    SMOOTHING_GRID with the least one-step squared error over the series, its level started
    at the first value: (S,). A random walk gets about 1 (the last value is its level), a
    noisy flat series a small weight. A weight below 1 is kept only where it lowers the
    error by more than AIC's price of one parameter; a series of fewer than 3 points gets 1."""
    a = SMOOTHING_GRID
    n = max((len(z) for z in series), default=0)
    z = np.full((len(series), n), np.nan)
    for i, v in enumerate(series):
        z[i, :len(v)] = v
    if n < 3:
        return np.ones(len(series))
    lvl = np.repeat(z[:, :1], len(a), axis=1)  # (S, A)
    sse = np.zeros_like(lvl)
    for t in range(1, n):  # one pass over time, all series and weights at once
        e = z[:, t:t + 1] - lvl
        known = np.isfinite(e)
        sse += np.where(known, e * e, 0.0)
        lvl = np.where(known, lvl + a * e, lvl)
    n_err = np.array([len(v) for v in series]) - 1.0
    j = np.argmin(sse, axis=1)
    best, last = sse[np.arange(len(series)), j], sse[:, -1]  # the grid ends at 1: the last value
    # a weight below 1 only where it earns its parameter (AIC: n log(SSE / SSE_last) + 2 < 0):
    # a short series rarely has the evidence, and its level stays its last value
    with np.errstate(divide="ignore", invalid="ignore"):
        earns = n_err * np.log(best / last) + 2 < 0
    return np.where((n_err >= 2) & earns, a[j], 1.0)


def window_level(x: np.ndarray, how: str = "last", weight: np.ndarray | None = None) -> np.ndarray:
    """Level of each window from its inputs: x (..., L) -> (..., 1). "last": the last input
    value; "mean": the inputs' mean; "none": zeros; "smooth": the simple-exponential-smoothing
    level at the window's end, started at its first input, with each window's weight (...,)
    from `weight` (its series' smoothing_weights; weight 1 is "last"). Subtract it from inputs
    and targets, add it back to forecasts (exact: one addition)."""
    x = np.asarray(x, np.float64)
    if how == "last":
        return x[..., -1:].copy()
    if how == "mean":
        return x.mean(axis=-1, keepdims=True)
    if how == "none":
        return np.zeros(x.shape[:-1] + (1,))
    if how == "smooth":
        if weight is None:
            raise ValueError("level 'smooth' needs each window's smoothing weight")
        a = np.asarray(weight, np.float64)[..., None]  # (..., 1)
        back = np.arange(x.shape[-1] - 1, -1, -1)  # steps from each input to the window's end
        w = a * (1 - a) ** back
        w[..., 0] = (1 - a[..., 0]) ** back[0]  # the start value keeps the rest: weights sum to 1
        return (w * x).sum(axis=-1, keepdims=True)
    raise ValueError(f"level must be one of {LEVELS}, got {how!r}")
