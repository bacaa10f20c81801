"""The walk's advice without a baseline names the last value once a sentence: a flat line or a diverging
rollout on a walk read 'the last value is the forecast to beat; a walk's best forecast is its last
value held, ...', the same thing twice. With a baseline named, the clause keeps its own words."""

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
