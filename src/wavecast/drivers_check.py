"""Whether a run's drivers pay: the same net fitted again without any covariates (same seed,
settings and training part), scored on the same held-out end beside the others as "<net> without
drivers", then a finding (evaluate.diagnostics.drivers_do_not_pay) or a note saying they pay.

A comparison only: nothing here reaches the saved model, its forecast or its bands. On 3 of 5 real
sets of a practitioner round the drivers cost the net, and nothing said so unless the net also
ended behind a baseline (docs/covariates.md, "Drivers that do not pay")."""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np

SUFFIX = " without drivers"  # the row's name: the net's, then this


def applies(cfg, dataset, final_model: bool, dist) -> bool:
    """Whether the run makes the check: eval.without_drivers, covariates given, a run that saves a
    model (a backtest's runs save none: its table is the backtest's own), one target (several read
    each other's history as past covariates: without them it is another model, not the same net
    less its drivers) and one process (torchrun's ranks would each fit it)."""
    cov = getattr(dataset, "covariates", None)
    return bool(cfg.eval.without_drivers and final_model and cov is not None and not getattr(dataset, "targets", ())
                and (dist is None or not dist.active))


def check(cfg, dataset, t, at, metrics: dict, notes: list[str], step, season: int, drivers: tuple[str, ...]) -> float:
    """Fit t's net again on `dataset` without its covariates, score it on the held-out end into
    metrics (its row after the net's, in the pooled and the first series' tables, and in each
    series' row), and say whether the drivers paid. In place; returns the seconds it took.

    t: steps' _Trained of the run; at: its forecast_at.Forecasts of every series' test part;
    step: the training step the run used (_train_direct or _train_recursive)."""
    from .evaluate import diagnostics as dg
    from .evaluate.forecast_at import Forecasts, forecast_at

    t0 = time.perf_counter()
    bare = replace(dataset, covariates=None)
    _, train_rng = np.random.default_rng(cfg.seed).spawn(2)  # the run's own training draws, afresh
    b = step(cfg, bare.segments(), bare, train_rng, season, [], None, None, None)  # its notes are not the run's
    if list(b.ids) != list(t.ids):  # which series are scored does not depend on covariates: not expected
        return time.perf_counter() - t0
    name = t.name + SUFFIX
    ends = np.array([sp.val_end for sp in t.splits], dtype=np.int64)
    got = forecast_at({name: b.forecaster}, b.series, ends, cfg.window.horizon).forecasts[name]  # (S, H, F)
    mine = Forecasts({name: got}, at.truth, at.series, at.origins)
    _add_rows(metrics, cfg, t, mine, name)
    rows = metrics["forecasters"]
    metric = "mase" if rows[t.name].get("mase") is not None and rows[name].get("mase") is not None else "mse"
    with_them, without = float(rows[t.name][metric]), float(rows[name][metric])
    found = dg.drivers_do_not_pay(t.name, name, metric, with_them, without)
    metrics["drivers_check"] = {"forecaster": name, "metric": metric, "with_drivers": with_them,
                                "without_drivers": without, "pay": with_them < without, "drivers": list(drivers)}
    if found is not None:
        metrics["diagnostics"].append(found.to_dict())
    else:
        how = "pay" if with_them < without else f"make little difference (within {dg.PAY_MARGIN:.0%})"
        said = (f"the drivers {how}: {t.name} scores {metric.upper()} {with_them:.4g} on the held-out end with "
                f"them ({', '.join(drivers)}), {without:.4g} without ({name}: the same net, seed and training "
                "part; --set eval.without_drivers=false skips it)")
        notes.append(said)
        metrics["notes"].append(said)
    return time.perf_counter() - t0


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
