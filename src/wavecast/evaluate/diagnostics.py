"""The classic failures of recurrent forecasters, named: each check returns a Finding or None.

    lagged copy        the forecast is the input shifted by a step or more (or the last value)
    flat line          the forecast's variance is far below the truth's
    no better          a baseline beats it by more than the tolerance
    diverging rollout  its error grows with lead time past the divergence horizon
    leak               the scaler (or another statistic) was computed with data after the split
    unscaled input     the net is fed values far outside the range it was trained on
    level shift        the held-out truth itself jumps to a new level (a break): no forecaster
                       could foresee it, and the others' findings may come from it
    drivers do not pay the net fitted without its covariates scores better on the held-out end
                       (a backtest: pooled over its origins)

"Equal" errors are judged with a tolerance (evaluation.tolerance: a share of the training
variance), so a network at MSE 1e-6 beside a baseline at 1e-27 raises no alarm. NumPy only.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from ..words import shell_word
from .metrics import MIN_FORECASTS_PER_LEAD, mse

ADVICE = {  # the two kinds of net read different keys: each piece of advice names its kind
    "lagged copy": "the net learned 'tomorrow = today'. Forecast further ahead, difference the "
    "series, compare with the last-value baseline before trusting a good-looking one-step plot; "
    "for the recursive net, train on the free-running loss (train.rollout_steps > 0).",
    "flat line": "the net predicts the mean. Train longer or with a higher learning rate, check "
    "the scaling, give it a longer context (window.input_len), or a larger hidden size "
    "(model.hidden_size; direct.hidden_size for the direct net).",
    "no better than a baseline": "use the baseline, or give the net what the baseline knows: a "
    "context of at least one season (window.input_len >= period), more epochs "
    "(train.epochs; direct.max_epochs), or for the recursive net a free-running loss.",
    "diverging rollout": "its errors grow with lead time. Forecast only up to the divergence "
    "horizon; for the recursive net (its predictions are fed back) train with a longer "
    "free-running loss (train.rollout_steps) or try the direct net (model.kind=direct).",
    "leak": "fit the scaler and every other statistic on the training part only "
    "(windows.Scaler().fit(train)); the reported errors are optimistic until then.",
    "unscaled input": "scale the data with the training part's statistics before it reaches the "
    "net (wavecast does this for you), or retrain on data that covers this range.",
    # experiment's check (drivers_check.py): its advice names the run's drivers (advise, below)
    "drivers do not pay": "run it without the drivers and compare on a backtest (wavecast backtest "
    "--origins N; wavecast.backtest(origins=N)): one held-out end is one draw. Drivers with few distinct "
    "values or few points to learn from can cost the net more than they give.",
    "level shift": "judge the forecasters on origins before the break (a backtest: wavecast backtest "
    "--origins N, wavecast.backtest(origins=N)) or on data after it, not on this held-out end; the other "
    "findings on the same series may come from the break, not from the net. The model that forecasts "
    "the future is trained on all the data, the break included.",
}


# The same advice in the keys of the net at hand (experiment.run calls advise with its kind):
# the generic words above name both nets, which read wrong beside a run of one of them.
KIND_ADVICE = {
    "recursive": {
        "lagged copy": "the net learned 'tomorrow = today'. Forecast further ahead, difference the series, "
        "compare with the last-value baseline before trusting a good-looking one-step plot, and train on "
        "the free-running loss (train.rollout_steps > 0).",
        "flat line": "the net predicts the mean. Train longer (train.epochs) or with a higher learning rate "
        "(train.lr), check the scaling, give it a longer context (window.input_len), or a larger hidden "
        "size (model.hidden_size).",
        "no better than a baseline": "use the baseline, or give the net what the baseline knows: a context "
        "of at least one season (window.input_len >= period), more epochs (train.epochs), or a longer "
        "free-running loss (train.rollout_steps).",
        "diverging rollout": "its errors grow with lead time. Forecast only up to the divergence horizon; "
        "its predictions are fed back, so train with a longer free-running loss (train.rollout_steps) or "
        "try the direct net (model.kind=direct), which forecasts the whole horizon at once.",
    },
    "direct": {
        "lagged copy": "the net learned 'tomorrow = today'. Compare with the last-value baseline before "
        "trusting it; give it a longer context (window.input_len), more epochs (direct.max_epochs) or a "
        "larger hidden size (direct.hidden_size).",
        "flat line": "the net predicts the mean. Train longer (direct.max_epochs) or with a higher learning "
        "rate (direct.lr), give it a longer context (window.input_len), or a larger hidden size "
        "(direct.hidden_size).",
        "no better than a baseline": "use the baseline, or give the net what the baseline knows: a context "
        "of at least one season (window.input_len >= period), or more epochs (direct.max_epochs).",
        "diverging rollout": "its errors grow with lead time. Forecast only up to the divergence horizon; "
        "the direct net forecasts every lead at once (nothing is fed back), so its far leads are the "
        "hardest: forecast a shorter horizon (window.horizon), or give it a longer context "
        "(window.input_len) or more epochs (direct.max_epochs).",
    },
}


SEASON_CLAUSE = "a context of at least one season (window.input_len >= period)"


def advise(metrics: dict, kind: str, input_len: int | None = None, drivers: tuple[str, ...] = ()) -> None:
    """Each finding in metrics (its diagnostics, and the first series' when pooled) advised in
    the keys of the net at hand; kind: recursive | direct. input_len: the net's context, which
    the advice to read a season (metrics' baselines period) names where it already does.
    drivers: the covariates the run was given, as its flags ("--future PetrolPrice", drivers_named):
    a net behind a baseline is also told to try without them. In place."""
    period = (metrics.get("baselines") or {}).get("period") or 1
    for found in (metrics.get("diagnostics"), (metrics.get("first_series") or {}).get("diagnostics")):
        for d in found or ():
            d["advice"] = KIND_ADVICE.get(kind, {}).get(d["name"], d["advice"])
            if input_len and SEASON_CLAUSE in d["advice"] and input_len >= period:
                # "window.input_len >= period" told a net reading 7 points of a season of 7 to read one
                d["advice"] = d["advice"].replace(SEASON_CLAUSE, _longer_context(d, input_len, period))
            if drivers and d["name"] == "drivers do not pay":  # a backtest's own check: no backtest to advise
                d["advice"] = drivers_advice(drivers, backtest="backtest" in metrics)
            # the run that compared itself without its drivers says it in its own finding or note
            elif drivers and d["name"] == "no better than a baseline" and WITHOUT_DRIVERS not in d["advice"] \
                    and "drivers_check" not in metrics:
                d["advice"] += without_drivers(drivers)


# Drivers did not pay on every small set of a practitioner round (docs/covariates.md, "Drivers that
# do not pay": Seatbelts' law, insurance's TV adverts), and the advice never said to drop them.
WITHOUT_DRIVERS = "Or run it without --"


# why drivers can cost a net: both pieces of advice that name them end with it
DRIVERS_COST = "drivers with few distinct values or few points to learn from can cost the net more than they give."


def _without(drivers: tuple[str, ...]) -> str:
    """'without --future law and --calendar (the same keywords in Python)': the flags to leave out.
    It said 'without the drivers (--future law; ...)', which read as the flags to pass."""
    flags = drivers[0] if len(drivers) == 1 else f"{', '.join(drivers[:-1])} and {drivers[-1]}"
    return f"without {flags} (the same keywords in Python)"


def without_drivers(drivers: tuple[str, ...]) -> str:
    """The advice's last sentence for a run given drivers: run it without them, named."""
    return f" Or run it {_without(drivers)} and compare: {DRIVERS_COST}"


def drivers_advice(drivers: tuple[str, ...], backtest: bool = False) -> str:
    """The "drivers do not pay" advice with the run's drivers named, as its flags; backtest: the
    finding of a backtest's check, already over many origins (not one draw)."""
    if backtest:
        return (f"run it {_without(drivers)}: pooled over this "
                f"backtest's origins the same net scored better without them. {DRIVERS_COST[0].upper()}{DRIVERS_COST[1:]}")
    return (f"run it {_without(drivers)} and compare on a "
            "backtest (wavecast backtest --origins N; wavecast.backtest(origins=N)): one held-out end is one "
            f"draw. {DRIVERS_COST[0].upper()}{DRIVERS_COST[1:]}")


# A lower score without the drivers by less than this share is no finding: one held-out end is
# one draw, and the bare net's own seeds moved Seatbelts' MASE 0.659-0.719 (PetrolPrice at seed 2:
# 0.722 with the driver, 0.719 without, a finding for 0.4%).
PAY_MARGIN = 0.02


def drivers_do_not_pay(net: str, bare: str, metric: str, with_them: float, without: float,
                       where: str = "on the held-out end") -> Finding | None:
    """Does the net fitted without the run's drivers (named `bare`, same seed and settings, same
    training part) score lower on the held-out end than the net with them, by more than
    PAY_MARGIN of its score? metric: the one compared ("mase", or "mse" where MASE is left out);
    where: what was scored, as the message says it (a backtest: "over 6 origins"). None when it does not."""
    if not without < with_them * (1 - PAY_MARGIN):
        return None
    return _finding(
        "drivers do not pay", net,
        f"{net} scores {metric.upper()} {without:.4g} {where} without the drivers ({bare}), "
        f"{with_them:.4g} with them: they cost it {with_them - without:.3g}",
        metric=metric, with_drivers=with_them, without_drivers=without, forecaster_without=bare,
    )


def drivers_named(past: tuple[str, ...] = (), future: tuple[str, ...] = (), calendar: bool = False,
                  holidays: str = "", static: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The covariates of a run as its flags: ('--future PetrolPrice,law', '--calendar'); a name the
    shell would split quoted ("--future 'unit price',law")."""
    def names(cols) -> str:
        return ",".join(shell_word(c) for c in cols)

    return (*((f"--future {names(future)}",) if future else ()), *((f"--past {names(past)}",) if past else ()),
            *((f"--static {names(static)}",) if static else ()),
            *(("--calendar",) if calendar else ()), *((f"--holidays {holidays}",) if holidays else ()))


def _longer_context(finding: dict, input_len: int, period: int) -> str:
    """The context advice for a net that already reads a season: a longer one, and the AR order
    beside it when the baseline that beats it reads more lags."""
    details = finding.get("details") or {}
    best = details.get("baseline") or (details.get("example") or {}).get("baseline") or ""
    lags = re.fullmatch(r"linear AR\((\d+)\)", best)
    reads = f"; {best} reads {lags[1]} lags" if lags and int(lags[1]) > input_len else ""
    season = f", a season {period}" if period > 1 else ""
    return f"a longer context (window.input_len, now {input_len}{season}{reads})"


@dataclass(frozen=True)
class Finding:
    """One named failure: what was seen, in plain words, and what to try."""

    name: str
    forecaster: str
    message: str
    advice: str
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _finding(name: str, forecaster: str, message: str, **details) -> Finding:
    clean = {k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in details.items()}
    return Finding(name, forecaster, message, ADVICE[name], clean)


def lagged_copy(
    forecaster: str, pred: np.ndarray, truth: np.ndarray, last: np.ndarray | None, tol: float,
    max_lag: int = 5, period: int = 1,
) -> Finding | None:
    """Is pred (B, T, F) the truth (B, T, F) shifted by k >= 1 steps, or the last value?

    `last` (B, F) is the last observed value before each origin (None: skip that test). Shift test: the MSE between
    pred[:, k:] and truth[:, :-k] is below half that of pred[:, :-k] (the same truth points unshifted) for some
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
    lagged = [k for k in lags if shifted[k] < 0.5 * same[k]]
    if lagged:
        k = min(lagged, key=shifted.get)
        return _finding(
            "lagged copy", forecaster,
            f"{forecaster} matches the truth best when shifted by {k} step(s): MSE "
            f"{shifted[k]:.3g} shifted vs {same[k]:.3g} as forecast",
            lag=k, mse=err0, mse_shifted=shifted[k], mse_unshifted=same[k],
        )
    if last is None:  # one-step predictions: only the shift test applies
        return None
    rep = np.broadcast_to(np.asarray(last, dtype=np.float64)[:, None, :], p.shape)
    dist, lv_err = float(mse(p, rep)), float(mse(rep, t))
    if lv_err > tol and dist <= 0.02 * lv_err:
        return _finding(
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
    return _finding(
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
    how = f"{m / mb:.3g}x" if mb > tol else f"{m - mb:.3g} more; the baseline is exact to the tolerance"
    return _finding(
        "no better than a baseline", forecaster,
        f"{best} beats {forecaster}: MSE {mb:.3g} vs {m:.3g} ({how}; tolerance {tol:.2g})",
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
    early, late = float(err[:q].mean()), float(err[-q:].mean())
    if late <= 2 * early + tol:
        return None
    if reference_by_lead is not None and late <= DIVERGE_VS_LAST * float(
            np.asarray(reference_by_lead, dtype=np.float64)[-q:].mean()) + tol:
        return None
    few = ""
    if n_forecasts is not None and n_forecasts < MIN_FORECASTS_PER_LEAD:
        few = f" (from {n_forecasts} forecast(s) a lead time: too few to rely on; a backtest of more origins gives more)"
    return _finding(
        "diverging rollout", forecaster,
        f"{forecaster}'s error grows with lead time: MSE {early:.3g} over the first {q} steps, "
        f"{late:.3g} over the last {q}; worse than last value from step {horizon}{few}",
        divergence_horizon=horizon, early_mse=early, late_mse=late, n_forecasts=n_forecasts,
    )


def _stats(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(x, dtype=np.float64).reshape(len(x), -1)
    mean, std = x.mean(axis=0), x.std(axis=0)
    return mean, np.where(std > 1e-12 * np.abs(mean), std, 1.0)  # relative: data at 1e-15 keeps its std


def leak(
    what: str, mean: np.ndarray, scale: np.ndarray | None, train: np.ndarray, after: np.ndarray,
    rtol: float = 1e-6,
) -> Finding | None:
    """Were these statistics (a scaler's mean_ and scale_) computed on the training part only?

    `train` is the part before the split, `after` what follows it (validation and test).
    Statistics that match the training part (within rtol of its std) pass; otherwise the
    finding says whether they match train + after (the classic scaler fitted on everything).
    `scale` may be None for a mean-only statistic (the mean baseline).
    """
    t_mean, t_std = _stats(train)
    mean = np.asarray(mean, dtype=np.float64)

    def close(m, s, ref_m, ref_s):
        ok = np.allclose(m, ref_m, rtol=0, atol=rtol * np.max(ref_s))
        return ok and (s is None or np.allclose(s, ref_s, rtol=rtol, atol=0))

    if close(mean, scale, t_mean, t_std):
        return None
    a_mean, a_std = _stats(np.concatenate([np.asarray(train).reshape(len(train), -1),
                                           np.asarray(after).reshape(len(after), -1)]))
    both = len(after) and close(mean, scale, a_mean, a_std)
    where = ("the whole series, test part included" if both else
             "data other than the training part (if that includes the test period, the scores are optimistic)")
    return _finding(
        "leak", what,
        f"{what} statistics (mean {mean.ravel()[0]:.4g}) differ from the training part's "
        f"(mean {t_mean[0]:.4g}); they were computed on {where}",
        mean=mean, train_mean=t_mean, scale=None if scale is None else np.asarray(scale),
        train_std=t_std, matches_whole_series=bool(both),
    )


def unscaled_input(
    forecaster: str, z: np.ndarray, z_train: np.ndarray | None, margin: float = 1.0,
    bound: float = 10.0,
) -> Finding | None:
    """Are values fed to the net (in its scaled units) far outside the range it trains well on?

    z (..., F) are the scaled values the net is fed or asked to reach; z_train (N, F) the
    scaled training part. Fires when a value lies beyond the training range by more than
    `margin` x its width, or when over 1% of the values pass +-`bound` whatever the training
    range (a net trained on unscaled data sits where tanh and sigmoid are flat;
    standard-scaled data rarely passes +-4).
    """
    z = np.asarray(z, dtype=np.float64)
    zf = z.reshape(-1, z.shape[-1])
    past_bound = np.abs(zf) > bound
    beyond = np.zeros_like(past_bound)
    lo, hi = np.full(zf.shape[1], -bound), np.full(zf.shape[1], bound)
    if z_train is not None:
        zt = np.asarray(z_train, dtype=np.float64).reshape(-1, z.shape[-1])
        lo, hi = zt.min(axis=0), zt.max(axis=0)
        width = np.where(hi > lo, hi - lo, 1.0)
        beyond = (zf < lo - margin * width) | (zf > hi + margin * width)
    if not (past_bound.mean() > 0.01 or beyond.any()):
        return None
    outside = past_bound | beyond
    worst = float(np.abs(zf).max())
    return _finding(
        "unscaled input", forecaster,
        f"{forecaster} is fed values up to {worst:.3g} in its scaled units ({100 * outside.mean():.1f}% "
        f"of them far out), against a training range of [{lo.min():.3g}, {hi.max():.3g}] "
        f"and units where tanh works (about +-{bound:g})",
        max_abs=worst, train_low=lo, train_high=hi, share_outside=float(outside.mean()),
    )


# A break: from some step of the held-out end on, every point lies at least SHIFT_EACH times the
# series' mean absolute change over a season (the MASE scale) from its value a season before the
# break, on one side, and their median SHIFT times. A trend moves a point about one such change a
# season, a horizon of two seasons two: never SHIFT_EACH (the first point after the break is
# compared one season back). Measured: docs/evaluation.md, "Level shift".
SHIFT, SHIFT_EACH = 6.0, 3.0
# A step, not a ramp: the first point after the break holds at least this share of the median shift
# (growth that speeds up reaches its median late: M3 yearly's test parts were called breaks)
STEP_SHARE = 0.5


def level_shift(history: np.ndarray, truth: np.ndarray, period: int = 1) -> dict | None:
    """Does the truth (H,) jump to a level the history (N,) before its origin did not show, and stay?

    For each step k of the truth, each later point j >= k is compared with the point of the same
    phase in the season before k (x[j - period * (1 + (j - k) // period)]): a shift when at least
    two points follow from k on (k itself included), all on one side, each beyond SHIFT_EACH
    scales and their median beyond SHIFT, the first at least STEP_SHARE of it. The scale is the
    mean absolute change over a season of the history's last 10 seasons (or horizons), or of its
    last two seasons (or horizon) where that is larger; series mostly 0 (intermittent) and histories
    shorter than two seasons are not judged. Returns {step (1-based lead), shift, scale} for the
    earliest such k, or None."""
    x_hist = np.asarray(history, dtype=np.float64)
    t = np.asarray(truth, dtype=np.float64)
    p = max(1, int(period))
    h = x_hist[np.isfinite(x_hist)][-10 * max(p, len(t)):]
    if len(h) < 2 * p + 2 or len(t) < 2 or not np.isfinite(t).all() or np.mean(h == 0) > 0.5:
        return None
    diffs = np.abs(h[p:] - h[:-p])
    recent = diffs[-max(2 * p, len(t)):]  # a series that grows: its changes now, not its early small ones
    scale = max(float(diffs.mean()), float(recent.mean()), 1e-6 * float(np.abs(h).max()))
    if scale <= 0:
        return None
    x, n = np.concatenate([h, t]), len(h)
    for k in range(n, n + len(t) - 1):
        j = np.arange(k, len(x))
        s = x[j] - x[j - p * (1 + (j - k) // p)]
        med = float(np.median(s))
        if ((np.all(s > SHIFT_EACH * scale) or np.all(s < -SHIFT_EACH * scale)) and abs(med) > SHIFT * scale
                and abs(s[0]) >= STEP_SHARE * abs(med)):
            return {"step": k - n + 1, "shift": float(np.median(s)), "scale": scale}
    return None


def level_shift_finding(series: np.ndarray, origins, horizon: int, period: int = 1) -> Finding | None:
    """level_shift of the forecasts of one series (N,) or (N, F) from `origins` (B,), each truth
    series[o : o + horizon] after its history series[:o], said as a finding of the held-out data:
    the first origin and feature that shift, and how many of the B forecasts do."""
    x = np.asarray(series, dtype=np.float64)
    x = x[:, None] if x.ndim == 1 else x
    hits = []
    for o in np.asarray(origins, dtype=np.int64).reshape(-1):
        for f in range(x.shape[1]):
            found = level_shift(x[:o, f], x[o:o + horizon, f], period)
            if found is not None:
                hits.append({**found, "origin": int(o), "feature": f})
                break
    return shift_finding(hits, len(np.asarray(origins).reshape(-1)), horizon, period) if hits else None


def shift_finding(hits: list[dict], n: int, horizon: int, period: int = 1) -> Finding:
    """The level-shift finding of one series from its hits (level_shift's dict with the origin and
    feature, in the origins' order; at least one) among its n forecasts."""
    first = hits[0]
    step, shift, scale = first["step"], first["shift"], first["scale"]
    where = f" (in {len(hits)} of {n} forecasts)" if n > 1 else ""
    return _finding(
        "level shift", "held-out data",
        f"the truth shifts by {shift:+.3g} from step {step} of {horizon} on{where}, {abs(shift) / scale:.0f}x the "
        f"series' mean change over {'a season' if period > 1 else 'a step'} before it ({scale:.3g}): a break "
        "the history did not show, so the errors there measure the break more than the forecasters",
        step=step, shift=shift, scale=scale, origin=first["origin"], feature=first["feature"],
        n_forecasts=len(hits),
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
        checks = (
            lagged_copy(name, pred, truth, last, tol, period=period),
            flat_line(name, pred, truth, tol, scores=scores, baselines=baselines, forecasts=forecasts),
            no_better_than_baseline(name, scores, baselines, tol),
            diverging_rollout(name, scores[name]["by_lead"]["mse"], div.get(name), tol, len(pred),
                              (scores.get("last value") or {}).get("by_lead", {}).get("mse")),
        )
        found.extend(f for f in checks if f is not None)
    return found
