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
from .ridge import RIDGES, ridge_fit

# The covariate net's ridge may shrink what it fits to nearly nothing (1 x N): after the drivers'
# same-period fit what is left is mostly noise, and GCV chose the old grid's top, 0.1 x N, on all
# 30 fits of uschange and elecdaily (seed 0; offered up to 1000 x N: 10-1000 on uschange, 1 on
# elecdaily). benchmarks.real wavecast+drivers, seeds 0/1, MASE with the old grid -> this one:
# uschange 0.291/0.288 -> 0.245/0.224, elecdaily 0.669/0.629 -> 0.598/0.576 (chosen on); insurance
# 0.272/0.286 -> 0.256/0.279 (docs/covariates.md). Up to 10 x N gained more on uschange but cost
# insurance (seed 1 0.290) and the driven panel of benchmarks.covariates.
COVARIATE_RIDGES = (*RIDGES, 1.0)


class CovariateNet(nn.Module):
    """x (B, L + L * n_in + H * n_future + n_static + n_level) -> (B, H).

    n_level 1: the row ends with the window's level (what its target values were moved by), read
    by the head's linear path only, so that it can put back the part of the level the covariates
    explain (0 in files written before it).

    n_gain 1 (with statics and future covariates): gains let each series' statics scale the effect
    of its future covariates: forecast step h += sum over future columns c of future[h, c] x
    gain_c, gain_c a linear map of the statics (one weight a future column and static: price x
    size). The head's linear path alone gives every series one weight a column: a price cut moved
    four stores of sizes 0.7-2 by the same +21.4 where the truth was 16 x size (docs/covariates.md,
    benchmarks/store_drivers.py). Fitted by ridge with the linear path and kept there
    (`start_linear`); a gain fed by the recurrent state or the window's level too, trained by
    Adam, was measured and dropped: it moved the effects less and made them worse where the
    interactions were given as columns. They start at zero, so an unfitted net is the one
    without them (0 in files written before it: that architecture, exactly)."""

    def __init__(self, cell: str, hidden_size: int, num_layers: int, horizon: int, input_len: int,
                 n_in: int, n_future: int, n_static: int, n_level: int = 0, n_gain: int = 0) -> None:
        super().__init__()
        self.input_len, self.horizon = input_len, horizon
        self.n_in, self.n_future, self.n_static, self.n_level = n_in, n_future, n_static, n_level
        self.rnn = CELLS[cell](1 + n_in, hidden_size, num_layers=num_layers, batch_first=True)
        self.head = nn.Linear(hidden_size + input_len * (1 + n_in) + horizon * n_future + n_static + n_level,
                              horizon)
        self.keep_linear = False  # set by start_linear: training leaves the linear path where it starts
        self.gain = None
        if n_gain and n_future and n_static:
            self.gain = nn.Linear(n_static, n_future, bias=False)
            nn.init.zeros_(self.gain.weight)  # the net starts as the one without it

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        B, L = x.shape[0], self.input_len
        y = x[:, :L].unsqueeze(-1)  # (B, L, 1)
        a = L + L * self.n_in
        c = x[:, L:a].reshape(B, L, self.n_in)  # (B, L, n_in)
        out, _ = self.rnn(torch.cat([y, c], dim=2))  # (B, L, hidden)
        w = self.head.weight  # (H, hidden + K)
        if self.keep_linear:  # no gradient reaches the linear columns: Adam leaves them as they are
            w = torch.cat([w[:, :out.shape[2]], w[:, out.shape[2]:].detach()], dim=1)
        pred = F.linear(torch.cat([out[:, -1], x], dim=1), w, self.head.bias)  # (B, H)
        if self.gain is None:
            return pred
        fut, static = self._gain_inputs(x)
        g = self.gain.weight.detach() if self.keep_linear else self.gain.weight  # kept like the head's
        return pred + (fut * F.linear(static, g).unsqueeze(1)).sum(dim=2)

    def _gain_inputs(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """The future covariates (B, H, n_future), scaled as the head reads them, and the
        statics (B, n_static) of packed windows x."""
        a, H, nf = self.input_len * (1 + self.n_in), self.horizon, self.n_future
        return x[:, a:a + H * nf].reshape(len(x), H, nf), x[:, a + H * nf:a + H * nf + self.n_static]

    @torch.no_grad()
    def start_linear(self, x: torch.Tensor, y: torch.Tensor, n_drivers: int | None = None) -> None:
        """Set the head's linear path to the ridge least-squares fit of y (N, H) on the packed
        windows x (N, K) and keep it there; its recurrent path starts at zero and learns what the
        linear model (an ARX model) misses (Adam alone took thousands of steps to find the fit).
        The future covariates' same-period effect is fitted first, without a penalty
        (`_same_period`), and the ridge fits what it leaves.

        The penalty is the one of COVARIATE_RIDGES (x N) with the least generalised
        cross-validation error (GCV, from one SVD). A fixed 1e-3 x N shrank what matters most with
        a random-walk covariate: its change over the window, a direction of small variance among
        columns of nearly equal levels (docs/covariates.md: driven panel 0.379 with it, 0.275 with GCV's,
        the linear start alone). Kept rather than trained on: Adam's steps on the linear columns
        (3e-3 each, on about 40 collinear inputs) left them jittering about the fit. The gains
        (n_gain) are fitted with it and kept likewise (`_start_gain`)."""
        # (K + 1, H): the drivers' same-period effect, unshrunk; n_drivers: the first of the future
        # columns that are the user's (the calendar's and holidays' after them stay with the ridge)
        w0 = self._same_period(x, y, self.n_future if n_drivers is None else n_drivers)
        y = y - (x.double() @ w0[:-1] + w0[-1]).to(y.dtype)  # the ridge fits what it leaves
        w, self.ridge_ = ridge_fit(x, y, COVARIATE_RIDGES)  # (K + 1, H)
        if self.gain is not None:
            w = self._start_gain(x, y, w)
        w = w + w0
        hidden = self.head.in_features - x.shape[1]
        self.head.weight[:, :hidden] = 0.0
        self.head.weight[:, hidden:] = w[:-1].T.to(self.head.weight.device, self.head.weight.dtype)
        self.head.bias[:] = w[-1].to(self.head.bias.device, self.head.bias.dtype)
        self.keep_linear = True

    @torch.no_grad()
    def _same_period(self, x: torch.Tensor, y: torch.Tensor, n_drivers: int) -> torch.Tensor:
        """The future covariates' same-period effect, fitted first by least squares without a
        penalty, one weight a column shared by every lead: step h of each window on its future
        values at lead h and at the last input step, its level and an intercept a lead (a levels
        relation y = b x + e reads b, 0, -1; a changes relation b, -b, 0). -> coefficients on the
        packed windows' columns (K + 1, H), zeros but there; all zeros without future columns.
        The ridge over every column (about L x (1 + n_in) + H x n_future on a few windows)
        otherwise shrank that one direction: insurance's TV advert slope (OLS 1.7) came out 0.2-1.0.
        Only the user's drivers (the first n_drivers future columns): the calendar's and holidays'
        columns fitted so, unshrunk, cost elecdaily's calendar run 0.770 -> 0.832 and its holidays
        run 0.722 -> 0.810 (seed 0)."""
        N, K = x.shape
        H, nf, nd = self.horizon, self.n_future, n_drivers
        w0 = torch.zeros(K + 1, H, dtype=torch.float64)
        if not nd or not N:
            return w0
        a = self.input_len * (1 + self.n_in)
        last = self.input_len + (self.input_len - 1) * self.n_in + self.n_in - nf  # the last input step's future columns
        xd = x.double()
        fut = xd[:, a:a + H * nf].reshape(N, H, nf)[:, :, :nd]  # (N, H, n_drivers)
        cols = [fut, xd[:, None, last:last + nd].expand(N, H, nd)]
        if self.n_level:
            cols.append(xd[:, None, -1:].expand(N, H, 1))
        cols.append(torch.eye(H, dtype=torch.float64).expand(N, H, H))
        d = torch.cat(cols, dim=2).reshape(N * H, -1)  # (N H, 2 n_future + n_level + H)
        t = y.double().reshape(-1)
        known = ~torch.isnan(t)
        if int(known.sum()) <= d.shape[1]:
            return w0
        beta = torch.linalg.lstsq(d[known], t[known, None], driver="gelsd").solution[:, 0]
        h = torch.arange(H)
        for c in range(nd):
            w0[a + h * nf + c, h] = beta[c]
            w0[last + c, :] = beta[nd + c]
        if self.n_level:
            w0[K - 1, :] = beta[2 * nd]
        w0[K, :] = beta[-H:]
        return w0

    @torch.no_grad()
    def _start_gain(self, x: torch.Tensor, y: torch.Tensor, w: torch.Tensor, rounds: int = 10) -> torch.Tensor:
        """The gains: the ridge fit of what the linear path w leaves, over every window and step,
        on each future value times each static (the interaction a user would otherwise add as
        columns: price x size), and the linear path fitted again on what the gains leave, in
        turn `rounds` times (the joint least squares the two approach). -> the linear path's
        coefficients (K + 1, H)."""
        fut, static = (t.double() for t in self._gain_inputs(x))
        nf, ns = fut.shape[2], static.shape[1]
        xd, yd = x.double(), y.double()
        prod = (fut.unsqueeze(3) * static[:, None, None, :]).reshape(-1, nf * ns)  # (N H, n_future n_static)
        for _ in range(rounds):
            rest = yd - (xd @ w[:-1].double() + w[-1].double())  # (N, H)
            g, _ = ridge_fit(prod, rest.reshape(-1, 1), COVARIATE_RIDGES)  # NaN steps (past a series' end) left out
            g = g[:-1, 0].reshape(nf, ns)  # its intercept dropped: the linear path has one
            w, self.ridge_ = ridge_fit(x, (yd - (fut * (static @ g.T).unsqueeze(1)).sum(dim=2)).to(y.dtype),
                                       COVARIATE_RIDGES)
        self.gain.weight[:] = g.to(self.gain.weight.device, self.gain.weight.dtype)
        return w
