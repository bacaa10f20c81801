"""A pandas object's index as columns where it carries the time axis (a DatetimeIndex or
PeriodIndex, years or dates as an index, a MultiIndex (id, time)), never dropped; its clashes and
its values that are no time refused with one line.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..errors import ValidationError
from .timecolumn import detect_time
from .timeparse import parse_time
from .yearparts import read_decimal_years


def _index_columns(df: pd.DataFrame, time: str, id: str, src: str,
                   date_order: str = "auto", series: bool = False) -> tuple[pd.DataFrame, str, str]:
    """The index as columns where it carries the time axis (and the ids), never dropped:
    a DatetimeIndex or PeriodIndex (as timestamps) is the time column, a MultiIndex (id, time)
    the id and time columns; other MultiIndexes are refused. Without time and id, an index of
    numbers (not 0..n-1) or of text is the time column too (_index_is_axis)."""
    index = df.index
    if not isinstance(index, pd.MultiIndex) and _named(index.name) and str(index.name) not in df.columns:
        if id and id == str(index.name):
            # id= naming the index (NeuralForecast's frames before 1.6 kept unique_id there): its
            # column; it was refused as "column 'unique_id' (id=...) not found; columns are ['ds', 'y']"
            return df.reset_index(), time, id
        if not id:
            _refuse_ids_in_index(df, index, time, src)
    if (time and time in df.columns) or (id and id in df.columns):
        return df, time, id  # the columns named carry the axis
    if isinstance(index, pd.MultiIndex):
        if index.nlevels != 2 or id or time:
            raise ValidationError(f"{src} has a MultiIndex of {index.nlevels} levels {list(index.names)}; "
                                  "pass a long frame with id and time columns (reset_index()), or "
                                  "an index of two levels (id, time)")
        names = [str(n) if _named(n) else d for n, d in zip(index.names, ("id", "time"), strict=True)]
        clash = [n for n in names if n in df.columns]
        if clash or names[0] == names[1]:
            raise ValidationError(f"{src}'s index levels {names} clash with its columns; reset_index() it")
        out = df.copy(deep=False)
        out.index = index.set_names(names)
        level = out.index.levels[1]
        if isinstance(level, pd.PeriodIndex):
            out.index = out.index.set_levels(level.to_timestamp(), level=1)
        return out.reset_index(), names[1], names[0]
    if isinstance(index, (pd.DatetimeIndex, pd.PeriodIndex)):
        time = time or _index_name(index, df)
        if time in df.columns:
            raise _index_clash(src, time)
        out = df.copy(deep=False)
        out.index = index.to_timestamp() if isinstance(index, pd.PeriodIndex) else index
        return out.rename_axis(time).reset_index(), time, id
    # time= naming the index (its name; an unnamed one takes any, as a DatetimeIndex does): a model
    # fitted on a frame indexed by years reads its data back at predict(h, df) (it was refused as
    # "the model's time column 'year' is not in the DataFrame"); the column is named as time= says
    if not id and (not time or time == _index_name(index, df) or not _named(index.name)) \
            and _index_is_axis(index, df, series):
        time = time or _index_name(index, df)
        if time in df.columns:
            raise _index_clash(src, time)
        out = df.copy(deep=False)
        out.index = _index_axis(index, src, date_order)
        return out.rename_axis(time).reset_index(), time, id
    return df, time, id


def _refuse_ids_in_index(df: pd.DataFrame, index: pd.Index, time: str, src: str) -> None:
    """A long frame whose ids are its named index (df.set_index('unique_id')), read without id=:
    its time stamps repeat, one block of the index's values a series. It was told "timestamp
    1974-01-01 appears twice (rows 1, 73); drop the duplicates", which drops a series."""
    from ..words import shell_word
    from .layout import id_like_column

    if isinstance(index, (pd.DatetimeIndex, pd.PeriodIndex)):
        return
    time = time if time in df.columns else ("" if time else detect_time(df, set()))
    if not time or not df[time].duplicated().any():
        return
    name = str(index.name)
    found = id_like_column(pd.DataFrame({name: index.to_numpy(), time: df[time].to_numpy()}), set(), time)
    if found is not None and found[0] == name:
        raise ValidationError(f"{src} looks like {found[1]} series stacked in long format: its time stamps repeat "
                              f"and its index {name!r} holds {found[1]} values in blocks; pass --id {shell_word(name)}")


def _named(name) -> bool:
    """Whether an index (or a level) has a name: None and "" are none (an index named "" became a
    column named "", and its years were dropped for the steps 0, 1, ...)."""
    return name is not None and str(name) != ""


def _index_name(index: pd.Index, df: pd.DataFrame) -> str:
    """The time column's name for an index carrying the time axis: its own name, or for an
    unnamed one the first of time, date, timestamp that no column has; for whole numbers (years,
    R's row numbers read with index_col=0) time, t, index: 'date' named a column of 1901, 1902,
    ... beside a column 'time'. A Series named 'time' (of travel or response times) with an
    unnamed DatetimeIndex was refused: "the Series's time index 'time' clashes with a column;
    reset_index() it", a name it never gave, and a remedy that leaves its values in a column
    named 'time' beside one named 'index'."""
    if _named(index.name):
        return str(index.name)
    numbers = pd.api.types.is_numeric_dtype(index) and not pd.api.types.is_bool_dtype(index)
    names = ("time", "t", "index") if numbers else ("time", "date", "timestamp")
    return next((n for n in names if n not in df.columns), "time")


def _index_clash(src: str, time: str) -> ValidationError:
    """The index named as a column (of a frame, or a Series' own name): the index renamed is the way out."""
    return ValidationError(f"{src}'s time index {time!r} has the name of a column; rename the index, "
                           f"e.g. .rename_axis({time + '_'!r})")


def _index_is_axis(index: pd.Index, df: pd.DataFrame, series: bool = False) -> bool:
    """Whether a plain index carries the time axis: numbers other than the row positions 0..n-1
    (years 1900.., a RangeIndex(1000, 1600, 5)) or text (dates such as 2015-11), when no column
    of dates does. Replacing them by positions labelled the forecast 120, 121, ... for years."""
    if isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1:
        return False  # the default index: the rows are the steps, as before
    if detect_time(df, set()):
        return False  # a column of dates is the axis; the index numbers the rows
    if pd.api.types.is_bool_dtype(index):
        return False
    if pd.api.types.is_numeric_dtype(index):
        if _decimal_years(index):
            return True
        # evenly spaced only: a frame filtered with dropna() or a boolean mask keeps row labels
        # with holes, which number its rows (as they did before this rule), not a gapped axis
        x = index.to_numpy(dtype=np.float64, na_value=np.nan)
        step = np.diff(x)
        return (len(x) > 1 and bool(np.all(step == step[0])) and step[0] > 0
                and not np.array_equal(x, np.arange(len(x))))
    if not (index.dtype == object or pd.api.types.is_string_dtype(index)):
        return False
    if series:  # a Series' index is its only time information (refused if it holds no dates)
        return True
    with warnings.catch_warnings():  # a frame's text index that is no dates names its rows (as before)
        warnings.simplefilter("ignore")
        dates = pd.to_datetime(pd.Series(index, dtype=object).astype(str), errors="coerce", format="mixed")
    return bool(dates.notna().all())


def _index_axis(index: pd.Index, src: str, date_order: str) -> pd.Index:
    """The index as a time column: whole numbers as integer steps, text as it reads as dates
    (the time column's parsing); anything else one line."""
    if pd.api.types.is_integer_dtype(index):
        return index
    if _decimal_years(index):
        return index  # read as a float time column is, with its note (timeparse: read_decimal_years)
    if pd.api.types.is_numeric_dtype(index):
        x = index.to_numpy(dtype=np.float64, na_value=np.nan)
        wrong = ~np.isfinite(x) | (x != np.round(x)) | (np.abs(x) >= 2**53)  # 2**53: exact in float64
        if not wrong.any():
            return pd.Index(x.astype(np.int64))
        bad = int(np.flatnonzero(wrong)[0])
        raise ValidationError(f"the index of {src} holds {x[bad]:g} at row {bad + 1}, not a whole number; give it "
                              "integer steps or dates, or reset_index(drop=True) to number the rows")
    try:
        parse_time(pd.Series(index, dtype=object), "index", src, None, date_order)
    except ValidationError:
        text = pd.Series(index).astype(str)
        with warnings.catch_warnings():  # pandas' "Could not infer format": the line below says it
            warnings.simplefilter("ignore")
            bad = np.flatnonzero(pd.to_datetime(text, errors="coerce", format="mixed").isna().to_numpy())
        at = f" ({text.iloc[bad[0]]!r} at row {bad[0] + 1})" if len(bad) else ""
        raise ValidationError(f"the index of {src} is text that does not read as dates{at}; give it dates or "
                              "integer steps, or reset_index(drop=True) to number the rows") from None
    return index


def _decimal_years(index: pd.Index) -> bool:
    """Whether a float index holds decimal years of months or quarters, as R's time() of a monthly
    or quarterly ts writes them (1920.0, 1920.0833, ...): the axis, as such a time column is. A
    Series so indexed was read as steps 0, 1, ... without a word (a monthly index's float steps are
    not exactly even), or refused as "not a whole number" (a quarterly one's are)."""
    if not pd.api.types.is_float_dtype(index):
        return False
    x = index.to_numpy(dtype=np.float64, na_value=np.nan)
    return not np.array_equal(x, np.round(x)) and read_decimal_years(pd.Series(x), "index", None) is not None
