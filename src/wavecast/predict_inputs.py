"""What predict() and wavecast.fit are given, read as the reader takes it: a path with its '~',
pandas objects indexed by time or by (id, time), periods, the reading options a model
was fitted with, and the one-line refusals of keywords, columns and data it cannot use."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .config import Config
from .data import reader as datamod
from .errors import ValidationError
from .forecast_checks import gap_from_data

_UNUSED = re.compile(r"(?P<col>column '.*') is not used; (?:it is constant within each series: pass --static|"
                     r"pass --past or --future) to use it")


def _as_predicts(note: str) -> str:
    """A note of reading data= said for predict, as cli.forecast_words.as_forecasts says it for
    --data: a column the model does not read is not to be passed with past=, future= or static=,
    keywords predict does not take (the model's roles are fixed when it is fitted)."""
    m = _UNUSED.fullmatch(note)
    return (f"{m['col']} is not used: the model was fitted without it (wavecast.fit with past=, future= or "
            "static= fits one that reads it)") if m else note


def kept_reading(d, data, given: dict) -> dict:
    """The reading options the model was fitted with (its config's data.*: fill, sort,
    fill_missing_dates, date_order and, for a file, sep, decimal, ...) that differ from the
    reader's defaults, for data= where predict's keywords do not say otherwise: `wavecast forecast
    --data` read a new file so, while predict(h, data) read it with the defaults (a model fitted
    with fill='linear' refused the same gaps in its new rows, "pass fill='linear'").

    d: the model's DataConfig; given: predict's own reading keywords, which win."""
    from .keywords import DATA_OPTIONS, FILE_OPTIONS

    default, path = Config().data, isinstance(data, (str, Path))
    kept = {k: getattr(d, k) for k in DATA_OPTIONS
            if k not in given and getattr(d, k) != getattr(default, k) and (path or k not in FILE_OPTIONS)}
    # as forecast_cmd: the model's decimal comma is a default, not a demand: sep=',' (or thousands=',')
    # given for a new file reads its decimals with '.', and a kept thousands mark gives way to that decimal
    if kept.get("decimal") in {given.get("sep"), given.get("thousands")} - {None}:
        del kept["decimal"]
    if "thousands" in kept and kept["thousands"] == given.get("decimal", kept.get("decimal", default.decimal)):
        del kept["thousands"]
    return kept


def _refuse_unknown_keywords(columns: dict) -> None:
    """predict(12, levels=[80]) gave the forecast without bands, levels= read by nothing (any
    keyword went into **columns, which only data= reads): a name that is none of the reader's
    is refused, with the nearest keyword."""
    import difflib

    from .keywords import DATA_OPTIONS, FOREIGN_PREDICT

    known = ("target", "time", "id", *DATA_OPTIONS)
    unknown = [k for k in columns if k not in known]
    if unknown:
        # another library's word (Darts' predict(n=12), num_samples=) is named with its meaning here
        near = [FOREIGN_PREDICT[unknown[0]]] if unknown[0] in FOREIGN_PREDICT else [
            f"{k}=" for k in difflib.get_close_matches(unknown[0], ["horizon", "data", "level", "future", "baselines", *known], n=1)]
        hint = f" (did you mean {near[0]}?)" if near else ""
        raise ValidationError(f"predict() has no keyword {unknown[0]}={hint}; it takes horizon, data, level, future, "
                              f"baselines and, to read data=, {', '.join(known)}")


def user_path(path, what: str = "data"):
    """A path given in Python with its '~' read as the home folder, as pandas and open() users
    expect (pd.read_csv("~/sales.csv")): fit("~/sales.csv") was refused as no such file, and
    save("~/models/sales") wrote a folder named '~' in the working directory. Anything else as it is.
    An empty or blank str (`what`: the argument's name) is refused, as the CLI refuses --out '':
    Path('') is the working folder, so save('') wrote the model there and load('') read it."""
    import os

    if isinstance(path, str) and not path.strip():
        raise ValidationError(f"{what} is empty ({path!r}): give a path")
    return Path(path).expanduser() if isinstance(path, (str, os.PathLike)) else path


def _dataset(data, target="", time="", id="", **kw) -> tuple[datamod.Dataset, str]:
    from .data.covariates import check_key_columns

    check_key_columns(target, str(time or ""), str(id or ""), lambda key: f"{key}=")
    if isinstance(data, (str, Path)):
        return datamod.read(user_path(data), target, time, id, **kw), "frame"
    kind = "series" if isinstance(data, pd.Series) else "frame" if isinstance(data, pd.DataFrame) else "array"
    data, time, id = _levels_id_first(data, time, id)
    period = period_of(data, time)
    if kind == "frame":
        data, time = _time_index_beside_ids(data, time, id)
    ds = datamod.from_object(data, target, time, id, **kw)
    if kind == "series" and data.name is None:  # read as 'value'; its forecast given back unnamed, as it came
        ds.unnamed = True
    if period:  # its forecasts' times as periods again (forecast_frame), after save and load too
        ds.period_freq = period
    return ds, kind


def _levels_id_first(data, time: str, id: str):
    """A pandas object indexed by two levels, id and time in either order, as the reader takes it:
    (id, time), its levels naming them. The time level is the one time= names (or the other than
    id='s), else the one of dates or periods: s.stack() and set_index(["week", "shop"]) put time
    first, read as ids with the shops as dates ("cannot parse 'shop'"). time=/id= that name levels
    are dropped (the reader reads the levels' names): a model fitted on such data named them, and
    predict(h, data) refused the same data as "a MultiIndex ...; pass an index of (id, time)"."""
    index = getattr(data, "index", None)
    if not isinstance(index, pd.MultiIndex) or index.nlevels != 2:
        return data, time, id
    columns = getattr(data, "columns", ())
    if (time and time in columns) or (id and id in columns):
        return data, time, id  # the columns named carry the axis (the reader says what it finds)
    names = [None if n is None else str(n) for n in index.names]
    if (time and time not in names) or (id and id not in names) or (time and time == id):
        return data, time, id  # a name no level has: the reader refuses it
    if time:
        t = names.index(time)
    elif id:
        t = 1 - names.index(id)
    else:
        dated = [isinstance(lv, (pd.DatetimeIndex, pd.PeriodIndex)) for lv in index.levels]
        t = 0 if dated == [True, False] else 1
    return (data.swaplevel(0, 1) if t == 0 else data), "", ""


def period_of(data, time: str = "") -> str | None:
    """The frequency of the periods a pandas object's times are in (a PeriodIndex, or a time
    column of period dtype), or None: the reader reads them as timestamps, and the forecasts
    gave timestamps back, which pd.concat with the user's periods mixed into an object index."""
    if isinstance(data, pd.DataFrame) and time and time in data.columns:  # the time column named: its dtype alone
        if isinstance(data[time].dtype, pd.PeriodDtype):
            return pd.PeriodIndex(data[time]).freqstr  # a period's alias ('Q-DEC'), not its offset's ('QE-DEC')
        return None
    index = getattr(data, "index", None)
    if isinstance(index, pd.MultiIndex):
        index = index.levels[-1]
    return index.freqstr if isinstance(index, pd.PeriodIndex) else None


def _time_index_beside_ids(df: pd.DataFrame, time: str, id: str) -> tuple[pd.DataFrame, str]:
    """A long frame whose times are its DatetimeIndex (or PeriodIndex) and whose ids a column
    (df.set_index("week") of a panel): its index as the time column. The reader took the id column
    for the whole layout and dropped the index: forecasts came back by step (144, 145), with no
    frequency, and time="week" was refused as no column. (Without ids the reader reads the index.)"""
    index = df.index
    if not id or id not in df.columns or not isinstance(index, (pd.DatetimeIndex, pd.PeriodIndex)):
        return df, time
    name = str(index.name) if index.name is not None else "time"
    if (time and time != name) or name in df.columns:
        return df, time  # a time column named, or a clash: the reader says what it finds
    if not time and any(pd.api.types.is_datetime64_any_dtype(df[c]) for c in df.columns):
        return df, time  # a column of dates beside it: the reader takes that one, as it did
    out = df.copy(deep=False)
    out.index = index.to_timestamp() if isinstance(index, pd.PeriodIndex) else index
    return out.rename_axis(name).reset_index(), name


def _models_column(exc: ValidationError, given: dict, model: datamod.Dataset | None = None,
                   data=None) -> ValidationError:
    """The reader's "column 'v' (--target) not found in the DataFrame" of data given to predict,
    said as what it is: the model's column, which the user never named (it read "(target=...)"),
    and how to name the data's own (predict takes target=, time=, id=, as forecast --data its flags).
    data: the DataFrame given, whose columns may be the model's series (a wide table: its melt)."""
    import re

    m = re.fullmatch(r"(?P<s>columns?) (?P<col>'.*?') \(--(?P<role>target|time|id|past|future|static)"
                     r"(?: (?P<all>[^)]*))?\) not found in (?P<rest>.*)", str(exc), re.S)
    if m and m["role"] == "id" and "id" not in given and model is not None and isinstance(data, pd.DataFrame):
        from .data.wide import model_melt, series_shown

        frame = data if model.time in data.columns else data.reset_index()  # dates in the index
        expr = "data" if frame is data else "data.reset_index()"
        melt = model_melt(expr, frame.columns, model.ids, model.time, model.id, model.target)
        if melt:
            return ValidationError(f"data= holds the model's series as columns ({series_shown(frame.columns, model.ids)}),"
                                   f" a wide table: the model reads long format (id={model.id!r}); melt it: {melt}, "
                                   "and pass that as data=")
    if not m or m["role"] in given:
        gap = gap_from_data(str(exc), "data=")  # a covariate's gap: from data=, not from a future= given
        return exc if gap == str(exc) else ValidationError(gap)
    if m["all"]:  # several targets: read by name, jointly (a target='COLUMN' renames none of them)
        are = "columns" if m["s"] == "columns" else "column"
        return ValidationError(f"the model's target {are} {m['col']} {'are' if are == 'columns' else 'is'} not in "
                               f"{m['rest']}; it forecasts target={m['all'].split(',')!r} jointly: give the data "
                               "each of those columns, under those names")
    if m["role"] == "id" and m["rest"].startswith("the Series"):
        # one series (a new shop's history) given to a panel model as a Series, which holds no
        # column to give or name (it was told to): an id, as a DataFrame's column or an index level
        time, target = (model.time, model.target) if model is not None else ("TIME", "TARGET")
        axis = f".rename_axis({time!r})" if time else ""
        role, fix = "id", (f"a Series without ids is one series: give it an id the model never saw, as a "
                           f"DataFrame with the column {m['col']} (s{axis}.reset_index(name={target!r})"
                           f".assign({m['col'][1:-1]}='new')) or a Series indexed by (id, time)")
    elif m["role"] in ("target", "time", "id"):
        role, fix = m["role"], (f"give the data that column, or name the data's own with predict(h, data, "
                                f"{m['role']}='COLUMN')")
    else:
        role, fix = f"{m['role']} covariate", "the model was fitted with it: give the data that column"
    return ValidationError(f"the model's {role} column {m['col']} is not in {m['rest']}; {fix}")


def _refuse_renamed_targets(targets: tuple[str, ...], given) -> None:
    """target= given to a model of several targets that are not its own: they are read by name and
    forecast jointly, so another name renames none of them (it failed on the panel's internal
    covariates, "past ['X->A', 'A->X'] ... differ from the model's past ['B->A', 'A->B']")."""
    if not targets or given is None:
        return
    from .data.targets import parse_targets

    if (parse_targets(given) or (str(given),)) != tuple(targets):
        raise ValidationError(f"this model forecasts target={list(targets)!r} jointly, reading those columns by "
                              f"name: target={given!r} cannot rename them; give the data columns "
                              f"{', '.join(repr(t) for t in targets)} (rename yours to them)")


def _refuse_levels_as_data(data, window: int) -> None:
    """predict(3, [80]) (Forecaster.predict's order, horizon then levels) would read [80] as data
    too short for the net's window: refused naming level=."""
    if isinstance(data, (int, float)) and not isinstance(data, bool):
        data = [data]
    if not isinstance(data, (list, tuple)) or not data or len(data) >= window:
        return
    if all(isinstance(x, (int, float)) and not isinstance(x, bool) and 0 < x < 100 for x in data):
        raise ValidationError(f"predict(horizon, data, level): {list(data)} is read as data ({len(data)} value(s); "
                              f"the model needs its last {window}); did you mean level={list(data)}?")


def _internal(ds, name: str):
    """The reader's Dataset predict_array / predict_intervals take (the command line's); anything else
    is one clear line pointing to predict."""
    if not isinstance(ds, datamod.Dataset):
        raise ValidationError(f"{name}(dataset, horizon) is internal (it takes the reader's Dataset); "
                              "call predict(horizon, data=..., level=[...]) instead")
    return ds
