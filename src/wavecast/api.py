"""The practitioner's Python API: wavecast.fit(data) -> forecaster; forecaster.predict(horizon).

    f = wavecast.fit(df, target="sales", time="date", input_len=24, horizon=12, test_len=12)
    f.metrics["forecasters"]        # the net beside the baselines on the held-out end
    f.predict(12)                   # the 12 steps after the data, a pandas object like the input
    f.save("runs/sales"); wavecast.load("runs/sales").predict(12)
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .config import Config, override, override_text
from .data import reader as datamod
from .data.timeaxis import future_times
from .data.windows import Scaler
from .errors import ValidationError
from .forecasters.contract import stack
from .io.modelfile import series_meta


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

    def predict(self, horizon: int, data=None, level=(), future=None, **columns):
        out = speak_python(self._predict)(horizon, data, level, future, **columns)
        warn_notes(self.notes, stacklevel=3)  # what predict decided (self.notes), as fit's notes are said
        return out

    def _predict(self, horizon: int, data=None, level=(), future=None, **columns):
        """Continue each series `horizon` steps, primed on its last input_len values.

        data: optional new data (same kinds as fit, or a file path) to continue instead of the
        training series. level: prediction interval levels in percent, e.g. [80, 95]
        (conformal, calibrated at training time). future: a DataFrame of the future covariates
        after each series' end ([id,] [time,] the future columns, `horizon` rows a series), for
        a model fitted with future=[...]; with a time axis the rows are matched to the steps by
        their time, which must be the stamps right after each series' end. Returns an array
        (H,) for an array, a Series for a Series, and a long DataFrame (id, time, forecast) for
        a DataFrame or a file; with levels, always a DataFrame with lo-80, hi-80, lo-95, hi-95
        columns after forecast.
        """
        ds, kind = self.dataset, self.kind
        if data is not None:
            ds, kind = _dataset(data, **{"target": self.dataset.target, "time": self.dataset.time,
                                        "id": self.dataset.id, **self._covariate_roles(), **columns})
        if future is not None:
            if getattr(ds, "covariates", None) is None or not ds.covariates.future:
                raise ValidationError("future= is for a model fitted with future=[...] covariates; this one has none")
            from dataclasses import replace

            from .data.covariates import with_future

            frame, id_col = future, ds.id
            if ds.targets:  # each series' rows serve every one of its targets
                from .data.targets import expand_future

                frame, id_col = expand_future(future, ds.targets, ds.id)
            ds = replace(ds, covariates=with_future(ds.covariates, [len(v) for v in ds.values], ds.times, ds.freq,
                                                    int(horizon), frame, id_col, ds.time))
        if level is not None and np.ndim(level) == 0:
            level = [level]
        if level is not None and len(level):
            pred, bands = self.predict_intervals(ds, horizon, level)
            return forecast_frame(ds, pred, bands)
        pred = self.predict_array(ds, horizon)  # (S, H)
        if kind == "array":
            return pred[0]
        frame = forecast_frame(ds, pred)
        if kind == "series":
            s = frame.set_index(frame.columns[-2])["forecast"].rename(ds.target)
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
        targets = list(self.dataset.targets) or [self.dataset.target]
        series = f"{n // len(targets)} series x {len(targets)} targets" if len(targets) > 1 else f"{n} series"
        what = ", ".join(repr(t) for t in targets)
        return (f"<SeriesForecaster: {net}, horizon {self.config.window.horizon}, {series}, "
                f"target{'s' if len(targets) > 1 else ''} {what}>")

    def predict_array(self, ds: datamod.Dataset, horizon: int) -> np.ndarray:
        """(S, horizon) forecasts of every series in ds, in one batch."""
        from .forecasters.net import check_horizon

        check_horizon(int(horizon), self.direct)  # before anything else is read or stacked
        self._check_freq(ds)
        if self.direct is not None:
            pred = self._note_new_categories(ds, self._predict_direct(ds, horizon), self.direct.input_len)
        elif self.inputs is not None:
            pred = self._note_new_categories(ds, self._predict_recursive_inputs(ds, horizon), self.input_len)
        else:
            pred = self._predict_recursive(ds, horizon)
        self._note_past_horizon(int(horizon))
        return pred

    def _note_past_horizon(self, horizon: int) -> None:
        """A note when horizon goes past the steps the model was scored on (and, for the direct net,
        trained on): those steps are forecasts fed back as inputs, never checked against data."""
        scored = int(self.direct.horizon if self.direct is not None else self.config.window.horizon)
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
        self._check_some_window(ds, n)
        # a short series' window padded with its first value (the net's rows are one batch);
        # its forecast is then replaced by the named fallback
        ctx = np.stack([np.pad(v[-n:], (n - min(len(v), n), 0), mode="edge") for v in ds.values])
        f = NetForecaster(self.net, self.series_scalers(ds, n), n)
        ctx = ctx[:, :, None]  # (S, T, 1)
        pred = f.predict(ctx, horizon)[:, :, 0]
        for i in self._note_short(ds, n, "the recursive net's"):
            pred[i] = seasonal_naive(ds.values[i], int(horizon), self._fallback_season())
        return pred

    def _fallback_season(self) -> int:
        """The season of the fallback's seasonal naive: the direct net's own, or the run's baseline's."""
        if self.direct is not None:
            return int(self.direct.season)
        return int((self.metrics.get("baselines") or {}).get("period") or 1)

    def _check_some_window(self, ds: datamod.Dataset, n: int) -> None:
        """Refuse data none of whose series holds the net's window (the wrong data, most likely);
        a panel with some short series is forecast, those by the fallback (_note_short)."""
        if all(len(v) < n for v in ds.values):
            sid, v = max(zip(ds.ids, ds.values, strict=True), key=lambda p: len(p[1]))
            who = f" (series {sid!r})" if sid else ""
            raise ValidationError(f"model needs the last {n} values; got {len(v)}{who}")

    def _note_short(self, ds: datamod.Dataset, n: int, whose: str) -> list[int]:
        """The positions of ds's series shorter than n, said in one note: they are forecast by
        seasonal naive, as `run` forecasts its own short series."""
        from .forecasters.fallback import fallback_words

        short = [i for i, v in enumerate(ds.values) if len(v) < n]
        self.fallback_rows_ = short  # predict_intervals gives them the fallback's own bands
        if short:
            shown = _named(ds, short)
            head = f"{len(short)} series shorter than input_len={n}{f' ({shown})' if shown else ''}"
            groups: dict[str, list[int]] = {}  # seasonal naive, or the last value of one shorter than a season
            for i in short:
                groups.setdefault(fallback_words(len(ds.values[i]), self._fallback_season()), []).append(i)
            if len(groups) == 1:
                how = next(iter(groups))
                how = f"{how[:-1]}; {whose} named fallback)" if how.endswith(")") else f"{how} ({whose} named fallback)"
                self.notes.append(f"{head}: forecast by {how}")
            else:
                self.notes.append(f"{head}, forecast by {whose} named fallback: " + ", ".join(
                    f"{_named(ds, rows) or f'{len(rows)} series'} by {how}" for how, rows in groups.items()))
        return short

    def _check_freq(self, ds: datamod.Dataset) -> None:
        """Data of another frequency than the model learnt (yearly given to a monthly model) is
        refused: its forecasts would be numbers of the wrong season and scale of change."""
        from .data.frequency import describe_freq, same_period

        trained = self.dataset.freq
        if ds is self.dataset or same_period(trained, ds.freq):
            return
        raise ValidationError(f"the model was trained on {describe_freq(trained)} data; the data given is "
                              f"{describe_freq(ds.freq)}: a model forecasts the frequency it learnt "
                              "(train one on this data, or resample it)")

    def _note_new_categories(self, ds: datamod.Dataset, pred: np.ndarray, n: int) -> np.ndarray:
        """A note a static column on the series whose category the model never saw (their one-hot
        is all zeros: none of the categories it learnt), naming them and the value; pred as given.
        n: the net's window (a shorter series is forecast by the fallback, without its statics)."""
        cov = getattr(ds, "covariates", None)
        feats = self.direct.model.covariates_ if self.direct is not None else getattr(self.inputs, "features_", None)
        if cov is None or feats is None:
            return pred
        long = [i for i, v in enumerate(ds.values) if len(v) >= n]
        for col, found, known in feats.new_categories(cov.subset(long)):
            shown = ", ".join(f"{sid!r}: {v!r}" if sid else repr(v) for sid, v in found[:5])
            more = f" and {len(found) - 5} more" if len(found) > 5 else ""
            self.notes.append(f"static covariate {col!r}: {len(found)} series with a category the model never "
                              f"saw ({shown}{more}); each read as none of the categories it was trained on "
                              f"({', '.join(known)}): all zeros in its one-hot encoding")
        return pred

    def _predict_recursive_inputs(self, ds: datamod.Dataset, horizon: int) -> np.ndarray:
        """The recursive net reading covariates or several targets: each series from its values
        (a kept tail or the data given), its covariate rows aligned with their first value."""
        from .forecasters.recursive_inputs import RecursiveNetForecaster, partners

        cov = getattr(ds, "covariates", None)
        if cov is not None and cov.calendar:  # the calendar of the horizon, from the time axis
            from .data.covariates import with_future

            cov = with_future(cov, [len(v) for v in ds.values], ds.times, ds.freq, int(horizon))
        if self.inputs.features_ is not None and cov is None:
            raise ValidationError("this model forecasts with covariates; pass data with the columns it was "
                                  f"trained with ({', '.join(self.inputs.future_columns)})")
        if tuple(ds.targets) != self.inputs.targets_:
            raise ValidationError(f"this model forecasts the targets {list(self.inputs.targets_) or [self.dataset.target]}; "
                                  f"the data given has {list(ds.targets) or [ds.target]}")
        from .forecasters.fallback import seasonal_naive

        n = self.input_len
        self._check_some_window(ds, n)
        scalers = self.series_scalers(ds, n)  # (S, 1, 1); notes on series never seen
        tg = ds.series_targets if ds.targets else None
        mates = partners(ds.ids, ds.series_ids, tg or [""] * len(ds.ids), ds.targets)
        f = RecursiveNetForecaster(self.net, self.inputs, self.input_len, scaling=self.config.data.scaling)
        short = self._note_short(ds, n, "the recursive net's")
        # the net forecasts the long series alone, each still placed by its own position in ds
        # (its covariate rows, scaler and partners), so no covariate row moves; the short ones
        # get the fallback in their own rows
        long = np.array([i for i in range(len(ds.values)) if i not in set(short)], dtype=np.int64)
        pred = np.empty((len(ds.values), int(horizon)))
        pred[long] = f.forecast([np.asarray(ds.values[i], dtype=np.float64) for i in long], long, int(horizon), cov,
                                scalers, mates, tg)
        for i in short:
            pred[i] = seasonal_naive(ds.values[i], int(horizon), self._fallback_season())
        return pred

    def _predict_direct(self, ds: datamod.Dataset, horizon: int) -> np.ndarray:
        """The direct net: each series from its own history (its first point, or the kept tail
        placed by `starts`); a series it never saw gets transforms fitted on the data given."""
        known = {sid: i for i, sid in enumerate(self.dataset.ids)}
        index = [known.get(sid, -1) for sid in ds.ids]
        same = ds is self.dataset or ds.values is self.dataset.values  # (future= extends a copy)
        n = self.direct.input_len
        if not same:  # a short series, in new data as in the model's own, gets the fallback below
            self._check_some_window(ds, n)
        starts = self.starts if same else None
        self.notes = []
        # (a short one is forecast by the fallback, its own note, without the net's transforms)
        unseen = [sid for sid, i, v in zip(ds.ids, index, ds.values, strict=True) if i < 0 and len(v) >= n]
        if unseen:
            shown = ", ".join(repr(i) for i in unseen[:5]) + (f" and {len(unseen) - 5} more" if len(unseen) > 5 else "")
            self.notes.append(f"{len(unseen)} series the model never saw ({shown}): each logged and "
                              "deseasonalised by what the values given for it show")
        self._note_short(ds, n, "the direct net's")  # forecast_rows gives them seasonal naive
        cov = getattr(ds, "covariates", None)
        if self.direct.model.covariates_ is not None:
            if cov is None:
                raise ValidationError("this model forecasts with covariates; pass data with the columns it was "
                                      f"trained with ({self.direct.model.covariates_.columns})")
            if cov.calendar:  # the calendar of the horizon, from the time axis
                from .data.covariates import with_future

                cov = with_future(cov, [len(v) for v in ds.values], ds.times, ds.freq, int(horizon))
        return self.direct.predict_series(ds.values, horizon, index, starts, covariates=cov)

    def _covariate_roles(self) -> dict:
        """The covariate columns the model was fitted with, as the reader's keywords."""
        cov = getattr(self.dataset, "covariates", None)
        if cov is None:
            return {}
        if self.dataset.targets:  # several targets: the panel's own columns are rebuilt by the reader
            from .data.targets import user_roles

            return user_roles(cov, self.dataset.targets)
        return {"past": cov.past, "future": cov.future, "static": cov.static, "calendar": bool(cov.calendar)}

    def predict_intervals(self, ds: datamod.Dataset, horizon: int, level) -> tuple[np.ndarray, dict]:
        """(S, H) forecasts and {level: (lo (S, H), hi (S, H))}: the conformal bands calibrated at
        training time, scaled by each series' own scale (a series never seen: the naive MAE of
        the values given for it, said in notes)."""
        from .forecasters.conformal import check_levels

        levels = check_levels(level)
        conf = self.intervals
        if conf is None:
            raise ValidationError("this model has no calibrated intervals (saved without them, or eval.levels "
                                  "was empty); retrain it to get level=...")
        if horizon > conf.lo_.shape[1]:
            raise ValidationError(f"intervals were calibrated up to horizon {conf.lo_.shape[1]}; "
                                  f"got {horizon}: forecast fewer steps or retrain with a longer horizon")
        pred = self.predict_array(ds, horizon)  # (S, H)
        bands = {lv: (np.empty_like(pred), np.empty_like(pred)) for lv in levels}
        short = set(self.fallback_rows_)
        unseen = self._put_bands(conf, [i for i in range(len(pred)) if i not in short], ds, pred, bands)
        if unseen:
            self.notes.append(f"intervals of {len(unseen)} series the model never saw scaled by the "
                              "seasonal-naive error of the values given for each")
        self._fallback_bands(ds, pred, sorted(short), bands)
        return pred, bands

    def _put_bands(self, conf, rows: list[int], ds: datamod.Dataset, pred: np.ndarray, bands: dict) -> list[str]:
        """conf's bands around the forecasts pred[rows] (B, H), written into bands {level: (lo, hi)
        (S, H)}; returns the ids among them conf never calibrated (scaled by the values given)."""
        if not rows:
            return []
        got, unseen = conf.bands_of(pred[rows][:, :, None], [ds.values[i] for i in rows], [ds.ids[i] for i in rows],
                                    list(bands))
        for lv, (lo, hi) in got.items():
            bands[lv][0][rows], bands[lv][1][rows] = lo[:, :, 0], hi[:, :, 0]
        return unseen

    def _fallback_bands(self, ds: datamod.Dataset, pred: np.ndarray, short: list[int], bands: dict) -> None:
        """The bands of the series forecast by the fallback (rows `short`): those of the baseline
        its forecast equals (seasonal naive, or last value for a series shorter than a season),
        calibrated with the model; a model saved without them: the net's, pooled over the panel's
        calibrated series. One note a kind, naming the series."""
        from .forecasters.fallback import BASELINES, baseline_of

        groups: dict[str | None, list[int]] = {}
        for i in short:
            name = baseline_of(len(ds.values[i]), self._fallback_season())
            groups.setdefault(name if name in self.fallback_intervals else None, []).append(i)
        for name, rows in groups.items():
            conf = self.intervals if name is None else self.fallback_intervals[name]
            unseen = set(self._put_bands(conf, rows, ds, pred, bands))
            how = ("the net's bands, its errors pooled over the panel's calibrated series (this model keeps no "
                   "seasonal-naive bands; retrain it for them)" if name is None else
                   "the seasonal naive baseline's own calibrated bands" if name == BASELINES[0] else
                   "the last-value baseline's own calibrated bands (shorter than a season, seasonal naive repeats "
                   "its last value)")
            scaled = ("" if not unseen else ", scaled by the seasonal-naive error of the values given for each"
                      if len(unseen) == len(rows) else ", scaled by the seasonal-naive error of the values given for "
                      + _named(ds, [i for i in rows if ds.ids[i] in unseen]))
            self.notes.append(f"intervals of {len(rows)} series forecast by seasonal naive ({_named(ds, rows)}): "
                              f"{how}{scaled}")

    def series_scalers(self, ds: datamod.Dataset, n: int = 0) -> Scaler:
        """Each series' scaler stacked (S, 1, 1): its training scaler, or for an id the model never
        saw (per_series scaling) the mean and std of the values given for it, said in notes (not
        of a series shorter than n: the fallback forecasts it, unscaled)."""
        per_series = self.config.data.scaling == "per_series"
        out, unseen = [], []
        for sid, v in zip(ds.ids, ds.values, strict=True):
            sc = self.scalers.get(sid)
            if sc is None and per_series:
                sc = Scaler().fit(v)
                if len(v) >= n:
                    unseen.append(sid)
            out.append(sc or self.scaler)
        self.notes = []
        if unseen:
            shown = ", ".join(repr(i) for i in unseen[:5]) + (f" and {len(unseen) - 5} more" if len(unseen) > 5 else "")
            self.notes.append(f"{len(unseen)} series the model never saw ({shown}): each scaled by the mean "
                              "and standard deviation of the values given for it")
        return stack(out)

    def save(self, folder: str | Path, overwrite: bool = False) -> Path:
        """Write folder/model/ (weights.safetensors + model.json); load with wavecast.load.

        `folder` becomes a wavecast run folder: it must be new or empty, or, with
        overwrite=True, one wavecast wrote, which is then replaced whole (built aside and
        swapped in, so a failure leaves the old one as it was). A folder of yours is refused.
        """
        from .io.modelfile import save, save_direct
        from .io.rundir import RunFolder

        extra = {} if self.intervals is None else {"intervals": self.intervals.to_dict()}
        if self.fallback_intervals:  # the bands of the series the fallback forecasts
            extra["fallback_intervals"] = {k: c.to_dict() for k, c in self.fallback_intervals.items()}
        if self.params is not None:  # the keywords it was fitted with: Forecaster.load gives them back
            extra["params"] = self.params
        with RunFolder(folder, "run", overwrite=overwrite, flag="folder",
                       overwrite_how="pass overwrite=True") as build:
            if self.direct is not None:
                save_direct(build / "model", self.direct, self.config, self.dataset.fingerprint(),
                            self.metrics, {**series_meta(self.dataset, self.input_len), "api_kind": self.kind,
                                           **extra})
            else:
                save(build / "model", self.net, self.config, self.scaler, self.input_len,
                     self.dataset.fingerprint(), self.metrics,
                     {**series_meta(self.dataset, self.input_len, self.series_scalers(self.dataset),
                                    self.config.data.scaling), "api_kind": self.kind, **extra}, inputs=self.inputs)
        return Path(folder) / "model"


def _named(ds: datamod.Dataset, rows: list[int]) -> str:
    """The series at rows of ds as a note names them: up to five ids, quoted (with several
    targets, each id's own and its target), and how many more; "" for series without ids."""
    if not any(ds.ids[i] for i in rows):
        return ""
    names = [f"{ds.series_ids[i]!r} (target {ds.series_targets[i]!r})" if ds.targets else repr(ds.ids[i])
             for i in rows[:5]]
    return ", ".join(names) + (f" and {len(rows) - 5} more" if len(rows) > 5 else "")


def forecast_frame(ds: datamod.Dataset, pred: np.ndarray, bands: dict | None = None) -> pd.DataFrame:
    """Long table of forecasts (S, H): [id,] [target (several targets),] time (extended at the series' frequency), forecast,
    and for each level of bands {level: (lo (S, H), hi (S, H))} lo-<level>, hi-<level>."""
    horizon = pred.shape[1]
    rows: dict[str, list] = {}
    if ds.targets:  # several targets: the series' own id and its target, never the internal key
        if ds.id:
            rows[ds.id] = np.repeat(ds.series_ids, horizon).tolist()
        rows["target"] = np.repeat(ds.series_targets, horizon).tolist()
    elif ds.id:
        rows[ds.id] = np.repeat(ds.ids, horizon).tolist()
    times = []
    for v, t in zip(ds.values, ds.times, strict=True):
        last = t[-1] if t is not None and len(t) else None
        times.append(future_times(last, ds.freq, horizon) if last is not None
                     else pd.RangeIndex(len(v), len(v) + horizon))
    rows[ds.time or "step"] = np.concatenate([np.asarray(t) for t in times]).tolist()
    rows["forecast"] = pred.reshape(-1).tolist()
    for level, (lo, hi) in sorted((bands or {}).items()):
        rows[f"lo-{level:g}"], rows[f"hi-{level:g}"] = lo.reshape(-1).tolist(), hi.reshape(-1).tolist()
    return pd.DataFrame(rows)


def _columns(value, role: str) -> tuple[str, ...]:
    """past=/future=/static= as a tuple of column names (one name or a list of them)."""
    if isinstance(value, str):
        value = [value]
    try:
        cols = tuple(value)
    except TypeError:
        raise ValidationError(f"{role}= must be a list of column names (got {value!r})") from None
    if not all(isinstance(c, str) for c in cols):
        raise ValidationError(f"{role}= must be a list of column names (got {value!r})")
    return cols


def _dataset(data, target="", time="", id="", **kw) -> tuple[datamod.Dataset, str]:
    if isinstance(data, (str, Path)):
        return datamod.read(data, target, time, id, **kw), "frame"
    kind = "series" if isinstance(data, pd.Series) else "frame" if isinstance(data, pd.DataFrame) else "array"
    return datamod.from_object(data, target, time, id, **kw), kind


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
DATA_OPTIONS = ("fill", "sort", "fill_missing_dates", "encoding", "header", "thousands")


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
        if key not in known:
            raise ConfigError(f"unknown argument {name!r}: not a shortcut ({', '.join(SHORTCUTS)}), a data "
                              f"option ({', '.join(DATA_OPTIONS)}) or a config key such as train__lr or "
                              "model__hidden_size")
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


_PY_WORDS = [  # CLI words in a message -> the Python API's (the reader speaks flags)
    (r"--set ([\w.]+)=(\S+?)([;,)]|$)", lambda m: f"{m[1].replace('.', '__')}={_py_value(m[2])}{m[3]}"),
    (r"--(target|time|id|encoding|thousands|fill) ([^\s;,)]+)", lambda m: f"{m[1]}={m[2]!r}"),
    (r"--fill-missing-dates", lambda m: "fill_missing_dates=True"),
    (r"--no-header", lambda m: "header=False"),
    (r"--sort", lambda m: "sort=True"),
    (r"--(past|future|static)\b", lambda m: f"{m[1]}="),
    (r"--calendar\b", lambda m: "calendar=True"),
    (r"--(target|time|id|horizon|level|seed|device)\b", lambda m: f"{m[1]}=..."),
]


def _py_value(text: str) -> str:
    try:
        float(text)
        return text
    except ValueError:
        return repr(text)


def python_words(message: str) -> str:
    """An error message with the command line's flags said as the Python API's arguments."""
    import re

    for pattern, repl in _PY_WORDS:
        message = re.sub(pattern, repl, message)
    return message


def speak_python(func):
    """Re-raise a WavecastError from func with its message in Python's words (same class)."""
    import functools

    from .errors import WavecastError

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except WavecastError as exc:
            if exc.args and isinstance(exc.args[0], str):
                exc.args = (python_words(exc.args[0]), *exc.args[1:])
            raise

    return wrapper


def _log_epoch(rep) -> None:
    """Progress through logging (logger "wavecast", INFO): one line an epoch."""
    import logging

    val = f" val {rep.val_loss:.3g}" if rep.val_loss is not None else ""
    stage = f"{rep.stage}: " if getattr(rep, "stage", "") else ""  # the direct net's stages
    logging.getLogger("wavecast").info("%sepoch %d/%d loss %.3g%s %.1fs", stage, rep.epoch, rep.epochs,
                                       rep.train_loss, val, rep.elapsed)


def warn_notes(notes, stacklevel: int = 4) -> None:
    """Each note of a run as a warnings.warn (category WavecastNote: filter them as one).
    stacklevel 4: warn_notes, fit, speak_python, the caller."""
    import warnings

    from .errors import WavecastNote

    for note in notes:
        warnings.warn(python_words(note), WavecastNote, stacklevel=stacklevel)


@speak_python
def fit(data, target: str = "", time: str = "", id: str = "", *, config: Config | None = None,
        overrides: tuple[str, ...] | list[str] = (), on_epoch=None, past=(), future=(), static=(),
        calendar: bool = False, **kwargs) -> SeriesForecaster:
    """Train on a pandas Series/DataFrame, a 1-D NumPy array or a CSV/Parquet path.

    The last test_len points of each series are held out and forecast beside the baselines
    (see .metrics); predict() then continues from the very end of the data. Keywords: the
    shortcuts (cell, num_layers, hidden_size, lr, epochs, input_len, horizon, test_len, kind,
    device, seed: each sets every net it applies to), any config key as section__key (e.g.
    train__lr=1e-3, direct__loss="mse"), and the reader's options: fill="linear", sort=True,
    fill_missing_dates=True, and for files encoding, header, thousands. Covariates (both nets;
    the recursive one refuses past=): past=[columns known up to the origin], future=[columns known over the horizon: rows
    after each series' end with an empty target, or predict(h, future=df)], static=[one value
    a series], calendar=True (features of the time axis). target=["a", "b"]: several targets,
    forecast jointly by one net (metrics["by_target"]; predict gives a target column). Notes on what the run
    decided are warnings (wavecast.WavecastNote); progress per epoch goes to on_epoch, or to
    the "wavecast" logger at INFO.
    """
    from .experiment import run

    cfg = config or Config()
    data_options = {k: kwargs.pop(k) for k in DATA_OPTIONS if k in kwargs}
    for item in [*config_sets(kwargs), *overrides]:
        cfg = override(cfg, item)
    params = given_params(kwargs, cfg, config, overrides)
    covs = {k: _columns(v, k) for k, v in (("past", past), ("future", future), ("static", static))}
    if isinstance(target, (list, tuple)):  # several targets: one net forecasts them jointly
        if not all(isinstance(t, str) for t in target):
            raise ValidationError(f"target= must be a column name or a list of them (got {target!r})")
        target = ",".join(target)
    elif not isinstance(target, str):
        raise ValidationError(f"target= must be a column name or a list of them (got {target!r})")
    if any(covs.values()) or calendar:
        data_options.update(covs, calendar=bool(calendar))
    ds, kind = _dataset(data, target, time, id, **data_options)
    result = run(cfg, on_epoch=on_epoch or _log_epoch, dataset=ds)
    warn_notes(result.notes)
    from .forecasters.fallback import BASELINES

    fallback = {k: v for k, v in result.saved_intervals.items() if k in BASELINES}
    if result.final is not None:  # the direct net, trained again on all the data given
        return SeriesForecaster(None, None, result.config, ds, kind, result.metrics, result, direct=result.final,
                                intervals=result.saved_intervals.get(next(iter(result.forecasters))),
                                fallback_intervals=fallback, params=params)
    scalers = {sid: Scaler.from_params(result.scalers.mean_[i, 0], result.scalers.scale_[i, 0])
               for i, sid in enumerate(ds.ids)}
    net_f = next(iter(result.forecasters.values()))
    return SeriesForecaster(result.net, result.scaler, result.config, ds, kind, result.metrics, result, scalers,
                            intervals=result.saved_intervals.get(next(iter(result.forecasters))),
                            inputs=getattr(net_f, "inputs", None), fallback_intervals=fallback, params=params)


@speak_python
def load(folder: str | Path) -> SeriesForecaster:
    """A saved model (a run folder or its model/ folder), checked and loaded without unpickling."""
    from .errors import ModelFileError
    from .io.modelfile import load as load_model
    from .io.modelfile import read_series_meta

    m = load_model(folder)
    ds, scalers, starts = read_series_meta(m.meta, m.input_len, folder)
    kind = m.meta.get("api_kind") or ("frame" if (ds.id or ds.time) else "array")
    if kind not in ("array", "series", "frame"):
        raise ModelFileError(f"{folder}: model.json has an unknown api_kind {kind!r}")
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
