"""SeriesForecaster: a trained net with the series it continues; predict(horizon) forecasts after
their end, as a pandas object like the data it was given."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .config import Config
from .data import reader as datamod
from .data.dataset import in_user_order, user_rank
from .data.frames import to_pandas_frame
from .data.timecolumn import without_period_advice
from .data.windows import Scaler
from .errors import ValidationError
from .forecast_checks import (
    check_freq,
    check_some_window,
    early_ends_note,
    fallback_bands,
    fallback_season,
    note_new_categories,
    note_short,
    put_bands,
)
from .forecast_frame import forecast_frame, user_ids
from .forecasters.contract import stack
from .future_frames import (
    _future_replaced,
    _future_times,
    _unused_future,
    _whole_ids,
    check_future_steps,
)
from .io.seriesmeta import series_meta
from .keywords import speak_python, trained_params, warn_notes
from .predict_inputs import (
    _as_predicts,
    _dataset,
    _internal,
    _models_column,
    _refuse_levels_as_data,
    _refuse_renamed_targets,
    _refuse_unknown_keywords,
    kept_reading,
    user_path,
)
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
        # it; a loaded model's dataset brings it from model.json's id_dtype (io.seriesmeta)
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
        warn_notes(self.notes)  # what predict decided (self.notes), as fit's notes are said
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
        if data is not None:
            data = to_pandas_frame(data, "data=")  # a polars or Arrow table as pandas
            _refuse_levels_as_data(data, self.input_len if self.direct is None else self.direct.input_len)
            if isinstance(data, pd.DataFrame):  # its ids 7.0 (a merge made them floats) as the model's 7
                data = _whole_ids(data, self.dataset, columns.get("id") or self.dataset.id)
            try:
                ds, kind = _dataset(data, **{"target": self.dataset.target, "time": self.dataset.time,
                                            "id": self.dataset.id, **self._covariate_roles(),
                                            **kept_reading(self.config.data, data, columns), **columns})
            except ValidationError as exc:
                raise _models_column(exc, columns, self.dataset, data) from None
            user = user_ids(data, ds)
            # said as forecast --data says them; no advice to set eval.period (the model's season is fixed)
            read = [_as_predicts(n) for n in without_period_advice(getattr(ds, "notes", []))]
        else:
            read = []
        if future is not None:
            future = to_pandas_frame(future, "future=")
            if getattr(ds, "covariates", None) is None or not ds.covariates.future:
                raise ValidationError("future= is for a model fitted with future=[...] covariates; this one has none")
            from dataclasses import replace

            from .data.futurecovariates import with_future

            if self.direct is not None and isinstance(horizon, (int, np.integer)):
                self.direct.check_steps(int(horizon))  # its most steps, before the rows they would need
            frame, id_col = _future_times(future, ds), ds.id
            future = frame  # (its ids and times as the model's columns, for the note on what was not read)
            if ds.targets:  # each series' rows serve every one of its targets
                from .data.targets import expand_future

                frame, id_col = expand_future(frame, ds.targets, ds.id)  # (its times out of an index first)
            try:
                cov = with_future(ds.covariates, [len(v) for v in ds.values], ds.times, ds.freq, int(horizon), frame,
                                  id_col, ds.time, getattr(ds, "time_text", ""))
            except ValidationError as exc:
                if not (ds.time and str(exc).startswith(f"future= has no column {ds.time!r}")):
                    raise
                # the rows are matched to the steps by time, never by their order: say where times go
                raise ValidationError(f"{exc} (the times of its rows, in a column {ds.time!r} or in a "
                                      "DatetimeIndex)") from None
            read += _future_replaced(ds, cov, int(horizon), "data=" if data is not None else "the model's data")
            ds = _with(ds, replace(ds, covariates=cov))
            unused = _unused_future(future, ds, ds.id, data_given=data is not None)  # the user's id column
        else:
            unused = None
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
        from .forecasters.baseline_names import saved_before
        from .forecasters.future_baselines import named, wanted

        want = wanted(asked, how)
        if want is None:
            return []
        setup = (self.metrics or {}).get("baselines") or {}
        if not setup.get("names"):
            raise ValidationError(f"{how}: this model holds no baselines' set-up (metrics['baselines'])")
        older = saved_before(want, list(setup["names"]), how)
        if older:
            raise ValidationError(older)
        return named(want, list(setup["names"]), "the model", how)

    def _baselines_after(self, ds: datamod.Dataset, names: list[str], horizon: int) -> dict[str, np.ndarray]:
        """{name: (S, horizon)} the baselines' forecasts after each series of ds (a note for a
        series too short for one)."""
        from .forecasters.future_baselines import future_forecasts

        if not names:
            return {}
        out, notes = future_forecasts(names, self.metrics["baselines"], ds.values, horizon, list(ds.ids),
                                      in_user_order(ds), self._saved_nonneg(ds))
        # theta too: its slope, seasonal indices and SES weight read the whole series
        whole = [n for n in names if n in ("mean", "theta") or n.startswith("linear AR(")]
        if ds is self.dataset and self.result is None and whole:
            # a loaded model's own series are its kept tails (input_len points): the mean and the
            # AR fitted on them are not those scored, which read the whole series (fpp3 souvenirs:
            # mean 27,120 from the last 23 months against 14,316, and an AR(15) fitted on 23
            # points forecast 1,074 for October, 30,821 a year before), so they are left empty;
            # theta on air_passengers' 15-point tail was a line without the season (435.8,
            # 439.5, 443.3 for 1961's first months against 440.8, 429.6, 491.8 as scored)
            for n in whole:
                out[n] = np.full_like(out[n], np.nan)
            # (their 'too short' notes are this one's: the tails are what was too short)
            notes = [x for x in notes if not any(x.startswith(f"{n} left empty for ") for n in whole)]
            longest = max(len(v) for v in ds.values)
            shown = ", ".join(whole[:-1]) + " and " + whole[-1] if len(whole) > 1 else whole[0]
            notes.append(f"{shown} left empty: the saved model keeps the last {longest} points "
                         f"of each series, too few to fit {'them' if len(whole) > 1 else 'it'} as scored "
                         "(on the whole series); pass the series (--data FILE, or predict(h, data=...)) for "
                         f"{'them' if len(whole) > 1 else 'it'}")
        self.notes += notes
        return out

    def _saved_nonneg(self, ds: datamod.Dataset) -> list[bool | None] | None:
        """Each series of ds: whether the fitted series the direct net just forecast it as had no
        negative value (its saved flag, the net's floor at 0: GlobalNetForecaster._nonneg), None
        where it continues none (a series never seen, or one place_rows moved); None without
        the flags (the recursive net, a file written before them). For the baselines' floor: a
        later part of a series that went below 0 earlier is not floored by the net, nor by them."""
        tails = getattr(getattr(self.direct, "model", None), "tails_", None)
        if self.direct is None or not tails:
            return None
        known = {sid: i for i, sid in enumerate(self.dataset.ids)}
        moved = set(getattr(self.direct, "refitted_", None) or [])
        return [tails[known[sid]].get("nonneg") if known.get(sid, -1) in range(len(tails)) and b not in moved
                else None for b, sid in enumerate(ds.ids)]

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
        """(S, horizon) forecasts of every series in ds, in one batch, on train.threads torch threads
        (as fit computed them; the same numbers on any count): on the process's default, 2 on the
        shared 2-core machine, predict(13) of 1,000 weekly series took 948 ms, 373 ms on 1
        (python -m benchmarks.predict_threads)."""
        from .training.threads import torch_threads

        with torch_threads(self.config.train.threads):
            return self._forecast_all(ds, horizon)

    def _forecast_all(self, ds: datamod.Dataset, horizon: int) -> np.ndarray:
        from .forecasters.net import check_horizon

        check_horizon(int(horizon), self.direct)  # before anything else is read or stacked
        check_freq(self, ds)
        if self.direct is not None:  # its most steps (past covariates) before the future rows they need
            self.direct.check_steps(int(horizon))
        check_future_steps(ds, int(horizon), self.input_len if self.direct is None else self.direct.input_len)
        if self.direct is not None:
            pred = note_new_categories(self, ds, self._predict_direct(ds, horizon), self.direct.input_len)
        elif self.inputs is not None:
            pred = note_new_categories(self, ds, self._predict_recursive_inputs(ds, horizon), self.input_len)
        else:
            pred = self._predict_recursive(ds, horizon)
        self._note_past_horizon(int(horizon))
        late = early_ends_note(ds)  # a series that stopped before the others is forecast in their past
        if late:
            self.notes.append(late)
        from .evaluate.covariate_range import rare_future_notes
        from .experiment_notes import series_names

        self.notes += rare_future_notes(ds, int(horizon), series_names(ds, list(ds.ids)))
        return pred

    def _note_past_horizon(self, horizon: int) -> None:
        """A note when horizon goes past the steps the model was scored on (and, for the direct net,
        trained on): those steps are forecasts fed back as inputs, never checked against data."""
        scored = self.horizon_
        if horizon <= scored:
            return
        steps = f"step {horizon} is" if horizon == scored + 1 else f"steps {scored + 1}-{horizon} are"
        # the recursive net learns one step and is scored on `scored`; the direct net learns them all
        how = "trained and scored on" if self.direct is not None else "scored on"
        self.notes.append(f"horizon {horizon} is past the {scored} steps the model was {how}: {steps} the net's "
                          "forecasts fed back as inputs, never scored")

    def _predict_recursive(self, ds: datamod.Dataset, horizon: int) -> np.ndarray:
        """The recursive net reading its series alone, one batch; short series by the fallback."""
        from .forecasters.fallback import seasonal_naive
        from .forecasters.net import NetForecaster

        n = self.input_len
        check_some_window(ds, n, self.dataset)
        # a short series' window padded with its first value (the net's rows are one batch);
        # its forecast is then replaced by the named fallback
        ctx = np.stack([np.pad(v[-n:], (n - min(len(v), n), 0), mode="edge") for v in ds.values])
        f = NetForecaster(self.net, self.series_scalers(ds, n), n)
        ctx = ctx[:, :, None]  # (S, T, 1)
        pred = f.predict(ctx, horizon)[:, :, 0]
        for i in note_short(self, ds, n, "the recursive net's"):
            pred[i] = seasonal_naive(ds.values[i], int(horizon), fallback_season(self))
        return pred

    def _predict_recursive_inputs(self, ds: datamod.Dataset, horizon: int) -> np.ndarray:
        """The recursive net reading covariates or several targets: each series from its values
        (a kept tail or the data given), its covariate rows aligned with their first value."""
        from .forecasters.recursive_inputs import RecursiveNetForecaster, partners

        cov = getattr(ds, "covariates", None)
        if cov is not None and cov.calendar:  # the calendar of the horizon, from the time axis
            from .data.futurecovariates import with_future

            cov = with_future(cov, [len(v) for v in ds.values], ds.times, ds.freq, int(horizon))
        if self.inputs.features_ is not None and cov is None:
            raise ValidationError("this model forecasts with covariates; pass data with the columns it was "
                                  f"trained with ({', '.join(self.inputs.future_columns)})")
        if tuple(ds.targets) != self.inputs.targets_:
            raise ValidationError(f"this model forecasts the targets {list(self.inputs.targets_) or [self.dataset.target]}; "
                                  f"the data given has {list(ds.targets) or [ds.target]}")
        from .forecasters.fallback import seasonal_naive

        n = self.input_len
        check_some_window(ds, n, self.dataset)
        scalers = self.series_scalers(ds, n)  # (S, 1, 1); notes on series never seen
        tg = ds.series_targets if ds.targets else None
        mates = partners(ds.ids, ds.series_ids, tg or [""] * len(ds.ids), ds.targets)
        f = RecursiveNetForecaster(self.net, self.inputs, self.input_len, scaling=self.config.data.scaling)
        short = note_short(self, ds, n, "the recursive net's")
        # the net forecasts the long series alone, each still placed by its own position in ds
        # (its covariate rows, scaler and partners), so no covariate row moves; the short ones
        # get the fallback in their own rows
        long = np.array([i for i in range(len(ds.values)) if i not in set(short)], dtype=np.int64)
        pred = np.empty((len(ds.values), int(horizon)))
        pred[long] = f.forecast([np.asarray(ds.values[i], dtype=np.float64) for i in long], long, int(horizon), cov,
                                scalers, mates, tg)
        for i in short:
            pred[i] = seasonal_naive(ds.values[i], int(horizon), fallback_season(self))
        return pred

    def _predict_direct(self, ds: datamod.Dataset, horizon: int) -> np.ndarray:
        """The direct net: each series from its own history (its first point, or the kept tail
        placed by `starts`); a series it never saw gets transforms fitted on the data given."""
        known = {sid: i for i, sid in enumerate(self.dataset.ids)}
        index = [known.get(sid, -1) for sid in ds.ids]
        same = ds is self.dataset or ds.values is self.dataset.values  # (future= extends a copy)
        n = self.direct.input_len
        if not same:  # a short series, in new data as in the model's own, gets the fallback below
            check_some_window(ds, n, self.dataset)
        starts = self.starts if same else None
        self.notes = []
        # (a short one is forecast by the fallback, its own note, without the net's transforms)
        unseen = [sid for sid, i, v in zip(ds.ids, index, ds.values, strict=True) if i < 0 and len(v) >= n]
        unseen.sort(key=user_rank(ds).__getitem__)  # named in the user's order, as note_short names them
        if unseen:
            self.notes.append(f"{len(unseen)} series the model never saw ({_shown(unseen)}): "
                              f"{self.direct.unseen_words()}")
        note_short(self, ds, n, "the direct net's")  # forecast_rows gives them seasonal naive
        cov = getattr(ds, "covariates", None)
        if self.direct.model.covariates_ is not None:
            if cov is None:
                raise ValidationError("this model forecasts with covariates; pass data with the columns it was "
                                      f"trained with ({self.direct.model.covariates_.columns})")
            if cov.calendar:  # the calendar of the horizon, from the time axis
                from .data.futurecovariates import with_future

                # over every step the net reads (the trained horizon at least): padded with the last
                # row asked for, step 1's features would depend on how many steps were asked
                steps = max(int(horizon), int(self.direct.horizon))
                cov = with_future(cov, [len(v) for v in ds.values], ds.times, ds.freq, steps)
        out = self.direct.predict_series(ds.values, horizon, index, starts, covariates=cov)
        note = self.direct.refit_note(ds.ids, in_user_order(ds))  # data given under a training id that is another series
        if note:
            self.notes.append(note)
        return out

    def _covariate_roles(self) -> dict:
        """The covariate columns the model was fitted with, as the reader's keywords."""
        cov = getattr(self.dataset, "covariates", None)
        if cov is None:
            return {}
        if self.dataset.targets:  # several targets: the panel's own columns are rebuilt by the reader
            from .data.targets import user_roles

            return user_roles(cov, self.dataset.targets)
        return {"past": cov.past, "future": cov.future, "static": cov.static, "calendar": tuple(cov.calendar)}

    def _forecast_intervals(self, ds: datamod.Dataset, horizon: int, level) -> tuple[np.ndarray, dict]:
        """(S, H) forecasts and {level: (lo (S, H), hi (S, H))}: the conformal bands calibrated at
        training time, scaled by each series' own scale (a series never seen: the naive MAE of
        the values given for it, said in notes)."""
        from .forecasters.conformal import user_levels

        levels = user_levels(level)
        conf = self.intervals
        if conf is None:
            raise ValidationError("this model has no calibrated intervals (saved without them, or eval.levels "
                                  "was empty); retrain it to get level=...")
        if horizon > conf.lo_.shape[1]:
            k = conf.lo_.shape[1]
            raise ValidationError(f"level=: the intervals were calibrated up to {k} steps (the model's horizon) "
                                  f"and horizon {horizon} is longer: forecast at most {k} steps with level=, leave "
                                  f"level= out for a forecast of {horizon} steps without bands, or refit with "
                                  f"horizon={horizon}")
        pred = self._forecast_array(ds, horizon)  # (S, H)
        bands = {lv: (np.empty_like(pred), np.empty_like(pred)) for lv in levels}
        short = set(self.fallback_rows_)
        other = self._other_series(ds)
        unseen = put_bands(conf, [i for i in range(len(pred)) if i not in short], ds, pred, bands, other)
        if unseen:
            self.notes.append(f"intervals of {len(unseen)} series the model never saw scaled by the "
                              "seasonal-naive error of the values given for each")
        fallback_bands(self, ds, pred, sorted(short), bands, other)
        _flat_bands(self, ds, pred, bands)
        return pred, bands

    def _other_series(self, ds: datamod.Dataset) -> list[str]:
        """The ids of ds the forecast just made read as series never seen though the model knows
        the id (their values given do not hold its last values: another series, or the same in
        other units), so their bands are sized by the values given, as their forecasts were: the
        direct net's rows place_rows moved, or for the recursive net those not_continued finds."""
        if self.direct is not None:
            return [ds.ids[b] for b in getattr(self.direct, "refitted_", [])]
        from .io.seriesmeta import not_continued

        if self.config.data.scaling != "per_series" or ds is self.dataset:
            return []
        return not_continued(self.dataset, ds)

    def series_scalers(self, ds: datamod.Dataset, n: int = 0) -> Scaler:
        """Each series' scaler stacked (S, 1, 1): its training scaler, or for an id the model never
        saw (per_series scaling) the mean and std of the values given for it, said in notes (not
        of a series shorter than n: the fallback forecasts it, unscaled)."""
        from .io.seriesmeta import not_continued

        per_series = self.config.data.scaling == "per_series"
        # data given under a training id that does not hold that series' last values is another
        # series (the same one in other units): the training scaler would read it in wrong units
        other = set(not_continued(self.dataset, ds)) if per_series and ds is not self.dataset else set()
        out, unseen, moved = [], [], []
        for sid, v in zip(ds.ids, ds.values, strict=True):
            sc = None if sid in other else self.scalers.get(sid)
            if sc is None and per_series:
                sc = Scaler().fit(v)
                if len(v) >= n:
                    (moved if sid in other else unseen).append(sid)
            out.append(sc or self.scaler)
        self.notes = []
        rank = user_rank(ds)  # the notes name the series in the user's order, as note_short does
        unseen, moved = sorted(unseen, key=rank.__getitem__), sorted(moved, key=rank.__getitem__)
        if unseen:
            self.notes.append(f"{len(unseen)} series the model never saw ({_shown(unseen)}): each scaled by the mean "
                              "and standard deviation of the values given for it")
        if moved:
            from .forecasters.direct import not_continued_words

            self.notes.append(f"{not_continued_words(moved)}: each scaled by the mean and standard deviation of the "
                              "values given for it, as a series the model never saw")
        return stack(out)

    def save(self, folder: str | Path, overwrite: bool = False) -> Path:
        """Write folder/model/ (weights.safetensors + model.json); load with wavecast.load.

        `folder` becomes a wavecast run folder: it must be new or empty, or, with
        overwrite=True, one wavecast wrote, which is then replaced whole (built aside and
        swapped in, so a failure leaves the old one as it was). A folder of yours is refused.
        What the replaced folder held beside its model (a run's report.html, a forecast.csv
        written into it) goes with it, said in a WavecastNote, as `wavecast run --overwrite` says.
        """
        from .io.modelfile import save, save_direct
        from .io.rundir import RunFolder

        folder = user_path(folder)
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


def _flat_bands(forecaster, ds: datamod.Dataset, pred: np.ndarray, bands: dict) -> None:
    """A series whose history never varied is forecast as that constant, exactly; its band was the
    pooled errors at a scale its history cannot give (no change to measure: its |mean|, or 1 for
    zeros), so a series at 5 for 150 days had a 99% band of 0..32, a series of zeros one of 0..5.
    Its band is its forecast, said in a note (as the naive model's is: no error was ever seen)."""
    flat = [i for i, v in enumerate(ds.values) if len(v) and np.isfinite(v).all() and np.ptp(v) == 0
            and np.all(pred[i] == np.asarray(v).reshape(-1)[-1])]
    if not flat:
        return
    for lo, hi in bands.values():
        lo[flat], hi[flat] = pred[flat], pred[flat]
    from .forecast_checks import _named

    who = _named(ds, flat)
    forecaster.notes.append(f"intervals of {len(flat)} constant series{' (' + who + ')' if who else ''}: the "
                            "constant itself, of no width (its history never varied, so no error of it was "
                            "ever seen); widen them by what you know of the series")


def _with(ds, new):
    """`new` (dataclasses.replace of ds) with ds's attributes set outside its fields too: how its
    times were given (period_freq: forecasts given back as periods) and whether a Series had no
    name. replace() drops them: predict(h, future=...) of a model fitted on monthly periods gave
    dates where predict(h) gave periods."""
    from dataclasses import fields

    own = {f.name for f in fields(ds)}
    for key, value in vars(ds).items():
        if key not in own:
            setattr(new, key, value)
    return new


def _shown(ids: list, k: int = 5) -> str:
    return ", ".join(repr(i) for i in ids[:k]) + (f" and {len(ids) - k} more" if len(ids) > k else "")
