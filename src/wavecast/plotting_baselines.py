"""The baselines wavecast.plot draws beside a forecast: which ones (baselines=), their forecasts
(a backtest's columns, or fitted here for predict()'s with the fitted model's season and AR
order, by the forecasters of forecasters.baselines) and their held-out MASE for the legend."""

from __future__ import annotations

import contextlib
import re

import numpy as np
import pandas as pd

from .errors import ValidationError
from .forecasters.baseline_names import NAMES, saved_before
from .forecasters.future_baselines import named, one_series, wanted

# the baselines' names as the scores and a backtest's columns give them (experiment.make_baselines)
BASELINE = re.compile(NAMES)


def chosen_baselines(asked, model, fc: pd.DataFrame, layout: dict, scored, data) -> dict | None:
    """The baselines drawn: {"names", "setup": the fitted model's metrics["baselines"] (predict()'s
    forecasts: plot fits them) or None (a backtest's columns), "metrics": where their held-out
    MASE is read (None: unknown), "net": the forecasts' own name there}, or None for none."""
    if model is not None and layout["backtest"]:
        raise ValidationError("model= is for predict()'s forecasts: a backtest's table holds its baselines' "
                              "forecasts (pass the Backtest itself for their MASE)")
    if asked is None or (isinstance(asked, (bool, np.bool_)) and not asked):
        if model is not None:  # (still used: it names the target column, plotting_data.model_target)
            _metrics_of(model)
        return None
    want = wanted(asked)
    if want is None:  # [], none, as level=[] draws no bands
        return None
    if layout["backtest"]:
        setup, metrics, net = None, scored, layout["value"]
        there = [c for c in map(str, fc.columns) if BASELINE.fullmatch(c) and c != layout["value"]]
        where = "the backtest's forecasts"
    else:
        if model is None:
            raise ValidationError("baselines= with predict()'s forecasts needs the fitted model, whose season and "
                                  "AR order they take: wavecast.plot(df, fc, baselines=True, model=f)")
        if data is None:
            raise ValidationError("baselines= needs the data the forecasts continue (data is None): the "
                                  "baselines are fitted on it")
        metrics = _metrics_of(model)
        setup = metrics.get("baselines")
        if not setup or not setup.get("names"):
            raise ValidationError("model= holds no baselines' set-up (metrics['baselines']): give a model "
                                  "from wavecast.fit(), or saved by it")
        there, where = list(setup["names"]), "the model"
        older = saved_before(want, there)
        if older:
            raise ValidationError(older)
        net = next((n for n in metrics.get("forecasters") or {} if n not in there), "")
    if not there:  # (a model's names are never empty: checked above)
        raise ValidationError("baselines=: the backtest's forecasts have no baseline columns (mean, last value, "
                              "seasonal naive, linear AR(p), theta): give what wavecast.backtest() returns")
    return {"names": named(want, there, where), "setup": setup, "metrics": metrics, "net": net}


def _metrics_of(model) -> dict:
    """The fitted model's metrics (a Forecaster: its forecaster_'s); refused for anything else."""
    metrics = getattr(getattr(model, "forecaster_", model), "metrics", None)
    if not isinstance(metrics, dict):
        raise ValidationError(f"model= must be what wavecast.fit() or wavecast.load() returns (got a "
                              f"{type(model).__name__})")
    return metrics


def baseline_forecasts(base: dict, past: pd.Series | None, t: np.ndarray, key: tuple, layout: dict) -> dict:
    """Each baseline's forecast of len(t) steps, fitted on the series' values before t[0] (the
    model's future forecast has seen all the data it was given; the baselines the same) with the
    model's season and AR order: the forecasters of forecasters.baselines, never re-chosen here.
    A series too short for one has no line of it (base["short"] keeps who, for short_notes)."""
    known = past if past is not None else pd.Series([], dtype=float)
    if len(known) and len(t):
        with contextlib.suppress(TypeError):  # (positions beside times: the data has no time to cut it by)
            known = known[known.index < t[0]]  # data running past the forecasts is not theirs to see
    y = known.to_numpy(dtype=float)
    who = ": ".join(p for p in (f"{layout['id']} {key[0]}" if layout["id"] else "", key[1] or "") if p) or "the series"
    if not len(y):
        raise ValidationError(f"baselines=: data has no values of {who} before its forecasts to fit them on")
    out = {}
    for name in base["names"]:
        try:
            out[name] = one_series(name, base["setup"], y, len(t))  # (H,)
        except ValidationError:  # too short for it (an AR(p)'s fit, a season): not drawn, said once
            base.setdefault("short", {}).setdefault(name, []).append(who)
    return out


def short_notes(base: dict | None) -> list[str]:
    """The notes on series too short for a baseline, whose line was left out of their panel."""
    out = []
    for name, who in ((base or {}).get("short") or {}).items():
        shown = ", ".join(who[:3]) + (f" and {len(who) - 3} more" if len(who) > 3 else "")
        out.append(f"{name} not drawn for {len(dict.fromkeys(who))} series too short for it ({shown})")
    return out


def with_mase(label: str, metrics: dict | None, name: str, target) -> str:
    """label with the held-out MASE of `name` in `metrics` (its target's, with several), if known."""
    if not metrics or not name:
        return label
    if target is not None:
        metrics = (metrics.get("by_target") or {}).get(target, metrics)
    mase = ((metrics.get("forecasters") or {}).get(name) or {}).get("mase")
    return f"{label} (MASE {mase:.3g})" if isinstance(mase, (int, float)) and np.isfinite(mase) else label
