"""Finite-difference gradient checks: the check that needs no other implementation to trust.

Central differences, (L(p + eps) - L(p - eps)) / (2 eps), have an error of order eps^2, so in
float64 with eps = 1e-6 they agree with a correct analytic gradient to about 1e-9 relative.
Truncated BPTT is not the gradient of any one loss, so it is checked against PyTorch with a
detached state instead (tests/test_reference_torch_parity.py).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .sequence import RecurrentLayers

Array = np.ndarray


def numerical_grad(f: Callable[[], float], a: Array, eps: float = 1e-6) -> Array:
    """dL/da by central differences, changing `a` in place and restoring it.

    Parameters
    ----------
    f : computes the scalar loss from the current contents of `a` (and anything else).
    a : the float64 array to differentiate with respect to; any shape.
    """
    grad = np.zeros_like(a)
    for i in np.ndindex(a.shape):
        old = a[i]
        a[i] = old + eps
        plus = f()
        a[i] = old - eps
        minus = f()
        a[i] = old  # restore exactly, so the next entry sees the original point
        grad[i] = (plus - minus) / (2 * eps)
    return grad


def relative_error(analytic: Array, numeric: Array, floor: float = 1e-8) -> float:
    """max |analytic - numeric| / max(max |analytic|, max |numeric|, floor).

    Scaled by the largest entry rather than entry by entry, so an entry that is ~0 in both
    does not turn rounding noise into a large "relative" error.
    """
    scale = max(np.max(np.abs(analytic)), np.max(np.abs(numeric)), floor)
    return float(np.max(np.abs(analytic - numeric)) / scale)


def gradcheck(
    model: RecurrentLayers, x: Array, h0=None, *, eps: float = 1e-6, seed: int = 0
) -> dict[str, float]:
    """Relative error of every analytic gradient of `model` against finite differences.

    The loss is L = sum(out * G) + sum(h_n * G_h) (+ sum(c_n * G_c)) with fixed random G's.

    Parameters
    ----------
    model : ElmanRNN, LSTM or GRU.
    x : (B, T, F) (or (T, B, F) if not batch_first), float64.
    h0 : None for zeros, else the initial state as forward takes it.

    Returns
    -------
    {"W_ih_l0": err, ..., "x": err, "h0": err (, "c0": err)}.
    """
    x = np.array(x, dtype=np.float64)
    lstm = model.n_states == 2
    h0 = model.zero_state(x.shape[0] if model.batch_first else x.shape[1]) if h0 is None else h0
    h0 = tuple(np.array(p, dtype=np.float64) for p in (h0 if lstm else (h0,)))
    out, state = model.forward(x, h0 if lstm else h0[0])
    rng = np.random.default_rng(seed)
    G_out = rng.standard_normal(out.shape)
    G_states = [rng.standard_normal(s.shape) for s in (state if lstm else (state,))]

    def loss() -> float:
        o, s = model.forward(x, h0 if lstm else h0[0])
        total = float(np.sum(o * G_out))
        for part, G in zip(s if lstm else (s,), G_states, strict=True):
            total += float(np.sum(part * G))
        return total

    # analytic, from one forward and one backward
    model.forward(x, h0 if lstm else h0[0])
    dx, dh0 = model.backward(G_out, tuple(G_states) if lstm else G_states[0])
    analytic = {name: g.copy() for name, g in model.named_grads().items()}
    errors = {}
    for name, p in model.named_parameters().items():
        errors[name] = relative_error(analytic[name], numerical_grad(loss, p, eps))
    errors["x"] = relative_error(dx, numerical_grad(loss, x, eps))
    for name, part, d in zip(("h0", "c0")[: len(h0)], h0, dh0 if lstm else (dh0,), strict=True):
        errors[name] = relative_error(d, numerical_grad(loss, part, eps))
    return errors
