"""GlobalNetForecaster: one recurrent net over every series' windows, with per-series
transforms (log, deseasonalise), a level per window and a direct multi-step head.

The recipe of Hewamalage, Bergmeir and Bandara (IJF 2021) and of Smyl's ES-RNN (M4): each series
is logged when positive and deseasonalised when its season passes the Theta method's test (on
its detrended values; a season over 12, as weekly data's 52, may also pass on held-out points:
`transforms.season`), both fitted on the series' own training part; each window is moved to its
last input value (so a trend never leaves the range the net was trained on); one LSTM is trained
on all windows of all series with an L1 loss weighted by each series' MASE scale and emits the
whole horizon from its last hidden state. The number of epochs is chosen on the last horizon of
every series (early stopping), then the net is refit on all the data given for that many epochs;
the forecast is the mean of the refit net and the validation run's net.
"""

from __future__ import annotations

import functools
import math
import time
import warnings

import numpy as np
import torch

from ..errors import ConfigError, NotFittedError, ValidationError
from ..models.covariate_net import CovariateNet
from ..models.direct import CELLS, LOSSES, DirectNet, train
from ..transforms import SeriesTransform, smoothing_weights, window_level
from ..transforms.level import LEVELS
from ..transforms.rows import inverse_rows, transform_rows
from ..transforms.season import longer_season
from ..transforms.series import SEASON_MODES
from .covariates import CovariateFeatures, season_beside
from .fallback import fallback_words, seasonal_naive
from .global_net_state import from_state, to_state
from .net_windows import (
    LEN_FACTORS,
    SCALE_SPREAD,
    SMALL_DATA,
    _windows,
    balance_series,
    count_windows,
    default_hidden_size,
    default_level,
    default_max_epochs,
    default_season_mode,
    drift_path,
    global_scales,
    mase_weights,
    member_input_lens,
    series_scales,
)
from .series_tails import clip_nonnegative, place_rows, tails_of
from .views import INIT_LOCK, Beside, serialised, stopped_on_failure

LOG_RULES = ("both", "positive", "growing", "never")
SMALL_LEAST = 4  # small data: validation may choose from max_epochs' steps / SMALL_LEAST on (8, 16 and
# from the first step lost on one short seasonal series: docs/real-series.md, "One short seasonal series")


class GlobalNetForecaster:
    """A global recurrent net with per-series transforms for a panel of series.

    Parameters (keywords; None = derived from the data at `fit`)
    ----------
    seed : int, the seed of initialisation and batch order (same seed, same forecasts).
    cell : "gru" | "lstm" | "rnn".
    hidden_size, num_layers : the recurrent net's size (hidden from the number of windows).
    input_len : points of (transformed) history the net reads (`default_input_len`).
    max_epochs : cap for early stopping (`default_max_epochs`); patience: epochs without a
        better validation loss before stopping (1, and at least 300 steps; the loss is measured 4
        times an epoch). min_steps: the fewest optimizer steps of the validation run that may be
        chosen (1,500, or all of max_epochs when that is less): the loss of one window a series
        is flat and noisy after the first epochs and alone picks too few. On M3 yearly's
        validation split 2 epochs gave MASE 3.61, 20 gave 3.42, 60-100 gave 3.32-3.39; on M3
        monthly's the loss stopped improving after about 480 steps, and 500 steps scored 0.911,
        1,000 0.906, 1,500 0.892, all of max_epochs (1,640) 0.893 (docs/m3-history.md).
    batch_size, lr, loss ("l1" | "mse" | "huber").
    log : "both" | "positive" | "growing" | "never" (see `wavecast.transforms.Log`). "both":
        where some series are positive, two views of the panel, each with its own nets: one
        logs the positive series ("positive"), one reads every series as it is ("never"); the
        forecast is their weighted mean on the original scale (`raw_` holds the second view, one
        net trained for the epochs the logged view chose; `log_weight`). On M3's validation
        splits (seeds 0 / 1, equal weights) MASE yearly 3.089 / 3.121 (log alone 3.269 /
        3.313), quarterly 1.097 / 1.103 (1.122 / 1.137), monthly 0.885 / 0.885 (0.896 / 0.892),
        other 1.790 / 1.778 (1.773 / 1.762), for about 1.5x the training (docs/m3-history.md). With
        covariates: "never".
    log_weight : the logged view's weight in the forecast of a series whose season it does not
        divide out (the raw view weighs 1 - log_weight); a series it deseasonalises takes the
        two views' mean. There the log brings a trend's exponential extrapolation and no
        seasonal gain: over three validation origins of M3 (mean of seeds 0 and 1) 1/3 against
        1/2 scored quarterly -0.8%, yearly -1.1%, monthly -0.1%, other +0.1% MASE (docs/m3-history.md,
        fifth pass). Models saved before this setting keep 1/2.
    balance : each series' windows weigh count^-balance (count: its number of windows; with
        `weights`, `balance_series`): a panel's MASE counts every series once, the windows
        count a long series as often as it has windows. Over three validation origins of M3
        (mean of seeds 0 and 1) 0.75 against 0 scored quarterly -1.7%, other -0.7%, monthly
        -0.3%, yearly -0.2% MASE; 0.5: -1.1%, -0.5%, -0.2%, -0.8%; 1: -1.4%, -0.9%, -0.4%,
        +0.8% (docs/m3-history.md, seventh pass). Models saved before this setting say 0.
    partial : also train on the windows whose horizon runs past a series' end, their known
        targets in the loss (`_windows`): whole windows alone never learn from a series' last
        horizon - 1 points as inputs, nor from a series shorter than input_len + horizon at all.
        Over three validation origins of M3 (mean of seeds 0 and 1, with balance 0.75) it
        scored quarterly -1.2%, other -1.9%, monthly -0.7%, yearly -0.4% MASE (docs/m3-history.md,
        seventh pass). Off with covariates (their values past the end are not known).
    deseason : deseasonalise series whose season passes the test.
    season_mode : "additive" | "multiplicative" | "smoother" | None: how a positive series that
        is not logged (the raw view of log="both", or log="never") has its season taken out
        (`transforms.SeriesTransform`): subtracted, divided out, or per series whichever leaves
        a markedly smoother series (a season whose swings grow with the level is divided out).
        None: "smoother" for small data (under `SMALL_DATA` windows), else "additive". On the
        airline's validation origins (`benchmarks.air_backtest --cut 36`, seeds 0-2) "smoother"
        scored MASE 0.485 / 0.480 / 0.497 against additive's 0.595 / 0.579 / 0.604 (AR 0.561),
        on M3 series fitted alone (monthly and quarterly, two origins) -0.33%; on M3 panels
        (three origins) monthly +0.04%, quarterly +0.22%, and `wavecast.fit`'s quarterly test
        +0.5-0.9%: additive there (docs/m3-history.md, tenth pass). Files saved before it: additive.
    season_window : the seasonal indices from each series' last season_window seasons of its
        training part (`transforms.SeriesTransform`); None or 0: from all of it. Files saved
        before it: all of it.
    seasons : 1, or 2: a second, longer season (`transforms.season.LONGER_SEASONS`: hourly
        data's week after its day of 24, half-hourly's 336 after 48, daily data's year of 365
        after its week) taken out after the first, of what it leaves, where a series' training
        part holds three of it and its test passes (`transforms.SeriesTransform`'s season2); not
        with covariates. Files saved before it: one season.
    level : the level subtracted from each window (`transforms.level.LEVELS`): "last" (its
        last input), "smooth" (the simple-exponential-smoothing level at its end, each series'
        weight chosen on its own history, `transforms.smoothing_weights`; not with covariates),
        "mean" or "none"; None: "smooth" for small data with a season and no covariates, else
        "last" (`default_level`). "smooth" against "last" on M3's season-1 groups (three validation
        origins, seeds 0-3): other -0.4%, yearly +0.2% MASE: not the default there (docs/m3-history.md,
        ninth pass). One short seasonal series reads its last value's noise as a shift of the whole
        forecast (R's USAccDeaths, DriversKilled: docs/real-series.md, "One short seasonal series").
        Files saved before it: "last".
    validate : choose the number of epochs on the last window of each series, then refit on
        everything; False trains max_epochs on everything. Small data (under `SMALL_DATA`
        windows, e.g. one series): a validation window at every origin of the held-out horizon,
        and min_steps at most a quarter of max_epochs' steps: on 240 M3 series each fitted
        alone (benchmarks/m3_alone.py) 4-11% lower MASE on the test than training all 200
        epochs; the airline series alone loses 8-16% (docs/m3-history.md, eighth pass).
    small_data : None (derived: under `SMALL_DATA` windows of the series given) | True | False:
        whether validation takes the small-data rule above. `wavecast.fit` decides it on all
        the data given, as it does the size, so that its scored model (fitted on less) and its
        final model are not on two sides of the threshold.
    n_ensemble : nets (seeds seed, seed+1, ...) whose forecasts are combined by the median.
    n_lengths : input lengths in the ensemble (`member_input_lens`): n_lengths x n_ensemble
        nets, each trained for the epochs chosen for the first length.
    drift : the weight of the window's input slope extrapolated over the horizon
        (`drift_path`), subtracted from the targets and added back to the forecasts; 0: off.
    keep_val_net : the validation run's net (run for at least min_steps, at its best smoothed
        loss from there) is one more member of the median (with one final net: their mean); it
        costs no more training than the min_steps it waits for. On M3's validation splits it
        gained 1-2% MASE on yearly, quarterly and other.
    weights : "mase" | "none": per-series loss weights (`mase_weights`): on M3's validation
        splits 1-2% lower MASE on every group (seeds 0-2). scale : "global" | "series"
        (`series_scales`). skip : a linear map of the inputs added to the head, started at the
        ridge fit of the windows and kept there (`DirectNet.start_linear`): the recurrent net
        learns what the linear model misses. These two, drift and n_lengths were measured and
        not kept (docs/m3-history.md: skip helps the airline series and costs M3, panels and single
        series alike); they stay for experiments.

    After `fit`: `resolved_` (every setting, derived ones filled in), `info_` (windows, chosen
    epochs and steps, validation loss; saved with the model and in metrics.json, so no wall
    time: that is `fit_seconds_`), `transforms_` (one `SeriesTransform` each).
    """

    context_len: int | None = None  # contexts must start where the fitted series started

    def __init__(self, *, seed: int = 0, cell: str = "lstm", hidden_size: int | None = None,
                 num_layers: int = 1, input_len: int | None = None, max_epochs: int | None = None,
                 patience: int | None = None, batch_size: int = 256, lr: float = 3e-3,
                 loss: str = "l1", log: str = "both", deseason: bool = True,
                 level: str | None = None, validate: bool = True, n_ensemble: int = 1,
                 weights: str = "mase", skip: bool = False, scale: str = "global",
                 min_steps: int = 1500, n_lengths: int = 1, drift: float = 0.0,
                 keep_val_net: bool = True, log_weight: float = 1 / 3,
                 balance: float = 0.75, partial: bool = True, season_mode: str | None = None,
                 season_window: int | None = None, small_data: bool | None = None,
                 seasons: int | None = 1) -> None:
        checks = [("cell", cell, cell in CELLS, f"one of {sorted(CELLS)}"),
                  ("loss", loss, loss in LOSSES, f"one of {sorted(LOSSES)}"),
                  ("log", log, log in LOG_RULES, ", ".join(LOG_RULES)),
                  ("level", level, level is None or level in LEVELS, "None (derived), " + ", ".join(LEVELS)),
                  ("min_steps", min_steps, min_steps >= 0, ">= 0"),
                  ("scale", scale, scale in ("global", "series"), "global or series"),
                  ("weights", weights, weights in ("none", "mase"), "none or mase"),
                  ("batch_size", batch_size, batch_size >= 1, ">= 1"),
                  ("lr", lr, lr > 0, "> 0"), ("n_ensemble", n_ensemble, n_ensemble >= 1, ">= 1"),
                  ("num_layers", num_layers, num_layers >= 1, ">= 1"),
                  ("n_lengths", n_lengths, 1 <= n_lengths <= len(LEN_FACTORS), f"1..{len(LEN_FACTORS)}"),
                  ("drift", drift, 0 <= drift <= 1, "0 (off) to 1"),
                  ("log_weight", log_weight, 0 <= log_weight <= 1, "0 to 1"),
                  ("balance", balance, 0 <= balance <= 1, "0 (off) to 1"),
                  ("season_mode", season_mode, season_mode in (None, *SEASON_MODES),
                   "None (derived), " + ", ".join(SEASON_MODES)),
                  ("season_window", season_window, season_window is None or (
                      isinstance(season_window, int) and not isinstance(season_window, bool)
                      and season_window >= 0), "None or 0 (all the history) or >= 1 seasons"),
                  ("seasons", seasons, seasons in (None, 1, 2) and not isinstance(seasons, bool),
                   "1 or 2 (a second, longer season); None: 1")]
        for opt in ("hidden_size", "input_len", "max_epochs", "patience"):
            v = locals()[opt]
            checks.append((opt, v, v is None or v >= 1, "None (derived) or >= 1"))
        for name, value, ok, allowed in checks:
            if not ok:
                raise ConfigError(f"GlobalNetForecaster: {name}={value!r} is invalid; allowed: {allowed}")
        self.settings = dict(seed=int(seed), cell=cell, hidden_size=hidden_size,
                             num_layers=num_layers, input_len=input_len, max_epochs=max_epochs,
                             patience=patience, batch_size=batch_size, lr=lr, loss=loss, log=log,
                             deseason=deseason, level=level, validate=validate,
                             n_ensemble=n_ensemble, weights=weights, skip=skip, scale=scale,
                             min_steps=min_steps, n_lengths=n_lengths, drift=float(drift),
                             keep_val_net=bool(keep_val_net), log_weight=float(log_weight),
                             balance=float(balance), partial=bool(partial), season_mode=season_mode,
                             season_window=season_window or None, small_data=small_data if small_data is None else bool(small_data))
        if seasons == 2:  # one season: the settings (and files) as before it
            self.settings["seasons"] = int(seasons)

    # ---- fitting -------------------------------------------------------------------------
    def fit(self, series: list[np.ndarray], horizon: int, season: int, *, device=None,
            on_step=None, covariates=None, checkpoint=None, warm=None,
            warm_fraction: float = 1.0, workers: int = 1) -> GlobalNetForecaster:
        """Fit the transforms per series and the net on all series' windows.

        series: 1-D float arrays (lengths may differ), each from its first point; not changed.
        device: where the nets train (a torch.device or name; None: the CPU); they forecast on
        the CPU. on_step(stage, step, steps, steps a pass, loss): progress, stage being
        "early stopping" or "net k/K". covariates: data.covariates.Covariates of these series,
        or None (forecasters/covariates.py). checkpoint: models.direct.train's (each net a stage
        of a resumable run; training.direct_resume), or None. warm: a fitted forecaster of a
        shorter part of the same series (wavecast.fit's scored model): the first net of each
        view starts from its first net, rescaled exactly to this scale (`_rescaled_net`), and
        trains ceil(warm_fraction x the epochs); where the two do not fit together (covariates,
        another size) it starts afresh and trains all the epochs, as every other member does.
        None: no warm start. workers: 2 trains the raw view (log="both") in a second thread
        while this view's final nets train (`views.Beside`), the same numbers as one after the
        other (each training reads only its own generator and windows); 1, or a checkpoint
        (whose stages come in one order), trains them one after the other.
        """
        beside = workers >= 2 and checkpoint is None and self.settings["log"] == "both"
        on_step = serialised(on_step) if beside else on_step

        def stage(name):
            return None if on_step is None else functools.partial(on_step, name)

        t0 = time.perf_counter()
        series = _check_series(series)
        if horizon < 1 or season < 1:
            raise ValidationError(f"horizon and season must be >= 1, got {horizon} and {season}")
        s = dict(self.settings)
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
        # small data: fewer than SMALL_DATA windows (x_all below; one series, a few short ones)
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
        self._fit_covariates(covariates, series, s, H)
        if self.covariates_ is not None and (len(lens) > 1 or s["drift"]):
            raise ConfigError("GlobalNetForecaster: n_lengths > 1 or drift with covariates is not supported yet")
        s["season_mode"] = s["season_mode"] or default_season_mode(n_windows)
        if s.get("seasons", 1) == 2:  # not beside covariates, which refit the season on their residual
            s["season2"] = longer_season(season) if covariates is None else None
        tr = [_transform(s, season).fit(y) for y in series]
        if self.covariates_ is not None:  # the season of what the covariates leave unexplained
            k = len(self.covariates_.schema_["past"]) + len(self.covariates_.schema_["future"])
            tr = [season_beside(t, y, v[:, :k]) for t, y, v in zip(tr, series, self.cov_data_.values, strict=True)]
        z = [t.transform(y) for t, y in zip(tr, series, strict=True)]
        self._cov_z = z  # each covariate window's level is read from here (_x)
        # windows whose horizon runs past a series' end: not with covariates (their future
        # values there are unknown to the features of such a window)
        s["partial"] = part = s["partial"] and self.covariates_ is None
        smooth = s["level"] == "smooth"
        sm = smoothing_weights(z) if smooth else None  # each series' own, from its training part
        x_all, y_all, id_all = _windows(z, L, H, s["level"], s["drift"], part, sm)
        n_all = len(x_all)
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
        x_t = self._x(x_all, scale[id_all], id_all, np.full(len(z), L), own=True)
        y_t = _t(y_all, scale[id_all], own=True)
        del x_all, y_all
        s["hidden_size"] = s["hidden_size"] or default_hidden_size(n_all)
        s["max_epochs"] = s["max_epochs"] or default_max_epochs(n_all, s["batch_size"])
        s["patience"] = s["patience"] or 1
        info = {"n_windows": n_all}
        epochs, val_net = float(s["max_epochs"]), None
        if s["validate"]:
            # validation: the last window of each series; training windows: those before it
            # smoothing weights fitted without the held-out horizon
            smv = smoothing_weights([v[:len(v) - H] for v in z]) if smooth else None
            xv_t, yv_t, idv = self._val_windows(z, L, H, s, smv, scale, x_t, y_t, id_all)
            tail = [v[len(v) - L - H:] if len(v) >= L + H else v[:0] for v in z]
            # small data (one series, a few short ones): also the windows that start inside the
            # held-out horizon (their inputs reach into it, never trained on; their targets past
            # the end left out), a validation window for every origin there rather than one
            xval, yval, idval = _windows(tail, L, H, s["level"], s["drift"], part and small, smv)
            if len(xv_t) and len(xval):
                per_epoch = math.ceil(len(xv_t) / s["batch_size"])
                net = _linear_start(self._new_net(s, H, s["seed"]).to(device), xv_t, yv_t, self._drivers())
                # validation 4 times an epoch (the best count is often within the first epochs);
                # patience at least 300 steps: small panels have few steps an epoch
                every = math.ceil(per_epoch / 4)
                patience_steps = max(s["patience"] * per_epoch, 300)
                # at least min_steps (or all of max_epochs when fewer): the loss of one window a
                # series is flat and noisy after the first epochs and alone picks too few
                # small data: from a quarter of max_epochs, so that validation can choose: 200
                # passes over one series' windows learnt their noise (240 M3 series fitted alone)
                least = min(s["min_steps"], s["max_epochs"] * per_epoch // (SMALL_LEAST if small else 1))
                run = train(net, xv_t, yv_t,
                            steps=s["max_epochs"] * per_epoch,
                            batch_size=s["batch_size"], lr=s["lr"], loss=s["loss"],
                            seed=s["seed"], weight=w_all.new_tensor(w[idv]),
                            val=(self._x(xval, scale[idval], idval, np.array([len(v) - H for v in z])),
                                 _t(yval, scale[idval]),
                                 w_all.new_tensor(w[idval])),
                            eval_every=every, patience=math.ceil(patience_steps / every),
                            on_step=stage("early stopping"),
                            snapshot_after=least if s["keep_val_net"] else None, checkpoint=checkpoint)
                best = max(run["best_step"], least)
                epochs = best / per_epoch
                info.update(best_val=run["best_val"], val_steps_run=run["val_history"][-1][0],
                            val_windows=len(xval), least_steps=least)
                if s["keep_val_net"]:
                    net.load_state_dict(run["snapshot"])
                    val_net = net.cpu().eval()  # forecasts (and state()) on the CPU
        # the validation run's windows and tensors are done with: not held while the final nets train
        idv = xval = yval = idval = xv_t = yv_t = run = None
        raw_job = None
        if beside and both and self.covariates_ is None and any(t.log_.on_ for t in tr):
            raw_job = Beside(self._fit_raw, series, horizon, season, epochs, s["season_mode"], device, on_step, warm,
                             warm_fraction)
        with stopped_on_failure(raw_job):
            start = None if warm is None else self._rescaled_net(s, g, H, warm)
            if start is not None:
                info["warm_start"] = True
            start = None if start is None else (start, max(1, math.ceil(epochs * warm_fraction)))
            self.nets_, self.input_lens_, steps = self._train_members(
                s, z, lens, H, epochs, scale, w, (x_t, y_t, id_all), device, stage, checkpoint, start, sm)
        if val_net is not None:
            self.nets_.append(val_net)
            self.input_lens_.append(L)
        self.net_series_ = [None] * len(self.nets_)  # each net votes for every series (adopt)
        info.update(epochs=round(epochs, 3), steps=steps, input_len=L, hidden_size=s["hidden_size"],
                    max_epochs=s["max_epochs"], input_lens=sorted(set(self.input_lens_)),
                    n_nets=len(self.nets_), deseasonalised=sum(t.season_.on_ for t in tr))
        if s.get("season2"):
            info["second_season"] = sum(t.season2_ is not None for t in tr)
        self.fit_seconds_ = time.perf_counter() - t0  # a wall time: beside info_, never in a file
        self.resolved_, self.horizon_, self.season_ = s, H, int(season)
        self.scale_, self.global_scale_, self.transforms_, self.info_ = scale, g, tr, info
        self.tails_ = tails_of(series, L)  # what forecasting from data given checks it against (place_rows)
        # level "smooth": each series' weight as fitted on its training part, which a forecast of that
        # series reads (a saved model keeps only tails, from which the weight would come out otherwise)
        self.smoothing_ = None if sm is None else [float(a) for a in sm]
        # whether each series ever varied: a saved model keeps only tails, and a tail that holds
        # one value is no constant series where the history before it moved (forecast_rows)
        self.varied_ = [not (len(x) and np.ptp(np.asarray(x)) == 0) for x in series]
        del self._cov_z
        # this view's windows and their tensors are done with: not held while the raw view
        # builds and trains on its own (a 50,000-point series: about 130 MB); a raw view trained
        # beside this one (workers=2) built its windows while these were held (+82 MB there)
        del x_t, y_t, id_all, w_all
        self.raw_ = None
        if raw_job is not None:
            self.raw_ = raw_job.result()
        elif both and any(t.log_.on_ for t in tr):  # the second view: every series as it is
            self.raw_ = self._fit_raw(series, horizon, season, epochs, s["season_mode"], device, on_step, warm,
                                      warm_fraction, checkpoint=checkpoint)
        if self.raw_ is not None:
            info.update(raw_steps=self.raw_.info_["steps"], n_nets=len(self.nets_) + len(self.raw_.nets_))
            self.fit_seconds_ = time.perf_counter() - t0
        return self

    def _fit_raw(self, series, horizon, season, epochs, season_mode, device, on_step, warm, warm_fraction,
                 checkpoint=None, stop=None) -> GlobalNetForecaster:
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
        return GlobalNetForecaster(**{**self.settings, "log": "never", **once}).fit(
            series, horizon, season, device=device, on_step=said, checkpoint=checkpoint,
            warm=None if warm is None else getattr(warm, "raw_", None), warm_fraction=warm_fraction)

    def _train_members(self, s: dict, z: list[np.ndarray], lens: list[int], H: int, epochs: float,
                       scale: np.ndarray, w: np.ndarray, first: tuple, device=None,
                       stage=lambda name: None, checkpoint=None, start=None,
                       smoothing=None) -> tuple[list, list, int]:
        """The final nets on all windows: n_ensemble seeds for each input length in `lens`, each
        for `epochs` passes over its own windows; the first starts from `start` when given (a
        net and its own epochs). first: the first length's windows (inputs and targets as
        tensors, `_x` and `_t`; series ids). -> nets, their input lengths, the first's steps."""
        nets, net_lens, first_steps = [], [], None
        for j, Lj in enumerate(lens):
            if j == 0:
                x_t, y_t, ids = first
            else:
                x, y, ids = _windows(z, Lj, H, s["level"], s["drift"], s["partial"], smoothing)
                x_t, y_t = self._x(x, scale[ids], ids, np.full(len(z), Lj), own=True), _t(y, scale[ids], own=True)
                del x, y
            if not len(x_t):
                continue
            per_pass = math.ceil(len(x_t) / s["batch_size"])
            wt = torch.as_tensor(w[ids], dtype=torch.float32)
            n = len(lens) * s["n_ensemble"]
            for k in range(s["n_ensemble"]):
                seed = s["seed"] + j * s["n_ensemble"] + k
                if start is not None and not nets:
                    net, steps = start[0].to(device).train(), max(1, round(start[1] * per_pass))
                    if s.get("skip"):  # its linear path fitted again on all the data, kept there
                        net.start_linear(x_t, y_t, reset_head=False)
                else:
                    net = _linear_start(self._new_net(s, H, seed).to(device), x_t, y_t, self._drivers())
                    steps = max(1, round(epochs * per_pass))
                first_steps = first_steps or steps
                train(net, x_t, y_t, steps=steps, weight=wt,
                      batch_size=s["batch_size"], lr=s["lr"], loss=s["loss"], seed=seed,
                      on_step=stage("training" if n == 1 else f"net {len(nets) + 1}/{n}"), checkpoint=checkpoint)
                nets.append(net.cpu().eval())  # forecasts (and state()) on the CPU
                net_lens.append(Lj)
        return nets, net_lens, first_steps

    def _drivers(self) -> int | None:
        """The covariate net's future columns that are the user's drivers (the calendar's and
        holidays' come after them); None without covariates."""
        cov = getattr(self, "covariates_", None)
        return None if cov is None else len(cov.schema_["future"])

    @staticmethod
    def _new_net(s: dict, horizon: int, seed: int) -> DirectNet:
        # the global generator, seeded and restored: one thread at a time (views.Beside)
        with INIT_LOCK, torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)
            if s.get("covariates"):  # sizes of the covariate features (forecasters/covariates.py)
                return CovariateNet(s["cell"], s["hidden_size"], s["num_layers"], horizon, s["input_len"],
                                    **s["covariates"])
            return DirectNet(s["cell"], s["hidden_size"], s["num_layers"], horizon,
                             s["input_len"] if s.get("skip") else 0)

    # ---- forecasting ---------------------------------------------------------------------
    def predict(self, contexts: list[np.ndarray], horizon: int) -> np.ndarray:
        """Forecast `horizon` (<= the fitted horizon) points after each context.

        contexts[i]: series i's history from its first point (as given to fit, possibly
        extended by newer points). Contexts shorter than input_len get the seasonal-naive
        fallback (a warning names how many). Returns (S, horizon) float64.
        """
        if not hasattr(self, "nets_"):
            raise NotFittedError("GlobalNetForecaster: call fit(series, horizon, season) before predict")
        contexts = _check_series(contexts)
        if len(contexts) != len(self.transforms_):
            raise ValidationError(f"predict got {len(contexts)} contexts for "
                                  f"{len(self.transforms_)} fitted series; pass one per series")
        if not 1 <= horizon <= self.horizon_:
            raise ValidationError(f"horizon must be 1..{self.horizon_} (the fitted horizon), got {horizon}")
        L = self.resolved_["input_len"]
        short = [len(c) for c in contexts if len(c) < L and np.ptp(c) > 0]
        if short:  # the one fallback each gets: seasonal naive, or its last value when shorter than a season
            how = " or ".join({fallback_words(n, self.season_): None for n in short})
            how = f"{how[:-1]}; the named fallback)" if how.endswith(")") else f"{how} (the named fallback)"
            warnings.warn(f"{len(short)} series shorter than input_len={L}: forecast by {how}", stacklevel=2)
        index = np.arange(len(contexts))
        return self.forecast_rows(contexts, index, np.zeros(len(contexts), dtype=np.int64), horizon)

    def forecast_rows(self, rows: list[np.ndarray], index: np.ndarray, starts: np.ndarray,
                      horizon: int, covariates=None) -> np.ndarray:
        """(B, horizon) forecasts after each row (1-D): row b continues fitted series index[b]
        (-1: a series never seen, its transform fitted on the row itself) from position
        starts[b] of it. A constant row's forecast is that constant; a row shorter than
        input_len gets the seasonal-naive fallback. covariates: one entry a row, aligned with
        the row's first value (default: the fitted series' own, from starts[b])."""
        s, L = self.resolved_, self.resolved_["input_len"]
        out = np.empty((len(rows), horizon))
        flat = set(constant_rows(rows)) if self.covariates_ is None else set()
        varied = getattr(self, "varied_", None)  # None: a file saved before it, a row is judged alone
        if varied is not None:  # a fitted series' tail (starts > 0: a loaded model's) is judged with its history
            flat = {b for b in flat if not (index[b] >= 0 and starts[b] > 0 and varied[index[b]])}
        for b in flat:  # a constant history: its forecast is that constant, exactly
            out[b] = rows[b][-1]
        ok = [b for b, r in enumerate(rows) if len(r) >= L and b not in flat]
        for b in (b for b, r in enumerate(rows) if len(r) < L and b not in flat):  # the named fallback
            out[b] = seasonal_naive(rows[b], horizon, self.season_) if len(rows[b]) else np.nan
        if not ok:
            return clip_nonnegative(out, rows, self._nonneg(index))
        tr = {b: self.transforms_[index[b]] if index[b] >= 0 else self._unseen_transform(s, rows[b], covariates, b)
              for b in ok}
        tails = [self._tail(rows[b], int(starts[b]), index[b] >= 0) for b in ok]  # (row's tail, its start)
        zrows = dict(zip(ok, transform_rows([tr[b] for b in ok], [r for r, _ in tails], [st for _, st in tails]),
                         strict=True))  # all rows at once (transforms.rows), each by its own transform
        scales = np.asarray(self.scale_, dtype=np.float64).reshape(-1)
        # each row by its series' scale; a series never seen by the median one where it is logged
        # (log units are alike across series), else by its own: a scale in another series' units
        # made a series 1000x smaller read as flat and the net's moves land in the other's units
        sc = np.array([scales[index[b]] if index[b] >= 0 else np.median(scales) if tr[b].log_.on_
                       else self._own_scale(tr[b], rows[b], zrows[b], float(np.median(scales))) for b in ok])  # (B,)
        if self.covariates_ is None:
            z = self._member_median(zrows, ok, sc, index)  # (B, H)
        else:  # one input length, no drift (fit refuses the others with covariates)
            x = np.stack([zrows[b][-L:] for b in ok])  # (B, L)
            lvl = window_level(x, s["level"])  # (B, 1)
            xt = self._row_x(x - lvl, sc, rows, ok, index, starts, covariates, horizon, lvl)
            with torch.no_grad():
                f = np.stack([net(xt).double().numpy() for net in self.nets_])  # (K, B, H)
            z = np.median(f, axis=0) * sc[:, None] + lvl  # (B, H)
        out[ok] = inverse_rows([tr[b] for b in ok], z[:, :horizon], [int(starts[b]) + len(rows[b]) for b in ok])
        if getattr(self, "raw_", None) is not None:  # the weighted mean of the two views
            w = np.full((len(rows), 1), 0.5)  # rows the nets do not forecast: the views agree
            for b in ok:
                w[b] = 0.5 if tr[b].season_.on_ else s.get("log_weight", 0.5)
            out = w * out + (1 - w) * self.raw_.forecast_rows(rows, index, starts, horizon, covariates)
        return clip_nonnegative(out, rows, self._nonneg(index))

    def _unseen_transform(self, s: dict, row: np.ndarray, covariates, b: int):
        """The transforms of a series fit never saw, fitted on its row as fit fits a series':
        beside covariates its season is read from what they leave unexplained (season_beside),
        as it is for every fitted series (with `_own_scale`'s divisor, a series renamed is
        forecast as under its own id, bit for bit: tests/test_unseen_driven.py)."""
        t = _transform(s, self.season_).fit(row)
        if self.covariates_ is None or covariates is None:
            return t
        k = len(self.covariates_.schema_["past"]) + len(self.covariates_.schema_["future"])
        return season_beside(t, row, covariates.values[b][:, :k])

    def _tail(self, row: np.ndarray, start: int, seen: bool) -> tuple[np.ndarray, int]:
        """(the part of a row to transform, its position in its series): the row (from position
        `start` of its series), or only its last points that a net reads (the longest input
        length) where nothing else reads the rest: a series `fit` saw, a level other than
        "smooth" of a file saved without its weights (whose weight is then taken from the whole
        history). The
        transforms act point by point, so the tail is the whole row's tail, bit for bit; a whole
        history a row (conformal calibration: 1,000 rows of a 50,000-point series) held 400 MB
        a view, twice with log="both"."""
        need = max([self.resolved_["input_len"], *getattr(self, "input_lens_", [])])
        if not seen or (self.resolved_["level"] == "smooth" and getattr(self, "smoothing_", None) is None) \
                or len(row) <= need:
            return row, start
        cut = len(row) - need
        return row[cut:], start + cut

    def _smoothing(self, zrows: dict, ok: list[int], index: np.ndarray) -> np.ndarray:
        """Each row's smoothing weight (level "smooth"): a fitted series' own, as fit chose it on its
        training part; a series never seen (or a file saved without the weights) from its row."""
        fitted = getattr(self, "smoothing_", None)
        own = [b for b in ok if fitted is None or index[b] < 0]
        mine = dict(zip(own, smoothing_weights([zrows[b] for b in own]), strict=True)) if own else {}
        return np.array([mine[b] if b in mine else fitted[index[b]] for b in ok], dtype=np.float64)

    def _nonneg(self, index: np.ndarray) -> list[bool | None]:
        """Each row's fitted series had no negative value (None: never seen, or a file written
        before this was kept): a loaded model holds only the last values, and must clip as the
        fitted one did."""
        tails = getattr(self, "tails_", None) or []
        return [tails[i].get("nonneg") if 0 <= i < len(tails) else None for i in np.asarray(index).tolist()]

    def _own_scale(self, tr: SeriesTransform, row: np.ndarray, z: np.ndarray, fallback: float) -> float:
        """The scale fit gives a series (`series_scales`) from a row of data given alone: "global",
        the mean |target| of its own level-normalised windows; fallback where it has no window."""
        s = self.resolved_
        if s["scale"] != "global":
            return float(series_scales([tr], [row], self.season_, np.zeros(0), s["scale"])[0])
        _, y, _ = _windows([z], s["input_len"], self.horizon_, s["level"], s.get("drift", 0.0), True,
                           smoothing_weights([z]) if s["level"] == "smooth" else None)
        size = float(np.nanmean(np.abs(y))) if np.isfinite(y).any() else 0.0
        if size > 0 and self.covariates_ is not None:
            # the divisor fit gives a series (spread_scales): the global one unless the row is over
            # SCALE_SPREAD times off it. The nets learnt each driver's effect in those units; read
            # at its own size (0.79x the global here) a new series driven by a future price was
            # forecast 20.7 off on average where the same series known by its id was 0.9 off.
            return float(np.clip(self._global_scale(), size / SCALE_SPREAD, size * SCALE_SPREAD))
        return size if size > 0 else fallback

    def _member_median(self, zrows: dict, ok: list[int], sc: np.ndarray, index: np.ndarray) -> np.ndarray:
        """The median over the nets of their forecasts (B, H) in transformed units; a row
        shorter than a member's input length, or of a fitted series a member never learnt
        (`net_series_`), is left out of that member's vote."""
        s = self.resolved_
        lens = self.input_lens_
        by_len: dict[int, list] = {}
        knows = getattr(self, "net_series_", None) or [None] * len(self.nets_)
        for net, Lk, known in zip(self.nets_, lens, knows, strict=True):
            by_len.setdefault(Lk, []).append((net, known))
        f = np.full((len(self.nets_), len(ok), self.horizon_), np.nan)  # (K, B, H)
        sm = self._smoothing(zrows, ok, index) if s["level"] == "smooth" else None
        k = 0
        for Lk, nets in by_len.items():
            rows = [j for j, b in enumerate(ok) if len(zrows[b]) >= Lk]
            if rows:
                x = np.stack([zrows[ok[j]][-Lk:] for j in rows])  # (b, Lk)
                lvl = window_level(x, s["level"], None if sm is None else sm[rows])  # (b, 1)
                base = lvl + drift_path(x, self.horizon_, s.get("drift", 0.0))  # (b, H)
                xt = _t(x - lvl, sc[rows])
                with torch.no_grad():
                    for i, (net, known) in enumerate(nets):
                        f[k + i, rows] = net(xt).double().numpy() * sc[rows, None] + base
                        if known is not None:  # series never seen by fit: every member votes
                            idx = np.asarray(index)[[ok[j] for j in rows]]
                            f[k + i, np.asarray(rows)[(idx >= 0) & ~np.isin(idx, known)]] = np.nan
            k += len(nets)
        if len(f) == 1:
            return f[0]
        return np.nanmedian(f, axis=0)

    def place_rows(self, rows: list[np.ndarray], index: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[int]]:
        """Where each row of data given sits in the fitted series it is given for
        (`series_tails.place_rows` with this model's `tails_`): -> (index, starts, moved)."""
        return place_rows(getattr(self, "tails_", None), rows, index)

    # ---- saving (global_net_state.py) ----------------------------------------------------
    def state(self) -> tuple[dict[str, torch.Tensor], dict]:
        """(tensors by name, JSON-able settings): everything `from_state` needs."""
        return to_state(self)

    @classmethod
    def from_state(cls, tensors: dict[str, torch.Tensor], meta: dict) -> GlobalNetForecaster:
        """The forecaster `state()` described; predicts exactly as the saved one."""
        return from_state(cls, tensors, meta)

    # ---- covariates (forecasters/covariates.py) ---------------------------------------------
    def _fit_covariates(self, cov, series: list[np.ndarray], s: dict, horizon: int) -> None:
        """Scalers on the series given (their training part), and the feature sizes in s."""
        self.covariates_, self.cov_data_ = None, None
        s.pop("covariates", None)
        if cov is None:
            return
        if len(cov.values) != len(series):
            raise ValidationError(f"covariates for {len(cov.values)} series, {len(series)} series given")
        if s.get("skip"):
            raise ConfigError("GlobalNetForecaster: skip=True with covariates is not supported yet")
        self.covariates_ = CovariateFeatures().fit(cov, [len(y) for y in series])
        self.cov_data_ = cov
        # n_level 1: each window's level goes to the head's linear path (models/covariate_net.py)
        s["covariates"] = {**self.covariates_.sizes(), "n_level": 1}
        self._cov_level = s["level"]
        self._cov_h = horizon

    def _val_windows(self, z, L, H, s, smv, scale, x_t, y_t, ids):
        """The validation run's training windows as tensors (`_x`, `_t`): those of each series
        without its last H points (`_windows`). Where a window's level is read from its inputs
        alone ("last", "none") and nothing else reads the series (no drift, no covariates),
        these are the first windows of each series' in x_t and y_t, bit for bit, their targets
        from the cut on unknown (NaN): taken from there, no float64 windows are built again.
        -> inputs (N, L), targets (N, H), series ids (N,)."""
        cut = [v[:len(v) - H] for v in z]
        part = s["partial"]
        if self.covariates_ is not None or s["drift"] or s["level"] not in ("last", "none"):
            xv, yv, idv = _windows(cut, L, H, s["level"], s["drift"], part, smv)
            xv_t = self._x(xv, scale[idv], idv, np.full(len(z), L), own=True)
            return xv_t, _t(yv, scale[idv], own=True), idv
        n_full = [count_windows([len(v)], L, H, part) for v in z]
        n_cut = [count_windows([len(c)], L, H, part) for c in cut]
        begin = np.r_[0, np.cumsum(n_full)[:-1]]
        j = np.concatenate([np.arange(k) for k in n_cut]) if n_cut else np.zeros(0, np.int64)  # window in series
        rows = np.repeat(begin, n_cut) + j
        # window j's target k is past the cut (of length m) where j + L + k >= m
        past = np.arange(H)[None, :] >= (np.repeat([len(c) for c in cut], n_cut) - L - j)[:, None]
        if len(rows) and np.array_equal(rows, np.arange(rows[0], rows[0] + len(rows))):
            xv_t = x_t[rows[0]:rows[0] + len(rows)]  # one series: a view, no copy
        else:
            xv_t = x_t[torch.as_tensor(rows)]
        yv_t = y_t[torch.as_tensor(rows)]  # a copy: its targets past the cut are unknown
        yv_t[torch.as_tensor(past)] = float("nan")
        return xv_t, yv_t, ids[rows]

    def _x(self, x: np.ndarray, scale: np.ndarray, ids: np.ndarray, first: np.ndarray,
           own: bool = False) -> torch.Tensor:
        """Training windows (N, L) by their scale, with their covariate features when fitted with
        them: window j of series i (windows of a series are contiguous and in time order) has its
        origin at first[i] + j. own: x is the caller's to spend (`_t`)."""
        if self.covariates_ is None:
            return _t(x, scale, own)
        starts = np.r_[0, np.flatnonzero(np.diff(ids)) + 1] if len(ids) else np.zeros(0, np.int64)
        rank = np.arange(len(ids)) - np.repeat(starts, np.diff(np.r_[starts, len(ids)]))
        origins = first[ids] + rank
        f = self.covariates_.windows(self.cov_data_, ids, origins, x.shape[1], self._cov_h)
        parts = [x / scale[:, None], f]
        # each window's level (its inputs and targets were moved by it), by the window's scale
        L, z = x.shape[1], self._cov_z
        inp = np.array([z[i][o - L:o] for i, o in zip(ids.tolist(), origins.tolist(), strict=True)]).reshape(-1, L)
        parts.append(window_level(inp, self._cov_level) / scale[:, None])
        return torch.as_tensor(np.concatenate(parts, axis=1), dtype=torch.float32)

    def _row_x(self, x, sc, rows, ok, index, starts, covariates, horizon, lvl=None) -> torch.Tensor:
        """forecast_rows' inputs (B, L) by their scale, with covariate features at each row's end."""
        if self.covariates_ is None:
            return _t(x, sc)
        if covariates is None:
            if self.cov_data_ is None or any(index[b] < 0 for b in ok):
                raise ValidationError("this model forecasts with covariates: give them for every series")
            covariates = self.cov_data_.subset([index[b] for b in ok]).tails([starts[b] for b in ok])
        else:
            self.covariates_.check(covariates)
            covariates = covariates.subset(ok)
        which = np.arange(len(ok))
        origins = np.array([len(rows[b]) for b in ok])
        f = self.covariates_.windows(covariates, which, origins, x.shape[1], self.horizon_, lengths=origins,
                                     need=horizon)
        parts = [x / sc[:, None], f]
        if self.resolved_["covariates"].get("n_level"):  # files written before it: 0
            parts.append(lvl / sc[:, None])
        return torch.as_tensor(np.concatenate(parts, axis=1), dtype=torch.float32)

    def _rescaled_net(self, s: dict, scale: float, horizon: int, other: GlobalNetForecaster) -> DirectNet | None:
        """A copy of `other`'s first net (fitted on a shorter part of the same series) that reads
        and writes this forecaster's global `scale`: its input enters the recurrent cell and its
        output leaves the head linearly, so the rescaling is exact. None where the two do not fit
        together (covariates, per-series scales, another size, input length or horizon)."""
        o = other.resolved_
        same = all(s[k] == o[k] for k in ("cell", "hidden_size", "num_layers", "input_len", "level", "drift"))
        if (not same or s.get("covariates") or other.covariates_ is not None or bool(s.get("skip")) != bool(o.get("skip"))
                or s["scale"] != "global" or o["scale"] != "global" or other.horizon_ != horizon):
            return None
        net = self._new_net(s, horizon, 0)
        net.load_state_dict(other.nets_[0].state_dict())
        c = scale / other._global_scale()  # inputs: x / mine = (x / theirs) / c
        with torch.no_grad():
            net.rnn.weight_ih_l0.mul_(c)
            net.head.weight.div_(c)  # outputs: theirs * (their scale / mine)
            net.head.bias.div_(c)
            if net.skip is not None:  # linear in the scaled inputs: only its intercept moves
                net.skip.bias.div_(c)
        return net

    def _global_scale(self) -> float:
        """The divisor of a typical series' windows (`series_scales`; files written before
        spread_scales: every series', so the first)."""
        g = getattr(self, "global_scale_", None)
        return float(self.scale_[0]) if g is None else float(g)

    def adopt(self, other: GlobalNetForecaster, series=None) -> bool:
        """Add `other`'s first net (fitted on a shorter part of the same series: wavecast.fit's
        scored model) as a member of this ensemble, rescaled exactly to this one's scale
        (`_rescaled_net`); the raw views likewise. series: the indices, among this one's
        series, of the series `other` was fitted on (None: all, in the same order); the net
        votes for those only (`_member_median`). -> False, nothing changed, where the two do
        not fit together."""
        net = self._rescaled_net(self.resolved_, self._global_scale(), self.horizon_, other)
        if net is None:
            return False
        mine, theirs = getattr(self, "raw_", None), getattr(other, "raw_", None)
        if (mine is None) != (theirs is None) or (mine is not None and not mine.adopt(theirs, series)):
            return False
        known = None if series is None else sorted({int(i) for i in series})
        if known is not None and len(known) == len(self.transforms_):
            known = None  # every series
        self.net_series_ = [*getattr(self, "net_series_", [None] * len(self.nets_)), known]
        self.nets_.append(net.eval())
        self.input_lens_.append(self.resolved_["input_len"])
        self.info_["n_nets"] = len(self.nets_) + (len(mine.nets_) if mine is not None else 0)
        return True


def _transform(s: dict, season: int) -> SeriesTransform:
    """A series' transform by the settings s (models saved before season_mode: additive; before
    season_window: indices from all the history; before seasons: one season)."""
    return SeriesTransform(season, s["log"], s["deseason"], s.get("season_mode", "additive"),
                           s.get("season_window"), s.get("season2"))


def _linear_start(net, x: torch.Tensor, y: torch.Tensor, drivers: int | None = None):
    """A net's linear part starts from the ridge fit of its windows: a covariate net's linear
    columns (models/covariate_net.py; `drivers`: its future columns that are the user's, before
    the calendar's), a direct net's skip path (models/direct.py; nothing without one)."""
    if drivers is None:
        net.start_linear(x, y)
    else:
        net.start_linear(x, y, n_drivers=drivers)
    return net


def _t(a: np.ndarray, scale: np.ndarray, own: bool = False) -> torch.Tensor:
    """Windows (N, K) divided by their series' scale (N,) -> float32 tensor. own: a is the
    caller's to spend, divided in place (the same numbers, without a float64 copy of it)."""
    if own:
        return torch.as_tensor(np.divide(a, scale[:, None], out=a), dtype=torch.float32)
    return torch.as_tensor(a / scale[:, None], dtype=torch.float32)


def _check_series(series) -> list[np.ndarray]:
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


def constant_rows(rows: list[np.ndarray]) -> list[int]:
    """The rows (1-D) that hold one value, none empty: np.ptp(row) == 0, rows of one length at once."""
    lens: dict[int, list[int]] = {}
    for b, r in enumerate(rows):
        if len(r):
            lens.setdefault(len(r), []).append(b)
    out = []
    for idx in lens.values():
        x = np.stack([np.asarray(rows[b]) for b in idx])  # (G, n)
        out += np.asarray(idx)[np.ptp(x, axis=1) == 0].tolist()
    return sorted(out)
