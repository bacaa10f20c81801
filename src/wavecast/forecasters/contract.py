"""The forecaster contract (NumPy only), and the helpers its forecasters share.

Every forecaster (the network, the NumPy reference, each baseline) keeps one contract:

    context_len: int | None        # points of history predict needs (None: all it is given)
    fit(train, val=None) -> self   # train: one (N, F) array or a list of them, one a series;
                                   # val: their validation parts (may be empty), if any
    predict(context (B, T, F), horizon, series=None) -> (B, horizon, F)   # in data units

`series` (B,) says which fitted series each context row continues (a series' own scale, its
own AR coefficients); by default row i continues series i, or series 0 when one was fitted.
Callers never ask what kind of forecaster they hold: evaluate.forecast_at cuts each one's
context by its context_len and calls predict. Recurrent models first prime their hidden
state on the context, then feed each prediction back: one rollout() serves them all.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np

from ..data.scaling import Scaler, fit_scalers, pick, stack  # noqa: F401  (the contract's helpers)
from ..data.windows import as_2d
from ..errors import ValidationError


@runtime_checkable
class Forecaster(Protocol):
    name: str
    context_len: int | None

    def fit(self, train, val=None) -> Forecaster: ...

    def predict(self, context: np.ndarray, horizon: int, series: np.ndarray | None = None) -> np.ndarray: ...


def as_parts(train) -> list[np.ndarray]:
    """fit()'s `train` as a list of (N, F) float64 arrays, one a series."""
    items = [train] if isinstance(train, np.ndarray) else list(train)
    if not items:
        raise ValidationError("fit needs at least one series")
    return [as_2d(np.asarray(x, dtype=np.float64)) for x in items]


def series_index(series, n_rows: int, n_fitted: int) -> np.ndarray:
    """predict()'s `series` as (B,) ints into the fitted series, checked."""
    if series is None:
        if n_fitted not in (1, n_rows):
            raise ValidationError(f"{n_rows} contexts for {n_fitted} fitted series: say which "
                                  "series each context continues (series=...)")
        return np.zeros(n_rows, dtype=np.int64) if n_fitted == 1 else np.arange(n_rows)
    idx = np.asarray(series, dtype=np.int64).reshape(-1)
    if len(idx) != n_rows or (len(idx) and (idx.min() < 0 or idx.max() >= n_fitted)):
        raise ValidationError(f"series must hold {n_rows} indices in [0, {n_fitted}); got {series!r}")
    return idx


def history(row: np.ndarray) -> np.ndarray:
    """A context row's values (T,) past its left NaN padding (forecast_at pads every row to the
    longest): a view, where a copy of each of 1,000 calibration rows of a 50,000-point series
    was 400 MB; a copy without the NaN only where they lie elsewhere too."""
    nan = np.isnan(row)
    first = int(np.argmin(nan)) if not nan.all() else len(row)  # the first value, past the padding
    return row[~nan] if nan[first:].any() else row[first:]
