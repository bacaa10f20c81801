"""SeriesForecaster: a trained net with the series it continues; predict(horizon) forecasts after
their end, as a pandas object like the data it was given. Its work is done beside it: what predict
is given (series_predict_given), the forecast arrays (series_forecast_arrays) and their bands
(series_forecast_bands), the baselines after each series' end (series_baselines)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from . import series_baselines, series_forecast_arrays, series_forecast_bands
from .api_words import speak_python, warn_notes
from .config import Config
from .data import reader as datamod
from .data.scaling import Scaler
from .errors import ValidationError
from .forecast_frame import forecast_frame
from .io.data_section import series_meta
from .keywords import trained_params
from .notes_said import data_key
from .predict_inputs import _internal, _refuse_renamed_targets, _refuse_unknown_keywords, user_path
from .series_predict_given import join_future, read_data
from .words import series_of_targets


class SeriesForecaster:
    """A trained net with the series it continues; predict(horizon) forecasts after their end."""

    def __init__(self, net, scaler, config: Config, dataset: datamod.Dataset, kind: str = "frame",
                 metrics: dict | None = None, result=None, scalers: dict[str, Scaler] | None = None,
                 direct=None, starts: list[int] | None = None, intervals=None, inputs=None,
                 fallback_intervals: dict | None = None, params: dict | None = None) -> None:
        self.net, self.scaler, self.config = net, scaler, config
        # the keywords it was fitted with (shortcuts and section__key, as given), saved in
        # model.json: Forecaster.load gives them back; None: a model saved without them
        self.params = params
        # the recursive net with covariates or several targets: what each step's row carries
        # (forecasters.recursive_inputs.RecursiveInputs); None: the net reads its series alone
        self.inputs = inputs
        # model.kind = direct: the DirectForecaster trained on all the data given; its series
        # are the dataset's, in order; `starts` places each kept tail in its series (after load)
        self.direct = direct
        self.starts = starts
        # Each training series' own scaler by id (data.scaling); a series missing here is
        # scaled by the global scaler, or under per_series by the data given for it.
        self.scalers = scalers or {}
        self.notes: list[str] = []  # what the last predict() decided, e.g. series never seen
        # the notes this model has said (fit's, then each predict's), as ((data, future) keys, note):
        # a note is warned once for the same data, not on every predict (a panel's early ends were
        # said by fit and again by each predict(); api.fit fills it: notes_said.data_key)
        self._notes_said: set[tuple] = set()
        self.input_len = config.window.input_len
        self.dataset = dataset  # the series it continues (after load: their last input_len values)
        self.kind = kind  # array | series | frame: the type predict() returns
        self.metrics = metrics or {}
        self.result = result  # the ExperimentResult after fit(); None after load()
        self.intervals = intervals  # the net's conformal bands (forecasters.conformal), or None
        # the bands of the baselines the seasonal-naive fallback equals, by name (fallback.BASELINES):
        # the series forecast by the fallback get them ({}: a model saved before them)
        self.fallback_intervals = fallback_intervals or {}
        self.fallback_rows_: list[int] = []  # the series the last predict forecast by the fallback
        # a DataFrame's ids by their text, with the column's dtype (user_ids): forecasts carry them
        # back (10, not '10'); None: the text is the id (a file, or ids that were text). fit sets
        # it; a loaded model's dataset brings it from model.json's id_dtype (io.id_dtypes)
        self.user_ids: tuple[dict, object] | None = getattr(dataset, "user_ids", None)

    @property
    def scores(self):
        """The held-out scores as a DataFrame, one row a forecaster (the net first, then the
        baselines): MSE, RMSE, MAE, sMAPE, MASE pooled over the series and leads, and each
        level's interval coverage (coverage-80, ...); with several targets, indexed by (target,
        forecaster). The same numbers as metrics["forecasters"] and wavecast backtest's table."""
        from .cross_validation import scores_table

        if not self.metrics.get("forecasters"):
            raise ValidationError("this model has no held-out scores (it was trained without a held-out end, "
                                  "or loaded from a file saved without its metrics)")
        return scores_table(self.metrics)  # several targets: one table a target (wavecast.backtest's too)

    @property
    def driver_importance(self):
        """Which drivers mattered: one row a driver the net was given (the largest change first): its
        role, the held-out MASE (MSE without one) with its values permuted, the mean of the
        permutations, and its change from the intact inputs with their sd and range; the same as
        metrics["driver_importance"] (docs/covariates.md, "Which drivers mattered")."""
        from .driver_importance import frame

        out = frame(self.metrics)
        if out is None:
            raise ValidationError("this model has no driver importance: it was fitted without drivers (past=, "
                                  "future=, static=, calendar=, holidays=) or with eval__driver_importance=0")
        return out

    def __getattr__(self, name: str):
        from .keywords import no_method

        return no_method(self, name)  # f.cross_validation(df) names wavecast.backtest

    @property
    def horizon_(self) -> int:
        """The steps the model was trained (the direct net) and scored on: predict's default horizon."""
        return int(self.direct.horizon if self.direct is not None else self.config.window.horizon)

    def get_params(self, deep: bool = True) -> dict:
        """The keywords it was fitted with (shortcuts and section__key), as wavecast.fit and
        wavecast.Forecaster take them: Forecaster(**m.get_params()).fit(data) trains as it did.
        A model saved without them (by `wavecast run`, or before they were kept): those its
        config gives (keywords.trained_params). wavecast.Forecaster.load(folder) loads a saved
        model as the scikit-learn style estimator itself. (deep: scikit-learn's; no parameter nests.)"""
        return dict(self.params) if self.params is not None else trained_params(self.config)

    def __sklearn_clone__(self):
        """sklearn.base.clone(m): the same keywords, unfitted, as the estimator that can fit them
        (this object has no fit: clone called SeriesForecaster(**params), a TypeError)."""
        from .estimator import Forecaster

        return Forecaster(**self.get_params())

    def predict(self, horizon: int | None = None, data=None, level=(), future=None, baselines=False, **columns):
        """Continue each series `horizon` steps after its end, primed on its last input_len values;
        without a horizon, the model's own (horizon_: the steps it was trained and scored on).

        The order is predict(horizon, data, level, future): data, the second argument, is new
        data to continue, so give the levels by keyword, predict(12, level=[80, 95]) (as
        wavecast.Forecaster.predict(horizon, level, data) takes them second, a list of levels
        given second here is refused, naming level=).

        data: optional new data (same kinds as fit, or a file path) to continue instead of the
        training series, read with the model's columns (target=, time=, id= name the data's own). level: prediction interval levels in percent, e.g. [80, 95]
        (conformal, calibrated at training time, up to the trained horizon). future: a DataFrame
        (pandas or polars, or an Arrow table) of the future covariates after each series' end
        ([id,] the future columns, `horizon` rows a series), for a model fitted with future=[...]: a model with a time axis matches
        the rows to the steps by their times (the stamps right after each series' end), given in
        its time column or, as the training data may have had them, a DatetimeIndex; a model
        without one (an array) takes the rows as the steps, in order.
        baselines: True (or names, e.g. ["seasonal naive"]) adds each baseline's forecast as a
        column after the network's (and its bands), fitted on each series' values with the season
        and AR order the model chose (metrics["baselines"]); a series too short for one is left
        empty, with a note. Their held-out scores beside the net's: `scores`.
        Returns an array (H,) for an array, a Series for a Series, and a long DataFrame (id,
        time, forecast; the id column of the dtype given) for a DataFrame or a file; with
        levels or baselines, always a DataFrame, lo-80, hi-80, lo-95, hi-95 columns after forecast.
        """
        out = speak_python(self._predict)(horizon, data, level, future, baselines, **columns)
        # what predict decided (self.notes, all of it), as fit's notes are said: each once a model
        # and data (the same words of other data, '1 missing value filled linearly', are another gap)
        key = (data_key(data), data_key(future))
        new = [n for n in self.notes if (key, n) not in self._notes_said]
        self._notes_said.update((key, n) for n in new)
        warn_notes(new)
        return out

    def _predict(self, horizon: int | None, data=None, level=(), future=None, baselines=False, **columns):
        """predict's work, its errors in the command line's words (predict says them in Python's)."""
        _refuse_unknown_keywords(columns)
        horizon = self.horizon_ if horizon is None else horizon  # (it was a TypeError: a missing argument)
        if isinstance(horizon, bool) or not isinstance(horizon, (int, np.integer)) or horizon < 1:
            # first: with level= or future= a horizon '3' met a comparison first, a TypeError
            raise ValidationError(f"horizon must be an integer >= 1 (got {horizon!r})")
        names = self.baseline_names(baselines)  # (a wrong name before any work)
        ds, kind, user = self.dataset, self.kind, self.user_ids
        _refuse_renamed_targets(self.dataset.targets, columns.get("target"))
        unread = sorted(set(columns) - {"target"}) if data is None else []
        if unread:  # predict(12, date_order="day-first") forecast the model's own series, the words unread
            said = ", ".join(f"{k}=" for k in unread)
            raise ValidationError(f"predict(): {said} {'says' if len(unread) == 1 else 'say'} how to read data=, "
                                  "which was not given (the model's own series are forecast); pass data= or "
                                  f"leave {said} out")
        read, unused = [], None
        if data is not None:
            ds, kind, user, read = read_data(self, data, columns)
        if future is not None:
            ds, replaced, unused = join_future(self, ds, future, horizon, data is not None)
            read += replaced
        if level is not None and np.ndim(level) == 0:
            level = [level]
        if level is not None and len(level):
            pred, bands = self._forecast_intervals(ds, horizon, level)
            self.notes = list(dict.fromkeys([*read, *self.notes, *([unused] if unused else [])]))
            return forecast_frame(ds, pred, bands, user, self._baselines_after(ds, names, int(horizon)))
        pred = self._forecast_array(ds, horizon)  # (S, H)
        # (after the forecast, which resets the notes)
        self.notes = list(dict.fromkeys([*read, *self.notes, *([unused] if unused else [])]))
        if names:
            return forecast_frame(ds, pred, None, user, self._baselines_after(ds, names, int(horizon)))
        if kind == "array":
            return pred[0]
        frame = forecast_frame(ds, pred, user=user)
        if kind == "series":  # a Series of many series (a MultiIndex (id, time)) keeps its ids in its index
            # named as the Series given: an unnamed one's forecast unnamed too (it was "value", the
            # reader's name for its column, which the user never gave)
            s = frame.set_index(list(frame.columns[:-1]))["forecast"].rename(
                None if getattr(ds, "unnamed", False) else ds.target)
            if s.index.nlevels == 1:
                s.index.name = None if s.index.name in ("step",) else s.index.name
            return s
        return frame

    def __repr__(self) -> str:
        """What it forecasts: the net, the horizon, the series and the target(s)."""
        if self.direct is not None:
            net = f"direct {self.config.direct.cell.upper()}"
        else:
            net = f"recursive {self.config.model.cell.upper()}"
        n = len(self.dataset.values)
        targets = list(self.dataset.targets)
        # several targets: the user's series and their targets (it was "1 series x 2 targets, targets ...")
        what = series_of_targets(n, targets) if targets else f"{n} series, target {self.dataset.target!r}"
        return f"<SeriesForecaster: {net}, horizon {self.config.window.horizon}, {what}>"

    def baseline_names(self, asked, how: str = "baselines=") -> list[str]:
        """The model's baselines `asked` names (True: all; False: none), refused in one line."""
        return series_baselines.baseline_names(self, asked, how)

    def _baselines_after(self, ds: datamod.Dataset, names: list[str], horizon: int) -> dict[str, np.ndarray]:
        """{name: (S, horizon)} the baselines' forecasts after each series of ds (a note for a
        series too short for one)."""
        return series_baselines.baselines_after(self, ds, names, horizon)

    # ---- forecasts of a reader Dataset (series_forecast_arrays.py, series_forecast_bands.py) ----
    def predict_array(self, ds: datamod.Dataset, horizon: int = 0) -> np.ndarray:
        """Internal (the command line's forecast): (S, horizon) forecasts of a reader Dataset;
        in Python, predict(horizon)."""
        return self._forecast_array(_internal(ds, "predict_array"), horizon)

    def predict_intervals(self, ds: datamod.Dataset, horizon: int = 0, level=()) -> tuple[np.ndarray, dict]:
        """Internal (the command line's forecast --level): forecasts and bands of a reader
        Dataset; in Python, predict(horizon, level=[80, 95]). (The defaults only let a call in
        predict's words, predict_intervals(12, level=[80]), reach the line saying so.)"""
        return self._forecast_intervals(_internal(ds, "predict_intervals"), horizon, level)

    def _forecast_array(self, ds: datamod.Dataset, horizon: int) -> np.ndarray:
        """(S, horizon) forecasts of every series in ds, in one batch (series_forecast_arrays.forecast_array)."""
        return series_forecast_arrays.forecast_array(self, ds, horizon)

    def _forecast_intervals(self, ds: datamod.Dataset, horizon: int, level) -> tuple[np.ndarray, dict]:
        """(S, H) forecasts and {level: (lo (S, H), hi (S, H))}: the conformal bands calibrated at
        training time, scaled by each series' own scale (a series never seen: the naive MAE of
        the values given for it, said in notes)."""
        return series_forecast_bands.forecast_intervals(self, ds, horizon, level)

    def series_scalers(self, ds: datamod.Dataset, n: int = 0) -> Scaler:
        """Each series' scaler stacked (S, 1, 1): its training scaler, or for an id the model never
        saw (per_series scaling) the mean and std of the values given for it, said in notes (not
        of a series shorter than n: the fallback forecasts it, unscaled)."""
        return series_forecast_arrays.series_scalers(self, ds, n)

    def _covariate_roles(self) -> dict:
        """The covariate columns the model was fitted with, as the reader's keywords."""
        cov = getattr(self.dataset, "covariates", None)
        if cov is None:
            return {}
        if self.dataset.targets:  # several targets: the panel's own columns are rebuilt by the reader
            from .data.targets import user_roles

            return user_roles(cov, self.dataset.targets)
        return {"past": cov.past, "future": cov.future, "static": cov.static, "calendar": tuple(cov.calendar)}

    def save(self, folder: str | Path, overwrite: bool = False) -> Path:
        """Write folder/model/ (weights.safetensors + model.json); load with wavecast.load.

        `folder` becomes a wavecast run folder: it must be new or empty, or, with
        overwrite=True, one wavecast wrote, which is then replaced whole (built aside and
        swapped in, so a failure leaves the old one as it was). A folder of yours is refused.
        What the replaced folder held beside its model (a run's report.html, a forecast.csv
        written into it) goes with it, said in a WavecastNote, as `wavecast run --overwrite` says.
        """
        from .io.modelsave import save, save_direct
        from .io.rundir import RunFolder

        folder = user_path(folder, "folder")
        extra = {} if self.intervals is None else {"intervals": self.intervals.to_dict()}
        if self.fallback_intervals:  # the bands of the series the fallback forecasts
            extra["fallback_intervals"] = {k: c.to_dict() for k, c in self.fallback_intervals.items()}
        if self.params is not None:  # the keywords it was fitted with: Forecaster.load gives them back
            extra["params"] = self.params
        if getattr(self.dataset, "unnamed", False):  # fitted on an unnamed Series: loaded, forecast unnamed too
            extra["api_unnamed"] = True
        run_folder = RunFolder(folder, "run", overwrite=overwrite, flag="folder", overwrite_how="pass overwrite=True")
        with run_folder as build:
            if self.direct is not None:
                save_direct(build / "model", self.direct, self.config, self.dataset.fingerprint(),
                            self.metrics, {**series_meta(self.dataset, self.input_len, user=self.user_ids),
                                           "api_kind": self.kind, **extra})
            else:
                save(build / "model", self.net, self.config, self.scaler, self.input_len,
                     self.dataset.fingerprint(), self.metrics,
                     {**series_meta(self.dataset, self.input_len, self.series_scalers(self.dataset),
                                    self.config.data.scaling, self.user_ids), "api_kind": self.kind, **extra},
                     inputs=self.inputs)
        if run_folder.gone_note():  # it was replaced without a word (the CLI said it, Python did not)
            warn_notes([run_folder.gone_note()])
        return Path(folder) / "model"

