"""What checkpoints cost the direct net: one run with and without a checkpoint plan.

    python -m benchmarks.direct_checkpoint [--seconds 10] [--reps 3]

60 monthly series of 144 points, default settings (about 2,000 optimizer steps a stage, 5
stages), one thread; `experiment.run` alternately without a checkpoint and with the CLI's
default plan (every stage's end, a pass's end once --checkpoint-seconds have passed). Wall
and process CPU seconds of each run; the ratio of the best of each.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import torch

from wavecast.config import load, to_dict
from wavecast.data.reader import from_object
from wavecast.experiment import run
from wavecast.io.checkpoint import FILENAME, CheckpointPlan


def panel(n_series: int = 60, n: int = 144):
    rng = np.random.default_rng(0)
    t = np.arange(n)
    rows = [pd.DataFrame({"id": f"s{k}", "t": pd.date_range("2000-01-01", periods=n, freq="MS"),
                          "y": (50 + 10 * k) * (1 + 0.005 * t) * (1 + 0.2 * np.sin(2 * np.pi * (t + k) / 12))
                          * np.exp(0.05 * rng.standard_normal(n))}) for k in range(n_series)]
    return from_object(pd.concat(rows, ignore_index=True), "y", "t", "id")


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seconds", type=float, default=10.0, help="--checkpoint-seconds of the plan")
    p.add_argument("--reps", type=int, default=3)
    args = p.parse_args(argv)
    ds, cfg = panel(), load(None, [])
    torch.set_num_threads(1)
    best: dict[str, tuple[float, float]] = {}
    for rep in range(args.reps):
        for how in ("none", "checkpoint"):
            with tempfile.TemporaryDirectory() as d:
                plan = None if how == "none" else CheckpointPlan(
                    Path(d) / FILENAME, min_seconds=args.seconds, identity={"config": to_dict(cfg)})
                t0, c0 = time.perf_counter(), time.process_time()
                r = run(cfg, checkpoint=plan, dataset=ds)
                wall, cpu = time.perf_counter() - t0, time.process_time() - c0
                size = (Path(d) / FILENAME).stat().st_size if plan else 0
            w, c = best.get(how, (np.inf, np.inf))
            best[how] = (min(w, wall), min(c, cpu))
            print(f"{how:10s} rep {rep}: wall {wall:.2f} s, cpu {cpu:.2f} s, {r.metrics['train']['steps']} steps "
                  f"a net, checkpoint {size:,} bytes", flush=True)
    (wn, cn), (wc, cc) = best["none"], best["checkpoint"]
    print(f"best of {args.reps}: wall {wc:.2f} / {wn:.2f} s = {wc / wn:.3f}; cpu {cc:.2f} / {cn:.2f} s = {cc / cn:.3f}")


if __name__ == "__main__":
    main()
