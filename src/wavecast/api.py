"""The practitioner's Python API: wavecast.fit(data) -> forecaster; forecaster.predict(horizon).

    f = wavecast.fit(df, target="sales", time="date", input_len=24, horizon=12, test_len=12)
    f.metrics["forecasters"]        # the net beside the baselines on the held-out end
    f.predict(12)                   # the 12 steps after the data, a pandas object like the input
    f.save("runs/sales"); wavecast.load("runs/sales").predict(12)
"""

from __future__ import annotations

from pathlib import Path

from .api_words import python_words, speak_python, warn_diagnostics, warn_notes
from .config import Config, override, override_all
from .data.frames import to_pandas_frame
from .data.scaling import Scaler
from .errors import ValidationError
from .forecast_frame import forecast_frame, user_ids
from .keywords import (
    DATA_OPTIONS,
    FILE_OPTIONS,
    SHORTCUTS,
    config_sets,
    flat_config,
    given_params,
)
from .notes_said import data_key, said_of
from .predict_inputs import _dataset, user_path
from .series_forecaster import SeriesForecaster

# what other modules and tests import from wavecast.api, some of it re-exported from the modules
# it was split into (keywords, api_words, series_forecaster, forecast_frame)
__all__ = ["DATA_OPTIONS", "SHORTCUTS", "SeriesForecaster", "config_sets", "fit", "flat_config", "forecast_frame",
           "given_params", "load", "python_words", "speak_python", "warn_notes"]


def _columns(value, role: str) -> tuple[str, ...]:
    """past=/future=/static= as a tuple of column names (one name or a list of them)."""
    if isinstance(value, str):
        value = [value]
    _not_values(value, role)
    try:
        cols = tuple(value)
    except TypeError:
        raise ValidationError(f"{role}= must be a list of column names (got {value!r})") from None
    if not all(isinstance(c, str) for c in cols):
        raise ValidationError(f"{role}= must be a list of column names (got {value!r})")
    return cols


def _not_values(value, role: str) -> None:
    """A DataFrame or a Series of numbers given to fit's past=/future=/static= (sktime's and darts'
    X, the drivers' values beside y) refused in one line saying where the values go: a frame was
    read as its column names and refused as "column 'Temperature' (future=) not found in the
    Series", which blamed the data, not the keyword."""
    import pandas as pd

    if isinstance(value, pd.Series) and (pd.api.types.is_object_dtype(value) or pd.api.types.is_string_dtype(value)):
        return  # a Series of names
    if not isinstance(value, (pd.DataFrame, pd.Series)):
        return
    cols = [str(c) for c in (value.columns if isinstance(value, pd.DataFrame) else [value.name or "x"])]
    then = "; their values after its end go to predict(h, future=...)" if role == "future" else ""
    raise ValidationError(f"{role}= takes the names of columns in the data, not their values (got a "
                          f"{type(value).__name__} of {len(value)} rows, {cols}): join them to the data and name "
                          f"them, wavecast.fit(y.to_frame().join(X), target=..., {role}={cols}){then}")


def _log_epoch(rep) -> None:
    """Progress through logging (logger "wavecast", INFO): one line an epoch."""
    import logging

    val = f" val {rep.val_loss:.3g}" if rep.val_loss is not None else ""
    stage = f"{rep.stage}: " if getattr(rep, "stage", "") else ""  # the direct net's stages
    logging.getLogger("wavecast").info("%sepoch %d/%d loss %.3g%s %.1fs", stage, rep.epoch, rep.epochs,
                                       rep.train_loss, val, rep.elapsed)


@speak_python
def fit(data, target: str = "", time: str = "", id: str = "", *, config: Config | None = None,
        overrides: tuple[str, ...] | list[str] = (), on_epoch=None, past=(), future=(), static=(),
        calendar: bool | None = None, holidays: str = "", **kwargs) -> SeriesForecaster:
    """Train on a pandas Series/DataFrame, a polars or Arrow table, a 1-D NumPy array or a CSV/Parquet path.

    The last test_len points of each series are held out and forecast beside the baselines
    (see .metrics); predict() then continues from the very end of the data. Keywords: the
    shortcuts (cell, num_layers, hidden_size, lr, epochs, input_len, horizon, test_len, kind,
    device, seed: each sets every net it applies to), any config key as section__key (e.g.
    train__lr=1e-3, direct__loss="mse"), and the reader's options: fill="linear", sort=True,
    fill_missing_dates=True, date_order="day-first" | "month-first", and for files encoding,
    header, thousands, sep=";" | "\t" | "|", decimal=",". Covariates (both nets;
    the recursive one forecasts past ones jointly with the target): past=[columns known up to
    the origin], future=[columns known over the horizon: rows
    after each series' end with an empty target, or predict(h, future=df)], static=[one value
    a series], calendar=True (features of the time axis, each part whose cycle the data covers
    twice: a note names those left out), holidays="US" (a country's public holidays, ISO code,
    "AU-VIC" with a subdivision, or a stock exchange's closed days, "NYSE", as future-known columns of each step's day; daily or finer data (weekly: the holidays each week holds);
    it reads the calendar too unless calendar=False: docs/covariates.md). target=["a", "b"]: several targets,
    forecast jointly by one net (metrics["by_target"]; predict gives a target column). Notes on what the run
    decided are warnings (wavecast.WavecastNote), and so are the diagnostics of the held-out
    forecasts (wavecast.WavecastDiagnostic: the net no better than a baseline, ...); progress per
    epoch goes to on_epoch, or to the "wavecast" logger at INFO.
    """
    from .experiment import run

    given = data_key(data)  # (fit's notes are said of it: predict(data=) of the same data says them not again)
    data = to_pandas_frame(data)  # a polars or Arrow table as pandas: user_ids below reads its id column too
    cfg, ds, kind, params = read_for_fit(data, target, time, id, config, overrides, past, future, static,
                                         calendar, kwargs, on_epoch, holidays)
    result = run(cfg, on_epoch=on_epoch or _log_epoch, dataset=ds)
    warn_notes(result.notes)
    warn_diagnostics(result.metrics or {})
    from .forecasters.fallback import BASELINES

    fallback = {k: v for k, v in result.saved_intervals.items() if k in BASELINES}
    if result.final is not None:  # the direct net, trained again on all the data given
        f = SeriesForecaster(None, None, result.config, ds, kind, result.metrics, result, direct=result.final,
                             intervals=result.saved_intervals.get(next(iter(result.forecasters))),
                             fallback_intervals=fallback, params=params)
        f.user_ids = user_ids(data, ds)  # forecasts carry the frame's own ids back, of its dtype
        f._notes_said = said_of(result.notes, given)  # said above: predict() does not say them again
        return f
    scalers = {sid: Scaler.from_params(result.scalers.mean_[i, 0], result.scalers.scale_[i, 0])
               for i, sid in enumerate(ds.ids)}
    net_f = next(iter(result.forecasters.values()))
    f = SeriesForecaster(result.net, result.scaler, result.config, ds, kind, result.metrics, result, scalers,
                         intervals=result.saved_intervals.get(next(iter(result.forecasters))),
                         inputs=getattr(net_f, "inputs", None), fallback_intervals=fallback, params=params)
    f.user_ids = user_ids(data, ds)  # (its bands cover every series fitted: experiment.run's covering)
    f._notes_said = said_of(result.notes, given)
    return f


def read_for_fit(data, target, time, id, config: Config | None, overrides, past, future, static, calendar,
                 kwargs: dict, on_epoch=None, holidays: str = ""):
    """fit's keywords and data as (config, Dataset, kind, params): the config each keyword sets
    (the reader's options, shortcuts, section__key, then overrides=), the data read with the
    covariates named, and the keywords as Forecaster(**params) takes them. Shared with
    wavecast.backtest, so both read data and keywords alike. kwargs: emptied of the reader's."""
    cfg = config or Config()
    given = {k: kwargs.pop(k) for k in DATA_OPTIONS if k in kwargs}
    # The reader's keywords go through the config like data__sep=";" or --set: one check of their
    # values, and the model keeps them, so a later forecast reads new data the same way
    # a section's keys checked together (sep=";", decimal=",", thousands="." was refused one at a
    # time: "decimal '.' is also thousands", the thousands mark set before the decimal one)
    cfg = override_all(cfg, [*config_sets({f"data__{k}": _tab_named(v) for k, v in given.items()}),
                             *config_sets(kwargs), *overrides])
    data_options = _data_options(cfg, data)
    if on_epoch is not None and not callable(on_epoch):  # it failed deep in training, a TypeError
        raise ValidationError(f"on_epoch= must be a function taking each epoch's report (got {on_epoch!r})")
    if cfg.eval.levels != Config().eval.levels:  # given: eval__levels=[0.8] read as a 0.8% band
        from .forecasters.interval_levels import user_levels

        user_levels(cfg.eval.levels, "eval__levels")
    params = given_params(kwargs, cfg, config, overrides)
    # a DataFrame built from an array has integer column labels (pd.DataFrame(arr)[1]): the reader
    # reads every label as text, so target=1 names column '1' (it was refused: "must be a column name")
    target, time, id, past, future, static = (_labels(v, data) for v in (target, time, id, past, future, static))
    covs = {k: _columns(v, k) for k, v in (("past", past), ("future", future), ("static", static))}
    if type(target).__name__ in ("ndarray", "Index") and getattr(target, "ndim", 0) == 1:
        target = [str(t) if isinstance(t, str) else t for t in target]  # df.columns[1:3], np.array([...])
    if isinstance(target, (list, tuple)):  # several targets: one net forecasts them jointly
        if not all(isinstance(t, str) for t in target):
            raise ValidationError(f"target= must be a column name or a list of them (got {target!r})")
        target = ",".join(target)
    elif not isinstance(target, str):
        raise ValidationError(f"target= must be a column name or a list of them (got {target!r})")
    if holidays is None or holidays == "":
        holidays = ""
    elif not isinstance(holidays, str):
        raise ValidationError(f"holidays= must be a country code such as 'US' (or 'AU-VIC' with a subdivision) "
                              f"or a stock exchange's code such as 'NYSE' (got {holidays!r})")
    if calendar is not None and type(calendar).__name__ not in ("bool", "bool_"):  # 'no' and 'false' are truthy:
        # calendar='no' read the calendar, saying so only among the covariates' notes
        raise ValidationError(f"calendar= must be True or False (got {calendar!r})")
    if calendar is None:  # holidays= reads the calendar too: alone they scored worse on every run measured
        calendar = bool(holidays)  # (benchmarks.real births and elecdaily, docs/covariates.md)
    if any(covs.values()) or calendar or holidays:
        data_options.update(covs, calendar=bool(calendar), **({"holidays": holidays} if holidays else {}))
    if (calendar or holidays) and type(data).__name__ in ("ndarray", "list", "tuple", "MaskedArray"):
        # an array: "needs a date/time column (time=...); none was given", a keyword it cannot take
        said = "holidays=" if holidays else "calendar=True"
        raise ValidationError(f"{said} needs the dates of the values; a {type(data).__name__} has none: give a "
                              "pandas Series with a DatetimeIndex, e.g. pd.Series(values, index=pd.date_range("
                              "'2024-01-01', periods=len(values), freq='D'))")
    ds, kind = _dataset(data, target, time, id, **data_options)
    clash_free(ds)
    return cfg, ds, kind, params


def clash_free(ds, more: dict[str, str] | None = None) -> None:
    """The user's columns that predict's forecasts carry (the id and the time; with `more`,
    what else a table holds: {name: what it is}) are no column wavecast writes there: a time
    column named 'forecast' gave predict a frame of the forecasts alone, its times overwritten."""
    import re

    ours = {"forecast": "the forecasts", **({"target": "the target of each row"} if ds.targets else {}),
            **(more or {})}
    for role, name in (("time", ds.time), ("id", ds.id), *((("target", ds.target),) if more and not ds.targets
                                                           else ())):
        what = ours.get(name) or ("a band's bound" if re.fullmatch(r"(lo|hi)-[\d.]+", name or "") else
                                  "the linear AR's forecasts" if more and (name or "").startswith("linear AR(")
                                  else None)
        if name and what:
            raise ValidationError(f"column {name!r} ({role}=) has the name of a column wavecast writes beside it "
                                  f"({what}), which would overwrite it; rename it, e.g. "
                                  f"df.rename(columns={{{name!r}: {name + '_'!r}}})")


def _labels(value, data):
    """A column label that is a number (or a list of them), as the text the reader names it by,
    where `data` is a DataFrame holding that label; anything else as it is."""
    import numbers

    import pandas as pd

    if not isinstance(data, pd.DataFrame):
        return value

    def one(v):
        if isinstance(v, numbers.Number) and not isinstance(v, bool) and v in data.columns:
            return str(v)
        return v

    if isinstance(value, (list, tuple)):
        return type(value)(one(v) for v in value)
    return one(value)


def _tab_named(value):
    """A tab written as itself would be lost as whitespace in an override's text."""
    return "tab" if value == "\t" else value


def _data_options(cfg: Config, data) -> dict:
    """The reader's options that differ from their defaults; a file-only one (sep, thousands, ...)
    refused for data that is not a path, which pandas or NumPy has already parsed."""
    default = Config().data
    options = {k: getattr(cfg.data, k) for k in DATA_OPTIONS if getattr(cfg.data, k) != getattr(default, k)}
    file_only = [k for k in FILE_OPTIONS if k in options]
    if file_only and not isinstance(data, (str, Path)):
        them = "it" if len(file_only) == 1 else "them"
        raise ValidationError(f"{', '.join(f'{k}=' for k in file_only)} read a CSV or Parquet file; a "
                              f"{type(data).__name__} is already parsed: leave {them} out")
    return options


@speak_python
def load(folder: str | Path) -> SeriesForecaster:
    """A saved model (a run folder or its model/ folder), checked and loaded without unpickling."""
    from .errors import ModelFileError
    from .io.data_section_read import read_series_meta
    from .io.modelfile import load as load_model

    folder = user_path(folder, "folder")  # "~/models/sales" as the home folder's, as save wrote it
    m = load_model(folder)
    ds, scalers, starts = read_series_meta(m.meta, m.input_len, folder)
    kind = m.meta.get("api_kind") or ("frame" if (ds.id or ds.time) else "array")
    if kind not in ("array", "series", "frame"):
        raise ModelFileError(f"{folder}: model.json has an unknown api_kind {kind!r}")
    if kind == "series" and m.meta.get("api_unnamed") is True:  # fitted on an unnamed Series
        ds.unnamed = True
    config = m.config
    params = m.meta.get("params")
    if params is not None:  # the keywords it was fitted with: each one Forecaster(**params) takes
        from .config import ConfigError

        try:
            check = Config()
            for item in config_sets(params):  # each key known and each value one its setting takes
                check = override(check, item)
        except (ConfigError, ValueError, TypeError) as exc:
            raise ModelFileError(f"{folder}: model.json is damaged: params: {exc}") from None
    if m.direct is not None:
        return SeriesForecaster(None, None, config, ds, kind, m.meta.get("metrics"), direct=m.direct, starts=starts,
                                intervals=m.intervals, fallback_intervals=m.fallback_intervals,
                                params=params)
    if not scalers:  # a model file from before per-series scaling: it was trained with one scaler
        config = override(config, "data.scaling=global")
    return SeriesForecaster(m.net, m.scaler, config, ds, kind, m.meta.get("metrics"), scalers=scalers,
                            intervals=m.intervals, inputs=m.inputs, fallback_intervals=m.fallback_intervals,
                            params=params)
