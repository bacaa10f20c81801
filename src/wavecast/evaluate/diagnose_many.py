"""The forecast checks over many series: lagged copy, flat line, no better than a baseline and
diverging, run on each series at its own scale (its own tolerance, its own last-value
reference), and each finding said once with how many series showed it and which. NumPy only.

One series' checks would speak for a panel they never saw; pooling the raw errors of series
of different sizes would let the largest decide. Counting series does neither.
"""

from __future__ import annotations

import numpy as np

from . import diagnostics as dg
from .metrics import divergence_horizon, tolerance

NAMED = 5  # series named in a message; details keep up to 20


def diagnose_series(forecasts: dict[str, np.ndarray], truth: np.ndarray, last: np.ndarray, ids: list[str],
                    tols: np.ndarray, baselines: list[str], threshold: float | None = None,
                    names: list[str] | None = None, rows: np.ndarray | None = None, period: int = 1) -> list[dict]:
    """Findings (Finding.to_dict, with details n_series, of, series, example) over every series.

    forecasts {name: (B, H, F)}, truth (B, H, F), last (B, F): each row's value before its
    origin; rows (B,): each row's series, an index into ids (default: row i is series i; a
    backtest gives a series several rows, judged together as its own origins are);
    tols (S,): each series' tolerance (metrics.tolerance of its training part);
    names (S,): how the messages name each series (default repr of its id; details keep ids);
    period: the season (lagged copy looks for shifts shorter than it).
    """
    err = {k: np.mean((np.asarray(v, dtype=np.float64) - truth) ** 2, axis=2) for k, v in forecasts.items()}  # (B, H)
    ref = err.get("last value")
    rows = np.arange(len(truth)) if rows is None else np.asarray(rows, dtype=np.int64)
    hits: dict[tuple[str, str], list[tuple[int, dg.Finding]]] = {}
    for i, sel in enumerate(rows_of(rows, len(ids))):
        if not len(sel):
            continue
        tol = float(tols[i])
        by_lead = {k: e[sel].mean(axis=0) for k, e in err.items()}  # (H,) over the series' rows
        scores = {k: {"mse": float(np.mean(e))} for k, e in by_lead.items()}
        for name, pred in forecasts.items():
            if name in baselines:
                continue
            p, t = pred[sel], truth[sel]
            div = divergence_horizon(by_lead[name], None if ref is None else by_lead["last value"], threshold, tol)
            for f in (dg.lagged_copy(name, p, t, last[sel], tol, period=period), dg.flat_line(name, p, t, tol, scores=scores, baselines=baselines),
                      dg.no_better_than_baseline(name, scores, baselines, tol),
                      dg.diverging_rollout(name, by_lead[name], div, tol, len(sel), by_lead.get("last value"))):
                if f is not None:
                    hits.setdefault((f.name, f.forecaster), []).append((i, f))
    return [_summary(found, ids, names or [repr(i) for i in ids]) for found in hits.values()]


def _summary(found: list[tuple[int, dg.Finding]], ids: list[str], names: list[str]) -> dict:
    i0, first = found[0]
    who = [ids[i] for i, _ in found]
    shown = ", ".join(names[i] for i, _ in found[:NAMED]) + (f" and {len(who) - NAMED} more" if len(who) > NAMED else "")
    message = f"in {len(who)} of {len(ids)} series ({shown}); in series {names[i0]}: {first.message}"
    return dg.Finding(first.name, first.forecaster, message, first.advice,
                      {"n_series": len(who), "of": len(ids), "series": who[:20],
                       "example": {"series": ids[i0], **first.details}}).to_dict()


def pool_diagnostics(metrics: dict, at, series: list[np.ndarray], splits, ids: list[str],
                     baselines: list[str], ev, names: list[str] | None = None) -> None:
    """Many series: metrics["diagnostics"] becomes the forecast checks over every series (at: one
    row a series, or a backtest's rows of every series) plus the net's own checks (scaler, input
    range, one-step fit), which ran on the first series and now say so; the first series' findings alone move to
    metrics["first_series"]["diagnostics"]. ev: the config's eval section; names: how messages
    name each series (default repr of its id; with several targets the user's id and target)."""
    first = metrics["diagnostics"]
    metrics.setdefault("first_series", {})["diagnostics"] = first
    rows, origins = at.series.tolist(), at.origins.tolist()
    last = np.stack([series[i][o - 1] for i, o in zip(rows, origins, strict=True)])  # (B, F)
    tols = np.array([tolerance(s[: sp.train_end], ev.rel_tol) for s, sp in zip(series, splits, strict=True)])
    names = names or [repr(i) for i in ids]
    period = (metrics.get("baselines") or {}).get("period") or 1
    pooled = diagnose_series(at.forecasts, at.truth, last, ids, tols, baselines, ev.divergence_threshold or None,
                             names=names, rows=at.series, period=period)
    own = [{**d, "message": f"series {names[0]} (the first; this check runs on one series): {d['message']}",
            "details": {**d.get("details", {}), "series": ids[0]}}
           for d in first if d["name"] in ("leak", "unscaled input") or d["forecaster"].endswith("(one-step)")]
    metrics["diagnostics"] = shifts(series, at, ids, names, ev_horizon(at), period) + pooled + own


def ev_horizon(at) -> int:
    return int(np.asarray(at.truth).shape[1])


def shifts(series: list[np.ndarray], at, ids: list[str], names: list[str], horizon: int, period: int) -> list[dict]:
    """The level-shift check (diagnostics.level_shift_finding) on each series' own forecasts,
    said once with how many series and which: [] or one finding."""
    rows, origins = np.asarray(at.series, dtype=np.int64), np.asarray(at.origins, dtype=np.int64)
    found = []
    for i, sel in enumerate(rows_of(rows, len(ids))):
        if len(sel) and (f := dg.level_shift_finding(series[i], origins[sel], horizon, period)) is not None:
            found.append((i, f))
    return [_summary(found, ids, names)] if found else []


def rows_of(rows: np.ndarray, n: int) -> list[np.ndarray]:
    """n arrays: the indices of the rows of each series 0 .. n - 1, ascending, as
    np.flatnonzero(rows == i) gives them; one sort, not n scans of every row (20,000 series:
    4e8 comparisons)."""
    rows = np.asarray(rows, dtype=np.int64)
    order = np.argsort(rows, kind="stable")
    return np.split(order, np.searchsorted(rows[order], np.arange(1, n)))
