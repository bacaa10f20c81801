"""M3 series fitted one at a time: the user with one series, on many series.

    python -m benchmarks.m3_alone --group monthly [--n 60] [--val K] [--seeds 0,1]
        [--set key=value ...] [--transfer | --transfer-only] [--last N]

`--n` series of the group, drawn once (NumPy seed 7) from those long enough for the split, are
each fitted alone with `GlobalNetForecaster` (one series: about 100 windows or fewer), beside
seasonal naive and the least-squares linear AR(p) of `benchmarks.air_backtest` (p chosen on the
last horizon of each series' own training part), and statsforecast's AutoETS and AutoTheta where
it is installed (the compare extra). `--val K` scores the validation split of
`Group.holdout(K)` (for choosing settings); without it, the official test. Prints one JSON
line: the mean MASE and sMAPE of each system, the net's for each seed, and wall seconds.
`--transfer`: also, for each seed, one net trained on the group's other series (those not
drawn) that forecasts each drawn series as a series it never saw (its transforms fitted on that
series' history alone): the user with one series and a model trained on related ones.
"""

from __future__ import annotations

import argparse
import json
import time
import warnings

import numpy as np

from .air_backtest import ar_chosen
from .m3_data import load
from .m3_metrics import score


def run(group: str, n: int, val: int, seeds: list[int], settings: dict, transfer: bool = False,
        alone: bool = True, last: int = 0) -> dict:
    import torch

    from wavecast.forecasters.fallback import seasonal_naive
    from wavecast.forecasters.global_net import GlobalNetForecaster

    torch.set_num_threads(1)
    warnings.filterwarnings("ignore")
    data = load(group)
    data = data.holdout(val) if val else data
    h, m = data.horizon, data.season
    # long enough for the AR's own choice of order and for one window of the net
    ok = [i for i, y in enumerate(data.train) if len(y) >= 3 * h + 4]
    pick = sorted(np.random.default_rng(7).choice(ok, size=min(n, len(ok)), replace=False).tolist())
    # last: each drawn series cut to its last `last` training points (a user with a few years)
    train, test = [data.train[i][-last:] if last else data.train[i] for i in pick], [data.test[i] for i in pick]
    out = {"group": group, "val": val, "n": len(pick), "last": last, "settings": settings, "systems": {}}
    baselines = {"seasonal-naive": lambda y: seasonal_naive(y, h, m), "ar": lambda y: ar_chosen(y, h)[0]}
    try:  # the statisticians' methods on the same series, where the compare extra is installed
        from statsforecast.models import AutoETS, AutoTheta

        baselines["autoets"] = lambda y: AutoETS(season_length=m).forecast(y=y, h=h)["mean"]
        baselines["autotheta"] = lambda y: AutoTheta(season_length=m).forecast(y=y, h=h)["mean"]
    except ImportError:
        pass
    for name, fn in baselines.items():
        t0 = time.perf_counter()
        f = np.array([fn(y) for y in train])
        out["systems"][name] = {**_scores(train, test, f, m), "wall_s": time.perf_counter() - t0}
    for seed in seeds if alone else ():
        t0 = time.perf_counter()
        f = np.array([GlobalNetForecaster(seed=seed, **settings).fit([y], h, m).predict([y], h)[0] for y in train])
        out["systems"][f"wavecast seed {seed}"] = {**_scores(train, test, f, m), "wall_s": time.perf_counter() - t0}
    if transfer:  # one net trained on the group's other series, forecasting each picked one unseen
        chosen = set(pick)
        rest = [y for i, y in enumerate(data.train) if i not in chosen]
        for seed in seeds:
            t0 = time.perf_counter()
            net = GlobalNetForecaster(seed=seed, **settings).fit(rest, h, m)
            trained = time.perf_counter() - t0
            # index -1: a series never seen, its transforms fitted on its own history
            f = net.forecast_rows(train, np.full(len(train), -1), np.zeros(len(train), dtype=np.int64), h)
            out["systems"][f"transfer seed {seed}"] = {**_scores(train, test, f, m), "n_trained_on": len(rest),
                                                        "train_s": trained, "wall_s": time.perf_counter() - t0}
    nets = [v for k, v in out["systems"].items() if k.startswith("wavecast")]  # (not transfer: its own mean)
    if nets:
        out["net_mean_mase"] = float(np.mean([v["mase"] for v in nets]))
    return out


def _scores(train, test, forecast, season) -> dict:
    s = score(train, test, forecast, season)
    return {"mase": s["mase"], "smape": s["smape"]}


def main(argv: list[str] | None = None) -> dict:
    from .m3_run import _value

    p = argparse.ArgumentParser(prog="python -m benchmarks.m3_alone")
    p.add_argument("--group", default="monthly")
    p.add_argument("--n", type=int, default=60)
    p.add_argument("--val", type=int, nargs="?", const=1, default=0, metavar="K")
    p.add_argument("--seeds", default="0,1")
    p.add_argument("--set", dest="overrides", action="append", default=[])
    p.add_argument("--transfer", action="store_true",
                   help="also a net trained on the group's other series, forecasting each picked series unseen")
    p.add_argument("--transfer-only", action="store_true", help="--transfer without the nets fitted alone")
    p.add_argument("--last", type=int, default=0, metavar="N",
                   help="cut each drawn series to its last N training points (the transfer net still trains on "
                        "the other series whole)")
    a = p.parse_args(argv)
    settings = {k.strip(): _value(v.strip()) for k, _, v in (kv.partition("=") for kv in a.overrides)}
    res = run(a.group, a.n, a.val, [int(s) for s in a.seeds.split(",")], settings,
              a.transfer or a.transfer_only, not a.transfer_only, a.last)
    print(json.dumps(res), flush=True)
    return res


if __name__ == "__main__":
    main()
