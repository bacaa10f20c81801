"""Rolling-origin backtest on examples/air_passengers.csv: wavecast's GlobalNetForecaster
against seasonal naive and a least-squares linear AR(p), 24 origins, horizon 12.

    python -m benchmarks.air_backtest [--origins 24] [--horizon 12] [--seed 0] [--cut 0] [--out DIR]

At each origin every system sees only the points before it (the net and the AR are refitted
there); MASE's scale is the in-sample seasonal-naive MAE (lag 12) of those points. The AR's
order p is chosen on the last horizon of each origin's own training part (never the test).
`--cut N` drops the series' last N points first: with N >= origins + horizon - 1 (36 by
default) no test target is seen, so settings can be chosen there (validation origins).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from .m3_metrics import mase, smape

ROOT = Path(__file__).resolve().parent.parent
SEASON = 12


def air() -> np.ndarray:
    import pandas as pd

    return pd.read_csv(ROOT / "examples" / "air_passengers.csv")["passengers"].to_numpy(np.float64)


def ar_forecast(y: np.ndarray, p: int, horizon: int) -> np.ndarray:
    """Least-squares AR(p) with intercept on y, rolled forward recursively."""
    X = np.lib.stride_tricks.sliding_window_view(y[:-1], p)  # (n - p, p)
    X = np.column_stack([np.ones(len(X)), X])
    coef = np.linalg.lstsq(X, y[p:], rcond=None)[0]
    hist = list(y[-p:])
    out = []
    for _ in range(horizon):
        f = coef[0] + float(np.dot(coef[1:], hist[-p:]))
        out.append(f)
        hist.append(f)
    return np.array(out)


def ar_chosen(y: np.ndarray, horizon: int, max_p: int = 24) -> tuple[np.ndarray, int]:
    """AR(p), p in 1..max_p chosen by the MAE of its forecast of the last `horizon` points of y
    from the points before them; then refitted on all of y."""
    fit, val = y[:-horizon], y[-horizon:]
    ps = [p for p in range(1, max_p + 1) if len(fit) - p > 2 * p + 1]
    errs = [np.mean(np.abs(ar_forecast(fit, p, horizon) - val)) for p in ps]
    p = ps[int(np.argmin(errs))]
    return ar_forecast(y, p, horizon), p


def run(origins: int, horizon: int, seed: int, settings: dict | None = None, cut: int = 0) -> dict:
    import torch

    from wavecast.forecasters.fallback import seasonal_naive
    from wavecast.forecasters.global_net import GlobalNetForecaster

    torch.set_num_threads(1)
    y = air()
    y = y[:len(y) - cut]
    starts = range(len(y) - horizon - origins + 1, len(y) - horizon + 1)
    rows = {"wavecast": [], "seasonal-naive": [], "ar": []}
    wall = dict.fromkeys(rows, 0.0)
    ps = []
    for o in starts:
        train, test = y[:o], y[o:o + horizon]
        t0 = time.perf_counter()
        f_net = GlobalNetForecaster(seed=seed, **(settings or {})).fit([train], horizon, SEASON).predict([train], horizon)[0]
        t1 = time.perf_counter()
        f_sn = seasonal_naive(train, horizon, SEASON)
        t2 = time.perf_counter()
        f_ar, p = ar_chosen(train, horizon)
        t3 = time.perf_counter()
        ps.append(p)
        for name, f, dt in (("wavecast", f_net, t1 - t0), ("seasonal-naive", f_sn, t2 - t1),
                            ("ar", f_ar, t3 - t2)):
            rows[name].append({"origin": o, "mase": mase(test, f, train, SEASON),
                               "smape": smape(test, f), "mse": float(np.mean((test - f) ** 2))})
            wall[name] += dt
    out = {"origins": len(starts), "horizon": horizon, "seed": seed, "cut": cut, "settings": settings or {},
           "ar_orders": ps, "systems": {}}
    for name, r in rows.items():
        out["systems"][name] = {k: float(np.mean([x[k] for x in r])) for k in ("mase", "smape", "mse")}
        out["systems"][name]["wall_s"] = wall[name]
        out["systems"][name]["per_origin"] = r
    return out


def main(argv: list[str] | None = None) -> dict:
    p = argparse.ArgumentParser(prog="python -m benchmarks.air_backtest")
    p.add_argument("--origins", type=int, default=24)
    p.add_argument("--horizon", type=int, default=12)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--cut", type=int, default=0, help="drop the last N points first (36: validation origins)")
    p.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    p.add_argument("--set", dest="overrides", action="append", default=[],
                   help="a GlobalNetForecaster setting, e.g. --set n_ensemble=3")
    a = p.parse_args(argv)
    from .m3_run import _value

    settings = {k.strip(): _value(v.strip()) for k, _, v in (kv.partition("=") for kv in a.overrides)}
    res = run(a.origins, a.horizon, a.seed, settings, a.cut)
    lines = ["| system | MASE | sMAPE | MSE | wall s |", "|---|---|---|---|---|"]
    for name, r in res["systems"].items():
        lines.append(f"| {name} | {r['mase']:.3f} | {r['smape']:.2f} | {r['mse']:.0f} | {r['wall_s']:.1f} |")
    print("\n".join(lines))
    print(f"AR orders chosen: {res['ar_orders']}", file=sys.stderr)
    a.out.mkdir(parents=True, exist_ok=True)
    (a.out / "air_backtest.json").write_text(json.dumps(res, indent=2) + "\n")
    return res


if __name__ == "__main__":
    main()
