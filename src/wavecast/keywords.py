"""Python's keywords <-> dotted config keys: shortcuts and section__key as overrides, the keywords
a fit was given or a saved model trained with, a dotted key as fit() takes it (python_key).
Messages in Python's words are api_words.py's."""

from __future__ import annotations

import numpy as np

from .config import Config, override_text

# Keywords that set one idea in every net it applies to (model.* is the recursive net's,
# direct.* the direct net's: data files get the direct net unless model.kind says otherwise).
SHORTCUTS = {
    "cell": ("model.cell", "direct.cell"),
    "num_layers": ("model.num_layers", "direct.num_layers"),
    "hidden_size": ("model.hidden_size", "direct.hidden_size"),
    "lr": ("train.lr", "direct.lr"),
    "epochs": ("train.epochs", "direct.max_epochs"),
    "input_len": ("window.input_len",),
    "horizon": ("window.horizon",),
    "test_len": ("window.test_len",),
    "kind": ("model.kind",),
    "device": ("train.device",),
    "seed": ("seed",),
}
# The reader's options as fit() keywords (each also a data__ key); FILE_OPTIONS apply to a CSV
# or Parquet path only: a DataFrame is already parsed.
FILE_OPTIONS = ("encoding", "header", "thousands", "sep", "decimal")
DATA_OPTIONS = ("fill", "sort", "fill_missing_dates", "date_order", *FILE_OPTIONS)


# Other libraries' names for a keyword wavecast spells otherwise (NeuralForecast's and
# statsforecast's cross_validation, their forecast's h; NeuralForecast's and Darts' models,
# covariates and historical_forecasts): said after "did you mean". Only names whose meaning is
# wavecast's keyword's; a covariate's frame or series becomes columns of the data, named.
FOREIGN = {"n_windows": "origins= (wavecast.backtest's; NeuralForecast's n_windows)",
           "step_size": "stride= (wavecast.backtest's; NeuralForecast's step_size)",
           "h": "horizon= (statsforecast's and NeuralForecast's h)",
           "forecast_horizon": "horizon= (Darts' forecast_horizon)",
           "retrain": "refit=True or refit_every=K (wavecast.backtest's; Darts' retrain)",
           "input_size": "input_len= (NeuralForecast's input_size)",
           "input_chunk_length": "input_len= (Darts' input_chunk_length)",
           "output_chunk_length": "horizon= (Darts' output_chunk_length)",
           "max_steps": "epochs= (NeuralForecast's max_steps counts batches, epochs= passes over the data)",
           "n_epochs": "epochs= (Darts' n_epochs)",
           "learning_rate": "lr= (NeuralForecast's learning_rate)",
           "random_seed": "seed= (NeuralForecast's random_seed)",
           "random_state": "seed= (Darts' random_state)",
           "encoder_hidden_size": "hidden_size= (NeuralForecast's encoder_hidden_size)",
           "hidden_dim": "hidden_size= (Darts' hidden_dim)",
           "encoder_n_layers": "num_layers= (NeuralForecast's encoder_n_layers)",
           "n_rnn_layers": "num_layers= (Darts' n_rnn_layers)",
           "model": "cell='lstm', 'gru' or 'rnn' (Darts' RNNModel(model='LSTM'))",
           "hist_exog_list": "past=[...] (NeuralForecast's hist_exog_list: columns of the data)",
           "futr_exog_list": "future=[...] (NeuralForecast's futr_exog_list: columns of the data)",
           "stat_exog_list": "static=[...] (NeuralForecast's stat_exog_list: columns of the data)",
           "static_df": "static=[...] (NeuralForecast's static_df: merge it into the data on the id, name its columns)",
           "past_covariates": "past=[...] (Darts' past_covariates: columns of the data, named)",
           "future_covariates": "future=[...] (Darts' future_covariates: columns of the data, named)",
           "static_covariates": "static=[...] (Darts' static_covariates: columns of the data, named)"}
# predict's: NeuralForecast's predict(df=, futr_df=), Darts' predict(n, series=, num_samples=, ...)
FOREIGN_PREDICT = {"h": "horizon= (statsforecast's and NeuralForecast's h)",
                   "n": "horizon= (Darts' predict(n))",
                   "num_samples": "level=[80, 95] (bands at these levels, not sample paths; Darts' num_samples)",
                   "df": "data= (newer history; NeuralForecast's df)",
                   "series": "data= (newer history; Darts' series)",
                   "futr_df": "future= (NeuralForecast's futr_df)",
                   "future_covariates": "future= (Darts' future_covariates)",
                   "past_covariates": "data= (the history with its past covariates' columns; Darts' past_covariates)"}


# Other libraries' methods of a fitted model, which wavecast has as functions of the package
FOREIGN_METHODS = {"cross_validation": "wavecast.backtest(data, ..., origins=, stride=) (NeuralForecast's cross_validation)",
                   "historical_forecasts": "wavecast.backtest(data, ..., origins=, stride=) (Darts' historical_forecasts)",
                   "backtest": "wavecast.backtest(data, ..., origins=, stride=), which trains its own models",
                   "predict_quantiles": "predict(h, level=[80, 95]) (bands at these levels)"}


def no_method(obj, name: str):
    """AttributeError for a method another library's model has (f.cross_validation(df), Darts'
    historical_forecasts), naming wavecast's function; any other name as Python says it."""
    if name in FOREIGN_METHODS:
        raise AttributeError(f"{type(obj).__name__!r} object has no attribute {name!r}; "
                             f"use {FOREIGN_METHODS[name]}")
    return object.__getattribute__(obj, name)  # a property's own AttributeError, as it was

def config_key(name: str) -> str:
    """A keyword as a dotted config key: train__lr and "train.lr" are both train.lr."""
    return name.replace("__", ".")


def config_sets(params: dict) -> list[str]:
    """Keywords (shortcuts, section__key or "section.key") as dotted overrides; an unknown one
    is a ConfigError naming it the Python way."""
    from .config import ConfigError, to_dict

    known = {f"{s}.{k}" for s, sub in to_dict(Config()).items() if isinstance(sub, dict) for k in sub}
    known |= {k for k, v in to_dict(Config()).items() if not isinstance(v, dict)}
    sets = []
    for name, value in params.items():
        if name in SHORTCUTS:
            if value is not None:
                sets += [f"{key}={override_text(value)}" for key in SHORTCUTS[name]]
            continue
        key = config_key(name)
        if key not in known and name in ("level", "levels"):  # predict's keyword, given to fit
            raise ConfigError(f"{name}= is predict's: predict(horizon, level=[80, 95]); the levels fit calibrates "
                              "and scores are eval__levels=[80, 95] (the default)")
        if key not in known:
            from .config import keys_named

            # max_epochs=5 is direct__max_epochs: said, not left to the list of examples
            there = [k.replace(".", "__") for k in keys_named(key.rsplit(".", 1)[-1]) if k != key]
            there += [FOREIGN[name]] if name in FOREIGN else []
            raise ConfigError(f"unknown argument {name!r}: not a shortcut ({', '.join(SHORTCUTS)}), a data "
                              f"option ({', '.join(DATA_OPTIONS)}) or a config key such as train__lr or "
                              "model__hidden_size" + (f"; did you mean {' or '.join(there)}?" if there else ""))
        sets.append(f"{key}={override_text(value)}")
    return sets


def _plain(value):
    """A keyword's value as JSON keeps it (NumPy scalars as Python's, tuples as lists)."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    return override_text(value)  # e.g. a Path: the config reads its text


def flat_config(cfg: Config) -> dict:
    """Every config value by its dotted key (section.key, or a top-level key such as seed)."""
    from .config import to_dict

    out = {}
    for name, sub in to_dict(cfg).items():
        if isinstance(sub, dict):
            out.update({f"{name}.{k}": v for k, v in sub.items()})
        else:
            out[name] = sub
    return out


def given_params(kwargs: dict, cfg: Config, config: Config | None = None, overrides=()) -> dict:
    """The keywords a fit was given, as Forecaster(**params) takes them (shortcuts and
    section__key), in the order they apply: kwargs as given, then each key that config= (where
    it differs from the defaults) or overrides= set, with its value before the run derives any
    (cfg). A Forecaster built from them trains as this fit did."""
    params = {k.replace(".", "__"): _plain(v) for k, v in kwargs.items()}
    keys = {o.split("=", 1)[0].strip() for o in overrides}
    flat = flat_config(cfg)
    if config is not None:
        default = flat_config(Config())
        keys |= {k for k, v in flat_config(config).items() if v != default.get(k)}
    for key in sorted(keys):
        if key in flat:  # (an unknown key failed in override already)
            name = key.replace(".", "__")
            params.pop(name, None)  # applied last, as the override was
            params[name] = flat[key]
    return params


def trained_params(cfg: Config) -> dict:
    """The keywords of a model saved without those it was fitted with (by `wavecast run`, or
    before they were kept), read from the config it trained with: the shortcuts of the net it
    has and every other key whose value differs from the defaults. A Forecaster built from them
    trains as that model did."""
    direct = cfg.model.kind == "direct"
    net = cfg.direct if direct else cfg.model
    shortcuts = {"cell": net.cell, "num_layers": net.num_layers, "hidden_size": net.hidden_size,
                 "input_len": cfg.window.input_len, "horizon": cfg.window.horizon,
                 "test_len": cfg.window.test_len, "kind": cfg.model.kind, "seed": cfg.seed}
    covered = {key for name, value in shortcuts.items() if value is not None for key in SHORTCUTS[name]}
    default = flat_config(type(cfg)())
    return {**shortcuts, **{key.replace(".", "__"): v for key, v in flat_config(cfg).items()
                            if key not in covered | {"seed"} and v != default.get(key)
                            and (direct or not key.startswith("direct."))}}


def python_key(key: str) -> str:
    """A dotted config key as fit() takes it: a shortcut's key (train.epochs, direct.max_epochs)
    by the shortcut's name (epochs), a reader's option (data.sep) by its keyword (sep), any other
    as section__key."""
    if key.startswith("data.") and key[5:] in DATA_OPTIONS:
        return key[5:]
    return next((name for name, keys in SHORTCUTS.items() if key in keys), key.replace(".", "__"))
