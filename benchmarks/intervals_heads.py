"""Interval heads trained with a network, measured against conformal, on the AR(1) of
benchmarks/intervals_ar1.py (phi 0.8, sigma 1: the true bands are known).

A small LSTM reads a context of 20 and a linear head gives, for each of the horizon's leads
at once (direct multi-step),
- "gaussian": a mean and a log standard deviation, trained by the Gaussian negative log
  likelihood; band = mean +- z sigma;
- "student-t": a mean, a log scale and one degrees-of-freedom parameter shared by every
  output (df = 2 + softplus(raw)), trained by the Student-t negative log likelihood; band =
  mean +- t_df quantile x scale (the quantile by integrating the density: no SciPy here);
- "quantile": the 0.025, 0.1, 0.5, 0.9, 0.975 quantiles, trained by the pinball loss;
  band = the two quantiles (sorted, so they never cross).
Both train on the first n_cal points and are scored from origins `horizon` apart on the next
n_test, beside LinearAR(1) + conformal (benchmarks/intervals_ar1.py). Not wired into wavecast
(issue 16's optional heads): this measures whether they would be worth it.

    python -m benchmarks.intervals_heads [--epochs 30 --seed 0]
"""

from __future__ import annotations

import argparse
from statistics import NormalDist

import numpy as np
import torch

from wavecast.evaluate.band_scores import interval_scores

from .intervals_ar1 import ar1, measure, true_width

LEVELS = (80.0, 95.0)
TAUS = (0.025, 0.1, 0.5, 0.9, 0.975)


class Head(torch.nn.Module):
    def __init__(self, horizon: int, n_out: int, hidden: int = 32) -> None:
        super().__init__()
        self.lstm = torch.nn.LSTM(1, hidden, batch_first=True)
        self.out = torch.nn.Linear(hidden, horizon * n_out)
        self.horizon, self.n_out = horizon, n_out

        self.raw_df = torch.nn.Parameter(torch.tensor(2.0))  # the Student-t head's df (others ignore it)

    def df(self) -> torch.Tensor:
        return 2 + torch.nn.functional.softplus(self.raw_df)

    def forward(self, x):  # (B, T, 1) -> (B, H, n_out)
        h, _ = self.lstm(x)
        return self.out(h[:, -1]).view(len(x), self.horizon, self.n_out)


def windows(x: np.ndarray, ctx: int, horizon: int, starts) -> tuple[torch.Tensor, torch.Tensor]:
    idx = np.asarray(starts)[:, None]
    inp = x[idx + np.arange(ctx)][:, :, None]  # (B, ctx, 1)
    tgt = x[idx + ctx + np.arange(horizon)]  # (B, H)
    return torch.as_tensor(inp, dtype=torch.float32), torch.as_tensor(tgt, dtype=torch.float32)


def loss_fn(kind: str, out: torch.Tensor, y: torch.Tensor, df: torch.Tensor | None = None) -> torch.Tensor:
    if kind == "student-t":
        t = torch.distributions.StudentT(df, out[..., 0], out[..., 1].exp())
        return -t.log_prob(y).mean()
    if kind == "gaussian":
        mean, log_sd = out[..., 0], out[..., 1]
        return (log_sd + 0.5 * ((y - mean) / log_sd.exp()) ** 2).mean()
    taus = torch.tensor(TAUS, dtype=out.dtype)
    d = y[..., None] - out  # (B, H, Q)
    return torch.maximum(taus * d, (taus - 1) * d).mean()


def train_head(kind: str, x: np.ndarray, ctx: int, horizon: int, epochs: int, seed: int) -> Head:
    torch.manual_seed(seed)
    net = Head(horizon, 2 if kind in ("gaussian", "student-t") else len(TAUS))
    inp, tgt = windows(x, ctx, horizon, np.arange(len(x) - ctx - horizon + 1))
    opt = torch.optim.Adam(net.parameters(), lr=3e-3)
    gen = torch.Generator().manual_seed(seed)
    for _ in range(epochs):
        for b in torch.randperm(len(inp), generator=gen).split(64):
            opt.zero_grad()
            loss_fn(kind, net(inp[b]), tgt[b], net.df()).backward()
            opt.step()
    return net.eval()


def t_quantile(p: float, df: float) -> float:
    """The Student-t p-quantile (p > 0.5) by integrating its density on a fine grid."""
    grid = np.linspace(0, 200, 2_000_001)
    pdf = np.exp(torch.distributions.StudentT(torch.tensor(df, dtype=torch.float64)).log_prob(
        torch.as_tensor(grid)).numpy())
    cdf = 0.5 + np.concatenate([[0], np.cumsum((pdf[1:] + pdf[:-1]) / 2 * np.diff(grid))])
    return float(np.interp(p, cdf, grid))


def bands_of(kind: str, out: np.ndarray, df: float | None = None) -> tuple[np.ndarray, dict]:
    """Point (B, H) and {level: (lo, hi)} from a head's output (B, H, n_out)."""
    if kind == "student-t":
        mean, sc = out[..., 0], np.exp(out[..., 1])
        return mean, {lv: (mean - t_quantile(0.5 + lv / 200, df) * sc, mean + t_quantile(0.5 + lv / 200, df) * sc)
                      for lv in LEVELS}
    if kind == "gaussian":
        mean, sd = out[..., 0], np.exp(out[..., 1])
        return mean, {lv: (mean - NormalDist().inv_cdf(0.5 + lv / 200) * sd,
                           mean + NormalDist().inv_cdf(0.5 + lv / 200) * sd) for lv in LEVELS}
    q = np.sort(out, axis=-1)  # never crossing
    return q[..., 2], {80.0: (q[..., 1], q[..., 3]), 95.0: (q[..., 0], q[..., 4])}


def run(epochs=30, seed=0, phi=0.8, sigma=1.0, n_cal=4000, n_test=20000, horizon=10, ctx=20) -> dict:
    x = ar1(n_cal + n_test, phi, sigma, np.random.default_rng(seed))
    starts = np.arange(n_cal - ctx, n_cal + n_test - ctx - horizon + 1, horizon)  # origins n_cal, +H, ...
    inp, tgt = windows(x, ctx, horizon, starts)
    truth = tgt.numpy().astype(np.float64)[:, :, None]
    h = np.arange(1, horizon + 1)
    out = {}
    for kind in ("gaussian", "student-t", "quantile"):
        net = train_head(kind, x[:n_cal], ctx, horizon, epochs, seed)
        with torch.no_grad():
            o = net(inp).numpy().astype(np.float64)
        point, bands = bands_of(kind, o, float(net.df()))
        bands = {k: (lo[..., None], hi[..., None]) for k, (lo, hi) in bands.items()}
        s = interval_scores(point[..., None], bands, truth, np.ones(len(truth)))
        out[kind] = {lv: {"coverage": s[f"{lv:g}"]["coverage"], "msis": s[f"{lv:g}"]["msis"],
                          "width_ratio": np.array(s[f"{lv:g}"]["by_lead"]["width"]) / true_width(lv, h, phi, sigma)}
                     for lv in LEVELS}
    conf = measure(phi, sigma, n_cal, n_test, horizon, LEVELS, seed=seed)
    out["LinearAR(1) + conformal"] = {lv: {"coverage": v["pooled"], "msis": v["msis"], "width_ratio": v["width_ratio"]}
                                      for lv, v in conf["levels"].items()}
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--epochs", type=int, default=30)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args(argv)
    torch.set_num_threads(1)
    r = run(a.epochs, a.seed)
    print(f"{'method':<26} {'level':>5} {'coverage':>9} {'MSIS':>7} {'width/true (min..max over leads)':>34}")
    for name, by in r.items():
        for lv, v in by.items():
            w = v["width_ratio"]
            print(f"{name:<26} {lv:5g} {100 * v['coverage']:8.2f}% {v['msis']:7.3f} {w.min():16.3f} .. {w.max():.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
