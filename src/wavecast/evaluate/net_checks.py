"""The checks of a net's forecasts against the truth and the baselines: lagged copy, flat line,
no better than a baseline, diverging rollout (diagnose_forecasts runs them all).

"Equal" errors are judged with a tolerance (evaluation.tolerance: a share of the training
variance), so a network at MSE 1e-6 beside a baseline at 1e-27 raises no alarm. NumPy only.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from .finding import Finding, make_finding
from .metrics import MIN_FORECASTS_PER_LEAD, mse
from .shift_bar import shift_bar

# A flat line held at 0 on a positive truth is no mean learned: "train longer" sent a user round
# (datasets::Seatbelts, --future law, a law in force on 5 of the 174 points trained on and all 18
# held out) to train a net whose forecast had been pushed far below 0 by the driver.
FLOOR = ("this is no mean learned, and more training will not lift it: a driver at values the net hardly trained "
         "on (a note names any such), or a context far from the levels it trained on, can push a forecast below "
         "0; compare the net without its drivers, and check the data's last values.")


# A forecast that repeats the last value where no baseline beat the last value is no fault of the
# net's: AutoETS's flat level forecasts are such copies in 77 of the 259 M3 yearly series the
# last-value test names, and "more epochs" is no remedy for matching the best baseline there.
LAST_BEST = ("no baseline beat the last value on this held-out end, so repeating it is no fault here, but the "
             "net adds nothing to it: use the last value, or give the net drivers that lead the series' moves "
             "(--past, --future). One held-out end is one draw: a backtest (wavecast backtest --origins N; "
             "wavecast.backtest(origins=N)) says more.")


# LAST_BEST in the flat-line finding's words: a flat forecast at the last value, where no baseline beat
# the last value, was told "train longer" a line below the lagged copy's "no fault here".
FLAT_LAST_BEST = LAST_BEST.replace("so repeating it is no fault here",
                                   "which is as flat as this forecast, so the flatness is no fault here", 1)


# LAST_BEST in the no-better finding's words, where the net's forecast is that copy (its lagged copy,
# advised LAST_BEST) and scores worse than the last value: "more epochs (direct.max_epochs)" sat a
# line below the copy's "use the last value", and more epochs do not mend a net that copies its input.
COPY_LAST_BEST = LAST_BEST.replace(
    "so repeating it is no fault here, but the net adds nothing to it:",
    "and the net, which repeats it (its lagged copy), scores worse than it; more epochs will not help a net "
    "that copies its input:", 1)


def last_value_words(said: str, n_origins: int = 1) -> str:
    """LAST_BEST (or FLAT_LAST_BEST) for one held-out end, or over a backtest's n_origins > 1."""
    if n_origins <= 1:
        return said
    return said.replace("on this held-out end", f"over these {n_origins:,} origins", 1).split(" One held-out end")[0]


def last_value_unbeaten(f: Finding | None, scores: dict[str, dict], baselines: list[str], tol: float,
                        n_origins: int = 1) -> Finding | None:
    """f, or where f repeats the last value (a lagged copy, lag 0) and no baseline's MSE is below the last
    value's by more than tol, f advised LAST_BEST (details["last_value_best"]: advice.advise keeps it);
    over a backtest's n_origins > 1, in its words."""
    if f is None or f.name != "lagged copy" or f.details.get("lag") != 0 or not _unbeaten(scores, baselines, tol):
        return f
    return replace(f, advice=last_value_words(LAST_BEST, n_origins), details={**f.details, "last_value_best": True})


def flat_at_last_value(f: Finding | None, copy: Finding | None, scores: dict[str, dict], baselines: list[str],
                       tol: float, n_origins: int = 1) -> Finding | None:
    """f, or where f is a flat line (not one held at the floor, FLOOR) of a forecast at the last value
    (copy: the same forecaster's lagged copy, advised LAST_BEST) or scoring as it did (MSE within tol of
    the last value's), and no baseline beat the last value, f advised FLAT_LAST_BEST, as its copy is:
    the best baseline was as flat as the net, and "train longer" no remedy (details["last_value_best"])."""
    if f is None or f.name != "flat line" or f.details.get("at_floor") or not _unbeaten(scores, baselines, tol):
        return f
    at_last = copy is not None and copy.details.get("last_value_best")
    if not at_last and not scores[f.forecaster]["mse"] <= scores["last value"]["mse"] + tol:
        return f
    return replace(f, advice=last_value_words(FLAT_LAST_BEST, n_origins), details={**f.details, "last_value_best": True})


def copy_behind_last_value(f: Finding | None, copy: Finding | None, n_origins: int = 1) -> Finding | None:
    """f, or where f is the no-better finding of a forecaster whose lagged copy (copy) repeats the last
    value no baseline beat (advised LAST_BEST), f advised COPY_LAST_BEST, as its copy is: use the last
    value, not more epochs (details["last_value_best"]: advice.advise keeps it)."""
    if f is None or f.name != "no better than a baseline" or copy is None or not copy.details.get("last_value_best"):
        return f
    return replace(f, advice=last_value_words(COPY_LAST_BEST, n_origins), details={**f.details, "last_value_best": True})


def _unbeaten(scores: dict[str, dict], baselines: list[str], tol: float) -> bool:
    """Is the last value scored, and no baseline's MSE below it by more than tol?"""
    if "last value" not in scores:
        return False
    lv = scores["last value"]["mse"]
    return not any(b in scores and scores[b]["mse"] + tol < lv for b in baselines)


def lagged_copy(
    forecaster: str, pred: np.ndarray, truth: np.ndarray, last: np.ndarray | None, tol: float,
    max_lag: int = 5, period: int = 1,
) -> Finding | None:
    """Is pred (B, T, F) the truth (B, T, F) shifted by k >= 1 steps, or the last value?

    `last` (B, F) is the last observed value before each origin (None: skip that test). Shift test: the MSE between
    pred[:, k:] and truth[:, :-k] is below half that of pred[:, :-k] (the same truth points unshifted), or
    below shift_bar's lower ratio where the points are too few for half to mean anything, for some
    1 <= k <= max_lag, k <= H // 2 (half the horizon H, so the shifted MSE rests on as many points as
    it leaves out), k < `period` (the season) where there is one. Against the whole unshifted MSE, a forecast
    below a trend matched the truth nearest its origin and a seasonal one the truth a season before: on M3's
    test parts seasonal naive, which copies nothing, was called one in 536 of 645 yearly and 487 of 756
    quarterly series (now 0 and 54); the truth delayed a step is still found (python -m benchmarks.lagged_copy).
    Last-value test: pred is within 2% (in MSE) of repeating `last`, while `last` itself is
    off by more than tol. Neither fires when the forecast is already within tol of the truth,
    nor on an intermittent truth (0 in more than half its values): its last value and the L1
    net's median are both mostly 0, and shifting it keeps or drops a sale by chance (17 of 30
    weekly items at 5-30% demand were called lagged copies)."""
    p, t = np.asarray(pred, dtype=np.float64), np.asarray(truth, dtype=np.float64)
    err0 = float(mse(p, t))
    if err0 <= tol or np.mean(t == 0) > 0.5:  # intermittent (as flat_line): last value and the L1
        return None  # net's median both mostly 0, and a shift keeps or drops a sale by chance
    # k <= H // 2: the shifted MSE rests on half the horizon at least (a shift of 5 in a yearly horizon of 6
    # set one point against one: the truth plus small noise was a lagged copy in 7 of M3's 645 yearly series)
    lags = range(1, min(max_lag, p.shape[1] // 2, period - 1 if period > 1 else max_lag) + 1)
    shifted = {k: float(mse(p[:, k:], t[:, :-k])) for k in lags}
    same = {k: float(mse(p[:, :-k], t[:, :-k])) for k in lags}  # the same truth points, unshifted
    # under half, or less where the points are few (shift_bar: unrelated errors of 3 points pass half 29% of the time)
    bar = {k: shift_bar(int(np.count_nonzero(~np.isnan(t[:, :-k]))), len(lags)) for k in lags}
    lagged = [k for k in lags if shifted[k] < bar[k] * same[k]]
    if lagged:
        k = min(lagged, key=shifted.get)
        return make_finding(
            "lagged copy", forecaster,
            f"{forecaster} matches the truth best when shifted by {k} step(s): MSE "
            f"{shifted[k]:.3g} shifted vs {same[k]:.3g} as forecast",
            lag=k, mse=err0, mse_shifted=shifted[k], mse_unshifted=same[k], ratio_bar=bar[k],
        )
    if last is None:  # one-step predictions: only the shift test applies
        return None
    rep = np.broadcast_to(np.asarray(last, dtype=np.float64)[:, None, :], p.shape)
    dist, lv_err = float(mse(p, rep)), float(mse(rep, t))
    if lv_err > tol and dist <= 0.02 * lv_err:
        return make_finding(
            "lagged copy", forecaster,
            f"{forecaster} repeats the last observed value: it is {dist:.3g} (MSE) from the "
            f"last-value forecast, whose own error is {lv_err:.3g}",
            lag=0, distance_to_last_value=dist, last_value_mse=lv_err,
        )
    return None


def flat_line(
    forecaster: str, pred: np.ndarray, truth: np.ndarray, tol: float, ratio: float = 0.1,
    scores: dict[str, dict] | None = None, baselines: list[str] = (),
    forecasts: dict[str, np.ndarray] | None = None,
) -> Finding | None:
    """Is the forecast's variance along the horizon below `ratio` x the truth's?

    Variances are taken over lead time per origin and feature, then averaged; a truth that
    is itself flat over the horizon (variance <= tol) is no evidence either way, nor is an
    intermittent one (0 in more than half its values: when demand comes is not foreseeable, and
    a flat forecast is the right one; forecasters/intermittent.py says so in its own note).
    Nor is a forecast whose MSE (scores) is below every baseline's: the swings it leaves out are
    ones no baseline foresaw either (fpp3's aus_accommodation: the net, best in the Australian
    Capital Territory at MSE 67.7 against seasonal naive's 75.4, was told to train longer).
    Nor, given the baselines' `forecasts`, is one beaten only by baselines as flat as itself
    (below `ratio` x the truth's variance): flatness is the fault only where a forecast that
    moves did better (R's discoveries, yearly counts near noise: theta's flat line, MSE 1.98
    against the net's 2.04, had the net told to train longer).
    """
    p, t = np.asarray(pred, dtype=np.float64), np.asarray(truth, dtype=np.float64)
    if p.shape[1] < 3 or np.mean(t == 0) > 0.5:
        return None
    var_p, var_t = float(np.mean(np.var(p, axis=1))), float(np.mean(np.var(t, axis=1)))
    if var_t <= tol or var_p >= ratio * var_t:
        return None
    others = [b for b in baselines if scores and b in scores and b != forecaster]
    movers = [b for b in others if not forecasts or b not in forecasts
              or float(np.mean(np.var(np.asarray(forecasts[b], dtype=np.float64), axis=1))) >= ratio * var_t]
    if others and not any(scores[b]["mse"] <= scores[forecaster]["mse"] for b in movers):
        return None
    if not p.any() and float(np.min(t)) > 0:  # held at the floor, not the mean: said so (FLOOR)
        return replace(make_finding(
            "flat line", forecaster,
            f"{forecaster}'s forecast is 0 at every lead, where the truth is above 0 throughout (variance "
            f"{var_t:.3g}): its own forecast fell below 0 and was held at 0, the floor of a series never below it",
            variance=var_p, truth_variance=var_t, at_floor=True,
        ), advice=FLOOR)
    return make_finding(
        "flat line", forecaster,
        f"{forecaster}'s forecast barely moves: variance {var_p:.3g} against the truth's "
        f"{var_t:.3g} ({100 * var_p / var_t:.1f}%)",
        variance=var_p, truth_variance=var_t,
    )


def no_better_than_baseline(
    forecaster: str, scores: dict[str, dict], baselines: list[str], tol: float
) -> Finding | None:
    """Does a baseline beat the forecaster's MSE by more than tol? Names the best one."""
    m = scores[forecaster]["mse"]
    beaten_by = {b: scores[b]["mse"] for b in baselines if b in scores and scores[b]["mse"] + tol < m}
    if not beaten_by:
        return None
    best = min(beaten_by, key=beaten_by.get)
    mb = beaten_by[best]
    # a baseline's MSE under the tolerance (a share of the series' variance) is exact to that
    # tolerance, not exact: 1.47e4 on a series in millions was called "exact" (employment)
    # the tolerance is an MSE, not a ratio: "(1.27x; tolerance 72)" set it beside the ratio unnamed
    how = (f"{m / mb:.3g}x the baseline's" if mb > tol else
           f"{m - mb:.3g} more; the baseline's is under {tol:.2g}, exact to that")
    return make_finding(
        "no better than a baseline", forecaster,
        f"{best} beats {forecaster}: MSE {mb:.3g} vs {m:.3g} ({how}; MSEs within {tol:.2g} of each other "
        f"count as a tie)",
        baseline=best, mse=m, baseline_mse=mb, beaten_by=beaten_by, tolerance=tol,
    )


# Diverging rollout: the last quarter of leads' mean MSE is above this many times the last-value
# forecast's there (plus tol). Any honest forecast's error grows with lead, and from one origin a
# lead's error is one squared error: without this bar it fired on M3's test parts for drift in 303
# of 645 yearly and seasonal naive in 692 of 1,428 monthly series, and on the truth plus small
# noise in 81 monthly (python -m benchmarks.diagnostics_audit; docs/evaluation.md, "Diverging").
DIVERGE_VS_LAST = 2.0


def diverging_rollout(
    forecaster: str, err_by_lead, horizon: int | None, tol: float, n_forecasts: int | None = None,
    reference_by_lead=None,
) -> Finding | None:
    """Does the error grow with lead time past the divergence horizon?

    Fires when a divergence horizon exists and the mean error of the last quarter of leads is
    more than twice that of the first quarter (plus tol), and, where reference_by_lead (H,) is
    given (the last-value forecast's MSE by lead), more than DIVERGE_VS_LAST times the
    reference's over the same leads (plus tol): an error that grows as the last value's does is
    the series' own uncertainty, not a rollout running away. n_forecasts: how many forecasts each
    lead's error averages; below metrics.MIN_FORECASTS_PER_LEAD the message says that is too
    few to rely on, as the console's "diverges at" line and metrics.json do.
    """
    err = np.asarray(err_by_lead, dtype=np.float64)
    if horizon is None or len(err) < 4:
        return None
    q = max(1, len(err) // 4)
    # a lead whose every truth the reader filled has no error (null in metrics.json, NaN here): the
    # quarters are the leads measured; the mean of a NaN fired the finding with late_mse NaN, and
    # metrics.json's writer refused it after training (stevedata's DJIA since 1885, --fill-missing-dates)
    if not (np.isfinite(err[:q]).any() and np.isfinite(err[-q:]).any()):
        return None
    early, late = float(np.nanmean(err[:q])), float(np.nanmean(err[-q:]))
    if late <= 2 * early + tol:
        return None
    ref = None if reference_by_lead is None else np.asarray(reference_by_lead, dtype=np.float64)[-q:]
    if ref is not None and np.isfinite(ref).any() and late <= DIVERGE_VS_LAST * float(np.nanmean(ref)) + tol:
        return None
    few = ""
    if n_forecasts is not None and n_forecasts < MIN_FORECASTS_PER_LEAD:
        few = f" (from {n_forecasts} forecast(s) a lead time: too few to rely on; a backtest of more origins gives more)"
    return make_finding(
        "diverging rollout", forecaster,
        f"{forecaster}'s error grows with lead time: MSE {early:.3g} over the first {q} steps, "
        f"{late:.3g} over the last {q}; worse than last value from step {horizon}{few}",
        divergence_horizon=horizon, early_mse=early, late_mse=late, n_forecasts=n_forecasts,
    )


def diagnose_forecasts(
    forecasts: dict[str, np.ndarray], truth: np.ndarray, last: np.ndarray, evaluation: dict,
    baselines: list[str], tol: float, period: int = 1,
) -> list[Finding]:
    """The forecast checks (lagged copy, flat line, no better, diverging) for each forecaster
    that is not a baseline. forecasts {name: (B, H, F)}, truth (B, H, F), last (B, F);
    `evaluation` is evaluation.evaluate(...)'s result for the same forecasts; period the season."""
    scores, div = evaluation["forecasters"], evaluation["divergence_horizon"]
    found = []
    for name, pred in forecasts.items():
        if name in baselines:
            continue
        copy = last_value_unbeaten(lagged_copy(name, pred, truth, last, tol, period=period), scores, baselines, tol,
                                   len(pred))
        checks = (
            copy,
            flat_at_last_value(flat_line(name, pred, truth, tol, scores=scores, baselines=baselines, forecasts=forecasts),
                               copy, scores, baselines, tol, len(pred)),
            copy_behind_last_value(no_better_than_baseline(name, scores, baselines, tol), copy, len(pred)),
            diverging_rollout(name, scores[name]["by_lead"]["mse"], div.get(name), tol, len(pred),
                              (scores.get("last value") or {}).get("by_lead", {}).get("mse")),
        )
        found.extend(f for f in checks if f is not None)
    return found
