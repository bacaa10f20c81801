"""The intervals in a run's metrics: each forecaster's interval scores and how its bands were
made (metrics["intervals"], and its saved model's, "saved"), and the notes on bands that covered
clearly less, or clearly more, of the test than their level."""

from __future__ import annotations

import numpy as np

from ..forecasters.conformal import Conformal
from .held_out_bands import stretch_words

UNDER_COVER = "intervals under-cover the test"  # coverage_notes' note begins so
OVER_COVER = "intervals over-cover the test"  # and its note on bands too wide


def without_coverage_notes(notes: list[str]) -> list[str]:
    """notes less the under- and over-coverage notes: a backtest's scores replace the run's held-out
    end's, whose note said other figures beside the backtest's table (fpp3 us_employment, 40 series x 4
    origins: 'mean 80%: 61.4%' and then 'mean 80%: 61.6%', the table's)."""
    return [n for n in notes if not n.startswith((UNDER_COVER, OVER_COVER))]


def coverage_notes(scores: dict[str, dict], horizon: int, exact: set[str] = frozenset()) -> list[str]:
    """One note naming the bands that covered clearly less of the test than their level: below
    p - 2 se, se the coverage's standard error over its rows (origins x series: a forecast's
    leads share its errors, so a row is one unit; the spread of the rows' own coverages,
    _row_se; a backtest's origins closer than the horizon one unit, band_scores.overlap_groups),
    at least the binomial sqrt(p (1 - p) / n) of n independent forecasts. 2 se: a
    band that covers p misses the bar by chance about 1 time in 40 (one-sided normal), a note's
    risk; the former bar, 3 binomial se of one trial a row, was 0.42 for an 80% band on 10
    origins of 48 hours, so a 67.7% coverage said nothing. Scores without a standard error
    (older metrics): that bar. Said only from 10 units up, never of the forecasters in `exact`
    (errors within the run's tolerance: rounding). Bands clearly wider: over_coverage_note."""
    low = []
    for name, by_level in scores.items():
        for key, s in by_level.items():
            p, cov = float(key) / 100, s["coverage"]
            rows, se = s.get("units", s.get("rows")), s.get("coverage_se")
            if se is None and "units" in s:  # under 2 independent units: nothing to judge by
                continue
            if se is None or not rows:
                rows = s["n"] / horizon
                bar = p - 3 * np.sqrt(p * (1 - p) / max(rows, 1))
            else:
                bar = p - 2 * max(se, np.sqrt(p * (1 - p) / max(s["n"], 1)))
            if cov is not None and cov < bar and rows >= 10 and name not in exact:
                low.append(f"{name} {key}%: {100 * cov:.1f}%")
    if not low:
        return []
    return [f"{UNDER_COVER} ({'; '.join(low)}; each over 2 standard errors below its "
            "level): errors there "
            "are larger than on the known part they were calibrated on (an in-sample fit, a trend, a change "
            "of level or noise)"]


def _t2(df: float) -> float:
    """Student's t quantile at the normal's 2 (one-sided 2.3%) for `df` degrees of freedom
    (Cornish-Fisher, within 0.005 from df 9): 2.32 at 9, 2.05 at 50, 2 as df grows."""
    z = 2.0
    return (z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2)
            + (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / (384 * df ** 3))


def over_coverage_note(scores: dict[str, dict], exact: set[str] = frozenset(),
                       widened: dict[str, str] | None = None) -> list[str]:
    """The note naming the bands that covered clearly more of the test than their level: above
    p + 2 se (Student's t for units - 1 degrees of freedom in place of 2: 2.32 at 10 units, the
    se measured on so few), se the largest of the coverage's standard error over its units
    (coverage_se), the one the band would have were it scaled to cover exactly p on these truths
    (coverage_se_at_level: a band covering every truth has no spread of its own, and a random
    walk's leads miss together, so a few units all inside a 95% band are weak evidence) and the
    binomial sqrt(p (1 - p) / n) (95% of 30 independent points: bar 1.03, no coverage clears it).
    On simulated bands of exact coverage it fires on 0.5-5.5% of panels a level, and it names
    bands 1.5x and 2x too wide in every M3-sized panel (`python -m benchmarks.diagnostics_audit
    --over-coverage`; docs/evaluation.md, "Intervals over-covering"). Only from 10 units up, with
    both standard errors known (older metrics: never), never of the forecasters in `exact`
    (errors within the run's tolerance: any band covers them). `widened`: {name: the factor its
    scored bands were widened by, as a note says it}."""
    widened = widened or {}
    high, names = [], []
    for name, by_level in scores.items():
        for key, s in by_level.items():
            p, cov, n = float(key) / 100, s.get("coverage"), s.get("n") or 0
            se, se0, units = s.get("coverage_se"), s.get("coverage_se_at_level"), s.get("units")
            if cov is None or se is None or se0 is None or not units or units < 10 or name in exact:
                continue
            if cov > p + _t2(units - 1) * max(se, se0, np.sqrt(p * (1 - p) / max(n, 1))):
                high.append(f"{name} {key}%: {100 * cov:.1f}%")
                names += [name] if name not in names else []
    if not high:
        return []
    factors = [f"{n} {widened[n]}" for n in names if n in widened]
    smaller = "errors there are smaller than on the known part they were calibrated on"
    why = smaller if not factors else (
        f"widened by the errors of one short stretch the model never saw ({'; '.join(factors)}), a noisy "
        "measure of how much larger new errors are" + ("" if len(factors) == len(names) else f"; the others' {smaller}"))
    return [f"{OVER_COVER} ({'; '.join(high)}; each over 2 standard errors above its level): the bands "
            f"are wider than the errors warrant, {why}; that hides how close the forecasts came and costs "
            "interval score: read each as covering more than its level, or ask for a lower level "
            "(--level, level=) for a band nearer the coverage you want"]


def attach(metrics: dict, scores: dict[str, dict], intervals: dict[str, Conformal], n_series: int) -> None:
    """Put each forecaster's interval scores under metrics["forecasters"][name]["intervals"] and
    how they were made under metrics["intervals"]; under- and over-covering bands noted in
    metrics["notes"]."""
    for name, s in scores.items():
        if name in metrics["forecasters"]:
            metrics["forecasters"][name]["intervals"] = s
    tol = (metrics.get("tolerance") or {}).get("mse")
    exact = {n for n, m in metrics["forecasters"].items() if tol is not None and m.get("mse", np.inf) <= tol}
    widened = {n: stretch_words(c)[0] for n, c in intervals.items() if getattr(c, "stretch_", None)}
    metrics.setdefault("notes", []).extend(coverage_notes(scores, metrics.get("horizon", 1), exact)
                                           + over_coverage_note(scores, exact, widened))
    if intervals:
        c = next(iter(intervals.values()))
        metrics["intervals"] = {
            "method": f"conformal, {c.method} errors", "levels": list(c.levels), "n_series": n_series,
            "calibration_origins": c.origins_used_ or c.n_origins, "calibration_origins_allowed": c.n_origins,
            "n_errors": {k: v.n_ for k, v in intervals.items()},
            "how": "per lead time, from rolling origins at the end of each series' known part (before "
                   "the test), errors scale-free (relative, log(y) - log(f), for positive series; each "
                   "divided by the series' seasonal-naive MAE, of log values for relative ones); scored "
                   "pooled over every series; MSIS and pinball scaled by the in-sample seasonal-naive MAE",
        }


def attach_saved(metrics: dict, saved: dict[str, Conformal]) -> list[str]:
    """Say in metrics["intervals"]["saved"] where the saved model's bands' errors came from;
    returns the note that says it (added to metrics["notes"] too), [] when nothing was saved."""
    if not saved or "intervals" not in metrics:
        return []
    c = next(iter(saved.values()))
    relative = c.floors_ is not None and bool((c.floors_ > 0).any())
    metrics["intervals"]["saved"] = {
        "source": c.source, "n_errors": c.n_, "relative": relative,
        "how": ("quantiles of the held-out test part's errors (one origin a series, the model never saw "
                "it), scales from all the data" if c.source == "held-out" else
                "the quantiles above (too few series for held-out ones), scales from all the data")}
    k = getattr(c, "stretch_", None)
    if c.source != "held-out" and k:
        metrics["intervals"]["saved"]["stretch"] = k
        times, larger = stretch_words(c)
        if larger != times:  # the cap bound: the errors were larger than the bands were widened
            metrics["intervals"]["saved"]["stretch_measured"] = c.stretch_measured_
        metrics["intervals"]["saved"]["how"] += f", widened {times} by the test part's larger errors"
        said = "that much" if larger == times else f"{larger}"
        note = (f"the saved model's intervals are the in-sample bands above widened {times}: on the test part, "
                f"which the scored model never saw, its errors were {said} larger than in sample")
        metrics.setdefault("notes", []).append(note)
        return [note]
    if c.source != "held-out":
        return []
    note = (f"the saved model's intervals take their quantiles from the test part's errors ({c.n_} series, "
            "held out: calibrated out of sample), " + ("relative (multiplicative) for positive series"
                                                     if relative else "additive") +
            " as they scored better there; the interval scores above are of the bands calibrated before it")
    metrics.setdefault("notes", []).append(note)
    return [note]
