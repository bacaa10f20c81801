"""simple-rnn-priming, after the simple-RNN notebook: does priming the hidden state help?

    train: 150 steps, each on the next half-cycle of sin, 20 points (spacing pi / 20), the
           hidden state carried from one step to the next (detached), as in the notebook
    test:  one unseen full cycle (off the training grid), predicted one step ahead from a
           zero state ("cold"), and again after priming the state on the points before it,
           same spacing; prime lengths from 5 points to 5 cycles are compared

The notebook shows plots only; we report the error over the first quarter-cycle both ways.
"""

from __future__ import annotations

import time

import numpy as np

from ..config import ModelConfig, TrainConfig, to_dict
from ._common import Figure, RecipeResult, torch_setup

NAME = "simple-rnn-priming"
SOURCE = "the simple-RNN notebook"
SUMMARY = "nn.RNN + linear head on sine segments; first quarter-cycle error cold vs primed"
SEQ_LEN = 20  # points per training segment (a half-cycle)
STEP = np.pi / SEQ_LEN  # spacing of the points, radians
MODEL = ModelConfig(cell="rnn", hidden_size=32)  # the notebook's hidden_dim 32, one layer
TRAIN = TrainConfig(optimizer="adam", lr=0.01, epochs=150, batch_size=1, clip_norm=0.0,
                    schedule="none", loss_on="all", rollout_steps=0)  # epochs = steps here
TEST_START = 1000 * np.pi + 1.0  # far beyond the training half-cycles, off their grid
PRIME_LEN = 4 * SEQ_LEN  # two cycles: shorter primes leave the state in its start-up transient
PRIME_LENS = (5, 20, 40, 80, 200)  # the comparison of prime lengths


def _segment(start: float, n: int) -> np.ndarray:
    return np.sin(start + STEP * np.arange(n + 1))  # n inputs and the n next values


def _train(seed: int, steps: int):
    """The notebook's own loop: one 20-point segment a step, batch 1, state carried forward."""
    import torch

    from ..models.recurrent import build_model

    torch_setup(seed, TRAIN.threads)
    net = build_model(MODEL)
    opt = torch.optim.Adam(net.parameters(), lr=TRAIN.lr)
    losses, state = [], None
    for k in range(steps):
        seg = torch.as_tensor(_segment(k * np.pi, SEQ_LEN), dtype=torch.float32)[None, :, None]
        y, state = net(seg[:, :-1], state)  # (1, 20, 1)
        state = state.detach()  # carried, but no gradient into the previous segment
        loss = torch.mean((y - seg[:, 1:]) ** 2)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(float(loss.detach()))
    net.eval()
    return net, losses


def run(quick: bool = False, seed: int = 0) -> RecipeResult:
    import torch

    t0 = time.perf_counter()
    steps = 30 if quick else TRAIN.epochs
    net, losses = _train(seed, steps)

    n_cycle, quarter = 2 * SEQ_LEN, SEQ_LEN // 2  # 40 predictions over 360 degrees
    test = _segment(TEST_START, n_cycle)  # (41,)
    truth = test[1:]

    def primed(n_prime: int) -> np.ndarray:
        """One-step predictions of the test cycle after priming on the n_prime points before."""
        prime = np.sin(TEST_START - STEP * np.arange(n_prime, 0, -1))
        with torch.no_grad():
            _, state = net(torch.as_tensor(prime, dtype=torch.float32)[None, :, None])
            y, _ = net(x, state)
        return y[0, :, 0].numpy().astype(float)

    x = torch.as_tensor(test[:-1], dtype=torch.float32)[None, :, None]
    with torch.no_grad():
        cold = net(x)[0][0, :, 0].numpy().astype(float)
    warm = primed(PRIME_LEN)
    prime = np.sin(TEST_START - STEP * np.arange(PRIME_LEN, 0, -1))
    by_prime_len = {str(n): float(np.mean((primed(n)[:quarter] - truth[:quarter]) ** 2))
                    for n in PRIME_LENS}
    mse = {
        "cold_quarter": float(np.mean((cold[:quarter] - truth[:quarter]) ** 2)),
        "primed_quarter": float(np.mean((warm[:quarter] - truth[:quarter]) ** 2)),
        "cold_cycle": float(np.mean((cold - truth) ** 2)),
        "primed_cycle": float(np.mean((warm - truth) ** 2)),
        "cold_rest": float(np.mean((cold[quarter:] - truth[quarter:]) ** 2)),
    }
    lowered = mse["primed_quarter"] < mse["cold_quarter"]
    figures = {
        "cold_quarter_mse": Figure("first quarter-cycle MSE, zero initial state", mse["cold_quarter"]),
        "primed_quarter_mse": Figure(f"first quarter-cycle MSE, primed on {PRIME_LEN} points",
                                     mse["primed_quarter"],
                                     goal="< the cold MSE", met=lowered),
    }
    config = {"seed": seed, "seq_len": SEQ_LEN, "spacing_rad": STEP, "steps": steps,
              "test_start_rad": TEST_START, "prime_len": PRIME_LEN, "model": to_dict(MODEL),
              "optimizer": "adam", "lr": TRAIN.lr}
    ratio = mse["cold_quarter"] / max(mse["primed_quarter"], 1e-300)
    notes = [f"priming lowers the first quarter-cycle MSE {ratio:.0f}-fold "
             f"({mse['cold_quarter']:.3g} -> {mse['primed_quarter']:.3g}); over the rest of the cycle "
             f"the cold run's MSE is {mse['cold_rest']:.3g}",
             "the prime must outlast the start-up transient the net learned from a zero state "
             "(quarter-cycle MSE by prime length: "
             + ", ".join(f"{k}: {v:.2g}" for k, v in by_prime_len.items()) + ")"]
    context = {"mse": mse, "quarter_mse_by_prime_len": by_prime_len, "final_train_loss": losses[-1]}
    res = RecipeResult(NAME, SOURCE, quick, figures, config, context, notes)

    def draw(out):
        from ..report import figures as report

        p1 = report.forecast_figure(
            out / "priming.png", history=prime, truth=truth,
            forecasts={"primed": warm, "cold (zero state)": cold}, start=PRIME_LEN,
            title=f"{NAME}: one-step predictions of an unseen cycle, primed vs cold",
            n_history=PRIME_LEN)
        hist = {"train_loss": losses, "val_loss": [], "lr": [], "seconds": []}
        return [p1, report.loss_figure(out / "loss.png", hist)]

    res.draw = draw
    res.seconds = time.perf_counter() - t0
    return res
