"""Batched backtest vs a loop: 100 origins of the demo LSTM in one rollout, or 100 calls.

    .venv/bin/python benchmarks/backtest_batch.py [--origins 100] [--repeats 5]

Trains the demo network once (seed 0), then times backtest(refit=False) (one predict over
all origins) against a Python loop calling predict once per origin, and checks that both
give the same forecasts. Prints the median of the repeats and the load average, since on a
shared machine the load changes the figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import numpy as np


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--origins", type=int, default=100)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()

    from wavecast.config import load
    from wavecast.evaluate.backtest import backtest
    from wavecast.experiment import run

    res = run(load(None, ["name=demo", f"window.test_len={40 + args.origins - 1}"]))
    net, series, h = res.forecaster, res.series, res.config.window.horizon
    L = net.input_len

    def batched():
        return backtest(net, series, h, args.origins, first_origin=res.split.val_end).forecasts

    def looped():
        origins = np.arange(len(series) - h - args.origins + 1, len(series) - h + 1)
        return np.stack([net.predict(series[None, o - L : o], h)[0] for o in origins])

    np.testing.assert_allclose(batched(), looped(), atol=1e-5)  # float32 batch vs single rows
    times = {}
    for name, fn in (("one batched call", batched), (f"loop of {args.origins} calls", looped)):
        runs = []
        for _ in range(args.repeats):
            t0 = time.perf_counter()
            fn()
            runs.append(time.perf_counter() - t0)
        times[name] = statistics.median(runs)
    load1 = os.getloadavg()[0]
    print(f"{args.origins} origins x {h} steps, LSTM hidden 50, 1 torch thread, "
          f"median of {args.repeats}; load average {load1:.2f}")
    for name, t in times.items():
        print(f"  {name:>20}: {t * 1e3:8.1f} ms")
    a, b = times.values()
    print(f"  speed-up: {b / a:.1f}x")


if __name__ == "__main__":
    main()
