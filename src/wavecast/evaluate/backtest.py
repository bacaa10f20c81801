"""Rolling-origin backtests: forecast from many origins and score every one.

    series: x0 .......................................... xN-1
    origin o:            context [o - L, o)  ->  forecast [o, o + horizon)
    origins: last = N - horizon, then every `stride` steps back, n_origins in all

With refit=False every origin's context is cut from the series as one strided view and the
forecaster is called once on the whole batch (B = n_origins): a trained network rolls all
origins out together. With refit=True a copy of the forecaster is fitted on series[:o]
before each origin (one call per origin); given the panel the series belongs to, the copy is
fitted on every series of the panel cut at the same distance from its end (a global net
trained again on the data before the origin, its covariate scalers included). Both go through forecast_at, like every other
forecast; NumPy only: any forecaster that keeps the contract (contract.py) will do.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from ..data.windows import as_2d
from ..errors import ValidationError
from .forecast_at import forecast_at
from .metrics import per_origin, score


@dataclass
class Backtest:
    origins: np.ndarray  # (B,) index of each forecast's first step in the series
    forecasts: np.ndarray  # (B, horizon, F)
    truth: np.ndarray  # (B, horizon, F)
    seconds: float  # time spent in fit and predict
    metrics: dict = field(default_factory=dict)  # score(...) plus per_origin


def origins_for(n: int, horizon: int, n_origins: int, stride: int = 1, first: int = 1) -> np.ndarray:
    """The last n_origins origins of a series of n, `stride` apart, each with a full horizon.

    Raises ValidationError when they do not all lie at or after `first` (the first index
    a forecast may start at: after the training data, after one context).
    """
    for name, v in (("horizon", horizon), ("n_origins", n_origins), ("stride", stride)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1:
            raise ValidationError(f"{name} must be an integer >= 1 (got {v!r})")
    last = n - horizon
    origins = last - stride * np.arange(n_origins - 1, -1, -1)
    if origins[0] < first:
        room = (last - first) // stride + 1 if last >= first else 0
        raise ValidationError(
            f"{n_origins} origins {stride} apart with horizon {horizon} need "
            f"{horizon + stride * (n_origins - 1)} points after index {first}; "
            f"the series has room for {room}"
        )
    return origins


def panel_origins(lengths, firsts, horizon: int, n_origins: int, stride: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Each series' own last n_origins origins (origins_for of each), in one array op.

    lengths, firsts : (S,) each series' length and its first allowed origin (the end of the
        part its forecasters were fitted on).
    Returns (kept (S,) bool: the series with room for every origin, origins (S_kept, n_origins)):
    row i ends at lengths[i] - horizon, its first origin at or after firsts[i].
    """
    for name, v in (("horizon", horizon), ("n_origins", n_origins), ("stride", stride)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1:
            raise ValidationError(f"{name} must be an integer >= 1 (got {v!r})")
    n, first = np.asarray(lengths, dtype=np.int64), np.asarray(firsts, dtype=np.int64)
    start = n - horizon - stride * (n_origins - 1)  # (S,) each series' first origin
    kept = start >= np.maximum(first, 1)
    return kept, start[kept, None] + stride * np.arange(n_origins)  # (S_kept, n_origins)


def backtest(
    forecaster,
    series: np.ndarray,
    horizon: int,
    n_origins: int,
    stride: int = 1,
    refit: bool = False,
    context_len: int | None = None,
    first_origin: int | None = None,
    scale: float | None = None,
    panel: list[np.ndarray] | None = None,
    row: int = 0,
) -> Backtest:
    """Rolling-origin evaluation of one forecaster over the end of `series` (N,) or (N, F).

    Parameters
    ----------
    context_len : samples of context per origin; default the forecaster's context_len (None:
        each origin's whole history).
    first_origin : the earliest allowed origin (e.g. the end of the training part);
        default context_len.
    scale : MASE denominator (evaluation.naive_scale of the training part), or None.
    panel : with refit, every series the forecaster was fitted on, `series` at `row` (its first
        len(series) points): each origin's copy is fitted on all of them, each cut where
        `series` is cut counted from its end (the run's splits are end-aligned), and forecasts
        as series `row`. None: fitted on `series` alone.
    row : the index of `series` among the series the forecaster was fitted on (its per-series
        state: scaler, level, covariates); 0 by default.

    Returns a Backtest with forecasts and truth (B, horizon, F) and their metrics.
    """
    x = as_2d(series).astype(np.float64, copy=False)
    first = first_origin if first_origin is not None else (context_len or 1)
    origins = origins_for(len(x), horizon, n_origins, stride, first)
    n_ctx = context_len or forecaster.context_len  # None: each origin's whole history
    if n_ctx is not None and n_ctx > int(origins[0]):
        raise ValidationError(f"context of {n_ctx} samples does not fit before origin {origins[0]}")
    as_row = 0 if refit else row  # a refitted copy forecasts as _OnPanel (or its one series) says
    f = forecaster if n_ctx == forecaster.context_len and not as_row else _WithContext(forecaster, n_ctx, as_row)
    if refit and panel is not None:
        f = _OnPanel(f, [as_2d(p) for p in panel], row)
    t0 = time.perf_counter()
    at = forecast_at({"f": f}, [x], [origins], horizon, refit=refit)
    seconds = time.perf_counter() - t0
    preds, truth = at.forecasts["f"], at.truth
    metrics = score(preds, truth, scale)
    metrics["per_origin"] = {"origin": origins.tolist(), **per_origin(preds, truth)}
    return Backtest(origins, np.asarray(preds), truth, seconds, metrics)


def cut_panel(panel: list[np.ndarray], lag: int) -> list[np.ndarray]:
    """Every series of a panel cut `lag` points before its own end (the run's splits are
    end-aligned: an origin that far from each series' end); what a refit before it is fitted on."""
    cut = [p[: max(len(p) - lag, 0)] for p in panel]
    if min(len(c) for c in cut) < 1:
        raise ValidationError(f"backtest: a series of the panel has no point before the origin {lag} "
                              "points before its end; pass fewer --origins")
    return cut


class _WithContext:
    """A forecaster seen with another context length (backtest's context_len argument), its
    forecasts made as series `row` of the panel it was fitted on (backtest's row argument)."""

    def __init__(self, f, context_len: int, row: int = 0) -> None:
        self.f, self.context_len, self.row = f, context_len, row

    def fit(self, train, val=None):
        return _WithContext(self.f.fit(train, val), self.context_len, self.row)

    def predict(self, context, horizon, series=None):
        if self.row:  # every row of the batch continues the one backtested series
            series = np.full(len(context), self.row, dtype=np.int64)
        return self.f.predict(context, horizon, series=series)


class _OnPanel:
    """A forecaster refitted (backtest refit) on its whole panel: at an origin o of the
    backtested series panel[row], series i is cut at len(panel[i]) - (len(panel[row]) - o),
    and the forecast continues series `row`."""

    def __init__(self, f, panel: list[np.ndarray], row: int = 0) -> None:
        self.f, self.panel, self.row, self.context_len = f, panel, row, f.context_len

    def __deepcopy__(self, memo):  # forecast_at copies the forecaster at each origin: not the panel
        import copy

        return _OnPanel(copy.deepcopy(self.f, memo), self.panel, self.row)

    def fit(self, train, val=None):
        o = len(as_2d(train))
        if not np.array_equal(as_2d(train), self.panel[self.row][:o], equal_nan=True):
            raise ValidationError(f"backtest: the series refitted is not the panel's series {self.row}")
        lag = len(self.panel[self.row]) - o  # points of the backtested series at and after the origin
        return _OnPanel(self.f.fit(cut_panel(self.panel, lag)), self.panel, self.row)

    def predict(self, context, horizon, series=None):
        return self.f.predict(context, horizon, series=np.full(len(context), self.row, dtype=np.int64))
