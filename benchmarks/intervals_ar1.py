"""Conformal intervals on a synthetic AR(1) with Gaussian noise of known variance.

x[t] = phi x[t-1] + e[t], e ~ N(0, sigma^2). The h-step forecast error of the true model has
variance sigma^2 (1 - phi^(2h)) / (1 - phi^2), so the true central band at level L is
+- z_{(1+L)/2} times its square root. LinearAR(1) is fitted on the first n_cal points,
calibrated (evaluate.calibration.calibrate) on its own rolling-origin errors there, then scored
from origins `horizon` apart on the next n_test points, which it never saw.

Tolerance on coverage (a lead, a level): 3 standard deviations of the sum of two binomial
errors, the test's (n_test / horizon independent origins) and the calibration's (its
quantile rests on n_origins overlapping errors; an h-step error shares h noise terms with its
neighbours, so about n_origins / h independent ones):  3 sqrt(p (1 - p) (horizon / n_test + h / n_cal)).

    python -m benchmarks.intervals_ar1 [--phi 0.8 --sigma 1 --method signed --seed 0]
"""

from __future__ import annotations

import argparse
import math
from statistics import NormalDist

import numpy as np

from wavecast.evaluate.band_scores import interval_scores
from wavecast.evaluate.calibration import calibrate
from wavecast.evaluate.forecast_at import forecast_at
from wavecast.forecasters.baselines import LinearAR


def ar1(n: int, phi: float, sigma: float, rng: np.random.Generator, burn: int = 200) -> np.ndarray:
    e = rng.normal(0.0, sigma, n + burn)
    x = np.empty(n + burn)
    x[0] = e[0] / math.sqrt(1 - phi**2)
    for t in range(1, n + burn):
        x[t] = phi * x[t - 1] + e[t]
    return x[burn:]


def true_width(level: float, h: np.ndarray, phi: float, sigma: float) -> np.ndarray:
    z = NormalDist().inv_cdf(0.5 + level / 200)
    return 2 * z * sigma * np.sqrt((1 - phi ** (2 * h)) / (1 - phi**2))


def tolerance(level: float, h: np.ndarray, n_test_origins: int, n_cal: int) -> np.ndarray:
    p = level / 100
    return 3 * np.sqrt(p * (1 - p) * (1 / n_test_origins + h / n_cal))


def fit_net(x: np.ndarray, horizon: int, levels, method: str, seed: int, epochs: int):
    """wavecast.fit on x (the run's own split, calibration and held-out end): (net, its bands)."""
    import wavecast

    f = wavecast.fit(x[:, 0], input_len=20, horizon=horizon, test_len=horizon, epochs=epochs, seed=seed,
                     overrides=[f"eval.levels={','.join(f'{v:g}' for v in levels)}",
                                f"eval.interval_method={method}", "model.hidden_size=16"])
    name = next(iter(f.result.forecasters))
    return f.result.forecasters[name], f.result.intervals[name]


def measure(phi=0.8, sigma=1.0, n_cal=4000, n_test=20000, horizon=10, levels=(80, 95),
            method="signed", seed=0, net_epochs=0) -> dict:
    """Coverage and widths by lead of LinearAR(1) (or, with net_epochs, the LSTM wavecast.fit
    trains and calibrates) + conformal; see the module docstring."""
    rng = np.random.default_rng(seed)
    x = ar1(n_cal + n_test, phi, sigma, rng)[:, None]  # (N, 1)
    if net_epochs:
        model, conf = fit_net(x[:n_cal], horizon, levels, method, seed, net_epochs)
    else:
        model = LinearAR(1).fit(x[:n_cal])
        conf = calibrate(model, [x], horizon, levels, ends=[n_cal], method=method, n_origins=n_cal)
    origins = np.arange(n_cal, n_cal + n_test - horizon + 1, horizon)
    at = forecast_at({"ar": model}, [x], [origins], horizon)
    point = at.forecasts["ar"]
    bands = conf.bands(point, series=np.zeros(len(point), dtype=int))
    scores = interval_scores(point, bands, at.truth, np.ones(len(point)))
    h = np.arange(1, horizon + 1)
    out = {"n_cal_errors": conf.n_, "n_test_origins": len(origins), "levels": {}}
    for level in conf.levels:
        s = scores[f"{level:g}"]
        cov = np.array(s["by_lead"]["coverage"])
        wid = np.array(s["by_lead"]["width"])
        tw = true_width(level, h, phi, sigma)
        tol = tolerance(level, h, len(origins), conf.n_)
        out["levels"][level] = {"coverage": cov, "tol": tol, "width_ratio": wid / tw,
                                "pooled": s["coverage"], "msis": s["msis"],
                                "ok_cov": bool((np.abs(cov - level / 100) <= tol).all()),
                                "ok_width": bool((np.abs(wid / tw - 1) <= 0.10).all())}
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--phi", type=float, default=0.8)
    p.add_argument("--sigma", type=float, default=1.0)
    p.add_argument("--n-cal", type=int, default=4000)
    p.add_argument("--n-test", type=int, default=20000)
    p.add_argument("--horizon", type=int, default=10)
    p.add_argument("--method", default="signed", choices=["signed", "symmetric"])
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--net-epochs", type=int, default=0, help="> 0: the LSTM wavecast.fit trains, not LinearAR(1)")
    a = p.parse_args(argv)
    r = measure(a.phi, a.sigma, a.n_cal, a.n_test, a.horizon, method=a.method, seed=a.seed, net_epochs=a.net_epochs)
    who = f"LSTM ({a.net_epochs} epochs)" if a.net_epochs else "LinearAR(1)"
    print(f"AR(1) phi={a.phi} sigma={a.sigma}, {who} + conformal ({a.method}), "
          f"{r['n_cal_errors']} calibration errors a lead, {r['n_test_origins']} test origins")
    ok = True
    for level, v in r["levels"].items():
        print(f"level {level:g}: pooled coverage {v['pooled']:.4f}, MSIS {v['msis']:.3f}; "
              f"coverage in tolerance at every lead: {v['ok_cov']}; widths within 10%: {v['ok_width']}")
        print("  lead      " + " ".join(f"{h:6d}" for h in range(1, len(v["coverage"]) + 1)))
        print("  coverage  " + " ".join(f"{c:6.3f}" for c in v["coverage"]))
        print("  +-tol     " + " ".join(f"{t:6.3f}" for t in v["tol"]))
        print("  width/true" + " ".join(f"{w:6.3f}" for w in v["width_ratio"]))
        ok &= v["ok_cov"] and v["ok_width"]
    print("targets met" if ok else "targets NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
