"""Covariates (issue 17) on two synthetic panels, through wavecast.fit with its defaults.

driven   y_t = 2 x_t + a season (period 12, amplitude 3, a random phase a series) + noise
         (sd 0.5), x a random walk: the net with `future=["x"]` (the CLI's --future x) against
         the net without it; goal: MSE <= 0.3x the MSE without x and within 20% of the noise
         floor (0.25, the noise variance).
lagged   y_t = 2 x_(t - H) + noise (sd 0.5), x a random walk: x known up to the origin
         determines the whole horizon; `past=["x"]` against univariate.

Both: 30 series of 240 monthly points, the last 12 held out (the run's test part), one CPU
thread, seed 0. MSE is the net's on the held-out end pooled over every series (the run's
metrics["forecasters"][net]["mse"]), in data units.

    python -m benchmarks.covariates [--seed 0] [--series 30] [--length 240] [--loss l1|mse]
    python -m benchmarks.covariates --kind recursive   # the recursive net (model.kind=recursive),
        every default; its past covariates are forecast jointly with the target and fed back
"""

from __future__ import annotations

import argparse
import json
import time
import warnings

import numpy as np
import pandas as pd

import wavecast

H, SEASON, NOISE = 12, 12, 0.5


def panel(kind: str, n_series: int, length: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frames = []
    for s in range(n_series):
        x = np.cumsum(rng.normal(0.0, 1.0, length + H))
        e = rng.normal(0.0, NOISE, length)
        if kind == "driven":
            season = 3.0 * np.sin(2 * np.pi * np.arange(length) / SEASON + rng.uniform(0, 2 * np.pi))
            y, x = 2.0 * x[H:] + season + e, x[H:]
        else:  # lagged: y_t = 2 x_(t - H)
            y, x = 2.0 * x[:length] + e, x[H:]
        frames.append(pd.DataFrame({"id": f"s{s}", "month": pd.date_range("2000-01-01", periods=length, freq="MS"),
                                    "y": y, "x": x}))
    return pd.concat(frames, ignore_index=True)


def score(df: pd.DataFrame, seed: int, loss: str = "l1", kind: str = "direct", **cov) -> tuple[float, float]:
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # direct.loss sets the direct net only (a recursive run refuses direct.* keys given)
        extra = {"direct__loss": loss} if kind == "direct" else {}
        f = wavecast.fit(df, target="y", time="month", id="id", horizon=H, test_len=H, seed=seed,
                         kind=kind, **extra, **cov)
    net = next(iter(f.metrics["forecasters"]))
    return float(f.metrics["forecasters"][net]["mse"]), time.perf_counter() - t0


def main(argv=None) -> dict:
    import torch

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--series", type=int, default=30)
    p.add_argument("--length", type=int, default=240)
    p.add_argument("--loss", default="l1", help="direct.loss of the direct net (default l1, wavecast's); not read with --kind recursive")
    p.add_argument("--kind", default="direct", choices=("direct", "recursive"), help="model.kind (default direct)")
    a = p.parse_args(argv)
    torch.set_num_threads(1)
    out = {}
    driven = panel("driven", a.series, a.length, a.seed)
    (with_x, t1), (without, t0) = (score(driven, a.seed, a.loss, a.kind, future=["x"]),
                                   score(driven, a.seed, a.loss, a.kind))
    floor = NOISE**2
    out["driven"] = {"mse_future_x": with_x, "mse_without": without, "ratio": with_x / without,
                     "noise_floor": floor, "over_floor": with_x / floor - 1, "seconds": [t1, t0],
                     "goal_ratio_le_0.3": with_x / without <= 0.3, "goal_within_20pct": with_x <= 1.2 * floor,
                     "kind": a.kind}
    d = out["driven"]
    print(f"driven  (y = 2 x + season + noise, {a.kind} net): MSE with --future x {d['mse_future_x']:.4f}, "
          f"without {d['mse_without']:.4f} (ratio {d['ratio']:.3f}, goal <= 0.3); noise floor {floor:.4f} "
          f"({d['over_floor']:+.1%}, goal <= +20%)")
    lagged = panel("lagged", a.series, a.length, a.seed)
    (with_p, t1), (uni, t0) = score(lagged, a.seed, a.loss, a.kind, past=["x"]), score(lagged, a.seed, a.loss, a.kind)
    out["lagged"] = {"mse_past_x": with_p, "mse_univariate": uni, "ratio": with_p / uni, "noise_floor": floor,
                     "seconds": [t1, t0]}
    g = out["lagged"]
    print(f"lagged  (y = 2 x[t-12] + noise):    MSE with --past x {g['mse_past_x']:.4f}, univariate "
          f"{g['mse_univariate']:.4f} (ratio {g['ratio']:.3f}); noise floor {floor:.4f}")
    print(json.dumps(out))
    return out


if __name__ == "__main__":
    main()
