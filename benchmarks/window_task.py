"""Task 1, window-lstm: 800-point sine (40 a cycle), train on 760, 40-step free-running forecast.

Runs one system for one seed in this process and prints one JSON line (the caller times the
whole process from outside):

    python -m benchmarks.window_task wavecast --seed 0 [--set train.epochs=10 ...]
    python -m benchmarks.window_task seed004 --seed 0 [--epochs 10]

Training seconds exclude the per-epoch forecast check that finds the time to the target.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np

from .timed_fit import timed_fit

TARGET_MSE = 1e-5  # the accuracy target for the 40-step forecast
N, PERIOD, TEST, WINDOW = 800, 40, 40, 40


def sine_series() -> np.ndarray:
    """The tutorials' series: sin(2 pi t / 40), t = 0..799, as float64 (N,)."""
    return np.sin(2 * np.pi * np.arange(N) / PERIOD)


def run_wavecast(seed: int, overrides: list[str]) -> dict:
    """wavecast's library path with the demo's defaults, timed to the first epoch <= target."""
    import torch

    from wavecast.config import load
    from wavecast.data.scaling import Scaler
    from wavecast.data.windows import WindowSet, split_in_time
    from wavecast.defaults import resolve
    from wavecast.experiment import make_series
    from wavecast.forecasters.net import NetForecaster
    from wavecast.models.recurrent import build_model

    cfg = load(None, [f"seed={seed}", *overrides])
    cfg = resolve(cfg).config  # the signal's defaults (one period), as `wavecast run` resolves them
    rng = np.random.default_rng(cfg.seed)
    data_rng, train_rng = rng.spawn(2)
    series = make_series(cfg, data_rng)  # (N, 1), the same sine as sine_series()
    target_len = max(1, cfg.train.rollout_steps)
    split = split_in_time(len(series), TEST, 0.0, min_train=WINDOW + target_len)
    scaler = Scaler().fit(series[: split.train_end])
    z = scaler.transform(series)
    windows = WindowSet.from_segments([z[: split.train_end]], cfg.window.input_len, target_len)
    torch.set_num_threads(cfg.train.threads)
    torch.manual_seed(cfg.seed)
    net = build_model(cfg.model)
    context = series[None, split.train_end - cfg.window.input_len : split.train_end]
    truth = series[split.train_end : split.train_end + TEST, 0]

    def score() -> float:
        pred = NetForecaster(net, scaler, cfg.window.input_len).predict(context, TEST)[0, :, 0]
        return float(np.mean((pred - truth) ** 2))

    fit = timed_fit(net, windows, cfg.train, train_rng, score, TARGET_MSE)
    return {"system": "wavecast", "seed": seed, "mse": fit.pop("score"), **fit}


def run_seed004(seed: int, epochs: int = 10) -> dict:
    """The seed-004 tutorial loop, written fresh: batch 1, SGD lr 0.01, state reset per window.

    Unscaled data, 720 windows of 40 -> next value, one optimizer step per window; the
    forecast appends each prediction and re-runs the LSTM on the last 40 values from a
    zero state, 40 times.
    """
    import torch
    from torch import nn

    torch.set_num_threads(1)
    torch.manual_seed(seed)
    y = torch.sin(torch.linspace(0, N - 1, steps=N) * 2 * 3.1416 / PERIOD)
    train_set = y[:-TEST]
    data = [(train_set[i : i + WINDOW], train_set[i + WINDOW : i + WINDOW + 1]) for i in range(len(train_set) - WINDOW)]

    class LSTM(nn.Module):
        def __init__(self, hidden_size: int = 50):
            super().__init__()
            self.hidden_size = hidden_size
            self.lstm = nn.LSTM(1, hidden_size)
            self.linear = nn.Linear(hidden_size, 1)

        def reset(self) -> None:
            self.hidden = (torch.zeros(1, 1, self.hidden_size), torch.zeros(1, 1, self.hidden_size))

        def forward(self, seq):
            out, self.hidden = self.lstm(seq.view(len(seq), 1, -1), self.hidden)
            return self.linear(out.view(len(seq), -1))[-1]

    model = LSTM()
    criterion = nn.MSELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    t0 = time.perf_counter()
    for _ in range(epochs):
        for seq, label in data:
            optimizer.zero_grad()
            model.reset()
            loss = criterion(model(seq), label)
            loss.backward()
            optimizer.step()
    train_s = time.perf_counter() - t0
    preds = train_set[-WINDOW:].tolist()
    with torch.no_grad():
        for _ in range(TEST):
            model.reset()
            preds.append(model(torch.tensor(preds[-WINDOW:])).item())
    mse = float(np.mean((np.array(preds[-TEST:]) - y[-TEST:].numpy()) ** 2))
    return {"system": "seed004", "seed": seed, "train_s": train_s, "mse": mse,
            "time_to_target_s": train_s if mse <= TARGET_MSE else None, "epochs": epochs}


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m benchmarks.window_task")
    p.add_argument("system", choices=["wavecast", "seed004"])
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--set", dest="overrides", action="append", default=[])
    p.add_argument("--epochs", type=int, default=10, help="seed004 only")
    a = p.parse_args(argv)
    if a.system == "wavecast":
        out = run_wavecast(a.seed, a.overrides)
    else:
        out = run_seed004(a.seed, a.epochs)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
