"""The intervals in a run's metrics: each forecaster's interval scores and how its bands were
made (metrics["intervals"], and its saved model's, "saved"), and the note on bands that covered
clearly less of the test than their level."""

from __future__ import annotations

import numpy as np

from ..forecasters.conformal import Conformal
from .held_out_bands import stretch_words

UNDER_COVER = "intervals under-cover the test"  # coverage_notes' note begins so


def without_coverage_notes(notes: list[str]) -> list[str]:
    """notes less the under-coverage note: a backtest's scores replace the run's held-out end's,
    whose note said other figures beside the backtest's table (fpp3 us_employment, 40 series x 4
    origins: 'mean 80%: 61.4%' and then 'mean 80%: 61.6%', the table's)."""
    return [n for n in notes if not n.startswith(UNDER_COVER)]


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
    (errors within the run's tolerance: rounding)."""
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


def attach(metrics: dict, scores: dict[str, dict], intervals: dict[str, Conformal], n_series: int) -> None:
    """Put each forecaster's interval scores under metrics["forecasters"][name]["intervals"] and
    how they were made under metrics["intervals"]; under-covering bands noted in metrics["notes"]."""
    for name, s in scores.items():
        if name in metrics["forecasters"]:
            metrics["forecasters"][name]["intervals"] = s
    tol = (metrics.get("tolerance") or {}).get("mse")
    exact = {n for n, m in metrics["forecasters"].items() if tol is not None and m.get("mse", np.inf) <= tol}
    metrics.setdefault("notes", []).extend(coverage_notes(scores, metrics.get("horizon", 1), exact))
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
