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

import numpy as np
import torch

from ..errors import ConfigError
from ..models.direct import CELLS, LOSSES
from ..transforms.level import LEVELS
from ..transforms.series import SEASON_MODES
from . import global_net_adopt, global_net_fit, global_net_predict
from .global_net_predict import constant_rows
from .global_net_state import from_state, to_state
from .net_windows import LEN_FACTORS
from .series_tails import place_rows

__all__ = ["LOG_RULES", "GlobalNetForecaster", "constant_rows"]

LOG_RULES = ("both", "positive", "growing", "never")


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

    # ---- fitting (global_net_fit.py) -------------------------------------------------------
    def fit(self, series: list[np.ndarray], horizon: int, season: int, *, device=None,
            on_step=None, covariates=None, checkpoint=None, warm=None,
            warm_fraction: float = 1.0, workers: int = 1, reading=None) -> GlobalNetForecaster:
        """Fit the transforms per series and the net on all series' windows.

        series: 1-D float arrays (lengths may differ), each from its first point; not changed.
        device: where the nets train (a torch.device or name; None: the CPU); they forecast on
        the CPU. on_step(stage, step, steps, steps a pass, loss): progress, stage being
        "early stopping" or "net k/K". covariates: data.covariates.Covariates of these series,
        or None (forecasters/covariates.py). checkpoint: models.direct.train's (each net a stage
        of a resumable run; training.direct_resume), or None. warm: a fitted forecaster of a
        shorter part of the same series (wavecast.fit's scored model): the first net of each
        view starts from its first net, rescaled exactly to this scale
        (`global_net_adopt.rescaled_net`), and trains ceil(warm_fraction x the epochs); where the
        two do not fit together (covariates,
        another size) it starts afresh and trains all the epochs, as every other member does.
        None: no warm start. workers: 2 trains the raw view (log="both") in a second thread
        while this view's final nets train (`views.Beside`), the same numbers as one after the
        other (each training reads only its own generator and windows); 1, or a checkpoint
        (whose stages come in one order), trains them one after the other. reading: how
        the covariate columns are read (0/1 or standardised): the scored model's
        covariates_.reading_, kept by wavecast.fit's final model (CovariateFeatures.fit); None:
        decided on these series' rows (forecasters/covariates.py, rare_indicator).
        """
        return global_net_fit.fit(self, series, horizon, season, device=device, on_step=on_step,
                                  covariates=covariates, checkpoint=checkpoint, warm=warm,
                                  warm_fraction=warm_fraction, workers=workers, reading=reading)

    # ---- forecasting (global_net_predict.py) -----------------------------------------------
    def predict(self, contexts: list[np.ndarray], horizon: int) -> np.ndarray:
        """Forecast `horizon` (<= the fitted horizon) points after each context.

        contexts[i]: series i's history from its first point (as given to fit, possibly
        extended by newer points). Contexts shorter than input_len get the seasonal-naive
        fallback (a warning names how many). Returns (S, horizon) float64.
        """
        return global_net_predict.predict(self, contexts, horizon)

    def forecast_rows(self, rows: list[np.ndarray], index: np.ndarray, starts: np.ndarray,
                      horizon: int, covariates=None) -> np.ndarray:
        """(B, horizon) forecasts after each row (1-D): row b continues fitted series index[b]
        (-1: a series never seen, its transform fitted on the row itself) from position
        starts[b] of it. A constant row's forecast is that constant; a row shorter than
        input_len gets the seasonal-naive fallback. covariates: one entry a row, aligned with
        the row's first value (default: the fitted series' own, from starts[b])."""
        return global_net_predict.forecast_rows(self, rows, index, starts, horizon, covariates)

    def place_rows(self, rows: list[np.ndarray], index: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[int]]:
        """Where each row of data given sits in the fitted series it is given for
        (`series_tails.place_rows` with this model's `tails_`): -> (index, starts, moved)."""
        return place_rows(getattr(self, "tails_", None), rows, index)

    def _nonneg(self, index: np.ndarray) -> list[bool | None]:
        """Each row's fitted series had no negative value (`global_net_predict.nonneg`)."""
        return global_net_predict.nonneg(self, index)

    # ---- saving (global_net_state.py) ----------------------------------------------------
    def state(self) -> tuple[dict[str, torch.Tensor], dict]:
        """(tensors by name, JSON-able settings): everything `from_state` needs."""
        return to_state(self)

    @classmethod
    def from_state(cls, tensors: dict[str, torch.Tensor], meta: dict) -> GlobalNetForecaster:
        """The forecaster `state()` described; predicts exactly as the saved one."""
        return from_state(cls, tensors, meta)

    # ---- another forecaster's net (global_net_adopt.py) ------------------------------------
    def _global_scale(self) -> float:
        """The divisor of a typical series' windows (`global_net_adopt.global_scale`)."""
        return global_net_adopt.global_scale(self)

    def adopt(self, other: GlobalNetForecaster, series=None) -> bool:
        """Add `other`'s first net (fitted on a shorter part of the same series: wavecast.fit's
        scored model) as a member of this ensemble, rescaled exactly to this one's scale
        (`global_net_adopt.rescaled_net`); the raw views likewise. series: the indices, among
        this one's series, of the series `other` was fitted on (None: all, in the same order);
        the net votes for those only (`global_net_predict.member_median`). -> False, nothing
        changed, where the two do not fit together."""
        return global_net_adopt.adopt(self, other, series)
