"""compare(): a user's own module checked against the reference, right and wrong."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from wavecast.errors import ValidationError
from wavecast.reference import Comparison, compare, from_torch

torch.set_num_threads(1)


class HandGRU(nn.Module):
    """A hand-written one-layer GRU with PyTorch's parameter names, as a learner would write."""

    def __init__(self, input_size, hidden_size, reset_after=True):
        super().__init__()
        self.hidden_size = hidden_size
        self.batch_first = True
        self.reset_after = reset_after  # False: the "reset before W_hn" variant from papers
        ref = nn.GRU(input_size, hidden_size, batch_first=True)
        for name, p in ref.named_parameters():
            self.register_parameter(name, nn.Parameter(p.detach().clone()))

    def forward(self, x, h=None):
        B, T, _ = x.shape
        h = x.new_zeros(B, self.hidden_size) if h is None else h[0]
        W_ir, W_iz, W_in = self.weight_ih_l0.chunk(3)
        W_hr, W_hz, W_hn = self.weight_hh_l0.chunk(3)
        b_ir, b_iz, b_in = self.bias_ih_l0.chunk(3)
        b_hr, b_hz, b_hn = self.bias_hh_l0.chunk(3)
        outs = []
        for t in range(T):
            xt = x[:, t]
            r = torch.sigmoid(xt @ W_ir.T + b_ir + h @ W_hr.T + b_hr)
            z = torch.sigmoid(xt @ W_iz.T + b_iz + h @ W_hz.T + b_hz)
            if self.reset_after:
                n = torch.tanh(xt @ W_in.T + b_in + r * (h @ W_hn.T + b_hn))
            else:
                n = torch.tanh(xt @ W_in.T + b_in + (r * h) @ W_hn.T + b_hn)
            h = (1 - z) * n + z * h
            outs.append(h)
        return torch.stack(outs, dim=1), h.unsqueeze(0)


@pytest.mark.parametrize("cls", [nn.RNN, nn.LSTM, nn.GRU])
@pytest.mark.parametrize("batch_first", [True, False])
def test_torch_modules_match(cls, batch_first):
    torch.manual_seed(0)
    module = cls(2, 4, num_layers=2, batch_first=batch_first)  # float32: compare uses a copy
    x = np.random.default_rng(0).standard_normal((3, 5, 2))
    result = compare(module, x)
    assert isinstance(result, Comparison)
    assert result.ok and result.verdict.startswith("OK"), result.verdict
    T = x.shape[1] if batch_first else x.shape[0]
    assert result.output.shape == (T,) and result.input_grad.shape == (T,)
    assert result.max_diff <= 1e-10
    assert len(result.param_grad) == 8
    assert module.weight_ih_l0.dtype == torch.float32  # the user's module is left as it was
    assert module.weight_ih_l0.grad is None


def test_lstm_with_initial_states():
    torch.manual_seed(1)
    module = nn.LSTM(1, 3, batch_first=True)
    rng = np.random.default_rng(1)
    h0 = (rng.standard_normal((1, 2, 3)), rng.standard_normal((1, 2, 3)))
    result = compare(module, rng.standard_normal((2, 4, 1)), h0)
    assert result.ok
    assert set(result.state) == {"h_n", "c_n"} and set(result.init_state_grad) == {"h0", "c0"}


def test_a_correct_hand_written_gru_matches():
    torch.manual_seed(2)
    result = compare(HandGRU(2, 3), np.random.default_rng(2).standard_normal((2, 6, 2)))
    assert result.ok, result.verdict
    assert result.max_diff <= 1e-10


def test_the_reset_before_variant_is_caught():
    torch.manual_seed(2)
    x = np.random.default_rng(2).standard_normal((2, 6, 2))
    result = compare(HandGRU(2, 3, reset_after=False), x, kind="gru")
    assert not result.ok
    assert result.verdict.startswith("MISMATCH")
    # even with h0 = 0 they differ at step 0: r * b_hn against b_hn
    assert result.output[0] > 1e-6
    assert "from time step 0" in result.verdict
    assert result.param_grad["weight_hh_l0"] > 1e-6
    table = str(result)
    assert table.splitlines()[0] == result.verdict and "d/dweight_hh_l0" in table


def test_from_torch_reads_a_hand_written_module_by_its_parameter_names():
    ref = from_torch(HandGRU(2, 3))
    assert ref.kind == "gru" and ref.hidden_size == 3 and ref.batch_first


def test_bad_inputs_are_named():
    with pytest.raises(ValidationError, match="3-D"):
        compare(nn.RNN(2, 3), np.zeros((5, 2)))
    with pytest.raises(ValidationError, match="pair"):
        compare(nn.LSTM(2, 3), np.zeros((5, 1, 2)), np.zeros((1, 1, 3)))
    with pytest.raises(ValidationError, match="weight_ih_l0"):
        compare(nn.Linear(2, 3), np.zeros((5, 1, 2)))
