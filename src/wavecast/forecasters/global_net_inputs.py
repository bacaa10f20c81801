"""What the global net reads (GlobalNetForecaster, forecasters/global_net.py): the series given,
checked; each series' transform by the settings; windows as float32 tensors divided by their
series' scale, with their covariate features when the model was fitted with covariates.
"""

from __future__ import annotations

import numpy as np
import torch

from ..errors import ConfigError, ValidationError
from ..transforms import SeriesTransform, window_level
from .covariates import CovariateFeatures


def check_series(series) -> list[np.ndarray]:
    """The series given as float64 arrays, each 1-D, non-empty and finite (a list, not one array)."""
    if isinstance(series, np.ndarray) and series.ndim == 1:
        raise ValidationError("series must be a list of 1-D arrays (one per series), got one array")
    out = []
    for i, y in enumerate(series):
        a = np.asarray(y, dtype=np.float64)
        if a.ndim != 1 or len(a) == 0:
            raise ValidationError(f"series {i}: expected a non-empty 1-D array, got shape {a.shape}")
        if not np.isfinite(a).all():
            raise ValidationError(f"series {i}: {int((~np.isfinite(a)).sum())} missing or infinite values")
        out.append(a)
    if not out:
        raise ValidationError("no series given")
    return out


def series_transform(s: dict, season: int) -> SeriesTransform:
    """A series' transform by the settings s (models saved before season_mode: additive; before
    season_window: indices from all the history; before seasons: one season)."""
    return SeriesTransform(season, s["log"], s["deseason"], s.get("season_mode", "additive"),
                           s.get("season_window"), s.get("season2"))


def scaled(a: np.ndarray, scale: np.ndarray, own: bool = False) -> torch.Tensor:
    """Windows (N, K) divided by their series' scale (N,) -> float32 tensor. own: a is the
    caller's to spend, divided in place (the same numbers, without a float64 copy of it)."""
    if own:
        return torch.as_tensor(np.divide(a, scale[:, None], out=a), dtype=torch.float32)
    return torch.as_tensor(a / scale[:, None], dtype=torch.float32)


# ---- covariates (forecasters/covariates.py) -------------------------------------------------
def fit_covariates(model, cov, series: list[np.ndarray], s: dict, horizon: int, reading=None) -> None:
    """Scalers on the series given (their training part), and the feature sizes in s.
    reading: how the columns are read, another fit's (CovariateFeatures.fit; None: decided here)."""
    model.covariates_, model.cov_data_ = None, None
    s.pop("covariates", None)
    if cov is None:
        return
    if len(cov.values) != len(series):
        raise ValidationError(f"covariates for {len(cov.values)} series, {len(series)} series given")
    if s.get("skip"):
        raise ConfigError("GlobalNetForecaster: skip=True with covariates is not supported yet")
    model.covariates_ = CovariateFeatures().fit(cov, [len(y) for y in series], reading)
    model.cov_data_ = cov
    # n_level 1: each window's level goes to the head's linear path (models/covariate_net.py)
    s["covariates"] = {**model.covariates_.sizes(), "n_level": 1}
    model._cov_level = s["level"]
    model._cov_h = horizon


def train_inputs(model, x: np.ndarray, scale: np.ndarray, ids: np.ndarray, first: np.ndarray,
                 own: bool = False) -> torch.Tensor:
    """Training windows (N, L) by their scale, with their covariate features when fitted with
    them: window j of series i (windows of a series are contiguous and in time order) has its
    origin at first[i] + j. own: x is the caller's to spend (`scaled`)."""
    if model.covariates_ is None:
        return scaled(x, scale, own)
    starts = np.r_[0, np.flatnonzero(np.diff(ids)) + 1] if len(ids) else np.zeros(0, np.int64)
    rank = np.arange(len(ids)) - np.repeat(starts, np.diff(np.r_[starts, len(ids)]))
    origins = first[ids] + rank
    f = model.covariates_.windows(model.cov_data_, ids, origins, x.shape[1], model._cov_h)
    parts = [x / scale[:, None], f]
    # each window's level (its inputs and targets were moved by it), by the window's scale
    L, z = x.shape[1], model._cov_z
    inp = np.array([z[i][o - L:o] for i, o in zip(ids.tolist(), origins.tolist(), strict=True)]).reshape(-1, L)
    parts.append(window_level(inp, model._cov_level) / scale[:, None])
    return torch.as_tensor(np.concatenate(parts, axis=1), dtype=torch.float32)


def row_inputs(model, x, sc, rows, ok, index, starts, covariates, horizon, lvl=None) -> torch.Tensor:
    """forecast_rows' inputs (B, L) by their scale, with covariate features at each row's end."""
    if model.covariates_ is None:
        return scaled(x, sc)
    if covariates is None:
        if model.cov_data_ is None or any(index[b] < 0 for b in ok):
            raise ValidationError("this model forecasts with covariates: give them for every series")
        covariates = model.cov_data_.subset([index[b] for b in ok]).tails([starts[b] for b in ok])
    else:
        model.covariates_.check(covariates)
        covariates = covariates.subset(ok)
    which = np.arange(len(ok))
    origins = np.array([len(rows[b]) for b in ok])
    f = model.covariates_.windows(covariates, which, origins, x.shape[1], model.horizon_, lengths=origins,
                                  need=horizon)
    parts = [x / sc[:, None], f]
    if model.resolved_["covariates"].get("n_level"):  # files written before it: 0
        parts.append(lvl / sc[:, None])
    return torch.as_tensor(np.concatenate(parts, axis=1), dtype=torch.float32)
