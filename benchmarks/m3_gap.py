"""Where the global net loses to a statistical method on one M3 group, series by series.

Two steps, because statsforecast lives in its own venv:

    # 1. each system's per-series forecasts to benchmarks/results/gap/ (one .npz a system)
    .venv/bin/python -m benchmarks.m3_gap save wavecast --group quarterly [--val] [--seed 0]
    PYTHONPATH=src .venv-compare/bin/python -m benchmarks.m3_gap save autotheta --group quarterly [--val]
    # 2. per-series MASE difference net - stat, its concentration, what the losing series are
    .venv/bin/python -m benchmarks.m3_gap report --group quarterly --stat autotheta [--val]
    # or: the net's scores had its two views been weighed otherwise (w x logged + (1 - w) x raw)
    .venv/bin/python -m benchmarks.m3_gap views --group quarterly [--val K] [--seed 0]

`--val K` reads the validation split of origin K (m3_data.Group.holdout: K = 1 the last horizon
of each training part, 2 and 3 one and two horizons before it).

The net's file holds its forecast and each view's own (the logged view: the model with
`raw_` set aside; the raw view: `raw_`), and per series whether it was logged and
deseasonalised. Nothing here changes a setting: it reads, never chooses.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from .m3_data import load
from .m3_metrics import mase, mase_scale, smape

OUT = Path(__file__).resolve().parent / "results" / "gap"


def _tag(group: str, val: int) -> str:
    return group + ("" if not val else "-val" if val == 1 else f"-val{val}")


def _path(system: str, group: str, val: int, seed: int, out: Path) -> Path:
    tag = _tag(group, val)
    return out / (f"{system}-{tag}-s{seed}.npz" if system == "wavecast" else f"{system}-{tag}.npz")


def save(system: str, group: str, val: int, seed: int, settings: dict, out: Path = OUT) -> Path:
    import torch

    torch.set_num_threads(1)
    data = load(group)
    data = data.holdout(val) if val else data
    H, m = data.horizon, data.season
    t0 = time.perf_counter()
    extra = {}
    if system == "wavecast":
        from wavecast.forecasters.global_net import GlobalNetForecaster

        model = GlobalNetForecaster(seed=seed, **settings).fit(data.train, H, m)
        f = model.predict(data.train, H)
        raw, model.raw_ = model.raw_, None
        extra["logged_view"] = model.predict(data.train, H)
        model.raw_ = raw
        extra["raw_view"] = raw.predict(data.train, H) if raw is not None else extra["logged_view"]
        extra["logged"] = np.array([t.log_.on_ for t in model.transforms_])
        extra["deseason"] = np.array([t.season_.on_ for t in model.transforms_])
    else:
        from .m3_systems import get

        f, _ = get(system)(data.train, H, m, seed, settings)
    wall = time.perf_counter() - t0
    out.mkdir(parents=True, exist_ok=True)
    p = _path(system, group, val, seed, out)
    np.savez(p, forecast=np.asarray(f, np.float64), wall_s=wall, **extra)
    print(json.dumps({"saved": str(p), "wall_s": round(wall, 1)}))
    return p


def _features(y: np.ndarray, season: int, horizon: int) -> dict:
    """What a series looks like at the end of its training part."""
    n = len(y)
    k = min(n - 1, max(horizon, season, 4))
    tail = y[-k - 1:]
    pos = bool(np.all(y > 0))
    # growth a step over the last k steps: relative when positive, else by the mean |level|
    growth = (float(np.log(tail[-1] / tail[0]) / k) if pos and tail[0] > 0
              else float((tail[-1] - tail[0]) / k / (np.mean(np.abs(y)) or 1.0)))
    d = np.diff(y)
    vol = float(np.mean(np.abs(d)) / (np.mean(np.abs(y)) or 1.0))
    # does the last stretch keep the direction of the whole series?
    whole = float(np.sign(y[-1] - y[0]))
    return {"n": n, "growth": growth, "vol": vol, "positive": pos,
            "same_dir": bool(np.sign(tail[-1] - tail[0]) == whole)}


def report(group: str, stat: str, val: int, seed: int, top: int = 20, out: Path = OUT) -> dict:
    data = load(group)
    data = data.holdout(val) if val else data
    H, m = data.horizon, data.season
    net = np.load(_path("wavecast", group, val, seed, out))
    st = np.load(_path(stat, group, val, seed, out))

    def per_series(f):
        return np.array([mase(y, fi, x, m) for x, y, fi in zip(data.train, data.test, f, strict=True)])

    mn, ms = per_series(net["forecast"]), per_series(st["forecast"])
    ml, mr = per_series(net["logged_view"]), per_series(net["raw_view"])
    d = mn - ms
    order = np.argsort(-np.abs(d))
    total = float(d.sum())
    lose = np.sort(d[d > 0])[::-1]
    share = {k: float(np.sort(d)[::-1][:k].sum() / total) if total else float("nan") for k in (10, 20, 50)}
    feats = [_features(x, m, H) for x in data.train]
    # the test part's own growth (where the series went) against the stretch before it
    went = np.array([float(np.log(y[-1] / x[-1]) / H) if x[-1] > 0 and y[-1] > 0 else np.nan
                     for x, y in zip(data.train, data.test, strict=True)])
    bias_n = np.array([np.mean(f - y) / mase_scale(x, m) for x, y, f
                       in zip(data.train, data.test, net["forecast"], strict=True)])
    bias_s = np.array([np.mean(f - y) / mase_scale(x, m) for x, y, f
                       in zip(data.train, data.test, st["forecast"], strict=True)])
    res = {"group": group, "val": val, "stat": stat, "n": len(d),
           "mase_net": float(mn.mean()), "mase_stat": float(ms.mean()),
           "mase_logged_view": float(ml.mean()), "mase_raw_view": float(mr.mean()),
           "smape_net": float(np.mean([smape(y, f) for y, f in zip(data.test, net["forecast"], strict=True)])),
           "sum_gap": total, "sum_lose": float(lose.sum()), "sum_win": float(d[d < 0].sum()),
           "n_lose": int((d > 0).sum()), "share_top_losers_of_net_gap": share,
           "wall_net": float(net["wall_s"]), "wall_stat": float(st["wall_s"])}
    idx = np.argsort(-d)
    rows = []
    for i in idx[:top]:
        f = feats[i]
        rows.append({"i": int(i), "id": data.ids[i], "gap": round(float(d[i]), 3),
                     "net": round(float(mn[i]), 3), "stat": round(float(ms[i]), 3),
                     "logv": round(float(ml[i]), 3), "rawv": round(float(mr[i]), 3),
                     "n": f["n"], "growth": round(f["growth"], 4), "went": round(float(went[i]), 4),
                     "vol": round(f["vol"], 3), "log": bool(net["logged"][i]),
                     "ds": bool(net["deseason"][i]), "bias_net": round(float(bias_n[i]), 2),
                     "bias_stat": round(float(bias_s[i]), 2)})
    res["top_losers"] = rows
    # by kind: sums of the gap over subsets
    g = np.array([f["growth"] for f in feats])
    kinds = {
        "deseasonalised": np.asarray(net["deseason"], bool),
        "not deseasonalised": ~np.asarray(net["deseason"], bool),
        "growth > 2%/step": g > 0.02,
        "growth 0-2%/step": (g >= 0) & (g <= 0.02),
        "growth < 0": g < 0,
        "net above (bias > 0)": bias_n > 0,
        "net below (bias < 0)": bias_n < 0,
    }
    res["by_kind"] = {k: {"count": int(v.sum()), "sum_gap": round(float(d[v].sum()), 2),
                          "sum_logv_minus_stat": round(float((ml - ms)[v].sum()), 2),
                          "sum_rawv_minus_stat": round(float((mr - ms)[v].sum()), 2)}
                      for k, v in kinds.items()}
    # where the biggest differences point: net too high (overshoot) or too low
    big = order[:50]
    res["top50_abs"] = {"net_worse": int((d[big] > 0).sum()),
                        "worse_and_net_above": int(((d[big] > 0) & (bias_n[big] > 0)).sum()),
                        "worse_and_net_below": int(((d[big] > 0) & (bias_n[big] < 0)).sum()),
                        "better_and_net_above": int(((d[big] < 0) & (bias_n[big] > 0)).sum()),
                        "better_and_net_below": int(((d[big] < 0) & (bias_n[big] < 0)).sum())}
    np.save(out / f"gap-{_tag(group, val)}.npy", d)
    return res


VIEW_WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0)


def views(group: str, val: int, seed: int, out: Path = OUT) -> dict:
    """MASE and sMAPE of w x the logged view + (1 - w) x the raw view for each w in
    VIEW_WEIGHTS (the default forecast is w = 0.5), from the net's saved file."""
    data = load(group)
    data = data.holdout(val) if val else data
    net = np.load(_path("wavecast", group, val, seed, out))
    res = {"group": group, "val": val, "seed": seed, "n": len(data.ids)}
    for w in VIEW_WEIGHTS:
        f = w * net["logged_view"] + (1 - w) * net["raw_view"]
        res[f"w={w}"] = {
            "mase": float(np.mean([mase(y, fi, x, data.season) for x, y, fi in zip(data.train, data.test, f, strict=True)])),
            "smape": float(np.mean([smape(y, fi) for y, fi in zip(data.test, f, strict=True)]))}
    return res


def main(argv=None) -> None:
    p = argparse.ArgumentParser(prog="python -m benchmarks.m3_gap")
    p.add_argument("what", choices=["save", "report", "views"])
    p.add_argument("system", nargs="?", default="wavecast")
    p.add_argument("--group", default="quarterly")
    p.add_argument("--stat", default="autotheta")
    p.add_argument("--val", type=int, nargs="?", const=1, default=0, metavar="K",
                   help="a validation split (origin K, default 1; m3_data.Group.holdout)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--top", type=int, default=20)
    p.add_argument("--set", dest="overrides", action="append", default=[])
    a = p.parse_args(argv)
    if a.what == "save":
        from .m3_run import _value

        settings = {k.strip(): _value(v.strip()) for k, _, v in (kv.partition("=") for kv in a.overrides)}
        save(a.system, a.group, a.val, a.seed, settings)
    elif a.what == "views":
        print(json.dumps(views(a.group, a.val, a.seed)))
    else:
        res = report(a.group, a.stat, a.val, a.seed, a.top)
        top = res.pop("top_losers")
        print(json.dumps(res, indent=1))
        for r in top:
            print(json.dumps(r))


if __name__ == "__main__":
    main()
