"""The NumPy reference against torch.nn.RNN/LSTM/GRU in float64: outputs, states, every gradient."""

from __future__ import annotations

import ast
import pathlib
import subprocess
import sys

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from wavecast.errors import ValidationError
from wavecast.reference import GRU, LSTM, ElmanRNN, from_torch, to_torch

torch.set_num_threads(1)

TOL = 1e-10
KINDS = ["rnn_tanh", "rnn_relu", "lstm", "gru"]
REFERENCE_DIR = pathlib.Path(__file__).parents[1] / "src" / "wavecast" / "reference"


def make_module(kind, F, H, L, batch_first, bias, seed):
    torch.manual_seed(seed)
    common = dict(num_layers=L, batch_first=batch_first, bias=bias, dtype=torch.float64)
    if kind.startswith("rnn"):
        return torch.nn.RNN(F, H, nonlinearity=kind[4:], **common)
    return {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[kind](F, H, **common)


def run_both(module, x, h0, truncate=None):
    """Outputs, final states and gradients of L = sum(out G) + sum(state G_s), both ways.

    With truncate=k, torch runs in chunks of k steps and detaches the state between them.
    """
    lstm = isinstance(module, torch.nn.LSTM)
    ref = from_torch(module)
    rng = np.random.default_rng(123)
    out_r, state_r = ref.forward(x, h0)
    states_r = state_r if lstm else (state_r,)
    G = rng.standard_normal(out_r.shape)
    G_s = tuple(rng.standard_normal(s.shape) for s in states_r)
    dx_r, dh0_r = ref.backward(G, G_s if lstm else G_s[0], truncate=truncate)

    x_t = torch.tensor(x, requires_grad=True)
    h0_t = tuple(torch.tensor(p, requires_grad=True) for p in (h0 if lstm else (h0,)))
    T = x.shape[1] if module.batch_first else x.shape[0]
    k = truncate or T
    state = h0_t if lstm else h0_t[0]
    outs = []
    for start in range(0, T, k):
        if start > 0:  # detach between chunks: truncated BPTT as PyTorch users write it
            state = tuple(s.detach() for s in state) if lstm else state.detach()
        chunk = x_t[:, start : start + k] if module.batch_first else x_t[start : start + k]
        out, state = module(chunk, state)
        outs.append(out)
    out_t = torch.cat(outs, dim=1 if module.batch_first else 0)
    states_t = state if lstm else (state,)
    loss = (out_t * torch.from_numpy(G)).sum()
    for s, g in zip(states_t, G_s, strict=True):
        loss = loss + (s * torch.from_numpy(g)).sum()
    loss.backward()

    diffs = {
        "out": np.abs(out_t.detach().numpy() - out_r).max(),
        "dx": np.abs(x_t.grad.numpy() - dx_r).max(),
    }
    for i, (s, r) in enumerate(zip(states_t, states_r, strict=True)):
        diffs[f"state{i}"] = np.abs(s.detach().numpy() - r).max()
    for i, (p, r) in enumerate(zip(h0_t, dh0_r if lstm else (dh0_r,), strict=True)):
        diffs[f"dh0_{i}"] = np.abs(p.grad.numpy() - r).max()
    grads = ref.named_grads()
    torch_params = dict(module.named_parameters())
    assert len(grads) == len(torch_params)
    for name, g in grads.items():
        torch_name = name.replace("W_", "weight_").replace("b_", "bias_")
        diffs[name] = np.abs(torch_params[torch_name].grad.numpy() - g).max()
    return diffs


shapes = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(KINDS),
        "B": st.integers(1, 4),
        "T": st.integers(1, 12),
        "F": st.integers(1, 3),
        "H": st.integers(1, 8),
        "L": st.integers(1, 3),
        "batch_first": st.booleans(),
        "bias": st.booleans(),
        "random_h0": st.booleans(),
        "seed": st.integers(0, 2**16),
    }
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(s=shapes)
def test_matches_torch_in_float64(s):
    module = make_module(s["kind"], s["F"], s["H"], s["L"], s["batch_first"], s["bias"], s["seed"])
    rng = np.random.default_rng(s["seed"])
    x_shape = (s["B"], s["T"], s["F"]) if s["batch_first"] else (s["T"], s["B"], s["F"])
    x = rng.standard_normal(x_shape)
    h_shape = (s["L"], s["B"], s["H"])
    h = rng.standard_normal(h_shape) if s["random_h0"] else np.zeros(h_shape)
    h0 = (h, rng.standard_normal(h_shape)) if s["kind"] == "lstm" else h
    diffs = run_both(module, x, h0)
    worst = max(diffs, key=diffs.get)
    assert diffs[worst] <= TOL, (worst, diffs[worst])


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("k", [1, 3, 5])
def test_truncated_bptt_matches_detached_torch(kind, k):
    module = make_module(kind, 2, 4, 2, True, True, seed=k)
    rng = np.random.default_rng(k)
    x = rng.standard_normal((3, 10, 2))
    h = rng.standard_normal((2, 3, 4))
    h0 = (h, h**2) if kind == "lstm" else h
    diffs = run_both(module, x, h0, truncate=k)
    assert max(diffs.values()) <= TOL, diffs


def test_truncation_changes_the_gradient():
    """The truncated gradient must differ from the full one, else the test above proves nothing."""
    model = ElmanRNN(1, 3, rng=np.random.default_rng(0))
    x = np.random.default_rng(1).standard_normal((1, 6, 1))
    out, _ = model.forward(x)
    full = model.backward(np.ones_like(out))[0]
    model.forward(x)
    cut = model.backward(np.ones_like(out), truncate=2)[0]
    assert np.abs(full - cut).max() > 1e-3
    assert np.allclose(full[:, -1], cut[:, -1])  # the last step has nothing after it to cut


@pytest.mark.parametrize("cls", [ElmanRNN, LSTM, GRU])
@pytest.mark.parametrize("batch_first", [True, False])
def test_to_torch_round_trip(cls, batch_first):
    model = cls(2, 3, 2, bias=batch_first, batch_first=batch_first, rng=np.random.default_rng(4))
    module = to_torch(model)
    assert module.batch_first == batch_first and module.num_layers == 2
    x = np.random.default_rng(5).standard_normal((4, 3, 2))
    out_r, _ = model.forward(x)
    out_t, _ = module(torch.from_numpy(x))
    assert np.abs(out_t.detach().numpy() - out_r).max() <= TOL
    back = from_torch(module)
    for name, p in model.named_parameters().items():
        np.testing.assert_array_equal(back.named_parameters()[name], p)
    assert type(model.to_torch()) is type(module)


def test_relu_nonlinearity_survives_the_round_trip():
    module = torch.nn.RNN(2, 3, nonlinearity="relu", dtype=torch.float64)
    ref = from_torch(module)
    assert ref.nonlinearity == "relu"
    assert to_torch(ref).nonlinearity == "relu"


def test_wrong_shapes_raise_validation_errors():
    model = LSTM(3, 4, 2)
    with pytest.raises(ValidationError, match="input_size = 3"):
        model.forward(np.zeros((2, 5, 4)))
    with pytest.raises(ValidationError, match="pair"):
        model.forward(np.zeros((2, 5, 3)), np.zeros((2, 2, 4)))
    with pytest.raises(ValidationError, match=r"\(2, 2, 4\)"):
        model.forward(np.zeros((2, 5, 3)), (np.zeros((1, 2, 4)), np.zeros((1, 2, 4))))
    with pytest.raises(ValidationError, match="bidirectional"):
        from_torch(torch.nn.GRU(2, 3, bidirectional=True))


def test_reference_modules_import_torch_only_inside_functions():
    for path in REFERENCE_DIR.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in tree.body:  # module level only; function bodies may import lazily
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n.split(".")[0] == "torch" for n in names), path.name


def test_import_works_with_torch_blocked():
    """Import wavecast.reference (bypassing wavecast/__init__) where torch cannot be imported."""
    code = (
        "import sys, types\n"
        "sys.modules['torch'] = None\n"  # any 'import torch' now raises ImportError
        f"pkg = types.ModuleType('wavecast'); pkg.__path__ = [{str(REFERENCE_DIR.parent)!r}]\n"
        "sys.modules['wavecast'] = pkg\n"
        "import numpy as np, wavecast.reference as r\n"
        "m = r.GRU(1, 2); out, h = m.forward(np.ones((1, 3, 1))); m.backward(out)\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "ok", result.stderr


def test_importing_the_package_does_not_import_torch():
    code = "import sys, wavecast.reference\nprint('torch' in sys.modules)\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr
