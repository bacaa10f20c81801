"""The configuration's schema: frozen dataclasses, one a section, each value checked when the
dataclass is built, so a bad value fails at once with its name, the value given and what is
allowed; and the bounds those checks hold values to."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from ..errors import ConfigError

CELLS = ("rnn", "lstm", "gru")
OPTIMIZERS = ("adam", "sgd", "lbfgs")
SCHEDULES = ("none", "cosine")
SIGNALS = ("sine", "noisy_sine", "sum_of_sines")
# data.sep as written -> the character read: a tab as itself, \t or tab
SEPARATORS = {",": ",", ";": ";", "|": "|", "\t": "\t", "\\t": "\t", "tab": "\t"}
DATE_ORDERS = ("auto", "day-first", "month-first")


# Upper bounds where a larger value fails deep inside NumPy or torch instead of here.
SEED_MAX = 2**64 - 1  # torch.manual_seed takes an unsigned 64-bit integer
LENGTH_MAX = 10**9  # samples in a window or a stride: window.stride 10^20 overflowed a C long
SIGNAL_MAX = 10**8  # samples: 0.8 GB as float64; 10^11 asked NumPy for 745 GiB
WIDTH_MAX = 65536  # units of a layer; with LAYERS_MAX and WEIGHTS_MAX, torch never gets an
LAYERS_MAX = 1000  # allocation it cannot make (hidden_size 10^12 failed inside its allocator)
WEIGHTS_MAX = 4 * 2**30  # bytes of float32 weights: the most a model file may hold
THREADS_MAX = 1024  # torch.set_num_threads(10^6) failed inside oneDNN
LR_MAX = 1e30  # Adam's first step, lr / (1 - beta1), must fit in float32 (3.4e38): 1e38 overflowed


def _int(name: str, value: Any, minimum: int = 1, maximum: int | None = None) -> None:
    # bool is an int subclass: True must not pass as 1.
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        # horizon=6.0: the whole number it is, named (a float is still refused: it may be 6.5 next)
        whole = (f"; give {int(value)}" if isinstance(value, float) and value.is_integer() and value >= minimum
                 else "")
        raise ConfigError(f"{name} must be an integer >= {minimum} (got {_show(value)}){whole}")
    if maximum is not None and value > maximum:
        raise ConfigError(f"{name} must be an integer from {minimum} to {maximum} (got {_show(value)})")


def _auto_int(name: str, value: Any, minimum: int = 1, maximum: int | None = None) -> None:
    """An integer in range, or None: "auto", derived from the data when the run starts."""
    if value is not None:
        _int(name, value, minimum, maximum)


def _whole(text: str) -> int | None:
    """The integer a text such as "6.0" or "12." is, else None (6.5, "nan", "1e400", words)."""
    try:
        f = float(text)
    except ValueError:
        return None
    return int(f) if f.is_integer() and abs(f) < 2**53 else None


def _show(value: Any) -> str:
    """repr() of a value, a huge integer shortened to its digit count (one line, no ValueError)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**30:
        return f"an integer of {len(str(abs(value))) if abs(value) < 10**4000 else 'over 4000'} digits"
    return repr(value)


def _positive(name: str, value: Any, allow_zero: bool = False, maximum: float | None = None) -> None:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    try:
        ok = ok and math.isfinite(value)
    except OverflowError:  # an int too large for a float
        ok = False
    if not ok or value < 0 or (value == 0 and not allow_zero):
        bound = ">= 0" if allow_zero else "> 0"
        raise ConfigError(f"{name} must be a finite number {bound} (got {_show(value)})")
    if maximum is not None and value > maximum:
        raise ConfigError(f"{name} must be a number {'>= 0' if allow_zero else '> 0'} and <= {maximum:g} "
                          f"(got {_show(value)})")


def _choice(name: str, value: Any, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        # cell="LSTM" (as the README and the console write the nets): the spelling that is meant
        near = [a for a in allowed if isinstance(value, str) and a.lower() == value.strip().lower()]
        hint = f" ({near[0]!r}, in lower case)" if near else ""
        raise ConfigError(f"unknown {name} {value!r}; choose {', '.join(allowed[:-1])} or {allowed[-1]}{hint}")


@dataclass(frozen=True)
class SignalConfig:
    """A synthetic series; used when no data file is given."""

    kind: str = "sine"  # sine | noisy_sine | sum_of_sines
    length: int = 800  # samples
    period: float = 40.0  # samples per cycle
    amplitude: float = 1.0
    phase: float = 0.0  # radians at t = 0
    phase_noise: float = 0.0  # r in sin(w t + r u), u ~ U[-1, 1] (the MXNet forum answer)
    noise_std: float = 0.0  # additive Gaussian noise, same unit as the signal
    extra_periods: tuple[float, ...] = ()  # sum_of_sines: further components, samples per cycle

    def __post_init__(self) -> None:
        _choice("signal.kind", self.kind, SIGNALS)
        _int("signal.length", self.length, maximum=SIGNAL_MAX)
        _positive("signal.period", self.period)
        for key in ("amplitude", "phase"):  # config.json holds finite numbers only
            v = getattr(self, key)
            if not (isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)):
                raise ConfigError(f"signal.{key} must be a finite number (got {v!r})")
        _positive("signal.phase_noise", self.phase_noise, allow_zero=True)
        _positive("signal.noise_std", self.noise_std, allow_zero=True)
        for p in self.extra_periods:
            _positive("signal.extra_periods[]", p)


@dataclass(frozen=True)
class DataConfig:
    """A series read from a file; when `path` is empty the synthetic signal is used."""

    path: str = ""  # CSV or Parquet file; "" means use [signal]
    target: str = ""  # column to forecast; "" means the only numeric column
    time: str = ""  # optional time column
    id: str = ""  # optional series-id column (long format, one global model)
    fill: str = "none"  # none | linear: how to treat missing values
    sort: bool = False  # sort rows by time; unsorted files are rejected without it
    fill_missing_dates: bool = False  # insert missing time stamps, interpolate their values
    encoding: str = "utf-8"  # text encoding of a CSV file
    header: bool = True  # False: the CSV has no header row; columns are named 0, 1, 2, ...
    thousands: str = ""  # thousands separator in CSV numbers, e.g. ","; "" = none
    sep: str = ","  # CSV field separator: , ; | or a tab (written \t or tab in TOML and --set)
    decimal: str = "."  # decimal mark in CSV numbers: "." or "," (files separated by ";")
    date_order: str = "auto"  # auto | day-first | month-first: how 01/02/2020 is read (data.dateorder)
    # per_series: each series scaled by its own training part's mean/std (sensors of different
    # levels in one unit); global: one scaler over all training parts. Same for one series.
    scaling: str = "per_series"
    # covariates (the direct net; docs/covariates.md): columns by role, and calendar features
    past: tuple[str, ...] = ()  # known up to the forecast origin only
    future: tuple[str, ...] = ()  # known over the horizon too (future rows after each series' end)
    static: tuple[str, ...] = ()  # one value a series: a number or a category (one-hot)
    calendar: bool = False  # sin/cos of hour, day of week, day of year, month: those the data covers twice
    holidays: str = ""  # a country's public holidays as a future-known column: "US", "AU-VIC"; "" none

    def __post_init__(self) -> None:
        _choice("data.fill", self.fill, ("none", "linear"))
        seen: dict[str, str] = {}
        for role in ("past", "future", "static"):
            for c in getattr(self, role):
                if c in seen and seen[c] == role:
                    raise ConfigError(f"column {c!r} is listed twice in --{role}; give each covariate once")
                if c in seen:
                    raise ConfigError(f"column {c!r} is given as --{seen[c]} and --{role}; give each covariate "
                                      "one role")
                seen[c] = role
        _choice("data.scaling", self.scaling, ("per_series", "global"))
        if len(self.thousands) > 1 or not self.encoding:
            raise ConfigError(f"data.thousands must be one character and data.encoding non-empty "
                              f"(got {self.thousands!r}, {self.encoding!r})")
        self._check_marks()
        _choice("data.date_order (--date-order)", self.date_order, DATE_ORDERS)

    def _check_marks(self) -> None:
        """data.sep and data.decimal, a tab stored as the character itself: a shell or a TOML
        file hands over the two characters \\t, and --set strips a real tab as blank space."""
        sep = SEPARATORS.get(self.sep)
        if sep is None:
            raise ConfigError(f"data.sep (--sep) must be ',', ';', '|' or a tab (written \\t or tab) "
                              f"(got {self.sep!r})")
        object.__setattr__(self, "sep", sep)  # frozen: the one spelling read_csv takes
        if self.decimal not in (".", ","):
            raise ConfigError(f"data.decimal (--decimal) must be '.' or ',' (got {self.decimal!r})")
        for key, mark, what in (("sep", sep, "field separator"), ("thousands", self.thousands, "thousands separator")):
            if mark == self.decimal:
                raise ConfigError(f"data.decimal (--decimal) {self.decimal!r} is also data.{key} (--{key}): the "
                                  f"decimal mark must differ from the {what}")


@dataclass(frozen=True)
class WindowConfig:
    """How the series is split in time and cut into training windows.

    None ("auto" in TOML and --set) is derived from the data when the run starts
    (defaults.resolve): the signal's period, or the frequency, season and series lengths.
    """

    input_len: int | None = None  # context samples the model sees; auto: see defaults.py
    horizon: int | None = None  # samples forecast after the context; auto: by frequency
    test_len: int | None = None  # samples held out at the end for the test; auto: the horizon
    val_fraction: float = 0.0  # share of the training part kept for validation
    stride: int = 1  # samples between window starts

    def __post_init__(self) -> None:
        _auto_int("window.input_len", self.input_len, maximum=LENGTH_MAX)
        _auto_int("window.horizon", self.horizon, maximum=LENGTH_MAX)
        _auto_int("window.test_len", self.test_len, maximum=LENGTH_MAX)
        _int("window.stride", self.stride, maximum=LENGTH_MAX)
        if not (isinstance(self.val_fraction, (int, float)) and 0 <= self.val_fraction < 1):
            raise ConfigError(f"window.val_fraction must be in [0, 1) (got {self.val_fraction!r})")


@dataclass(frozen=True)
class ModelConfig:
    # auto: recursive for the synthetic signal, direct for data (defaults.py says why);
    # recursive: one step at a time, fed back; direct: the whole horizon at once ([direct])
    kind: str = "auto"
    cell: str = "lstm"  # rnn | lstm | gru
    hidden_size: int = 50  # units per layer (the windowed-LSTM tutorial's size)
    num_layers: int = 1
    dropout: float = 0.0  # between recurrent layers; needs num_layers > 1
    head_hidden: tuple[int, ...] = ()  # sizes of an optional MLP head; () is one Linear
    nonlinearity: str = "tanh"  # rnn cell only: tanh | relu

    def __post_init__(self) -> None:
        _choice("model.kind", self.kind, ("auto", "recursive", "direct"))
        _choice("model.cell", self.cell, CELLS)
        _int("model.hidden_size", self.hidden_size, maximum=WIDTH_MAX)
        _int("model.num_layers", self.num_layers, maximum=LAYERS_MAX)
        if not (isinstance(self.dropout, (int, float)) and 0 <= self.dropout < 1):
            raise ConfigError(f"model.dropout must be in [0, 1) (got {self.dropout!r})")
        if self.dropout > 0 and self.num_layers == 1:
            raise ConfigError("model.dropout > 0 needs model.num_layers >= 2 (dropout acts between layers)")
        for h in self.head_hidden:
            _int("model.head_hidden[]", h, maximum=WIDTH_MAX)
        _choice("model.nonlinearity", self.nonlinearity, ("tanh", "relu"))
        gates = {"rnn": 1, "lstm": 4, "gru": 3}[self.cell]
        h = self.hidden_size  # weight_ih + weight_hh + two biases a layer (input_size 1 for the first)
        n = gates * h * (2 * h + 2) * self.num_layers
        if 4 * n > WEIGHTS_MAX:
            raise ConfigError(f"model.hidden_size {h} x model.num_layers {self.num_layers} makes about "
                              f"{4 * n / 2**30:.1f} GiB of {self.cell} weights; at most {WEIGHTS_MAX // 2**30} "
                              "GiB can be saved and loaded: choose a smaller model")


@dataclass(frozen=True)
class TrainConfig:
    optimizer: str = "adam"  # adam | sgd | lbfgs (lbfgs is full batch)
    # Adam 0.02, cosine decay over 12 epochs, 8 free-running steps: on the demo sine the 40-step
    # MSE was <= 1e-5 for 9 of seeds 0-9 (median 5e-6) in 0.74 s of training; the earlier
    # 0.01 / 20 epochs / 5 steps missed on seeds 3 and 4 (1.2e-4, 1.1e-3) in 1.0 s.
    lr: float = 0.02
    epochs: int = 12  # passes over the training windows (LBFGS: outer steps)
    batch_size: int = 32  # windows per step; ignored by lbfgs
    schedule: str = "cosine"  # none | cosine (decay to 0 over all steps)
    momentum: float = 0.0  # sgd only
    weight_decay: float = 0.0
    clip_norm: float = 1.0  # max gradient norm; 0 turns clipping off
    patience: int = 0  # early stopping on validation loss after this many bad epochs; 0 = off
    loss_on: str = "last"  # last | all: one-step loss after the window only, or at every step
    # Free-running loss over this many fed-back steps (0 = off). One-step training alone let
    # the carried state drift on 2 of 3 seeds of the demo (MSE 1e-2); see lr above for 8.
    rollout_steps: int = 8
    rollout_weight: float = 1.0  # weight of that loss beside the one-step loss
    # Scheduled sampling: share of input samples (after the first) replaced by the net's own
    # one-step predictions, so training sees its own errors; 0 = off (training.sampled_inputs).
    sampling_prob: float = 0.0
    lbfgs_history: int = 100
    lbfgs_line_search: str = "strong_wolfe"  # strong_wolfe | none (none can blow up)
    threads: int = 1  # torch CPU threads; 1 was fastest for these sizes on 2 cores
    dtype: str = "float32"  # float32 | float64
    # cpu | cuda | auto (a GPU when torch sees one). cpu by default: the exact-bit promises hold
    # on the recorded CPU path only, and these small nets are often no faster on a GPU.
    device: str = "cpu"

    def __post_init__(self) -> None:
        _choice("train.device", self.device, ("auto", "cpu", "cuda"))
        _choice("train.optimizer", self.optimizer, OPTIMIZERS)
        _positive("train.lr", self.lr, maximum=LR_MAX)
        _int("train.epochs", self.epochs)
        _int("train.batch_size", self.batch_size)
        _choice("train.schedule", self.schedule, SCHEDULES)
        _positive("train.momentum", self.momentum, allow_zero=True)
        _positive("train.weight_decay", self.weight_decay, allow_zero=True, maximum=LR_MAX)
        _positive("train.clip_norm", self.clip_norm, allow_zero=True)
        _int("train.patience", self.patience, minimum=0)
        _choice("train.loss_on", self.loss_on, ("last", "all"))
        _int("train.rollout_steps", self.rollout_steps, minimum=0)
        _positive("train.rollout_weight", self.rollout_weight, allow_zero=True)
        if not (isinstance(self.sampling_prob, (int, float)) and 0 <= self.sampling_prob <= 1):
            raise ConfigError(f"train.sampling_prob must be in [0, 1] (got {self.sampling_prob!r})")
        _int("train.lbfgs_history", self.lbfgs_history, maximum=10_000)
        _choice("train.lbfgs_line_search", self.lbfgs_line_search, ("strong_wolfe", "none"))
        _int("train.threads", self.threads, maximum=THREADS_MAX)
        _choice("train.dtype", self.dtype, ("float32", "float64"))


@dataclass(frozen=True)
class EvalConfig:
    # The season in samples for the whole run, not only the baselines (seasonal naive, the MASE
    # scale): the default input_len (1.25 x max(horizon, season)), the direct net's deseasonalising,
    # the default horizon without a frequency (two seasons) and the two seasons a scored series
    # needs; 0 = from the time axis' frequency, else detected (defaults.resolve). Was documented as
    # "for the baselines", yet eval.period=168 took hourly input_len from 60 to 210
    period: int = 0
    ar_order: int = 0  # order p of the linear AR baseline; 0 = choose up to max_ar_order
    max_ar_order: int = 40
    # MSE differences below this share of the training variance count as equal (diagnostics,
    # divergence horizon): the demo's LSTM (1e-6) and an exact baseline (1e-27) are both right.
    rel_tol: float = 1e-3
    divergence_threshold: float = 0.0  # MSE; > 0 replaces last value as the divergence bar
    # Prediction intervals (conformal, forecasters/conformal.py): levels in percent; the
    # signed-error quantiles calibrated better than symmetric |error| ones (benchmarks/);
    # calibration origins a series at the end of its known part; 0 = derived: ~30,000 forecasts
    # in all, 3 to 1,000 a series (evaluate/calibration_run.py says why).
    levels: tuple[float, ...] = (80.0, 95.0)
    interval_method: str = "signed"  # signed | symmetric
    calibration_origins: int = 0
    # A run given covariates (any role) also fits the same net without them, same seed, settings
    # and training part, and scores it on the held-out end as "<net> without drivers": on 3 of 5
    # real sets they cost the net (docs/covariates.md, "Drivers that do not pay"); a backtest runs
    # again without them, scored over its origins. A comparison only: the saved model and its
    # forecast are the net's with the drivers; false skips the fit.
    without_drivers: bool = True

    def __post_init__(self) -> None:
        _int("eval.period", self.period, minimum=0)
        _int("eval.ar_order", self.ar_order, minimum=0)
        _int("eval.max_ar_order", self.max_ar_order)
        _positive("eval.rel_tol", self.rel_tol, allow_zero=True)
        _positive("eval.divergence_threshold", self.divergence_threshold, allow_zero=True)
        bad = [v for v in self.levels if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 < v < 100]
        if bad:
            raise ConfigError(f"eval.levels: level {bad[0]!r} is outside (0, 100); give levels in percent, e.g. 80,95")
        _choice("eval.interval_method", self.interval_method, ("signed", "symmetric"))
        _int("eval.calibration_origins", self.calibration_origins, minimum=0)
        if not isinstance(self.without_drivers, bool):  # 0/1 and "no" read wrong: a flag is true or false
            raise ConfigError(f"eval.without_drivers must be true or false (got {self.without_drivers!r})")


@dataclass(frozen=True)
class DirectConfig:
    """The direct net (model.kind = direct): a global LSTM over every series' windows of
    log/deseasonalised values, each window moved to its last input, the whole horizon at
    once. None (auto) is derived from the data (forecasters/global_net_fit.py). A model.* or
    train.* value given reaches it through its direct.* key where one exists (TO_DIRECT below;
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
        _choice("direct.cell", self.cell, CELLS)
        _auto_int("direct.hidden_size", self.hidden_size)
        _int("direct.num_layers", self.num_layers)
        _auto_int("direct.max_epochs", self.max_epochs)
        _auto_int("direct.patience", self.patience)
        _int("direct.batch_size", self.batch_size)
        _positive("direct.lr", self.lr)
        if self.loss is not None:
            _choice("direct.loss", self.loss, ("l1", "mse", "huber"))
        _choice("direct.log", self.log, ("both", "positive", "growing", "never"))
        _positive("direct.log_weight", self.log_weight, allow_zero=True, maximum=1.0)
        _positive("direct.balance", self.balance, allow_zero=True, maximum=1.0)
        if self.level is not None:
            _choice("direct.level", self.level, ("last", "smooth", "mean", "none"))
        if self.season_mode is not None:
            _choice("direct.season_mode", self.season_mode, ("additive", "multiplicative", "smoother"))
        _auto_int("direct.season_window", self.season_window, minimum=0)
        _auto_int("direct.seasons", self.seasons, minimum=1, maximum=2)
        _int("direct.n_ensemble", self.n_ensemble)
        _positive("direct.final_warm", self.final_warm, allow_zero=True, maximum=1.0)
        _auto_int("direct.workers", self.workers, maximum=2)


@dataclass(frozen=True)
class Config:
    name: str = "experiment"
    seed: int = 0  # the one source of randomness of a run
    signal: SignalConfig = field(default_factory=SignalConfig)
    data: DataConfig = field(default_factory=DataConfig)
    window: WindowConfig = field(default_factory=WindowConfig)
    model: ModelConfig = field(default_factory=ModelConfig)
    train: TrainConfig = field(default_factory=TrainConfig)
    direct: DirectConfig = field(default_factory=DirectConfig)
    eval: EvalConfig = field(default_factory=EvalConfig)

    def __post_init__(self) -> None:
        _int("seed", self.seed, minimum=0, maximum=SEED_MAX)
