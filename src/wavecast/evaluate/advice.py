"""A run's findings advised in the keys of its net (recursive or direct): the context advice
fitted to what the net already reads, and the drivers it was given named.
"""

from __future__ import annotations

import re

from ..words import series_counted
from .backtest_words import over_origins
from .drivers_pay import WITHOUT_DRIVERS, costly_drivers_advice, drivers_advice, without_drivers

# The same advice in the keys of the net at hand (experiment.run calls advise with its kind):
# the generic words (finding.ADVICE) name both nets, which read wrong beside a run of one of them.
KIND_ADVICE = {
    "recursive": {
        "lagged copy": "the net learned 'tomorrow = today'. Forecast further ahead, difference the series, "
        "compare with the last-value baseline before trusting a good-looking one-step plot, and train on "
        "the free-running loss (train.rollout_steps > 0).",
        "flat line": "the net predicts the mean. Train longer (train.epochs) or with a higher learning rate "
        "(train.lr), check the scaling, give it a longer context (window.input_len), or a larger hidden "
        "size (model.hidden_size).",
        "no better than a baseline": "use the baseline, or give the net what the baseline knows: a context "
        "of at least one season (window.input_len >= period), more epochs (train.epochs), or a longer "
        "free-running loss (train.rollout_steps).",
        "diverging rollout": "its errors grow with lead time. Forecast only up to the divergence horizon; "
        "its predictions are fed back, so train with a longer free-running loss (train.rollout_steps) or "
        "try the direct net (model.kind=direct), which forecasts the whole horizon at once.",
    },
    "direct": {
        "lagged copy": "the net learned 'tomorrow = today'. Compare with the last-value baseline before "
        "trusting it; give it a longer context (window.input_len), more epochs (direct.max_epochs) or a "
        "larger hidden size (direct.hidden_size).",
        "flat line": "the net predicts the mean. Train longer (direct.max_epochs) or with a higher learning "
        "rate (direct.lr), give it a longer context (window.input_len), or a larger hidden size "
        "(direct.hidden_size).",
        "no better than a baseline": "use the baseline, or give the net what the baseline knows: a context "
        "of at least one season (window.input_len >= period), or more epochs (direct.max_epochs).",
        "diverging rollout": "its errors grow with lead time. Forecast only up to the divergence horizon; "
        "the direct net forecasts every lead at once (nothing is fed back), so its far leads are the "
        "hardest: forecast a shorter horizon (window.horizon), or give it a longer context "
        "(window.input_len) or more epochs (direct.max_epochs).",
    },
}


SEASON_CLAUSE = "a context of at least one season (window.input_len >= period)"


def advise(metrics: dict, kind: str, input_len: int | None = None, drivers: tuple[str, ...] = ()) -> None:
    """Each finding in metrics (its diagnostics, and the first series' when pooled) advised in
    the keys of the net at hand; kind: recursive | direct. input_len: the net's context, which
    the advice to read a season (metrics' baselines period) names where it already does.
    drivers: the covariates the run was given, as its flags ("--future PetrolPrice", drivers_named):
    a net behind a baseline is also told to try without them. A backtest's (metrics["backtest"])
    say "over these N origins" where a run's say "on this held-out end" (over_origins), a panel's
    pooled findings "over these N origins of S series". In place."""
    period = (metrics.get("baselines") or {}).get("period") or 1
    n_series = int(metrics.get("n_series") or 1) if "first_series" in metrics else 1
    pooled = series_counted(n_series, metrics.get("targets") or ()) if n_series > 1 else ""
    for found, of in ((metrics.get("diagnostics"), pooled),
                      ((metrics.get("first_series") or {}).get("diagnostics"), "")):
        for d in found or ():
            details = d.get("details") or {}
            at_floor = details.get("at_floor") or (details.get("example") or {}).get("at_floor")
            # walk_advice, FLOOR and LAST_BEST name no net's keys
            if "random_walk" not in details and not at_floor and not details.get("last_value_best"):
                d["advice"] = KIND_ADVICE.get(kind, {}).get(d["name"], d["advice"])
            if input_len and SEASON_CLAUSE in d["advice"] and input_len >= period:
                # "window.input_len >= period" told a net reading 7 points of a season of 7 to read one
                d["advice"] = d["advice"].replace(SEASON_CLAUSE, _longer_context(d, input_len, period))
            if drivers and d["name"] == "drivers do not pay":  # a backtest's own check: no backtest to advise
                d["advice"] = drivers_advice(drivers, backtest="backtest" in metrics)
            # the run that compared itself without its drivers says it in its own finding or note
            elif drivers and d["name"] == "no better than a baseline" and WITHOUT_DRIVERS not in d["advice"] \
                    and "drivers_check" not in metrics:
                d["advice"] += without_drivers(drivers)
        costly = {d.get("forecaster") for d in found or () if d["name"] == "drivers do not pay"}
        for d in found or ():
            if d["name"] == "no better than a baseline" and d.get("forecaster") in costly:
                # "more epochs" beside the finding that the drivers cost it sent a user round
                # (Seatbelts, --future law) to train the net its drivers had broken
                d["advice"] = costly_drivers_advice(drivers)
        # a backtest scores many origins: its findings say so, not "on this held-out end"
        n_origins = int((metrics.get("backtest") or {}).get("origins") or 1)
        for d in found or ():
            # a pooled finding's scores span every series; a walk's are its example series' own (walk_many)
            own = "random_walk" in (d.get("details") or {})
            d["advice"] = over_origins(d["advice"], n_origins, "" if own else of)


def _longer_context(finding: dict, input_len: int, period: int) -> str:
    """The context advice for a net that already reads a season: a longer one, and the AR order
    beside it when the baseline that beats it reads more lags."""
    details = finding.get("details") or {}
    best = details.get("baseline") or (details.get("example") or {}).get("baseline") or ""
    lags = re.fullmatch(r"linear AR\((\d+)\)", best)
    reads = f"; {best} reads {lags[1]} lags" if lags and int(lags[1]) > input_len else ""
    season = f", a season {period}" if period > 1 else ""
    return f"a longer context (window.input_len, now {input_len}{season}{reads})"
