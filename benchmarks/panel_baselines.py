"""The baselines' per-series work on a large panel (docs/benchmarks.md, "Baselines of a large
panel"): LinearAR's fit of every series (wavecast.fit scores it) and the baselines' forecasts
after each series' end (predict(h, baselines=True): future_baselines.future_forecasts), timed
on a synthetic monthly panel. Runs on any commit: it calls public functions only.

    python -m benchmarks.panel_baselines [--series 20000] [--runs 3]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import time

import numpy as np


def panel(n: int, seed: int = 0) -> list[np.ndarray]:
    """n monthly series of 40-150 points: level and noise, a trend, a multiplicative season, both,
    or a random walk of any sign, a quarter each."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        length = int(rng.integers(40, 151))
        t = np.arange(length)
        level = rng.uniform(10, 1000)
        y = level + rng.normal(0, 0.05 * level, length)
        if i % 4 in (0, 2):
            y = y + rng.uniform(-0.01, 0.02) * level * t
        if i % 4 in (1, 2):
            y = y * (1 + rng.uniform(0.05, 0.3) * np.sin(2 * np.pi * t / 12 + rng.uniform(0, 6)))
        if i % 4 == 3:
            y = np.cumsum(rng.normal(0, 1, length)) + rng.uniform(-5, 5)
        rng.integers(0, 12)  # the panel_bench draw of each series' end (kept: the same values)
        out.append(y)
    return out


def main(argv=None) -> None:
    from wavecast.forecasters.baselines import LinearAR
    from wavecast.forecasters.future_baselines import future_forecasts

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--series", type=int, default=20000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    values = panel(args.series)
    names = ["mean", "last value", "seasonal naive", "linear AR(6)", "theta"]
    setup = {"period": 12, "ar_order": 6, "names": names}
    ids = [f"s{i}" for i in range(len(values))]
    for run in range(args.runs):
        load = os.getloadavg()[0]
        t0 = time.perf_counter()
        coefs = LinearAR(6).fit([v[:, None] for v in values]).coefs_
        t1 = time.perf_counter()
        out, _ = future_forecasts(names, setup, values, 12, ids)
        t2 = time.perf_counter()
        digest = hashlib.sha256(coefs.tobytes() + b"".join(out[n].tobytes() for n in names)).hexdigest()[:16]
        print(f"run {run}: LinearAR(6).fit {t1 - t0:.2f} s, future_forecasts (5 baselines, h=12) "
              f"{t2 - t1:.2f} s; load {load:.1f} at start; numbers {digest}", flush=True)


if __name__ == "__main__":
    main()
