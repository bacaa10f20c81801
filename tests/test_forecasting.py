import numpy as np
import pytest
import torch

from wavecast.data.scaling import Scaler
from wavecast.errors import ValidationError
from wavecast.forecasters.net import NetForecaster, rollout
from wavecast.models.recurrent import RecurrentNet


def _forecaster():
    torch.manual_seed(0)
    net = RecurrentNet("gru", 1, 6)
    return NetForecaster(net, Scaler().fit(np.linspace(-3, 5, 50)), input_len=8)


def test_contract():
    f = _forecaster()
    ctx = np.random.default_rng(0).normal(size=(3, 12, 1))
    before = ctx.copy()
    a = f.predict(ctx, 5)
    assert a.shape == (3, 5, 1)
    np.testing.assert_array_equal(a, f.predict(ctx, 5))
    np.testing.assert_array_equal(ctx, before)
    with pytest.raises(ValidationError, match="model needs the last 8 values; got 4"):
        f.predict(ctx[:, :4], 5)
    with pytest.raises(ValidationError, match="horizon"):
        f.predict(ctx, 0)


def test_functional_rollout_matches_module_rollout():
    f = _forecaster()
    ctx = torch.randn(2, 9, 1)
    torch.testing.assert_close(rollout(f.net, ctx, 6), f.net.rollout(ctx, 6))


def test_one_step_predictions_are_teacher_forced():
    f = _forecaster()
    series = np.sin(np.arange(30) / 3.0)[:, None]
    out = f.predict_one_step(series)
    assert out.shape == (30, 1)
    # Prefix property: the prediction at t uses the series up to t only.
    np.testing.assert_allclose(f.predict_one_step(series[:10]), out[:10], rtol=1e-6, atol=1e-6)
