"""The run's forecast past the end of its data, for the report (what `wavecast forecast` would
write for the first series scored): the model saved in model/ (the direct net trained again on
all the data, or the recursive net) continued from the series' last point, with its conformal
bands. Drawn by report.figures; nothing here draws or writes."""

from __future__ import annotations

import numpy as np


def future_of_first(result, time=None) -> dict | None:
    """{"history": (times, values), "forecast": (times, (H,)), "bands": {level: (lo (1, H),
    hi (1, H))} or None} for the run's first scored series; None when the net cannot forecast it
    (a history shorter than its context). time: that series' time stamps, or None."""
    cfg = result.config
    name = next(iter(result.forecasters), None)
    if name is None:
        return None
    h, y = cfg.window.horizon, np.asarray(result.series, dtype=np.float64)  # (N, F)
    if result.final is not None:  # the direct net on all the data: its series in the dataset's order
        first = getattr(result, "first", 0)
        cov = _covariates_ahead(result, first, len(y), h, time)
        if cov is False:  # future covariates the data does not hold over the horizon: nothing to draw
            return None
        point = result.final.predict_series([y[:, 0]], h, [first], covariates=cov)  # (1, H)
    elif getattr(result.forecasters[name], "inputs", None) is not None:  # the recursive net with covariates
        point = _recursive_ahead(result.forecasters[name], y, h, time, getattr(result.dataset, "freq", None))
        if point is None:
            return None
    else:
        f = result.forecasters[name]
        n = f.context_len or len(y)
        if len(y) < n:
            return None
        point = f.predict(y[-n:][None], h, series=np.array([0]))[:, :, 0]  # (1, H)
    bands = None
    # the saved model's bands (held-out quantiles, scales on all the data), as predict gives them
    conf = (getattr(result, "saved_intervals", None) or result.intervals or {}).get(name)
    if conf is not None and cfg.eval.levels:
        b = conf.bands(point[:, :, None], series=np.array([0]), levels=cfg.eval.levels)
        bands = {k: (lo[:, :, 0], hi[:, :, 0]) for k, (lo, hi) in b.items()}
    n_hist = min(len(y), 3 * h)
    if time is None:
        t_hist, t_fut = np.arange(len(y) - n_hist, len(y)), np.arange(len(y), len(y) + h)
    else:
        from .data.futuretimes import future_times  # pandas: only for data with time stamps

        t_hist = np.asarray(time)[-n_hist:]
        freq = getattr(result.dataset, "freq", None)
        t_fut = np.asarray(future_times(np.asarray(time)[-1], freq, h))
    return {"history": (t_hist, y[-n_hist:, 0]), "forecast": (t_fut, point[0]), "bands": bands}


def _covariates_ahead(result, first: int, n: int, h: int, time):
    """The first series' covariates over the horizon (calendar features from the time axis), None
    without covariates, or False when its future covariates do not reach h steps past its end."""
    cov = getattr(result.final, "covariates", None)
    if cov is None:
        return None
    c = cov.subset([first])
    if c.calendar:
        from .data.futurecovariates import with_future

        c = with_future(c, [n], [time], getattr(result.dataset, "freq", None), h)
    ahead = c.values[0][n:n + h, len(c.past):]
    if c.future_known and (len(ahead) < h or not np.isfinite(ahead).all()):
        return False
    return c


def _recursive_ahead(f, y: np.ndarray, h: int, time, freq):
    """The recursive net's forecast of the first series past its end (1, H), or None when its
    future-known covariates do not reach h steps past the end."""
    cov = None if f.covariates is None else f.covariates.subset([0])  # series 0: the first scored
    if cov is not None and cov.calendar:
        if time is None:
            return None
        from .data.futurecovariates import with_future

        cov = with_future(cov, [len(y)], [time], freq, h)
    if f.inputs.n_future:
        cols = [cov.columns.index(c) for c in f.inputs.future_columns]
        ahead = cov.values[0][len(y):len(y) + h][:, cols]
        if len(ahead) < h or not np.isfinite(ahead).all():
            return None
    return f.forecast([y[:, 0]], [0], h, cov, f.scaler, f.mates, f.targets_of)
