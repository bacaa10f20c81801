"""Which drivers mattered: the run's trained net scored again on the held-out end with one driver
at a time permuted (evaluate.driver_permutation), nothing retrained, and the change of the run's
headline metric (MASE, or MSE where the run has no MASE) against the intact inputs, the mean of
a few seeded permutations with their spread. metrics["driver_importance"] holds it.

A reading of the scored net only: it forecasts with copies of the net reading other covariate
values; the run's forecasts, scores, saved model and bands are the same bits as without it.
"""

from __future__ import annotations

import time

import numpy as np

SEED_TAG = 0xD21  # mixed with the run's seed: the permutations' own stream, no other draw moves


def applies(cfg, dataset, forecaster, final_model: bool, dist) -> bool:
    """A run (not one inside a backtest: final_model) in one process, of a net that reads
    covariates the user gave, with eval.driver_importance permutations asked (0 skips it)."""
    cov = getattr(dataset, "covariates", None)
    return bool(
        cfg.eval.driver_importance
        and final_model
        and cov is not None
        and hasattr(forecaster, "with_covariates")
        and (dist is None or not dist.active)
        and _drivers(dataset)
    )


def measure(cfg, dataset, t, scored, metrics: dict) -> float:
    """metrics["driver_importance"] for the run's net t (steps.Trained) scored as `scored`
    (forecast_at.Forecasts of every series' test part, filled truths left out). In place;
    returns the seconds it took. One forecast of every series at once a driver and permutation."""
    from .evaluate.driver_permutation import permuted
    from .evaluate.forecast_at import forecast_at

    t0 = time.perf_counter()
    net, k = t.name, int(cfg.eval.driver_importance)
    metric = "mase" if metrics["forecasters"][net].get("mase") is not None else "mse"
    f = t.forecaster
    lengths = [len(s) for s in t.series]  # each series' known rows: the held-out end's included
    ends = np.array([sp.val_end for sp in t.splits], dtype=np.int64)
    intact = _score({net: scored.forecasts[net]}, scored, metrics, t, metric)[net]
    rows = []
    for d in _drivers(dataset):
        got = {}
        for j in range(
            k
        ):  # permutation j from (seed, j) alone: a driver's figures whatever the others
            rng = np.random.default_rng([cfg.seed, SEED_TAG, j])
            g = f.with_covariates(permuted(f.covariates, d, lengths, rng))
            at = forecast_at({net: g}, t.series, ends, cfg.window.horizon)  # every series at once
            got[str(j)] = at.forecasts[net]  # (S, H, 1)
        scores = _score(got, scored, metrics, t, metric)
        rows.append(_row(d, [scores[str(j)] for j in range(k)], intact))
    rows.sort(key=lambda r: -r["change"] if r["change"] is not None else np.inf)  # largest first
    metrics["driver_importance"] = {
        "forecaster": net,
        "metric": metric,
        "intact": intact,
        "permutations": k,
        "seed": cfg.seed,
        "how": "each driver's values permuted in time within each series (a static: across series), "
        "the trained net scored again on the held-out end, nothing retrained",
        "drivers": rows,
    }
    return time.perf_counter() - t0


def _drivers(dataset):
    """The user's drivers of the dataset (several targets: the panel's own columns left out)."""
    from .data.targets import STATIC
    from .evaluate.driver_permutation import drivers_of

    cov = dataset.covariates
    own = (*(c for c in cov.past if "->" in c), STATIC) if getattr(dataset, "targets", ()) else ()
    return drivers_of(cov, own)


def _score(forecasts: dict, scored, metrics: dict, t, metric: str) -> dict:
    """Each of `forecasts` (name -> (S, H, 1)) scored as the run's headline scores its net: the
    first series' MASE (or MSE) of one series, the pooled one of a panel (drivers_check alike)."""
    from .evaluate.forecast_at import Forecasts
    from .evaluate.metrics import mase_scales, score
    from .evaluate.pooled import pooled_scores

    mine = Forecasts(forecasts, scored.truth, scored.series, scored.origins)
    if metrics.get("first_series") is None:  # one series: its own table is the headline
        scale = (metrics.get("mase_scale") or {}).get("mae")
        return {k: score(v[:1], mine.truth[:1], scale)[metric] for k, v in forecasts.items()}
    period = (metrics.get("baselines") or {}).get("period")
    scales = mase_scales(t.series, [sp.train_end for sp in t.splits], period)
    rows = pooled_scores(mine, t.ids, scales=scales)["forecasters"]
    return {k: rows[k][metric] for k in forecasts}


def _row(d, scores: list, intact: float) -> dict:
    """One driver's entry: its permuted scores, their mean and spread, the change from intact."""
    a = np.array([np.nan if s is None else s for s in scores], dtype=np.float64)
    ok = a[np.isfinite(a)]  # (a score without a number, JSON null, is left out of the figures)
    if not len(ok) or intact is None:
        mean = sd = lo = hi = None
    else:
        mean, lo, hi = float(ok.mean()), float(ok.min()), float(ok.max())
        sd = float(ok.std(ddof=1)) if len(ok) > 1 else 0.0
    less = (lambda v: None) if mean is None else (lambda v: v - intact)
    return {
        "driver": d.name,
        "role": d.role,
        "columns": list(d.columns),
        "scores": [float(v) if np.isfinite(v) else None for v in a],
        "mean": mean,
        "change": less(mean),
        "sd": sd,
        "min_change": less(lo),
        "max_change": less(hi),
    }


def frame(metrics: dict):
    """metrics["driver_importance"] as a DataFrame indexed by driver, the largest change first:
    role, the metric with the driver permuted (the mean), change, sd, min_change, max_change;
    None where the run had none."""
    import pandas as pd

    d = metrics.get("driver_importance")
    if not d or not d.get("drivers"):
        return None
    keys = ("role", "mean", "change", "sd", "min_change", "max_change")
    out = pd.DataFrame(
        [{k: r[k] for k in keys} for r in d["drivers"]],
        index=pd.Index([r["driver"] for r in d["drivers"]], name="driver"),
    )
    return out.rename(columns={"mean": d["metric"]})
