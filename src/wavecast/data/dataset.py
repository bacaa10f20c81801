"""Dataset: validated series in data units, with their ids and time stamps.

Its own module so that runs on a synthetic signal never import pandas (0.2-0.3 s of start-up):
pandas is needed only to read files and to handle time stamps.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import SeriesTooShort

if TYPE_CHECKING:
    import pandas as pd


UNNAMED = "value"  # the column an unnamed pandas Series' or a NumPy array's values are held in


def column_said(name: str, src: str) -> str:
    """How a message names column `name` of `src`: an unnamed Series' or an array's values are
    held as column 'value', a name the user never gave, so they are "the Series" or "the array"
    itself; a named Series is "the Series 'sales'"; any other column "column 'x' in data.csv"."""
    if src in ("the Series", "the array") and name == UNNAMED:
        return src
    if src == "the Series":
        return f"the Series {name!r}"
    return f"column {name!r} in {src}"


def whole(src: str) -> bool:
    """Whether src is a Series or an array the user gave: its values are the target, held in a
    column of wavecast's own, so a remedy speaks of their values, never of "the column"."""
    return src in ("the Series", "the array")


def holder(src: str) -> str:
    """What a remedy calls the values it asks to change: "the Series", "the array", or "the column"."""
    return src if whole(src) else "the column"


def index_said(name: str, src: str) -> str:
    """How a message names the time (or id) column `name` of `src`: a Series' come from its index
    (wavecast names it 'time' when the index has no name), so it is "the index of the Series"."""
    return f"the index of {src}" if src == "the Series" else f"column {name!r} in {src}"


def unnamed(ds) -> bool:
    """Whether ds is an unnamed Series or an array, its target the internal UNNAMED column."""
    return getattr(ds, "target", None) == UNNAMED and getattr(ds, "source", "") in ("the Series", "the array")


@dataclass
class Dataset:
    """Validated series in data units; times[i] is None when there is no time column."""

    values: list[np.ndarray]  # each (N_i,) float64
    ids: list[str]  # "" for a single series without an id column
    times: Sequence[pd.Index | None]  # DatetimeIndex or integer Index, one per series (a list or RegularTimes)
    freq: str | int | None  # pandas offset alias ("MS"), an integer step, or None
    target: str = "value"
    time: str = ""
    id: str = ""
    source: str = "data"
    notes: list[str] = field(default_factory=list)
    covariates: Any = None  # data.covariates.Covariates (aligned with values), or None
    # Several targets (data.targets): the targets, and each series' own id and target (its
    # entry of `ids` is the internal key "id/target"); empty for one target.
    targets: tuple[str, ...] = ()
    series_ids: list[str] = field(default_factory=list)
    series_targets: list[str] = field(default_factory=list)
    # The series are kept in a canonical order of their ids (canonical below), so that what
    # learns or decides never depends on the order the user gave them; user_order[k] is the
    # position here of the user's k-th series (order of appearance), for outputs. None: the
    # user's order is this one.
    user_order: list[int] | None = None
    # A Parquet file's (or a DataFrame's) ids by the text they are keyed by here, with their
    # column's dtype (ids_of): outputs carry them back of that type (7, not '7'), and the model
    # file keeps the dtype (io.id_dtypes). None: the text is the id (a CSV file's).
    user_ids: tuple[dict, Any] | None = None
    # The time column written as quarters, ISO weeks or months ('2020Q1', '1991 W06', 'Apr 1982'): its template
    # (data.yearparts.TEXT_STYLES), for the forecasts' times to be written alike; "" otherwise.
    time_text: str = ""
    # Per series, True where a value was filled rather than measured (--fill linear's lines
    # between measurements, --fill-missing-dates' inserted stamps; None: none in that series),
    # so that the intervals are not sized on errors against them (evaluate.calibration.calibrate).
    # None: none known.
    filled: list[np.ndarray | None] | None = None

    def segments(self) -> list[np.ndarray]:
        return [v[:, None] for v in self.values]  # each (N_i, 1)

    def fingerprint(self) -> str:
        """SHA-256 of the ids, lengths and float64 values: names the training data exactly."""
        h = hashlib.sha256()
        for sid, v in zip(self.ids, self.values, strict=True):
            h.update(f"{sid}\0{len(v)}\0".encode())
            h.update(np.ascontiguousarray(v, dtype="<f8").tobytes())
        return h.hexdigest()


def ids_of(col) -> tuple[dict, Any]:
    """A column of ids (a pandas Series) as (each distinct id's text -> its value, the column's
    dtype): the text is what the reader keys series by (a column's astype(str): dates at midnight
    read '2020-01-01', where str() of a datetime64 gives its time too; a categorical's str() of
    each category)."""
    import pandas as pd

    values = pd.Series(pd.unique(col), dtype=col.dtype)
    text = [str(u) for u in values] if isinstance(col.dtype, pd.CategoricalDtype) else values.astype(str)
    return dict(zip(text, values, strict=True)), col.dtype


def id_order_key(sid: str) -> tuple:
    """The canonical order of ids: whole numbers by their value first (ids 0, 1, 2, ..., 10 of a
    frame or file stay in that order, as M3's benchmark gives them), then the others by their
    text. A total order on distinct texts: '7' and '007' are told apart by their text."""
    text = sid.strip()
    digits = text[1:] if text[:1] in "+-" else text
    if digits.isascii() and digits.isdigit():
        return (0, int(text), sid)
    return (1, 0, sid)


def canonical(ds: Dataset) -> Dataset:
    """ds with its series in the canonical order of their ids (id_order_key), user_order kept
    for outputs: the same panel given in any order of its series then trains, scores and decides
    (seasons, sizes, windows, batches) alike, bit for bit. ds itself when already in that order."""
    order = sorted(range(len(ds.ids)), key=lambda i: id_order_key(ds.ids[i]))
    if order == list(range(len(order))):
        return ds
    from dataclasses import replace

    from .windows import joined_view

    values = [ds.values[i] for i in order]
    if joined_view(ds.values) is not None:  # one buffer in the new order: windows still index it, no copy
        buf = np.concatenate(values)
        at = np.cumsum([0, *(len(v) for v in values)])
        values = [buf[a:b] for a, b in zip(at[:-1], at[1:], strict=True)]
    if isinstance(ds.times, RegularTimes):
        t = ds.times
        times: Sequence = RegularTimes(t.first[order], t.step, t.lengths[order], t.unit)
    else:
        times = [ds.times[i] for i in order]
    place = np.empty(len(order), dtype=np.int64)
    place[order] = np.arange(len(order))  # where each series given now lies
    return replace(ds, values=values, ids=[ds.ids[i] for i in order], times=times,
                   covariates=None if ds.covariates is None else ds.covariates.subset(order),
                   series_ids=[ds.series_ids[i] for i in order] if ds.series_ids else [],
                   series_targets=[ds.series_targets[i] for i in order] if ds.series_targets else [],
                   filled=None if ds.filled is None else [ds.filled[i] for i in order],
                   user_order=place.tolist())


def in_user_order(ds) -> list[int]:
    """The positions of ds's series in the order the user gave them (Dataset.user_order)."""
    order = getattr(ds, "user_order", None)
    return list(order) if order is not None else list(range(len(ds.ids)))


def in_users_place(ds, rows) -> list[int]:
    """rows (positions in ds) in the order the user gave their series: the order a note names
    series in, as the checks over many series and the baselines' notes do (ds keeps the ids'
    canonical order, so a file giving 'z' before 'a' was told ('a', 'z'))."""
    place = {p: k for k, p in enumerate(in_user_order(ds))}
    return sorted(rows, key=lambda i: (place.get(i, len(place)), i))


def user_rank(ds) -> dict[str, int]:
    """Each id of ds and its place in the user's order: a sort key for rows a series."""
    return {ds.ids[p]: k for k, p in enumerate(in_user_order(ds))}


class RegularTimes(Sequence):
    """Each series' time stamps first + step * k (k < its length), built as a pandas Index on access.

    What a file read by parquet_read keeps of its time column: 24 bytes a series instead of
    8 a row (10,000 series of 1,000 stamps: 0.2 MB, not 76 MB). Indexing gives what a list
    of Index objects gives: an integer Index, or a DatetimeIndex when unit is set ("ns", "us").
    """

    def __init__(self, first: np.ndarray, step: int, lengths: np.ndarray, unit: str | None = None):
        self.first = np.asarray(first, dtype=np.int64)  # (S,) in the column's own unit
        self.lengths = np.asarray(lengths, dtype=np.int64)  # (S,)
        self.step, self.unit = int(step), unit

    def __len__(self) -> int:
        return len(self.first)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        import pandas as pd

        stamps = int(self.first[i]) + self.step * np.arange(int(self.lengths[i]), dtype=np.int64)
        return pd.Index(stamps) if self.unit is None else pd.DatetimeIndex(stamps.view(f"datetime64[{self.unit}]"))

    def __repr__(self) -> str:
        return f"RegularTimes({len(self)} series, step {self.step}{' ' + self.unit if self.unit else ''})"


def required_length(input_len: int, target_len: int, test_len: int, val_fraction: float) -> int:
    """Points one series needs: a training window of input_len + target_len, then the test part."""
    train = input_len + target_len
    return test_len + int(np.ceil(train / (1 - val_fraction))) if val_fraction else test_len + train


def check_lengths(ds: Dataset, input_len: int, target_len: int, test_len: int, val_fraction: float) -> None:
    """Case 11: every series long enough for one training window and the test part."""
    need = required_length(input_len, target_len, test_len, val_fraction)
    base = required_length(input_len, target_len, test_len, 0.0)
    for sid, v in zip(ds.ids, ds.values, strict=True):
        if len(v) < need:
            who = f"series {sid!r}" if sid else "series"
            val = f" (>= {need} with {val_fraction:.0%} validation)" if val_fraction else ""
            facts = {"lengths": [len(s) for s in ds.values], "input_len": input_len, "target_len": target_len,
                     "val_fraction": val_fraction}  # a backtest says it again in its own flags
            raise SeriesTooShort(
                f"{who} in {ds.source} has {len(v)} points; input_len {input_len} + {target_len} "
                f"training target(s) + test_len {test_len} needs >= {base}{val}; "
                "lower window.input_len or window.test_len", facts
            )
