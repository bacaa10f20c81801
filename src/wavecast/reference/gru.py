"""The GRU: one cell forward and backward, and the layered sequence model.

Gates are stacked in PyTorch's order r, z, n, and the candidate uses PyTorch's form, with the
reset gate applied after W_hn (some papers apply it before; the two are different models).
"""

from __future__ import annotations

import numpy as np

from .sequence import RecurrentLayers, sigmoid

Array = np.ndarray


def gru_cell_forward(
    x: Array,
    h_prev: Array,
    W_ih: Array,
    W_hh: Array,
    b_ih: Array | None,
    b_hh: Array | None,
) -> tuple[Array, tuple]:
    """One GRU step, as in torch.nn.GRUCell::

        [gi_r, gi_z, gi_n] = x W_ih^T + b_ih          (each (B, H))
        [gh_r, gh_z, gh_n] = h_prev W_hh^T + b_hh
        r = sigmoid(gi_r + gh_r)     reset gate
        z = sigmoid(gi_z + gh_z)     update gate
        n = tanh(gi_n + r * gh_n)    candidate: r multiplies (W_hn h_prev + b_hn)
        h = (1 - z) * n + z * h_prev

    Parameters
    ----------
    x : (B, F); h_prev : (B, H).
    W_ih : (3H, F), W_hh : (3H, H), b_ih, b_hh : (3H,) or None; rows stacked r, z, n.

    Returns
    -------
    h : (B, H); cache : what gru_cell_backward needs.
    """
    gi = x @ W_ih.T  # (B, 3H)
    gh = h_prev @ W_hh.T  # (B, 3H)
    if b_ih is not None:
        gi = gi + b_ih
        gh = gh + b_hh
    gi_r, gi_z, gi_n = np.split(gi, 3, axis=1)
    gh_r, gh_z, gh_n = np.split(gh, 3, axis=1)
    r = sigmoid(gi_r + gh_r)
    z = sigmoid(gi_z + gh_z)
    n = np.tanh(gi_n + r * gh_n)
    h = (1.0 - z) * n + z * h_prev
    return h, (x, h_prev, W_ih, W_hh, r, z, n, gh_n, b_ih is not None)


def gru_cell_backward(dh: Array, cache: tuple) -> tuple[Array, Array, dict[str, Array | None]]:
    """Backward of one GRU step.

    Parameters
    ----------
    dh : (B, H) dL/dh (from the output and from the next step, dh_next).

    Returns
    -------
    dx : (B, F), dh_prev : (B, H), grads : dW_ih, dW_hh, db_ih, db_hh.
    """
    x, h_prev, W_ih, W_hh, r, z, n, gh_n, has_bias = cache
    # h = (1 - z) * n + z * h_prev
    dn = dh * (1.0 - z)
    dz = dh * (h_prev - n)
    dh_prev = dh * z
    # n = tanh(gi_n + r * gh_n)
    da_n = dn * (1.0 - n * n)
    dr = da_n * gh_n
    # r = sigmoid(.), z = sigmoid(.)
    da_r = dr * r * (1.0 - r)
    da_z = dz * z * (1.0 - z)
    # gi = x W_ih^T + b_ih gets the pre-activations as they are; gh_n is scaled by r
    dgi = np.concatenate([da_r, da_z, da_n], axis=1)  # (B, 3H), stacked r, z, n
    dgh = np.concatenate([da_r, da_z, da_n * r], axis=1)  # (B, 3H)
    grads = {
        "W_ih": dgi.T @ x,
        "W_hh": dgh.T @ h_prev,
        "b_ih": dgi.sum(axis=0) if has_bias else None,
        "b_hh": dgh.sum(axis=0) if has_bias else None,
    }
    dx = dgi @ W_ih
    dh_prev = dh_prev + dgh @ W_hh  # the direct path through z * h_prev plus the gates' paths
    return dx, dh_prev, grads


class GRU(RecurrentLayers):
    """A stack of GRU layers, the NumPy twin of torch.nn.GRU (no dropout).

    Each layer runs gru_cell_forward over time. See RecurrentLayers for the methods.
    """

    kind = "gru"
    n_gates = 3
    n_states = 1

    def _cell_forward(self, x, state, p):
        h, cache = gru_cell_forward(x, state[0], p["W_ih"], p["W_hh"], p["b_ih"], p["b_hh"])
        return (h,), cache

    def _cell_backward(self, dstate, cache):
        dx, dh_prev, grads = gru_cell_backward(dstate[0], cache)
        return dx, (dh_prev,), grads
