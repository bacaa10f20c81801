"""M3 as many small panels: the user with 20 quarterly series, on many such panels.

    python -m benchmarks.m3_small_panels [--group quarterly] [--size 20] [--val K]
        [--seeds 0,1,2] [--panels N] [--whole] [--level 80,95] [--set key=value ...]

A small panel (visnights: 20 series x 76 quarters) has under 2,000 windows, so `wavecast.fit`
takes its small-data rule there, which M3's full panels (756 quarterly series) never see. This
screen cuts the group, in M3's order of series (neighbours share a category: micro, macro, ...),
into consecutive panels of about `--size` series (`panels`), fits each panel alone with
`wavecast.fit`'s defaults (`m3_systems.wavecast_fit`) and scores every series by MASE beside
seasonal naive and AutoETS fitted on the same training parts. A panel whose series are all too
short for `wavecast.fit` (it refuses them) is left out of every system's score and named. `--val K` scores the validation
split of `Group.holdout(K)` (for choosing settings); without it, the official test. `--panels N`
keeps the first N panels; `--whole` also fits the whole group as one panel (`m3_run
wavecast-fit`) and scores it on the same series. Prints one JSON line: the mean MASE of each system, the net's for each
seed, and how many panels the net (mean of the seeds) wins against seasonal naive. `--level 80,95`
also scores the net's bands (`predict(horizon, level=...)`, each panel's saved model) at those
levels, each seed alone (`intervals`): coverage per level pooled over series and leads, with its
standard error over series, and MSIS per level over each series' in-sample seasonal-naive MAE
(`wavecast.evaluate.band_scores.interval_scores`).
"""

from __future__ import annotations

import argparse
import json
import time
import warnings

import numpy as np

from .common import levels_arg
from .m3_data import load
from .m3_metrics import mase


def panels(n_series: int, size: int) -> list[np.ndarray]:
    """Consecutive index panels of about `size` series each (sizes differ by one at most)."""
    if size < 1 or n_series < 1:
        raise ValueError(f"size and n_series must be >= 1, got {size} and {n_series}")
    return np.array_split(np.arange(n_series), max(1, round(n_series / size)))


def per_series_mase(train, test, forecast, season: int) -> np.ndarray:
    """MASE of each series (in-sample seasonal scale), forecast (S, H)."""
    return np.array([mase(y, f, x, season) for x, y, f in zip(train, test, forecast, strict=True)])


def summary(scores: dict[str, np.ndarray], groups: list[np.ndarray], nets: list[str]) -> dict:
    """Mean MASE of each system, the net's mean over seeds, and the panels where that mean beats
    seasonal naive (each panel's own mean MASE)."""
    net = np.mean([scores[k] for k in nets], axis=0)
    wins = sum(net[g].mean() < scores["seasonal-naive"][g].mean() for g in groups)
    return {"mase": {k: float(v.mean()) for k, v in scores.items()}, "net_mean_mase": float(net.mean()),
            "panels_won_vs_snaive": f"{wins}/{len(groups)}"}


def band_scores(train, test, forecast, bands: dict, season: int) -> dict:
    """Pooled interval scores of bands {level: (lo, hi)} each (S, H) around forecast (S, H):
    {level: {coverage, coverage_se, msis}}, MSIS over each series' in-sample seasonal-naive MAE."""
    from wavecast.evaluate.band_scores import interval_scores, seasonal_scale

    scale = np.array([seasonal_scale(x, season) for x in train])  # (S,)
    got = interval_scores(forecast[:, :, None], {lv: (lo[:, :, None], hi[:, :, None]) for lv, (lo, hi) in bands.items()},
                          np.stack(test)[:, :, None], scale)
    return {k: {"coverage": v["coverage"], "coverage_se": v["coverage_se"], "msis": v["msis"]} for k, v in got.items()}


def run(group: str, size: int, val: int, seeds: list[int], settings: dict, n_panels: int | None,
        whole: bool = False, levels=()) -> dict:
    import torch

    from wavecast.errors import SeriesTooShort

    from .m3_systems import statsforecast, wavecast_fit

    torch.set_num_threads(1)
    warnings.filterwarnings("ignore")
    data = load(group)
    data = data.holdout(val) if val else data
    h, m = data.horizon, data.season
    groups = panels(len(data.train), size)[:n_panels]
    forecasts, walls, refused, bands = {}, {}, set(), {}
    for seed in seeds:
        t0, f = time.perf_counter(), np.full((len(data.train), h), np.nan)
        b = {lv: (np.full_like(f, np.nan), np.full_like(f, np.nan)) for lv in levels}
        for j, rows in enumerate(groups):
            try:
                f[rows], info = wavecast_fit([data.train[i] for i in rows], h, m, seed, settings, levels)
            except SeriesTooShort:  # every series of the panel too short: wavecast.fit refuses it
                refused.add(j)
                continue
            for lv in levels:
                b[lv][0][rows], b[lv][1][rows] = info["bands"][lv]
        forecasts[name := f"wavecast seed {seed}"], walls[name], bands[name] = f, time.perf_counter() - t0, b
        if whole:  # the same series in one panel of the whole group: what the small panels cost
            t0 = time.perf_counter()
            forecasts[name := f"one panel, seed {seed}"], _ = wavecast_fit(data.train, h, m, seed, settings)
            walls[name] = time.perf_counter() - t0
    kept = [g for j, g in enumerate(groups) if j not in refused]  # every system scored on the same series
    keep = np.concatenate(kept)
    train, test = [data.train[i] for i in keep], [data.test[i] for i in keep]
    scores = {k: per_series_mase(train, test, f[keep], m) for k, f in forecasts.items()}
    for name in ("seasonal-naive", "autoets"):
        t0 = time.perf_counter()
        f, _ = statsforecast(name)(train, h, m, 0)
        scores[name], walls[name] = per_series_mase(train, test, f, m), time.perf_counter() - t0
    at = np.cumsum([0] + [len(g) for g in kept])
    local = [np.arange(a, b) for a, b in zip(at[:-1], at[1:], strict=True)]  # panels in `train`'s rows
    nets = [k for k in scores if k.startswith("wavecast")]
    ivs = {k: band_scores(train, test, forecasts[k][keep], {lv: (lo[keep], hi[keep]) for lv, (lo, hi) in b.items()}, m)
           for k, b in bands.items()} if levels else {}
    return {**({"intervals": ivs} if levels else {}),"group": group, "val": val, "size": size, "n_panels": len(kept), "n_series": len(train),
            "refused_panels": sorted(refused),
            "settings": settings, **summary(scores, local, nets),
            "wall_s": {k: round(v, 1) for k, v in walls.items()}}


def main(argv: list[str] | None = None) -> dict:
    from .m3_run import _value

    p = argparse.ArgumentParser(prog="python -m benchmarks.m3_small_panels")
    p.add_argument("--group", default="quarterly")
    p.add_argument("--size", type=int, default=20)
    p.add_argument("--val", type=int, nargs="?", const=1, default=0, metavar="K")
    p.add_argument("--seeds", default="0,1,2")
    p.add_argument("--panels", type=int, default=None, metavar="N")
    p.add_argument("--whole", action="store_true", help="also fit the whole group as one panel")
    p.add_argument("--level", default="", help="also score the net's bands at these levels, e.g. 80,95")
    p.add_argument("--set", dest="overrides", action="append", default=[])
    a = p.parse_args(argv)
    levels = levels_arg(p, a.level)
    settings = {k.strip(): _value(v.strip()) for k, _, v in (kv.partition("=") for kv in a.overrides)}
    res = run(a.group, a.size, a.val, [int(s) for s in a.seeds.split(",")], settings, a.panels, a.whole, levels)
    print(json.dumps(res), flush=True)
    return res


if __name__ == "__main__":
    main()
