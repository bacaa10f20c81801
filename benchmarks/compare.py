"""Darts and NeuralForecast on task 1 (window-lstm), one system and seed per process.

Runs under the interpreter of .venv-compare (the optional `[compare]` extra, kept out of
wavecast's own environment) and prints one JSON line:

    .venv-compare/bin/python -m benchmarks.compare darts-block --seed 0

Every system gets the same model size as wavecast (one LSTM layer of 50, windows of 40)
and otherwise its own defaults, on the raw (unscaled) sine, one CPU thread.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import time
import warnings

import numpy as np

from .window_task import PERIOD, TARGET_MSE, TEST, WINDOW, sine_series

EPOCHS = 10  # the setting for Darts; NeuralForecast gets the same number of windows
SYSTEMS = ("darts-block", "darts-rnn", "neuralforecast")
_QUIET = {"enable_progress_bar": False, "logger": False, "enable_model_summary": False,
          "accelerator": "cpu"}


def _darts(kind: str, seed: int, train: np.ndarray) -> tuple[float, np.ndarray]:
    from darts import TimeSeries
    from darts.models import BlockRNNModel, RNNModel

    series = TimeSeries.from_values(train.astype(np.float32))
    common = dict(model="LSTM", hidden_dim=50, n_rnn_layers=1, n_epochs=EPOCHS,
                  random_state=seed, pl_trainer_kwargs=dict(_QUIET))
    if kind == "darts-block":
        model = BlockRNNModel(input_chunk_length=WINDOW, output_chunk_length=TEST, **common)
    else:  # RNNModel: trained one step ahead on sequences, forecasts free-running
        model = RNNModel(input_chunk_length=WINDOW, training_length=WINDOW + 1, **common)
    t0 = time.perf_counter()
    model.fit(series, verbose=False)
    fit_s = time.perf_counter() - t0
    pred = model.predict(TEST, series=series, verbose=False).values()[:, 0]
    return fit_s, pred


def _neuralforecast(seed: int, train: np.ndarray) -> tuple[float, np.ndarray]:
    import pandas as pd
    from neuralforecast import NeuralForecast
    from neuralforecast.models import LSTM

    df = pd.DataFrame({"unique_id": "sine", "ds": np.arange(len(train)), "y": train})
    n_windows = len(train) - WINDOW - TEST + 1
    steps = math.ceil(EPOCHS * n_windows / 128)  # 128 = its windows_batch_size
    model = LSTM(h=TEST, input_size=WINDOW, encoder_n_layers=1, encoder_hidden_size=50,
                 max_steps=steps, random_seed=seed, **_QUIET)
    nf = NeuralForecast(models=[model], freq=1)
    t0 = time.perf_counter()
    nf.fit(df)
    fit_s = time.perf_counter() - t0
    pred = nf.predict()["LSTM"].to_numpy()
    return fit_s, pred


def run(system: str, seed: int) -> dict:
    import torch

    torch.set_num_threads(1)
    warnings.filterwarnings("ignore")
    for name in ("pytorch_lightning", "lightning", "lightning.pytorch", "lightning_fabric"):
        logging.getLogger(name).setLevel(logging.ERROR)
    y = sine_series()
    train, truth = y[:-TEST], y[-TEST:]
    if system == "neuralforecast":
        fit_s, pred = _neuralforecast(seed, train)
    else:
        fit_s, pred = _darts(system, seed, train)
    mse = float(np.mean((np.asarray(pred, dtype=np.float64) - truth) ** 2))
    return {"system": system, "seed": seed, "train_s": fit_s, "mse": mse,
            "time_to_target_s": fit_s if mse <= TARGET_MSE else None, "period": PERIOD}


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m benchmarks.compare")
    p.add_argument("system", choices=SYSTEMS)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args(argv)
    print(json.dumps(run(a.system, a.seed)))


if __name__ == "__main__":
    main()
