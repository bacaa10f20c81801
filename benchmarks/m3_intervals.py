"""Conformal intervals on M3 (monthly by default): coverage and MSIS of contract forecasters.

Each series' last `horizon` points are the test (the competition's split); every forecaster
is fitted on the training parts, calibrated by evaluate.calibration.calibrate from rolling
origins at the end of each training part, and its bands around the test forecast scored:
pooled coverage per level (target: within 3 points of nominal at 80 and 95), mean MSIS
(scaled by each series' in-sample seasonal-naive MAE, as in M4) and pinball loss. Any
forecaster keeping the contract can be added to FORECASTERS.

    python -m benchmarks.m3_intervals [--group monthly --method signed --n-origins 20]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from wavecast.evaluate.band_scores import interval_scores, seasonal_scale
from wavecast.evaluate.calibration import calibrate
from wavecast.evaluate.forecast_at import forecast_at
from wavecast.forecasters.baselines import LastValue, LinearAR, SeasonalNaive

M3 = Path("/work/shared/datasets/m3")


def load_m3(group: str = "monthly", folder: Path = M3) -> tuple[list[np.ndarray], list[str], int, int]:
    """(series, ids, horizon, season) of one M3 group, each series (N_i, 1) test included."""
    import pandas as pd

    meta = pd.read_csv(folder / "m3_series.csv")
    meta = meta[meta["group"] == group]
    data = pd.read_csv(folder / "m3.csv.gz")
    data = data[data["unique_id"].isin(set(meta["unique_id"]))].sort_values(["unique_id", "t"])
    groups = {k: g["y"].to_numpy(np.float64)[:, None] for k, g in data.groupby("unique_id", sort=False)}
    ids = [i for i in meta["unique_id"] if i in groups]
    return [groups[i] for i in ids], ids, int(meta["horizon"].iloc[0]), int(meta["season"].iloc[0])


def forecasters(season: int) -> dict:
    return {"seasonal naive": SeasonalNaive(season), "last value": LastValue(), f"linear AR({season})": LinearAR(season)}


def measure(group="monthly", levels=(80, 95), method="signed", n_origins=20, names=None, ets=False) -> dict:
    series, ids, horizon, season = load_m3(group)
    ends = [len(s) - horizon for s in series]
    train = [s[:e] for s, e in zip(series, ends, strict=True)]
    scale = np.array([seasonal_scale(t, season) for t in train])  # (S,)
    out = {"n_series": len(series), "horizon": horizon, "season": season, "method": method, "rows": {}}
    for name, f in forecasters(season).items():
        if names and name not in names:
            continue
        f.fit(train)
        conf = calibrate(f, series, horizon, levels, ends=ends, method=method, n_origins=n_origins, period=season)
        at = forecast_at({name: f}, series, np.array(ends), horizon)
        point = at.forecasts[name]
        bands = conf.bands(point, series=at.series)
        out["rows"][name] = interval_scores(point, bands, at.truth, scale[at.series])
    if ets:
        out["rows"]["AutoETS (statsforecast)"] = autoets_scores(series, ids, horizon, season, levels, scale)
    return out


def autoets_scores(series, ids, horizon, season, levels, scale) -> dict:
    """statsforecast's AutoETS with its own (model-based) intervals, scored the same way: the
    bar of issue 16's M3 target (MSIS at or below AutoETS's 95% intervals)."""
    import pandas as pd
    from statsforecast import StatsForecast
    from statsforecast.models import AutoETS

    train = pd.concat([pd.DataFrame({"unique_id": i, "ds": np.arange(len(s) - horizon), "y": s[:-horizon, 0]})
                       for i, s in zip(ids, series, strict=True)])
    sf = StatsForecast(models=[AutoETS(season_length=season)], freq=1, n_jobs=1)
    fc = sf.forecast(df=train, h=horizon, level=list(levels)).reset_index()
    fc = fc.set_index("unique_id").loc[ids]  # the series' order
    def grab(col):
        return fc[col].to_numpy(np.float64).reshape(len(ids), horizon, 1)
    point = grab("AutoETS")
    bands = {float(lv): (grab(f"AutoETS-lo-{lv:g}"), grab(f"AutoETS-hi-{lv:g}")) for lv in levels}
    truth = np.stack([s[-horizon:] for s in series])  # (S, H, 1)
    return interval_scores(point, bands, truth, scale)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--group", default="monthly", choices=["yearly", "quarterly", "monthly", "other"])
    p.add_argument("--method", default="signed", choices=["signed", "symmetric"])
    p.add_argument("--n-origins", type=int, default=20)
    p.add_argument("--ets", action="store_true", help="also statsforecast's AutoETS with its own intervals")
    a = p.parse_args(argv)
    r = measure(a.group, method=a.method, n_origins=a.n_origins, ets=a.ets)
    print(f"M3 {a.group}: {r['n_series']} series, horizon {r['horizon']}, season {r['season']}, "
          f"conformal ({a.method}, up to {a.n_origins} origins a series)")
    print(f"{'forecaster':<18} {'level':>5} {'coverage':>9} {'MSIS':>8} {'pinball':>8} {'width':>10}")
    for name, row in r["rows"].items():
        for level, s in row.items():
            print(f"{name:<18} {level:>5} {s['coverage']:9.4f} {s['msis']:8.3f} {s['pinball']:8.4f} {s['width']:10.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
