"""Hand training: the NumPy optimizers and loops against torch, and the Elman RNN learning a sine."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from wavecast.errors import ValidationError
from wavecast.reference import (
    SGD,
    Adam,
    ElmanRNN,
    Head,
    from_torch,
    one_step_mse,
    train_online,
    train_windows,
    tutorial_sine,
    windows,
)

torch.set_num_threads(1)


@pytest.mark.parametrize("kind", ["sgd", "momentum", "adam"])
def test_optimizers_follow_torch_step_for_step(kind):
    rng = np.random.default_rng(0)
    p0 = rng.standard_normal((3, 2))
    target = rng.standard_normal((3, 2))
    p = p0.copy()
    pt = torch.tensor(p0, requires_grad=True)
    if kind == "adam":
        opt, opt_t = Adam({"p": p}, lr=0.05), torch.optim.Adam([pt], lr=0.05)
    else:
        m = 0.9 if kind == "momentum" else 0.0
        opt, opt_t = SGD({"p": p}, lr=0.05, momentum=m), torch.optim.SGD([pt], lr=0.05, momentum=m)
    for _ in range(20):
        opt.step({"p": 4 * (p - target) ** 3})  # gradient of sum((p - target)^4)
        opt_t.zero_grad()
        ((pt - torch.from_numpy(target)) ** 4).sum().backward()
        opt_t.step()
    assert np.abs(p - p0).max() > 0.1  # it moved
    assert np.abs(p - pt.detach().numpy()).max() <= 1e-12


def torch_twin(rnn, head):
    module = rnn.to_torch()
    linear = nn.Linear(head.input_size, head.output_size, bias=False, dtype=torch.float64)
    with torch.no_grad():
        linear.weight.copy_(torch.from_numpy(head.layers[0]["W"]))
    return module, linear


def test_online_training_is_the_tutorial_loop_in_torch():
    """train_online == the hand-written torch loop: per point, state carried and detached."""
    s = tutorial_sine()
    rng = np.random.default_rng(3)
    rnn, head = ElmanRNN(1, 6, bias=False, rng=rng), Head([6, 1], bias=False, rng=rng)
    module, linear = torch_twin(rnn, head)
    losses = train_online(rnn, head, s, epochs=3, lr=0.1)

    opt = torch.optim.SGD([*module.parameters(), *linear.parameters()], lr=0.1)
    st = torch.from_numpy(s)
    for _ in range(3):
        h = torch.zeros(1, 1, 6, dtype=torch.float64)
        for t in range(len(s) - 1):
            out, h = module(st[None, t : t + 1], h.detach())  # detached: one step of backprop
            loss = 0.5 * ((linear(out) - st[None, t + 1 : t + 2]) ** 2).sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
    trained = from_torch(module)
    assert len(losses) == 3
    for name, p in rnn.named_parameters().items():
        assert np.abs(trained.named_parameters()[name] - p).max() <= 1e-10, name
    assert np.abs(linear.weight.detach().numpy() - head.layers[0]["W"]).max() <= 1e-10


@pytest.mark.parametrize("truncate", [None, 3])
def test_window_training_matches_torch_adam(truncate):
    s = tutorial_sine()
    rng = np.random.default_rng(4)
    rnn, head = ElmanRNN(1, 4, rng=rng), Head([4, 1], bias=False, rng=rng)
    module, linear = torch_twin(rnn, head)
    module.batch_first = True
    train_windows(rnn, head, s, input_len=6, epochs=4, lr=0.01, truncate=truncate)

    inputs, targets = (torch.from_numpy(a) for a in windows(s, 6))  # full batch: order is moot
    opt = torch.optim.Adam([*module.parameters(), *linear.parameters()], lr=0.01)
    k = truncate or 6
    for _ in range(4):
        h, outs = None, []
        for start in range(0, 6, k):
            out, h = module(inputs[:, start : start + k], None if h is None else h.detach())
            outs.append(out)
        loss = ((linear(torch.cat(outs, 1)) - targets) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
    trained = from_torch(module)
    for name, p in rnn.named_parameters().items():
        assert np.abs(trained.named_parameters()[name] - p).max() <= 1e-10, name


def test_windows_shift_targets_by_one():
    s = np.arange(10.0)[:, None]
    inputs, targets = windows(s, 4)
    assert inputs.shape == targets.shape == (6, 4, 1)
    np.testing.assert_array_equal(targets[:, :, 0], inputs[:, :, 0] + 1)
    with pytest.raises(ValidationError):
        windows(s, 10)


LAST_VALUE_MSE = float(np.mean(np.diff(tutorial_sine(), axis=0) ** 2))  # 0.087


@pytest.mark.slow
def test_elman_learns_the_sine_one_point_at_a_time():
    """The tutorial: 1 input + 6 context units, no biases, SGD lr 0.1, 300 epochs, detached."""
    s = tutorial_sine()
    rng = np.random.default_rng(0)
    rnn, head = ElmanRNN(1, 6, bias=False, rng=rng), Head([6, 1], bias=False, rng=rng)
    losses = train_online(rnn, head, s, epochs=300, lr=0.1)
    assert losses[-1] < 0.02 < losses[0]  # measured: 0.412 -> 0.0070
    assert one_step_mse(rnn, head, s) < LAST_VALUE_MSE / 4  # measured: 0.0097 vs 0.087


@pytest.mark.slow
def test_elman_learns_the_sine_by_full_bptt_over_windows():
    """Windows of 10, all 11 in one batch, full BPTT, Adam lr 0.01, 1000 epochs."""
    s = tutorial_sine()
    rng = np.random.default_rng(0)
    rnn, head = ElmanRNN(1, 6, bias=False, rng=rng), Head([6, 1], bias=False, rng=rng)
    losses = train_windows(rnn, head, s, input_len=10, epochs=1000, lr=0.01)
    assert losses[-1] < 0.02 < losses[0]  # measured: 0.632 -> 0.011
    assert one_step_mse(rnn, head, s) < LAST_VALUE_MSE / 20  # measured: 0.0011 vs 0.087
