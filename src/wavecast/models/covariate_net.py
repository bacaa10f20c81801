"""The direct net with covariates: the recurrent net reads the target and the covariates known
at each input step; the head reads its last state, the last step's covariates, the future
covariates over the whole horizon and the static ones, and emits the whole horizon.

Its input is one packed row per window (forecasters/covariates.py says the layout), so the
direct net's training loop (models/direct.train) serves it unchanged.
"""

from __future__ import annotations

import torch
from torch import nn

from .direct import CELLS


class CovariateNet(nn.Module):
    """x (B, L + L * n_in + H * n_future + n_static) -> (B, H)."""

    def __init__(self, cell: str, hidden_size: int, num_layers: int, horizon: int, input_len: int,
                 n_in: int, n_future: int, n_static: int) -> None:
        super().__init__()
        self.input_len, self.horizon = input_len, horizon
        self.n_in, self.n_future, self.n_static = n_in, n_future, n_static
        self.rnn = CELLS[cell](1 + n_in, hidden_size, num_layers=num_layers, batch_first=True)
        self.head = nn.Linear(hidden_size + input_len * (1 + n_in) + horizon * n_future + n_static, horizon)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        B, L = x.shape[0], self.input_len
        y = x[:, :L].unsqueeze(-1)  # (B, L, 1)
        a = L + L * self.n_in
        c = x[:, L:a].reshape(B, L, self.n_in)  # (B, L, n_in)
        out, _ = self.rnn(torch.cat([y, c], dim=2))  # (B, L, hidden)
        return self.head(torch.cat([out[:, -1], x], dim=1))  # (B, H)

    @torch.no_grad()
    def start_linear(self, x: torch.Tensor, y: torch.Tensor, ridge: float = 1e-3) -> None:
        """Start the head's linear path at the ridge least-squares fit of y (N, H) on the packed
        windows x (N, K), its recurrent path at zero: training begins where a linear ARX model
        ends (Adam alone took thousands of steps to find it) and the net learns what it misses."""
        a = torch.cat([x, torch.ones(len(x), 1, dtype=x.dtype)], dim=1).double()  # (N, K + 1)
        gram = a.T @ a + ridge * len(x) * torch.eye(a.shape[1], dtype=torch.float64)
        w = torch.linalg.solve(gram, a.T @ y.double())  # (K + 1, H)
        hidden = self.head.in_features - x.shape[1]
        self.head.weight[:, :hidden] = 0.0
        self.head.weight[:, hidden:] = w[:-1].T.to(self.head.weight.device, self.head.weight.dtype)
        self.head.bias[:] = w[-1].to(self.head.bias.device, self.head.bias.dtype)

