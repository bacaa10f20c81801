"""run(cfg) -> ExperimentResult: the pipeline, in order. The backtest of a run is
experiment_backtest.py; save(result, out), which writes its files, experiment_files.py.

    series -> split_in_time -> Scaler.fit(train only) -> windows -> build_model -> train
    -> forecasters {net, baselines} -> free-running forecast of the test part -> scores
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import driver_importance, drivers_check
from .config import Config
from .data.scaling import Scaler
from .data.signals import noisy_sine, sine, sum_of_sines
from .data.source import read_dataset
from .data.windows import Split, as_2d
from .defaults import resolve
from .errors import ValidationError
from .evaluate.advice import advise
from .evaluate.band_scores import score_all, seasonal_scale
from .evaluate.calibration_run import calibrate_all
from .evaluate.diagnose_many import pool_diagnostics
from .evaluate.filled import filled_of, scores_note, without_filled
from .evaluate.forecast_at import forecast_at
from .evaluate.held_out_bands import held_out
from .evaluate.interval_metrics import attach, attach_saved
from .evaluate.metrics import mase_scales
from .evaluate.pooled import (
    by_target,
    in_users_order,
    mase_note,
    pool_headline,
    pooled_scores,
    target_intervals,
    users_places,
)
from .evaluate.scoring import evaluate_forecasts
from .experiment_notes import drivers_given, extreme_notes_of, rare_driver_notes_of, series_names
from .forecasters import baselines as bl
from .forecasters.theta import Theta
from .steps_direct import train_direct
from .steps_recursive import train_recursive


@dataclass
class ExperimentResult:
    config: Config
    series: np.ndarray  # (N, F), data units
    split: Split
    scaler: Scaler
    net: Any  # the trained RecurrentNet
    train: Any  # TrainResult
    forecasts: dict[str, np.ndarray]  # name -> (horizon, F) free-running forecast of the test part
    truth: np.ndarray  # (horizon, F)
    metrics: dict[str, Any]
    notes: list[str] = field(default_factory=list)  # what the run decided, in plain words
    seconds: dict[str, float] = field(default_factory=dict)
    forecasters: dict[str, Any] = field(default_factory=dict)  # name -> fitted forecaster (net first)
    dataset: Any = None  # data.Dataset of a data file (times, ids, all series); None: synthetic
    scalers: Any = None  # every series' Scaler stacked: mean_/scale_ (S, 1, F); scaler is the first's
    prepared: Any = None  # prepare.Prepared: every series, its split and scaler, the windows
    at: Any = None  # forecast_at.Forecasts: every forecaster's test forecast of every series
    final: Any = None  # the direct net trained on all the data given (None: the net above)
    first: int = 0  # the dataset's index of `series`: the first series scored (a short one is not)
    intervals: dict = field(default_factory=dict)  # name -> conformal bands (forecasters.conformal)
    # name -> the bands the saved model gives for the future: calibrated on the held-out test
    # part too (evaluate.held_out_bands.held_out); `intervals` (before the test) are the ones scored
    saved_intervals: dict = field(default_factory=dict)
    panel: list = field(default_factory=list)  # every series scored, (N_i, F), `series` first: the forecasters' order
    ids: list = field(default_factory=list)  # the ids of `panel`, in its order
    splits: list = field(default_factory=list)  # the Split of each series of `panel`
    # the drivers check's bare net: name -> its (horizon, F) forecast of `series`' test part, drawn
    # beside the net in forecast.png (scored in metrics; not among `forecasts`, whose rows are the run's)
    without_drivers: dict = field(default_factory=dict)

    @property
    def forecaster(self):
        from .forecasters.net import NetForecaster

        return NetForecaster(self.net, self.scaler, self.config.window.input_len)


def make_series(cfg: Config, rng: np.random.Generator) -> np.ndarray:
    """The series the config describes, as (N, 1) float64."""
    s = cfg.signal
    if s.kind == "sine":
        x = sine(s.length, s.period, s.amplitude, s.phase)
    elif s.kind == "noisy_sine":
        x = noisy_sine(s.length, s.period, rng, s.phase_noise, s.noise_std, s.amplitude)
    else:
        x = sum_of_sines(s.length, (s.period, *s.extra_periods))
    return as_2d(x)


def make_baselines(
    train: np.ndarray, holdout: np.ndarray, cfg: Config, notes: list[str],
    season: tuple[int, str] | None = None, shortest: int | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The baselines of every run and how they were set up (their period and AR order chosen
    on `train` and `holdout`); the caller fits them on every series' training part.

    season: (period, how it was found) when the run already knows it (data: the frequency);
    None: eval.period, or detected by autocorrelation of `train`. shortest: the fewest training
    points of a series they are fitted on; the AR order is chosen up to shortest - 2, the most
    that series can fit (chosen on the first series alone, a ragged panel's backtest stopped
    with "linear AR(40) needs more than 41 training points; got 32").
    Returns ({name: unfitted forecaster}, info) where info = {"names", "period", "period_how",
    "ar_order", "ar_order_how"} goes into metrics.json as metrics["baselines"].
    """
    out: dict[str, Any] = {"mean": bl.MeanForecast(), "last value": bl.LastValue()}
    period = cfg.eval.period
    if season is not None:
        period, how = season
        if period <= 1:  # the season's own note says how it was found: this one says only what it costs
            period, how = None, "seasonal naive left out (season 1: no season to repeat)"
    elif period:
        how = "given in eval.period"
    else:
        period = bl.detect_period(train)
        how = ("detected by autocorrelation of the training part" if period else
               "none found by autocorrelation of the training part; seasonal naive left out")
    if season is None or not period:  # a season the run found is said once, by its own note
        notes.append(f"seasonal period {period} samples ({how})" if period else
                     how if season is not None else f"seasonal period: {how}")
    if period:
        out["seasonal naive"] = bl.SeasonalNaive(period)
    most = cfg.eval.max_ar_order if shortest is None else max(1, min(cfg.eval.max_ar_order, shortest - 2))
    if cfg.eval.ar_order and shortest is not None and cfg.eval.ar_order > shortest - 2:
        # was "linear AR(45) needs more than 46 training points; got 46", naming no setting
        raise ValidationError(f"the AR order given (--set eval.ar_order={cfg.eval.ar_order}) needs more than {cfg.eval.ar_order + 1} "
                              f"training points a series; the shortest series scored has {shortest}: set "
                              f"eval.ar_order to {max(1, shortest - 2)} or less, or leave it out to be chosen")
    order = cfg.eval.ar_order or bl.choose_ar_order(train, holdout, most)
    capped = f" (the most a series of {shortest} training points fits)" if most < cfg.eval.max_ar_order else ""
    order_how = ("given in eval.ar_order" if cfg.eval.ar_order else
                 f"lowest one-step error among 1..{most}{capped} on held-out data: the "
                 "validation part, or the last fifth of the training part if there is none")
    notes.append(f"linear AR order {order} ({order_how})")
    out[f"linear AR({order})"] = bl.LinearAR(order)
    # the statisticians' bar: the Theta method, with the season the others use (none: 1)
    out["theta"] = Theta(period or 1)
    info = {"names": list(out), "period": period, "period_how": how,
            "ar_order": order, "ar_order_how": order_how}
    return out, info


def run(cfg: Config, on_epoch=None, checkpoint=None, dataset=None, dist=None, final: bool = True) -> ExperimentResult:
    """Train the configured network and score it beside the baselines on the test part.
    final: also train the model that forecasts the future (the direct net's, on all the data)
    and calibrate its saved bands; a backtest, which saves no model, passes False.
    Runs on train.threads torch threads, the caller's given back after (as run_backtest and
    predict): the steps set torch's count and only threadpoolctl's restore of the OpenMP it
    happens to see gave it back."""
    from .training.threads import torch_threads

    # NumPy's BLAS (the AR baselines' least squares) gets torch's thread budget: on a busy
    # 2-core machine one 2-thread OpenBLAS lstsq took 0.2 s, a 1-thread one 0.3 ms.
    with torch_threads(cfg.train.threads, blas=True):
        return _run(cfg, on_epoch, checkpoint, dataset, dist, final)



def _run(cfg: Config, on_epoch, checkpoint, dataset, dist, final_model: bool = True) -> ExperimentResult:
    t_start = time.perf_counter()
    rng = np.random.default_rng(cfg.seed)
    data_rng, train_rng = rng.spawn(2)
    dataset = dataset if dataset is not None else read_dataset(cfg)  # None: the signal
    resolved = resolve(cfg, dataset)
    read = getattr(dataset, "notes", [])
    if read:  # (a lazy import: a synthetic run never imports pandas)
        from .data.timecolumn import without_period_advice

        read = without_period_advice(read, cfg.eval.period)  # the user's setting, before resolve
    cfg, notes = resolved.config, [*read, *resolved.notes]  # what reading did too
    w = cfg.window
    if w.horizon > w.test_len:
        raise ValidationError(f"window.horizon {w.horizon} is longer than the test part ({w.test_len})")
    series = [make_series(cfg, data_rng)] if dataset is None else dataset.segments()
    step = train_direct if cfg.model.kind == "direct" else train_recursive
    t = step(cfg, series, dataset, train_rng, resolved.season, notes, on_epoch, checkpoint, dist)
    t_eval = time.perf_counter()
    split = t.splits[0]
    series = t.series  # the series scored (the direct net leaves out those too short), as in every table
    train_part, val_part, test_part = split.parts(series[0])
    holdout = val_part if len(val_part) else train_part[-max(len(train_part) // 5, 1) :]
    fit_part = train_part if len(val_part) else train_part[: -len(holdout)]
    season = None if dataset is None else (resolved.season, resolved.season_how)
    base, base_info = make_baselines(fit_part, holdout, cfg, notes, season, min(sp.train_end for sp in t.splits))
    for f in base.values():  # every series' own mean, AR coefficients: from its training part
        f.fit([s[: sp.train_end] for s, sp in zip(t.series, t.splits, strict=True)])
    forecasters = {t.name: t.forecaster, **base}
    ends = np.array([sp.val_end for sp in t.splits], dtype=np.int64)
    at = forecast_at(forecasters, t.series, ends, w.horizon)
    filled = filled_of(dataset, t.ids)  # each scored series' filled values (calibration and scores leave them out)
    # Conformal bands from rolling origins inside each series' known part (never the test part)
    intervals, iv_notes = calibrate_all(forecasters, t.series, ends, w.horizon, cfg.eval, ids=t.ids,
                                           period=base_info.get("period") or 1, filled=filled)
    notes.extend(iv_notes)
    scored, n_filled = without_filled(at, filled)  # what is scored: the test part's measured truths
    if n_filled:
        notes.append(scores_note(n_filled, scored.truth, "the test part"))
    forecasts = {name: v[0] for name, v in at.forecasts.items()}  # the first series' (horizon, F)
    truth = test_part[: w.horizon]
    notes.extend(extreme_notes_of(t, dataset))  # before scoring: metrics.json's notes carry them too
    notes.extend(rare_driver_notes_of(t, dataset, w.test_len, w.horizon))  # a backtest: every origin's steps
    metrics = evaluate_forecasts({k: v[None] for k, v in forecasts.items()}, cfg, notes, series=t.series[0],
                                 split=split, origins=np.array([split.val_end]),
                                 nets=t.checked, baselines=base_info, filled=filled[0] if filled else None)
    metrics["train"] = t.train_info
    if len(t.series) > 1:  # the headline pools every series; the first series' table moves aside
        _pool_every_series(metrics, t, scored, at, dataset, cfg, base_info, notes)
    scales = np.array([seasonal_scale(s[:e], base_info.get("period") or 1)
                       for s, e in zip(t.series, ends, strict=True)])  # MSIS's, a series
    attach(metrics, score_all(scored.forecasts, scored.truth, scored.series, intervals, cfg.eval.levels,
                                    scales), intervals, len(t.series))
    if getattr(dataset, "targets", ()) and len(t.series) > 1:  # each target's coverage beside its errors
        target_intervals(metrics, scored, t.ids, dataset, intervals, cfg.eval.levels, scales)
    notes.extend(n for n in metrics["notes"] if n not in notes)  # under-covering bands, if any
    # The future's bands: the test part's errors, honest (held out), once it has been scored
    saved = {k: held_out(c, scored.forecasts[k], scored.truth, t.series) for k, c in intervals.items()} if final_model else {}
    notes.extend(attach_saved(metrics, saved))  # [] in a backtest: no saved model
    if dataset is not None:  # and the scale of every series fitted, the unscored too (Conformal.covering):
        # a model saved by `wavecast run` scaled them by the values given, after load only their tails
        saved = {k: c.covering(list(dataset.ids), list(dataset.values)) for k, c in saved.items()}
    final = t.refit() if t.refit is not None and final_model else None
    if final_model and dataset is not None:  # the saved model forecasts each series from its own end
        from .forecast_checks import early_ends_note

        late = early_ends_note(dataset)
        if late:
            notes.append(late)
    seconds, bare = {"train": t.seconds}, {}
    if drivers_check.applies(cfg, dataset, final_model, dist):  # after the final model: nothing it draws moves
        seconds["without_drivers"], bare = drivers_check.check(cfg, dataset, t, scored, metrics, notes, step,
                                                               resolved.season, drivers_given(cfg, dataset))
    if driver_importance.applies(cfg, dataset, t.forecaster, final_model, dist):  # copies of the net: nothing moves
        seconds["driver_importance"] = driver_importance.measure(cfg, dataset, t, scored, metrics)
    # each finding's advice in the keys of this run's net (and to try without its drivers)
    advise(metrics, cfg.model.kind, cfg.window.input_len, drivers_given(cfg, dataset))
    first = dataset.ids.index(t.ids[0]) if dataset is not None else 0
    seconds.update({"evaluate": time.perf_counter() - t_eval - seconds.get("without_drivers", 0.0)
                    - seconds.get("driver_importance", 0.0),
                    "total": time.perf_counter() - t_start})
    return ExperimentResult(cfg, t.series[0], split, t.scaler, t.net, t.history, forecasts, truth, metrics, notes,
                            seconds, forecasters=forecasters, dataset=dataset, scalers=t.scalers,
                            prepared=t.prepared, at=at, final=final, intervals=intervals, first=first,
                            saved_intervals=saved, panel=list(t.series), ids=list(t.ids),
                            splits=list(t.splits), without_drivers=bare)


def _pool_every_series(metrics: dict, t, scored, at, dataset, cfg: Config, base_info: dict, notes: list[str]) -> None:
    """The headline of a run of many series: every series pooled (metrics["all_series"]), by
    target with several, and the forecast checks on every series; the first series' table
    moves aside (metrics["first_series"])."""
    scales = mase_scales(t.series, [sp.train_end for sp in t.splits], base_info["period"])
    metrics["all_series"] = pooled_scores(scored, t.ids, ranked_by=t.name, scales=scales)
    in_users_order(metrics["all_series"], dataset)  # scored in the ids' order, listed in the user's
    said = mase_note(metrics["all_series"], dict(zip(t.ids, series_names(dataset, list(t.ids)), strict=True)).get)
    if said:  # its series' MASE is no number: the pooled figure is over the others, said so
        notes.append(said)
        metrics["notes"].append(said)
    if getattr(dataset, "targets", ()):  # several targets: each pooled over its ids
        by_target(metrics, scored, t.ids, dataset, scales)
    pool_headline(metrics, t.ids[0], cfg, metrics["tolerance"]["mse"])
    if getattr(dataset, "targets", ()):  # the first series in the user's words, beside its key
        from .data.targets import id_and_target

        metrics["first_series"]["series"], metrics["first_series"]["target"] = id_and_target(dataset, t.ids[0])
    # the forecast checks on every series, said with how many and which (not the first's alone)
    from .data.targets import check_names

    # messages in the user's words: its id and target (or one series' targets), not the key
    names, unit = check_names(dataset, t.ids)
    pool_diagnostics(metrics, at, t.series, t.splits, t.ids, base_info["names"], cfg.eval, names=names,
                     unit=unit, rank=users_places(dataset, t.ids))

