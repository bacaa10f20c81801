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
from .config import Config, to_dict
from .errors import ValidationError
from .signals import noisy_sine, phase_noise_floor_mse, sine, sum_of_sines
from .windows import Scaler, Split, WindowSet, as_2d, split_in_time


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


def make_baselines(train: np.ndarray, holdout: np.ndarray, cfg: Config, notes: list[str]) -> dict:
    """The baselines of every run, fitted on the training part only."""
    out: dict[str, Any] = {"mean": bl.MeanForecast().fit(train), "last value": bl.LastValue().fit()}
    period = cfg.eval.period
    if period:
        notes.append(f"seasonal period {period} samples (given in eval.period)")
    else:
        period = bl.detect_period(train)
        if period:
            notes.append(f"seasonal period {period} samples (detected by autocorrelation of the training part)")
        else:
            notes.append("no seasonal period found in the training part; seasonal naive left out")
    if period:
        out["seasonal naive"] = bl.SeasonalNaive(period).fit()
    order = cfg.eval.ar_order or bl.choose_ar_order(train, holdout, cfg.eval.max_ar_order)
    how = "given in eval.ar_order" if cfg.eval.ar_order else "chosen on held-out training data"
    notes.append(f"linear AR order {order} ({how})")
    out[f"linear AR({order})"] = bl.LinearAR(order).fit(train)
    return out


def run(cfg: Config, on_epoch=None, checkpoint=None) -> ExperimentResult:
    """Train the configured network and score it beside the baselines on the test part."""
    import torch  # here, so `import wavecast` and `wavecast --help` stay light

    from .forecasting import NetForecaster
    from .models import build_model
    from .training import train

    t_start = time.perf_counter()
    rng = np.random.default_rng(cfg.seed)
    data_rng, train_rng = rng.spawn(2)
    series = make_series(cfg, data_rng)
    w = cfg.window
    target_len = max(1, cfg.train.rollout_steps)
    if w.horizon > w.test_len:
        raise ValidationError(f"window.horizon {w.horizon} is longer than the test part ({w.test_len})")
    split = split_in_time(len(series), w.test_len, w.val_fraction, min_train=w.input_len + target_len)
    train_part, val_part, test_part = split.parts(series)
    scaler = Scaler().fit(train_part)
    notes: list[str] = []
    if scaler.constant_.any():
        notes.append(f"series is constant (all {len(train_part)} training values = {train_part[0, 0]:g}); "
                     "trained with scale 1, its forecast is that constant")
    z = scaler.transform(series)  # (N, F)
    windows = WindowSet.from_segments([z[: split.train_end]], w.input_len, target_len, w.stride)
    # Validation windows take their context from the end of the training part; their
    # targets lie wholly in the validation part, so nothing after the split is learned.
    val = None
    if split.val_end - split.train_end >= target_len:
        val = WindowSet.from_segments(
            [z[split.train_end - w.input_len : split.val_end]], w.input_len, target_len
        )

    torch.set_num_threads(cfg.train.threads)
    torch.manual_seed(cfg.seed)
    net = build_model(cfg.model, input_size=series.shape[1])
    t_train = time.perf_counter()
    history = train(net, windows, cfg.train, train_rng, val=val, on_epoch=on_epoch, checkpoint=checkpoint)
    notes.extend(history.notes)  # recoveries from non-finite steps, if any
    t_eval = time.perf_counter()

    holdout = val_part if len(val_part) else train_part[-max(len(train_part) // 5, 1) :]
    fit_part = train_part if len(val_part) else train_part[: -len(holdout)]
    forecasters = {cfg.model.cell.upper(): NetForecaster(net, scaler, w.input_len)}
    forecasters.update(make_baselines(fit_part, holdout, cfg, notes))
    known = series[: split.val_end]
    truth = test_part[: w.horizon]
    forecasts = {}
    for name, f in forecasters.items():
        ctx = known[-w.input_len :] if isinstance(f, NetForecaster) else known
        forecasts[name] = f.predict(ctx[None], w.horizon)[0]  # (horizon, F)
    metrics = evaluate_forecasts(forecasts, truth, train_part, cfg, notes)
    metrics["train"] = {
        "epochs": len(history.history["train_loss"]),
        "final_loss": history.history["train_loss"][-1],
        "best_epoch": history.best_epoch,
        "steps": history.n_steps,
    }
    seconds = {"train": t_eval - t_train, "total": time.perf_counter() - t_start}
    return ExperimentResult(cfg, series, split, scaler, net, history, forecasts, truth, metrics, notes, seconds)


def evaluate_forecasts(forecasts, truth, train_part, cfg: Config, notes: list[str]) -> dict:
    from .evaluation import naive_scale, score

    period = cfg.eval.period or bl.detect_period(train_part) or 1
    scale = naive_scale(train_part, period) if len(train_part) > period else None
    scores = {name: score(f[None], truth[None], scale) for name, f in forecasts.items()}
    floor = noise_floor(cfg)
    return {
        "horizon": cfg.window.horizon,
        "forecasters": scores,
        "noise_floor_mse": floor,
        "notes": list(notes),
    }


def save(result: ExperimentResult, out: str | Path) -> Path:
    """Write config.json, metrics.json and the figures into `out` (created if missing)."""
    from . import report

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "config.json").write_text(json.dumps(to_dict(result.config), indent=2) + "\n")
    (out / "metrics.json").write_text(json.dumps(result.metrics, indent=2, allow_nan=False) + "\n")
    (out / "timings.json").write_text(json.dumps(result.seconds, indent=2) + "\n")  # wall times: kept out of metrics.json so that it is reproducible
    sp = result.split
    report.forecast_figure(
        out / "forecast.png",
        history=result.series[: sp.val_end, 0],
        truth=result.truth[:, 0],
        forecasts={k: v[:, 0] for k, v in result.forecasts.items()},
        start=sp.val_end,
        title=f"{result.config.name}: {len(result.truth)}-step free-running forecast",
    )
    report.loss_figure(out / "loss.png", result.train.history)
    return out
