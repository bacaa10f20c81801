"""noisy-sine, after the MXNet forum answer: an LSTM on a sine with phase noise.

    x_t = sin(2 pi t / 10 + 0.2 u_t),  u_t ~ U[-1, 1],  t = 0 .. 5000
    windows of 50 -> the next value;  first 60 % train, last 40 % test

The noise is fresh at every step, so no forecaster can beat the noise floor
(signals.phase_noise_floor_mse: RMSE 0.08143); the answer reports test RMSE 0.086. We also
score the oracle (the best predictor, sinc(r) sin(theta_t), which knows the clean phase) on
the same test windows, since 2000 test points put the floor itself within about 1.5 %.

Reading the answer's code: its RMSE metric objects are created once and never reset, so each
printed figure is the average over every epoch so far (which is why its train RMSE, dragged
up by the first epochs, stays above its test RMSE); and the loop as posted calls neither
backward() nor trainer.step(), lines probably lost in the copy. Its 0.086 is taken as given.
"""

from __future__ import annotations

import time

import numpy as np

from ..config import ModelConfig, TrainConfig, to_dict
from ..data.scaling import Scaler
from ..data.signals import noisy_sine, phase_noise_floor_mse
from ..data.windows import WindowSet, make_windows
from ..evaluate.metrics import rmse
from ..forecasters.baselines import LinearAR, SeasonalNaive
from ._common import Figure, RecipeResult, torch_setup

NAME = "noisy-sine"
SOURCE = "the MXNet forum answer"
SUMMARY = "LSTM on a phase-noise sine (10 a cycle), one step ahead, against the noise floor"
REPORTED_RMSE = 0.086  # test RMSE after 10 epochs, as the answer prints it
PERIOD, CYCLES, PHASE_NOISE, INPUT_LEN, TEST_SHARE = 10, 500, 0.2, 50, 0.4

MODEL = ModelConfig(cell="lstm", hidden_size=32)
# loss_on="all": every step of a window predicts its successor, 50 targets per window
# instead of 1; a free-running loss would only chase the noise, so it is off.
TRAIN = TrainConfig(optimizer="adam", lr=0.01, epochs=40, batch_size=64, loss_on="all",
                    rollout_steps=0)


def run(quick: bool = False, seed: int = 0) -> RecipeResult:

    from ..forecasters.net import NetForecaster
    from ..models.recurrent import build_model
    from ..training.loop import train

    t0 = time.perf_counter()
    cycles = 60 if quick else CYCLES
    train_cfg = TrainConfig(**{**to_dict(TRAIN), "epochs": 2 if quick else TRAIN.epochs})
    rng = np.random.default_rng(seed)
    data_rng, train_rng = rng.spawn(2)
    n = PERIOD * cycles + 1  # the answer's 5001 samples
    x = noisy_sine(n, PERIOD, data_rng, phase_noise=PHASE_NOISE)[:, None]  # (N, 1)
    n_train = int(n * (1 - TEST_SHARE))
    scaler = Scaler().fit(x[:n_train])
    z = scaler.transform(x)
    windows = WindowSet.from_segments([z[:n_train]], INPUT_LEN, 1)

    torch_setup(seed, train_cfg.threads)
    net = build_model(MODEL)
    result = train(net, windows, train_cfg, train_rng)

    # Test windows lie wholly in the test part, as in the answer: (W, 50, 1) -> next value.
    ctx, truth = make_windows(x[n_train:], INPUT_LEN, 1)
    preds = {"LSTM": NetForecaster(net, scaler, INPUT_LEN).predict(ctx, 1)}
    preds["seasonal naive"] = SeasonalNaive(PERIOD).fit().predict(ctx, 1)
    preds["linear AR(50)"] = LinearAR(INPUT_LEN).fit(x[:n_train]).predict(ctx, 1)
    t = np.arange(n_train + INPUT_LEN, n)  # the time of each test target
    sinc = np.sin(PHASE_NOISE) / PHASE_NOISE
    preds["oracle"] = (sinc * np.sin(2 * np.pi * t / PERIOD))[:, None, None]
    scores = {k: float(rmse(p, truth)) for k, p in preds.items()}
    floor = float(np.sqrt(phase_noise_floor_mse(PHASE_NOISE)))
    ours = scores["LSTM"]
    figures = {
        "test_rmse": Figure("one-step test RMSE", ours, REPORTED_RMSE,
                            goal=f"<= 1.01 x noise floor = {1.01 * floor:.5f}",
                            met=bool(ours <= 1.01 * floor)),
        "noise_floor_rmse": Figure("noise floor, RMSE (analytic)", floor, None),
    }
    config = {"seed": seed, "period": PERIOD, "cycles": cycles, "phase_noise": PHASE_NOISE,
              "input_len": INPUT_LEN, "test_share": TEST_SHARE, "model": to_dict(MODEL),
              "train": to_dict(train_cfg)}
    context = {"rmse": scores, "ratio_to_floor": ours / floor,
               "ratio_to_oracle": ours / scores["oracle"], "n_test_windows": len(ctx),
               "train_seconds": result.seconds, "final_train_loss": result.history["train_loss"][-1]}
    notes = [f"LSTM test RMSE {ours:.5f} is {100 * (ours / floor - 1):+.2f} % from the noise "
             f"floor {floor:.5f}; the oracle scores {scores['oracle']:.5f} on these test windows",
             "the answer's printed RMSE averages over all epochs so far (its metric is never "
             "reset), so its 0.086 is a running mean, not the last epoch's error"]
    res = RecipeResult(NAME, SOURCE, quick, figures, config, context, notes)
    hist = x[n_train : n_train + INPUT_LEN + 60, 0]

    def draw(out):
        from ..report import figures as report

        show = slice(0, 60)
        p1 = report.forecast_figure(
            out / "forecast.png", history=hist[:INPUT_LEN], truth=truth[show, 0, 0],
            forecasts={k: v[show, 0, 0] for k, v in preds.items()}, start=n_train + INPUT_LEN,
            title=f"{NAME}: one-step predictions on the test part (RMSE {ours:.4f}, floor {floor:.4f})")
        return [p1, report.loss_figure(out / "loss.png", result.history)]

    res.draw = draw
    res.seconds = time.perf_counter() - t0
    return res
