"""The ids of a Parquet file as its id column holds them (integers, pandas' Int64 or string,
dates, ...), kept beside the Dataset (Dataset.user_ids) on either path, clean or general.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .dataset import Dataset


def with_file_ids(ds: Dataset, path) -> Dataset:
    """ds with the ids of the Parquet file it was read from, of their column's type
    (Dataset.user_ids): a model fitted on integer shops forecasts integer shops, from its own
    tails too. ds itself for a CSV file, a file without ids, or a column not read back."""
    if not ds.id or Path(path).suffix.lower() not in (".parquet", ".pq"):
        return ds
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    try:  # the distinct ids only, by Arrow: no frame of every row
        table = pq.ParquetFile(path, memory_map=False).read(columns=[ds.id])  # (read_table imports pandas)
        distinct = pc.unique(table.column(ds.id))
        ty = distinct.type
        if pa.types.is_integer(ty) or pa.types.is_string(ty) or pa.types.is_large_string(ty):
            # the clean path's kinds, without pandas (a run on a clean file imports it only for
            # its figures): the dtype pandas would give, by the file's pandas metadata (Int64, string)
            named = next((c.get("numpy_type") for c in (table.schema.pandas_metadata or {}).get("columns", [])
                          if c.get("name") == ds.id), None)
            if pa.types.is_integer(ty):
                dtype = named if named in _NULLABLE_INTS else np.dtype(ty.to_pandas_dtype())
            elif named == "string":
                dtype = named
            else:  # text: the id is its text
                return ds
            ds.user_ids = ({str(v): v for v in distinct.to_pylist()}, dtype)
        else:  # dates, categories, floats: the general path's (pandas read them): pandas' own dtype
            from .dataset import ids_of

            ds.user_ids = ids_of(pa.Table.from_arrays([distinct], schema=table.schema).to_pandas()[ds.id])
    except (OSError, ValueError, KeyError, TypeError, pa.ArrowException):  # read once already: the text then
        pass
    return ds


_NULLABLE_INTS = {f"{u}Int{b}" for u in ("", "U") for b in (8, 16, 32, 64)}
