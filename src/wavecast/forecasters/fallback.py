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
