"""elman-by-hand, after the hand-written Elman RNN tutorial, on the NumPy reference.

    data:   sin(t) at 21 points evenly spaced on [2, 10]: 20 (value, next value) pairs
    model:  1 input and 6 context units, h_t = tanh([x_t, h_{t-1}] w1), y_t = h_t w2, no
            biases, w1 ~ N(0, 0.4), w2 ~ N(0, 0.3)
    train:  300 epochs of plain SGD, lr 0.1, one point at a time, loss 0.5 (y - target)^2,
            the context carried between points but cut from the gradient (one-step BPTT)

The tutorial prints its loss every 10 epochs but the copy we have shows no numbers, so the
source's figure is None. Beside it, our best configuration on the same 20 pairs: the same
6-unit Elman RNN with biases, trained by full-batch LBFGS through the whole sequence.
"""

from __future__ import annotations

import time

import numpy as np

from ..config import ModelConfig, TrainConfig, to_dict
from ..reference import ElmanRNN, Head, one_step_mse, train_online, tutorial_sine
from ._common import Figure, RecipeResult, torch_setup

NAME = "elman-by-hand"
SOURCE = "the hand-written Elman RNN tutorial"
SUMMARY = "the tutorial's 6-unit Elman RNN trained by hand in NumPy, beside our best fit"
HIDDEN, EPOCHS, LR = 6, 300, 0.1
OURS_MODEL = ModelConfig(cell="rnn", hidden_size=HIDDEN)
# One window holding all 20 steps, every step scored: full BPTT, full batch, so LBFGS fits.
OURS_TRAIN = TrainConfig(optimizer="lbfgs", lr=1.0, epochs=30, loss_on="all", rollout_steps=0,
                         clip_norm=0.0, schedule="none", dtype="float64")


def tutorial_model(rng: np.random.Generator) -> tuple[ElmanRNN, Head]:
    """The tutorial's w1 (7, 6) and w2 (6, 1), drawn as it draws them, in reference form."""
    w1 = rng.normal(0.0, 0.4, (1 + HIDDEN, HIDDEN))  # rows: the input, then the 6 context units
    w2 = rng.normal(0.0, 0.3, (HIDDEN, 1))
    rnn = ElmanRNN(1, HIDDEN, bias=False)
    rnn.layers[0]["W_ih"][...] = w1[:1].T  # (6, 1): [x, h] w1 = x W_ih^T + h W_hh^T
    rnn.layers[0]["W_hh"][...] = w1[1:].T  # (6, 6)
    head = Head.from_weights([(w2.T, None)])  # y = h w2
    return rnn, head


def run(quick: bool = False, seed: int = 0) -> RecipeResult:
    import torch

    from ..data.windows import WindowSet
    from ..models.recurrent import build_model
    from ..training.loop import train

    t0 = time.perf_counter()
    epochs = 30 if quick else EPOCHS
    data = tutorial_sine()  # (21, 1)
    rng = np.random.default_rng(seed)
    rnn, head = tutorial_model(rng)
    t1 = time.perf_counter()
    losses = train_online(rnn, head, data, epochs=epochs, lr=LR)
    hand_seconds = time.perf_counter() - t1
    hand_mse = one_step_mse(rnn, head, data)
    out, _ = rnn.forward(data[None, :-1])
    hand_pred = head.forward(out)[0, :, 0]  # (20,), from a zero context, as the tutorial plots

    ours_cfg = OURS_TRAIN if not quick else TrainConfig(**{**to_dict(OURS_TRAIN), "epochs": 5})
    torch_setup(seed, ours_cfg.threads)
    net = build_model(OURS_MODEL)
    windows = WindowSet.from_segments([data], len(data) - 1, 1)  # one window: all 20 steps
    t2 = time.perf_counter()
    result = train(net, windows, ours_cfg, rng)
    ours_seconds = time.perf_counter() - t2
    with torch.no_grad():
        y, _ = net(torch.as_tensor(data[None, :-1], dtype=torch.float64))
    ours_pred = y[0, :, 0].numpy()
    ours_mse = float(np.mean((ours_pred - data[1:, 0]) ** 2))

    figures = {
        "hand_mse": Figure("one-step MSE over the 20 points, tutorial's RNN by hand (NumPy)",
                           hand_mse, None),
        "hand_final_epoch_loss": Figure("tutorial's printed loss at the last epoch "
                                        "(sum of 0.5 err^2 over 20 points)",
                                        0.5 * (len(data) - 1) * losses[-1], None),
        "ours_mse": Figure("one-step MSE, ours (6-unit Elman, full BPTT, LBFGS)", ours_mse, None,
                           goal="< the tutorial's", met=bool(ours_mse < hand_mse)),
    }
    config = {"seed": seed, "data": "sin(t), 21 points on [2, 10]", "hidden_size": HIDDEN,
              "tutorial": {"epochs": epochs, "lr": LR, "optimizer": "sgd, one point at a time",
                           "init": "w1 ~ N(0, 0.4), w2 ~ N(0, 0.3), numpy default_rng(seed)"},
              "ours": {"model": to_dict(OURS_MODEL), "train": to_dict(ours_cfg)}}
    context = {"hand_loss_by_epoch_mse": losses[:: max(1, epochs // 30)],
               "hand_seconds": hand_seconds, "ours_seconds": ours_seconds,
               "ours_final_loss": result.history["train_loss"][-1]}
    notes = [f"the tutorial's one-step training ends at MSE {hand_mse:.3g}; full BPTT with "
             f"LBFGS on the same 6 units reaches {ours_mse:.3g} "
             f"({hand_mse / max(ours_mse, 1e-300):.0f}x lower) in {ours_seconds:.2f} s",
             "both are fits to the 20 training pairs (the tutorial tests on them too), not forecasts"]
    res = RecipeResult(NAME, SOURCE, quick, figures, config, context, notes)
    t = np.linspace(2, 10, len(data))

    def draw(out):
        from ..report import figures as report

        p1 = report.forecast_figure(
            out / "predictions.png", history=data[:1, 0], truth=data[1:, 0],
            forecasts={"ours (LBFGS, full BPTT)": ours_pred, "tutorial (by hand)": hand_pred},
            start=1, n_history=1, time=t,
            title=f"{NAME}: one-step predictions of sin(t) on [2, 10]")
        hist = {"train_loss": losses, "val_loss": [], "lr": [], "seconds": []}
        return [p1, report.loss_figure(out / "loss.png", hist)]

    res.draw = draw
    res.seconds = time.perf_counter() - t0
    return res
