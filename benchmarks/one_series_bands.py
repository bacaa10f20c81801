"""The saved model's bands of one series, checked on the points after its data.

Eight 120-point monthly series (a trend or a random walk, a season of amplitude 10, noise sd 3;
seeds 0-7), each given to `wavecast.fit` without its last 18 points (which the fit never sees;
it holds out its own last 18 inside them), then `predict(18, level=[80, 95])`; the coverage and
width of the bands on those 18 points, and the forecast's RMSE, averaged over the series.

    python -m benchmarks.one_series_bands
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd


def series(seed: int, n: int = 120) -> pd.Series:
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    level = 100 + 0.5 * t if seed % 2 == 0 else 100 + np.cumsum(rng.normal(0, 2, n))
    y = level + 10 * np.sin(2 * np.pi * t / 12) + rng.normal(0, 3, n)
    return pd.Series(y, index=pd.date_range("2010-01-01", periods=n, freq="MS"), name="y")


def main() -> dict:
    import wavecast

    rows = []
    for seed in range(8):
        s = series(seed)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            p = wavecast.fit(s[:-18], horizon=18, seed=0).predict(18, level=[80, 95])
        truth = s.to_numpy()[-18:]
        row = []
        for level in (80, 95):
            lo, hi = p[f"lo-{level}"].to_numpy(), p[f"hi-{level}"].to_numpy()
            row += [float(np.mean((truth >= lo) & (truth <= hi))), float(np.mean(hi - lo))]
        rows.append(row + [float(np.sqrt(np.mean((p["forecast"].to_numpy() - truth) ** 2)))])
    m = np.mean(rows, axis=0)
    out = {"coverage_80": m[0], "width_80": m[1], "coverage_95": m[2], "width_95": m[3], "rmse": m[4]}
    print(" ".join(f"{k} {v:.3g}" for k, v in out.items()))
    return out


if __name__ == "__main__":
    main()
