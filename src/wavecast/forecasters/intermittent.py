"""Intermittent demand: series that are mostly zeros, which an L1-trained net forecasts badly.

An L1 loss makes the direct net forecast the median of the next values; for a series at 0 on
more than half of its points the median is 0, and the sum of its forecasts (what a planner
orders) is biased low however well it scores on MAE. So `direct_loss` trains on MSE (the mean)
where more than half the series are intermittent (python -m benchmarks.intermittent:
docs/evaluation.md, "Intermittent demand"), and `intermittent_note` says which one a run has.
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


def direct_loss(loss: str | None, values) -> str:
    """direct.loss for this data: the one given, else (None, auto) "mse" where more than half
    the series (1-D values each) are intermittent, else "l1". On three synthetic weekly panels
    of intermittent demand (seeds 0 and 1) the MSE net's forecasts totalled 0.87-0.95 of the
    actual demand where the L1 net's, about 0, totalled 0.02-0.07, at a lower RMSSE (M5's) on
    each and a higher MAE (docs/evaluation.md, "Intermittent demand")."""
    if loss is not None:
        return loss
    return "mse" if 2 * len(intermittent_ids(values, [""] * len(values))) > len(values) else "l1"


def intermittent_note(values, ids, loss: str = "l1") -> str | None:
    """The note for a run whose series include intermittent ones (None when there are none):
    with loss "l1" the net forecasts their median, about 0, so totals are biased low; with
    "mse" their mean."""
    found = intermittent_ids(values, ids)
    if not found:
        return None
    named = [repr(i) for i in found if i != ""]
    shown = (f" ({', '.join(named[:5])}{f' and {len(named) - 5} more' if len(named) > 5 else ''})"
             if named else "")
    what = ("the series is" if len(values) == 1 else
            f"{len(found)} of {len(values)} series{shown} {'is' if len(found) == 1 else 'are'}")
    # --data: a saved model keeps each series' last input_len points alone, too few for the mean
    # as scored (its column was left empty after this note named the command without it)
    baseline = "the mean baseline (its forecast: wavecast forecast RUN --baselines --data FILE)"
    if loss == "mse":
        return (f"{what} intermittent (0 on more than half of the training values): the net, trained on an MSE "
                "loss (direct.loss=mse, the default where more than half the series are), forecasts the mean "
                "demand, not the median (about 0) an L1 loss would, so its totals are not biased low but its MAE "
                f"is higher than the median's; for totals use {baseline} where the backtest ranks it above the "
                "net, or forecast the sum over a coarser period (weeks, months); for the median: --set "
                "direct.loss=l1")
    trained = "an L1 loss, forecasts the median" if loss == "l1" else "a Huber loss, forecasts near the median"
    return (f"{what} intermittent (0 on more than half of the training values): the net, trained on {trained} "
            "demand, about 0, so a total of its forecasts is biased low; for "
            f"totals use {baseline}, or forecast the sum over a coarser period (weeks, months)")
