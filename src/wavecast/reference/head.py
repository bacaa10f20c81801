"""The readout: hidden state -> prediction, a Linear layer or Linear/Tanh/.../Linear layers."""

from __future__ import annotations

import numpy as np

from ..errors import ValidationError

Array = np.ndarray


class Head:
    """Dense layers with tanh between them, applied to every time step::

        y = W_1 tanh(... tanh(W_0 h + b_0) ...) + b_1        (one layer: y = W_0 h + b_0)

    Parameters
    ----------
    sizes : [hidden_size, ..., output_size]; two entries for a single Linear layer.
    bias : with biases (True) or without.
    rng : np.random.Generator for the initial weights, uniform(-1/sqrt(in), 1/sqrt(in)) like
        torch.nn.Linear. None means np.random.default_rng(0).

    Attributes
    ----------
    layers : list of {"W": (out, in), "b": (out,) or None}, as nn.Linear's weight and bias.
    """

    def __init__(
        self, sizes: list[int], *, bias: bool = True, rng: np.random.Generator | None = None
    ) -> None:
        if len(sizes) < 2 or any(int(s) != s or s < 1 for s in sizes):
            raise ValidationError(f"sizes must be >= 2 positive integers; got {sizes!r}")
        rng = np.random.default_rng(0) if rng is None else rng
        self.layers: list[dict[str, Array | None]] = []
        for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
            k = 1.0 / np.sqrt(n_in)
            self.layers.append(
                {
                    "W": rng.uniform(-k, k, (n_out, n_in)),
                    "b": rng.uniform(-k, k, n_out) if bias else None,
                }
            )
        self.grads: list[dict[str, Array | None]] | None = None
        self._cache: list[Array] | None = None

    @classmethod
    def from_weights(cls, weights: list[tuple[Array, Array | None]]) -> Head:
        """A head from [(W, b), ...] with W (out, in) and b (out,) or None."""
        head = cls([weights[0][0].shape[1]] + [W.shape[0] for W, _ in weights])
        head.layers = [
            {
                "W": np.array(W, dtype=np.float64),
                "b": None if b is None else np.array(b, dtype=np.float64),
            }
            for W, b in weights
        ]
        return head

    @property
    def input_size(self) -> int:
        return self.layers[0]["W"].shape[1]

    @property
    def output_size(self) -> int:
        return self.layers[-1]["W"].shape[0]

    def forward(self, h: Array) -> Array:
        """(..., in) -> (..., out); keeps what backward needs."""
        self._cache = []
        a = h
        for i, p in enumerate(self.layers):
            if i > 0:
                a = np.tanh(a)
            self._cache.append(a)  # the input of layer i
            a = a @ p["W"].T + (0.0 if p["b"] is None else p["b"])
        return a

    __call__ = forward

    def backward(self, dy: Array) -> Array:
        """dL/dy (..., out) -> dL/dh (..., in); parameter gradients left in self.grads."""
        if self._cache is None:
            raise ValidationError("backward() needs a forward() call first")
        self.grads = [None] * len(self.layers)
        d = dy
        for i in reversed(range(len(self.layers))):
            a, p = self._cache[i], self.layers[i]
            a2, d2 = a.reshape(-1, a.shape[-1]), d.reshape(-1, d.shape[-1])  # (N, in), (N, out)
            self.grads[i] = {"W": d2.T @ a2, "b": None if p["b"] is None else d2.sum(axis=0)}
            d = d @ p["W"]  # to this layer's input
            if i > 0:
                d = d * (1.0 - a * a)  # back through the tanh that made this input
        return d

    def named_parameters(self) -> dict[str, Array]:
        return {
            f"head_{n}{i}": p[n]
            for i, p in enumerate(self.layers)
            for n in ("W", "b")
            if p[n] is not None
        }

    def named_grads(self) -> dict[str, Array]:
        if self.grads is None:
            raise ValidationError("no gradients yet: call forward() then backward() first")
        return {
            f"head_{n}{i}": g[n]
            for i, g in enumerate(self.grads)
            for n in ("W", "b")
            if g[n] is not None
        }
