"""A named failure of a forecaster (Finding) and the generic advice each name carries (ADVICE);
the checks that find them:

    lagged copy        the forecast is the input shifted by a step or more (or the last value)
    flat line          the forecast's variance is far below the truth's
    no better          a baseline beats it by more than the tolerance
    diverging rollout  its error grows with lead time past the divergence horizon
                       (these four: net_checks)
    leak               the scaler (or another statistic) was computed with data after the split
    unscaled input     the net is fed values far outside the range it was trained on
                       (these two: input_checks)
    level shift        the held-out truth itself jumps to a new level (a break): no forecaster
                       could foresee it, and the others' findings may come from it (breaks)
    drivers do not pay the net fitted without its covariates scores better on the held-out end
                       (a backtest: pooled over its origins; drivers_pay)

advice.advise words a run's findings in the keys of its net. NumPy only.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

ADVICE = {  # the two kinds of net read different keys: each piece of advice names its kind
    "lagged copy": "the net learned 'tomorrow = today'. Forecast further ahead, difference the "
    "series, compare with the last-value baseline before trusting a good-looking one-step plot; "
    "for the recursive net, train on the free-running loss (train.rollout_steps > 0).",
    "flat line": "the net predicts the mean. Train longer or with a higher learning rate, check "
    "the scaling, give it a longer context (window.input_len), or a larger hidden size "
    "(model.hidden_size; direct.hidden_size for the direct net).",
    "no better than a baseline": "use the baseline, or give the net what the baseline knows: a "
    "context of at least one season (window.input_len >= period), more epochs "
    "(train.epochs; direct.max_epochs), or for the recursive net a free-running loss.",
    "diverging rollout": "its errors grow with lead time. Forecast only up to the divergence "
    "horizon; for the recursive net (its predictions are fed back) train with a longer "
    "free-running loss (train.rollout_steps) or try the direct net (model.kind=direct).",
    "leak": "fit the scaler and every other statistic on the training part only "
    "(scaling.Scaler().fit(train)); the reported errors are optimistic until then.",
    "unscaled input": "scale the data with the training part's statistics before it reaches the "
    "net (wavecast does this for you), or retrain on data that covers this range.",
    # experiment's check (drivers_check.py): its advice names the run's drivers (advice.advise)
    "drivers do not pay": "run it without the drivers and compare on a backtest (wavecast backtest "
    "--origins N; wavecast.backtest(origins=N)): one held-out end is one draw. Drivers with few distinct "
    "values or few points to learn from can cost the net more than they give.",
    "level shift": "judge the forecasters on origins before the break (a backtest: wavecast backtest "
    "--origins N, wavecast.backtest(origins=N)) or on data after it, not on this held-out end; the other "
    "findings on the same series may come from the break, not from the net. The model that forecasts "
    "the future is trained on all the data, the break included.",
}


@dataclass(frozen=True)
class Finding:
    """One named failure: what was seen, in plain words, and what to try."""

    name: str
    forecaster: str
    message: str
    advice: str
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def make_finding(name: str, forecaster: str, message: str, **details) -> Finding:
    clean = {k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in details.items()}
    return Finding(name, forecaster, message, ADVICE[name], clean)
