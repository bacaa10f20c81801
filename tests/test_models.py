import pytest
import torch

from wavecast.config import ModelConfig
from wavecast.errors import ConfigError
from wavecast.models.recurrent import RecurrentNet, build_model


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize("head_hidden", [(), (8,)])
def test_shapes_and_causality(cell, head_hidden):
    torch.manual_seed(0)
    net = RecurrentNet(cell, input_size=2, hidden_size=6, num_layers=2, head_hidden=head_hidden)
    x = torch.randn(3, 10, 2)
    y, _ = net(x)
    assert y.shape == (3, 10, 2)
    # Causality: changing the input at t = 6 leaves the outputs before t = 6 unchanged.
    x2 = x.clone()
    x2[:, 6:] += 5.0
    y2, _ = net(x2)
    torch.testing.assert_close(y[:, :6], y2[:, :6], rtol=0, atol=0)
    assert not torch.allclose(y[:, 6:], y2[:, 6:])


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_rollout_equals_feeding_back_by_hand(cell):
    torch.manual_seed(1)
    net = RecurrentNet(cell, input_size=1, hidden_size=5)
    ctx = torch.randn(2, 7, 1)
    out = net.rollout(ctx, 4)
    assert out.shape == (2, 4, 1)
    seq = ctx
    for h in range(4):
        # Re-running the whole growing sequence from a zero state is the same computation.
        y, _ = net(seq)
        torch.testing.assert_close(out[:, h], y[:, -1])
        seq = torch.cat([seq, y[:, -1:]], dim=1)


def test_build_model_from_config():
    net = build_model(ModelConfig(cell="gru", hidden_size=7, num_layers=2, dropout=0.1), input_size=3)
    assert isinstance(net.rnn, torch.nn.GRU) and net.rnn.hidden_size == 7 and net.output_size == 3
    with pytest.raises(ConfigError, match="unknown cell 'lstmm'"):
        RecurrentNet("lstmm")


@pytest.mark.parametrize("cell,nonlinearity", [("lstm", "tanh"), ("gru", "tanh"), ("rnn", "tanh"), ("rnn", "relu")])
@pytest.mark.parametrize("num_layers", [1, 2])
def test_step_equals_forward_on_one_sample(cell, nonlinearity, num_layers):
    # step() is the fast path of the rollouts (cell functions on the layer's weights); it
    # must give forward()'s numbers exactly, float64 rounding aside, state included.
    torch.manual_seed(2)
    net = RecurrentNet(cell, 2, 6, num_layers, nonlinearity=nonlinearity).double()
    x = torch.randn(3, 5, 2, dtype=torch.float64)
    _, state = net(x[:, :4])
    y_f, s_f = net(x[:, 4:], state)
    y_s, s_s = net.step(x[:, 4:], state)
    torch.testing.assert_close(y_s, y_f, rtol=0, atol=1e-12)
    for a, b in zip(s_s if cell == "lstm" else (s_s,), s_f if cell == "lstm" else (s_f,), strict=True):
        torch.testing.assert_close(a, b, rtol=0, atol=1e-12)


@pytest.mark.parametrize("cell,nonlinearity", [("lstm", "tanh"), ("rnn", "tanh"), ("rnn", "relu"), ("gru", "tanh")])
@pytest.mark.parametrize("num_layers,head_hidden", [(1, ()), (2, ()), (1, (4,))])
def test_free_run_equals_stepping_outputs_state_and_gradients(cell, nonlinearity, num_layers, head_hidden):
    # The folded recurrence (W_hh + W_ih W_o) must be the feedback loop itself: same
    # predictions, final state and parameter gradients, float64 rounding aside. Stacks,
    # GRUs and MLP heads take the loop; the test covers both paths.
    torch.manual_seed(3)
    net = RecurrentNet(cell, 2, 6, num_layers, head_hidden=head_hidden, nonlinearity=nonlinearity).double()
    assert net._foldable() == (cell != "gru" and num_layers == 1 and not head_hidden)
    y, state = net(torch.randn(3, 5, 2, dtype=torch.float64))
    first = y[:, -1:]
    fast, s_fast = net.free_run(first, state, 12)
    step, s_loop, outs = first, state, []
    for _ in range(12):
        step, s_loop = net.step(step, s_loop)
        outs.append(step)
    loop = torch.cat(outs, dim=1)
    assert fast.shape == (3, 12, 2)
    torch.testing.assert_close(fast, loop, rtol=0, atol=1e-12)
    for a, b in zip(s_fast if cell == "lstm" else (s_fast,), s_loop if cell == "lstm" else (s_loop,), strict=True):
        torch.testing.assert_close(a, b, rtol=0, atol=1e-12)
    params = list(net.parameters())
    g_fast = torch.autograd.grad((fast**2).sum(), params, retain_graph=True)
    g_loop = torch.autograd.grad((loop**2).sum(), params)
    for a, b in zip(g_fast, g_loop, strict=True):
        torch.testing.assert_close(a, b, rtol=1e-10, atol=1e-12)
    assert net.free_run(first, state, 0)[0].shape == (3, 0, 2)
