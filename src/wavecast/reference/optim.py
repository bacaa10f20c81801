"""SGD and Adam in NumPy, updating parameter arrays in place, step for step like torch.optim."""

from __future__ import annotations

import numpy as np

from ..errors import ValidationError

Array = np.ndarray


class SGD:
    """p <- p - lr * v, with v = momentum * v + g (v = g without momentum), as torch.optim.SGD.

    Parameters
    ----------
    params : {name: array}; the arrays are updated in place (e.g. model.named_parameters()).
    lr : step size.
    momentum : 0 for plain gradient descent.
    """

    def __init__(self, params: dict[str, Array], lr: float = 0.1, momentum: float = 0.0) -> None:
        if lr <= 0:
            raise ValidationError(f"lr must be > 0; got {lr}")
        self.params, self.lr, self.momentum = params, lr, momentum
        self.velocity = {n: np.zeros_like(p) for n, p in params.items()}

    def step(self, grads: dict[str, Array]) -> None:
        for name, p in self.params.items():
            g = grads[name]
            if self.momentum:
                self.velocity[name] = self.momentum * self.velocity[name] + g
                g = self.velocity[name]
            p -= self.lr * g  # in place: the model holds this very array


class Adam:
    """Adam (Kingma and Ba), bias-corrected, as torch.optim.Adam without weight decay::

    m <- b1 m + (1 - b1) g,   v <- b2 v + (1 - b2) g^2
    p <- p - lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
    """

    def __init__(
        self,
        params: dict[str, Array],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
    ) -> None:
        if lr <= 0:
            raise ValidationError(f"lr must be > 0; got {lr}")
        self.params, self.lr, self.betas, self.eps = params, lr, betas, eps
        self.m = {n: np.zeros_like(p) for n, p in params.items()}
        self.v = {n: np.zeros_like(p) for n, p in params.items()}
        self.t = 0

    def step(self, grads: dict[str, Array]) -> None:
        self.t += 1
        b1, b2 = self.betas
        for name, p in self.params.items():
            g = grads[name]
            self.m[name] = b1 * self.m[name] + (1 - b1) * g
            self.v[name] = b2 * self.v[name] + (1 - b2) * g * g
            m_hat = self.m[name] / (1 - b1**self.t)
            v_hat = self.v[name] / (1 - b2**self.t)
            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
