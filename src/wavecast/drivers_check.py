"""Whether a run's drivers pay: the same net fitted again without any covariates (same seed,
settings and training part), scored on the same held-out end beside the others as "<net> without
drivers", then a finding (evaluate.drivers_pay.drivers_do_not_pay) or a note saying they pay. A
backtest given covariates runs again without them and puts its net's rows beside the net's: the
same verdict over every origin, far sturdier than one held-out end (backtest_check).

A comparison only: nothing here reaches the saved model, its forecast or its bands. On 3 of 5 real
sets of a practitioner round the drivers cost the net, and nothing said so unless the net also
ended behind a baseline (docs/covariates.md, "Drivers that do not pay")."""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np

SUFFIX = " without drivers"  # the row's name: the net's, then this


def wanted(cfg, dataset, dist=None) -> bool:
    """Whether a run or a backtest with these data makes the check: eval.without_drivers, covariates
    given, one target (several read each other's history as past covariates: without them it is
    another model, not the same net less its drivers) and one process (torchrun's ranks would each
    fit it)."""
    cov = getattr(dataset, "covariates", None)
    return bool(cfg.eval.without_drivers and cov is not None and not getattr(dataset, "targets", ())
                and (dist is None or not dist.active))


def applies(cfg, dataset, final_model: bool, dist) -> bool:
    """Whether a run makes the check (`wanted`): one that saves a model. A backtest's runs save
    none; the backtest makes its own check over every origin (backtest_check)."""
    return bool(final_model and wanted(cfg, dataset, dist))


def check(cfg, dataset, t, at, metrics: dict, notes: list[str], step, season: int,
          drivers: tuple[str, ...]) -> tuple[float, dict]:
    """Fit t's net again on `dataset` without its covariates, score it on the held-out end into
    metrics (its row after the net's, in the pooled and the first series' tables, and in each
    series' row), and say whether the drivers paid. In place; returns the seconds it took and
    {its name: its forecast of the first series' test part (H, F)}, which forecast.png draws
    beside the net's (a user round's Seatbelts scored the bare net and never showed it).

    t: the run's steps.Trained; at: its forecast_at.Forecasts of every series' test part;
    step: the training step the run used (steps_direct.train_direct or steps_recursive.train_recursive)."""
    from .evaluate.forecast_at import Forecasts, forecast_at

    t0 = time.perf_counter()
    bare = replace(dataset, covariates=None)
    _, train_rng = np.random.default_rng(cfg.seed).spawn(2)  # the run's own training draws, afresh
    b = step(cfg, bare.segments(), bare, train_rng, season, [], None, None, None)  # its notes are not the run's
    if list(b.ids) != list(t.ids):  # which series are scored does not depend on covariates: not expected
        return time.perf_counter() - t0, {}
    name = t.name + SUFFIX
    ends = np.array([sp.val_end for sp in t.splits], dtype=np.int64)
    got = forecast_at({name: b.forecaster}, b.series, ends, cfg.window.horizon).forecasts[name]  # (S, H, F)
    mine = Forecasts({name: got}, at.truth, at.series, at.origins)
    _add_rows(metrics, cfg, t, mine, name)
    verdict(metrics, notes, t.name, name, drivers, "on the held-out end", "the same net, seed and training part",
            one_draw=True)
    return time.perf_counter() - t0, {name: got[0]}


def verdict(metrics: dict, notes: list[str], net: str, name: str, drivers: tuple[str, ...], where: str,
            same: str, one_draw: bool = False) -> None:
    """metrics["drivers_check"] and the finding (evaluate.drivers_pay.drivers_do_not_pay) or the note,
    from the headline table's rows of the net and of its bare twin `name`, both already in it.
    where: what was scored ("on the held-out end", "over 6 origins"); same: what the twin shares."""
    from .evaluate.drivers_pay import ONE_DRAW, PAY_MARGIN, drivers_do_not_pay

    rows = metrics["forecasters"]
    metric = "mase" if rows[net].get("mase") is not None and rows[name].get("mase") is not None else "mse"
    with_them, without = float(rows[net][metric]), float(rows[name][metric])
    found = drivers_do_not_pay(net, name, metric, with_them, without, where)
    metrics["drivers_check"] = {"forecaster": name, "metric": metric, "with_drivers": with_them,
                                "without_drivers": without, "pay": with_them < without, "drivers": list(drivers)}
    if found is not None:
        metrics["diagnostics"].append(found.to_dict())
        return
    how = "pay" if with_them < without else f"make little difference (within {PAY_MARGIN:.0%})"
    said = (f"the drivers {how}: {net} scores {metric.upper()} {with_them:.4g} {where} with them "
            f"({', '.join(drivers)}), {without:.4g} without ({name}: {same}; --set eval.without_drivers=false "
            "skips it)")
    if one_draw:  # one held-out end is one draw: the same data read 0.54 vs 0.82 ("pay") at one
        # horizon and 1.07 vs 0.51 ("do not pay") at another (DJIA, --holidays NYSE); the finding said so, the note did not
        said += f"; {ONE_DRAW}"
    notes.append(said)
    metrics["notes"].append(said)


def backtest_check(bt, dataset, rerun, drivers: tuple[str, ...]) -> float:
    """The same backtest again without the data's covariates, its net's rows put beside the net's
    (pooled, the first series' and each series' rows, as bt.metrics holds them), then the finding
    or the note over every origin. In place; returns the seconds it took.

    bt: experiment.BacktestResult; rerun(bare dataset) -> the BacktestResult of the same backtest
    (config, seed, origins, stride, refits) on it. Its notes and findings are not the backtest's."""
    t0 = time.perf_counter()
    b = rerun(replace(dataset, covariates=None))
    same_rows = (np.array_equal(b.origins, bt.origins) and list(b.result.ids) == list(bt.result.ids)
                 and np.array_equal(np.asarray(b.series if b.series is not None else []),
                                    np.asarray(bt.series if bt.series is not None else [])))
    if not same_rows:  # which series and origins are scored does not depend on covariates: not expected
        return time.perf_counter() - t0
    net, bare_net = next(iter(bt.result.forecasters)), next(iter(b.result.forecasters))
    name = net + SUFFIX
    _copy_rows(bt.metrics, b.metrics, net, bare_net, name)
    # its forecasts too, after the net's: forecasts.csv and backtest(...).forecasts lacked the
    # column per_origin.csv and the tables score (no bands: the check is of the point forecasts)
    bt.forecasts = _after(bt.forecasts, net, name, b.forecasts[bare_net])
    info = bt.metrics["backtest"]
    where = (f"over {info['n_series']} series x {info['origins']} origins" if info.get("every_series")
             else f"over {len(bt.origins)} origins")
    verdict(bt.metrics, bt.notes, net, name, drivers, where, "the same net, seed, settings and origins")
    return time.perf_counter() - t0


def _copy_rows(m: dict, bm: dict, net: str, bare_net: str, name: str) -> None:
    """The bare backtest's (bm) rows of its net, scored as the backtest scored the net's, into m
    after the net's as `name`: the headline table and its divergence, the first series' table,
    the pooled one and each series' row. Without its bands' scores: the check is of the point forecasts."""
    for table, src in ((m, bm), (m.get("first_series"), bm.get("first_series"))):
        if table is None or src is None:
            continue
        row = {k: v for k, v in src["forecasters"][bare_net].items() if k != "intervals"}
        table["forecasters"] = _after(table["forecasters"], net, name, row)
        if table.get("divergence_horizon") is not None and bare_net in (src.get("divergence_horizon") or {}):
            table["divergence_horizon"] = _after(table["divergence_horizon"], net, name,
                                                 src["divergence_horizon"][bare_net])
    a, ba = m.get("all_series"), bm.get("all_series")
    if a is None or ba is None:
        return
    a["forecasters"] = _after(a["forecasters"], net, name, ba["forecasters"][bare_net])
    each = {r["id"]: r for r in ba["per_series"]}
    for r in a["per_series"]:
        for k in ("mse", "mae", "mase"):
            if k in r and r["id"] in each and k in each[r["id"]]:
                r[k] = _after(r[k], net, name, each[r["id"]][k][bare_net])


def _add_rows(metrics: dict, cfg, t, mine, name: str) -> None:
    """The bare net's scores put beside the net's: the first series' table (metrics["forecasters"],
    or metrics["first_series"] when the headline is pooled), the pooled table and each series' row."""
    from .evaluate.metrics import mase_scales, per_origin, score
    from .evaluate.pooled import pooled_scores

    first = metrics.get("first_series")
    own = first if first is not None else metrics
    scale = (metrics.get("mase_scale") or {}).get("mae")
    row = score(mine.forecasts[name][:1], mine.truth[:1], scale)  # as evaluate_forecasts scored the net's
    row["per_origin"] = per_origin(mine.forecasts[name][:1], mine.truth[:1])
    _insert(own, t.name, name, row, cfg, metrics["tolerance"]["mse"])
    if first is None:
        return
    period = (metrics.get("baselines") or {}).get("period")
    scales = mase_scales(t.series, [sp.train_end for sp in t.splits], period)
    pooled = pooled_scores(mine, t.ids, scales=scales)
    _insert(metrics, t.name, name, pooled["forecasters"][name], cfg, metrics["tolerance"]["mse"])
    each = {r["id"]: r for r in pooled["per_series"]}
    for r in metrics["all_series"]["per_series"]:
        for k in ("mse", "mae", "mase"):
            if k in r and r["id"] in each and k in each[r["id"]]:
                r[k] = _after(r[k], t.name, name, each[r["id"]][k][name])


def _insert(table: dict, net: str, name: str, row: dict, cfg, tol: float) -> None:
    """row into table["forecasters"] right after the net's, with its divergence horizon."""
    from .evaluate.metrics import divergence_horizon

    table["forecasters"] = _after(table["forecasters"], net, name, row)
    ref = (table["forecasters"].get("last value") or {}).get("by_lead", {}).get("mse")
    if table.get("divergence_horizon") is not None:
        horizon = divergence_horizon(row["by_lead"]["mse"], ref, cfg.eval.divergence_threshold or None, tol)
        table["divergence_horizon"] = _after(table["divergence_horizon"], net, name, horizon)


def _after(d: dict, key: str, name: str, value) -> dict:
    """d with name: value placed right after key (the net's row first, its bare twin next)."""
    out = {}
    for k, v in d.items():
        out[k] = v
        if k == key:
            out[name] = value
    if name not in out:
        out[name] = value
    return out
