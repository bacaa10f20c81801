"""A net's forecast held at 0 (the floor of a series never below 0) on a truth above 0 is said as
such, not as "the net predicts the mean. Train longer ...": a user round's datasets::Seatbelts
run with --future law (the law in force on 5 of the 174 points trained on, on all 18 held out)
had its forecast pushed below 0 and floored, and was told to train longer. A flat forecast that
is not 0 keeps the advice it had."""

import numpy as np

from wavecast.evaluate.advice import advise
from wavecast.evaluate.net_checks import flat_line


def _truth():
    return (1300 + 200 * np.sin(np.arange(18) * 2 * np.pi / 12)).reshape(1, 18, 1)


def _scores(pred, truth, baseline):
    return {
        "LSTM": {"mse": float(np.mean((pred - truth) ** 2))},
        "theta": {"mse": float(np.mean((baseline - truth) ** 2))},
    }


def _flat(pred, truth):
    """The flat-line check of pred beside theta, 50 above the truth throughout."""
    theirs = {"theta": truth + 50.0}
    return flat_line("LSTM", pred, truth, 1.0, scores=_scores(pred, truth, theirs["theta"]), baselines=["theta"],
                     forecasts=theirs)


def test_a_forecast_held_at_zero_is_said_held_at_the_floor():
    truth, pred = _truth(), np.zeros((1, 18, 1))
    f = _flat(pred, truth)
    assert f is not None and f.details["at_floor"]
    assert "is 0 at every lead" in f.message and "held at 0" in f.message
    metrics = {"diagnostics": [f.to_dict()], "baselines": {"period": 12}}
    advise(metrics, "direct", input_len=23, drivers=("--future law",))
    said = metrics["diagnostics"][0]["advice"]
    assert "predicts the mean" not in said and "Train longer" not in said
    assert "driver" in said and "without its drivers" in said


def test_a_flat_forecast_above_zero_keeps_its_advice():
    truth, pred = _truth(), np.full((1, 18, 1), 1700.0)
    f = _flat(pred, truth)
    assert f is not None and "at_floor" not in f.details and "barely moves" in f.message
    metrics = {"diagnostics": [f.to_dict()], "baselines": {"period": 12}}
    advise(metrics, "direct", input_len=23)
    assert metrics["diagnostics"][0]["advice"].startswith("the net predicts the mean. Train longer")
