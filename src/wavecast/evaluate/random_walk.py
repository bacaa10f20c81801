"""Does a series move like a random walk? Where it does, a net that copies the last value has
found the forecast to beat, not failed: the lagged-copy finding says so instead of advising a
longer context and more epochs (stock closes: stevedata's DJIA, fpp2's goog). NumPy only.

Either is enough:
- the Ljung-Box test on the training part's one-step changes does not reject "no
  autocorrelation" at 5%: nothing in the past moves that a model of them could use;
- the last value scored best on the held-out part, every other baseline (seasonal naive, linear
  AR, theta, mean) behind it or within the tolerance, and a linear model of the last changes
  (Yule-Walker, the test's lags) explains under USABLE of the next one in sample.
A season or an autocorrelated series gives neither: its changes are autocorrelated (the
differences of a season repeat with it; of white noise, lag 1 is -0.5) far past USABLE. The
held-out part alone is one draw: ARIMA(1,1,0) with phi 0.6, whose changes explain 36% of the
next, had the last value best on it in 90-105 of 200 seeds (python -m benchmarks.random_walk_advice).

Neither is enough where the level is pulled back to a mean: a walk has a unit root, and the
Dickey-Fuller test rejects one at 5% (its t below MacKinnon's critical value). The changes of a
stationary AR(1) with phi 0.8 are barely autocorrelated (lag 1: -(1 - phi) / 2 = -0.1), so
Ljung-Box called such series walks (a user round's LakeHuron-like AR(1)s, 98 points: 305-366 of
400 with phi 0.7-0.9), and told to forecast with the last value where the mean did better.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from .finding import Finding

# The test's level: the textbook's 5% (Hyndman & Athanasopoulos, FPP3, 5.4). A walk passes 95% of
# the time; a series whose changes carry a season or an AR term is rejected long before a net could
# learn from it (at 100+ points, p < 1e-6). Where the test rejects on a small autocorrelation no net
# could use (DJIA 2015-2023: its crash days of 2020 give lag 1 -0.15, p 1e-37 on 2,223 changes), the
# held-out evidence still calls it.
LB_ALPHA = 0.05
# The share of a change its past changes explain (in sample) below which the held-out part may call
# a walk the test rejected: DJIA 2015-2023 6% (the crash days' swings, which did not carry to its
# held-out end); the series with structure 30% and more (ARIMA(1,1,0) phi 0.6: 36%, white noise's
# changes: 45%, a season 12 plus noise: 50% and more). A walk's own is about lags / n: 17% at 60.
USABLE = 0.10
WALK = "the series moves like a random walk"
# The flat-line finding's clause on a walk: a walk's best forecast is its last value held, as flat as
# a forecast can be; "train longer" there (a simulated walk, wavecast run --seed 0) sat beside "more
# epochs will not help" on the same net's lagged copy and no-better findings.
WALK_BEST = "a walk's best forecast is its last value held"
FLAT = "as flat as a forecast can be, so the flatness is no fault"
FLAT_WALK = f"{WALK_BEST}, {FLAT}"
# The diverging-rollout finding's clause on a walk: its far leads drift from the last value held,
# which a walk's forecast should be; "more epochs (direct.max_epochs)" there sat beside "more epochs
# will not help" on the same net's other findings.
DRIFT = "a forecast that drifts away from it only adds error with lead time, so forecast no further than the divergence horizon"
DIVERGE_WALK = f"{WALK_BEST}, and {DRIFT}"
# The clause each finding's walk advice adds to say why more training is no remedy (walk_advice(finding=)).
NO_REMEDY = {"flat line": FLAT_WALK, "diverging rollout": DIVERGE_WALK}
# The same clause after "the last value is the forecast to beat" (no baseline named), without WALK_BEST:
# "the last value is the forecast to beat; a walk's best forecast is its last value held" said it twice.
NO_REMEDY_AFTER_BEAT = {"flat line": f"held, it is {FLAT}", "diverging rollout": DRIFT}
# Dickey-Fuller's 5% critical value, a regression with a constant, by the n changes it reads:
# MacKinnon (2010), "Critical values for cointegration tests", Table 2 (N = 1, "c"):
# -2.86154 - 2.8903 / n - 4.234 / n^2 - 40.040 / n^3 (-2.89 at 100, -2.92 at 50, -3.02 at 20).
DF_5PCT = (-2.86154, -2.8903, -4.234, -40.040)


def dickey_fuller(y: np.ndarray) -> tuple[float, float]:
    """(t, the 5% critical value) of gamma in dy_t = a + gamma y_{t-1} + e_t, OLS over y (n,):
    t below the critical value rejects a unit root (the level reverts to a mean). A series whose
    level never varied, or too short a one, gives (nan, critical): no rejection."""
    y = np.asarray(y, dtype=np.float64)
    lag, d = y[:-1], np.diff(y)
    n = len(d)
    crit = DF_5PCT[0] + sum(c / max(n, 1) ** k for k, c in enumerate(DF_5PCT[1:], start=1))
    if n < 10:
        return math.nan, crit
    x = lag - lag.mean()
    sxx = float(x @ x)
    if sxx <= 0:
        return math.nan, crit
    gamma = float(x @ (d - d.mean())) / sxx
    resid = d - d.mean() - gamma * x
    s2 = float(resid @ resid) / (n - 2)
    return (gamma / math.sqrt(s2 / sxx) if s2 > 0 else -math.inf), crit


def lb_lags(n: int, period: int = 1) -> int:
    """Ljung-Box's number of lags: 10, or two seasons, at most a fifth of the n changes (FPP3, 5.4)."""
    return max(1, min(10 if period <= 1 else 2 * period, n // 5))


def ljung_box(x: np.ndarray, lags: int) -> tuple[float, float]:
    """Ljung-Box Q = n (n + 2) sum_k r_k^2 / (n - k), k = 1..lags, of x (n,), and its p-value
    (chi-square with `lags` degrees of freedom). A constant x has no autocorrelation: (0, 1)."""
    x = np.asarray(x, dtype=np.float64)
    x = x - x.mean()
    n, ss = len(x), float(x @ x)
    if ss <= 0 or n <= lags:
        return 0.0, 1.0
    k = np.arange(1, lags + 1)
    r = np.array([float(x[j:] @ x[:-j]) / ss for j in k])
    q = float(n * (n + 2) * np.sum(r**2 / (n - k)))
    return q, _chi2_sf(q, lags)


def explained(x: np.ndarray, lags: int) -> float:
    """The share of x's variance (n,) its last `lags` values explain linearly: 1 - the one-step
    error variance of the Yule-Walker AR(lags) over the variance (Durbin-Levinson)."""
    x = np.asarray(x, dtype=np.float64)
    x = x - x.mean()
    ss = float(x @ x)
    if ss <= 0 or len(x) <= lags:
        return 0.0
    r = np.array([1.0] + [float(x[j:] @ x[:-j]) / ss for j in range(1, lags + 1)])
    phi, v = np.zeros(0), 1.0
    for k in range(1, lags + 1):
        a = (r[k] - float(phi @ r[k - 1 : 0 : -1])) / v  # the partial autocorrelation at lag k
        phi, v = np.concatenate([phi - a * phi[::-1], [a]]), v * (1 - a * a)
    return float(1 - v)


def _chi2_sf(q: float, k: int) -> float:
    """P(chi-square with k degrees of freedom > q), in closed form (no SciPy in the core)."""
    h = q / 2
    if k % 2 == 0:
        term, total = 1.0, 1.0
        for i in range(1, k // 2):
            term *= h / i
            total += term
        return min(1.0, math.exp(-h) * total)
    total = math.erfc(math.sqrt(h))
    term = math.sqrt(h) / math.gamma(1.5)
    for i in range((k - 1) // 2):
        total += math.exp(-h) * term
        term *= h / (i + 1.5)
    return min(1.0, total)


def walk_evidence(train_part: np.ndarray, period: int, scores: dict[str, dict], tol: float) -> dict | None:
    """Why the series moves like a random walk, or None where it does not.

    train_part (N,) or (N, F): the data the nets learned from (every target's changes must pass);
    period: the season (two seasons of lags); scores {name: {"mse": ...}} of the baselines on the
    held-out part, "last value" among them; tol: the tolerance of "as good as"."""
    y = np.asarray(train_part, dtype=np.float64).reshape(len(train_part), -1)
    d = np.diff(y, axis=0)
    d = d[np.isfinite(d).all(axis=1)]
    out: dict = {}
    if len(d) >= 10:
        m = lb_lags(len(d), period)
        q, p = min((ljung_box(d[:, j], m) for j in range(d.shape[1])), key=lambda qp: qp[1])
        share = max(explained(d[:, j], m) for j in range(d.shape[1]))
        out["ljung_box"] = {"q": q, "p_value": p, "lags": m, "n_changes": len(d), "alpha": LB_ALPHA,
                            "explained": share, "usable": USABLE}
    lv = (scores.get("last value") or {}).get("mse")
    others = {k: s["mse"] for k, s in scores.items() if k != "last value" and _finite(s.get("mse"))}
    if _finite(lv) and others:
        best = min(others, key=others.get)
        out["held_out"] = {"last_value_mse": lv, "best_other": best, "best_other_mse": others[best],
                           "last_value_best": bool(lv <= others[best] + tol)}
    if len(d) >= 10:  # every target must keep its unit root: the most reverting one speaks
        t, crit = min((dickey_fuller(y[:, j][np.isfinite(y[:, j])]) for j in range(y.shape[1])),
                      key=lambda tc: math.inf if math.isnan(tc[0]) else tc[0])
        # a level that never varied has no t (nan): null in metrics.json, which refused the nan with a
        # traceback ("Out of range float values are not JSON compliant") after a run of a constant series
        out["dickey_fuller"] = {"t": t if math.isfinite(t) else None, "critical": crit, "reverts": bool(t < crit)}
        if t < crit:  # pulled back to a mean: not a walk, whatever its changes say
            return None
    lb = out.get("ljung_box")
    no_ac = lb is not None and lb["p_value"] >= LB_ALPHA
    lv_best = (out.get("held_out") or {}).get("last_value_best", False) and lb is not None and lb["explained"] < USABLE
    return out if no_ac or lv_best else None


def _finite(v) -> bool:
    return v is not None and bool(np.isfinite(v))  # a score of filled truths only is None (null in metrics.json)


def walk_advice(ev: dict, baseline: str = "", finding: str = "") -> str:
    """The lagged-copy finding's advice on a random walk, in one line with its evidence; with a
    baseline (one that beat the net: the no-better finding's), the advice to use it. finding: a flat
    line's or a diverging rollout's, which says in the same advice why more epochs are no remedy
    (NO_REMEDY: FLAT_WALK, DIVERGE_WALK; without a baseline, after "the last value is the forecast to
    beat", NO_REMEDY_AFTER_BEAT, which does not name the last value again)."""
    why = []
    lb = ev.get("ljung_box")
    if lb and lb["p_value"] >= LB_ALPHA:
        why.append(f"no autocorrelation a model could use in its one-step changes, Ljung-Box p = "
                   f"{lb['p_value']:.2g} over {lb['lags']} lags")
    ho = ev.get("held_out") or {}
    scored = ho.get("last_value_best") and lb and lb["explained"] < USABLE
    best = (f"scored best on the held-out part, MSE {ho['last_value_mse']:.3g} against {ho['best_other']}'s "
            f"{ho['best_other_mse']:.3g}") if scored else ""
    explain = f"its past changes explain {100 * lb['explained']:.0f}% of the next one" if scored else ""
    drivers = "give the net drivers that lead the series' moves (--past, --future)"
    if baseline:
        if finding in NO_REMEDY:
            # the score beside "a walk's best forecast is its last value held", not in the brackets before it:
            # "(...; the last value scored best on the held-out part, ...); a walk's best forecast is its last
            # value held" named the last value as the best twice in one sentence
            if scored:
                why.append(explain)
            clause = NO_REMEDY[finding].replace(WALK_BEST, f"{WALK_BEST} (it {best})", 1) if scored else NO_REMEDY[finding]
            more = f"{clause}, and more epochs will not help"
        else:
            if scored:
                why.append(f"the last value {best}, and {explain}")
            more = "more epochs will not help"
        return (f"use the baseline ({baseline}): {WALK} ({'; '.join(why)}){_held_out_says(ho)}; {more}. "
                f"Or {drivers}.")
    # the held-out score beside "the last value is the forecast to beat", not in the brackets before it:
    # "(...; the last value scored best on the held-out part, ...): the last value is the forecast to beat"
    # named it twice in one sentence
    if scored:
        why.append(explain)
    more = f"{NO_REMEDY_AFTER_BEAT[finding]}, and more epochs will not help" if finding in NO_REMEDY else "more epochs will not help"
    return (f"{WALK} ({'; '.join(why)}): the last value is the forecast to beat"
            f"{f' (it {best})' if scored else _held_out_says(ho)}; {more}. Forecast with the last value, or {drivers}.")


def _held_out_says(ho: dict) -> str:
    """Where the held-out end disagrees with the test (another baseline at under half the last
    value's MSE), a clause saying so: R's LakeHuron read 'the last value is the forecast to beat'
    a line above 'use the baseline (mean)', the mean 6x better on its held-out end, unsaid."""
    lv, best = ho.get("last_value_mse"), ho.get("best_other_mse")
    if ho.get("last_value_best") or lv is None or best is None or not best < 0.5 * lv:
        return ""
    return (f", though on this held-out end {ho['best_other']} did better (MSE {best:.3g} against the last "
            f"value's {lv:.3g}; one draw)")


def copies_last_value(f: Finding) -> bool:
    """Is this lagged copy "tomorrow = today", the forecast of a walk: the last value repeated (lag 0),
    or one-step predictions a step late (net_checks' "NAME (one-step)", lag 1)? A multi-step forecast
    that matches the truth shifted by k >= 1 follows moves it could not know of: a season at the wrong
    phase, or the truth itself late (benchmarks/lagged_copy.py), which a walk does not excuse."""
    lag = f.details.get("lag")
    return f.name == "lagged copy" and (lag == 0 or (lag == 1 and f.forecaster.endswith(" (one-step)")))


def on_random_walk(found: list[Finding | None], evidence: dict | None) -> list[Finding | None]:
    """The last-value copies of a random walk advised as such, and every no-better finding told to
    use the baseline without "more epochs": copy or not, a walk's past changes hold nothing more
    training could learn (R's LakeHuron, seed 1: "more epochs (direct.max_epochs)", no copy beside it).
    Every flat line too (but one held at the floor, FLOOR): a walk's best forecast is flat, so "train
    longer" is no remedy; it names the baseline the same forecaster's no-better finding names, so the
    two say one thing. So is every diverging rollout: its far leads drift from the last value held, and
    "more epochs" is no remedy there either. details["random_walk"] keeps the evidence, and advice.advise leaves these as they
    are. A forecaster that follows the truth late (a lagged copy, not of the last value) keeps its
    advice, no-better and flat line included: a walk does not excuse it. The other findings as they were."""
    if evidence is None:
        return found
    late = {f.forecaster for f in found if f is not None and f.name == "lagged copy" and not copies_last_value(f)}
    beaten = {f.forecaster: f.details.get("baseline", "") for f in found
              if f is not None and f.name == "no better than a baseline"}

    def walk(f: Finding | None) -> bool:
        return f is not None and (copies_last_value(f) or (
            f.name in ("no better than a baseline", *NO_REMEDY) and f.forecaster not in late
            and not f.details.get("at_floor")))

    def said(f: Finding) -> str:
        if f.name in NO_REMEDY:
            return walk_advice(evidence, beaten.get(f.forecaster, ""), finding=f.name)
        return walk_advice(evidence, f.details.get("baseline", "") if f.name != "lagged copy" else "")

    return [replace(f, advice=said(f), details={**f.details, "random_walk": evidence}) if walk(f) else f
            for f in found]
