"""wavecast: recurrent networks (RNN, LSTM, GRU) for time-series forecasting, done right.

The public API is re-exported here lazily, so `import wavecast` does not import torch.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_EXPORTS = {
    "Config": "config",
    "load_config": ("config", "load"),
    "WavecastError": "errors",
    "ConfigError": "errors",
    "ValidationError": "errors",
    "ModelFileError": "errors",
    "NotFittedError": "errors",
    "TrainingDivergedError": "errors",
    "sine": "data.signals",
    "noisy_sine": "data.signals",
    "sum_of_sines": "data.signals",
    "split_in_time": "data.windows",
    "Scaler": "data.scaling",
    "make_windows": "data.windows",
    "WindowSet": "data.windows",
    "RecurrentNet": "models.recurrent",
    "build_model": "models.recurrent",
    "train": "training.loop",
    "TrainResult": "training.loop",
    "NetForecaster": "forecasters.net",
    "rollout": "forecasters.net",
    "LastValue": "forecasters.baselines",
    "SeasonalNaive": "forecasters.baselines",
    "LinearAR": "forecasters.baselines",
    "MeanForecast": "forecasters.baselines",
    "Theta": "forecasters.theta",
    "run": "experiment",
    "ExperimentResult": "experiment",
    "fit": "api",
    "Forecaster": "estimator",
    "WavecastNote": "errors",
    "WavecastDiagnostic": "errors",
    "load": "api",
    "backtest": "cross_validation",
    "Backtest": "cross_validation",
    "plot": "plotting",
    "aggregate": "hierarchy",
    "reconcile": "hierarchy",
    "Hierarchy": "hierarchy",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    target = _EXPORTS.get(name)
    if target is None:
        raise AttributeError(f"module 'wavecast' has no attribute {name!r}")
    module, attr = target if isinstance(target, tuple) else (target, name)
    value = getattr(importlib.import_module(f".{module}", __name__), attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
