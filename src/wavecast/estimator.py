"""wavecast.Forecaster: the pipeline as a scikit-learn style estimator.

    f = wavecast.Forecaster(cell="gru", num_layers=2, horizon=12, train__lr=1e-3)
    f.fit(df, target="sales", time="date")       # returns f
    f.predict(12, level=[80, 95])                # a DataFrame like the input's
    f.get_params(); f.set_params(direct__loss="mse"); repr(f)

Every config key is a keyword as section__key (scikit-learn's nested-parameter spelling);
"section.key" is accepted too (Forecaster(**{"train.lr": 1e-3})) and stored as train__lr.
Built on api.fit and SeriesForecaster; wavecast.fit stays the short form.
"""

from __future__ import annotations

from pathlib import Path

from .api import SHORTCUTS, config_sets, fit, load, python_words, speak_python
from .errors import NotFittedError, ValidationError

FILE_SUFFIXES = (".csv", ".tsv", ".txt", ".parquet", ".pq", ".gz", ".zip")  # a data file given as level=


class Forecaster:
    """A recurrent-network forecaster with scikit-learn's conventions.

    Parameters
    ----------
    cell, num_layers, hidden_size, lr, epochs : the network; each sets every net it applies
        to (the direct net for data files, the recursive net for model.kind="recursive").
    input_len, horizon, test_len : the windows; None derives them from the data.
    kind : "auto" | "recursive" | "direct".
    device : "cpu" | "cuda" | "auto" (train.device): where either net trains; the fitted
        model forecasts (and is saved) from the CPU for the direct net.
    seed : the one source of randomness.
    on_epoch : a callback given each epoch's report (epoch, epochs, train_loss, val_loss,
        elapsed, stage: the direct net's "early stopping", "training", "final model: training");
        default: the "wavecast" logger at INFO.
    **config : any config key as section__key, e.g. train__lr=1e-3, direct__loss="mse".

    Attributes after fit: forecaster_ (api.SeriesForecaster), metrics_, config_ (resolved),
    notes_ (also issued as warnings), scores_ (the held-out scores table; also scores),
    driver_importance_ (with drivers: each one's held-out score permuted).
    """

    def __init__(self, cell: str | None = None, num_layers: int | None = None, hidden_size: int | None = None,
                 lr: float | None = None, epochs: int | None = None, input_len: int | None = None,
                 horizon: int | None = None, test_len: int | None = None, kind: str | None = None,
                 device: str | None = None, seed: int | None = None, on_epoch=None, **config) -> None:
        self.cell, self.num_layers, self.hidden_size, self.lr, self.epochs = cell, num_layers, hidden_size, lr, epochs
        self.input_len, self.horizon, self.test_len = input_len, horizon, test_len
        self.kind, self.device, self.seed, self.on_epoch = kind, device, seed, on_epoch
        self._config: dict = {}
        self._set_config(config)

    def _set_config(self, config: dict) -> None:
        named = {k.replace(".", "__"): v for k, v in config.items()}
        config_sets(named)  # an unknown key fails here, at construction, with its name
        self._config.update(named)

    # -- scikit-learn's parameter protocol
    def get_params(self, deep: bool = True) -> dict:
        """Every parameter by its keyword: the shortcuts, on_epoch and each section__key given."""
        return {**{k: getattr(self, k) for k in (*SHORTCUTS, "on_epoch")}, **self._config}

    def set_params(self, **params) -> Forecaster:
        """Set parameters by keyword (as in the constructor); returns self."""
        for k, v in params.items():
            if k in SHORTCUTS or k == "on_epoch":
                setattr(self, k, v)
            else:
                self._set_config({k: v})
        return self

    def __repr__(self) -> str:
        shown = [f"{k}={v!r}" for k, v in self.get_params().items() if v is not None]
        return f"Forecaster({', '.join(shown)})"

    # -- fit / predict
    def fit(self, data, target: str = "", time: str = "", id: str = "", **data_options) -> Forecaster:
        """Train on a pandas Series/DataFrame, a polars or Arrow table, a 1-D array or a CSV/Parquet
        path; returns self.

        data_options: fill="linear", sort=True, fill_missing_dates=True, encoding, header,
        thousands (the reader's); covariates past=[...], future=[...], static=[...],
        calendar=True, holidays="US" (see wavecast.fit). Notes are issued as warnings (wavecast.WavecastNote).
        """
        _refuse_params(data_options)
        params = {k: v for k, v in self.get_params().items() if k != "on_epoch"}
        f = fit(data, target, time, id, on_epoch=self.on_epoch, **params, **data_options)
        self.forecaster_, self.metrics_, self.config_ = f, f.metrics, f.config
        self.notes_ = [python_words(n) for n in f.result.notes] if f.result is not None else []
        return self

    def __getattr__(self, name: str):
        from .keywords import no_method

        return no_method(self, name)  # f.cross_validation(df) names wavecast.backtest

    def _fitted(self):
        f = getattr(self, "forecaster_", None)
        if f is None:
            raise NotFittedError("this Forecaster is not fitted yet; call fit(data) first")
        return f

    @speak_python
    def predict(self, horizon: int | None = None, level=(), data=None, future=None, **columns):
        """Forecast `horizon` steps after the data fitted (or after `data`), by default the model's
        own horizon (the steps it was trained and scored on); level=[80, 95] adds
        conformal bands (lo-80, hi-80, ...). The same kind as the input: an array, a Series or a
        long DataFrame (id, time, forecast). future: the future covariates over the horizon.
        (The object wavecast.fit returns takes data second, predict(horizon, data, level): give
        level= by keyword and either reads it; a list of levels given second there is refused.)"""
        f = self._fitted()
        _refuse_data_as_level(level, f.input_len if f.direct is None else f.direct.input_len, horizon)
        return f.predict(horizon, data=data, level=level, future=future, **columns)

    @property
    def scores_(self):
        """The held-out scores as a DataFrame, one row a forecaster (the net first, then the
        baselines), as wavecast.fit(...).scores: MSE, RMSE, MAE, sMAPE, MASE, coverage-80, ..."""
        return self._fitted().scores

    scores = scores_  # the name wavecast.fit's model (and the README) gives it

    @property
    def driver_importance_(self):
        """Which drivers mattered, as wavecast.fit(...).driver_importance: one row a driver."""
        return self._fitted().driver_importance

    def save(self, folder: str | Path, overwrite: bool = False) -> Path:
        """Write folder/model/ (no pickle); Forecaster.load(folder) or wavecast.load(folder)."""
        return self._fitted().save(folder, overwrite=overwrite)

    @classmethod
    def load(cls, folder: str | Path) -> Forecaster:
        """A fitted Forecaster from a saved model, with the parameters it was trained with: each
        keyword given (on_epoch aside), so that a clone, type(f)(**f.get_params()), trains as it
        did. A model saved without them (by `wavecast run`, or before they were kept): the
        shortcuts and every config key whose value differs from the defaults, as trained."""
        f = load(folder)
        out = cls(**f.get_params())
        out.forecaster_, out.metrics_, out.config_, out.notes_ = f, f.metrics, f.config, []
        return out


def _refuse_data_as_level(level, window: int, horizon) -> None:
    """predict(4, df) in wavecast.fit's order (horizon, data) read df as the levels, and the line
    on levels printed the whole frame (the data's repr, many lines): refused in one line naming
    data=. Data is a DataFrame, a file (a path, or a name ending .csv, .parquet ...), a table,
    or numbers (a Series, an array) as many as the net's window and at least 10 (no one asks for 10 levels)."""
    import os

    import numpy as np
    import pandas as pd

    named_file = isinstance(level, str) and (os.path.splitext(level)[1].lower() in FILE_SUFFIXES
                                             or os.path.exists(level))
    if isinstance(level, os.PathLike) or named_file:
        what = f"the file {str(level)!r}"
    elif isinstance(level, pd.DataFrame):
        what = f"a DataFrame of {len(level)} rows"
    elif np.ndim(level) > 1 or (np.ndim(level) == 1 and len(level) >= max(window, 10)):
        what = f"a {type(level).__name__} of {np.size(level)} values"
    else:
        return
    h = "" if horizon is None else f"{horizon!r}, "
    raise ValidationError(f"Forecaster.predict(horizon, level, data) reads its second argument as level= and got "
                          f"{what}: give the data by keyword, predict({h}data=...) (wavecast.fit's model takes "
                          "data second)")


def _refuse_params(given: dict) -> None:
    """fit(data, epochs=2): a parameter given to fit() failed as "got multiple values for keyword
    argument" where the Forecaster had it too, and was trained with, unseen by get_params (a clone
    trained otherwise), where it had not. fit() takes the data's options; parameters go to the
    Forecaster. (data__ keys are the reader's options, as fit's sep= or fill=.)"""
    from .config import ConfigError

    def is_param(name: str) -> bool:
        if name in SHORTCUTS or name == "on_epoch":
            return True
        if name.replace(".", "__").startswith("data__"):
            return False
        try:
            config_sets({name: 0})
        except ConfigError:
            return False  # not a config key: fit() says what it is
        return True

    params = [k for k in given if is_param(k)]
    if params:
        said = ", ".join(f"{k}=" for k in params)
        raise ValidationError(f"{said} {'is a parameter' if len(params) == 1 else 'are parameters'} of the "
                              f"Forecaster, not of fit(): give {'it' if len(params) == 1 else 'them'} to "
                              f"Forecaster(...) or set_params(...), so get_params() and a clone have "
                              f"{'it' if len(params) == 1 else 'them'} too")
