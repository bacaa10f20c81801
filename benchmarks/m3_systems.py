"""The systems of the M3 benchmark: each is fit(train, horizon, season, seed) -> (S, H) forecast.

wavecast's pipeline and its Theta baseline, statsforecast's SeasonalNaive, Naive, AutoETS,
AutoTheta and Theta, and the recurrent nets of Darts (RNNModel, BlockRNNModel) and NeuralForecast (LSTM) at their defaults.
Imports happen inside the functions: a system whose library is missing is reported as such.
"""

from __future__ import annotations

import math

import numpy as np

STATS = {"seasonal-naive": "SeasonalNaive", "naive": "Naive", "autoets": "AutoETS",
         "autotheta": "AutoTheta", "theta": "Theta"}
NETS = ("darts-rnn", "darts-block", "neuralforecast-lstm")
SYSTEMS = ("wavecast", "wavecast-fit", "wavecast-theta", *STATS, *NETS)
DEFAULT_SYSTEMS = ("wavecast", "wavecast-fit", "wavecast-theta", *STATS)
LIBRARY = {**dict.fromkeys(STATS, "statsforecast"), "darts-rnn": "darts", "darts-block": "darts",
           "neuralforecast-lstm": "neuralforecast", "wavecast": "wavecast", "wavecast-fit": "wavecast",
           "wavecast-theta": "wavecast"}


def wavecast(train, horizon, season, seed, settings=None):
    from wavecast.forecasters.global_net import GlobalNetForecaster

    model = GlobalNetForecaster(seed=seed, **(settings or {})).fit(train, horizon, season)
    return model.predict(train, horizon), model.info_


def wavecast_fit(train, horizon, season, seed, settings=None, levels=()):
    """What a user runs: wavecast.fit on the training parts with every default (the direct
    net, the held-out check of the last `horizon` points and its baselines, conformal bands,
    then the final model trained on all of it), then predict(horizon). M3's time column is an
    index 1..n, so its season (12, 4, 1) is given as eval.period: what a user with dated data
    gets from the frequency. levels: also predict's bands there, in info["bands"] as
    {level: (lo, hi)} each (S, horizon) (the point forecasts are the same with or without)."""
    import wavecast

    df = _long(train)
    sets = [f"eval.period={season}", f"seed={seed}", *(f"{k}={v}" for k, v in (settings or {}).items())]
    f = wavecast.fit(df, target="y", time="ds", id="unique_id", horizon=horizon, overrides=sets)
    out = f.predict(horizon, **({"level": list(levels)} if levels else {}))
    info = {"train_s": f.result.seconds.get("train"), "total_s": f.result.seconds.get("total"),
            **{k: v for k, v in f.metrics.get("train", {}).items() if isinstance(v, (int, float))}}
    if levels:
        shape = (len(train), horizon)
        info["bands"] = {lv: (out[f"lo-{lv:g}"].to_numpy(np.float64).reshape(shape),
                              out[f"hi-{lv:g}"].to_numpy(np.float64).reshape(shape)) for lv in levels}
    return out["forecast"].to_numpy(np.float64).reshape(len(train), horizon), info


def wavecast_theta(train, horizon, season, seed, settings=None):
    """wavecast's Theta baseline (forecasters/theta.py), the one beside every forecast, fitted on
    each series' training part and forecast from its end: statsforecast's Theta beside it checks it."""
    from wavecast.forecasters.theta import Theta

    longest = max(len(y) for y in train)
    context = np.full((len(train), longest, 1), np.nan)  # each history ends at the origin, padded in front
    for i, y in enumerate(train):
        context[i, longest - len(y):, 0] = y
    model = Theta(season).fit(train)
    return model.predict(context, horizon, series=np.arange(len(train)))[:, :, 0], {}


def _long(train):
    import pandas as pd

    return pd.DataFrame({
        "unique_id": np.repeat(np.arange(len(train)), [len(y) for y in train]),
        "ds": np.concatenate([np.arange(len(y)) for y in train]),
        "y": np.concatenate(train),
    })


def statsforecast(name):
    def run(train, horizon, season, seed, settings=None):
        import statsforecast.models as sm
        from statsforecast import StatsForecast

        cls = getattr(sm, STATS[name])
        model = cls(season_length=season) if name != "naive" else cls()
        sf = StatsForecast(models=[model], freq=1, n_jobs=1)
        out = sf.forecast(df=_long(train), h=horizon)
        col = [c for c in out.columns if c not in ("unique_id", "ds")][0]
        out = out.sort_values(["unique_id", "ds"])
        return out[col].to_numpy(np.float64).reshape(len(train), horizon), {}
    return run


def darts(kind):
    def run(train, horizon, season, seed, settings=None):
        from darts import TimeSeries
        from darts.models import BlockRNNModel, RNNModel

        input_len = math.ceil(1.25 * max(horizon, season))  # the same context as wavecast's
        input_len = min(input_len, min(len(y) for y in train) - horizon)
        series = [TimeSeries.from_values(y.astype(np.float32)) for y in train]
        quiet = {"enable_progress_bar": False, "logger": False, "enable_model_summary": False,
                 "accelerator": "cpu"}
        if kind == "darts-block":
            model = BlockRNNModel(input_chunk_length=input_len, output_chunk_length=horizon,
                                  model="LSTM", random_state=seed, pl_trainer_kwargs=quiet)
        else:
            # its default training_length (24) needs series of 25+ points: shortened to fit
            training_length = max(input_len + 1, min(24, min(len(y) for y in train) - 1))
            model = RNNModel(input_chunk_length=input_len, training_length=training_length,
                             model="LSTM", random_state=seed, pl_trainer_kwargs=quiet)
        model.fit(series, verbose=False)
        pred = model.predict(horizon, series=series, verbose=False)
        return np.stack([p.values()[:, 0] for p in pred]).astype(np.float64), {}
    return run


def neuralforecast_lstm(train, horizon, season, seed, settings=None):
    from neuralforecast import NeuralForecast
    from neuralforecast.models import LSTM

    quiet = {"enable_progress_bar": False, "logger": False, "enable_model_summary": False,
             "accelerator": "cpu"}
    # start padding: its default input (3 x horizon) is longer than M3's shortest yearly series
    model = LSTM(h=horizon, random_seed=seed, start_padding_enabled=True, **quiet)
    nf = NeuralForecast(models=[model], freq=1)
    df = _long(train)
    nf.fit(df)
    out = nf.predict().sort_values(["unique_id", "ds"])
    return out["LSTM"].to_numpy(np.float64).reshape(len(train), horizon), {}


def get(name):
    if name == "wavecast":
        return wavecast
    if name == "wavecast-fit":
        return wavecast_fit
    if name == "wavecast-theta":
        return wavecast_theta
    if name in STATS:
        return statsforecast(name)
    if name in ("darts-rnn", "darts-block"):
        return darts(name)
    if name == "neuralforecast-lstm":
        return neuralforecast_lstm
    raise ValueError(f"unknown system {name!r}; choose from {SYSTEMS}")
