"""Throughput (windows per second) and peak memory at scale, one measurement per process.

    python -m benchmarks.scale throughput --hidden 128 [--batch 256 --threads 1 --device cpu]
    python -m benchmarks.scale memory --layout long|many [--points 10000000]

Memory: training on 10,000,000 points (one long series, or 10,000 series of 1,000), windows
of 40 at stride 1, the default model and loss (LSTM 50, batch 32, free-running loss of 5).
Peak RSS is read from the kernel (ru_maxrss) and compared with 3x the raw data (float64) plus
the model, above the process's RSS before the data existed (Python, torch, the model). A
full epoch of ~10 million windows takes the best part of an hour on one core, so the epoch
is cut after `seconds` by SIGALRM: everything the epoch allocates up front (the series
tensor, window offsets, the shuffled order) is in place by then, and each batch's memory is
freed before the next, so the peak does not grow with the rest of the epoch.
"""

from __future__ import annotations

import argparse
import json
import resource
import signal
import time

import numpy as np


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def throughput(hidden: int, batch: int = 256, threads: int = 1, device: str = "cpu",
               steps: int = 6, min_seconds: float = 2.0) -> dict:
    """Training windows/s of an LSTM(hidden) on windows of 40 with the default loss
    (TrainConfig's free-running steps), after 3 warm-up steps.

    Runs at least `steps` steps and at least `min_seconds`: 6 steps of hidden 32 took 0.04 s,
    short enough that one scheduler hiccup moved the figure by a fifth between runs.
    """
    import torch

    from wavecast.config import TrainConfig
    from wavecast.models.recurrent import RecurrentNet
    from wavecast.training.loop import window_loss

    torch.set_num_threads(threads)
    torch.manual_seed(0)
    net = RecurrentNet("lstm", 1, hidden).to(device)
    cfg = TrainConfig()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    x = torch.randn(batch, 40, 1, device=device)
    t = torch.randn(batch, max(1, cfg.rollout_steps), 1, device=device)

    def step() -> None:
        opt.zero_grad()
        window_loss(net, x, t, cfg).backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
        opt.step()

    for _ in range(3):  # warm-up: first-call allocations and kernel choice
        step()
    if device == "cuda":
        torch.cuda.synchronize()
    t0, done = time.perf_counter(), 0
    while done < steps or time.perf_counter() - t0 < min_seconds:
        step()
        done += 1
        if device == "cuda":
            torch.cuda.synchronize()
    seconds = time.perf_counter() - t0
    return {"hidden": hidden, "batch": batch, "threads": threads, "device": device,
            "rollout_steps": cfg.rollout_steps, "steps": done,
            "windows_per_s": done * batch / seconds, "seconds": seconds}


class _TimeUp(Exception):
    pass


def _time_up(signum, frame):
    raise _TimeUp


def memory(layout: str, points: int = 10_000_000, series_len: int = 1000, seconds: int = 15) -> dict:
    """Peak RSS of training on `points` float64 values, against 3x raw + model."""
    import torch

    from wavecast.config import TrainConfig
    from wavecast.data.windows import WindowSet
    from wavecast.models.recurrent import RecurrentNet
    from wavecast.training.loop import train

    torch.set_num_threads(1)
    torch.manual_seed(0)
    net = RecurrentNet("lstm", 1, 50)
    model_mb = sum(p.numel() * p.element_size() for p in net.parameters()) / 2**20
    # Warm torch's allocator and optimizer imports so the baseline holds the fixed costs.
    cfg = TrainConfig(epochs=1)
    target_len = cfg.rollout_steps
    tiny = WindowSet.from_segments([np.sin(np.arange(200.0))], 40, target_len)
    train(net, tiny, cfg, np.random.default_rng(0))
    base = _rss_mb()
    rng = np.random.default_rng(0)
    # Built in place, a million values at a time: temporaries of the size of the data
    # (t, sin(t), the noise) would set the peak before training starts.
    raw = np.arange(points, dtype=np.float64)  # (points,)
    raw *= 2 * np.pi / 40
    np.sin(raw, out=raw)
    for lo in range(0, points, 1_000_000):
        chunk = raw[lo : lo + 1_000_000]
        chunk += 0.1 * rng.standard_normal(len(chunk))
    raw_mb = raw.nbytes / 2**20
    if layout == "long":
        windows = WindowSet.from_segments([raw], 40, target_len)
    else:
        windows = WindowSet.from_segments(list(raw.reshape(-1, series_len)), 40, target_len)
    t0 = time.perf_counter()
    old = signal.signal(signal.SIGALRM, _time_up)
    signal.alarm(seconds)
    finished = True
    try:
        train(net, windows, cfg, np.random.default_rng(0))
    except _TimeUp:
        finished = False
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    seconds = time.perf_counter() - t0
    peak = _peak_mb()
    above = peak - base
    budget = 3 * raw_mb + model_mb
    return {"layout": layout, "points": points, "windows": len(windows), "raw_mb": raw_mb,
            "model_mb": model_mb, "baseline_rss_mb": base, "peak_rss_mb": peak,
            "peak_above_baseline_mb": above, "budget_mb": budget, "within_budget": above <= budget,
            "trained_s": seconds, "epoch_finished": finished}


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m benchmarks.scale")
    sub = p.add_subparsers(dest="what", required=True)
    t = sub.add_parser("throughput")
    t.add_argument("--hidden", type=int, required=True)
    t.add_argument("--batch", type=int, default=256)
    t.add_argument("--threads", type=int, default=1)
    t.add_argument("--device", default="cpu")
    t.add_argument("--steps", type=int, default=6, help="at least this many timed steps")
    t.add_argument("--min-seconds", type=float, default=2.0, help="and at least this long")
    m = sub.add_parser("memory")
    m.add_argument("--layout", choices=["long", "many"], required=True)
    m.add_argument("--points", type=int, default=10_000_000)
    m.add_argument("--seconds", type=int, default=15, help="cut the epoch after this long")
    a = p.parse_args(argv)
    if a.what == "throughput":
        out = throughput(a.hidden, a.batch, a.threads, a.device, a.steps, a.min_seconds)
    else:
        out = memory(a.layout, a.points, seconds=a.seconds)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
