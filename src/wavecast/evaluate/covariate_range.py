"""A note when a future covariate, over the held-out steps, takes values the net was hardly
trained on: a 0/1 driver at a value few training points had, or a driver beyond its training
range. The net then forecasts from an effect it learned from few windows or none. NumPy only.

Seatbelts' drivers killed with the 1983 seat-belt law as a future driver (the law 1 on every
held-out month, on 11 of 180 training months): the net's MASE 3.27 against 0.53 without it; the
Australian states' takings with the consumer price index (above its training range on every
held-out quarter): 3.73 against 2.09. Temperature and working days (elecdaily, elechourly),
which helped, say nothing (docs/covariates.md, "Drivers the net was hardly trained on").
"""

from __future__ import annotations

import numpy as np

from ..data.known_summary import known_summary

RARE = 0.1  # a value on under this share of the training points is rare
NAMED = 5  # series named in a note


def rare_driver(values: np.ndarray, known_end: int, horizon: int, steps: str = "held-out",
                known: dict | None = None, window: int | None = None) -> str | None:
    """What is rare about one driver's held-out steps, or None. values (N,): the driver from the
    series' first point; the net was trained on [0, known_end), scored on the next `horizon`
    (steps: how the message names them; "forecast" for the steps after the data). known: the
    training points' known_summary where values holds only their tail (a loaded model's).
    window: the length of one forecast where the `horizon` steps hold several (a backtest's
    lengthened test part, its origins' forecasts in it): the driver is rare where it is rare on
    the steps of any window that long, and the message counts its rare value over all the steps.
    Judged over all 72 steps of Seatbelts' backtest (6 origins 12 apart), the seat-belt law at
    1 on the last origins' every step, on none of the 120 training months, was outvoted by the
    earlier origins' zeros and said nothing."""
    x = np.asarray(values, dtype=np.float64)
    te = x[known_end : known_end + horizon]
    te = te[np.isfinite(te)]
    if known is None:
        known = known_summary(x[:known_end])
    if known is None or not len(te):
        return None
    w = len(te) if window is None else max(1, min(int(window), len(te)))
    spans = [te[s : s + w] for s in range(len(te) - w + 1)]  # every window a forecast may read
    n = known["n"]
    if "values" in known:
        count = dict(zip(known["values"], known["counts"], strict=True))
        share = share_of(te, count, n)  # each held-out step's value, its training share
        rare = [s for s in range(len(spans)) if np.median(share[s : s + w]) < RARE]
        if not rare:
            return None
        hit = np.concatenate([te[s : s + w] for s in rare])  # the steps of the windows where it is rare
        vals, counts = np.unique(hit[share_of(hit, count, n) < RARE], return_counts=True)
        v = vals[np.argmax(counts)]
        n_v = int(count.get(float(v), 0))
        return (f"is {v:g} on {int(np.sum(te == v))} of {len(te)} {steps} steps, a value on {n_v} of the {n} "
                f"points the net was trained on ({100 * n_v / n:.0f}%)")
    lo, hi = float(known["lo"]), float(known["hi"])
    if not any(np.sum(sp > hi) + np.sum(sp < lo) > len(sp) / 2 for sp in spans):
        return None
    above, below = int(np.sum(te > hi)), int(np.sum(te < lo))
    side = "above" if above >= below else "below"
    return (f"lies {side} the range the net was trained on ({lo:.3g} to {hi:.3g}) on {max(above, below)} of "
            f"{len(te)} {steps} steps")


def share_of(values: np.ndarray, count: dict, n: int) -> np.ndarray:
    """Each value's share of the n training points (count: a value's training points)."""
    return np.array([count.get(float(v), 0) / n for v in values])


def rare_driver_notes(names: list[str], covariates: list[np.ndarray], known_ends: list[int], horizon: int,
                      series: list[str], steps: str = "held-out", known: list | None = None,
                      window: int | None = None) -> list[str]:
    """One note a future covariate (names, the columns of each covariates[i] (N_i, C)) rare on the
    held-out steps of some series; series: how notes name each series ("series 'a'"; one: not named);
    known: each series' known_summary of each column, where covariates hold only their tails;
    window: one forecast's length where the `horizon` steps hold several (rare_driver)."""
    notes = []
    for c, name in enumerate(names):
        hits = [(i, m) for i, (cov, end) in enumerate(zip(covariates, known_ends, strict=True))
                if (m := rare_driver(cov[:, c], end, horizon, steps,
                                     None if known is None else known[i][c], window)) is not None]
        if not hits:
            continue
        i0, what = hits[0]
        where = ""
        if len(series) > 1:
            shown = ", ".join(series[i].removeprefix("series ") for i, _ in hits[:NAMED]) + (
                f" and {len(hits) - NAMED} more" if len(hits) > NAMED else "")
            where = f"in {len(hits)} of {len(series)} series ({shown}); in {series[i0]}: "
        notes.append(f"{where}future covariate {name!r} {what}: the net learned its effect from few windows or "
                     "none, so its forecast may lean on it wrongly; compare the scores of a run without it")
    return notes


def rare_future_notes(ds, horizon: int, series: list[str]) -> list[str]:
    """The same notes for a forecast: each future covariate over the `horizon` steps after each
    series of ds (the rows predict(future=) or a forecast file's empty-target rows give), against
    the series' known points. Without it a forecast with the seat-belt law at 1 on every future
    month, as on 11 of 180 known months, said nothing where the run's held-out end had."""
    cov = getattr(ds, "covariates", None)
    if cov is None or not cov.future:
        return []
    cols = [cov.columns.index(c) for c in cov.future]
    rows = [np.asarray(v, dtype=np.float64)[:, cols] for v in cov.values]
    return rare_driver_notes(list(cov.future), rows, [len(v) for v in ds.values], int(horizon), series,
                             steps="forecast", known=getattr(ds, "future_known", None))
