"""Sub-hourly data: the season its frequency gives. Half-hourly electricity demand (taylor, England
2000, 4,032 points; elecdemand, Victoria 2014, its last 8 weeks), scored at rolling origins one
horizon apart with `wavecast.fit` at the season given (eval.period; 0 = the default), the same
horizon for every season, MASE scaled by the daily seasonal naive (48) of the part before each
origin.

    python -m benchmarks.subhourly [--sets taylor,elecdemand] [--periods 2,48] [--horizon 48]
                                   [--origins 3] [--seed 0]
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
import pandas as pd


def series(name: str) -> pd.Series:
    from benchmarks.real import _rd

    if name == "taylor":
        y = _rd("forecast", "taylor")["x"].to_numpy(np.float64)
        return pd.Series(y, index=pd.date_range("2000-06-05", periods=len(y), freq="30min"))
    if name == "elecdemand":
        y = _rd("fpp2", "elecdemand")["Demand"].to_numpy(np.float64)[-48 * 7 * 8:]  # the last 8 weeks: time
        return pd.Series(y, index=pd.date_range("2014-11-06", periods=len(y), freq="30min"))
    raise SystemExit(f"unknown set {name!r}: taylor or elecdemand")


def score(s: pd.Series, period: int, horizon: int, origins: int, seed: int) -> tuple[float, float]:
    """(mean MASE over the origins, seconds)."""
    import wavecast

    m, out, t0 = 48, [], time.perf_counter()
    for k in range(origins, 0, -1):
        cut = len(s) - k * horizon
        train, truth = s.iloc[:cut], s.iloc[cut:cut + horizon].to_numpy()
        kw = {"eval__period": period} if period else {}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fc = wavecast.fit(train, horizon=horizon, seed=seed, **kw).predict(horizon).to_numpy()
        y = train.to_numpy()
        out.append(np.mean(np.abs(fc - truth)) / np.mean(np.abs(y[m:] - y[:-m])))
    return float(np.mean(out)), time.perf_counter() - t0


def main(argv=None) -> None:
    import torch

    torch.set_num_threads(1)
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sets", default="taylor,elecdemand")
    p.add_argument("--periods", default="2,48")
    p.add_argument("--horizon", type=int, default=48)
    p.add_argument("--origins", type=int, default=3)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args(argv)
    for name in a.sets.split(","):
        s = series(name)
        for period in (int(x) for x in a.periods.split(",")):
            mase, secs = score(s, period, a.horizon, a.origins, a.seed)
            print(f"{name}: season {period or 'default'}, horizon {a.horizon}, {a.origins} origins, seed {a.seed}: "
                  f"MASE {mase:.3f} ({secs:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
