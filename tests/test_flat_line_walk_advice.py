"""The flat-line finding's advice agrees with the walk advice and the last-value advice beside it. A
simulated random walk (wavecast run, seed 0) read 'the last value is the forecast to beat; more epochs
will not help' on the net's lagged copy, 'use the baseline (linear AR(1)) ... more epochs will not help'
on its no-better finding, and between them 'the net predicts the mean. Train longer (direct.max_epochs)'
on its flat line; a flat copy of the last value where no baseline beat the last value read 'no fault
here' and 'Train longer' the same way."""

from types import SimpleNamespace

import numpy as np

from walk_panel import one_walk, walk_panel
from wavecast.config import Config
from wavecast.evaluate.advice import advise
from wavecast.evaluate.diagnose_many import pool_diagnostics
from wavecast.evaluate.finding import make_finding
from wavecast.evaluate.metrics import evaluate
from wavecast.evaluate.net_checks import diagnose_forecasts
from wavecast.evaluate.scoring import evaluate_forecasts

H = 14
FLAT_WALK = "a walk's best forecast is its last value held, as flat as a forecast can be, so the flatness is no fault"
TRAIN_LONGER = ("Train longer", "max_epochs", "train.epochs", "train.lr", "direct.lr")


def test_a_flat_net_on_a_random_walk_is_not_told_to_train_longer():
    y, cfg, split, o, forecasts = one_walk(H)
    base = list(forecasts)  # the baselines' names
    truth = y[None, o : o + H]  # (1, H, 1)
    forecasts["theta"] = truth + 0.3 * np.random.default_rng(1).normal(size=truth.shape)  # a baseline that moves
    forecasts["LSTM"] = forecasts["mean"] + 0.3 * (forecasts["last value"] - forecasts["mean"])  # flat, no copy
    info = {"names": [*base, "theta"], "period": 1, "period_how": "given"}
    for kind in ("direct", "recursive"):
        m = evaluate_forecasts(forecasts, cfg, [], series=y, split=split, origins=np.array([o]), nets={}, baselines=info)
        advise(m, kind, input_len=20)
        found = {d["name"]: d for d in m["diagnostics"] if d["forecaster"] == "LSTM"}
        flat, no_better = found["flat line"], found["no better than a baseline"]
        assert "random_walk" in flat["details"] and FLAT_WALK in flat["advice"], flat["advice"]
        assert not any(k in flat["advice"] for k in TRAIN_LONGER), flat["advice"]
        # one recommendation: the baseline the no-better finding names, and no more epochs
        assert flat["advice"].startswith("use the baseline (theta): the series moves like a random walk (")
        assert no_better["advice"].startswith("use the baseline (theta): ")
        assert "more epochs will not help" in flat["advice"]


def test_a_flat_copy_of_the_last_value_no_baseline_beat_is_not_told_to_train_longer():
    last = np.array([[100.0]])  # (B, F)
    r = np.array([-1.8, 0.1, -2.2, -0.4, -1.9, 0.2])  # the truth's distance from the last value: below it
    truth = last[:, None, :] + r[None, :, None]  # (1, 6, 1)
    s = np.array([1.0, -1.0, 1.0, -1.0, 1.0, -1.0])
    s -= (s @ r) / (r @ r) * r  # a move that neither helps nor hurts much: not a better forecast
    rep = np.repeat(last[:, None, :], 6, axis=1)
    forecasts = {"last value": rep, "mean": rep + 10.0, "theta": rep + 0.6 * s[None, :, None], "LSTM": rep + 0.15}
    names, tol = ["last value", "mean", "theta"], 0.5
    ev = evaluate(forecasts, truth, None, tol=tol)
    m = {"diagnostics": [f.to_dict() for f in diagnose_forecasts(forecasts, truth, last, ev, names, tol)]}
    advise(m, "direct", input_len=8)
    found = {d["name"]: d for d in m["diagnostics"]}
    assert found["lagged copy"]["details"]["last_value_best"] is True
    flat = found["flat line"]
    assert flat["details"]["last_value_best"] is True and not any(k in flat["advice"] for k in TRAIN_LONGER)
    assert flat["advice"].startswith("no baseline beat the last value on this held-out end, which is as flat as this "
                                     "forecast, so the flatness is no fault here"), flat["advice"]
    assert "use the last value" in flat["advice"] and "use the last value" in found["lagged copy"]["advice"]


def test_a_flat_line_a_baseline_that_moves_beat_keeps_its_advice():
    """Where a baseline beat the last value, or the net scored worse than the last value without copying
    it, the flatness may be the fault: the advice stays."""
    from wavecast.evaluate.net_checks import flat_at_last_value

    f = make_finding("flat line", "LSTM", "LSTM's forecast barely moves", variance=0.0, truth_variance=1.0)
    names = ["last value", "theta"]
    beaten = {"last value": {"mse": 2.0}, "theta": {"mse": 1.0}, "LSTM": {"mse": 2.0}}
    assert flat_at_last_value(f, None, beaten, names, 0.1) is f
    worse = {"last value": {"mse": 2.0}, "theta": {"mse": 2.0}, "LSTM": {"mse": 3.0}}
    assert flat_at_last_value(f, None, worse, names, 0.1) is f
    near = {"last value": {"mse": 2.0}, "theta": {"mse": 2.0}, "LSTM": {"mse": 2.05}}  # as good as the last value
    said = flat_at_last_value(f, None, near, names, 0.1, n_origins=8)
    assert said.details["last_value_best"] and said.advice.startswith("no baseline beat the last value over these 8 ")
    floor = make_finding("flat line", "LSTM", "held at 0", at_floor=True)
    assert flat_at_last_value(floor, None, near, names, 0.1) is floor


def test_a_panels_flat_line_on_a_walk_is_not_told_to_train_longer():
    n = 300
    rng, series, truth, lv, mean = walk_panel(H, n)
    at = SimpleNamespace(series=np.arange(3), origins=np.array([n] * 3), truth=truth, forecasts={
        "LSTM": mean + 0.3 * (lv - mean), "last value": lv, "mean": mean,
        "theta": truth + 0.3 * rng.normal(size=truth.shape)})
    names = ["last value", "mean", "theta"]
    metrics = {"diagnostics": [], "baselines": {"names": names, "period": 1}}
    pool_diagnostics(metrics, at, series, [SimpleNamespace(train_end=n)] * 3, ["a", "b", "c"], names, Config().eval)
    advise(metrics, "direct", input_len=20)
    flat = {d["name"]: d for d in metrics["diagnostics"]}["flat line"]
    assert "random_walk" in flat["details"] and FLAT_WALK in flat["advice"], flat["advice"]
    assert flat["advice"].startswith("use the baseline (theta): series 'a' moves like a random walk (")
    assert not any(k in flat["advice"] for k in TRAIN_LONGER), flat["advice"]
