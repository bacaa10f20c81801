"""Rolling-origin backtests: forecast from many origins and score every one.

    series: x0 .......................................... xN-1
    origin o:            context [o - L, o)  ->  forecast [o, o + horizon)
    origins: last = N - horizon, then every `stride` steps back, n_origins in all

With refit=False every origin's context is cut from the series as one strided view and the
forecaster is called once on the whole batch (B = n_origins): a trained network rolls all
origins out together. With refit=True each origin refits the forecaster on series[:o] first,
which needs a `fit` method and one call per origin (and leaves the forecaster fitted on
the last origin's history). NumPy only: any forecaster with
predict(context (B, T, F), horizon) -> (B, horizon, F) will do.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from .errors import ValidationError
from .evaluation import per_origin, score
from .windows import as_2d


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
) -> Backtest:
    """Rolling-origin evaluation of one forecaster over the end of `series` (N,) or (N, F).

    Parameters
    ----------
    context_len : samples of context per origin; default the forecaster's `input_len`, or
        else all the history the first origin has (so every origin gets the same length).
    first_origin : the earliest allowed origin (e.g. the end of the training part);
        default context_len.
    scale : MASE denominator (evaluation.naive_scale of the training part), or None.

    Returns a Backtest with forecasts and truth (B, horizon, F) and their metrics.
    """
    x = as_2d(series).astype(np.float64, copy=False)
    first = first_origin if first_origin is not None else (context_len or 1)
    origins = origins_for(len(x), horizon, n_origins, stride, first)
    n_ctx = context_len or getattr(forecaster, "input_len", None) or int(origins[0])
    if n_ctx > int(origins[0]):
        raise ValidationError(f"context of {n_ctx} samples does not fit before origin {origins[0]}")
    # (N - span + 1, F, span) windows, one per origin: a view, no copy until predict.
    view = np.lib.stride_tricks.sliding_window_view(x, n_ctx + horizon, axis=0).transpose(0, 2, 1)
    windows = view[origins - n_ctx]  # (B, n_ctx + horizon, F)
    contexts, truth = windows[:, :n_ctx], windows[:, n_ctx:]
    t0 = time.perf_counter()
    if refit:
        if not hasattr(forecaster, "fit"):
            raise ValidationError(
                f"refit=True needs a forecaster with fit(series); {getattr(forecaster, 'name', forecaster)!r} "
                "has none (a trained network is not retrained per origin)"
            )
        preds = np.stack([forecaster.fit(x[:o]).predict(c[None], horizon)[0]
                          for o, c in zip(origins, contexts, strict=True)])
    else:
        preds = forecaster.predict(contexts, horizon)  # one batched call over all origins
    seconds = time.perf_counter() - t0
    metrics = score(preds, truth, scale)
    metrics["per_origin"] = {"origin": origins.tolist(), **per_origin(preds, truth)}
    return Backtest(origins, np.asarray(preds), np.ascontiguousarray(truth), seconds, metrics)
