"""Training the reference models by hand: online (one point at a time) and over windows.

Both predict the next value of a series from the values so far: a recurrent model, then a head
applied to each hidden state. In NumPy "detaching" the state needs no call: the state is just
an array, and a backward that stops at the first step of its own forward sends nothing into
the steps before it.
"""

from __future__ import annotations

import numpy as np

from ..errors import ValidationError
from .head import Head
from .optim import SGD, Adam
from .sequence import RecurrentLayers

Array = np.ndarray


def tutorial_sine(n_points: int = 21, start: float = 2.0, stop: float = 10.0) -> Array:
    """sin(t) at n_points evenly spaced t in [start, stop], as (n_points, 1).

    The hand-written Elman tutorial uses 21 samples on [2, 10]: 20 (input, next value) pairs.
    """
    return np.sin(np.linspace(start, stop, n_points))[:, None]


def _series(series: Array, rnn: RecurrentLayers, head: Head) -> Array:
    s = np.asarray(series, dtype=np.float64)
    s = s[:, None] if s.ndim == 1 else s
    if s.ndim != 2 or s.shape[1] != rnn.input_size or s.shape[0] < 2:
        raise ValidationError(
            f"series must be (N,) or (N, F) with N >= 2 and F = input_size = {rnn.input_size}; "
            f"got shape {np.shape(series)}"
        )
    if head.output_size != s.shape[1] or head.input_size != rnn.hidden_size:
        raise ValidationError("the head must map hidden_size -> the series' F features")
    return s


def _params(rnn: RecurrentLayers, head: Head) -> dict[str, Array]:
    return {**rnn.named_parameters(), **head.named_parameters()}


def _grads(rnn: RecurrentLayers, head: Head) -> dict[str, Array]:
    return {**rnn.named_grads(), **head.named_grads()}


def train_online(
    rnn: RecurrentLayers,
    head: Head,
    series: Array,
    *,
    epochs: int = 300,
    optimizer: SGD | Adam | None = None,
    lr: float = 0.1,
) -> list[float]:
    """One point at a time, hidden state carried and detached between points.

    Each epoch starts from a zero state; at each step t the model reads x_t, predicts x_{t+1},
    takes the loss 0.5 * ||y - x_{t+1}||^2, backpropagates through this one step only, updates
    the weights, and carries the new state on to step t + 1.

    Returns
    -------
    The mean squared error of each epoch's predictions, measured as they were made.
    """
    s = _series(series, rnn, head)
    opt = optimizer or SGD(_params(rnn, head), lr=lr)
    losses = []
    for _ in range(epochs):
        state = rnn.zero_state(1)
        sq_err = 0.0
        for t in range(len(s) - 1):
            x = s[None, t : t + 1]  # (B=1, T=1, F)
            target = s[None, t + 1 : t + 2]  # (1, 1, F)
            out, state = rnn.forward(x, state)  # the new state is carried, its past forgotten
            y = head.forward(out)  # (1, 1, F)
            err = y - target
            sq_err += float(np.mean(err**2))
            rnn.backward(head.backward(err))  # d(0.5 ||err||^2)/dy = err
            opt.step(_grads(rnn, head))
        losses.append(sq_err / (len(s) - 1))
    return losses


def windows(series: Array, input_len: int) -> tuple[Array, Array]:
    """Inputs (N - input_len, input_len, F) and targets shifted one step ahead, same shape.

    series  x0 x1 x2 x3 x4 ...
    window0 [x0 x1 x2] -> targets [x1 x2 x3]
    window1    [x1 x2 x3] -> targets [x2 x3 x4]
    """
    s = np.asarray(series, dtype=np.float64)
    if s.ndim != 2 or not 1 <= input_len < len(s):
        raise ValidationError(
            f"need a (N, F) series with N > input_len >= 1; got {s.shape}, input_len={input_len}"
        )
    view = np.lib.stride_tricks.sliding_window_view(s, input_len, axis=0)  # (N-L+1, F, L)
    view = view.transpose(0, 2, 1)  # (N-L+1, L, F)
    return view[:-1].copy(), view[1:].copy()


def train_windows(
    rnn: RecurrentLayers,
    head: Head,
    series: Array,
    *,
    input_len: int,
    epochs: int = 300,
    optimizer: SGD | Adam | None = None,
    lr: float = 0.01,
    batch_size: int | None = None,
    truncate: int | None = None,
    rng: np.random.Generator | None = None,
) -> list[float]:
    """Backpropagation through time over windows, each run from a zero state.

    Each window predicts every next value inside it; the loss is the mean squared error over
    (B, T, F), backpropagated through the whole window (truncate=None) or k steps at most
    (truncate=k). Mini-batches are shuffled by rng each epoch; batch_size=None: all windows.

    Returns
    -------
    The mean of each epoch's mini-batch losses (MSE).
    """
    s = _series(series, rnn, head)
    inputs, targets = windows(s, input_len)
    opt = optimizer or Adam(_params(rnn, head), lr=lr)
    rng = np.random.default_rng(0) if rng is None else rng
    n = len(inputs)
    batch_size = batch_size or n
    losses = []
    for _ in range(epochs):
        order = rng.permutation(n)
        batch_losses = []
        for start in range(0, n, batch_size):
            idx = order[start : start + batch_size]
            out, _ = rnn.forward(inputs[idx])  # (b, L, H)
            err = head.forward(out) - targets[idx]  # (b, L, F)
            batch_losses.append(float(np.mean(err**2)))
            dout = head.backward(2.0 * err / err.size)  # d mean(err^2) / dy
            rnn.backward(dout, truncate=truncate)
            opt.step(_grads(rnn, head))
        losses.append(float(np.mean(batch_losses)))
    return losses


def one_step_mse(rnn: RecurrentLayers, head: Head, series: Array) -> float:
    """MSE of next-value predictions over the whole series, the state carried from zero."""
    s = _series(series, rnn, head)
    out, _ = rnn.forward(s[None, :-1])  # (1, N-1, H)
    return float(np.mean((head.forward(out)[0] - s[1:]) ** 2))
