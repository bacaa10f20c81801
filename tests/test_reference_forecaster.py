"""ReferenceForecaster: the forecaster contract, and the same rollout as a torch net."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from wavecast.errors import NotFittedError, ValidationError
from wavecast.reference import ElmanRNN, Head, ReferenceForecaster

torch.set_num_threads(1)


class NetLike(nn.Module):
    """RecurrentNet's shape: self.rnn (batch_first) and self.head, forward(x, state)."""

    def __init__(self, rnn, head):
        super().__init__()
        self.rnn, self.head = rnn, head

    def forward(self, x, state=None):
        out, state = self.rnn(x, state)  # (B, T, H)
        return self.head(out), state  # (B, T, F)


def torch_rollout(net, context, horizon):
    y, state = net(context)
    step = y[:, -1:]
    outs = [step]
    for _ in range(horizon - 1):
        step, state = net(step, state)
        outs.append(step)
    return torch.cat(outs, dim=1)


def make_net(kind, F, H, L, head_hidden=()):
    torch.manual_seed(0)
    cls = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[kind]
    rnn = cls(F, H, L, batch_first=True)
    if head_hidden:
        layers, width = [], H
        for h in head_hidden:
            layers += [nn.Linear(width, h), nn.Tanh()]
            width = h
        head = nn.Sequential(*layers, nn.Linear(width, F))
    else:
        head = nn.Linear(H, F)
    return NetLike(rnn, head).double()


@pytest.mark.parametrize("kind", ["lstm", "rnn", "gru"])
@pytest.mark.parametrize("head_hidden", [(), (5,), (5, 4)])
def test_predict_matches_a_torch_rollout(kind, head_hidden):
    net = make_net(kind, 2, 6, 2, head_hidden)
    mean, scale = np.array([0.5, -1.0]), np.array([2.0, 0.5])
    context = np.random.default_rng(0).standard_normal((3, 7, 2))
    forecaster = ReferenceForecaster.from_net(net, scaler_mean=mean, scaler_scale=scale)
    pred = forecaster.predict(context, 9)
    with torch.no_grad():
        expected = torch_rollout(net, torch.from_numpy((context - mean) / scale), 9).numpy()
    assert pred.shape == (3, 9, 2)
    assert np.abs(pred - (expected * scale + mean)).max() <= 1e-10


def test_contract_shapes_determinism_and_no_mutation():
    f = ReferenceForecaster.from_net(make_net("lstm", 1, 4, 1))
    context = np.random.default_rng(1).standard_normal((2, 5, 1))
    before = context.copy()
    a, b = f.predict(context, 3), f.predict(context, 3)
    assert a.shape == (2, 3, 1)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(context, before)
    assert f.predict(context, 1).shape == (2, 1, 1)


def test_predict_before_fit_raises():
    with pytest.raises(NotFittedError):
        ReferenceForecaster().predict(np.zeros((1, 4, 1)), 2)


def test_bad_inputs_raise_validation_errors():
    f = ReferenceForecaster.from_net(make_net("gru", 2, 3, 1))
    with pytest.raises(ValidationError, match=r"\(B, T, F\)"):
        f.predict(np.zeros((4, 2)), 2)
    with pytest.raises(ValidationError, match="F = 2"):
        f.predict(np.zeros((1, 4, 3)), 2)
    with pytest.raises(ValidationError, match="horizon"):
        f.predict(np.zeros((1, 4, 2)), 0)
    net = make_net("gru", 2, 3, 1)
    net.head = nn.Sequential(nn.Linear(3, 2), nn.ReLU(), nn.Linear(2, 2))
    with pytest.raises(ValidationError, match="ReLU"):
        ReferenceForecaster.from_net(net)
    with pytest.raises(ValidationError, match="fed back"):
        ReferenceForecaster.from_models(ElmanRNN(2, 3), Head([3, 1]))


def test_fit_learns_a_sine_and_beats_repeating_the_last_value():
    series = np.sin(2 * np.pi * np.arange(240) / 24)[:, None]
    f = ReferenceForecaster(
        "gru",
        hidden_size=8,
        input_len=24,
        epochs=40,
        lr=0.02,
        batch_size=32,
        rng=np.random.default_rng(0),
    )
    assert f.fit(series[:200]) is f
    context = series[None, 176:200]  # (1, 24, 1)
    pred = f.predict(context, 12)
    truth = series[None, 200:212]
    mse = float(np.mean((pred - truth) ** 2))
    last_value = float(np.mean((context[:, -1:] - truth) ** 2))
    assert mse < last_value / 5, (mse, last_value)
    assert f.scaler_mean_.shape == (1,) and np.isfinite(pred).all()
