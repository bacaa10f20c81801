"""Task 3, noisy-sine: a sine (40 a cycle) plus Gaussian noise of 0.1; how close to the floor?

3,000 points: train on the first 2,000, then 40-step free-running forecasts from every origin
of the last 1,000 (one batched call). The floor is the RMSE of the noiseless sine on those
same points (about the noise's 0.1: nothing can forecast the noise), so the target, RMSE
within 1% of the floor, does not depend on how lucky the test noise was.

    python -m benchmarks.noisy_task --seed 0 [--set train.epochs=30 ...]
"""

from __future__ import annotations

import numpy as np

from .common import seeded_task_main
from .timed_fit import timed_fit

NOISE, LENGTH, TRAIN, PERIOD, HORIZON = 0.1, 3000, 2000, 40, 40
TOLERANCE = 1.01  # within 1% of the floor
# A longer context to average the noise over and a longer free-running loss, chosen by
# measurement (seed 0): 1.020x the floor, where the demo's settings gave 1.039x.
DEFAULTS = ["window.input_len=80", "train.rollout_steps=20"]


def sine_fit_rmse(context: np.ndarray, truth: np.ndarray, unit_amplitude: bool = False) -> float:
    """RMSE of a least-squares fit of a sin + b cos (the period known, no offset) to each
    context (B, w, 1), extrapolated over truth (B, H, 1); with unit_amplitude, (a, b) scaled to
    norm 1, so only the phase is estimated. What a forecaster told the period (and the
    amplitude) reaches from the same noisy contexts: the net's share above the floor is
    compared with these, since no forecaster can know the phase of a noisy context exactly.
    """
    w, h = context.shape[1], truth.shape[1]
    phase = 2 * np.pi * np.arange(w + h) / PERIOD
    basis = np.stack([np.sin(phase), np.cos(phase)], axis=1)  # (w + H, 2)
    coef, *_ = np.linalg.lstsq(basis[:w], context[:, :, 0].T, rcond=None)  # (2, B)
    if unit_amplitude:
        coef = coef / np.linalg.norm(coef, axis=0)
    return float(np.sqrt(np.mean(((basis[w:] @ coef).T - truth[:, :, 0]) ** 2)))


def run(seed: int, overrides: list[str]) -> dict:
    import torch

    from wavecast.config import load
    from wavecast.data.scaling import Scaler
    from wavecast.data.signals import noisy_sine, sine
    from wavecast.data.windows import WindowSet, make_windows
    from wavecast.defaults import resolve
    from wavecast.forecasters.net import NetForecaster
    from wavecast.models.recurrent import build_model

    cfg = load(None, [f"seed={seed}", *DEFAULTS, *overrides])
    cfg = resolve(cfg).config  # the signal's defaults (one period), as `wavecast run` resolves them
    rng = np.random.default_rng(seed)
    data_rng, train_rng = rng.spawn(2)
    series = noisy_sine(LENGTH, PERIOD, data_rng, 0.0, NOISE)[:, None]  # (N, 1)
    clean = sine(LENGTH, PERIOD)[:, None]
    scaler = Scaler().fit(series[:TRAIN])
    target_len = max(1, cfg.train.rollout_steps)
    windows = WindowSet.from_segments([scaler.transform(series[:TRAIN])], cfg.window.input_len, target_len)
    w = cfg.window.input_len
    context, truth = make_windows(series[TRAIN - w :], w, HORIZON)  # (B, w, 1), (B, H, 1)
    _, oracle = make_windows(clean[TRAIN - w :], w, HORIZON)
    floor = float(np.sqrt(np.mean((oracle - truth) ** 2)))
    torch.set_num_threads(cfg.train.threads)
    torch.manual_seed(cfg.seed)
    net = build_model(cfg.model)

    def score() -> float:
        pred = NetForecaster(net, scaler, w).predict(context, HORIZON)
        return float(np.sqrt(np.mean((pred - truth) ** 2)))

    fit = timed_fit(net, windows, cfg.train, train_rng, score, TOLERANCE * floor)
    rmse = fit.pop("score")
    return {"system": "wavecast", "seed": seed, "rmse": rmse, "floor_rmse": floor,
            "ratio_to_floor": rmse / floor,
            "sine_fit_ratio": sine_fit_rmse(context, truth) / floor,
            "phase_fit_ratio": sine_fit_rmse(context, truth, unit_amplitude=True) / floor, **fit}


def main(argv: list[str] | None = None) -> None:
    seeded_task_main("python -m benchmarks.noisy_task", run, argv)


if __name__ == "__main__":
    main()
