"""A run's files (experiment.py): config.json, metrics.json, timings.json, the model, the
figures and report.html; a backtest's report; the figures of error and coverage by lead time
and the words for how a backtest made its forecasts.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .config import to_dict
from .future import future_of_first
from .io.modelsave import save_model
from .words import series_counted

if TYPE_CHECKING:
    from .experiment import ExperimentResult
    from .experiment_backtest import BacktestResult


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
        forecasts={k: v[:, 0] for k, v in {**result.forecasts, **result.without_drivers}.items()},
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
