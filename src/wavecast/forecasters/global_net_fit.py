"""GlobalNetForecaster.fit's steps in their order (forecasters/global_net.py): the settings
derived from the data, each series' transform, all the windows with their loss weights and
scales, the epochs chosen by validation, the final nets, then the raw view of log="both".
"""

from __future__ import annotations

import functools
import math
import time
from typing import NamedTuple

import numpy as np
import torch

from ..errors import ConfigError, ValidationError
from ..transforms import smoothing_weights
from ..transforms.season import longer_season
from .covariates import season_beside
from .global_net_adopt import rescaled_net
from .global_net_epochs import choose_epochs
from .global_net_inputs import check_series, fit_covariates, scaled, series_transform, train_inputs
from .global_net_members import train_members
from .net_windows import (
    SMALL_DATA,
    _windows,
    balance_series,
    count_windows,
    default_hidden_size,
    default_level,
    default_max_epochs,
    default_season_mode,
    global_scales,
    mase_weights,
    member_input_lens,
    series_scales,
)
from .series_tails import tails_of
from .views import Beside, serialised, stopped_on_failure


class Windows(NamedTuple):
    """All the windows of the series given, as the nets read them (`training_windows`)."""

    x: torch.Tensor  # (N, L) inputs by their series' scale, with covariate features (`train_inputs`)
    y: torch.Tensor  # (N, H) targets by their series' scale
    ids: np.ndarray  # (N,) each window's series
    w: np.ndarray  # (S,) each series' loss weight
    w_all: torch.Tensor  # (N,) each window's loss weight
    scale: np.ndarray  # (S,) each series' divisor
    g: float  # the global scale
    smoothing: np.ndarray | None  # level "smooth": each series' weight, from its training part


def fit(model, series: list[np.ndarray], horizon: int, season: int, *, device=None,
        on_step=None, covariates=None, checkpoint=None, warm=None,
        warm_fraction: float = 1.0, workers: int = 1, reading=None):
    """`GlobalNetForecaster.fit` (its docstring says what each argument does)."""
    beside = workers >= 2 and checkpoint is None and model.settings["log"] == "both"
    on_step = serialised(on_step) if beside else on_step

    def stage(name):
        return None if on_step is None else functools.partial(on_step, name)

    t0 = time.perf_counter()
    series = check_series(series)
    if horizon < 1 or season < 1:
        raise ValidationError(f"horizon and season must be >= 1, got {horizon} and {season}")
    both = model.settings["log"] == "both"
    s, lens = resolve_settings(model, series, horizon, season, covariates, reading)
    L, H = s["input_len"], horizon
    tr, z = fit_transforms(model, series, season, s)
    win = training_windows(model, series, tr, z, season, s, H)
    n_all = len(win.x)
    s["hidden_size"] = s["hidden_size"] or default_hidden_size(n_all)
    s["max_epochs"] = s["max_epochs"] or default_max_epochs(n_all, s["batch_size"])
    s["patience"] = s["patience"] or 1
    info = {"n_windows": n_all}
    epochs, val_net = choose_epochs(model, s, z, H, s["small_data"], win.scale, win.w, win.w_all, win.x, win.y,
                                    win.ids, info, device, stage, checkpoint)
    raw_job = None
    if beside and both and model.covariates_ is None and any(t.log_.on_ for t in tr):
        raw_job = Beside(fit_raw, model, series, horizon, season, epochs, s["season_mode"], device, on_step, warm,
                         warm_fraction)
    with stopped_on_failure(raw_job):
        start = None if warm is None else rescaled_net(s, win.g, H, warm)
        if start is not None:
            info["warm_start"] = True
        start = None if start is None else (start, max(1, math.ceil(epochs * warm_fraction)))
        model.nets_, model.input_lens_, steps = train_members(
            model, s, z, lens, H, epochs, win.scale, win.w, (win.x, win.y, win.ids), device, stage, checkpoint,
            start, win.smoothing)
    if val_net is not None:
        model.nets_.append(val_net)
        model.input_lens_.append(L)
    info.update(epochs=round(epochs, 3), steps=steps)
    model.fit_seconds_ = time.perf_counter() - t0  # a wall time: beside info_, never in a file
    keep_fitted(model, s, H, season, series, tr, win, info)
    # this view's windows and their tensors are done with: not held while the raw view
    # builds and trains on its own (a 50,000-point series: about 130 MB); a raw view trained
    # beside this one (workers=2) built its windows while these were held (+82 MB there)
    del win
    model.raw_ = None
    if raw_job is not None:
        model.raw_ = raw_job.result()
    elif both and any(t.log_.on_ for t in tr):  # the second view: every series as it is
        model.raw_ = fit_raw(model, series, horizon, season, epochs, s["season_mode"], device, on_step, warm,
                             warm_fraction, checkpoint=checkpoint)
    if model.raw_ is not None:
        info.update(raw_steps=model.raw_.info_["steps"], n_nets=len(model.nets_) + len(model.raw_.nets_))
        model.fit_seconds_ = time.perf_counter() - t0
    return model


def resolve_settings(model, series: list[np.ndarray], horizon: int, season: int, covariates,
                     reading=None) -> tuple[dict, list[int]]:
    """The settings with the ones derived from the data filled in (input length, log, small
    data, level, season mode, second season), the covariates' scalers fitted (`fit_covariates`)
    -> (settings, the members' input lengths)."""
    s = dict(model.settings)
    lengths = [len(y) for y in series]
    lens = member_input_lens(horizon, season, lengths, s["n_lengths"], s["input_len"])
    s["input_len"] = lens[0]
    if max(lengths) < s["input_len"] + horizon:
        raise ValidationError(
            f"no series is long enough for one window of input_len={s['input_len']} + "
            f"horizon={horizon} points (longest: {max(lengths)}); pass a smaller input_len")
    L, H = s["input_len"], horizon
    both = s["log"] == "both"
    s["log"] = "never" if both and covariates is not None else "positive" if both else s["log"]
    # small data: fewer than SMALL_DATA windows (training_windows; one series, a few short ones)
    n_windows = count_windows(lengths, L, H, s["partial"] and covariates is None)
    if s.get("small_data") is None:
        s["small_data"] = n_windows < SMALL_DATA
    small = s["small_data"]
    s["level"] = s["level"] or default_level(small, season, covariates is not None)
    if s["level"] == "smooth" and covariates is not None:
        # several targets are read as each other's past columns ('a->b'): say so, not "covariates"
        from ..data.targets import STATIC

        own = (tuple(covariates.static) == (STATIC,) and not covariates.future and not covariates.calendar
               and all("->" in c for c in covariates.past))
        raise ConfigError("GlobalNetForecaster: level='smooth' with "
                          f"{'several targets' if own else 'covariates'} is not supported yet")
    fit_covariates(model, covariates, series, s, H, reading)
    if model.covariates_ is not None and (len(lens) > 1 or s["drift"]):
        raise ConfigError("GlobalNetForecaster: n_lengths > 1 or drift with covariates is not supported yet")
    s["season_mode"] = s["season_mode"] or default_season_mode(n_windows)
    if s.get("seasons", 1) == 2:  # not beside covariates, which refit the season on their residual
        s["season2"] = longer_season(season) if covariates is None else None
    return s, lens


def fit_transforms(model, series: list[np.ndarray], season: int, s: dict) -> tuple[list, list[np.ndarray]]:
    """Each series' transform fitted on it, and the transformed series -> (transforms, z)."""
    tr = [series_transform(s, season).fit(y) for y in series]
    if model.covariates_ is not None:  # the season of what the covariates leave unexplained
        k = len(model.covariates_.schema_["past"]) + len(model.covariates_.schema_["future"])
        tr = [season_beside(t, y, v[:, :k]) for t, y, v in zip(tr, series, model.cov_data_.values, strict=True)]
    z = [t.transform(y) for t, y in zip(tr, series, strict=True)]
    model._cov_z = z  # each covariate window's level is read from here (train_inputs)
    return tr, z


def training_windows(model, series: list[np.ndarray], tr: list, z: list[np.ndarray], season: int, s: dict,
                     H: int) -> Windows:
    """All the windows of the transformed series z, their loss weights and their scales."""
    L = s["input_len"]
    # windows whose horizon runs past a series' end: not with covariates (their future
    # values there are unknown to the features of such a window)
    s["partial"] = part = s["partial"] and model.covariates_ is None
    smooth = s["level"] == "smooth"
    sm = smoothing_weights(z) if smooth else None  # each series' own, from its training part
    x_all, y_all, id_all = _windows(z, L, H, s["level"], s["drift"], part, sm)
    w = (mase_weights([t.log_.transform(y) for t, y in zip(tr, series, strict=True)], season)
         if s["weights"] == "mase" else np.ones(len(series)))
    w = balance_series(w, id_all, s["balance"])
    w_all = torch.as_tensor(w[id_all], dtype=torch.float32)
    # the global scale g itself and each series' divisor (a series in other units is read
    # at its own: spread_scales)
    if s["scale"] == "global":
        g, scale = global_scales(y_all, id_all, len(series))  # (S,)
    else:
        scale = series_scales(tr, series, season, y_all, s["scale"], id_all)
        g = float(scale[0])
    # the windows as the nets read them (float32), made at once: their float64 arrays are
    # not held beside them while the validation run trains (a 50,000-point series: 43 MB)
    x_t = train_inputs(model, x_all, scale[id_all], id_all, np.full(len(z), L), own=True)
    y_t = scaled(y_all, scale[id_all], own=True)
    return Windows(x_t, y_t, id_all, w, w_all, scale, g, sm)


def keep_fitted(model, s: dict, H: int, season: int, series: list[np.ndarray], tr: list, win: Windows,
                info: dict) -> None:
    """What fit leaves on the model (`resolved_`, `info_`, `transforms_`, scales, tails ...)."""
    L = s["input_len"]
    model.net_series_ = [None] * len(model.nets_)  # each net votes for every series (adopt)
    info.update(input_len=L, hidden_size=s["hidden_size"],
                max_epochs=s["max_epochs"], input_lens=sorted(set(model.input_lens_)),
                n_nets=len(model.nets_), deseasonalised=sum(t.season_.on_ for t in tr))
    if s.get("season2"):
        info["second_season"] = sum(t.season2_ is not None for t in tr)
    model.resolved_, model.horizon_, model.season_ = s, H, int(season)
    model.scale_, model.global_scale_, model.transforms_, model.info_ = win.scale, win.g, tr, info
    model.tails_ = tails_of(series, L)  # what forecasting from data given checks it against (place_rows)
    # level "smooth": each series' weight as fitted on its training part, which a forecast of that
    # series reads (a saved model keeps only tails, from which the weight would come out otherwise)
    model.smoothing_ = None if win.smoothing is None else [float(a) for a in win.smoothing]
    # whether each series ever varied: a saved model keeps only tails, and a tail that holds
    # one value is no constant series where the history before it moved (forecast_rows)
    model.varied_ = [not (len(x) and np.ptp(np.asarray(x)) == 0) for x in series]
    del model._cov_z


def fit_raw(model, series, horizon, season, epochs, season_mode, device, on_step, warm, warm_fraction,
            checkpoint=None, stop=None):
    """The second view of log="both": every series as it is, its own transforms, windows
    and nets, trained as long as validation chose for the logged view, without a validation
    run of its own: on M3's validation splits its own run (and its validation net) gained
    nothing clear (yearly 3.065 vs 3.089, quarterly 1.095 vs 1.097, other 1.789 vs 1.790)
    for a third more training. stop: checked at every step when it trains beside the
    logged view (`views.Beside`)."""
    said = None if on_step is None else (lambda name, *a: on_step(f"{name}, raw values", *a))
    if stop is not None:
        said = stop.checked(said)
    once = {"validate": False, "max_epochs": max(1, math.ceil(epochs)),
            "season_mode": season_mode}
    return type(model)(**{**model.settings, "log": "never", **once}).fit(  # a GlobalNetForecaster
        series, horizon, season, device=device, on_step=said, checkpoint=checkpoint,
        warm=None if warm is None else getattr(warm, "raw_", None), warm_fraction=warm_fraction)
