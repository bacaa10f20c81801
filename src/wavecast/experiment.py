"""run(cfg) -> ExperimentResult: the pipeline, in order; save(result, out) writes its files.

    series -> split_in_time -> Scaler.fit(train only) -> windows -> build_model -> train
    -> forecasters {net, baselines} -> free-running forecast of the test part -> scores
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from . import drivers_check
from .config import Config, override, to_dict
from .data.signals import noisy_sine, sine, sum_of_sines
from .data.source import read_dataset
from .data.windows import Scaler, Split, as_2d
from .defaults import resolve
from .errors import SeriesTooShort, ValidationError
from .evaluate import intervals as iv
from .evaluate.diagnose_many import pool_diagnostics
from .evaluate.diagnostics import advise, drivers_named
from .evaluate.filled import (
    SCORES_NOTE,
    filled_of,
    filled_truths,
    mask_truth,
    scores_note,
    without_filled,
)
from .evaluate.forecast_at import forecast_at
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
from .forecasters import baselines as bl
from .forecasters.theta import Theta
from .future import future_of_first
from .io.modelfile import save_model
from .steps import _train_direct, _train_recursive, too_short, too_short_recursive
from .words import series_counted


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
    # part too (evaluate.intervals.held_out); `intervals` (before the test) are the ones scored
    saved_intervals: dict = field(default_factory=dict)
    panel: list = field(default_factory=list)  # every series scored, (N_i, F), `series` first: the forecasters' order
    ids: list = field(default_factory=list)  # the ids of `panel`, in its order
    splits: list = field(default_factory=list)  # the Split of each series of `panel`

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


def series_names(dataset, ids: list[str]) -> list[str]:
    """How notes name each series: "series 'a'", "series 'a' (target 'b')", or "the series 'y'"
    (one series without an id: its target column; "the Series" or "the array" when the user gave
    it no name; the signal without a file: "the signal")."""
    if dataset is None:
        return ["the signal" for _ in ids]
    if getattr(dataset, "targets", ()):
        from .data.targets import id_and_target

        return [f"series {sid!r} (target {tg!r})" for sid, tg in (id_and_target(dataset, k) for k in ids)]
    from .data.dataset import unnamed

    # an unnamed Series or an array: "the Series", never its internal column 'value'
    one = dataset.source if unnamed(dataset) else f"the series {dataset.target!r}"
    return [f"series {k!r}" if k else one for k in ids]


def _extreme_notes(t, dataset) -> list[str]:
    """Notes naming each scored series' extreme training values by time stamp and position."""
    from .evaluate.extremes import extreme_notes

    def at(i: int, pos: int) -> str:
        times = None if dataset is None else dataset.times[dataset.ids.index(t.ids[i])]
        if times is None or pos >= len(times):
            return f"point {pos + 1}"
        from .data.timeaxis import describe

        # quarters or ISO weeks named as the data wrote them ('2012Q3'), as forecasts write them
        return f"{describe(times[pos], getattr(dataset, 'time_text', ''))} (point {pos + 1} of the series)"

    return extreme_notes([s[:, 0] for s in t.series], [sp.train_end for sp in t.splits],
                         series_names(dataset, list(t.ids)), at)


def _rare_driver_notes(t, dataset, steps: int) -> list[str]:
    """Notes naming a future covariate the scored net was hardly trained on at its held-out values
    (the `steps` after each series' known part: a run's horizon, a backtest's every origin's)."""
    cov = getattr(dataset, "covariates", None)
    if cov is None or not cov.future:
        return []
    from .evaluate.covariate_range import rare_driver_notes

    cols = [cov.columns.index(c) for c in cov.future]
    rows = [cov.values[dataset.ids.index(k)][:, cols] for k in t.ids]
    return rare_driver_notes(list(cov.future), rows, [sp.val_end for sp in t.splits], steps,
                             series_names(dataset, list(t.ids)))


def _drivers(cfg: Config, dataset) -> tuple[str, ...]:
    """The covariates the run was given, as its flags, for the advice to try without them: the
    config's, or those read into the dataset (wavecast.fit's keywords), not the other targets'."""
    d = cfg.data
    cov = getattr(dataset, "covariates", None)
    if d.past or d.future or d.static or d.calendar or d.holidays or cov is None:
        return drivers_named(d.past, d.future, d.calendar, d.holidays, d.static)
    past = tuple(c for c in cov.past if "->" not in c or not getattr(dataset, "targets", ()))
    return drivers_named(past, cov.future, bool(cov.calendar), static=tuple(cov.static))


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
    step = _train_direct if cfg.model.kind == "direct" else _train_recursive
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
    intervals, iv_notes = iv.calibrate_all(forecasters, t.series, ends, w.horizon, cfg.eval, ids=t.ids,
                                           period=base_info.get("period") or 1, filled=filled)
    notes.extend(iv_notes)
    scored, n_filled = without_filled(at, filled)  # what is scored: the test part's measured truths
    if n_filled:
        notes.append(scores_note(n_filled, scored.truth, "the test part"))
    forecasts = {name: v[0] for name, v in at.forecasts.items()}  # the first series' (horizon, F)
    truth = test_part[: w.horizon]
    notes.extend(_extreme_notes(t, dataset))  # before scoring: metrics.json's notes carry them too
    notes.extend(_rare_driver_notes(t, dataset, w.test_len))  # a backtest: every origin's steps
    metrics = evaluate_forecasts({k: v[None] for k, v in forecasts.items()}, cfg, notes, series=t.series[0],
                                 split=split, origins=np.array([split.val_end]),
                                 nets=t.checked, baselines=base_info, filled=filled[0] if filled else None)
    metrics["train"] = t.train_info
    if len(t.series) > 1:  # the headline pools every series; the first series' table moves aside
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
    scales = np.array([iv.seasonal_scale(s[:e], base_info.get("period") or 1)
                       for s, e in zip(t.series, ends, strict=True)])  # MSIS's, a series
    iv.attach(metrics, iv.score_all(scored.forecasts, scored.truth, scored.series, intervals, cfg.eval.levels,
                                    scales), intervals, len(t.series))
    if getattr(dataset, "targets", ()) and len(t.series) > 1:  # each target's coverage beside its errors
        target_intervals(metrics, scored, t.ids, dataset, intervals, cfg.eval.levels, scales)
    notes.extend(n for n in metrics["notes"] if n not in notes)  # under-covering bands, if any
    # The future's bands: the test part's errors, honest (held out), once it has been scored
    saved = {k: iv.held_out(c, scored.forecasts[k], scored.truth, t.series) for k, c in intervals.items()} if final_model else {}
    notes.extend(iv.attach_saved(metrics, saved))  # [] in a backtest: no saved model
    if dataset is not None:  # and the scale of every series fitted, the unscored too (Conformal.covering):
        # a model saved by `wavecast run` scaled them by the values given, after load only their tails
        saved = {k: c.covering(list(dataset.ids), list(dataset.values)) for k, c in saved.items()}
    final = t.refit() if t.refit is not None and final_model else None
    if final_model and dataset is not None:  # the saved model forecasts each series from its own end
        from .forecast_checks import early_ends_note

        late = early_ends_note(dataset)
        if late:
            notes.append(late)
    seconds = {"train": t.seconds}
    if drivers_check.applies(cfg, dataset, final_model, dist):  # after the final model: nothing it draws moves
        seconds["without_drivers"] = drivers_check.check(cfg, dataset, t, scored, metrics, notes, step, resolved.season,
                                                         _drivers(cfg, dataset))
    # each finding's advice in the keys of this run's net (and to try without its drivers)
    advise(metrics, cfg.model.kind, cfg.window.input_len, _drivers(cfg, dataset))
    first = dataset.ids.index(t.ids[0]) if dataset is not None else 0
    seconds.update({"evaluate": time.perf_counter() - t_eval - seconds.get("without_drivers", 0.0),
                    "total": time.perf_counter() - t_start})
    return ExperimentResult(cfg, t.series[0], split, t.scaler, t.net, t.history, forecasts, truth, metrics, notes,
                            seconds, forecasters=forecasters, dataset=dataset, scalers=t.scalers,
                            prepared=t.prepared, at=at, final=final, intervals=intervals, first=first,
                            saved_intervals=saved, panel=list(t.series), ids=list(t.ids),
                            splits=list(t.splits))


@dataclass
class BacktestResult:
    config: Config  # the run's config (test part lengthened to hold every origin)
    metrics: dict
    origins: np.ndarray  # (B,)
    seconds: dict[str, float]  # each forecaster's fit + predict time over all origins
    train_seconds: float
    notes: list[str]
    result: Any = None  # the first training's ExperimentResult (its series, split, dataset: the report's)
    n_trainings: int = 1  # the net's trainings: 1, or one a group of refit_every origins, or (refit, the
    # direct net) the first and one before each origin
    forecasts: dict = field(default_factory=dict)  # name -> (B, horizon, F): each origin's forecast, data units
    series: Any = None  # every series backtested: (B,) each row's series, an index into result.ids; None: one
    without_drivers_seconds: float | None = None  # the drivers check's backtest without covariates; None: not made


def run_backtest(cfg: Config, n_origins: int, stride: int = 1, refit: bool = False,
                 on_epoch=None, refit_every: int = 0, dataset=None) -> BacktestResult:
    """_run_backtest on train.threads torch threads (and BLAS's), the caller's restored after:
    run() trains on them, but the refits before each origin (--refit) ran after it returned, on
    the process's default: on a busy 2-core machine a 100-point series' backtest(origins=2,
    refit=True) took 19.0 s on 2 threads, 3.3 s on train.threads=1, and its numbers were not
    those of the threads configured (LSTM MAE 0.223571 vs 0.223482)."""
    from .training.threads import torch_threads

    with torch_threads(cfg.train.threads, blas=True):
        return _run_backtest(cfg, n_origins, stride, refit, on_epoch, refit_every, dataset)


def _run_backtest(cfg: Config, n_origins: int, stride: int = 1, refit: bool = False,
                  on_epoch=None, refit_every: int = 0, dataset=None) -> BacktestResult:
    """_backtest, then with covariates the drivers check: the same backtest (its config, seed,
    origins, stride and refits) without them, its net's rows beside the net's (drivers_check)."""
    if isinstance(refit_every, bool) or not isinstance(refit_every, int) or refit_every < 0:
        raise ValidationError(f"refit_every must be an integer >= 0 (got {refit_every!r})")
    dataset = dataset if dataset is not None else read_dataset(cfg)
    bt = _backtest(cfg, n_origins, stride, refit, on_epoch, refit_every, dataset)
    drivers = _drivers(bt.config, dataset)
    if drivers_check.wanted(bt.config, dataset):  # bt.config: the backtest's, its test part lengthened
        def rerun(bare) -> BacktestResult:
            return _backtest(bt.config, n_origins, stride, refit, None, refit_every, bare, bands=False)

        bt.without_drivers_seconds = drivers_check.backtest_check(bt, dataset, rerun, drivers)
    # each finding's advice in the keys of this backtest's net (and to try without its drivers)
    advise(bt.metrics, bt.config.model.kind, bt.config.window.input_len, drivers)
    return bt


def _backtest(cfg: Config, n_origins: int, stride: int, refit: bool, on_epoch, refit_every: int,
              dataset, bands: bool = True) -> BacktestResult:
    """Forecast from the last n_origins origins (stride apart) after the training part with
    every forecaster, and score them all like run() does.

    Data of many series: every series the run scores is forecast from its own last n_origins
    origins (end-aligned, as the run's splits are: each series' j-th origin as far from its own
    end), one batched call a forecaster and model (panel_backtest.py); scores pooled over series
    and origins, one row a series in all_series.per_series. One series: the origins roll over it
    (evaluate.backtest).

    refit: fit a copy of every forecaster before each origin on every series of the run,
    each cut as far from its end as the origin: the baselines' and the recursive net's
    per-series state (its weights stay); the direct net is trained again, its transforms and
    covariate scalers included, and forecasts the origin's horizon with the future covariates
    of the data. refit_every: 0 trains the net once and forecasts every origin in one batched
    rollout; k >= 1 trains it again (the whole run, on the data before the origin) every k
    origins.

    bands: score the bands wavecast.fit's saved model would have given at the first origin
    (_held_out_bands: a second run, fitted one horizon earlier); False (the drivers check's
    rerun, whose bands are not scored) keeps the in-sample ones.
    """
    from .evaluate.backtest import backtest, origins_for
    from .panel_backtest import n_trainings, note_renamed, renamed_notes
    from .steps import scores_only

    given, cfg = cfg, resolve(cfg, dataset).config  # given: an input_len left unset is derived again below
    if refit and cfg.model.kind != "direct" and getattr(dataset, "covariates", None) is not None:
        raise ValidationError("backtest --refit with covariates is supported for the direct net only (the default "
                              "for data files); use --refit-every K with model.kind=recursive")
    w = cfg.window
    need = w.horizon + stride * (n_origins - 1)
    notes = []
    if need > w.test_len:
        if given.window.input_len is None:  # the default is capped to fit before the test part: the backtest's
            cfg = resolve(override(given, f"window.test_len={need}"), dataset).config
        cfg = override(cfg, f"window.test_len={need}")
        derived = (f"; input_len {cfg.window.input_len}, derived for it (was {w.input_len})"
                   if cfg.window.input_len != w.input_len else "")
        notes.append(f"test part lengthened from {w.test_len} to {need} samples to hold "
                     f"{n_origins} origins {stride} apart (window.test_len={need}){derived}")
    try:
        result = run(cfg, on_epoch=on_epoch, dataset=dataset, final=False)
    except SeriesTooShort as exc:  # its advice in the backtest's terms: it set window.test_len itself
        own = given.window.test_len or 0  # the user's window.test_len; 0: left to the default (the horizon)
        if isinstance(exc.facts, tuple):  # the direct net's (steps.too_short)
            said = too_short(*exc.facts, backtest=(n_origins, stride, own))
        elif isinstance(exc.facts, dict):  # the recursive net's (data.check_lengths)
            said = too_short_recursive(exc.facts, w.horizon, n_origins, stride, own)
        else:
            raise
        raise SeriesTooShort(said, exc.facts) from None
    band_info = _held_out_bands(cfg, given, dataset, result, notes) if bands and result.intervals else None
    if len(getattr(dataset, "ids", None) or ()) > 1:
        from .panel_backtest import backtest_panel

        def retrain(test_len: int) -> ExperimentResult:  # the whole run, every series cut test_len before its end
            return run(override(cfg, f"window.test_len={test_len}"), on_epoch=on_epoch, dataset=dataset, final=False)

        notes = [*(scores_only(n) for n in result.notes if not n.startswith(("MASE", SCORES_NOTE))), *notes]
        pb = backtest_panel(result, cfg, n_origins, stride, dataset, notes, refit=refit, refit_every=refit_every,
                            retrain=retrain)
        pb.metrics["train"] = result.metrics.get("train")
        _record_bands(pb.metrics, band_info)
        return BacktestResult(cfg, pb.metrics, pb.origins, pb.seconds, result.train.seconds + pb.train_seconds,
                              pb.notes, result, pb.trainings, pb.forecasts, series=pb.rows)
    sp, series = result.split, result.series
    every = refit_every or n_origins
    all_origins = origins_for(len(series), w.horizon, n_origins, stride, sp.val_end)
    groups = [all_origins[g : g + every] for g in range(0, n_origins, every)]
    forecasts, seconds, train_seconds, renamed = {}, {}, result.train.seconds, {}
    for g, group in enumerate(groups):
        r = result
        if g > 0:  # trained again on everything before this group's first origin
            r = run(override(cfg, f"window.test_len={len(series) - int(group[0])}"), on_epoch=on_epoch,
                    dataset=dataset, final=False)
            train_seconds += r.train.seconds
            note_renamed(renamed, result.forecasters, r.forecasters)
        end = int(group[-1]) + w.horizon  # the group's last forecast ends here
        # A later run (a shorter test part) may score series the first left out as too short:
        # the backtested series is found in its order by id, not assumed first.
        row = r.ids.index(result.ids[0]) if r.ids and result.ids else 0
        for name, f in zip(result.forecasters, r.forecasters.values(), strict=True):
            bt = backtest(f, series[:end], w.horizon, len(group), stride, refit=refit,
                          context_len=f.context_len, first_origin=int(group[0]), panel=r.panel or None, row=row)
            forecasts.setdefault(name, []).append(bt.forecasts)
            seconds[name] = seconds.get(name, 0.0) + bt.seconds
    origins = all_origins
    forecasts = {k: np.concatenate(v) for k, v in forecasts.items()}  # (B, H, F)
    # The run's notes (baselines' set-up), less the MASE note that evaluation adds again and the
    # count of filled truths of its held-out end (the backtest's own follows).
    notes = [*(scores_only(n) for n in result.notes if not n.startswith(("MASE", SCORES_NOTE))), *notes]
    if refit:
        what = ("the direct net trained again, its transforms and covariate scalers refitted" if cfg.model.kind ==
                "direct" else "the network's scalers refitted, its weights not retrained")
        notes.append(f"every forecaster refitted before each origin on the data before it ({what}; "
                     f"{len(result.panel) or 1} series, each cut where the first is)")
    if refit_every:
        notes.append(f"the network trained {len(groups)} times: again every {refit_every} origin(s), "
                     "each time on the data before the origin")
    notes.extend(renamed_notes(renamed))
    net_name = next(iter(result.forecasters))
    net_f = result.forecasters[net_name]  # the one-step checks: NetForecaster's (not the direct net, nor
    nets = {net_name: net_f} if hasattr(net_f, "predict_one_step") else {}  # the one reading covariates)
    mask = (filled_of(dataset, result.ids[:1]) or [None])[0]  # the backtested series' filled values, or None
    rows = np.zeros(len(origins), dtype=np.int64)
    # the truths scored: the filled ones NaN, left out of every score below
    truth, n_filled = mask_truth(series[origins[:, None] + np.arange(w.horizon)],
                                 filled_truths(None if mask is None else [mask], rows, origins, w.horizon))
    if n_filled:
        notes.append(scores_note(n_filled, truth, "the backtest's forecasts"))
    metrics = evaluate_forecasts(forecasts, cfg, notes, series=series, split=sp, origins=origins,
                                 nets=nets, baselines=result.metrics["baselines"], filled=mask)
    if result.intervals:  # the saved model's kind of bands at the first origin (_held_out_bands), around every forecast
        scale = iv.seasonal_scale(series[: sp.val_end], result.metrics["baselines"].get("period") or 1)
        # the run's held-out end's under-coverage note is replaced by the backtest's own
        notes[:] = iv.without_coverage_notes(notes)
        metrics["notes"] = iv.without_coverage_notes(metrics.get("notes", []))
        iv.attach(metrics, iv.score_all(forecasts, truth, rows, result.intervals, cfg.eval.levels,
                                        np.array([scale])), result.intervals, 1)
        notes.extend(n for n in metrics["notes"] if n not in notes)
    from .data.targets import id_and_target

    ids = result.prepared.ids if result.prepared is not None else (result.metrics.get("first_series") or {}).get("id")
    first_id = ids[0] if isinstance(ids, list) and ids else ids
    first_id, first_target = id_and_target(dataset, first_id)  # the user's id and target, not the panel's key
    trainings = n_trainings(len(groups), refit, cfg.model.kind, n_origins)
    metrics["backtest"] = {"origins": n_origins, "stride": stride, "refit": refit, "refit_every": refit_every,
                           "series": first_id, **({"target": first_target} if first_target is not None else {}),
                           "trainings": trainings, "first_origin": int(origins[0]),
                           "last_origin": int(origins[-1])}
    metrics["train"] = result.metrics.get("train")
    _record_bands(metrics, band_info)
    return BacktestResult(cfg, metrics, origins, seconds, train_seconds, notes, result, trainings, forecasts)


def _held_out_bands(cfg: Config, given: Config, dataset, result: ExperimentResult, notes: list[str]) -> dict:
    """Put in result.intervals the bands wavecast.fit's saved model would have given at the
    backtest's first origin (evaluate.backtest_bands): the in-sample bands of the same run fitted
    one horizon earlier, re-decided by intervals.held_out on its errors over the horizon before
    that origin, which it never saw; a note in `notes`. The in-sample bands alone covered 70.0% /
    88.4% of 4-origin backtests of M3 quarterly panels of 20 series at 80% / 95% (docs/evaluation.md,
    "Backtest bands"). given: the backtest's config as given; an input_len it left unset is derived
    for that run's own test part, as wavecast.fit on the data before the first origin derives its
    own (the backtest's, derived for its shorter test part, left 7 of 29 single M3 quarterly series
    no room). Series too short for that run keep the in-sample bands, said. Returns
    metrics.intervals.backtest_bands's record."""
    import torch

    from .evaluate.backtest_bands import shadow_bands

    h, t0 = cfg.window.horizon, time.perf_counter()
    try:  # torch's global generator as it was after: the backtest's own training draws what it drew without it
        with torch.random.fork_rng(devices=[]):  # (_run: run_backtest holds train.threads already; not
            # one of the backtest's forecasting runs that metrics.backtest.trainings counts)
            longer = f"window.test_len={cfg.window.test_len + h}"
            own = resolve(override(given, longer), dataset).config if given.window.input_len is None else cfg
            shadow = _run(override(own, longer), None, None, dataset, None, final_model=False)
    except SeriesTooShort:
        notes.append(f"the backtest's intervals are in-sample ones (rolling origins inside the part the forecasters "
                     f"were fitted on: optimistic, narrower than wavecast.fit's saved bands): the series are too short "
                     f"for a run fitted {h} points before the first origin, whose errors there would size them as "
                     "the saved bands are sized")
        return {"source": "in-sample", "how": "too short for a run fitted one horizon before the first origin"}
    known = [s[: sp.val_end] for s, sp in zip(result.panel, result.splits, strict=True)]
    made = shadow_bands(result.intervals, shadow, result.ids, known)
    result.intervals = {k: made.get(k, c) for k, c in result.intervals.items()}
    net = made.get(next(iter(result.forecasters)))
    k = getattr(net, "stretch_", None) if net is not None else None
    n, n_all = len(shadow.ids), len(result.ids)
    earlier = f"the same run fitted {h} points before the first origin"
    if net is None:
        how = f"{earlier}: its own bands, re-decided on its errors over the {h} points before the first origin"
    elif net.made_ == "widened":
        how = (f"this run's in-sample bands widened {k or 1:.2f}x, as much as the errors of {earlier} ({n} of "
               f"{n_all} series; the rest too short for it) over the {h} points before that origin, which it "
               "never saw, exceeded its in-sample bands")
    elif net.source == "held-out":
        how = (f"the quantiles of the errors of {earlier} ({series_counted(n, ())}) over the {h} points before "
               "that origin, which it never saw (out of sample)")
    elif k:
        how = (f"the in-sample bands of {earlier}, widened {k:.2f}x by its larger errors over the {h} points "
               "before that origin, which it never saw")
    else:
        how = (f"the in-sample bands of {earlier}, not widened: its errors over the {h} points before that "
               "origin, which it never saw, were no larger than in sample")
    notes.append(f"the backtest's intervals are made as wavecast.fit's saved ones: {how}; scored around this "
                 "backtest's forecasts")
    return {"source": "held-out" if net is not None and net.source == "held-out" else "in-sample",
            "made": getattr(net, "made_", None), "stretch": k, "n_series": n, "test_len": cfg.window.test_len + h,
            "how": how, "seconds": time.perf_counter() - t0}


def _record_bands(metrics: dict, info: dict | None) -> None:
    """metrics.intervals.backtest_bands: how the scored bands were made (_held_out_bands)."""
    if info and "intervals" in metrics:
        metrics["intervals"]["backtest_bands"] = info



def save_backtest(bt: BacktestResult, out: str | Path) -> Path:
    """report.html of a backtest (lead_time.png and coverage.png drawn first by the caller)."""
    from dataclasses import replace

    from .report import html as report_html

    r = replace(bt.result, config=bt.config, metrics=bt.metrics, notes=bt.notes)
    n = len(bt.origins)
    if bt.series is not None:  # every series: K origins each, at its own end
        k = bt.metrics["backtest"]["origins"]
        what = (f"{bt.config.window.horizon}-step forecasts from each series' last {k} origins "
                f"({panel_how(bt.metrics['backtest'], n)})")
    else:
        what = f"{bt.config.window.horizon}-step forecasts from {n} origins ({series_how(bt.metrics['backtest'])})"
    return report_html.write(r, out, [], time_axis(r), what=what)


def series_how(info: dict) -> str:
    """How a backtest of one series made its forecasts (metrics["backtest"] = info), in words."""
    trained = (f"the network trained {info['trainings']} times, again every {info['refit_every']} origin(s)"
               if info.get("refit_every") else "")
    if info.get("refit"):  # every origin's forecasters fitted again: not one rollout
        if not trained and info.get("trainings", 1) > 1:  # the direct net: trained again before each origin
            trained = f"the network trained {info['trainings']} times, once and again before each origin"
        return "every forecaster refitted before each origin" + (f"; {trained}" if trained else "")
    return trained or "one model, all origins in one batched rollout"


def panel_how(info: dict, n: int) -> str:
    """How a backtest of every series made its n forecasts (metrics["backtest"] = info), in words."""
    if info.get("refit"):
        how = "every forecaster refitted before each origin, every series forecast from it in one call"
        if info.get("refit_every"):
            return how + f"; the whole run trained {info['trainings']} times"
        return how + (f"; the network trained {info['trainings']} times, once and again before each origin"
                      if info.get("trainings", 1) > 1 else "")  # the direct net trained again before each
    if info.get("refit_every"):
        return (f"the whole run trained {info['trainings']} times, one model every {info['refit_every']} "
                f"origin(s), each forecasting every series from its origins in one batched rollout")
    return f"one model, all {n} forecasts in one batched rollout"


def lead_time_figure(path: str | Path, metrics: dict) -> Path:
    """Error by lead time of every forecaster in `metrics`, divergence horizons, noise floor."""
    from .report import figures as report

    # divergence dots only where the curve is a mean (many origins or series), not one forecast's noise
    many = metrics.get("n_origins", 1) > 1 or metrics.get("n_series")
    pooled = series_counted(metrics.get("n_series") or 0, metrics.get("targets") or ())  # one series' targets: "2 targets"
    return report.lead_time_figure(
        path, {k: v["by_lead"]["mse"] for k, v in metrics["forecasters"].items()},
        metrics.get("divergence_horizon") if many else None, metrics.get("noise_floor_mse"),
        title=(f"error by lead time, {pooled} x {metrics['n_origins']} origins pooled"
               if metrics.get("n_series") and metrics.get("n_origins", 1) > 1 else
               f"error by lead time, {pooled} pooled" if metrics.get("n_series")
               else f"error by lead time over {metrics.get('n_origins', 1)} origin(s)"),
    )


def coverage_figure(path: str | Path, metrics: dict) -> Path | None:
    """Interval coverage by lead time of every forecaster with intervals; None if none has, or
    when fewer than 20 forecasts a lead (one series, one origin: each point is 0 or 100%)."""
    from .report import figures as report

    cov = {k: {lv: s["by_lead"]["coverage"] for lv, s in v["intervals"].items()}
           for k, v in metrics["forecasters"].items() if v.get("intervals")}
    # forecasts a lead: at least the rows (origins x series) scored, which a lead's truths filled by
    # the reader and left out (evaluate.filled) do not lower (airquality: 276 of 280 truths, 19.7 a lead)
    per_lead = [max(s["n"] / max(len(s["by_lead"]["coverage"]), 1), s.get("rows", 0))
                for v in metrics["forecasters"].values() for s in (v.get("intervals") or {}).values()]
    if not cov or min(per_lead) < 20:
        return None
    n = (metrics.get("intervals") or {}).get("n_series", 1)
    return report.coverage_figure(path, cov, title=f"interval coverage by lead time, "
                                                   f"{series_counted(n, metrics.get('targets') or ())} x "
                                                   f"{metrics.get('n_origins', 1)} origin(s)")


def _first_bands(result: ExperimentResult) -> dict | None:
    """The net's bands around its test forecast of the first series: {level: (lo (H,), hi (H,))}."""
    name = next(iter(result.forecasters), None)
    conf = result.intervals.get(name) if result.intervals else None
    if conf is None or not result.config.eval.levels:
        return None
    point = result.forecasts[name][None]  # (1, H, F)
    bands = conf.bands(point, series=np.array([0]), levels=result.config.eval.levels)
    return {k: (lo[0, :, 0], hi[0, :, 0]) for k, (lo, hi) in bands.items()}


def save(result: ExperimentResult, out: str | Path) -> Path:
    """Write config.json, metrics.json, model/, the figures and report.html into `out`."""
    from .report import figures as report
    from .report import html as report_html

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    from .io.atomic import write_text  # each file whole or not at all (disk full, kill)
    from .io.jsonstream import write_json  # 10,000 series' rows: written in pieces, not one string

    write_text(out / "config.json", json.dumps(to_dict(result.config), indent=2) + "\n")
    write_json(out / "metrics.json", result.metrics)
    # wall times: kept out of metrics.json so that it is reproducible
    write_text(out / "timings.json", json.dumps(result.seconds, indent=2) + "\n")
    # The model before the figures: the run's most valuable file is on disk first, and its
    # model.json (10,000 series' tails: a 26 MB transient) no longer stacks on matplotlib.
    save_model(result, out / "model")  # weights.safetensors + model.json, never a pickle
    sp = result.split
    name = report_html.report_title(result) + _which_series(result)
    how = "whole horizon at once" if result.final is not None else "free-running"
    report.forecast_figure(
        out / "forecast.png",
        history=result.series[: sp.val_end, 0],
        truth=result.truth[:, 0],
        forecasts={k: v[:, 0] for k, v in result.forecasts.items()},
        start=sp.val_end,
        title=f"{name}: {len(result.truth)}-step forecast of the held-out part ({how})",
        time=time_axis(result),
        bands=_first_bands(result),
    )
    fut = future_of_first(result, time_axis(result))
    if fut is not None:  # the saved model's forecast past the end of the data, with its bands
        report.future_figure(out / "future.png", [fut["history"]], [fut["forecast"]], [""],
                             title=f"{name}: {len(fut['forecast'][1])}-step forecast past the end of the data",
                             bands=fut["bands"])
    direct = result.final is not None  # its loss: direct.loss on level-normalised, scaled windows
    report.loss_figure(out / "loss.png", result.train.history,
                       f"loss ({result.config.direct.loss.upper()}, scaled units)" if direct else "loss (MSE, scaled units)")
    lead_time_figure(out / "lead_time.png", result.metrics)
    coverage_figure(out / "coverage.png", result.metrics)
    extremes = extreme_figures(result, out)  # many series: the net's best and worst series
    report_html.write(result, out, extremes, time_axis(result))  # out/report.html, one page
    return out


def extreme_figures(result, out: Path) -> list[tuple[Path, str]]:
    """Forecast figures of the net's best and worst series (by test MSE), from the run's own
    forecasts of every series: [(png path, caption)]."""
    from .data.targets import id_and_target, said
    from .report import figures as report

    a = result.metrics.get("all_series") or {}
    at, prep = result.at, result.prepared
    if not a.get("best") or at is None or prep is None:
        return []
    figs = []
    for which in ("best", "worst"):
        sid = a[which]
        i = prep.ids.index(sid)
        s, sp = prep.series[i], prep.splits[i]
        t = None if prep.dataset is None or prep.dataset.times[i] is None else np.asarray(prep.dataset.times[i])
        png = out / f"series_{which}.png"
        mse = next(r["mse"][a["ranked_by"]] for r in a["per_series"] if r["id"] == sid)
        user_id, target = id_and_target(prep.dataset, sid)  # the user's words, not the panel's key
        report.forecast_figure(png, history=s[: sp.val_end, 0], truth=at.truth[i, :, 0],
                               forecasts={k: v[i, :, 0] for k, v in at.forecasts.items()},
                               start=sp.val_end, time=t,
                               title=f"{which} {said(user_id, target)}: {a['ranked_by']} MSE {mse:.4g}")
        who = f"id {user_id!r}" + (f", target {target!r}" if target is not None else "")
        figs.append((png, f"The {which} series of {a['n_series']} for {a['ranked_by']} "
                          f"({who}, test MSE {mse:.4g}), beside the baselines"))
    return figs


def _which_series(result) -> str:
    """' series 'a' (1 of 50)' when the run read many series (its figures show the first scored)."""
    ds = result.dataset
    if ds is None or len(ds.ids) < 2:
        return ""
    from .data.targets import id_and_target, said

    first = getattr(result, "first", 0)
    return f", {said(*id_and_target(ds, ds.ids[first]))} ({first + 1} of {len(ds.ids)})"


def time_axis(result):
    """The first series' time stamps for the figures, or None (sample numbers)."""
    ds = result.dataset
    i = getattr(result, "first", 0)
    return None if ds is None or ds.times[i] is None else np.asarray(ds.times[i])
