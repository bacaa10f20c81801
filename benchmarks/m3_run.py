"""One system on one or more M3 groups, in this process; prints one JSON line.

    python -m benchmarks.m3_run SYSTEM --groups monthly,yearly [--seed 0] [--val]
        [--set key=value ...]

Wall seconds count fitting and forecasting only (data reading excluded; a library's
just-in-time compilation included, as a user pays it once per process: all groups run in one
process so it is paid once). `--val` scores on the last horizon of each training part instead
of the official test (for choosing settings without seeing the test); `--val K` on the horizon
that ends K - 1 horizons before it (another stretch of time; `Group.holdout`). `--short`: a
fifth of the long series cut as short as the official test's shortest (`Group.shortened`),
scored apart ("cut") and with the rest.
"""

from __future__ import annotations

import argparse
import json
import logging
import time
import warnings

from .m3_data import load
from .m3_metrics import score
from .m3_systems import get


def _value(text: str):
    for cast in (int, float):
        try:
            return cast(text)
        except ValueError:
            pass
    return {"true": True, "false": False, "null": None}.get(text.lower(), text)


def run(system: str, groups: list[str], seed: int, val: int, settings: dict, short: bool = False) -> dict:
    import torch

    torch.set_num_threads(1)
    warnings.filterwarnings("ignore")
    for name in ("pytorch_lightning", "lightning", "lightning.pytorch", "lightning_fabric"):
        logging.getLogger(name).setLevel(logging.ERROR)
    fn = get(system)
    out = {"system": system, "seed": seed, "val": val, "settings": settings, "groups": {}}
    for g in groups:
        data = load(g)
        lengths = data.short_lengths()
        if val:
            data = data.holdout(val)
        if short:  # a fifth of the series cut as short as the official test's shortest
            data = data.shortened(lengths)
        t0 = time.perf_counter()
        forecast, info = fn(data.train, data.horizon, data.season, seed, settings)
        wall = time.perf_counter() - t0
        out["groups"][g] = {**score(data.train, data.test, forecast, data.season),
                            "wall_s": wall, "info": info}
        if short:  # the cut series and the others, apart
            cut = set(data.cut)
            for part, rows in (("cut", sorted(cut)), ("rest", [i for i in range(len(data.test)) if i not in cut])):
                out["groups"][g][part] = score([data.train[i] for i in rows], [data.test[i] for i in rows],
                                               forecast[rows], data.season)
    out["wall_s"] = sum(r["wall_s"] for r in out["groups"].values())
    return out


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m benchmarks.m3_run")
    p.add_argument("system")
    p.add_argument("--groups", default="monthly")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--val", type=int, nargs="?", const=1, default=0, metavar="K",
                   help="score a validation split (origin K, default 1) instead of the test")
    p.add_argument("--short", action="store_true",
                   help="cut a fifth of the long series as short as the test's shortest (Group.shortened); "
                        "scores the cut series and the rest apart too")
    p.add_argument("--set", dest="overrides", action="append", default=[])
    a = p.parse_args(argv)
    if a.short and not a.val:
        p.error("--short cuts the series of a validation split: give --val K too")
    settings = {}
    for kv in a.overrides:
        k, _, v = kv.partition("=")
        settings[k.strip()] = _value(v.strip())
    print(json.dumps(run(a.system, a.groups.split(","), a.seed, a.val, settings, a.short)), flush=True)


if __name__ == "__main__":
    main()
