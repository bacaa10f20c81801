"""The direct net's section of the configuration ([direct], direct.* keys): a frozen dataclass
whose values are checked when it is built (config.checks)."""

from __future__ import annotations

from dataclasses import dataclass

from .checks import CELLS, check_auto_int, check_choice, check_int, check_positive


@dataclass(frozen=True)
class DirectConfig:
    """The direct net (model.kind = direct): a global LSTM over every series' windows of
    log/deseasonalised values, each window moved to its last input, the whole horizon at
    once. None (auto) is derived from the data (forecasters/global_net_fit.py). A model.* or
    train.* value given reaches it through its direct.* key where one exists (config.loading.TO_DIRECT;
    a direct.* value given itself wins); any other fails the run rather than being ignored."""

    cell: str = "lstm"  # lstm | gru | rnn: on M3 monthly GRU 0.855, LSTM 0.858 (one seed: a tie)
    hidden_size: int | None = None  # auto: 16 under 2,000 windows, else 32
    num_layers: int = 1
    max_epochs: int | None = None  # auto: about 2,000 optimizer steps, 10..200 epochs
    patience: int | None = None  # epochs without a better validation loss; auto: max_epochs // 5
    batch_size: int = 256
    lr: float = 3e-3
    # l1 | mse | huber; None (auto): mse where more than half the series are intermittent (0 on
    # more than half their points: L1's median, 0, totals far too low), else l1 (forecasters/intermittent.py)
    loss: str | None = None
    # both: one view logs the positive series, one reads them raw; the forecast is their mean,
    # or, for a series the logged view does not deseasonalise, log_weight x the logged view +
    # (1 - log_weight) x the raw one (1/3: over three M3 validation origins quarterly -0.8%,
    # yearly -1.1% MASE against 1/2, monthly -0.1%, other +0.1%; docs/m3-history.md)
    log: str = "both"  # both | positive | growing | never
    log_weight: float = 1 / 3
    # each series' windows weigh count^-balance (count: its windows): 0.75 against 0 (every
    # window alike) over three M3 validation origins: quarterly -1.7%, other -0.7%, monthly
    # -0.3%, yearly -0.2% MASE; 1 (each series alike) cost yearly 0.8% (docs/m3-history.md)
    balance: float = 0.75
    # also the windows whose horizon runs past a series' end, their known targets in the loss
    # (no covariates): over three M3 validation origins quarterly -1.2%, other -1.9%, monthly
    # -0.7%, yearly -0.4% MASE (docs/m3-history.md)
    partial: bool = True
    deseason: bool = True  # deseasonalise a series whose season passes the test (transforms.season)
    # additive | multiplicative | smoother: how a positive series that is not logged (the raw
    # view of log=both, or log=never) has its season taken out (GlobalNetForecaster's
    # season_mode); None (auto): smoother under 2,000 windows, else additive (docs/m3-history.md, tenth pass)
    season_mode: str | None = None
    # the seasonal indices from each training part's last season_window seasons only (a season
    # whose shape changes over decades: canadian_gas, docs/real-series.md); None or 0: all of it
    season_window: int | None = None
    # 2: also a second, longer season after the first (hourly data's week after its day,
    # half-hourly's 336 after 48, daily data's year after its week), where a series' training
    # part holds three of it and its test passes; 1: the one season of the frequency; None
    # (auto): 2 for the frequencies where it paid (defaults.TWO_SEASONS), else 1
    # (docs/real-series.md, "Two seasons at once")
    seasons: int | None = None
    # last | smooth | mean | none: the level taken out of each window; None (auto): smooth for small
    # data with a season and no covariates (each series' own smoothing weight: a noisy last value
    # moved one short seasonal series' whole forecast), else last (forecasters/net_windows.default_level)
    level: str | None = None
    n_ensemble: int = 1  # nets (seeds seed, seed + 1, ...) combined by the median
    # the final model (trained on all the data) keeps the scored model's net as a member
    keep_scored_net: bool = True
    # the final model's first net of each view starts from the scored model's (rescaled exactly)
    # and trains this fraction of the chosen epochs on all the data; 0: from scratch, all of them.
    # On M3's validation splits (seeds 0 / 1) 0.5 tied with 0 (quarterly 1.0948 vs 1.0954, other
    # 1.7949 vs 1.7977, monthly 0.8882 vs 0.8896, yearly 3.3503 vs 3.3460) for a quarter less
    # training; with the seventh pass's defaults 0.3 against 0.5 over three validation origins
    # (seed 0): other -0.95%, monthly +0.19%, yearly and quarterly +0.02% (docs/m3-history.md, eighth pass)
    final_warm: float = 0.3
    # trainings at once: 2 trains the raw view in a second thread beside the logged view's nets
    # (the same numbers; not in a resumable run, whose checkpoint stages come in one order),
    # 1 one after the other; None (auto): 2 where the process may use two CPUs or more
    workers: int | None = None

    def __post_init__(self) -> None:
        check_choice("direct.cell", self.cell, CELLS)
        check_auto_int("direct.hidden_size", self.hidden_size)
        check_int("direct.num_layers", self.num_layers)
        check_auto_int("direct.max_epochs", self.max_epochs)
        check_auto_int("direct.patience", self.patience)
        check_int("direct.batch_size", self.batch_size)
        check_positive("direct.lr", self.lr)
        if self.loss is not None:
            check_choice("direct.loss", self.loss, ("l1", "mse", "huber"))
        check_choice("direct.log", self.log, ("both", "positive", "growing", "never"))
        check_positive("direct.log_weight", self.log_weight, allow_zero=True, maximum=1.0)
        check_positive("direct.balance", self.balance, allow_zero=True, maximum=1.0)
        if self.level is not None:
            check_choice("direct.level", self.level, ("last", "smooth", "mean", "none"))
        if self.season_mode is not None:
            check_choice("direct.season_mode", self.season_mode, ("additive", "multiplicative", "smoother"))
        check_auto_int("direct.season_window", self.season_window, minimum=0)
        check_auto_int("direct.seasons", self.seasons, minimum=1, maximum=2)
        check_int("direct.n_ensemble", self.n_ensemble)
        check_positive("direct.final_warm", self.final_warm, allow_zero=True, maximum=1.0)
        check_auto_int("direct.workers", self.workers, maximum=2)
