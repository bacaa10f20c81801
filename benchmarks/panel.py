"""Many series through the real path: a long-format Parquet file -> wavecast run, and DDP throughput.

    python -m benchmarks.panel make /tmp/panel/s10k.parquet          # 10,000 series x 1,000 points
    python -m benchmarks.panel make /tmp/panel/s10.parquet --n-series 10   # the code's fixed cost
    python -m benchmarks.panel memory /tmp/panel/s10k.parquet        # peak RSS of a 1-epoch run
    python -m benchmarks.panel baseline                              # RSS of python + torch + wavecast
    python -m benchmarks.panel read /tmp/panel/s10k.parquet [--general]  # the read+validate phase alone
    torchrun --standalone --nproc_per_node=N -m benchmarks.panel throughput [--series 200]

Memory: the whole `wavecast run` pipeline (read, validate, scale, 1 epoch over every window,
per-series scores beside the baselines, model and report written), in this process, peak RSS
from the kernel (ru_maxrss), and that peak above the process's RSS at the start (interpreter,
torch and wavecast imported). Raw data = 8 bytes x points. The code the run loads on the way
(pyarrow, oneDNN's kernels on the first LSTM call, matplotlib) costs the same for any data:
the same run on a file of 10 series (`make --n-series 10`) measures it, and the difference
between the two runs is what the data cost.
Read: panel.read_dataset as `wavecast run` calls it (a clean Parquet file streams through
parquet_read; --general forces the DataFrame path), peak and final RSS above the start
(VmHWM, VmRSS) and seconds.
Throughput: training windows per second of train() (global batch 256, LSTM 50, default loss)
with 1 or N processes on this machine (rank 0 prints).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

import numpy as np


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def make(path: str, n_series: int = 10_000, length: int = 1_000, seed: int = 0) -> None:
    """Sines of random period, level and amplitude plus noise, in long format (id, t, y)."""
    import pandas as pd

    rng = np.random.default_rng(seed)
    t = np.arange(length)
    period = rng.uniform(10, 60, (n_series, 1))
    level, amp = rng.uniform(-100, 1000, (n_series, 1)), rng.uniform(0.1, 50, (n_series, 1))
    y = level + amp * np.sin(2 * np.pi * t / period) + 0.05 * amp * rng.standard_normal((n_series, length))
    ids = np.array([f"sensor{i:05d}" for i in range(n_series)])
    pd.DataFrame({"sensor": np.repeat(ids, length), "t": np.tile(t, n_series), "y": y.reshape(-1)}).to_parquet(path)


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def memory(path: str, out: str, hidden: int, batch: int) -> dict:
    """The run in this process; a thread samples RSS every 0.5 s to show which phase peaks."""
    import threading

    import torch  # noqa: F401  (imported first: the baseline below includes it)

    from wavecast.cli import main

    base = _rss_mb()
    t0 = time.perf_counter()
    timeline: list[tuple[float, float]] = []
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.5):
            timeline.append((time.perf_counter() - t0, _rss_mb()))

    threading.Thread(target=sample, daemon=True).start()
    code = main(["run", "--data", path, "--target", "y", "--time", "t", "--id", "sensor", "--out", out,
                 "--overwrite", "--quiet", "--set", "train.epochs=1", "--set", f"model.hidden_size={hidden}",
                 "--set", f"train.batch_size={batch}"])
    done.set()
    m = json.loads(Path(out, "metrics.json").read_text())
    n_points = m["all_series"]["n_series"] * 1000
    raw_mb = 8 * n_points / 2**20
    rss = np.array(timeline)
    phase = {"start_rss_mb": round(base, 1),
             "max_rss_sampled_mb": round(float(rss[:, 1].max()), 1),
             "rss_at_s": [[round(t), round(r)] for t, r in timeline[:: max(1, len(timeline) // 40)]]}
    return {"exit": code, **phase, "peak_rss_mb": round(_peak_mb(), 1),
            "peak_above_start_mb": round(_peak_mb() - base, 1), "raw_mb": round(raw_mb, 1),
            "ratio_to_raw": round(_peak_mb() / raw_mb, 2), "seconds": round(time.perf_counter() - t0, 1),
            "pooled": m["all_series"]["forecasters"], "best": m["all_series"]["best"],
            "worst": m["all_series"]["worst"]}


def _status_mb() -> dict:
    with open("/proc/self/status") as f:
        return {k: int(v.split()[0]) / 1024 for k, v in (line.split(":", 1) for line in f)
                if k in ("VmRSS", "VmHWM")}


def read(path: str, general: bool) -> dict:
    import torch  # noqa: F401  (the same start as `memory` and `baseline`)

    from wavecast.config import load
    from wavecast.data import source as panel
    from wavecast.training import loop as training  # noqa: F401  (not data: pandas is part of the cost)

    cfg = load(None, [f"data.path={path}", "data.target=y", "data.time=t", "data.id=sensor"])
    start = _status_mb()
    t0 = time.perf_counter()
    if general:  # what panel.read_dataset did before parquet_read
        from wavecast.data import reader as data

        ds = data.read(path, "y", "t", "sensor", clean_first=False)
    else:
        ds = panel.read_dataset(cfg)
    seconds = time.perf_counter() - t0
    end = _status_mb()
    return {"path": "general" if general else "clean-first", "series": len(ds.values),
            "start_rss_mb": round(start["VmRSS"], 1), "peak_above_start_mb": round(end["VmHWM"] - start["VmRSS"], 1),
            "rss_after_above_start_mb": round(end["VmRSS"] - start["VmRSS"], 1), "seconds": round(seconds, 2)}


def baseline() -> dict:
    import torch  # noqa: F401

    import wavecast  # noqa: F401
    from wavecast.training import loop as training  # noqa: F401

    return {"peak_rss_mb": round(_peak_mb(), 1)}


def throughput(n_series: int, epochs: int, batch: int) -> dict | None:
    from wavecast.config import load
    from wavecast.experiment import run
    from wavecast.training import distributed

    d = distributed.from_env()
    import pandas as pd

    rng = np.random.default_rng(0)
    t = np.arange(400)
    y = np.sin(2 * np.pi * t / rng.uniform(10, 60, (n_series, 1))) + 0.05 * rng.standard_normal((n_series, 400))
    df = pd.DataFrame({"id": np.repeat(np.arange(n_series), 400), "y": y.reshape(-1)})
    from wavecast.data.reader import from_frame

    ds = from_frame(df, "y", "", "id")
    cfg = load(None, [f"train.epochs={epochs}", f"train.batch_size={batch}", "train.schedule=none"])
    res = run(cfg, dataset=ds, dist=d)
    distributed.shutdown(d)
    n_windows = n_series * (400 - 40 - 40 - 5 + 1)
    if not d.is_main:
        return None
    return {"processes": d.world_size, "backend": d.backend or "none", "windows": n_windows * epochs,
            "train_seconds": round(res.train.seconds, 2),
            "windows_per_s": round(n_windows * epochs / res.train.seconds)}


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("what", choices=["make", "memory", "baseline", "read", "throughput"])
    p.add_argument("path", nargs="?")
    p.add_argument("--out", default="/tmp/panel/run")
    p.add_argument("--hidden", type=int, default=16)
    p.add_argument("--batch", type=int, default=1024)
    p.add_argument("--series", type=int, default=100)
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--general", action="store_true", help="read: the DataFrame path, not parquet_read")
    p.add_argument("--n-series", type=int, default=10_000, help="make: how many series of 1,000 points")
    a = p.parse_args()
    if a.what == "make":
        make(a.path, n_series=a.n_series)
        sys.exit(0)
    r = (memory(a.path, a.out, a.hidden, a.batch) if a.what == "memory" else baseline() if a.what == "baseline"
         else read(a.path, a.general) if a.what == "read" else throughput(a.series, a.epochs, 256))
    if r is not None:
        print(json.dumps(r))
