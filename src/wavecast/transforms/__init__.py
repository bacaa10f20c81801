"""Per-series invertible transforms, NumPy only: log, deseasonalise, level per window.

Each transform is fitted on one series' training part (`fit(y)`), then maps any stretch of that
series (`transform(y, start)`, `inverse(z, start)`, `start` = index of `y[0]` counted from the
first point given to `fit`) and inverts it exactly. Parameters travel as JSON-able dicts
(`params()` / `from_params`), so a model file can carry them.
"""

from .level import smoothing_weights, window_level
from .log import Log
from .season import Deseasonalise, seasonal_indices, seasonality_test
from .series import SeriesTransform

__all__ = ["Deseasonalise", "Log", "SeriesTransform", "seasonal_indices", "seasonality_test",
           "smoothing_weights", "window_level"]
