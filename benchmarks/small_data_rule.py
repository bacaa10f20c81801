"""The small-data validation rule on panels of a few dozen series (docs/m3-history.md, eleventh pass).

A random subset of one M3 group's validation split, fitted by `GlobalNetForecaster` with the
small-data rule forced on and off (`small_data=True | False`; the default decides by 2,000
windows), seeds 0 and 1; prints one JSON line with the subset's windows and the MASE of each.

    .venv/bin/python -m benchmarks.small_data_rule --group other --val 1 --n 30 --rep 0
"""

from __future__ import annotations

import argparse
import json
import warnings

import numpy as np
import torch

from .m3_data import load
from .m3_metrics import score


def run(group: str, val: int, n: int, rep: int, seeds=(0, 1)) -> dict:
    from wavecast.forecasters.global_net import GlobalNetForecaster
    from wavecast.forecasters.net_windows import count_windows, default_input_len

    g = load(group).holdout(val)
    pick = np.random.default_rng(100 + rep).choice(len(g.train), size=min(n, len(g.train)), replace=False)
    train, test = [g.train[i] for i in pick], [g.test[i] for i in pick]
    lengths = [len(y) for y in train]
    out = {"group": group, "val": val, "n": len(train), "rep": rep,
           "windows": count_windows(lengths, default_input_len(g.horizon, g.season, lengths), g.horizon, True)}
    for rule in (True, False):
        scores = []
        for seed in seeds:
            model = GlobalNetForecaster(seed=seed, small_data=rule).fit(train, g.horizon, g.season)
            f = model.predict(train, g.horizon)
            scores.append(score(train, test, f, g.season)["mase"])
        out["small_data" if rule else "large_data"] = scores
    return out


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--group", required=True, choices=["yearly", "quarterly", "monthly", "other"])
    p.add_argument("--val", type=int, default=1, help="validation origin (1: the last horizon of each training part)")
    p.add_argument("--n", type=int, required=True, help="series in the subset")
    p.add_argument("--rep", type=int, default=0, help="which random subset (its seed is 100 + rep)")
    a = p.parse_args(argv)
    warnings.simplefilter("ignore")  # the fallback's warning for short series
    torch.set_num_threads(1)
    print(json.dumps(run(a.group, a.val, a.n, a.rep)))


if __name__ == "__main__":
    main()
