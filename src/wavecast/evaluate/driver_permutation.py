"""The drivers of a run, one group of covariate columns each, and each driver neutralised by a
permutation: the Covariates a trained net is scored with again for driver importance
(driver_importance.py). NumPy only; nothing here fits or forecasts.

    past or future column   its own driver, its values permuted in time within each series
    calendar columns        one driver, "calendar" (sin/cos of the time axis, weekday counts)
    holiday columns         one driver, "holidays" (--holidays' indicator and closeness, counts)
    static column           its own driver, its values permuted across the series

Why a permutation (Breiman 2001; Fisher, Rudin and Dominici 2019) and not the training mean: it
keeps the driver's own values and spread, so the net reads inputs of the kind it was trained on
and only their link to the target is broken; a constant mean is an input the net never saw (a
0/1 driver at its mean 0.03 is neither), so its cost would mix the driver's worth with the net's
answer to an unseen value. A calendar or holidays group is permuted with one draw for all its
columns (a time stamp moved whole: sin and cos stay a pair).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

HOLIDAY_PREFIXES = ("holiday_", "holidays_")  # data.publicholidays' column names (and its counts)


@dataclass(frozen=True)
class Driver:
    """One driver: its name in the user's words, its role and the columns it holds."""

    name: str
    role: str  # past | future | calendar | holidays | static
    columns: tuple[str, ...]


def drivers_of(cov, own: tuple[str, ...] = ()) -> list[Driver]:
    """The drivers the user gave, in the order of their roles: past, future, calendar, holidays,
    static. own: columns that are the panel's own, not the user's (several targets: the other
    targets' histories 'b->a' and the static naming each series' target), left out."""
    out = [Driver(c, "past", (c,)) for c in cov.past if c not in own]
    out += [Driver(c, "future", (c,)) for c in cov.future if c not in own]
    hol = tuple(c for c in cov.calendar if c.startswith(HOLIDAY_PREFIXES))
    cal = tuple(c for c in cov.calendar if c not in hol)
    out += [
        Driver(name, name, cols) for name, cols in (("calendar", cal), ("holidays", hol)) if cols
    ]
    out += [Driver(c, "static", (c,)) for c in cov.static if c not in own]
    return out


def permuted(cov, driver: Driver, lengths: list[int], rng: np.random.Generator):
    """cov with the driver's values permuted: a time-varying driver's rows 0..lengths[i]-1 of
    series i shuffled among themselves (one draw a series, shared by the driver's columns; rows
    after lengths[i] and other columns untouched), a static's values shuffled across series.
    A new Covariates; cov is not changed."""
    if driver.role == "static":
        j = list(cov.static).index(driver.columns[0])
        order = rng.permutation(len(cov.statics))
        statics = [list(s) for s in cov.statics]
        for s, k in zip(statics, order.tolist(), strict=True):
            s[j] = cov.statics[k][j]
        return replace(cov, statics=statics)
    cols = [cov.columns.index(c) for c in driver.columns]
    values = []
    for v, n in zip(cov.values, lengths, strict=True):
        n = min(int(n), len(v))
        w = v.copy()
        w[:n, cols] = v[
            np.ix_(rng.permutation(n), cols)
        ]  # (n, k): its columns' rows moved together
        values.append(w)
    return replace(cov, values=values)
