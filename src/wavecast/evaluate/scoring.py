"""Score a run's forecasts: metrics overall and by lead, the MASE scale, divergence,
diagnostics (the networks' own checks too) and the noise floor of a synthetic signal."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..config import Config
from ..data.scaling import Scaler, pick
from ..data.signals import phase_noise_floor_mse
from ..data.windows import Split


def noise_floor(cfg: Config) -> float | None:
    """Best MSE any forecaster can reach on the configured signal; None for real data.

    Phase noise and additive noise are independent of each other and of the past, so their
    irreducible variances add.
    """
    if cfg.data.path:
        return None
    s = cfg.signal
    if s.kind != "noisy_sine":
        return 0.0
    return phase_noise_floor_mse(s.phase_noise, s.amplitude) + s.noise_std**2


def _mase_scale(train_part: np.ndarray, period: int, notes: list[str]) -> tuple[float | None, dict]:
    """MASE's denominator: the in-sample seasonal-naive MAE, or the one-step naive MAE when the
    training part repeats exactly (a pure sine: 1e-15, which would make every MASE 1e11)."""
    from .metrics import naive_scale

    std = float(np.mean(np.std(train_part, axis=0)))
    for p in dict.fromkeys((period, 1)):
        if len(train_part) > p:
            scale = naive_scale(train_part, p)
            # A subnormal scale (data ~1e-310) makes every MASE inf: metrics.json must stay finite.
            if scale > 1e-9 * std and np.isfinite(1.0 / scale) and scale >= np.finfo(np.float64).tiny:
                if p != period:
                    notes.append(f"MASE scaled by the one-step naive error: the training part repeats "
                                 f"exactly every {period} samples, so the seasonal-naive error is ~0")
                return scale, {"mae": scale, "period": p}
    notes.append("MASE left out: the in-sample naive error is 0 (a constant training part)")
    return None, {"mae": None, "period": None}


def evaluate_forecasts(
    forecasts: dict[str, np.ndarray], cfg: Config, notes: list[str], *, series: np.ndarray,
    split: Split, origins: np.ndarray, nets: dict[str, Any], baselines: dict[str, Any],
    filled: np.ndarray | None = None,
) -> dict:
    """Score forecasts {name: (B, H, F)} made at `origins` (B,) of `series`, and diagnose them.

    The truth is series[o : o + H] for each origin. Returns the metrics.json dict: scores by
    forecaster (overall, by lead, per origin), divergence horizons, diagnostics, baseline
    set-up, noise floor. `baselines` is make_baselines' info; `nets` the NetForecasters
    whose scaler and one-step fit are checked too. filled: None, or (N,) True where the
    series' value was filled by the reader, not measured: the scores leave those truths out
    (evaluate.filled); the forecast checks read the series as it was read.
    """
    from .breaks import level_shift_finding
    from .filled import filled_truths, mask_truth
    from .metrics import divergence_basis, evaluate, tolerance_info
    from .net_checks import diagnose_forecasts
    from .random_walk import on_random_walk, walk_evidence

    e, h = cfg.eval, cfg.window.horizon
    train_part = series[: split.train_end]
    scale, mase_how = _mase_scale(train_part, baselines.get("period") or 1, notes)
    tol_info = tolerance_info(train_part, e.rel_tol)
    tol = tol_info["mse"]
    truth = series[origins[:, None] + np.arange(h)]  # (B, H, F)
    last = series[origins - 1]  # (B, F)
    threshold = e.divergence_threshold or None
    scored = mask_truth(truth, filled_truths(None if filled is None else [filled], np.zeros(len(origins), np.int64),
                                             origins, h))[0]
    ev = evaluate(forecasts, scored, scale, threshold=threshold, tol=tol)
    # first: a break in the truth itself explains the findings after it (they blamed the net)
    found = [level_shift_finding(series, origins, h, baselines.get("period") or 1)]
    found += diagnose_forecasts(forecasts, truth, last, ev, baselines["names"], tol, baselines.get("period") or 1)
    one_step = {}
    for name, f in (nets or {}).items():  # the networks' own checks: scaler leak, inputs, lagged copy
        findings, one_step[name] = net_checks(name, f, series, split, origins, h, tol, baselines.get("period") or 1)
        found.extend(findings)
    # a net that copies the last value of a random walk found the forecast to beat: said so, not "train more"
    theirs = {k: v for k, v in ev["forecasters"].items() if k in baselines["names"]}  # the copy is judged, not a judge
    found = on_random_walk(found, walk_evidence(train_part, baselines.get("period") or 1, theirs, tol))
    floor = noise_floor(cfg)
    s = cfg.signal
    floor_how = (None if floor is None else
                 "noise-free signal: a perfect forecaster reaches 0" if s.kind != "noisy_sine" else
                 f"analytic: phase noise r={s.phase_noise:g} gives A^2 (1 - sinc(r)^2) / 2, plus the "
                 f"additive noise variance {s.noise_std:g}^2; the same at every lead")
    return {
        "horizon": h,
        "n_origins": len(origins),
        "forecasters": ev["forecasters"],
        "divergence_horizon": ev["divergence_horizon"],
        "divergence_reference": f"MSE threshold {threshold:g}" if threshold else "last value",
        "divergence_forecasts_per_lead": divergence_basis(len(origins)),
        "mase_scale": mase_how,
        "tolerance": tol_info,
        "diagnostics": [f.to_dict() for f in found if f is not None],
        "baselines": dict(baselines),
        "one_step": one_step,
        "noise_floor_mse": floor,
        "noise_floor": None if floor is None else {"mse": floor, "rmse": float(np.sqrt(floor)), "how": floor_how},
        "notes": list(notes),
    }


def net_checks(name: str, f, series: np.ndarray, split: Split, origins: np.ndarray, h: int,
               tol: float, period: int = 1) -> tuple[list, dict]:
    """A network's own diagnostics on one series: its scaler saw only the training part, its
    inputs stay in the trained range, and its teacher-forced fit is not a lagged copy."""
    from .input_checks import leak, unscaled_input
    from .net_checks import lagged_copy

    scaler = pick(f.scaler, np.array([0]))  # the first series' (the one scored here)
    if np.ndim(scaler.mean_) == 3:  # (1, 1, F) -> (F,)
        scaler = Scaler.from_params(scaler.mean_[0, 0], scaler.scale_[0, 0])
    train_part = series[: split.train_end]
    found = [leak(f"{name} scaler", scaler.mean_, scaler.scale_, train_part, series[split.train_end :])]
    # What the net is fed (contexts) and asked to reach (truth), in its scaled units.
    seen = series[max(0, int(origins[0]) - f.input_len) : int(origins[-1]) + h]
    found.append(unscaled_input(name, scaler.transform(seen), scaler.transform(train_part)))
    pred = f.predict_one_step(seen)[f.input_len - 1 : -1]  # pred[t] is for seen[input_len + t]
    target = seen[f.input_len :]
    found.append(lagged_copy(f"{name} (one-step)", pred[None], target[None], None, tol, period=period))
    return found, {"mse": float(np.mean((pred - target) ** 2))}


