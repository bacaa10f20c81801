"""Data frames from other libraries (polars, Arrow, the interchange protocol) as pandas ones.

The Python API reads pandas objects; practitioners hold their data in polars or Arrow as often.
One conversion, here, is called by each door that takes data (fit, predict's data= and
future=, backtest, plot). polars is never imported: its objects are known by their type's
module, so wavecast runs where polars is not installed (it converts through pyarrow, which
wavecast depends on already).
"""

from __future__ import annotations

import warnings

import pandas as pd

from ..errors import ValidationError


def to_pandas_frame(obj, what: str = "data"):
    """`obj` as pandas where it is another library's table; anything else as it is.

    A pyarrow Table or RecordBatch, a polars DataFrame or LazyFrame (collected), or any object
    with the Arrow stream (`__arrow_c_stream__`) or the dataframe interchange protocol
    (`__dataframe__`) becomes a pandas DataFrame; a polars Series or an Arrow array a pandas Series:
    dates as datetime64 columns of their own unit and time zone, categoricals as pandas
    categoricals, a RangeIndex (polars and Arrow have no index: the time is a named column).
    pandas objects, arrays, lists and paths are returned untouched; an object of no kind
    listed is too, for the reader to refuse in its own words. what: the argument, in messages.
    """
    if isinstance(obj, (pd.DataFrame, pd.Series)):
        return obj  # (pandas 3's frames carry both protocols below: never converted to themselves)
    kind = type(obj)
    library = kind.__module__.split(".")[0]
    if library == "polars" and kind.__name__ in ("DataFrame", "Series", "LazyFrame"):
        if kind.__name__ == "LazyFrame":
            obj = obj.collect()  # (a failing query is the user's, said by polars in its own words)
        convert, said = obj.to_pandas, f"the polars {type(obj).__name__}"
    elif library == "pyarrow" and (kind.__name__ in ("Table", "RecordBatch") or kind.__name__.endswith("Array")):
        # date_as_object=False: Arrow's dates as datetime64 columns, as polars' arrive, not
        # datetime.date objects (pyarrow's default)
        convert, said = (lambda: obj.to_pandas(date_as_object=False)), f"the Arrow {kind.__name__}"
    elif hasattr(obj, "__arrow_c_stream__"):  # duckdb, narwhals, ...: the Arrow stream, read by pyarrow
        import pyarrow as pa

        convert, said = (lambda: pa.table(obj).to_pandas(date_as_object=False)), f"the {kind.__name__}"
    elif hasattr(obj, "__dataframe__"):
        def convert():
            with warnings.catch_warnings():  # pandas' note that the protocol is deprecated: ours, not the user's
                warnings.simplefilter("ignore", DeprecationWarning)  # (Pandas4Warning is one)
                return pd.api.interchange.from_dataframe(obj)
        said = f"the {kind.__name__}"
    else:
        return obj
    try:
        out = convert()
    except Exception as exc:  # any library's error: the column that does not convert, named
        raise ValidationError(f"{what}: {_unconverted(obj, said, exc)}; cast it to a number, a date or text "
                              "(or drop it), or pass a pandas DataFrame") from None
    if isinstance(out, pd.Series) and out.name == "":  # polars' unnamed Series: pandas' is None
        out = out.rename(None)
    return out


def _unconverted(obj, said: str, exc: Exception) -> str:
    """What did not convert: the first column that fails alone, with its type, else the table."""
    first = (str(exc).strip().splitlines() or [""])[0][:200]
    reason = f"{type(exc).__name__}: {first}" if first else type(exc).__name__
    names = getattr(obj, "column_names", None) or getattr(obj, "columns", None)  # Arrow's, polars' names
    select = getattr(obj, "select", None)
    if names is not None and callable(select):
        for name in list(names):
            try:
                part = select([name])
                (part.to_pandas(date_as_object=False) if type(part).__module__.startswith("pyarrow")
                 else part.to_pandas())
            except Exception:
                dtype = _dtype(obj, name)
                return f"column {str(name)!r}{f' ({dtype})' if dtype else ''} of {said} does not convert to pandas " \
                       f"({reason})"
    return f"{said} does not convert to pandas ({reason})"


def _dtype(obj, name) -> str:
    """A column's type as its library writes it ('' where it is not known)."""
    try:
        schema = obj.schema
        return str(schema.field(name).type) if hasattr(schema, "field") else str(schema[name])
    except Exception:
        return ""
