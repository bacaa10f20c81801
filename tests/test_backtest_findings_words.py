"""A backtest scores many origins: its findings' advice says "over these N origins", never
"on this held-out end" (a run's one origin), as the no-better line's already did (e1a50b3)."""

import warnings

import wavecast
from law_in_small import law_in_small
from wavecast.evaluate.advice import advise
from wavecast.evaluate.drivers_pay import drivers_named
from wavecast.evaluate.finding import ADVICE
from wavecast.evaluate.random_walk import walk_advice


def test_a_backtest_whose_drivers_cost_the_net_says_over_its_origins():
    # Seatbelts' law in small (tests/test_drivers_advice.py): a driver 0 for years, then 1 over the
    # last 24 months, which the series does not follow; the net without it scores better. The net
    # behind theta read "the same net without --future law ..., which scored better on this held-out end".
    df = law_in_small()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bt = wavecast.backtest(df, target="y", time="month", future=["law"], horizon=12, epochs=2, hidden_size=4,
                               origins=4)
    found = {d["name"]: d["advice"] for d in bt.metrics["diagnostics"]}
    assert "drivers do not pay" in found, bt.metrics["diagnostics"]
    assert found["no better than a baseline"].startswith(
        "use the baseline, or the same net without --future law (the same keywords in Python), which scored "
        "better over these 4 origins; more epochs"), found["no better than a baseline"]
    for said in found.values():
        assert "held-out end" not in said and "one draw" not in said, said


def _walk(last_value_best: bool) -> dict:
    return {"ljung_box": {"p_value": 0.5, "lags": 10, "explained": 0.06},
            "held_out": {"last_value_mse": 4.0 if not last_value_best else 1.0, "best_other": "mean",
                         "best_other_mse": 1.5 if last_value_best else 1.0, "last_value_best": last_value_best}}


def _findings() -> list[dict]:
    return [{"name": "level shift", "forecaster": "held-out data", "advice": ADVICE["level shift"], "details": {}},
            {"name": "lagged copy", "forecaster": "LSTM", "advice": walk_advice(_walk(True)),
             "details": {"random_walk": _walk(True)}},
            {"name": "no better than a baseline", "forecaster": "LSTM", "advice": walk_advice(_walk(False), "mean"),
             "details": {"random_walk": _walk(False)}}]


def test_every_finding_of_a_backtest_reads_over_its_origins():
    m = {"baselines": {"period": 1}, "diagnostics": _findings(), "backtest": {"origins": 6}}
    advise(m, "direct", 8, drivers_named(future=("x",)))
    advise(m, "direct", 8, drivers_named(future=("x",)))  # advised twice: the same words
    by = {d["name"]: d["advice"] for d in m["diagnostics"]}
    for said in by.values():
        assert "held-out" not in said and "one draw" not in said, said
    assert by["level shift"].startswith("judge the forecasters on origins whose forecasts do not cross the break "
                                        "(before it, or after it), not pooled over these 6 origins; the other"), by
    assert "(it scored best over these 6 origins, MSE 1 against mean's 1.5)" in by["lagged copy"], by
    assert "though over these 6 origins mean did better (MSE 1 against the last value's 4)" in \
        by["no better than a baseline"], by


def test_a_run_keeps_its_held_out_end():
    m = {"baselines": {"period": 1}, "diagnostics": _findings()}
    advise(m, "direct", 8)
    assert [d["advice"] for d in m["diagnostics"]] == [d["advice"] for d in _findings()]
    one = {"baselines": {"period": 1}, "diagnostics": _findings(), "backtest": {"origins": 1}}
    advise(one, "direct", 8)  # a backtest of one origin is one held-out end
    assert [d["advice"] for d in one["diagnostics"]] == [d["advice"] for d in _findings()]


def test_a_panel_backtests_pooled_findings_say_how_many_series():
    # a panel's pooled findings span S series x N origins: they said "over these 6 origins" of scores
    # pooled over 3 series x 6; the first series' own findings, and a walk's (its example series'
    # own scores, walk_many), keep the one series' words
    m = {"baselines": {"period": 1}, "diagnostics": _findings(), "backtest": {"origins": 6}, "n_series": 3,
         "first_series": {"diagnostics": _findings()}}
    advise(m, "direct", 8)
    advise(m, "direct", 8)  # advised twice: the same words
    by = {d["name"]: d["advice"] for d in m["diagnostics"]}
    assert by["level shift"].startswith("judge the forecasters on origins whose forecasts do not cross the break "
                                        "(before it, or after it), not pooled over these 6 origins of 3 series; "), by
    assert "(it scored best over these 6 origins, MSE 1" in by["lagged copy"], by
    assert "though over these 6 origins mean did better" in by["no better than a baseline"], by
    first = {d["name"]: d["advice"] for d in m["first_series"]["diagnostics"]}
    assert "not pooled over these 6 origins; the other" in first["level shift"], first
    for said in first.values():
        assert "of 3 series" not in said, said
    two = {"baselines": {"period": 1}, "backtest": {"origins": 4}, "n_series": 6, "targets": ["a", "b"],
           "first_series": {}, "diagnostics": [{"name": "some finding", "forecaster": "LSTM",
                                                "advice": "which scored better on this held-out end", "details": {}}]}
    advise(two, "direct", 8)
    assert two["diagnostics"][0]["advice"] == "which scored better over these 4 origins of 3 series x 2 targets"
