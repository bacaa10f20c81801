"""predict's time on train.threads (what it runs on) against the process's default threads.

    python -m benchmarks.predict_threads [--series 3,1000] [--calls 10]

Fits a weekly panel of N series (120 points each, seed 0, 1 epoch: the time is the forecast's)
once for each train__threads given, then times predict(13) `calls` times, the caller's torch
threads at the machine's default: predict runs the net on train.threads and gives them back, so
train__threads=2 is what predict did before on a 2-core machine. Prints medians and maxima.
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
import pandas as pd


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--series", default="3,1000")
    ap.add_argument("--calls", type=int, default=10)
    ap.add_argument("--threads", default="1,2", help="train__threads to compare")
    args = ap.parse_args()
    import torch

    import wavecast

    warnings.simplefilter("ignore")
    rng = np.random.default_rng(1)
    weeks = pd.date_range("2021-01-04", periods=120, freq="W-MON")
    print(f"torch default threads {torch.get_num_threads()}")
    for n in (int(x) for x in args.series.split(",")):
        df = pd.concat([pd.DataFrame({"shop": k, "week": weeks, "sales": 100 + rng.normal(0, 2, 120)})
                        for k in range(n)])
        for th in (int(x) for x in args.threads.split(",")):
            f = wavecast.fit(df, target="sales", time="week", id="shop", epochs=1, seed=0, train__threads=th)
            f.predict(13)
            times = []
            for _ in range(args.calls):
                t0 = time.perf_counter()
                f.predict(13)
                times.append(time.perf_counter() - t0)
            print(f"{n} series, train.threads={th}: predict(13) median {np.median(times) * 1000:.1f} ms, "
                  f"max {max(times) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
