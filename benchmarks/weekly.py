"""Weekly panels (a season of 52 with three to five years): does the net find the season?

    python -m benchmarks.weekly [--seeds 0,1] [--n 12] [--alone] [--short] [--set key=value ...]

Six families of synthetic weekly series, `--n` each (NumPy seed 11; lengths 160-270 weeks, or
120-175 with `--short`; the last 13 the test), each family a panel fitted with `GlobalNetForecaster` (or each series alone
with `--alone`), beside seasonal naive, the last value and the linear AR(p) of
`benchmarks.air_backtest`. MASE with the seasonal scale (lag 52), as M3/M4 score it. The
families: a smooth season with and without a trend, a season on a wandering level, a holiday
spike on a mild season, and two without a season (a random walk, an AR(0.9)) where calling a
season costs. Prints one JSON line: each family's MASE by system, and the mean of the seasonal
and the non-seasonal families.
"""

from __future__ import annotations

import argparse
import json
import time
import warnings

import numpy as np

from .air_backtest import ar_chosen
from .m3_metrics import score

SEASON, HORIZON = 52, 13
SEASONAL = ("season+trend", "season", "season+wander", "holiday")
PLAIN = ("random walk", "ar(0.9)")


def family(name: str, n_series: int, rng: np.random.Generator, lengths=(160, 270)) -> list[np.ndarray]:
    """`n_series` positive weekly series of one family, `lengths` points each (inclusive)."""
    out = []
    for _ in range(n_series):
        n = int(rng.integers(lengths[0], lengths[1] + 1))
        t = np.arange(n)
        phase = rng.uniform(0, 2 * np.pi)
        shape = np.sin(2 * np.pi * t / SEASON + phase) + 0.5 * np.cos(4 * np.pi * t / SEASON + phase)
        amp, sd = rng.uniform(10, 40), rng.uniform(3, 12)
        noise = rng.normal(0, sd, n)
        if name == "season+trend":
            y = 200 + rng.uniform(-0.3, 0.6) * t + amp * shape + noise
        elif name == "season":
            y = 200 + amp * shape + noise
        elif name == "season+wander":
            y = 200 + amp * shape + np.cumsum(rng.normal(0, sd / 3, n)) + noise / 2
        elif name == "holiday":
            spike = np.where(t % SEASON == 50, 3 * amp, 0.0) + np.where(t % SEASON == 51, 1.5 * amp, 0.0)
            y = 200 + 0.3 * amp * shape + spike + noise
        elif name == "random walk":
            y = 200 + np.cumsum(rng.normal(0, sd / 2, n))
        elif name == "ar(0.9)":
            e, x = rng.normal(0, sd / 2, n + 100), np.zeros(n + 100)
            for i in range(1, n + 100):
                x[i] = 0.9 * x[i - 1] + e[i]
            y = 200 + x[100:]
        else:
            raise ValueError(name)
        out.append(np.maximum(y, 1.0))
    return out


def run(seeds: list[int], n_series: int, alone: bool, settings: dict, short: bool = False) -> dict:
    import torch

    from wavecast.forecasters.fallback import seasonal_naive
    from wavecast.forecasters.global_net import GlobalNetForecaster

    torch.set_num_threads(1)
    warnings.filterwarnings("ignore")
    rng = np.random.default_rng(11)
    h, m = HORIZON, SEASON
    out = {"n": n_series, "alone": alone, "short": short, "settings": settings, "families": {}}
    for name in SEASONAL + PLAIN:
        series = family(name, n_series, rng, (120, 175) if short else (160, 270))
        train, test = [y[:-h] for y in series], [y[-h:] for y in series]
        res = {}
        res["seasonal naive"] = score(train, test, np.array([seasonal_naive(y, h, m) for y in train]), m)["mase"]
        res["last value"] = score(train, test, np.array([np.full(h, y[-1]) for y in train]), m)["mase"]
        res["ar"] = score(train, test, np.array([ar_chosen(y, h)[0] for y in train]), m)["mase"]
        for seed in seeds:
            t0 = time.perf_counter()
            if alone:
                f = np.array([GlobalNetForecaster(seed=seed, **settings).fit([y], h, m).predict([y], h)[0]
                              for y in train])
            else:
                f = GlobalNetForecaster(seed=seed, **settings).fit(train, h, m).predict(train, h)
            res[f"wavecast seed {seed}"] = score(train, test, f, m)["mase"]
            res[f"wall_s seed {seed}"] = round(time.perf_counter() - t0, 1)
        res["wavecast"] = float(np.mean([res[f"wavecast seed {s}"] for s in seeds]))
        out["families"][name] = res
    for part, names in (("seasonal", SEASONAL), ("plain", PLAIN)):
        out[part] = {k: float(np.mean([out["families"][f][k] for f in names]))
                     for k in ("wavecast", "seasonal naive", "last value", "ar")}
    return out


def main(argv: list[str] | None = None) -> dict:
    from .m3_run import _value

    p = argparse.ArgumentParser(prog="python -m benchmarks.weekly")
    p.add_argument("--seeds", default="0,1")
    p.add_argument("--n", type=int, default=12)
    p.add_argument("--alone", action="store_true")
    p.add_argument("--short", action="store_true", help="120-175 weeks (two to three years and a quarter)")
    p.add_argument("--set", dest="overrides", action="append", default=[])
    a = p.parse_args(argv)
    settings = {k.strip(): _value(v.strip()) for k, _, v in (kv.partition("=") for kv in a.overrides)}
    res = run([int(s) for s in a.seeds.split(",")], a.n, a.alone, settings, a.short)
    print(json.dumps(res), flush=True)
    return res


if __name__ == "__main__":
    main()
