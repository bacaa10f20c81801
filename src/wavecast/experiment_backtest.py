"""The backtest of a run (experiment.py): forecasts from the last n origins of every series the
run scores, with every forecaster, scored as the run scores its test part; with covariates, the
same backtest without them beside it (drivers_check). Its bands are made as the saved model's are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import drivers_check
from .config import Config, override
from .data.source import read_dataset
from .defaults import resolve
from .errors import SeriesTooShort, ValidationError
from .evaluate.advice import advise
from .evaluate.band_scores import score_all, seasonal_scale
from .evaluate.filled import SCORES_NOTE, filled_of, filled_truths, mask_truth, scores_note
from .evaluate.interval_metrics import attach, without_coverage_notes
from .evaluate.scoring import evaluate_forecasts
from .experiment import ExperimentResult, run
from .experiment_backtest_bands import record_bands, saved_model_bands
from .experiment_notes import drivers_given
from .steps_lengths import (
    kept_input_len,
    most_origins,
    most_origins_recursive,
    too_short,
    too_short_recursive,
)


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
    drivers = drivers_given(bt.config, dataset)
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
    (saved_model_bands: a second run, fitted one horizon earlier); False (the drivers check's
    rerun, whose bands are not scored) keeps the in-sample ones.
    """
    from .panel_backtest import n_trainings, renamed_notes
    from .steps import scores_only

    given, cfg = cfg, resolve(cfg, dataset).config  # given: an input_len left unset is derived again below
    if refit and cfg.model.kind != "direct" and getattr(dataset, "covariates", None) is not None:
        raise ValidationError("backtest --refit with covariates is supported for the direct net only (the default "
                              "for data files); use --refit-every K with model.kind=recursive")
    w = cfg.window  # its horizon: the lengthened test part keeps it
    cfg, result, notes = _first_run(cfg, given, n_origins, stride, on_epoch, dataset)
    band_info = saved_model_bands(cfg, given, dataset, result, notes) if bands and result.intervals else None
    if len(getattr(dataset, "ids", None) or ()) > 1:
        from .panel_backtest import backtest_panel

        def retrain(test_len: int) -> ExperimentResult:  # the whole run, every series cut test_len before its end
            return run(override(cfg, f"window.test_len={test_len}"), on_epoch=on_epoch, dataset=dataset, final=False)

        notes = [*(scores_only(n) for n in result.notes if not n.startswith(("MASE", SCORES_NOTE))), *notes]
        pb = backtest_panel(result, cfg, n_origins, stride, dataset, notes, refit=refit, refit_every=refit_every,
                            retrain=retrain)
        pb.metrics["train"] = result.metrics.get("train")
        record_bands(pb.metrics, band_info)
        return BacktestResult(cfg, pb.metrics, pb.origins, pb.seconds, result.train.seconds + pb.train_seconds,
                              pb.notes, result, pb.trainings, pb.forecasts, series=pb.rows)
    sp, series = result.split, result.series
    origins, groups, forecasts, seconds, train_seconds, renamed = _rolled(
        result, cfg, n_origins, stride, refit, refit_every, on_epoch, dataset)
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
    if result.intervals:  # the saved model's kind of bands at the first origin (saved_model_bands), around every forecast
        scale = seasonal_scale(series[: sp.val_end], result.metrics["baselines"].get("period") or 1)
        # the run's held-out end's under-coverage note is replaced by the backtest's own
        notes[:] = without_coverage_notes(notes)
        metrics["notes"] = without_coverage_notes(metrics.get("notes", []))
        attach(metrics, score_all(forecasts, truth, rows, result.intervals, cfg.eval.levels,
                                        np.array([scale]), origins), result.intervals, 1)
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
    record_bands(metrics, band_info)
    return BacktestResult(cfg, metrics, origins, seconds, train_seconds, notes, result, trainings, forecasts)


def _first_run(cfg: Config, given: Config, n_origins: int, stride: int, on_epoch, dataset
               ) -> tuple[Config, ExperimentResult, list[str]]:
    """The run a backtest forecasts from: its test part lengthened to hold every origin (said in
    a note; an input_len left unset in `given` derived again for it), a series too short for it
    said in the backtest's terms. -> (its config, the run, the notes)."""
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
        if isinstance(exc.facts, tuple):  # the direct net's (steps_lengths.too_short)
            said = too_short(*exc.facts, backtest=(n_origins, stride, own))
            lengths, lag, horizon, _, season = exc.facts
            fit = most_origins(max(lengths), w.input_len, horizon, season, stride, own)
        elif isinstance(exc.facts, dict):  # the recursive net's (data.check_lengths)
            said = too_short_recursive(exc.facts, w.horizon, n_origins, stride, own)
            lag, fit = exc.facts["input_len"], most_origins_recursive(exc.facts, w.input_len, w.horizon, stride, own)
        else:
            raise
        # the default input_len shrank for the lengthened test part: how many origins keep a run's
        raise SeriesTooShort(said + kept_input_len(lag, w.input_len, fit, n_origins), exc.facts) from None
    return cfg, result, notes


def _rolled(result: ExperimentResult, cfg: Config, n_origins: int, stride: int, refit: bool, refit_every: int,
            on_epoch, dataset) -> tuple:
    """One series' backtest: the origins roll over it (evaluate.backtest), the net trained again
    on the data before every refit_every-th origin (0: once). -> (origins (B,), the groups of
    origins, forecasts by name (B, H, F), seconds by name, training seconds, renamed)."""
    from .evaluate.backtest import backtest, origins_for
    from .panel_backtest import note_renamed

    w, sp, series = cfg.window, result.split, result.series
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
    return origins, groups, forecasts, seconds, train_seconds, renamed
