"""What SeriesForecaster.predict is given besides the horizon (series_forecaster.py): new data=
read with the model's columns (its ids, its covariates, the reading it was fitted with), and
future= covariates matched to the steps after each series' end, with the notes on what was read.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .data.frames import to_pandas_frame
from .data.timecolumn import without_period_advice
from .errors import ValidationError
from .forecast_frame import user_ids
from .future_frames import _future_replaced, _future_times, _unused_future, _whole_ids
from .predict_inputs import (
    _as_predicts,
    _dataset,
    _models_column,
    _refuse_levels_as_data,
    kept_reading,
)


def read_data(forecaster, data, columns: dict):
    """data= read as the model reads its series (the columns it was fitted with, `columns` naming
    the data's own): (its Dataset, the kind predict returns, its ids' dtype, the reader's notes)."""
    data = to_pandas_frame(data, "data=")  # a polars or Arrow table as pandas
    _refuse_levels_as_data(data, forecaster.input_len if forecaster.direct is None else forecaster.direct.input_len)
    if isinstance(data, pd.DataFrame):  # its ids 7.0 (a merge made them floats) as the model's 7
        data = _whole_ids(data, forecaster.dataset, columns.get("id") or forecaster.dataset.id)
    try:
        ds, kind = _dataset(data, **{"target": forecaster.dataset.target, "time": forecaster.dataset.time,
                                    "id": forecaster.dataset.id, **forecaster._covariate_roles(),
                                    **kept_reading(forecaster.config.data, data, columns), **columns})
    except ValidationError as exc:
        raise _models_column(exc, columns, forecaster.dataset, data) from None
    user = user_ids(data, ds)
    # said as forecast --data says them; no advice to set eval.period (the model's season is fixed)
    read = [_as_predicts(n) for n in without_period_advice(getattr(ds, "notes", []))]
    return ds, kind, user, read


def join_future(forecaster, ds, future, horizon: int, data_given: bool):
    """future= matched to the steps after each series' end of ds (by their times, or in order for
    an array): (ds with those future covariates, the notes on the values it replaced, the note
    on what of it was not read, or None)."""
    future = to_pandas_frame(future, "future=")
    if getattr(ds, "covariates", None) is None or not ds.covariates.future:
        # a model of past covariates only (R's us_change, past=['Income', ...]) given future= was told
        # it "has none", and a user who trained it with drivers could not tell why they were refused
        past = [c for c in (getattr(ds.covariates, "past", None) or ()) if "->" not in c]
        are = "" if not past else (
            f": its {', '.join(repr(c) for c in past)} {'is a past covariate' if len(past) == 1 else 'are past covariates'}, "
            "read from the history up to the forecast origin only (newer history goes to predict(h, data))")
        raise ValidationError(f"future= is for a model fitted with future=[...] covariates; this one has none{are}")
    from dataclasses import replace

    from .data.futurecovariates import with_future

    if forecaster.direct is not None and isinstance(horizon, (int, np.integer)):
        forecaster.direct.check_steps(int(horizon))  # its most steps, before the rows they would need
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
    read = _future_replaced(ds, cov, int(horizon), "data=" if data_given else "the model's data")
    ds = with_attributes(ds, replace(ds, covariates=cov))
    unused = _unused_future(future, ds, ds.id, data_given=data_given)  # the user's id column
    return ds, read, unused


def with_attributes(ds, new):
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
