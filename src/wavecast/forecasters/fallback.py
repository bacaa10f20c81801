"""Seasonal naive: the named fallback for series too short for the net's windows."""

from __future__ import annotations

import numpy as np


def seasonal_naive(context: np.ndarray, horizon: int, season: int) -> np.ndarray:
    """Repeat the last full season (the last value when season is 1 or the context is shorter
    than a season). context (n,) with n >= 1 -> (horizon,)."""
    y = np.asarray(context, np.float64)
    m = int(season) if 1 < season <= len(y) else 1
    last = y[len(y) - m:]
    return last[np.arange(horizon) % m]


# The baselines whose forecast seasonal_naive gives, by name (forecasters.baselines): a model
# keeps their calibrated bands (io.modelfile "fallback_intervals") for the series it forecasts
# by the fallback, which the net's bands do not fit.
BASELINES = ("seasonal naive", "last value")


def baseline_of(n_values: int, season: int) -> str:
    """The baseline seasonal_naive equals for a context of n_values: "seasonal naive" when it
    holds a whole season (> 1), else "last value" (its last value repeated)."""
    return BASELINES[0] if 1 < int(season) <= int(n_values) else BASELINES[1]
