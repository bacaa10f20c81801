"""Backtest band coverage on short daily series whose truth is known (docs/evaluation.md,
"Filled values and short series").

153 daily points (R's airquality's length), `wavecast.backtest(df, "y", "date", seed=0)` with
every default (20 origins, 14 leads), the 80% and 95% coverage of each forecaster's bands
averaged over the data seeds:

- ar1: 40 + 10 x, x an AR(1) with phi 0.7 and unit noise (stationary: an 80% band must cover 80%);
- seas: 40 + 15 sin(2 pi t / 7) + N(0, 8^2);
- ar1pos: exp(3.5 + 0.5 x), the AR(1) made positive (relative bands);
- gaps: the ar1 series (other draws) with runs of 3-15 values missing in its first 110 points
  (about 38% of the known part), read with fill="linear".

    python -m benchmarks.short_series_bands --kind ar1 --seeds 40
"""

from __future__ import annotations

import argparse
import warnings

import numpy as np
import pandas as pd

KINDS = ("ar1", "seas", "ar1pos", "gaps")


def series(kind: str, seed: int, n: int = 153) -> pd.DataFrame:
    rng = np.random.default_rng(seed + (100 if kind == "gaps" else 0))
    e = rng.normal(size=n + 200)
    x = np.zeros(n + 200)
    for t in range(1, n + 200):
        x[t] = 0.7 * x[t - 1] + e[t]
    if kind == "seas":
        y = 40 + 15 * np.sin(2 * np.pi * np.arange(n) / 7) + 8 * e[200:]
    elif kind == "ar1pos":
        y = np.exp(3.5 + 0.5 * x[200:])
    else:
        y = 40 + 10 * x[200:]
    if kind == "gaps":  # runs of missing days, as airquality's June
        i = 5
        while i < 110:
            k = int(rng.integers(3, 16))
            y[i : min(i + k, 110)] = np.nan
            i += k + int(rng.integers(5, 20))
    return pd.DataFrame({"y": y, "date": pd.date_range("1973-05-01", periods=n, freq="D")})


def main(kind: str, seeds: int) -> dict:
    import wavecast

    cov: dict[str, list] = {}
    for seed in range(seeds):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            bt = wavecast.backtest(series(kind, seed), "y", "date", seed=0,
                                   **({"fill": "linear"} if kind == "gaps" else {}))
        for name, m in bt.metrics["forecasters"].items():
            iv = m.get("intervals")
            if iv:
                key = "linear AR" if name.startswith("linear AR") else name  # its order varies by seed
                cov.setdefault(key, []).append((iv["80"]["coverage"], iv["95"]["coverage"]))
    out = {k: np.mean(v, axis=0).tolist() for k, v in cov.items()}
    print(f"{kind}, {seeds} seeds: 80% / 95% coverage")
    for k, (c80, c95) in out.items():
        print(f"  {k:16s} {100 * c80:5.1f}% / {100 * c95:5.1f}%")
    return out


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kind", choices=KINDS, default="ar1")
    ap.add_argument("--seeds", type=int, default=40)
    a = ap.parse_args()
    main(a.kind, a.seeds)
