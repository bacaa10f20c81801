"""run_backtest on a panel: every scored series backtested at its own last origins by the
forecasters the run trained once, one batched forecast a forecaster, scored pooled and per series.

    series i:  part fitted on (train, validation) | test part: o_i1 ... o_iK
               o_iK + horizon = N_i (each series' own end); o_i1 >= the end of the part fitted on

experiment.run_backtest calls it when the model is trained once (no --refit, no --refit-every)
on data with more than one series; the one-series backtest stays evaluate.backtest's.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from .evaluate import intervals as iv
from .evaluate.backtest import origins_for, panel_origins
from .evaluate.diagnose_many import pool_diagnostics
from .evaluate.forecast_at import Forecasts, forecast_at
from .evaluate.metrics import per_origin
from .evaluate.pooled import by_target, pool_headline, pooled_scores
from .evaluate.scoring import evaluate_forecasts


@dataclass
class PanelBacktest:
    metrics: dict
    forecasts: dict  # name -> (B, horizon, F), data units; rows: series by series, origins in order
    rows: np.ndarray  # (B,) each row's series: an index into ids (the run's scored series)
    origins: np.ndarray  # (B,) each row's origin in its own series
    seconds: dict  # name -> seconds of its one batched forecast
    notes: list


def backtest_panel(result, cfg, n_origins: int, stride: int, dataset, notes: list[str]) -> PanelBacktest:
    """Forecast every series of the run (result: experiment.ExperimentResult, its test part
    lengthened to hold the origins) from its own last n_origins origins and score them.

    Series without room for every origin after the part they were fitted on are left out, with
    a note that counts them (with the series the run itself left out as too short). `notes`
    gets what was backtested; metrics follow run()'s many-series layout: the pooled table in
    "forecasters", one row a series in all_series.per_series, the first series' own table in
    first_series, backtest.per_origin naming each row's series and origin.
    """
    from .data.targets import id_and_target
    from .steps import _mase_scales

    w = cfg.window
    panel, splits, ids = result.panel, result.splits, result.ids
    kept, table = panel_origins([len(s) for s in panel], [sp.val_end for sp in splits], w.horizon,
                                n_origins, stride)
    if not kept.any():  # the first series' own message: how many points the origins need
        origins_for(len(panel[0]), w.horizon, n_origins, stride, splits[0].val_end)
    empty = np.zeros(0, dtype=np.int64)
    sets, k = [], 0
    for ok in kept.tolist():  # each fitted series keeps its place: forecasters index series by it
        sets.append(table[k] if ok else empty)
        k += ok
    n_kept, n_all = int(kept.sum()), len(getattr(dataset, "ids", None) or panel)
    notes.append(f"backtest of every series: {n_kept} series x {n_origins} origins, each series' own last "
                 f"{n_origins} ({stride} apart, the last forecast ending at the series' end), all after the "
                 "part the forecasters were fitted on")
    if n_kept < n_all:
        notes.append(f"{n_all - n_kept} series of {n_all} too short to hold {n_origins} origins {stride} apart "
                     f"after their training part (a test part of {w.test_len}): left out of the backtest")
    forecasts, seconds = {}, {}
    for name, f in result.forecasters.items():  # one batched call a forecaster: every series, every origin
        t0 = time.perf_counter()
        at = forecast_at({name: f}, panel, sets, w.horizon)
        seconds[name] = time.perf_counter() - t0
        forecasts[name] = at.forecasts[name]
    at = Forecasts(forecasts, at.truth, at.series, at.origins)
    s0 = int(at.series[0])
    first = np.flatnonzero(at.series == s0)
    net_name = next(iter(result.forecasters))
    net_f = result.forecasters[net_name]  # the one-step checks read the first fitted series' scaler
    nets = {net_name: net_f} if hasattr(net_f, "predict_one_step") and s0 == 0 else {}
    base = result.metrics["baselines"]
    metrics = evaluate_forecasts({k: v[first] for k, v in forecasts.items()}, cfg, notes, series=panel[s0],
                                 split=splits[s0], origins=at.origins[first], nets=nets, baselines=base)
    scales = _mase_scales(panel, splits, base["period"])  # each series' own MASE denominator
    metrics["all_series"] = pooled_scores(at, ids, ranked_by=net_name, scales=scales)
    for row, o in zip(metrics["all_series"]["per_series"], table, strict=True):
        row["first_origin"], row["last_origin"] = int(o[0]), int(o[-1])
    targets = getattr(dataset, "targets", ())
    if targets:  # several targets: each pooled over its ids; rows in the user's id and target
        by_target(metrics, at, ids, dataset, scales)
    pool_headline(metrics, ids[s0], cfg, metrics["tolerance"]["mse"])
    if targets:
        metrics["first_series"]["series"], metrics["first_series"]["target"] = id_and_target(dataset, ids[s0])
    for name, pred in forecasts.items():  # per_origin.csv's rows: every series' origins
        metrics["forecasters"][name]["per_origin"] = per_origin(pred, at.truth)
    metrics["scores"] = (f"pooled over {n_kept} series x {n_origins} origins (each series' rows: "
                         "all_series.per_series)")
    who = [id_and_target(dataset, ids[i]) for i in range(len(ids))]
    names = [f"{sid!r} (target {tg!r})" for sid, tg in who] if targets else None
    pool_diagnostics(metrics, at, panel, splits, ids, base["names"], cfg.eval, names=names)
    if result.intervals:  # the bands calibrated before each series' test part, around every forecast
        period = base.get("period") or 1
        ends = [sp.val_end for sp in splits]
        msis = np.array([iv.seasonal_scale(s[:e], period) for s, e in zip(panel, ends, strict=True)])
        iv.attach(metrics, iv.score_all(forecasts, at.truth, at.series, result.intervals, cfg.eval.levels, msis),
                  result.intervals, n_kept)
        notes.extend(n for n in metrics["notes"] if n not in notes)
    rows = at.series.tolist()
    metrics["backtest"] = {
        "origins": n_origins, "stride": stride, "refit": False, "refit_every": 0, "every_series": True,
        "n_series": n_kept, "left_out": n_all - n_kept, "trainings": 1,
        "per_origin": {"series": [who[i][0] for i in rows], **({"target": [who[i][1] for i in rows]} if targets else {}),
                       "origin": at.origins.tolist()},
    }
    return PanelBacktest(metrics, forecasts, at.series, at.origins, seconds, notes)
