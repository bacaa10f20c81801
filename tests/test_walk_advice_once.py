"""The walk's advice without a baseline names the last value once a sentence: a flat line or a diverging
rollout on a walk read 'the last value is the forecast to beat; a walk's best forecast is its last
value held, ...', the same thing twice. With a baseline named, the clause keeps its own words, and the
held-out score goes beside its 'last value held' (in the brackets before it, 'the last value scored
best ...); a walk's best forecast is its last value held' named the last value as the best twice)."""

import pytest

from wavecast.evaluate.finding import make_finding
from wavecast.evaluate.random_walk import on_random_walk, walk_advice

EV = {"ljung_box": {"p_value": 0.6, "lags": 10, "explained": 0.02}}


@pytest.mark.parametrize(("name", "clause"), [
    ("flat line", "the last value is the forecast to beat; held, it is as flat as a forecast can be, so the "
                  "flatness is no fault, and more epochs will not help. Forecast with the last value, or give"),
    ("diverging rollout", "the last value is the forecast to beat; a forecast that drifts away from it only adds "
                          "error with lead time, so forecast no further than the divergence horizon, and more "
                          "epochs will not help. Forecast with the last value, or give"),
])
def test_without_a_baseline_the_last_value_is_named_once_a_sentence(name, clause):
    (said,) = on_random_walk([make_finding(name, "GRU", "GRU's finding", divergence_horizon=4)], EV)
    assert clause in said.advice, said.advice
    for sentence in said.advice.split(". "):
        assert sentence.count("last value") <= 1, sentence
    # with a baseline, the clause says why in its own words, once
    named = walk_advice(EV, "mean", finding=name)
    assert named.count("last value") == 1 and "a walk's best forecast is its last value held" in named, named


HELD_OUT = {"ljung_box": {"p_value": 0.3, "lags": 10, "explained": 0.06},
            "held_out": {"last_value_mse": 1.67e6, "best_other": "theta", "best_other_mse": 1.68e6,
                         "last_value_best": True}}


@pytest.mark.parametrize("finding", ["", "flat line", "diverging rollout"])
@pytest.mark.parametrize("p_value", [0.3, 1e-37])  # Ljung-Box quoted beside the held-out score, or not (DJIA)
def test_the_held_out_score_beside_the_forecast_to_beat_names_the_last_value_once(finding, p_value):
    """With the held-out evidence quoted it read '(...; the last value scored best on the held-out part,
    MSE ...): the last value is the forecast to beat', once in the brackets and once after them."""
    ev = {**HELD_OUT, "ljung_box": {**HELD_OUT["ljung_box"], "p_value": p_value}}
    said = walk_advice(ev, "", finding=finding)
    assert ("its past changes explain 6% of the next one): the last value is the forecast to beat (it scored best "
            "on the held-out part, MSE 1.67e+06 against theta's 1.68e+06); ") in said, said
    first = said.split(". Forecast with the last value")[0]
    assert first.count("last value") == 1, first
    # with a baseline named there is no 'forecast to beat': without a flat line's or a diverging rollout's
    # clause the evidence stays in the brackets; with one, the score goes beside its "last value held"
    named = walk_advice(ev, "theta", finding=finding)
    if not finding:
        assert "the last value scored best on the held-out part, MSE 1.67e+06 against theta's 1.68e+06, and its " \
            "past changes explain 6% of the next one);" in named, named
    else:
        assert "its past changes explain 6% of the next one); a walk's best forecast is its last value held (it " \
            "scored best on the held-out part, MSE 1.67e+06 against theta's 1.68e+06), " in named, named
    assert named.split(". Or give")[0].count("last value") == 1, named
