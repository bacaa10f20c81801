"""Forecasters for panels of real series: the global recurrent net with its per-series
transforms (`GlobalNetForecaster`) and the named fallback for series too short for it."""

from .fallback import seasonal_naive
from .global_net import GlobalNetForecaster

__all__ = ["GlobalNetForecaster", "seasonal_naive"]
