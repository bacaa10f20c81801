"""A backtest's bands made as `wavecast.fit`'s saved model makes its own: the in-sample bands of a
run trained one horizon earlier, re-decided by `held_out_bands.held_out` on that run's forecasts of
the horizon before the backtest's first origin (which it never saw), around the backtest's
forecasts.

    backtest run    fitted on every series up to its first origin o_1; forecasts every origin
    shadow run      fitted up to o_1 - horizon; in-sample bands + its errors on [o_1 - horizon, o_1)
                    -> held_out -> the bands scored around the backtest run's forecasts

So the backtest scores the bands `predict` would have given after `wavecast.fit` on the data
before o_1 (its scored net is the shadow, its forecasting model the backtest's). The in-sample
bands alone are optimistic: on M3 quarterly panels of 20 series they covered 70.0% / 88.4% of a
4-origin backtest at 80% / 95% (docs/evaluation.md, "Backtest bands").
"""

from __future__ import annotations

import copy

import numpy as np

from ..forecasters.conformal import Conformal
from .calibration import set_scales
from .filled import filled_of, without_filled
from .held_out_bands import held_out


def shadow_bands(own: dict[str, Conformal], shadow, ids: list, known: list[np.ndarray]) -> dict[str, Conformal]:
    """{name: bands} for the backtest run's forecasters, whose in-sample bands are `own` (in its
    order), from `shadow` (experiment.ExperimentResult of the same run with a test part one
    horizon longer: its forecasters in the same order, a later AR order aside), for the backtest
    run's series `ids` whose data up to their first origin are `known` (each (o_1,) or (o_1, F)).

    Where the shadow scored every one of those series, or enough for held-out quantiles (39 at
    95%), the bands are held_out's, as the saved model's: each series at the scale of its known
    data. Where it scored fewer (the others too short for its longer test part) and only widens,
    the backtest run's own bands (pooled over all its series) are widened by the shadow's factor
    instead: the shadow's quantiles of its few long series (M3 quarterly panels of 20, a shadow
    of 1 to 4 series) made the short ones' 80% bands up to 10x wider, MSIS(80) 7.37 where 6.11
    (docs/evaluation.md, "Backtest bands"). `made_` on each says which: "saved" (held_out's) or "widened"."""
    scored, _ = without_filled(shadow.at, filled_of(shadow.dataset, shadow.ids))
    h = np.shape(scored.truth)[1]
    ends = [sp.val_end + h for sp in shadow.splits]  # each shadow series' first backtest origin
    series = [s[:e] for s, e in zip(shadow.panel, ends, strict=True)]
    every = set(map(str, ids)) <= set(map(str, shadow.ids))
    out = {}
    for (name, mine), other in zip(own.items(), shadow.forecasters, strict=False):
        conf = (shadow.intervals or {}).get(other)
        if conf is None:
            continue
        saved = held_out(conf, scored.forecasts[other], scored.truth, series)
        if every or saved.source == "held-out":
            out[name] = in_order(saved, [str(i) for i in ids], known)
            out[name].made_ = "saved"
            continue
        k = getattr(saved, "stretch_", 1.0)
        wide = copy.copy(mine)
        wide.lo_, wide.hi_ = mine.lo_ * k, mine.hi_ * k
        if k > 1.0:
            wide.stretch_, wide.stretch_measured_ = k, getattr(saved, "stretch_measured_", k)
        wide.made_ = "widened"
        out[name] = wide
    return out


def in_order(conf: Conformal, ids: list[str], known: list[np.ndarray]) -> Conformal:
    """A copy of conf (its quantiles, relative or additive as it chose) whose per-series state
    (scales, floors, signs, constants) is that of the series `ids`, in that order, each taken on
    its `known` data, as the backtest run's in-sample bands took theirs."""
    out = copy.copy(conf)
    set_scales(out, [np.asarray(x, dtype=np.float64).reshape(len(x), -1) for x in known])
    out.ids_ = list(ids)
    return out
