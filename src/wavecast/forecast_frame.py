"""The table predict() returns: a row a series and step after its end, at the data's own
frequency and in the user's order of the series, their ids of the dtype the user gave,
bands and baselines beside the forecast."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .data import reader as datamod
from .data.dataset import ids_of, in_user_order
from .data.futuretimes import future_times
from .data.yearparts import as_text
from .errors import ValidationError
from .predict_inputs import _levels_id_first


def forecast_frame(ds: datamod.Dataset, pred: np.ndarray, bands: dict | None = None,
                   user: tuple[dict, object] | None = None, baselines: dict | None = None) -> pd.DataFrame:
    """Long table of forecasts (S, H): [id,] [target (several targets),] time (extended at the series' frequency), forecast,
    and for each level of bands {level: (lo (S, H), hi (S, H))} lo-<level>, hi-<level>, then a
    column for each baseline's forecasts {name: (S, H)}.
    user: the ids of a DataFrame given in Python (user_ids): the id column holds them, of their dtype."""
    horizon = pred.shape[1]
    # the series in the user's order (their order of appearance); ds keeps the ids' canonical one
    shown = in_user_order(ds)
    pred = pred[shown]
    bands = {level: (lo[shown], hi[shown]) for level, (lo, hi) in (bands or {}).items()}
    rows: dict[str, list] = {}
    if ds.targets:  # several targets: the series' own id and its target, never the internal key
        if ds.id:
            rows[ds.id] = _id_column([ds.series_ids[i] for i in shown], horizon, user)
        rows["target"] = np.repeat([ds.series_targets[i] for i in shown], horizon).tolist()
    elif ds.id:
        rows[ds.id] = _id_column([ds.ids[i] for i in shown], horizon, user)
    times, after = [], {}  # series that end on one stamp (most of a panel) share their future stamps
    for v, t in ((ds.values[i], ds.times[i]) for i in shown):
        last = t[-1] if t is not None and len(t) else None
        if last is None:
            times.append(pd.RangeIndex(len(v), len(v) + horizon))
            continue
        key = (last, str(getattr(last, "tz", None)), getattr(last, "unit", None))  # equal instants of two zones differ
        if key not in after:
            after[key] = future_times(last, ds.freq, horizon)
        times.append(after[key])
    period = getattr(ds, "period_freq", None)  # fitted on periods (period_of): given back as periods
    if times and all(isinstance(t, pd.DatetimeIndex) for t in times) and len({t.dtype for t in times}) == 1:
        # the dates of the data's own dtype: datetime64[ns] through tolist() were int64 nanoseconds, and
        # [s] or [ms] came back as [us] (Python datetimes); zones of one kind as before
        stamps = times[0].append(times[1:]) if len(times) > 1 else times[0]
        rows[ds.time or "step"] = stamps.to_period(period) if period else \
            as_text(stamps, ds.time_text) if getattr(ds, "time_text", "") else stamps  # '2020Q1' as read
    else:
        stamps = np.concatenate([np.asarray(t) for t in times])
        rows[ds.time or "step"] = (pd.DatetimeIndex(stamps).to_period(period) if period and stamps.dtype.kind == "M"
                                   else stamps.tolist())
    rows["forecast"] = pred.reshape(-1).tolist()
    for level, (lo, hi) in sorted((bands or {}).items()):
        rows[f"lo-{level:g}"], rows[f"hi-{level:g}"] = lo.reshape(-1).tolist(), hi.reshape(-1).tolist()
    for name, values in (baselines or {}).items():
        if name in rows:  # an id or time column named 'mean' or 'theta': its values were silently replaced
            role = "id" if name == ds.id else "time"
            raise ValidationError(f"column {name!r} (the {role} column) has the name of a column wavecast writes "
                                  f"beside it (the {name} baseline's forecasts), which would overwrite it; rename "
                                  "it in the data")
        rows[name] = values[shown].reshape(-1).tolist()
    return pd.DataFrame(rows)


def user_ids(data, ds: datamod.Dataset) -> tuple[dict, object] | None:
    """The ids of data (read as ds) by the text the reader keys them by, and their column's
    dtype: the reader reads ids as text (a CSV file's "007" stays "007"), but forecasts of a
    frame given in Python carry its own ids back (an int64 shop 10, not '10'), so they merge
    onto it, as do those of a Parquet file (ds.user_ids). None: the text is the id."""
    id = ds.id
    if not id or not isinstance(data, (pd.DataFrame, pd.Series)):
        return getattr(ds, "user_ids", None) if id else None
    if isinstance(data, pd.DataFrame) and id in data.columns:
        col = data[id]
    elif isinstance(data.index, pd.MultiIndex):  # (id, time) levels in either order (_levels_id_first)
        names = [None if n is None else str(n) for n in data.index.names]
        index = data.index if id in names else _levels_id_first(data, "", "")[0].index
        col = pd.Series(index.get_level_values(names.index(id) if id in names else 0))
    else:
        return None
    return ids_of(col)


def _id_column(ids, horizon: int, user: tuple[dict, object] | None):
    """Each series' id repeated over its horizon: the user's own values and dtype where every id
    is one of theirs, else the text."""
    text = np.repeat(ids, horizon).tolist()
    if user is None or not all(i in user[0] for i in set(text)):
        return text
    values, dtype = user
    return pd.Series([values[i] for i in text], dtype=dtype)
