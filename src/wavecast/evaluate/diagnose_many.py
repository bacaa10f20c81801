"""The forecast checks over many series: lagged copy, flat line, no better than a baseline and
diverging, run on each series at its own scale (its own tolerance, its own last-value
reference), and each finding said once with how many series showed it and which. NumPy only.

One series' checks would speak for a panel they never saw; pooling the raw errors of series
of different sizes would let the largest decide. Counting series does neither.
"""

from __future__ import annotations

import numpy as np

from . import checks_many as cm
from .finding import Finding
from .last_value_many import last_value_pooled
from .level_shift_many import level_shift_findings
from .metrics import divergence_horizon, tolerances
from .net_checks import diverging_rollout, flat_line, lagged_copy, no_better_than_baseline
from .walk_many import walk_pooled

NAMED = 5  # series named in a message; details keep up to 20


def diagnose_series(forecasts: dict[str, np.ndarray], truth: np.ndarray, last: np.ndarray, ids: list[str],
                    tols: np.ndarray, baselines: list[str], threshold: float | None = None,
                    names: list[str] | None = None, rows: np.ndarray | None = None, period: int = 1,
                    unit: str = "series", rank: np.ndarray | None = None) -> list[dict]:
    """Findings (Finding.to_dict, with details n_series, of, series, example) over every series.

    forecasts {name: (B, H, F)}, truth (B, H, F), last (B, F): each row's value before its
    origin; rows (B,): each row's series, an index into ids (default: row i is series i; a
    backtest gives a series several rows, judged together as its own origins are);
    tols (S,): each series' tolerance (metrics.tolerance of its training part);
    names (S,): how the messages name each series (default repr of its id; details keep ids);
    period: the season (lagged copy looks for shifts shorter than it); unit: what the messages
    count, "series", or "targets" for one series' several targets (names: their targets);
    rank (S,): each series' place in the user's order (data.dataset.user_rank), the order its
    findings list the series and the first named (default: the order of ids).
    Every series at once (checks_many; 20,000 series took 5 s in one call a series), the checks run
    series by series only where a comparison is too close to call and for each finding's example:
    the findings of a loop over the series, bit for bit.
    """
    err = {k: np.mean((np.asarray(v, dtype=np.float64) - truth) ** 2, axis=2) for k, v in forecasts.items()}  # (B, H)
    rows = np.arange(len(truth)) if rows is None else np.asarray(rows, dtype=np.int64)
    sels = rows_of(rows, len(ids))
    keys = [(c, k) for k in forecasts if k not in baselines for c in cm.CHECKS]  # the order each series' are found in
    who: dict[tuple[str, str], list[int]] = {k: [] for k in keys}
    unsure: set[int] = set()
    lens = np.array([len(sel) for sel in sels], dtype=np.int64)
    for r in np.unique(lens[lens > 0]).tolist():  # series of r rows at once (checks_many)
        idx = np.flatnonzero(lens == r)
        sel = np.stack([sels[i] for i in idx.tolist()])  # (G, r)
        for key, tri in cm.fires(forecasts, truth, last, err, sel, np.asarray(tols, dtype=np.float64)[idx],
                                 baselines, threshold, period).items():
            who[key] += idx[tri.value & ~tri.unsure].tolist()
            unsure.update(idx[tri.unsure].tolist())
    one = {}  # the per-series checks: where the batch was unsure, and the first series of each finding

    def checked(i: int) -> dict:
        if i not in one:
            one[i] = {(f.name, f.forecaster): f for f in _series_findings(i, sels[i], forecasts, truth, last, err,
                                                                           float(tols[i]), baselines, threshold, period)}
        return one[i]

    for key in keys:
        who[key] = [i for i in who[key] if i not in unsure]
    for i in sorted(unsure):
        for key in checked(i):
            who[key].append(i)
    hits = {}
    place = _places(rank)
    for key in keys:
        if who[key]:
            series = sorted(who[key], key=place)  # the user's order (their ids' canonical one listed b before a)
            hits[key] = [(series[0], checked(series[0])[key])] + [(i, None) for i in series[1:]]
    # as a loop over the series in the user's order found them
    order = sorted(hits, key=lambda k: (place(hits[k][0][0]), keys.index(k)))
    return [_summary(hits[k], ids, names or [repr(i) for i in ids], unit) for k in order]


def _places(rank: np.ndarray | None):
    """A sort key of series indices: their place in the user's order (rank), else the index."""
    if rank is None:
        return lambda i: i
    rank = np.asarray(rank, dtype=np.int64)
    return lambda i: (int(rank[i]), i)


def _series_findings(i: int, sel: np.ndarray, forecasts: dict, truth: np.ndarray, last: np.ndarray, err: dict,
                     tol: float, baselines: list[str], threshold: float | None, period: int) -> list[Finding]:
    """The forecast checks of series i (its rows sel), one series at a time: the reference
    checks_many's answers equal, and what they cannot call for sure."""
    by_lead = {k: e[sel].mean(axis=0) for k, e in err.items()}  # (H,) over the series' rows
    scores = {k: {"mse": float(np.mean(e))} for k, e in by_lead.items()}
    ref = by_lead.get("last value")
    found = []
    for name, pred in forecasts.items():
        if name in baselines:
            continue
        p, t = pred[sel], truth[sel]
        div = divergence_horizon(by_lead[name], ref, threshold, tol)
        theirs = {b: forecasts[b][sel] for b in baselines if b in forecasts}
        for f in (lagged_copy(name, p, t, last[sel], tol, period=period),
                  flat_line(name, p, t, tol, scores=scores, baselines=baselines, forecasts=theirs),
                  no_better_than_baseline(name, scores, baselines, tol),
                  diverging_rollout(name, by_lead[name], div, tol, len(sel), ref)):
            if f is not None:
                found.append(f)
    return found


def _summary(found: list[tuple[int, Finding]], ids: list[str], names: list[str], unit: str = "series") -> dict:
    i0, first = found[0]
    who = [ids[i] for i, _ in found]
    shown = ", ".join(names[i] for i, _ in found[:NAMED]) + (f" and {len(who) - NAMED} more" if len(who) > NAMED else "")
    one = "target" if unit == "targets" else "series"
    message = f"in {len(who)} of {len(ids)} {unit} ({shown}); in {one} {names[i0]}: {first.message}"
    return Finding(first.name, first.forecaster, message, first.advice,
                      {"n_series": len(who), "of": len(ids), "series": who[:20],
                       "example": {"series": ids[i0], **first.details}}).to_dict()


def pool_diagnostics(metrics: dict, at, series: list[np.ndarray], splits, ids: list[str],
                     baselines: list[str], ev, names: list[str] | None = None, unit: str = "series",
                     rank: np.ndarray | None = None) -> None:
    """Many series: metrics["diagnostics"] becomes the forecast checks over every series (at: one
    row a series, or a backtest's rows of every series) plus the net's own checks (scaler, input
    range, one-step fit), which ran on the first series and now say so; the first series' findings alone move to
    metrics["first_series"]["diagnostics"]. ev: the config's eval section; names: how messages
    name each series (default repr of its id; with several targets the user's id and target, or
    one series' targets, unit "targets"); rank: each series' place in the user's order."""
    first = metrics["diagnostics"]
    metrics.setdefault("first_series", {})["diagnostics"] = first
    rows, origins = at.series.tolist(), at.origins.tolist()
    last = np.stack([series[i][o - 1] for i, o in zip(rows, origins, strict=True)])  # (B, F)
    tols = tolerances([s[: sp.train_end] for s, sp in zip(series, splits, strict=True)], ev.rel_tol)  # (S,)
    names = names or [repr(i) for i in ids]
    period = (metrics.get("baselines") or {}).get("period") or 1
    pooled = diagnose_series(at.forecasts, at.truth, last, ids, tols, baselines, ev.divergence_threshold or None,
                             names=names, rows=at.series, period=period, unit=unit, rank=rank)
    pooled = walk_pooled(pooled, series, splits, at, list(ids), names, tols, baselines, period)
    pooled = last_value_pooled(pooled, at, list(ids), names, tols, baselines, last, period)  # no fault where nothing beat it
    one = "target" if unit == "targets" else "series"
    own = [{**d, "message": f"{one} {names[0]} (the first; this check runs on one {one}): {d['message']}",
            "details": {**d.get("details", {}), "series": ids[0]}}
           for d in first if d["name"] in ("leak", "unscaled input") or d["forecaster"].endswith("(one-step)")]
    metrics["diagnostics"] = shifts(series, at, ids, names, ev_horizon(at), period, unit, rank) + pooled + own


def ev_horizon(at) -> int:
    return int(np.asarray(at.truth).shape[1])


def shifts(series: list[np.ndarray], at, ids: list[str], names: list[str], horizon: int, period: int,
           unit: str = "series", rank: np.ndarray | None = None) -> list[dict]:
    """The level-shift check (breaks.level_shift_finding) on each series' own forecasts,
    said once with how many series and which: [] or one finding. All series at once
    (level_shift_many: the same findings, bit for bit); the series listed in the user's order (rank)."""
    found = level_shift_findings(series, at.series, at.origins, horizon, period)
    place = _places(rank)
    return [_summary(sorted(found.items(), key=lambda kv: place(kv[0])), ids, names, unit)] if found else []


def rows_of(rows: np.ndarray, n: int) -> list[np.ndarray]:
    """n arrays: the indices of the rows of each series 0 .. n - 1, ascending, as
    np.flatnonzero(rows == i) gives them; one sort, not n scans of every row (20,000 series:
    4e8 comparisons)."""
    rows = np.asarray(rows, dtype=np.int64)
    order = np.argsort(rows, kind="stable")
    return np.split(order, np.searchsorted(rows[order], np.arange(1, n)))
