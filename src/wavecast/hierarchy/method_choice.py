"""reconcile's method="auto": the method whose reconciled forecasts of held-out data (what
wavecast.fit or wavecast.backtest returned) score the lowest MASE. Pure NumPy."""

from __future__ import annotations

import numpy as np

from ..errors import ValidationError
from .projections import coherent
from .structure import Hierarchy

CHOSEN_AMONG = ("wls_struct", "ols", "bottom_up")  # "auto"'s candidates: each needs the point forecasts alone


def choose(held_out, hierarchy: Hierarchy) -> tuple[str, dict[str, float]]:
    """The method whose reconciled forecasts of held-out data score the lowest MASE (the mean
    over every series of the hierarchy and every origin), and each method's MASE there ("base":
    not reconciled). held_out: what wavecast.fit returned, in this session (its scored model's
    forecasts of each series' held-out end: one origin), or what wavecast.backtest returned (its
    origins, each series' forecasts from each: a surer choice for the cost of the backtest)."""
    ids, origins, forecast, truth, panel, period = _held_out_rows(held_out)
    by_id: dict[str, list[int]] = {}
    for i, k in enumerate(ids):
        by_id.setdefault(k, []).append(i)
    lacking = [k for k in hierarchy.ids if k not in by_id]
    counts = {len(by_id[k]) for k in hierarchy.ids if k in by_id}
    if lacking or len(counts) != 1:
        said = f"none for {', '.join(map(repr, lacking[:5]))}" if lacking else "not as many origins for each"
        raise ValidationError(f"the held-out forecasts do not cover every series of the hierarchy alike ({said}): "
                              "fit or backtest aggregate()'s whole panel")
    rows = np.array([sorted(by_id[k], key=lambda i: origins[i]) for k in hierarchy.ids]).T  # (origins, series)
    scale = np.array([[_mae_scale(panel[k][: origins[i]], period) for k, i in zip(hierarchy.ids, r, strict=True)]
                      for r in rows])

    def mase(method: str | None) -> float:
        errors = []
        for r, sc in zip(rows, scale, strict=True):  # an origin at a time: its (series, H) forecasts
            f = forecast[r] if method is None else coherent(hierarchy, method, forecast[r])
            errors.append(np.mean(np.abs(truth[r] - f), axis=1) / sc)
        return float(np.mean(errors))

    scores = {"base": mase(None), **{m: mase(m) for m in CHOSEN_AMONG}}
    best = min(CHOSEN_AMONG, key=scores.__getitem__)
    return best, scores


def _held_out_rows(held_out):
    """The net's held-out forecasts in held_out (choose): each row's series id, origin, forecast
    and truth (B, H), every series' values by id, and the season of the MASE scale."""
    result = getattr(held_out, "result", None)
    if getattr(result, "at", None) is not None:  # wavecast.fit's forecaster: the scored model's held-out end
        run, at = result, result.at
        net = next(iter(run.forecasters))
        keys, origins = at.series, at.origins
        forecast, truth = at.forecasts[net][:, :, 0], at.truth[:, :, 0]
    elif getattr(result, "origins", None) is not None and getattr(result, "result", None) is not None:  # a Backtest
        run = result.result
        net = next(iter(result.forecasts))
        origins = np.asarray(result.origins, dtype=np.int64)
        keys = np.zeros(len(origins), dtype=np.int64) if result.series is None else np.asarray(result.series)
        forecast = result.forecasts[net][:, :, 0]
        truth = np.stack([run.panel[k][o : o + forecast.shape[1], 0] for k, o in zip(keys, origins, strict=True)])
    else:
        raise ValidationError('method="auto" chooses on held-out forecasts: pass held_out= what wavecast.fit returned '
                              "in this session (a loaded model keeps none) or what wavecast.backtest returned, "
                              'or name a method ("wls_struct")')
    ids = [str(run.ids[k]) for k in keys]
    panel = {str(k): v[:, 0] for k, v in zip(run.ids, run.panel, strict=True)}
    period = (run.metrics.get("baselines") or {}).get("period") or 1
    return ids, np.asarray(origins), forecast, truth, panel, period


def _mae_scale(x: np.ndarray, period: int) -> float:
    """MASE's scale of a series' known part: the mean absolute seasonal difference (lag 1 when
    the part is no longer than a season), 1 where that is 0 or not a number."""
    lag = period if len(x) > period else 1
    d = np.abs(x[lag:] - x[:-lag]) if len(x) > lag else np.array([])
    m = float(np.nanmean(d)) if d.size and np.isfinite(d).any() else 0.0
    return m if m > 0 else 1.0
