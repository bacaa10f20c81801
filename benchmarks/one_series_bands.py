"""The saved model's bands of one series, checked on the points after its data.

Eight 120-point monthly series (a trend or a random walk, a season of amplitude 10, noise sd 3;
seeds 0-7, or those of --seeds), each given to `wavecast.fit` without its last 18 points (which
the fit never sees; it holds out its own last 18 inside them), then `predict(18, level=[80, 95])`;
the coverage, width and interval score (Winkler's: width plus 2 / alpha times the miss) of the
bands on those 18 points, and the forecast's RMSE, averaged over the series; with more than one
series, the coverage's standard error over them (each series' 18 points share its errors).

    python -m benchmarks.one_series_bands [--seeds 0-79]
"""

from __future__ import annotations

import argparse
import warnings

import numpy as np
import pandas as pd


def series(seed: int, n: int = 120) -> pd.Series:
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    level = 100 + 0.5 * t if seed % 2 == 0 else 100 + np.cumsum(rng.normal(0, 2, n))
    y = level + 10 * np.sin(2 * np.pi * t / 12) + rng.normal(0, 3, n)
    return pd.Series(y, index=pd.date_range("2010-01-01", periods=n, freq="MS"), name="y")


def score(truth: np.ndarray, p: pd.DataFrame) -> list[float]:
    """[coverage, width, interval score] at 80% then 95%, and the RMSE, of one series."""
    row = []
    for level in (80, 95):
        lo, hi = p[f"lo-{level}"].to_numpy(), p[f"hi-{level}"].to_numpy()
        alpha = 1 - level / 100
        miss = (lo - truth) * (truth < lo) + (truth - hi) * (truth > hi)
        row += [
            float(np.mean((truth >= lo) & (truth <= hi))),
            float(np.mean(hi - lo)),
            float(np.mean(hi - lo + 2 / alpha * miss)),
        ]
    return row + [float(np.sqrt(np.mean((p["forecast"].to_numpy() - truth) ** 2)))]


def main(seeds=range(8)) -> dict:
    import wavecast

    rows = []
    for seed in seeds:
        s = series(seed)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            p = wavecast.fit(s[:-18], horizon=18, seed=0).predict(18, level=[80, 95])
        rows.append(score(s.to_numpy()[-18:], p))
    r = np.array(rows)
    m = r.mean(axis=0)
    out = {
        "coverage_80": m[0],
        "width_80": m[1],
        "coverage_95": m[3],
        "width_95": m[4],
        "rmse": m[6],
        "interval_score_80": m[2],
        "interval_score_95": m[5],
    }
    if len(r) > 1:
        out |= {
            "coverage_se_80": r[:, 0].std(ddof=1) / np.sqrt(len(r)),
            "coverage_se_95": r[:, 3].std(ddof=1) / np.sqrt(len(r)),
        }
    print(f"{len(r)} series: " + " ".join(f"{k} {v:.3g}" for k, v in out.items()))
    return out


def seed_range(text: str) -> range:
    """'0-79' -> range(0, 80); '5' -> range(5, 6)."""
    a, _, b = text.partition("-")
    return range(int(a), int(b or a) + 1)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--seeds", type=seed_range, default=range(8), help="data seeds, e.g. 0-79 (default 0-7)"
    )
    main(ap.parse_args().seeds)
