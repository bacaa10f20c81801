"""run(cfg) -> ExperimentResult: the pipeline, in order; save(result, out) writes its files.

    series -> split_in_time -> Scaler.fit(train only) -> windows -> build_model -> train
    -> forecasters {net, baselines} -> free-running forecast of the test part -> scores
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from . import baselines as bl
from . import panel
from .config import Config, to_dict
from .errors import ValidationError
from .signals import noisy_sine, phase_noise_floor_mse, sine, sum_of_sines
from .windows import Scaler, Split, as_2d


@dataclass
class ExperimentResult:
    config: Config
    series: np.ndarray  # (N, F), data units
    split: Split
    scaler: Scaler
    net: Any  # the trained RecurrentNet
    train: Any  # TrainResult
    forecasts: dict[str, np.ndarray]  # name -> (horizon, F) free-running forecast of the test part
    truth: np.ndarray  # (horizon, F)
    metrics: dict[str, Any]
    notes: list[str] = field(default_factory=list)  # what the run decided, in plain words
    seconds: dict[str, float] = field(default_factory=dict)
    forecasters: dict[str, Any] = field(default_factory=dict)  # name -> fitted forecaster (net first)
    dataset: Any = None  # data.Dataset of a data file (times, ids, all series); None: synthetic
    scalers: Any = None  # every series' Scaler stacked: mean_/scale_ (S, 1, F); scaler is the first's

    @property
    def forecaster(self):
        from .forecasting import NetForecaster

        return NetForecaster(self.net, self.scaler, self.config.window.input_len)


def make_series(cfg: Config, rng: np.random.Generator) -> np.ndarray:
    """The series the config describes, as (N, 1) float64."""
    s = cfg.signal
    if s.kind == "sine":
        x = sine(s.length, s.period, s.amplitude, s.phase)
    elif s.kind == "noisy_sine":
        x = noisy_sine(s.length, s.period, rng, s.phase_noise, s.noise_std, s.amplitude)
    else:
        x = sum_of_sines(s.length, (s.period, *s.extra_periods))
    return as_2d(x)


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


def make_baselines(
    train: np.ndarray, holdout: np.ndarray, cfg: Config, notes: list[str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The baselines of every run, fitted on the training part only, and how they were set up.

    Returns ({name: fitted forecaster}, info) where info = {"names", "period", "period_how",
    "ar_order", "ar_order_how"} goes into metrics.json as metrics["baselines"].
    """
    out: dict[str, Any] = {"mean": bl.MeanForecast().fit(train), "last value": bl.LastValue().fit()}
    period = cfg.eval.period
    if period:
        how = "given in eval.period"
    else:
        period = bl.detect_period(train)
        how = ("detected by autocorrelation of the training part" if period else
               "none found by autocorrelation of the training part; seasonal naive left out")
    notes.append(f"seasonal period {period} samples ({how})" if period else f"seasonal period: {how}")
    if period:
        out["seasonal naive"] = bl.SeasonalNaive(period).fit()
    order = cfg.eval.ar_order or bl.choose_ar_order(train, holdout, cfg.eval.max_ar_order)
    order_how = ("given in eval.ar_order" if cfg.eval.ar_order else
                 f"lowest one-step error among 1..{cfg.eval.max_ar_order} on held-out data: the "
                 "validation part, or the last fifth of the training part if there is none")
    notes.append(f"linear AR order {order} ({order_how})")
    out[f"linear AR({order})"] = bl.LinearAR(order).fit(train)
    info = {"names": list(out), "period": period, "period_how": how,
            "ar_order": order, "ar_order_how": order_how}
    return out, info


def run(cfg: Config, on_epoch=None, checkpoint=None, dataset=None, dist=None) -> ExperimentResult:
    """Train the configured network and score it beside the baselines on the test part."""
    from threadpoolctl import threadpool_limits

    # NumPy's BLAS (the AR baselines' least squares) gets torch's thread budget: on a busy
    # 2-core machine one 2-thread OpenBLAS lstsq took 0.2 s, a 1-thread one 0.3 ms.
    with threadpool_limits(limits=cfg.train.threads, user_api="blas"):
        return _run(cfg, on_epoch, checkpoint, dataset, dist)


def _run(cfg: Config, on_epoch, checkpoint, dataset, dist) -> ExperimentResult:
    import torch  # here, so `import wavecast` and `wavecast --help` stay light

    from .forecasting import NetForecaster
    from .models import build_model
    from .training import train

    t_start = time.perf_counter()
    rng = np.random.default_rng(cfg.seed)
    data_rng, train_rng = rng.spawn(2)
    dataset = dataset if dataset is not None else panel.read_dataset(cfg)  # None: the signal
    series = make_series(cfg, data_rng) if dataset is None else dataset.segments()[0]
    w = cfg.window
    target_len = max(1, cfg.train.rollout_steps)
    if w.horizon > w.test_len:
        raise ValidationError(f"window.horizon {w.horizon} is longer than the test part ({w.test_len})")
    parts = panel.parts(dataset, series, cfg, target_len)  # [(series, split)], the first is `series`
    split = parts[0][1]
    train_part, val_part, test_part = split.parts(series)
    scalers = panel.fit_scalers(parts, cfg.data.scaling)  # training parts only; per series or one
    scaler = scalers[0]
    notes: list[str] = []
    if scaler.constant_.any():
        lo, hi = float(train_part[:, 0].min()), float(train_part[:, 0].max())
        same = f"all {len(train_part)} training values = {lo:g}" if lo == hi else \
            f"{len(train_part)} training values within {lo:.15g}..{hi:.15g}, equal to 12 digits"
        notes.append(f"series is constant ({same}); trained with scale 1, its forecast is that constant")
    windows, val = panel.scaled_windows(parts, scalers, cfg, target_len)  # offsets into one scaled array

    torch.set_num_threads(cfg.train.threads)
    torch.manual_seed(cfg.seed)
    net = build_model(cfg.model, input_size=series.shape[1])
    if dist is not None and dist.backend == "nccl":  # one GPU per process under torchrun
        from .distributed import device

        net = net.to(device(dist))
    t_train = time.perf_counter()
    history = train(net, windows, cfg.train, train_rng, val=val, on_epoch=on_epoch, checkpoint=checkpoint,
                    dist=dist)
    notes.extend(history.notes)  # recoveries from non-finite steps, if any
    t_eval = time.perf_counter()

    holdout = val_part if len(val_part) else train_part[-max(len(train_part) // 5, 1) :]
    fit_part = train_part if len(val_part) else train_part[: -len(holdout)]
    forecasters = {cfg.model.cell.upper(): NetForecaster(net, scaler, w.input_len)}
    base, base_info = make_baselines(fit_part, holdout, cfg, notes)
    forecasters.update(base)
    known = series[: split.val_end]
    truth = test_part[: w.horizon]
    forecasts = {}
    for name, f in forecasters.items():
        ctx = known[-w.input_len :] if isinstance(f, NetForecaster) else known
        forecasts[name] = f.predict(ctx[None], w.horizon)[0]  # (horizon, F)
    metrics = evaluate_forecasts({k: v[None] for k, v in forecasts.items()}, cfg, notes, series=series,
                                 split=split, origins=np.array([split.val_end]),
                                 forecasters=forecasters, baselines=base_info)
    metrics["train"] = {
        "epochs": len(history.history["train_loss"]),
        "final_loss": history.history["train_loss"][-1],
        "best_epoch": history.best_epoch,
        "steps": history.n_steps,
    }
    if len(parts) > 1:  # the table above is the first series; this pools all of them
        metrics["all_series"] = panel.score_all(forecasters, parts, cfg, panel.stack(scalers),
                                                dataset.ids if dataset is not None else None)
    seconds = {"train": t_eval - t_train, "total": time.perf_counter() - t_start}
    return ExperimentResult(cfg, series, split, scaler, net, history, forecasts, truth, metrics, notes, seconds,
                            forecasters=forecasters, dataset=dataset, scalers=panel.stack(scalers))


def _mase_scale(train_part: np.ndarray, period: int, notes: list[str]) -> tuple[float | None, dict]:
    """MASE's denominator: the in-sample seasonal-naive MAE, or the one-step naive MAE when the
    training part repeats exactly (a pure sine: 1e-15, which would make every MASE 1e11)."""
    from .evaluation import naive_scale

    std = float(np.mean(np.std(train_part, axis=0)))
    for p in dict.fromkeys((period, 1)):
        if len(train_part) > p:
            scale = naive_scale(train_part, p)
            if scale > 1e-9 * std:
                if p != period:
                    notes.append(f"MASE scaled by the one-step naive error: the training part repeats "
                                 f"exactly every {period} samples, so the seasonal-naive error is ~0")
                return scale, {"mae": scale, "period": p}
    notes.append("MASE left out: the in-sample naive error is 0 (a constant training part)")
    return None, {"mae": None, "period": None}


def evaluate_forecasts(
    forecasts: dict[str, np.ndarray], cfg: Config, notes: list[str], *, series: np.ndarray,
    split: Split, origins: np.ndarray, forecasters: dict[str, Any], baselines: dict[str, Any],
) -> dict:
    """Score forecasts {name: (B, H, F)} made at `origins` (B,) of `series`, and diagnose them.

    The truth is series[o : o + H] for each origin. Returns the metrics.json dict: scores by
    forecaster (overall, by lead, per origin), divergence horizons, diagnostics, baseline
    set-up, noise floor. `baselines` is make_baselines' info.
    """
    from . import diagnostics as dg
    from .evaluation import evaluate, tolerance

    e, h = cfg.eval, cfg.window.horizon
    train_part = series[: split.train_end]
    scale, mase_how = _mase_scale(train_part, baselines.get("period") or 1, notes)
    tol = tolerance(train_part, e.rel_tol)
    truth = series[origins[:, None] + np.arange(h)]  # (B, H, F)
    last = series[origins - 1]  # (B, F)
    threshold = e.divergence_threshold or None
    ev = evaluate(forecasts, truth, scale, threshold=threshold, tol=tol)
    found = dg.diagnose_forecasts(forecasts, truth, last, ev, baselines["names"], tol)
    one_step = {}
    for name, f in forecasters.items():
        scaler, input_len = getattr(f, "scaler", None), getattr(f, "input_len", None)
        if name not in forecasts or scaler is None or not input_len:
            continue
        found.append(dg.leak(f"{name} scaler", scaler.mean_, scaler.scale_, train_part,
                             series[split.train_end :]))
        # What the net is fed (contexts) and asked to reach (truth), in its scaled units.
        seen = series[max(0, int(origins[0]) - input_len) : int(origins[-1]) + h]
        found.append(dg.unscaled_input(name, scaler.transform(seen), scaler.transform(train_part)))
        if hasattr(f, "predict_one_step"):  # teacher-forced: the classic lagged-copy plot
            pred = f.predict_one_step(seen)[input_len - 1 : -1]  # pred[t] is for seen[input_len + t]
            target = seen[input_len:]
            one_step[name] = {"mse": float(np.mean((pred - target) ** 2))}
            found.append(dg.lagged_copy(f"{name} (one-step)", pred[None], target[None], None, tol))
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
        "mase_scale": mase_how,
        "tolerance": {"mse": tol, "rel_tol": e.rel_tol, "how": "rel_tol x variance of the training part"},
        "diagnostics": [f.to_dict() for f in found if f is not None],
        "baselines": dict(baselines),
        "one_step": one_step,
        "noise_floor_mse": floor,
        "noise_floor": None if floor is None else {"mse": floor, "rmse": float(np.sqrt(floor)), "how": floor_how},
        "notes": list(notes),
    }


def lead_time_figure(path: str | Path, metrics: dict) -> Path:
    """Error by lead time of every forecaster in `metrics`, divergence horizons, noise floor."""
    from . import report

    return report.lead_time_figure(
        path, {k: v["by_lead"]["mse"] for k, v in metrics["forecasters"].items()},
        metrics.get("divergence_horizon"), metrics.get("noise_floor_mse"),
        title=f"error by lead time over {metrics.get('n_origins', 1)} origin(s)",
    )


def save(result: ExperimentResult, out: str | Path) -> Path:
    """Write config.json, metrics.json, model/, the figures and report.html into `out`."""
    from . import report, report_html

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    from .atomic import write_text  # each file whole or not at all (disk full, kill)
    from .jsonstream import write_json  # 10,000 series' rows: written in pieces, not one string

    write_text(out / "config.json", json.dumps(to_dict(result.config), indent=2) + "\n")
    write_json(out / "metrics.json", result.metrics)
    # wall times: kept out of metrics.json so that it is reproducible
    write_text(out / "timings.json", json.dumps(result.seconds, indent=2) + "\n")
    # The model before the figures: the run's most valuable file is on disk first, and its
    # model.json (10,000 series' tails: a 26 MB transient) no longer stacks on matplotlib.
    panel.save_model(result, out / "model")  # weights.safetensors + model.json, never a pickle
    sp = result.split
    report.forecast_figure(
        out / "forecast.png",
        history=result.series[: sp.val_end, 0],
        truth=result.truth[:, 0],
        forecasts={k: v[:, 0] for k, v in result.forecasts.items()},
        start=sp.val_end,
        title=f"{result.config.name}: {len(result.truth)}-step free-running forecast",
        time=panel.time_axis(result),
    )
    report.loss_figure(out / "loss.png", result.train.history)
    lead_time_figure(out / "lead_time.png", result.metrics)
    report_html.write(result, out)  # out/report.html, one self-contained page
    return out
