"""Clean long-format Parquet files straight into a Dataset, row group by row group, without pandas.

The general path (tables.read_table -> data.from_frame) builds a pandas DataFrame, then the
values, parsed stamps, id codes and a sort order, then copies of them in id order: 10,000
series of 1,000 points (benchmarks/panel.py read) peaked ~600 MB above the interpreter and
kept ~280 MB. Most files are clean: rows
grouped by id, each series in time order at one regular step, no missing or huge values.
read_clean streams such a file into ONE float64 array (each series a slice of it) and keeps
of the time column only each series' first stamp and the common step (RegularTimes).

Anything else (an interleaved or unsorted file, a gap, a duplicated stamp, a missing or
non-finite value, a column type it does not know, a damaged file) returns None, and the
caller takes the general path, which gives the same Dataset or names the problem: this path
adds speed and memory, never behaviour.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..errors import ValidationError
from .arrowchunks import _chunks, _label, _new_series, _numpy
from .dataset import Dataset, RegularTimes, canonical
from .filekind import check_data_file
from .layout import unused_notes, unused_text_notes
from .parquetids import with_file_ids
from .parquetschema import _clean_schema, _may_hold_time, _NotClean, _pandas_index_or_periods

F32_MAX = float(np.finfo(np.float32).max)  # data.F32_MAX: larger values are the general path's error


class _Damaged(Exception):
    """Counts read disagree with the footer's: the file is damaged, on any path."""


def damaged(p, said: int, held: int, col: str = "") -> str:
    """A footer that lies about its counts (issue 13: 1120 rows said, 120 held, and the rest
    of the array was uninitialised memory): one line, never a guess at the data."""
    where = f"its column {col!r} holds" if col else "its row groups hold"
    return f"{p} is a damaged Parquet file: its footer says {said:,} rows, {where} {held:,}; write the file again"


def read_clean(path, target: str, time: str = "", id: str = "", sort: bool = False,
               min_len: int = 1) -> Dataset | None:
    """The Dataset data.read would give, or None when the file is not a clean Parquet file.

    sort only decides the "(--sort)" note, as in data.from_frame: a clean file needs no sorting.
    """
    p = Path(path)
    if not target or p.suffix.lower() not in (".parquet", ".pq"):
        return None  # picking the target by type, and CSV, are the general path's
    check_data_file(p, parquet=True)  # a FIFO would hang the open below
    try:
        with open(p, "rb") as f:
            if f.read(4) != b"PAR1":
                return None
    except OSError:
        return None
    if (not time and _may_hold_time(p, id)) or _pandas_index_or_periods(p):
        return None  # finding the time column is the general path's (timecolumn.detect_time)
    import pyarrow as pa

    # Arrow's buffers from jemalloc, which hands freed pages back: reading 10 million rows
    # left ~45 MB more resident with the system allocator, more with the default (mimalloc).
    pool = pa.default_memory_pool()
    try:
        pa.set_memory_pool(pa.jemalloc_memory_pool())
    except (NotImplementedError, pa.ArrowException):  # a pyarrow built without it
        pa.set_memory_pool(pa.system_memory_pool())
    try:
        return with_file_ids(_read(p, target, time, id, sort, max(min_len, 3 if time else 1)), p)
    except _Damaged as exc:
        raise ValidationError(str(exc)) from None
    except (_NotClean, ValidationError, OSError, pa.ArrowException, MemoryError):
        return None
    finally:
        pa.set_memory_pool(pool)


def _read(p: Path, target: str, time: str, id: str, sort: bool, min_len: int) -> Dataset:
    import pyarrow.parquet as pq

    schema = pq.read_schema(p)
    unit, id_text = _clean_schema(schema, target, time, id)
    f = pq.ParquetFile(p, memory_map=False, read_dictionary=[id] if id_text else None)
    md = f.metadata
    n = md.num_rows
    group_rows = [md.row_group(g).num_rows for g in range(f.num_row_groups)]
    if n != sum(group_rows):
        raise _Damaged(damaged(p, n, sum(group_rows)))
    if n == 0 or n > 64 * p.stat().st_size + 4096:
        # No count is trusted before it is read: more rows than 64 a byte is no clean file
        # (8-byte stamps alone take ~1 byte a row); the general path reads what is there.
        raise _NotClean
    x = np.empty(n, dtype=np.float64)
    starts, ids, firsts = [], [], []  # each series' first row, id and first stamp
    seen: set[str] = set()
    step, monotonic, at, last_id, last_t, d = None, True, 0, None, None, np.empty(0, dtype=np.int64)
    # One row group and one column at a time, no temporary arrays in NumPy: what the reader
    # frees is then small, and the allocator hands it back (benchmarks/panel.py).
    for g in range(f.num_row_groups):
        group_at = at
        for chunk in _chunks(f, g, target):
            if at + len(chunk) > group_at + group_rows[g]:  # never past the array
                raise _Damaged(damaged(p, n, at + len(chunk), target))
            xs = x[at : at + len(chunk)]
            xs[:] = _numpy(chunk)
            if not (xs.max() <= F32_MAX and xs.min() >= -F32_MAX):  # also NaN: the general path's errors
                raise _NotClean
            at += len(chunk)
        if at != group_at + group_rows[g]:
            raise _Damaged(damaged(p, n, at, target))
        new: list[int] = []  # rows of this group where a series starts
        if id:
            row = group_at
            for chunk in _chunks(f, g, id):
                new.extend(row + r for r in _new_series(chunk, last_id, seen, ids))
                last_id, row = _label(chunk, len(chunk) - 1), row + len(chunk)
            if row != at:
                raise _Damaged(damaged(p, n, row, id))
        elif group_at == 0:
            new, ids = [0], [""]
        starts.extend(new)
        if not time:
            continue
        row, new_rows = group_at, np.array(new, dtype=np.int64)
        for chunk in _chunks(f, g, time):
            t, m = _numpy(chunk).astype(np.int64, copy=False), len(chunk)
            if len(d) < m:
                d = np.empty(m, dtype=np.int64)
            dm = d[:m]  # dm[i] = t[i] - t[i - 1], dm[0] across the chunk's edge
            dm[0] = 0 if last_t is None else t[0] - last_t
            np.subtract(t[1:], t[:-1], out=dm[1:])
            monotonic = monotonic and dm.min() >= 0
            first = new_rows[(new_rows >= row) & (new_rows < row + m)] - row
            firsts.extend(t[first].tolist())
            if step is None:  # the first step within a series
                inner = np.ones(m, dtype=bool)
                inner[first] = False
                step = int(dm[np.argmax(inner)]) if inner.any() else None
            if step is not None:
                dm[first] = step  # a series' first row is no step within a series
                if step <= 0 or dm.min() != step or dm.max() != step:  # gap, duplicate, disorder
                    raise _NotClean
            last_t, row = t[-1], row + m
        if row != at:
            raise _Damaged(damaged(p, n, row, time))
    lengths = np.diff(np.r_[starts, n])
    if lengths.min() < min_len:
        raise _NotClean
    if time and unit is None and firsts and (10000101 <= min(firsts) <= max(firsts) <= 29991231
                                             or 100001 <= min(firsts) <= max(firsts) <= 299912):
        raise _NotClean  # whole numbers that may be dates written YYYYMMDD: the general path decides
    sorted_note = [f"rows of {p} sorted by {time!r} (--sort)"] if sort and time and not monotonic else []
    return _dataset(p, schema, x, starts, lengths, ids, firsts, step, unit, (target, time, id), sorted_note)


def _dataset(p, schema, x, starts, lengths, ids, firsts, step, unit, columns, notes) -> Dataset:
    """The series read (one buffer, cut at `starts`) as a Dataset with regular time stamps."""
    import pyarrow as pa

    target, time, id = columns
    values = [x[a : a + k] for a, k in zip(starts, lengths.tolist(), strict=True)]
    times, freq = [None] * len(values), None
    if time:
        times = RegularTimes(np.array(firsts, dtype=np.int64), step, lengths, unit)
        freq = step if unit is None else _datetime_freq(times)
    numeric = [fl.name for fl in schema if pa.types.is_integer(fl.type) or pa.types.is_floating(fl.type)]
    notes = unused_notes(numeric, target, time, id) + notes  # as the general path says (data.layout)
    if not time:
        notes += unused_text_notes([fl.name for fl in schema if fl.name not in numeric and fl.name not in columns])
    # in the ids' canonical order, as the general reader keeps them (data.dataset.canonical)
    return canonical(Dataset(values, ids, times, freq, target, time, id, str(p), notes))


def _datetime_freq(times: RegularTimes) -> str | None:
    """Each series' frequency as data.from_frame infers it (one alias for all, no gaps, or _NotClean)."""
    from .freqinfer import infer_freq

    freqs = []
    for t in times:
        f, gaps = infer_freq(t)
        if gaps:
            raise _NotClean
        freqs.append(f)
    if len({str(f) for f in freqs}) != 1:
        raise _NotClean
    return freqs[0]
