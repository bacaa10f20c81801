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

DISCRETE = 10  # at most this many distinct training values: a flag or a level, judged by its values' shares
RARE = 0.1  # a value on under this share of the training points is rare
NAMED = 5  # series named in a note


def rare_driver(values: np.ndarray, known_end: int, horizon: int, steps: str = "held-out") -> str | None:
    """What is rare about one driver's held-out steps, or None. values (N,): the driver from the
    series' first point; the net was trained on [0, known_end), scored on the next `horizon`
    (steps: how the message names them; "forecast" for the steps after the data)."""
    x = np.asarray(values, dtype=np.float64)
    tr, te = x[:known_end], x[known_end : known_end + horizon]
    tr, te = tr[np.isfinite(tr)], te[np.isfinite(te)]
    if not len(tr) or not len(te):
        return None
    if len(np.unique(tr)) <= DISCRETE:
        share = np.array([np.mean(tr == v) for v in te])  # each held-out step's value, its training share
        if np.median(share) >= RARE:
            return None
        vals, counts = np.unique(te, return_counts=True)
        v = vals[np.argmax(counts)]
        n_v = int(np.sum(tr == v))
        return (f"is {v:g} on {int(counts.max())} of {len(te)} {steps} steps, a value on {n_v} of the {len(tr)} "
                f"points the net was trained on ({100 * n_v / len(tr):.0f}%)")
    lo, hi = float(tr.min()), float(tr.max())
    above, below = int(np.sum(te > hi)), int(np.sum(te < lo))
    if above + below <= len(te) / 2:
        return None
    side = "above" if above >= below else "below"
    return (f"lies {side} the range the net was trained on ({lo:.3g} to {hi:.3g}) on {max(above, below)} of "
            f"{len(te)} {steps} steps")


def rare_driver_notes(names: list[str], covariates: list[np.ndarray], known_ends: list[int], horizon: int,
                      series: list[str], steps: str = "held-out") -> list[str]:
    """One note a future covariate (names, the columns of each covariates[i] (N_i, C)) rare on the
    held-out steps of some series; series: how notes name each series ("series 'a'"; one: not named)."""
    notes = []
    for c, name in enumerate(names):
        hits = [(i, m) for i, (cov, end) in enumerate(zip(covariates, known_ends, strict=True))
                if (m := rare_driver(cov[:, c], end, horizon, steps)) is not None]
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
                             steps="forecast")
