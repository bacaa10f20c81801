"""The direct net with covariates: the recurrent net reads the target and the covariates known
at each input step; the head reads its last state, the last step's covariates, the future
covariates over the whole horizon, the static ones and the window's level, and emits the whole
horizon.

Its input is one packed row per window (forecasters/covariates.py says the layout), so the
direct net's training loop (models/direct.train) serves it unchanged.
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F

from .direct import CELLS
from .ridge import ridge_fit


class CovariateNet(nn.Module):
    """x (B, L + L * n_in + H * n_future + n_static + n_level) -> (B, H).

    n_level 1: the row ends with the window's level (what its target values were moved by), read
    by the head's linear path only, so that it can put back the part of the level the covariates
    explain (0 in files written before it)."""

    def __init__(self, cell: str, hidden_size: int, num_layers: int, horizon: int, input_len: int,
                 n_in: int, n_future: int, n_static: int, n_level: int = 0) -> None:
        super().__init__()
        self.input_len, self.horizon = input_len, horizon
        self.n_in, self.n_future, self.n_static, self.n_level = n_in, n_future, n_static, n_level
        self.rnn = CELLS[cell](1 + n_in, hidden_size, num_layers=num_layers, batch_first=True)
        self.head = nn.Linear(hidden_size + input_len * (1 + n_in) + horizon * n_future + n_static + n_level,
                              horizon)
        self.keep_linear = False  # set by start_linear: training leaves the linear path where it starts

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        B, L = x.shape[0], self.input_len
        y = x[:, :L].unsqueeze(-1)  # (B, L, 1)
        a = L + L * self.n_in
        c = x[:, L:a].reshape(B, L, self.n_in)  # (B, L, n_in)
        out, _ = self.rnn(torch.cat([y, c], dim=2))  # (B, L, hidden)
        w = self.head.weight  # (H, hidden + K)
        if self.keep_linear:  # no gradient reaches the linear columns: Adam leaves them as they are
            w = torch.cat([w[:, :out.shape[2]], w[:, out.shape[2]:].detach()], dim=1)
        return F.linear(torch.cat([out[:, -1], x], dim=1), w, self.head.bias)  # (B, H)

    @torch.no_grad()
    def start_linear(self, x: torch.Tensor, y: torch.Tensor) -> None:
        """Set the head's linear path to the ridge least-squares fit of y (N, H) on the packed
        windows x (N, K) and keep it there; its recurrent path starts at zero and learns what the
        linear model (an ARX model) misses (Adam alone took thousands of steps to find the fit).

        The penalty is the one of RIDGES (x N) with the least generalised cross-validation error
        (GCV, from one SVD). A fixed 1e-3 x N shrank what matters most with a random-walk
        covariate: its change over the window, a direction of small variance among columns of
        nearly equal levels (docs/covariates.md: driven panel 0.379 with it, 0.275 with GCV's,
        the linear start alone). Kept rather than trained on: Adam's steps on the linear columns
        (3e-3 each, on about 40 collinear inputs) left them jittering about the fit."""
        w, self.ridge_ = ridge_fit(x, y)  # (K + 1, H)
        hidden = self.head.in_features - x.shape[1]
        self.head.weight[:, :hidden] = 0.0
        self.head.weight[:, hidden:] = w[:-1].T.to(self.head.weight.device, self.head.weight.dtype)
        self.head.bias[:] = w[-1].to(self.head.bias.device, self.head.bias.dtype)
        self.keep_linear = True
