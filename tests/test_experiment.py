import numpy as np
import pytest

from wavecast.config import load
from wavecast.experiment import run


def test_scaler_is_fitted_on_the_training_part_only():
    cfg = load(None, ["train.epochs=1", "model.hidden_size=4", "signal.length=200",
                      "window.test_len=20", "window.horizon=20", "window.input_len=10"])
    res = run(cfg)
    train = res.series[: res.split.train_end]
    assert res.scaler.mean_[0] == pytest.approx(train.mean())
    assert res.split.train_end == 180
    assert res.truth.shape == (20, 1)


def test_same_seed_same_numbers():
    cfg = load(None, ["train.epochs=2", "model.hidden_size=6"])
    a, b = run(cfg), run(cfg)
    assert a.metrics["forecasters"] == b.metrics["forecasters"]


@pytest.mark.slow
def test_demo_lstm_beats_last_value_and_reaches_target():
    # The demo's own configuration: issue #2 asks for a 40-step MSE <= 1e-4 with seed 0.
    res = run(load(None, ["name=demo"]))
    m = res.metrics["forecasters"]
    assert m["LSTM"]["mse"] < m["last value"]["mse"] / 100
    assert m["LSTM"]["mse"] <= 1e-4
    assert np.isfinite(res.forecasts["LSTM"]).all()
