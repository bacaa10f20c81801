"""future= as predict() reads it: a frame, a Series or index levels made the columns the model
names, its ids as the model knows them, the rows each forecast needs, and a note on what it
held that no forecast read."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .data import reader as datamod
from .errors import ValidationError
from .predict_inputs import _levels_id_first


def _unused_future(frame, ds: datamod.Dataset, id_col: str, data_given: bool = False) -> str | None:
    """A note on what future= held that no forecast read: rows of ids not forecast, columns the
    model was not fitted with (a misspelt covariate was dropped without a word). None if all used.
    data_given: predict had data= (the statics are read from it, not from the data fitted on)."""
    if not isinstance(frame, pd.DataFrame):
        return None
    cov = ds.covariates
    # the target's column, as the future rows of a file hold it (empty), is no unknown column
    target = getattr(ds, "target", "")
    known = {*cov.future, ds.time, id_col, target, *(ds.targets or ()), "target", ""}
    past, static = set(getattr(cov, "past", ())), set(getattr(cov, "static", ()))
    cols = [str(c) for c in frame.columns if str(c) not in known | past | static]
    # the model's own past and static columns are no misspelling: said with what is read instead
    where = "the data given (data=)" if data_given else "the data the model was fitted on"
    roles = [f"{role} covariate(s) ({', '.join(repr(str(c)) for c in frame.columns if str(c) in names)}): {why}"
             for role, names, why in (("past", past, "known up to the origin only, not read after it"),
                                      ("static", static, f"read from {where}"))
             if any(str(c) in names for c in frame.columns)]
    ids = []
    if id_col and id_col in frame.columns:
        given = {str(i) for i in (getattr(ds, "series_ids", None) if ds.targets else ds.ids)}  # not (id, target) keys
        ids = [i for i in pd.unique(frame[id_col]) if str(i) not in given]
    said = []
    if ids:
        said.append(f"rows of {len(ids)} id(s) not forecast ({', '.join(repr(i) for i in ids[:5])})")
    if cols:
        said.append(f"column(s) the model was not fitted with ({', '.join(repr(c) for c in cols[:5])})")
    notes = [f"future= held {' and '.join(said)}: not read"] if said else []
    notes += [f"future= held {r}" for r in roles]
    if target in frame.columns and frame[target].notna().any():  # values of the steps forecast: never read
        notes.append(f"future= held values of the target {target!r}: not read (the forecast is the net's own)")
    return "; ".join(notes) or None


def _future_replaced(ds: datamod.Dataset, cov, horizon: int, source: str) -> list[str]:
    """Notes where future= (cov) gave other values than ds's own rows after each series' end."""
    from .data.futurecovariates import overridden_future
    from .data.targets import id_and_target

    names = [id_and_target(ds, k)[0] for k in ds.ids]  # several targets: each series counted once
    return overridden_future(ds.covariates, cov, [len(v) for v in ds.values], horizon, names, source)


def _future_times(frame, ds: datamod.Dataset):
    """future= with its times in a DatetimeIndex (or PeriodIndex), as the training data may have
    had them, as the time column the model keeps (its rows are matched to the steps by time);
    its ids and times in two index levels (either order) as columns; its ids as the model's. A
    Series of the model's future column (named by it, or unnamed where it has one) is that column."""
    if isinstance(frame, pd.Series):  # price.loc["2024-01":] was refused: "must be a pandas DataFrame"
        future = list(getattr(ds.covariates, "future", None) or ())
        name = frame.name if frame.name is not None else (future[0] if len(future) == 1 else None)
        if isinstance(name, str) and name in future:
            frame = frame.rename(name).to_frame()
    if not isinstance(frame, pd.DataFrame):
        return frame
    frame = _future_levels(frame, ds)
    # its ids in an index named as the model's id (set_index("unique_id"), NeuralForecast's frames
    # before 1.6), as data= reads them: it was refused as "future= has no column 'unique_id'"
    if ds.id and ds.id not in frame.columns and not isinstance(frame.index, pd.MultiIndex) \
            and str(frame.index.name) == ds.id:
        frame = frame.reset_index()
    frame = _whole_ids(frame, ds)
    if not ds.time or ds.time in frame.columns:
        return frame
    index = frame.index
    # an index named as the model's time column holds the times, whole-number steps too:
    # df.set_index("t")["lead"].loc[141:] was refused as "future= has no column 't'"
    if not isinstance(index, (pd.DatetimeIndex, pd.PeriodIndex)) and str(index.name) != ds.time:
        return frame  # with_future names the time column it needs; _predict says where it may be
    out = frame.copy(deep=False)
    out.index = index.to_timestamp() if isinstance(index, pd.PeriodIndex) else index
    return out.rename_axis(ds.time).reset_index()


def _future_levels(frame: pd.DataFrame, ds: datamod.Dataset) -> pd.DataFrame:
    """future= indexed by (id, time) or (time, id), as set_index(["shop", "week"]) gives it, with
    those levels as the id and time columns the model names: it was refused as "future= has no
    column 'shop'" though the shops were there."""
    index = frame.index
    if not (ds.id and ds.time) or not isinstance(index, pd.MultiIndex) or index.nlevels != 2 \
            or ds.id in frame.columns or ds.time in frame.columns:
        return frame
    names = [None if n is None else str(n) for n in index.names]
    if sorted(n for n in names if n is not None) not in ([], sorted([ds.id, ds.time]), [ds.id], [ds.time]):
        return frame  # levels named otherwise: with_future names the columns it needs
    named = ds.time if ds.time in names else ds.id if ds.id in names else ""
    out = _levels_id_first(frame, named if named == ds.time else "", named if named == ds.id else "")[0]
    out = out.rename_axis([ds.id, ds.time])
    level = out.index.levels[1]
    if isinstance(level, pd.PeriodIndex):
        out.index = out.index.set_levels(level.to_timestamp(), level=1)
    return out.reset_index()


def _whole_ids(frame: pd.DataFrame, ds: datamod.Dataset, id: str | None = None) -> pd.DataFrame:
    """future='s (or data='s) ids as the model knows them where they are its whole-number ids made
    floats (a column that once held a NaN, or came through a merge): 7.0 found no series '7'
    ("future= has no rows for series '7'", its rows there; data= forecast shop 7.0 as a series the
    model never saw). id: the frame's id column (default: the model's)."""
    id = ds.id if id is None else id
    if not id or not ds.id or id not in frame.columns or not pd.api.types.is_float_dtype(frame[id]):
        return frame
    col = frame[id]
    known = {str(i) for i in (ds.series_ids if ds.targets else ds.ids)}
    if col.isna().any() or not (col == col.round()).all() or col.astype(str).isin(known).any():
        return frame  # (ids the model knows as 7.0 stay so)
    whole = col.astype("int64")
    if not whole.astype(str).isin(known).any():  # (new series among them are new under either name)
        return frame
    return frame.assign(**{id: whole})


def check_future_steps(ds: datamod.Dataset, horizon: int, window: int) -> None:
    """Every series the net forecasts (one holding its window) has `horizon` rows of its future
    covariates after its end, said in the user's numbers: the steps asked and the rows given."""
    cov = getattr(ds, "covariates", None)
    if cov is None or not cov.future:
        return
    from .data.futurecovariates import shorter_horizon
    from .forecasters.covariates import too_few_rows

    k = len(cov.past)
    short = None  # the first series with too few rows: (its id, the column, its rows)
    most = horizon  # the steps every series' rows cover: a shorter forecast they allow
    for i, (y, v) in enumerate(zip(ds.values, cov.values, strict=True)):
        if len(y) < window:
            continue  # forecast by the fallback, without covariates
        after = np.isfinite(v[len(y):, k:k + len(cov.future)])  # (rows after its end, future columns)
        have = [len(after) if ok.all() else int(np.argmin(ok)) for ok in after.T]  # each column's rows
        most = min(most, *have)
        if min(have) < horizon and short is None:
            sid = ds.series_ids[i] if ds.targets else ds.ids[i]  # the user's id, never the internal key
            c = int(np.argmin(have))
            short = (sid, cov.future[c], have[c])
    if short is not None:  # the model's horizon is forecast's default: a week of weather for a 14-day model
        raise ValidationError(too_few_rows(short[0], short[1], horizon, short[2]) + shorter_horizon(most))
