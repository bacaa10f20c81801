"""The LSTM: one cell forward and backward, and the layered sequence model.

Gates are stacked in PyTorch's order i, f, g, o, so weights copy across unchanged.
"""

from __future__ import annotations

import numpy as np

from .sequence import RecurrentLayers, sigmoid

Array = np.ndarray


def lstm_cell_forward(
    x: Array,
    h_prev: Array,
    c_prev: Array,
    W_ih: Array,
    W_hh: Array,
    b_ih: Array | None,
    b_hh: Array | None,
) -> tuple[Array, Array, tuple]:
    """One LSTM step, as in torch.nn.LSTMCell::

        [a_i, a_f, a_g, a_o] = x W_ih^T + b_ih + h_prev W_hh^T + b_hh    (each (B, H))
        i = sigmoid(a_i)      input gate
        f = sigmoid(a_f)      forget gate
        g = tanh(a_g)         candidate cell
        o = sigmoid(a_o)      output gate
        c = f * c_prev + i * g
        h = o * tanh(c)

    Parameters
    ----------
    x : (B, F); h_prev, c_prev : (B, H).
    W_ih : (4H, F), W_hh : (4H, H), b_ih, b_hh : (4H,) or None; rows stacked i, f, g, o.

    Returns
    -------
    h, c : (B, H) each; cache : what lstm_cell_backward needs.
    """
    a = x @ W_ih.T + h_prev @ W_hh.T  # (B, 4H)
    if b_ih is not None:
        a = a + b_ih + b_hh
    a_i, a_f, a_g, a_o = np.split(a, 4, axis=1)
    i, f, g, o = sigmoid(a_i), sigmoid(a_f), np.tanh(a_g), sigmoid(a_o)
    c = f * c_prev + i * g
    tanh_c = np.tanh(c)
    h = o * tanh_c
    cache = (x, h_prev, c_prev, W_ih, W_hh, i, f, g, o, tanh_c, b_ih is not None)
    return h, c, cache


def lstm_cell_backward(
    dh: Array, dc: Array, cache: tuple
) -> tuple[Array, Array, Array, dict[str, Array | None]]:
    """Backward of one LSTM step.

    Parameters
    ----------
    dh : (B, H) dL/dh (from the output and from the next step, dh_next).
    dc : (B, H) dL/dc from the next step (dc_next).

    Returns
    -------
    dx : (B, F), dh_prev : (B, H), dc_prev : (B, H), grads : dW_ih, dW_hh, db_ih, db_hh.
    """
    x, h_prev, c_prev, W_ih, W_hh, i, f, g, o, tanh_c, has_bias = cache
    # h = o * tanh(c): to the output gate, and to c on top of the dc_next it already has
    do = dh * tanh_c
    dc = dc + dh * o * (1.0 - tanh_c * tanh_c)
    # c = f * c_prev + i * g
    df = dc * c_prev
    di = dc * g
    dg = dc * i
    dc_prev = dc * f
    # through the gate nonlinearities: sigmoid' = s (1 - s), tanh' = 1 - t^2
    da = np.concatenate(
        [di * i * (1.0 - i), df * f * (1.0 - f), dg * (1.0 - g * g), do * o * (1.0 - o)], axis=1
    )  # (B, 4H), stacked i, f, g, o like the weights
    # a = x W_ih^T + h_prev W_hh^T + b
    grads = {
        "W_ih": da.T @ x,
        "W_hh": da.T @ h_prev,
        "b_ih": da.sum(axis=0) if has_bias else None,
        "b_hh": da.sum(axis=0) if has_bias else None,
    }
    dx = da @ W_ih
    dh_prev = da @ W_hh
    return dx, dh_prev, dc_prev, grads


class LSTM(RecurrentLayers):
    """A stack of LSTM layers, the NumPy twin of torch.nn.LSTM (no projection, no dropout).

    Each layer runs lstm_cell_forward over time; the state is the pair (h, c), and forward
    returns ``out, (h_n, c_n)`` as PyTorch does. See RecurrentLayers for the methods.
    """

    kind = "lstm"
    n_gates = 4
    n_states = 2

    def _cell_forward(self, x, state, p):
        h, c, cache = lstm_cell_forward(
            x, state[0], state[1], p["W_ih"], p["W_hh"], p["b_ih"], p["b_hh"]
        )
        return (h, c), cache

    def _cell_backward(self, dstate, cache):
        dx, dh_prev, dc_prev, grads = lstm_cell_backward(dstate[0], dstate[1], cache)
        return dx, (dh_prev, dc_prev), grads
