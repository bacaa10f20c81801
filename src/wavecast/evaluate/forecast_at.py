"""forecast_at: every forecaster, from every origin of every series, by one path.

The run's held-out forecast, the pooled many-series scores, the backtest and the report's
figures all come from here. Each forecaster gets its last `context_len` points before each
origin and the index of the series it continues; it is never asked what kind it is. A
forecaster whose context_len is None gets each row's whole history, left-padded with NaN to
the longest row (rows of different series differ in length).

    series i: x0 ............ o-L [context) o [forecast, horizon) ...
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np

from ..data.windows import as_2d
from ..errors import ValidationError


@dataclass
class Forecasts:
    forecasts: dict[str, np.ndarray]  # name -> (B, horizon, F), data units
    truth: np.ndarray  # (B, horizon, F); NaN past a series' end (a forecast of the future)
    series: np.ndarray  # (B,) the series of each row
    origins: np.ndarray  # (B,) index of each row's first forecast step in its series


def forecast_at(forecasters: dict, series: list[np.ndarray], origins, horizon: int,
                refit: bool = False) -> Forecasts:
    """Forecast `horizon` steps from each origin of each series with every forecaster.

    Parameters
    ----------
    forecasters : {name: fitted forecaster}, fitted on these series in this order
    series : S arrays (N_i,) or (N_i, F)
    origins : one int or int array per series (or one int for all): where forecasts start
    refit : fit each forecaster afresh on series[:origin] before each origin (one call a
        row) instead of predicting every row of the batch with the fitted state in one call

    Returns Forecasts with rows in order: series 0's origins, then series 1's, ...
    """
    xs = [as_2d(np.asarray(s, dtype=np.float64)) for s in series]
    if isinstance(origins, (int, np.integer)):
        origins = [origins] * len(xs)
    per = [np.atleast_1d(np.asarray(o, dtype=np.int64)) for o in origins]
    if len(per) != len(xs):
        raise ValidationError(f"{len(per)} origin sets for {len(xs)} series")
    rows = np.concatenate([np.full(len(o), i, dtype=np.int64) for i, o in enumerate(per)])
    at = np.concatenate(per)
    if len(at) and at.min() < 1:
        raise ValidationError(f"origin {int(at.min())} leaves no history to forecast from")
    truth = _truth(xs, rows, at, horizon)
    out = {}
    for name, f in forecasters.items():
        n_ctx = f.context_len or int(at.max())
        if f.context_len and len(at) and n_ctx > int(at.min()):
            raise ValidationError(f"{name} needs {n_ctx} points of context; origin {int(at.min())} has "
                                  f"{int(at.min())}")
        ctx = _contexts(xs, rows, at, n_ctx, f.context_len is None)  # (B, n_ctx, F)
        if refit:
            out[name] = np.concatenate([
                copy.deepcopy(f).fit(xs[i][:o]).predict(ctx[b : b + 1], horizon)
                for b, (i, o) in enumerate(zip(rows.tolist(), at.tolist(), strict=True))])
        else:
            out[name] = f.predict(ctx, horizon, series=rows)
    return Forecasts(out, truth, rows, at)


def _contexts(xs: list[np.ndarray], rows: np.ndarray, at: np.ndarray, n: int, shared: bool = False) -> np.ndarray:
    """(B, n, F): the n points before each row's origin; NaN before a series' start (a row
    whose origin is < n: only for context_len None).
    shared: where every row is of one series and the origins evenly spaced (conformal
    calibration of one series), a strided view of it, read-only, no copy (1,000 whole
    histories of a 50,000-point series were 400 MB); else a copy, as for any other batch."""
    if len(at) and (at > np.array([len(x) for x in xs])[rows]).any():
        raise ValidationError("an origin lies past its series' end: no context ends there")
    gaps = np.diff(at)
    if (shared and len(at) and (rows == rows[0]).all()
            and (len(gaps) == 0 or (gaps[0] >= 1 and (gaps == gaps[0]).all()))):
        x, starts = xs[rows[0]], at - n
        if starts[0] < 0:  # left-pad with NaN: the row's whole history ends at its origin
            x, starts = np.concatenate([np.full((n, x.shape[1]), np.nan), x]), at
        view = np.lib.stride_tricks.sliding_window_view(x, n, axis=0).transpose(0, 2, 1)  # (N-n+1, n, F)
        return view[starts[0] : starts[-1] + 1 : int(gaps[0]) if len(gaps) else 1]  # (B, n, F)
    return _gather(xs, rows, at - n, n)


def _gather(xs: list[np.ndarray], rows: np.ndarray, starts: np.ndarray, n: int) -> np.ndarray:
    """(B, n, F): points starts[b] .. starts[b] + n - 1 of series rows[b], NaN where that lies
    before the series' start or after its end. One gather from all the series laid end to end,
    in blocks of about CONTEXT_BLOCK values (a loop over the series took 33 s of a
    20,000-series panel's run: it compared every row's series with each series in turn)."""
    n_f = xs[0].shape[1]
    lens = np.array([len(x) for x in xs], dtype=np.int64)
    flat = np.concatenate(xs) if len(xs) else np.zeros((0, n_f))  # (sum N_i, F)
    first = np.concatenate([[0], np.cumsum(lens)[:-1]])  # each series' first row in flat
    out = np.empty((len(starts), n, n_f))
    step = max(1, CONTEXT_BLOCK // max(1, n * n_f))
    for k in range(0, len(starts), step):
        r, pos = rows[k : k + step], starts[k : k + step, None] + np.arange(n)  # (b,), (b, n)
        outside = (pos < 0) | (pos >= lens[r][:, None])
        pos += first[r][:, None]  # in place: the only index array a block holds
        pos[outside] = 0
        block = out[k : k + step]  # (b, n, F)
        if len(flat):
            np.take(flat, pos, axis=0, out=block, mode="clip")  # straight into out (mode "raise" buffers)
        block[outside] = np.nan
        del pos, outside  # before the next block's: one block's indices held at a time
    return out


CONTEXT_BLOCK = 1 << 20  # values copied at a time into the contexts (8 MB)


def _truth(xs: list[np.ndarray], rows: np.ndarray, at: np.ndarray, horizon: int) -> np.ndarray:
    """(B, horizon, F): the horizon points from each row's origin, NaN past its series' end."""
    return _gather(xs, rows, at, horizon)
