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


def fallback_words(n_values: int, season: int) -> str:
    """What the fallback forecasts a series of n_values by, in a note's words: "seasonal naive",
    or "its last value (shorter than a season of 12)" (baseline_of's rule: a note said seasonal
    naive of a 10-point monthly series, which gets its last value)."""
    if baseline_of(n_values, season) == BASELINES[0]:
        return "seasonal naive"
    return f"its last value (shorter than a season of {int(season)})" if int(season) > 1 else \
        "its last value (no season)"


def listed(names: list[str], limit: int = 5) -> str:
    """Names in a note: the first `limit`, then how many more."""
    return ", ".join(names[:limit]) + (f" and {len(names) - limit} more" if len(names) > limit else "")
