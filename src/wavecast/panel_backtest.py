"""run_backtest on a panel: every scored series backtested at its own last origins, one batched
forecast a forecaster (and a model), scored pooled and per series.

    series i:  part fitted on (train, validation) | test part: o_i1 ... o_iK
               o_iK + horizon = N_i (each series' own end); o_i1 >= the end of the part fitted on

The origins are end-aligned, as the run's splits are: every series' j-th origin lies the same
d_j = horizon + stride (K - j) points before its own end. So a model trained again "on the data
before the origin" (every series cut d_j before its end) serves every series' j-th origin:

    trained once        the run's forecasters, all K origins of every series in one call
    refit_every k       the origins in groups of k; before each group but the first the whole
                        run trained again on the data before the group's first origin, then
                        every series forecast from its origins in the group in one call
    refit               before each origin j, a copy of every forecaster fitted on every series
                        cut d_j before its end (evaluate.backtest's refit), then every series
                        forecast from its j-th origin in one call

experiment.run_backtest calls it on data with more than one series; the one-series backtest
stays evaluate.backtest's.
"""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass

import numpy as np

from .errors import ValidationError
from .evaluate.backtest import cut_panel, origins_for, panel_origins
from .evaluate.band_scores import score_all, seasonal_scale
from .evaluate.diagnose_many import pool_diagnostics
from .evaluate.filled import filled_of, scores_note, without_filled
from .evaluate.forecast_at import Forecasts, forecast_at
from .evaluate.interval_metrics import attach, without_coverage_notes
from .evaluate.metrics import mase_scales, per_origin
from .evaluate.pooled import (
    by_target,
    in_users_order,
    pool_headline,
    pooled_scores,
    target_intervals,
    users_places,
)
from .evaluate.scoring import evaluate_forecasts
from .words import series_counted


@dataclass
class PanelBacktest:
    metrics: dict
    forecasts: dict  # name -> (B, horizon, F), data units; rows: series by series, origins in order
    rows: np.ndarray  # (B,) each row's series: an index into ids (the run's scored series)
    origins: np.ndarray  # (B,) each row's origin in its own series
    seconds: dict  # name -> seconds of its batched forecasts (and of its refits' fits, with refit)
    notes: list
    trainings: int = 1  # the net's trainings: a run a group of origins (refit_every), and with refit the
    # direct net's before each origin (n_trainings)
    train_seconds: float = 0.0  # the training time of the runs after the first (refit_every)


def backtest_panel(result, cfg, n_origins: int, stride: int, dataset, notes: list[str], refit: bool = False,
                   refit_every: int = 0, retrain=None) -> PanelBacktest:
    """Forecast every series of the run (result: experiment.ExperimentResult, its test part
    lengthened to hold the origins) from its own last n_origins origins and score them.

    Series without room for every origin after the part they were fitted on are left out, with
    a note that counts and names them (the series the run itself left out as too short are in
    the run's own note, passed in `notes`, and not counted again). `notes`
    gets what was backtested; metrics follow run()'s many-series layout: the pooled table in
    "forecasters", one row a series in all_series.per_series, the first series' own table in
    first_series, backtest.per_origin naming each row's series and origin.

    refit_every k >= 1: the origins in groups of k (origin j of every series in the same group);
    before each group but the first, retrain(d) (d: the group's first origin's distance from
    each series' end) returns the whole run trained again with a test part of d (each series
    cut there), whose forecasters forecast every series from its origins in the group.
    refit: before each origin, a copy of every forecaster (the run's, or the group's run's) is
    fitted on every series of its run cut at that origin's distance from its end, and forecasts
    every series from that origin. Either way each call forecasts all the series at once.
    """
    from .data.targets import check_names, id_and_target

    w = cfg.window
    panel, splits, ids = result.panel, result.splits, result.ids
    kept, table = panel_origins([len(s) for s in panel], [sp.val_end for sp in splits], w.horizon,
                                n_origins, stride)
    if not kept.any():  # the first series' own message: how many points the origins need
        origins_for(len(panel[0]), w.horizon, n_origins, stride, splits[0].val_end)
    series_kept = np.flatnonzero(kept)  # (S_kept,) each backtested series' index in the run
    empty = np.zeros(0, dtype=np.int64)
    sets = [empty] * len(panel)  # each fitted series keeps its place: forecasters index series by it
    for k, i in enumerate(series_kept.tolist()):
        sets[i] = table[k]
    n_kept, n_all = int(kept.sum()), len(getattr(dataset, "ids", None) or panel)
    counted_kept = series_counted(n_kept, getattr(dataset, "targets", ()))  # "2 targets" of one series, not "2 series"
    notes.append(f"backtest of every series: {counted_kept} x {n_origins} origins, each series' own last "
                 f"{n_origins} ({stride} apart, the last forecast ending at the series' end), all after the "
                 "part the forecasters were fitted on")
    # the series the run left out as too short are named in its own note ("... left out of the scores:
    # 'short' (30 points)"); counting them again here gave two notes for one series
    own = np.flatnonzero(~kept).tolist()  # the run's series without room for every origin
    if own:
        named = ", ".join(repr(str(ids[i])) for i in own) if len(ids) == len(panel) else ""
        notes.append(f"{len(own)} series of {n_all} too short to hold {n_origins} origins {stride} apart "
                     f"after their training part (a test part of {w.test_len}): left out of the backtest"
                     f"{f': {named}' if named else ''}")
    lag = w.horizon + stride * np.arange(n_origins - 1, -1, -1)  # (K,) origin j: lag[j] before each series' end
    every = refit_every or n_origins
    groups = [list(range(g, min(g + every, n_origins))) for g in range(0, n_origins, every)]
    forecasts, seconds, train_seconds, renamed = {}, {}, 0.0, {}
    for g, cols in enumerate(groups):
        r = result
        if g > 0:  # the whole run trained again on every series' data before the group's first origin
            r = retrain(int(lag[cols[0]]))
            train_seconds += r.train.seconds
            note_renamed(renamed, result.forecasters, r.forecasters)
        at_run = _positions(r.ids, [ids[i] for i in series_kept], int(lag[cols[0]]))
        for js in ([[j] for j in cols] if refit else [cols]):  # refit: a copy fitted before each origin
            run_sets = [empty] * len(r.panel)  # the group's origins, each series at its place in r
            for k, p in enumerate(at_run):
                run_sets[p] = table[k, js]
            order = np.argsort(at_run)  # the call's rows: series order[0]'s origins, then order[1]'s, ...
            for name, f in zip(result.forecasters, r.forecasters.values(), strict=True):
                t0 = time.perf_counter()  # one call a forecaster: every series from these origins
                if refit:
                    f = copy.deepcopy(f).fit(cut_panel(r.panel, int(lag[js[0]])))
                at = forecast_at({name: f}, r.panel, run_sets, w.horizon)
                seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - t0
                out = forecasts.setdefault(name, np.full((n_kept, n_origins, *at.forecasts[name].shape[1:]),
                                                         np.nan))
                out[np.ix_(order, js)] = at.forecasts[name].reshape(n_kept, len(js), *out.shape[2:])
    forecasts = {k: v.reshape(n_kept * n_origins, *v.shape[2:]) for k, v in forecasts.items()}
    if refit:
        what = ("the direct net trained again, its transforms and covariate scalers refitted" if cfg.model.kind ==
                "direct" else "the network's scalers refitted, its weights not retrained")
        notes.append(f"every forecaster refitted before each origin on every series' data before it ({what}; "
                     f"{len(panel)} series, each cut as far from its end as the origin): one refit an origin, "
                     "forecasting every series from its origin there")
    if refit_every:
        notes.append(f"the whole run trained {len(groups)} times: again every {refit_every} origin(s), each time "
                     "on every series' data before the group's first origin (each cut as far from its end)")
    notes.extend(renamed_notes(renamed))
    at = forecast_at({}, panel, sets, w.horizon)  # the rows' truth, series and origins, in order
    at = Forecasts(forecasts, at.truth, at.series, at.origins)
    filled = filled_of(dataset, ids)
    scored, n_filled = without_filled(at, filled)  # the truths scored: the filled ones NaN, left out
    if n_filled:
        notes.append(scores_note(n_filled, scored.truth, "the backtest's forecasts"))
    s0 = int(at.series[0])
    first = np.flatnonzero(at.series == s0)
    net_name = next(iter(result.forecasters))
    net_f = result.forecasters[net_name]  # the one-step checks read the first fitted series' scaler
    nets = {net_name: net_f} if hasattr(net_f, "predict_one_step") and s0 == 0 else {}
    base = result.metrics["baselines"]
    metrics = evaluate_forecasts({k: v[first] for k, v in forecasts.items()}, cfg, notes, series=panel[s0],
                                 split=splits[s0], origins=at.origins[first], nets=nets, baselines=base,
                                 filled=filled[s0] if filled else None)
    scales = mase_scales(panel, [sp.train_end for sp in splits], base["period"])  # each series' own MASE denominator
    metrics["all_series"] = pooled_scores(scored, ids, ranked_by=net_name, scales=scales)
    for row, o in zip(metrics["all_series"]["per_series"], table, strict=True):
        row["first_origin"], row["last_origin"] = int(o[0]), int(o[-1])
    in_users_order(metrics["all_series"], dataset)  # backtested in the ids' order, listed in the user's
    targets = getattr(dataset, "targets", ())
    if targets:  # several targets: each pooled over its ids; rows in the user's id and target
        by_target(metrics, scored, ids, dataset, scales)
    pool_headline(metrics, ids[s0], cfg, metrics["tolerance"]["mse"])
    if targets:
        metrics["first_series"]["series"], metrics["first_series"]["target"] = id_and_target(dataset, ids[s0])
    for name, pred in forecasts.items():  # per_origin.csv's rows: every series' origins
        metrics["forecasters"][name]["per_origin"] = per_origin(pred, scored.truth)
    metrics["scores"] = (f"pooled over {counted_kept} x {n_origins} origins (each series' rows: "
                         "all_series.per_series)")
    who = [id_and_target(dataset, ids[i]) for i in range(len(ids))]
    names, unit = check_names(dataset, ids)  # one series' targets: "in 1 of 2 targets ('price')"
    pool_diagnostics(metrics, at, panel, splits, ids, base["names"], cfg.eval, names=names, unit=unit,
                     rank=users_places(dataset, ids))
    if result.intervals:  # the saved model's kind of bands at the first origins (experiment_backtest_bands.saved_model_bands)
        period = base.get("period") or 1
        ends = [sp.val_end for sp in splits]
        msis = np.array([seasonal_scale(s[:e], period) for s, e in zip(panel, ends, strict=True)])
        # the run's held-out end's under-coverage note is replaced by the backtest's own
        notes[:] = without_coverage_notes(notes)
        metrics["notes"] = without_coverage_notes(metrics.get("notes", []))
        attach(metrics, score_all(forecasts, scored.truth, at.series, result.intervals, cfg.eval.levels,
                                        msis, at.origins), result.intervals, n_kept)
        if targets:  # and each target's over its own rows: bt.scores is a table a target
            target_intervals(metrics, scored, ids, dataset, result.intervals, cfg.eval.levels, msis)
        notes.extend(n for n in metrics["notes"] if n not in notes)
    rows = at.series.tolist()
    trainings = n_trainings(len(groups), refit, cfg.model.kind, n_origins)
    metrics["backtest"] = {
        "origins": n_origins, "stride": stride, "refit": refit, "refit_every": refit_every, "every_series": True,
        "n_series": n_kept, "left_out": n_all - n_kept, "trainings": trainings,
        "per_origin": {"series": [who[i][0] for i in rows], **({"target": [who[i][1] for i in rows]} if targets else {}),
                       "origin": at.origins.tolist()},
    }
    return PanelBacktest(metrics, forecasts, at.series, at.origins, seconds, notes, trainings, train_seconds)


def n_trainings(runs: int, refit: bool, kind: str, n_origins: int) -> int:
    """How many times a backtest trained the network: once a run (the first, and one a group of
    refit_every origins after it), and with refit the direct net once more before each origin (the
    recursive net's refit fits its scalers, not its weights). metrics.backtest.trainings said 1 of a
    --refit backtest of the direct net that trained 1 + n_origins times."""
    return runs + (n_origins if refit and kind == "direct" else 0)


def _positions(run_ids: list, backtested: list, lag: int) -> list[int]:
    """Each backtested series' index among a run's series, found by id: a run trained on a
    shorter test part may score series the first run left out (too short then)."""
    where = {sid: p for p, sid in enumerate(run_ids)}
    missing = [sid for sid in backtested if sid not in where]
    if missing:
        raise ValidationError(f"backtest: the run trained on the data {lag} points before each series' end "
                              f"left out series {missing[:5]!r}, which the first run scored: no model of that run "
                              "forecasts them")
    return [where[sid] for sid in backtested]


def note_renamed(renamed: dict, first, again) -> None:
    """Record in `renamed` (first name -> later names) the forecasters a later run named otherwise
    (an AR order chosen again on less data): its forecasts are scored under the first name."""
    for name, other in zip(first, again, strict=True):
        if other != name and other not in renamed.setdefault(name, []):
            renamed[name].append(other)


def renamed_notes(renamed: dict) -> list[str]:
    """One note for each forecaster a later run named otherwise (`note_renamed`)."""
    return [f"{name}: the first run's name; the runs after it chose again ({', '.join(again)} from "
            "later origins), scored under the first name" for name, again in renamed.items() if again]
