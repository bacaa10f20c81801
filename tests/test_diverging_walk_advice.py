"""The diverging-rollout finding's advice agrees with the walk advice beside it. On a random walk the
net's lagged copy, flat line and no-better findings read 'more epochs will not help', and its
diverging rollout still read 'give it a longer context (window.input_len) or more epochs
(direct.max_epochs)': a walk's best forecast is its last value held, and a forecast that drifts away
from it is no fault more training mends."""

from types import SimpleNamespace

import numpy as np

from walk_panel import one_walk, walk_panel
from wavecast.config import Config
from wavecast.evaluate.advice import advise
from wavecast.evaluate.diagnose_many import pool_diagnostics
from wavecast.evaluate.finding import make_finding
from wavecast.evaluate.random_walk import on_random_walk
from wavecast.evaluate.scoring import evaluate_forecasts

H = 14
DIVERGE_WALK = "a forecast that drifts away from it only adds error with lead time"
MORE = ("max_epochs", "train.epochs", "rollout_steps", "window.input_len")


def _drift(lv: np.ndarray) -> np.ndarray:
    """The last value, then a run away from it that grows with lead time: (.., H, 1)."""
    return lv + 0.05 * np.arange(H)[:, None] ** 2.5


def test_a_diverging_rollout_on_a_random_walk_is_not_told_more_epochs():
    y, cfg, split, o, forecasts = one_walk(H)
    base = list(forecasts)  # the baselines' names
    forecasts["LSTM"] = _drift(forecasts["last value"])
    info = {"names": list(base), "period": 1, "period_how": "given"}
    for kind in ("direct", "recursive"):
        m = evaluate_forecasts(forecasts, cfg, [], series=y, split=split, origins=np.array([o]), nets={}, baselines=info)
        advise(m, kind, input_len=20)
        found = {d["name"]: d for d in m["diagnostics"] if d["forecaster"] == "LSTM"}
        div = found["diverging rollout"]
        assert "random_walk" in div["details"] and DIVERGE_WALK in div["advice"], div["advice"]
        assert not any(k in div["advice"] for k in MORE), div["advice"]
        assert "more epochs will not help" in div["advice"] and "divergence horizon" in div["advice"]
        # one recommendation: the baseline the same net's no-better finding names
        no_better = found["no better than a baseline"]
        baseline = no_better["details"]["baseline"]
        assert div["advice"].startswith(f"use the baseline ({baseline}): the series moves like a random walk (")


def test_a_diverging_rollout_alone_on_a_walk_points_to_the_last_value():
    f = make_finding("diverging rollout", "GRU", "GRU's error grows with lead time", divergence_horizon=4)
    ev = {"ljung_box": {"p_value": 0.6, "lags": 10, "explained": 0.02}}
    (said,) = on_random_walk([f], ev)
    assert said.advice.startswith("the series moves like a random walk (")
    assert "the last value is the forecast to beat" in said.advice and DIVERGE_WALK in said.advice
    assert "Forecast with the last value" in said.advice and said.details["random_walk"] is ev
    # a net that follows the truth late keeps its advice: a walk does not excuse it
    late = make_finding("lagged copy", "GRU", "late", lag=2)
    assert on_random_walk([late, f], ev)[1] is f
    assert on_random_walk([f], None) == [f]


def test_a_panels_diverging_rollout_on_a_walk_is_not_told_more_epochs():
    n = 300
    _, series, truth, lv, mean = walk_panel(H, n)
    at = SimpleNamespace(series=np.arange(3), origins=np.array([n] * 3), truth=truth, forecasts={
        "LSTM": _drift(lv), "last value": lv, "mean": mean})
    names = ["last value", "mean"]
    metrics = {"diagnostics": [], "baselines": {"names": names, "period": 1}}
    pool_diagnostics(metrics, at, series, [SimpleNamespace(train_end=n)] * 3, ["a", "b", "c"], names, Config().eval)
    advise(metrics, "direct", input_len=20)
    div = {d["name"]: d for d in metrics["diagnostics"]}["diverging rollout"]
    assert "random_walk" in div["details"] and DIVERGE_WALK in div["advice"], div["advice"]
    assert " moves like a random walk (" in div["advice"] and div["advice"].startswith(("use the baseline", "series"))
    assert not any(k in div["advice"] for k in MORE), div["advice"]
