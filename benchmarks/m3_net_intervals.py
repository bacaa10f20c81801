"""`python -m benchmarks.m3_net_intervals [--group monthly] [--val K]`: the network's conformal bands on M3.

wavecast.fit with every default on each series' training part (M3's season as eval.period, the
time column being an index), then predict(horizon, level=[80, 95]) against the official test:
pooled coverage and MSIS (scaled by each series' in-sample seasonal-naive MAE, as in M4).
`--val K` scores the validation split of `Group.holdout(K)` instead (for choosing; the official
test is not used then). The JSON line also gives the share of truths below and above each band.
"""

from __future__ import annotations

import argparse
import json
import time
import warnings

import numpy as np


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--group", default="monthly")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--val", type=int, nargs="?", const=1, default=0, metavar="K",
                   help="score the validation split of Group.holdout(K), not the official test")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                   help="a config override, e.g. eval.interval_method=symmetric (repeatable)")
    a = p.parse_args()
    import torch

    import wavecast

    from .m3_data import load
    from .m3_systems import _long

    torch.set_num_threads(1)
    g = load(a.group)
    g = g.holdout(a.val) if a.val else g
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = wavecast.fit(_long(g.train), target="y", time="ds", id="unique_id", horizon=g.horizon,
                         overrides=[f"eval.period={g.season}", f"seed={a.seed}", *a.set])
        out = f.predict(g.horizon, level=[80, 95])
    S, H, m = len(g.train), g.horizon, max(g.season, 1)
    y = np.stack(g.test)
    scale = np.array([np.mean(np.abs(x[m:] - x[:-m])) for x in g.train])  # (S,)
    res = {"group": a.group, "val": a.val, "seed": a.seed, "set": a.set, "seconds": round(time.perf_counter() - t0, 1),
           "source": f.intervals.source, "n_errors": f.intervals.n_,
           # series whose bands are relative (multiplicative): chosen at calibration or not
           "relative_series": int((np.asarray(f.intervals.floors_) > 0).any(axis=1).sum())
           if f.intervals.floors_ is not None else 0}
    for lv in (80, 95):
        lo = out[f"lo-{lv}"].to_numpy().reshape(S, H)
        hi = out[f"hi-{lv}"].to_numpy().reshape(S, H)
        alpha = 1 - lv / 100
        msis = (hi - lo) + 2 / alpha * ((lo - y) * (y < lo) + (y - hi) * (y > hi))
        res[str(lv)] = {"coverage": round(float(np.mean((y >= lo) & (y <= hi))), 4),
                        "below": round(float(np.mean(y < lo)), 4), "above": round(float(np.mean(y > hi)), 4),
                        "msis": round(float(np.mean(msis.mean(axis=1) / scale)), 3)}
    print(json.dumps(res))


if __name__ == "__main__":
    main()
