"""Several targets (issue 17, item 3) on a synthetic pair, through wavecast.fit with its defaults.

pair   a_t = a season (period 12, amplitude 3, a random phase a series) + noise (sd 1.0);
       b_t = a_(t-3) + noise (sd 0.5): b repeats a three steps later.

The joint net (`target=["a", "b"]`, the CLI's --target a,b) against each target forecast alone
(univariate), and b with a as a past covariate (`past=["a"]`) for reference. Horizon 6: a's
values up to the origin give b's first 3 steps (noise floor 0.25 there); b's last 3 steps need
a's future (floor 1.0 + 0.25). Floors over the 6 steps: joint b 0.75, b alone 1.25 (its own
past cannot tell a's noise from b's), a 1.0 either way.

30 series of 240 monthly points, the last 6 held out (the run's test part), one CPU thread.
MSE is the net's on the held-out end pooled over every series of the target (metrics
"by_target" for the joint net, metrics["forecasters"] for one target), in data units.

    python -m benchmarks.multi_target [--seed 0] [--series 30] [--length 240]
"""

from __future__ import annotations

import argparse
import json
import time
import warnings

import numpy as np
import pandas as pd

import wavecast

H, SEASON, LAG, NOISE_A, NOISE_B = 6, 12, 3, 1.0, 0.5


def pair(n_series: int, length: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frames = []
    for s in range(n_series):
        n = length + LAG
        a = 3.0 * np.sin(2 * np.pi * np.arange(n) / SEASON + rng.uniform(0, 2 * np.pi)) + rng.normal(0, NOISE_A, n)
        b = a[:-LAG] + rng.normal(0, NOISE_B, length)
        frames.append(pd.DataFrame({"id": f"s{s}", "month": pd.date_range("2000-01-01", periods=length, freq="MS"),
                                    "a": a[LAG:], "b": b}))
    return pd.concat(frames, ignore_index=True)


def fit(df: pd.DataFrame, seed: int, target, **cov):
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = wavecast.fit(df, target=target, time="month", id="id", horizon=H, test_len=H, seed=seed, **cov)
    return f, time.perf_counter() - t0


def _net(m: dict, key: str = "mse") -> tuple[float, list[float]]:
    net = next(iter(m["forecasters"]))
    row = m["forecasters"][net]
    return float(row[key]), [float(v) for v in row["by_lead"][key]]


def main(argv=None) -> dict:
    import torch

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--series", type=int, default=30)
    p.add_argument("--length", type=int, default=240)
    a = p.parse_args(argv)
    torch.set_num_threads(1)
    df = pair(a.series, a.length, a.seed)
    joint, tj = fit(df, a.seed, ["a", "b"])
    alone_a, ta = fit(df, a.seed, "a")
    alone_b, tb = fit(df, a.seed, "b")
    past_b, tp = fit(df, a.seed, "b", past=["a"])
    out = {"seed": a.seed, "series": a.series, "length": a.length, "horizon": H}
    for name, m in (("joint_a", joint.metrics["by_target"]["a"]), ("joint_b", joint.metrics["by_target"]["b"]),
                    ("alone_a", alone_a.metrics), ("alone_b", alone_b.metrics), ("b_past_a", past_b.metrics)):
        mse, lead = _net(m)
        out[name] = {"mse": mse, "mse_leads_1_3": float(np.mean(lead[:LAG])),
                     "mse_leads_4_6": float(np.mean(lead[LAG:]))}
    out["seconds"] = {"joint": tj, "alone_a": ta, "alone_b": tb, "b_past_a": tp}
    out["b_ratio_joint_vs_alone"] = out["joint_b"]["mse"] / out["alone_b"]["mse"]
    out["a_ratio_joint_vs_alone"] = out["joint_a"]["mse"] / out["alone_a"]["mse"]
    print(f"b: joint MSE {out['joint_b']['mse']:.4f} vs alone {out['alone_b']['mse']:.4f} "
          f"(ratio {out['b_ratio_joint_vs_alone']:.3f}; floors 0.75 vs 1.25); leads 1-3 "
          f"{out['joint_b']['mse_leads_1_3']:.4f} vs {out['alone_b']['mse_leads_1_3']:.4f} (floors 0.25 vs 1.25); "
          f"b with past=['a'] {out['b_past_a']['mse']:.4f}")
    print(f"a: joint MSE {out['joint_a']['mse']:.4f} vs alone {out['alone_a']['mse']:.4f} "
          f"(ratio {out['a_ratio_joint_vs_alone']:.3f}; floor 1.0)")
    print(json.dumps(out))
    return out


if __name__ == "__main__":
    main()
