"""Intermittent demand: series that are mostly zeros, which an L1-trained net forecasts badly.

The direct net's loss is L1, so it forecasts the median of the next values; for a series at 0 on
more than half of its points the median is 0, and the sum of its forecasts (what a planner
orders) is biased low however well it scores on MAE. `intermittent_note` says so once a run.
"""

from __future__ import annotations

import numpy as np

# More than half the training values at 0: the median of the next value is then 0.
ZERO_SHARE = 0.5


def intermittent_ids(values, ids) -> list[str]:
    """The ids of the series (1-D training values each) at exactly 0 on more than ZERO_SHARE of
    their finite values."""
    out = []
    for sid, v in zip(ids, values, strict=True):
        a = np.asarray(v, dtype=np.float64)
        a = a[np.isfinite(a)]
        if len(a) and np.mean(a == 0) > ZERO_SHARE:
            out.append(sid)
    return out


def intermittent_note(values, ids) -> str | None:
    """The note for a run whose series include intermittent ones (None when there are none):
    the net forecasts their median, about 0, so totals are biased low."""
    found = intermittent_ids(values, ids)
    if not found:
        return None
    named = [repr(i) for i in found if i != ""]
    shown = (f" ({', '.join(named[:5])}{f' and {len(named) - 5} more' if len(named) > 5 else ''})"
             if named else "")
    what = ("the series is" if len(values) == 1 else
            f"{len(found)} of {len(values)} series{shown} {'is' if len(found) == 1 else 'are'}")
    return (f"{what} intermittent (0 on more than half of the training values): the net, trained on an "
            "L1 loss, forecasts the median demand, about 0, so a total of its forecasts is biased low; for "
            "totals use the mean baseline (its forecast: wavecast forecast --baselines), or forecast the sum over "
            "a coarser period (weeks, months)")
