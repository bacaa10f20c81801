"""The forecasts of a SeriesForecaster (series_forecaster.py) for the series of a reader Dataset:
(S, horizon) arrays from the net it holds (recursive, recursive reading covariates or several
targets, or direct), short series by the named fallback, each series' scaler (a series never seen:
the values given for it), and the notes on what the forecast decided.
"""

from __future__ import annotations

import numpy as np

from .data import reader as datamod
from .data.dataset import in_user_order, user_rank
from .data.scaling import Scaler
from .errors import ValidationError
from .forecast_checks import (
    check_some_window,
    early_ends_note,
    fallback_season,
    note_new_categories,
    note_short,
)
from .forecasters.contract import stack
from .freq_checks import check_freq
from .future_frames import check_future_steps


def forecast_array(forecaster, ds: datamod.Dataset, horizon: int) -> np.ndarray:
    """(S, horizon) forecasts of every series in ds, in one batch, on train.threads torch threads
    (as fit computed them; the same numbers on any count): on the process's default, 2 on the
    shared 2-core machine, predict(13) of 1,000 weekly series took 948 ms, 373 ms on 1
    (python -m benchmarks.predict_threads)."""
    from .training.threads import torch_threads

    with torch_threads(forecaster.config.train.threads):
        return forecast_all(forecaster, ds, horizon)


def forecast_all(forecaster, ds: datamod.Dataset, horizon: int) -> np.ndarray:
    """forecast_array's work: the checks of ds and horizon, the net's forecasts, the notes on them."""
    from .forecasters.net import check_horizon

    check_horizon(int(horizon), forecaster.direct)  # before anything else is read or stacked
    check_freq(forecaster, ds)
    if forecaster.direct is not None:  # its most steps (past covariates) before the future rows they need
        forecaster.direct.check_steps(int(horizon))
    check_future_steps(ds, int(horizon), forecaster.input_len if forecaster.direct is None else forecaster.direct.input_len)
    if forecaster.direct is not None:
        pred = note_new_categories(forecaster, ds, predict_direct(forecaster, ds, horizon), forecaster.direct.input_len)
    elif forecaster.inputs is not None:
        pred = note_new_categories(forecaster, ds, predict_recursive_inputs(forecaster, ds, horizon), forecaster.input_len)
    else:
        pred = predict_recursive(forecaster, ds, horizon)
    note_past_horizon(forecaster, int(horizon))
    late = early_ends_note(ds)  # a series that stopped before the others is forecast in their past
    if late:
        forecaster.notes.append(late)
    from .evaluate.covariate_range import rare_future_notes
    from .experiment_notes import series_names

    forecaster.notes += rare_future_notes(ds, int(horizon), series_names(ds, list(ds.ids)))
    return pred


def note_past_horizon(forecaster, horizon: int) -> None:
    """A note when horizon goes past the steps the model was scored on (and, for the direct net,
    trained on): those steps are forecasts fed back as inputs, never checked against data."""
    scored = forecaster.horizon_
    if horizon <= scored:
        return
    steps = f"step {horizon} is" if horizon == scored + 1 else f"steps {scored + 1}-{horizon} are"
    # the recursive net learns one step and is scored on `scored`; the direct net learns them all
    how = "trained and scored on" if forecaster.direct is not None else "scored on"
    forecaster.notes.append(f"horizon {horizon} is past the {scored} steps the model was {how}: {steps} the net's "
                            "forecasts fed back as inputs, never scored")


def predict_recursive(forecaster, ds: datamod.Dataset, horizon: int) -> np.ndarray:
    """The recursive net reading its series alone, one batch; short series by the fallback."""
    from .forecasters.fallback import seasonal_naive
    from .forecasters.net import NetForecaster

    n = forecaster.input_len
    check_some_window(ds, n, forecaster.dataset)
    # a short series' window padded with its first value (the net's rows are one batch);
    # its forecast is then replaced by the named fallback
    ctx = np.stack([np.pad(v[-n:], (n - min(len(v), n), 0), mode="edge") for v in ds.values])
    f = NetForecaster(forecaster.net, series_scalers(forecaster, ds, n), n)
    ctx = ctx[:, :, None]  # (S, T, 1)
    pred = f.predict(ctx, horizon)[:, :, 0]
    for i in note_short(forecaster, ds, n, "the recursive net's"):
        pred[i] = seasonal_naive(ds.values[i], int(horizon), fallback_season(forecaster))
    return pred


def predict_recursive_inputs(forecaster, ds: datamod.Dataset, horizon: int) -> np.ndarray:
    """The recursive net reading covariates or several targets: each series from its values
    (a kept tail or the data given), its covariate rows aligned with their first value."""
    from .forecasters.recursive_inputs import partners
    from .forecasters.recursive_inputs_forecaster import RecursiveNetForecaster

    cov = getattr(ds, "covariates", None)
    if cov is not None and cov.calendar:  # the calendar of the horizon, from the time axis
        from .data.futurecovariates import with_future

        cov = with_future(cov, [len(v) for v in ds.values], ds.times, ds.freq, int(horizon))
    if forecaster.inputs.features_ is not None and cov is None:
        raise ValidationError("this model forecasts with covariates; pass data with the columns it was "
                              f"trained with ({', '.join(forecaster.inputs.future_columns)})")
    if tuple(ds.targets) != forecaster.inputs.targets_:
        raise ValidationError(f"this model forecasts the targets {list(forecaster.inputs.targets_) or [forecaster.dataset.target]}; "
                              f"the data given has {list(ds.targets) or [ds.target]}")
    from .forecasters.fallback import seasonal_naive

    n = forecaster.input_len
    check_some_window(ds, n, forecaster.dataset)
    scalers = series_scalers(forecaster, ds, n)  # (S, 1, 1); notes on series never seen
    tg = ds.series_targets if ds.targets else None
    mates = partners(ds.ids, ds.series_ids, tg or [""] * len(ds.ids), ds.targets)
    f = RecursiveNetForecaster(forecaster.net, forecaster.inputs, forecaster.input_len, scaling=forecaster.config.data.scaling)
    short = note_short(forecaster, ds, n, "the recursive net's")
    # the net forecasts the long series alone, each still placed by its own position in ds
    # (its covariate rows, scaler and partners), so no covariate row moves; the short ones
    # get the fallback in their own rows
    long = np.array([i for i in range(len(ds.values)) if i not in set(short)], dtype=np.int64)
    pred = np.empty((len(ds.values), int(horizon)))
    pred[long] = f.forecast([np.asarray(ds.values[i], dtype=np.float64) for i in long], long, int(horizon), cov,
                            scalers, mates, tg)
    for i in short:
        pred[i] = seasonal_naive(ds.values[i], int(horizon), fallback_season(forecaster))
    return pred


def predict_direct(forecaster, ds: datamod.Dataset, horizon: int) -> np.ndarray:
    """The direct net: each series from its own history (its first point, or the kept tail
    placed by `starts`); a series it never saw gets transforms fitted on the data given."""
    known = {sid: i for i, sid in enumerate(forecaster.dataset.ids)}
    index = [known.get(sid, -1) for sid in ds.ids]
    same = ds is forecaster.dataset or ds.values is forecaster.dataset.values  # (future= extends a copy)
    n = forecaster.direct.input_len
    if not same:  # a short series, in new data as in the model's own, gets the fallback below
        check_some_window(ds, n, forecaster.dataset)
    starts = forecaster.starts if same else None
    forecaster.notes = []
    # (a short one is forecast by the fallback, its own note, without the net's transforms)
    unseen = [sid for sid, i, v in zip(ds.ids, index, ds.values, strict=True) if i < 0 and len(v) >= n]
    unseen.sort(key=user_rank(ds).__getitem__)  # named in the user's order, as note_short names them
    if unseen:
        forecaster.notes.append(f"{len(unseen)} series the model never saw ({shown(unseen)}): "
                                f"{forecaster.direct.unseen_words()}")
    note_short(forecaster, ds, n, "the direct net's")  # forecast_rows gives them seasonal naive
    cov = getattr(ds, "covariates", None)
    if forecaster.direct.model.covariates_ is not None:
        if cov is None:
            raise ValidationError("this model forecasts with covariates; pass data with the columns it was "
                                  f"trained with ({forecaster.direct.model.covariates_.columns})")
        if cov.calendar:  # the calendar of the horizon, from the time axis
            from .data.futurecovariates import with_future

            # over every step the net reads (the trained horizon at least): padded with the last
            # row asked for, step 1's features would depend on how many steps were asked
            steps = max(int(horizon), int(forecaster.direct.horizon))
            cov = with_future(cov, [len(v) for v in ds.values], ds.times, ds.freq, steps)
    out = forecaster.direct.predict_series(ds.values, horizon, index, starts, covariates=cov)
    # data given under a training id that is another series (a short one: the fallback's note alone)
    note = forecaster.direct.refit_note(ds.ids, in_user_order(ds), [len(v) for v in ds.values])
    if note:
        forecaster.notes.append(note)
    return out


def series_scalers(forecaster, ds: datamod.Dataset, n: int = 0) -> Scaler:
    """Each series' scaler stacked (S, 1, 1): its training scaler, or for an id the model never
    saw (per_series scaling) the mean and std of the values given for it, said in notes (not
    of a series shorter than n: the fallback forecasts it, unscaled)."""
    from .forecasters.series_tails import TAIL_LEN, not_continued

    per_series = forecaster.config.data.scaling == "per_series"
    # data given under a training id that does not hold that series' last values is another
    # series (the same one in other units): the training scaler would read it in wrong units
    other = set(not_continued(forecaster.dataset, ds)) if per_series and ds is not forecaster.dataset else set()
    out, unseen, moved = [], [], []
    for sid, v in zip(ds.ids, ds.values, strict=True):
        sc = None if sid in other else forecaster.scalers.get(sid)
        if sc is None and per_series:
            sc = Scaler().fit(v)
            if len(v) >= n:
                (moved if sid in other else unseen).append(sid)
        out.append(sc or forecaster.scaler)
    forecaster.notes = []
    rank = user_rank(ds)  # the notes name the series in the user's order, as note_short does
    unseen, moved = sorted(unseen, key=rank.__getitem__), sorted(moved, key=rank.__getitem__)
    if unseen:
        forecaster.notes.append(f"{len(unseen)} series the model never saw ({shown(unseen)}): each scaled by the mean "
                                "and standard deviation of the values given for it")
    if moved:
        from .forecasters.direct import not_continued_words

        kept = dict(zip(forecaster.dataset.ids, forecaster.dataset.values, strict=True))
        need = [min(len(kept[sid]), TAIL_LEN) for sid in moved]  # what not_continued looked for
        forecaster.notes.append(f"{not_continued_words(moved, need)}: each scaled by the mean and standard deviation of the "
                                "values given for it, as a series the model never saw")
    return stack(out)


def shown(ids: list, k: int = 5) -> str:
    return ", ".join(repr(i) for i in ids[:k]) + (f" and {len(ids) - k} more" if len(ids) > k else "")
