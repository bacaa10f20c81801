"""A forecast that repeats the last value where no baseline beat the last value is no fault: the
last-value test names AutoETS's flat level forecasts in 77 of M3's 259 yearly series it names where
the last value scored as well as every baseline, and a net's copy there read "the net learned
'tomorrow = today' ... more epochs". Where a baseline did beat the last value, the advice stays."""

import numpy as np

from wavecast.evaluate.advice import advise
from wavecast.evaluate.metrics import evaluate
from wavecast.evaluate.net_checks import diagnose_forecasts

H = 6


def _advice(mean_off: float) -> dict:
    rng = np.random.default_rng(0)
    last = np.array([[100.0]])  # (B, F)
    truth = last[:, None, :] + rng.normal(0, 1, (1, H, 1))  # (B, H, F): stays near the last value
    forecasts = {"last value": np.repeat(last[:, None, :], H, axis=1),
                 "mean": truth + mean_off if mean_off < 1 else np.full((1, H, 1), 100.0 + mean_off)}
    forecasts["LSTM"] = forecasts["last value"] + 1e-3
    names = ["last value", "mean"]
    ev = evaluate(forecasts, truth, None, tol=1e-3)
    m = {"diagnostics": [f.to_dict() for f in diagnose_forecasts(forecasts, truth, last, ev, names, 1e-3)]}
    advise(m, "direct", input_len=8)
    return {d["name"]: d for d in m["diagnostics"]}


def test_a_copy_of_the_last_value_no_baseline_beat_is_no_fault():
    copy = _advice(10.0)["lagged copy"]  # the mean 10 off: the last value is the best baseline
    assert copy["details"]["lag"] == 0 and copy["details"]["last_value_best"] is True
    assert copy["advice"].startswith("no baseline beat the last value on this held-out end, so repeating it is no fault")
    assert "max_epochs" not in copy["advice"] and "use the last value" in copy["advice"]
    found = _advice(0.1)  # the mean (here the truth plus 0.1) beats the last value: copying it costs
    assert found["lagged copy"]["advice"].startswith("the net learned 'tomorrow = today'")
    assert "last_value_best" not in found["lagged copy"]["details"] and "no better than a baseline" in found


def test_a_backtests_copy_no_baseline_beat_says_its_origins():
    """A backtest of one series scores many origins: not 'this held-out end ... one draw'."""
    from wavecast.evaluate.finding import make_finding
    from wavecast.evaluate.net_checks import last_value_unbeaten

    f = make_finding("lagged copy", "LSTM", "LSTM repeats the last observed value", lag=0)
    said = last_value_unbeaten(f, {"last value": {"mse": 1.0}, "mean": {"mse": 2.0}}, ["last value", "mean"], 1e-3, 8)
    assert said.advice.startswith("no baseline beat the last value over these 8 origins, so repeating it is no fault")
    assert "held-out end" not in said.advice and said.advice.endswith("(--past, --future).")
