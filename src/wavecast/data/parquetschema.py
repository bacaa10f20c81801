"""Whether a Parquet file is one the clean path (data.parquet) reads, from its schema and
footer alone: unique names, a numeric target, plain times and ids, no column that may hold the
time unasked, nothing pandas wrote as an index or as periods. _NotClean, raised here and by the
reading itself, sends a file to the general path.
"""

from __future__ import annotations

from pathlib import Path

from .timenames import DATE_NAME, DECIMAL_TIME_NAME, DECIMAL_YEARS_NAME


class _NotClean(Exception):
    """The file needs the general path (its checks, messages, sorting or filling)."""


def _pandas_index_or_periods(p: Path) -> bool:
    """Whether pandas wrote the file with its frame's index as columns (a DatetimeIndex; ids and
    dates set as the index) or with a column of pandas periods: the general path reads those
    (tables.read_table). The clean path read a period column's ordinals as an integer axis, and
    an unnamed index ('__index_level_0__') as a column left unused."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        schema = pq.read_schema(p)
    except (OSError, pa.ArrowException):
        return False
    index = (schema.pandas_metadata or {}).get("index_columns", [])
    return any(isinstance(c, str) for c in index) or any(
        isinstance(f.type, pa.ExtensionType) or b"ARROW:extension:name" in (f.metadata or {}) for f in schema)


def _may_hold_time(p: Path, id: str) -> bool:
    """Whether a column of the Parquet file may be its time (False when it is no Parquet): a
    timestamp or date, text other than the id (dates written as text: '1939 Jan', '2019-01-31'),
    or whole numbers named Year or time. The clean path read such a file's rows as steps: fpp3
    us_employment with its Month as text ran with no season and a horizon of 10, where the same
    rows as CSV were monthly (the general path's timecolumn.detect_time decides)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        schema = pq.read_schema(p)
        if any(pa.types.is_timestamp(f.type) or pa.types.is_date(f.type)
               or (f.name != id and (pa.types.is_string(f.type) or pa.types.is_large_string(f.type)))
               or (pa.types.is_integer(f.type) and (DECIMAL_TIME_NAME.fullmatch(f.name.strip())
                                                    or (f.name != id and DATE_NAME.fullmatch(f.name))))  # 800102
               or (pa.types.is_floating(f.type) and DECIMAL_YEARS_NAME.fullmatch(f.name.strip())) for f in schema):
            return True
        return _ymd_range(pq.ParquetFile(p).metadata, schema, id)
    except (OSError, pa.ArrowException):
        return False


def _ymd_range(md, schema, id: str) -> bool:
    """Whether an integer column other than the id lies within 10000101..29991231 (or
    100001..299912) in the first row group's statistics: dates written YYYYMMDD (or months
    YYYYMM), perhaps (timeparse.ymd_dates decides)."""
    import pyarrow as pa

    if md.num_row_groups == 0:
        return False
    group = md.row_group(0)
    for i, f in enumerate(schema):
        if f.name == id or not pa.types.is_integer(f.type) or i >= group.num_columns:
            continue
        stats = group.column(i).statistics
        if stats is not None and stats.has_min_max and (10000101 <= stats.min <= stats.max <= 29991231
                                                         or 100001 <= stats.min <= stats.max <= 299912):
            return True
    return False


def _clean_schema(schema, target: str, time: str, id: str) -> tuple[str | None, bool]:
    """(time unit or None, whether the id column is text) of a schema the fast path reads:
    unique names, a numeric target, plain integer or zone-free timestamp times, integer or
    text ids. Anything else raises _NotClean (the general path reads it, with its messages)."""
    import pyarrow as pa

    names, cols = schema.names, [c for c in (target, time, id) if c]
    if len(set(names)) != len(names) or len(set(cols)) != len(cols) or any(c not in names for c in cols):
        raise _NotClean
    if names[0] in ("rownames", "Unnamed: 0") and names[0] not in cols:  # R's row numbers, perhaps:
        raise _NotClean  # the general path leaves them out (tables.without_row_numbers), not "not used"
    ty = schema.field(target).type
    if not (pa.types.is_integer(ty) or pa.types.is_float32(ty) or pa.types.is_float64(ty)):
        raise _NotClean
    unit = None
    if time:
        ty = schema.field(time).type
        if pa.types.is_timestamp(ty) and ty.tz is None:
            unit = ty.unit
        elif not pa.types.is_integer(ty) or pa.types.is_uint64(ty):
            raise _NotClean
    id_text = False
    if id:
        ty = schema.field(id).type
        id_text = pa.types.is_string(ty) or pa.types.is_large_string(ty)
        if not (id_text or pa.types.is_integer(ty)):
            raise _NotClean
    return unit, id_text
