"""compare(module, x): check a PyTorch recurrent module, yours or torch's, against the reference.

Both run on the same input with the same weights in float64; both backpropagate the same scalar
loss. The result says, per time step and per parameter, how far apart they are. torch is
imported only inside compare().
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

import numpy as np

from ..errors import ValidationError
from .convert import from_torch, torch_name


@dataclass
class Comparison:
    """Max abs differences between a module and the reference, and a verdict.

    Attributes
    ----------
    output : (T,) max abs difference of the outputs at each time step.
    input_grad : (T,) max abs difference of dL/dx at each time step.
    state : {"h_n": ..., "c_n": ...} max abs difference of the final states.
    init_state_grad : {"h0": ..., "c0": ...} of dL/dh0 (and dL/dc0).
    param_grad : {"weight_ih_l0": ..., ...} of dL/dparameter, PyTorch's names.
    tol : the tolerance the verdict uses.
    """

    output: np.ndarray
    input_grad: np.ndarray
    state: dict[str, float]
    init_state_grad: dict[str, float]
    param_grad: dict[str, float]
    tol: float
    verdict: str = field(init=False)

    def __post_init__(self) -> None:
        self.verdict = self._verdict()

    @property
    def max_diff(self) -> float:
        """The largest difference anywhere."""
        values = [
            *self.output,
            *self.input_grad,
            *self.state.values(),
            *self.init_state_grad.values(),
            *self.param_grad.values(),
        ]
        return float(max(values))

    @property
    def ok(self) -> bool:
        return self.max_diff <= self.tol

    def _verdict(self) -> str:
        if self.ok:
            n = len(self.param_grad) + len(self.init_state_grad) + 1
            return (
                f"OK: outputs, final states and {n} gradients match the reference to "
                f"{self.max_diff:.1e} (tolerance {self.tol:.0e})"
            )
        problems = []
        bad_steps = np.flatnonzero(self.output > self.tol)
        if bad_steps.size:
            problems.append(
                f"outputs differ from time step {bad_steps[0]} on (max {self.output.max():.2g})"
            )
        problems += [f"{k} differs ({v:.2g})" for k, v in self.state.items() if v > self.tol]
        bad = [k for k, v in {**self.param_grad, **self.init_state_grad}.items() if v > self.tol]
        if self.input_grad.max() > self.tol:
            bad.append("input")
        if bad:
            problems.append("gradients differ for " + ", ".join(bad))
        return f"MISMATCH (tolerance {self.tol:.0e}): " + "; ".join(problems)

    def __str__(self) -> str:
        lines = [self.verdict, "  step  output     d/dinput"]
        lines += [
            f"  {t:4d}  {o:.2e}   {g:.2e}"
            for t, (o, g) in enumerate(zip(self.output, self.input_grad, strict=True))
        ]
        for name, v in {**self.state, **self.init_state_grad, **self.param_grad}.items():
            label = f"d/d{name}" if name not in self.state else name
            lines.append(f"  {label:18s} {v:.2e}")
        return "\n".join(lines)


def _max_abs(a, b) -> float:
    return float(np.max(np.abs(np.asarray(a) - np.asarray(b)), initial=0.0))


def _initial_state(ref, h0, B: int, lstm: bool) -> list[np.ndarray]:
    """h0 (None, an array, or an LSTM's pair) as float64 arrays, one a state."""
    if h0 is None:
        h0 = ref.zero_state(B)
    parts = h0 if lstm else (h0,)
    if lstm and not (isinstance(h0, tuple | list) and len(h0) == 2):
        raise ValidationError("an LSTM's h0 must be a pair (h0, c0)")
    return [
        np.asarray(p.detach().cpu().numpy() if hasattr(p, "detach") else p, dtype=np.float64)
        for p in parts
    ]


def _state_and_grad_diffs(module, ref, states_t, states_r, h0_t, dh0_r) -> tuple[dict, dict, dict]:
    """Max abs differences of the final states, the initial states' and the parameters' grads."""
    names = ("h_n", "c_n")
    state = {
        names[i]: _max_abs(s.detach().numpy(), r)
        for i, (s, r) in enumerate(zip(states_t, states_r, strict=True))
    }
    init = {}
    for i, (p, r) in enumerate(zip(h0_t, dh0_r, strict=True)):
        init[("h0", "c0")[i]] = _max_abs(p.grad.numpy() if p.grad is not None else 0 * r, r)
    torch_params = dict(module.named_parameters())
    param = {}
    for name, g in ref.named_grads().items():
        p = torch_params[torch_name(name)]
        param[torch_name(name)] = _max_abs(
            p.grad.numpy() if p.grad is not None else np.zeros_like(g), g
        )
    return state, init, param


def compare(
    module, x, h0=None, *, kind: str | None = None, tol: float = 1e-8, seed: int = 0
) -> Comparison:
    """Run a recurrent module and the reference on the same input; return their differences.

    Parameters
    ----------
    module : torch.nn.RNN, nn.LSTM, nn.GRU, or your own nn.Module with PyTorch's parameter
        names (weight_ih_l0, ...) and call signature module(x, h0) -> (out, h_n), or
        (out, (h_n, c_n)) for an LSTM. It is not changed: a float64 copy in eval mode is used.
    x : input as the module takes it: (B, T, F) if module.batch_first else (T, B, F).
        A NumPy array or a tensor.
    h0 : None (zeros), an array (num_layers, B, H), or a pair (h0, c0) for an LSTM.
    kind : 'rnn', 'lstm' or 'gru' if it cannot be read from the module (see from_torch).
    tol : largest max abs difference that still counts as a match. Float64 agreement of a
        correct module is typically ~1e-15.
    seed : fixes the random weights of the loss.

    Returns
    -------
    Comparison, with a one-line ``verdict``; print it for a table per step and parameter.

    The scalar loss is L = sum(out * G) + sum(h_n * G_h) (+ sum(c_n * G_c)) with fixed random
    G's, so every output and state has its own weight and no error can cancel out.
    """
    import torch

    module = copy.deepcopy(module).double().eval()
    ref = from_torch(module, kind=kind)
    x_np = np.asarray(x.detach().cpu().numpy() if hasattr(x, "detach") else x, dtype=np.float64)
    if x_np.ndim != 3:
        raise ValidationError(f"x must be 3-D, (B, T, F) or (T, B, F); got shape {x_np.shape}")
    B = x_np.shape[0] if ref.batch_first else x_np.shape[1]
    lstm = ref.n_states == 2
    h0_np = _initial_state(ref, h0, B, lstm)

    # the reference
    out_r, state_r = ref.forward(x_np, tuple(h0_np) if lstm else h0_np[0])
    states_r = state_r if lstm else (state_r,)
    rng = np.random.default_rng(seed)
    G_out = rng.standard_normal(out_r.shape)
    G_states = [rng.standard_normal(s.shape) for s in states_r]
    dx_r, dh0_r = ref.backward(G_out, tuple(G_states) if lstm else G_states[0])
    dh0_r = dh0_r if lstm else (dh0_r,)

    # the module
    x_t = torch.tensor(x_np, requires_grad=True)
    h0_t = [torch.tensor(p, requires_grad=True) for p in h0_np]
    out_t, state_t = module(x_t, tuple(h0_t) if lstm else h0_t[0])
    states_t = state_t if lstm else (state_t,)
    if tuple(out_t.shape) != out_r.shape:
        raise ValidationError(
            f"the module's output has shape {tuple(out_t.shape)}; the reference's has {out_r.shape}"
        )
    loss = (out_t * torch.from_numpy(G_out)).sum()
    for s, G in zip(states_t, G_states, strict=True):
        loss = loss + (s * torch.from_numpy(G)).sum()
    module.zero_grad()
    loss.backward()

    step_axis = 1 if ref.batch_first else 0
    other = tuple(a for a in (0, 1, 2) if a != step_axis)
    out_diff = np.abs(out_t.detach().numpy() - out_r).max(axis=other)  # (T,)
    dx_t = x_t.grad.numpy() if x_t.grad is not None else np.zeros_like(x_np)
    dx_diff = np.abs(dx_t - dx_r).max(axis=other)  # (T,)
    state, init, param = _state_and_grad_diffs(module, ref, states_t, states_r, h0_t, dh0_r)
    return Comparison(out_diff, dx_diff, state, init, param, tol)
