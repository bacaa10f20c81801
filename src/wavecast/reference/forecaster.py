"""ReferenceForecaster: a NumPy recurrent model and head behind wavecast's forecaster contract.

fit(series (N,) or (N, F)) -> self and predict(context (B, T, F), horizon) -> (B, horizon, F),
like the baselines and the torch net, so evaluation can put the reference beside them.
"""

from __future__ import annotations

import numpy as np

from ..errors import NotFittedError, ValidationError
from .convert import from_torch, linear_from_torch
from .gru import GRU
from .head import Head
from .lstm import LSTM
from .rnn import ElmanRNN
from .sequence import RecurrentLayers
from .train import train_windows

Array = np.ndarray


class ReferenceForecaster:
    """A recurrent model (ElmanRNN, LSTM or GRU) plus a head, trained and run in NumPy.

    Parameters
    ----------
    cell : 'rnn', 'lstm' or 'gru'.
    hidden_size, num_layers : of the recurrent layers.
    input_len : window length for fit (full BPTT over each window).
    epochs, lr, batch_size : Adam training in fit; batch_size None: all windows at once.
    truncate : None for full BPTT in fit, k for truncated BPTT over k steps.
    nonlinearity : 'tanh' or 'relu', for cell='rnn'.
    rng : np.random.Generator for the initial weights and the shuffling. None: default_rng(0).

    Fitted attributes: rnn_, head_, scaler_mean_ (F,), scaler_scale_ (F,).
    """

    name = "reference"

    def __init__(
        self,
        cell: str = "rnn",
        hidden_size: int = 16,
        num_layers: int = 1,
        *,
        input_len: int = 20,
        epochs: int = 200,
        lr: float = 1e-2,
        batch_size: int | None = 32,
        truncate: int | None = None,
        nonlinearity: str = "tanh",
        rng: np.random.Generator | None = None,
    ) -> None:
        if cell not in ("rnn", "lstm", "gru"):
            raise ValidationError(f"cell must be 'rnn', 'lstm' or 'gru'; got {cell!r}")
        self.cell, self.hidden_size, self.num_layers = cell, hidden_size, num_layers
        self.input_len, self.epochs, self.lr = input_len, epochs, lr
        self.context_len = input_len  # primes on any context; trained on windows of this length
        self.batch_size, self.truncate, self.nonlinearity = batch_size, truncate, nonlinearity
        self.rng = np.random.default_rng(0) if rng is None else rng
        self.name = f"reference {cell}"

    # --- building a fitted forecaster -----------------------------------------------------
    @classmethod
    def from_models(
        cls,
        rnn: RecurrentLayers,
        head: Head,
        scaler_mean: Array | None = None,
        scaler_scale: Array | None = None,
    ) -> ReferenceForecaster:
        """A fitted forecaster from a batch-first reference model and head (no copies made)."""
        if not rnn.batch_first:
            raise ValidationError("the recurrent model must be batch_first=True")
        if head.input_size != rnn.hidden_size or head.output_size != rnn.input_size:
            raise ValidationError(
                f"the head must map hidden_size {rnn.hidden_size} -> input_size "
                f"{rnn.input_size}, so that predictions can be fed back; it maps "
                f"{head.input_size} -> {head.output_size}"
            )
        self = cls(
            rnn.kind,
            rnn.hidden_size,
            rnn.num_layers,
            nonlinearity=getattr(rnn, "nonlinearity", "tanh"),
        )
        self.rnn_, self.head_ = rnn, head
        F = rnn.input_size
        self.scaler_mean_ = np.zeros(F) if scaler_mean is None else _vector(scaler_mean, F)
        self.scaler_scale_ = np.ones(F) if scaler_scale is None else _vector(scaler_scale, F)
        return self

    @classmethod
    def from_net(
        cls, net, scaler_mean: Array | None = None, scaler_scale: Array | None = None
    ) -> ReferenceForecaster:
        """A copy of a wavecast RecurrentNet (read by duck typing: net.rnn and net.head).

        net.head may be an nn.Linear, or an nn.Sequential of Linear and Tanh layers
        alternating and ending in a Linear. scaler_mean/scale (F,): the series is scaled as
        (x - mean) / scale before the net, and predictions are scaled back.
        """
        rnn = from_torch(net.rnn)  # dropout is not copied: it is off at inference anyway
        modules = list(net.head) if hasattr(net.head, "__iter__") else [net.head]
        weights = []
        for i, m in enumerate(modules):
            name = type(m).__name__
            if i % 2 == 0 and hasattr(m, "weight"):
                weights.append(linear_from_torch(m))
            elif i % 2 == 1 and name == "Tanh":
                continue
            else:
                raise ValidationError(
                    f"head layer {i} is {name}; expected Linear, Tanh, Linear, ..., Linear"
                )
        if len(modules) % 2 == 0:
            raise ValidationError("the head must end in a Linear layer")
        return cls.from_models(rnn, Head.from_weights(weights), scaler_mean, scaler_scale)

    # --- the forecaster contract ----------------------------------------------------------
    def fit(self, train, val=None) -> ReferenceForecaster:
        """Scale the series (fitted on it alone), then train on its windows by full BPTT.

        train: one series (N,) or (N, F), or a list holding one; val is not used.
        """
        if not isinstance(train, np.ndarray):
            train = list(train)
            if len(train) != 1:
                raise ValidationError(f"{self.name} fits one series; got {len(train)}")
            train = train[0]
        series = train
        s = np.asarray(series, dtype=np.float64)
        s = s[:, None] if s.ndim == 1 else s
        if s.ndim != 2 or len(s) <= self.input_len:
            raise ValidationError(
                f"series must be (N,) or (N, F) with N > input_len = {self.input_len}; "
                f"got shape {np.shape(series)}"
            )
        F = s.shape[1]
        mean, scale = s.mean(axis=0), s.std(axis=0)
        scale = np.where(scale > 0, scale, 1.0)  # a constant feature: shift it, do not divide
        cls = {"rnn": ElmanRNN, "lstm": LSTM, "gru": GRU}[self.cell]
        kwargs = {"nonlinearity": self.nonlinearity} if self.cell == "rnn" else {}
        rnn = cls(F, self.hidden_size, self.num_layers, rng=self.rng, **kwargs)
        head = Head([self.hidden_size, F], rng=self.rng)
        train_windows(
            rnn,
            head,
            (s - mean) / scale,
            input_len=self.input_len,
            epochs=self.epochs,
            lr=self.lr,
            batch_size=self.batch_size,
            truncate=self.truncate,
            rng=self.rng,
        )
        self.rnn_, self.head_, self.scaler_mean_, self.scaler_scale_ = rnn, head, mean, scale
        return self

    def predict(self, context: Array, horizon: int, series=None) -> Array:
        """Prime the state on the whole context, then feed each prediction back.

        context (B, T, F) -> (B, horizon, F). The context is not modified.
        """
        if not hasattr(self, "rnn_"):
            raise NotFittedError(f"{self.name} is not fitted; call fit(series) or from_net()")
        c = np.asarray(context, dtype=np.float64)
        F = self.rnn_.input_size
        if c.ndim != 3 or c.shape[2] != F or c.shape[1] < 1:
            raise ValidationError(
                f"{self.name}: context must be (B, T, F) with T >= 1 and F = {F}; "
                f"got shape {np.shape(context)}"
            )
        if isinstance(horizon, bool) or int(horizon) != horizon or horizon < 1:
            raise ValidationError(f"horizon must be an integer >= 1; got {horizon!r}")
        z = (c - self.scaler_mean_) / self.scaler_scale_  # a new array: context stays as it was
        out, state = self.rnn_.forward(z)  # priming: (B, T, H), state after the last sample
        step = self.head_.forward(out[:, -1:])  # (B, 1, F): the value after the context
        preds = [step]
        for _ in range(int(horizon) - 1):
            out, state = self.rnn_.forward(step, state)  # (B, 1, H)
            step = self.head_.forward(out)
            preds.append(step)
        return np.concatenate(preds, axis=1) * self.scaler_scale_ + self.scaler_mean_


def _vector(a: Array, F: int) -> Array:
    v = np.asarray(a, dtype=np.float64).reshape(-1)
    if v.shape != (F,):
        raise ValidationError(f"scaler mean and scale must have F = {F} entries; got {v.shape}")
    return v
