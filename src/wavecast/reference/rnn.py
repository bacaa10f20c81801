"""The Elman RNN (tanh or relu): one cell forward and backward, and the layered sequence model.

Gates and weights follow PyTorch's nn.RNN, so weights copy across unchanged.
"""

from __future__ import annotations

import numpy as np

from ..errors import ValidationError
from .sequence import RecurrentLayers

Array = np.ndarray


def rnn_cell_forward(
    x: Array,
    h_prev: Array,
    W_ih: Array,
    W_hh: Array,
    b_ih: Array | None,
    b_hh: Array | None,
    nonlinearity: str = "tanh",
) -> tuple[Array, tuple]:
    """One Elman step, as in torch.nn.RNNCell::

        a = x W_ih^T + b_ih + h_prev W_hh^T + b_hh
        h = tanh(a)        (or relu(a))

    Parameters
    ----------
    x : (B, F) input at this step.
    h_prev : (B, H) hidden state from the previous step.
    W_ih : (H, F), W_hh : (H, H), b_ih, b_hh : (H,) or None (bias=False).

    Returns
    -------
    h : (B, H) the new hidden state, which is also the output.
    cache : what rnn_cell_backward needs.
    """
    a = x @ W_ih.T + h_prev @ W_hh.T
    if b_ih is not None:
        a = a + b_ih + b_hh
    h = np.tanh(a) if nonlinearity == "tanh" else np.maximum(a, 0.0)
    return h, (x, h_prev, W_ih, W_hh, a, h, nonlinearity, b_ih is not None)


def rnn_cell_backward(dh: Array, cache: tuple) -> tuple[Array, Array, dict[str, Array | None]]:
    """Backward of one Elman step.

    Parameters
    ----------
    dh : (B, H) dL/dh, the loss gradient reaching this step's output (from the layer above or
        the loss) plus the one from the next step (dh_next).
    cache : from rnn_cell_forward.

    Returns
    -------
    dx : (B, F), dh_prev : (B, H), grads : dict with dW_ih, dW_hh, db_ih, db_hh (None if no bias).
    """
    x, h_prev, W_ih, W_hh, a, h, nonlinearity, has_bias = cache
    # step 2 backward: through the nonlinearity, h = tanh(a) -> da = dh * (1 - h^2)
    da = dh * (1.0 - h * h) if nonlinearity == "tanh" else dh * (a > 0)
    # step 1 backward: a = x W_ih^T + h_prev W_hh^T + b -> each term's gradient
    grads = {
        "W_ih": da.T @ x,  # (H, F): summed over the batch by the matmul
        "W_hh": da.T @ h_prev,  # (H, H)
        "b_ih": da.sum(axis=0) if has_bias else None,
        "b_hh": da.sum(axis=0) if has_bias else None,
    }
    dx = da @ W_ih  # (B, F)
    dh_prev = da @ W_hh  # (B, H)
    return dx, dh_prev, grads


class ElmanRNN(RecurrentLayers):
    """A stack of Elman RNN layers, the NumPy twin of torch.nn.RNN.

    Per layer l and step t (layer 0 reads x, layer l > 0 reads the output of layer l - 1)::

        h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)      (or relu)

    See RecurrentLayers for the constructor, forward and backward.
    """

    kind = "rnn"
    n_gates = 1
    n_states = 1

    def __init__(self, *args, nonlinearity: str = "tanh", **kwargs) -> None:
        if nonlinearity not in ("tanh", "relu"):
            raise ValidationError(f"nonlinearity must be 'tanh' or 'relu'; got {nonlinearity!r}")
        self.nonlinearity = nonlinearity
        super().__init__(*args, **kwargs)

    def _cell_forward(self, x, state, p):
        h, cache = rnn_cell_forward(
            x, state[0], p["W_ih"], p["W_hh"], p["b_ih"], p["b_hh"], self.nonlinearity
        )
        return (h,), cache

    def _cell_backward(self, dstate, cache):
        dx, dh_prev, grads = rnn_cell_backward(dstate[0], cache)
        return dx, (dh_prev,), grads
