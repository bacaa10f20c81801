"""Splitting a series in time and cutting it into windows without copies (scaling it:
scaling.py).

    series:  x0 x1 x2 x3 x4 x5 x6 x7 x8 x9
    input_len=4, horizon=2, stride=2
    window 0: [x0 x1 x2 x3] -> [x4 x5]
    window 1:       [x2 x3 x4 x5] -> [x6 x7]
    window 2:             [x4 x5 x6 x7] -> [x8 x9]

Targets start exactly where inputs end. Windows are strided views of the series, so a
10-million-point series costs no extra memory until a batch is gathered.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import ValidationError
from ..words import counted


def as_2d(series: np.ndarray) -> np.ndarray:
    """A series as (N, F): a 1-D array becomes one feature column (a view, no copy)."""
    arr = np.asarray(series)
    if arr.ndim == 1:
        return arr[:, None]
    if arr.ndim != 2:
        raise ValidationError(f"a series must be 1-D (N,) or 2-D (N, F); got shape {arr.shape}")
    return arr


@dataclass(frozen=True)
class Split:
    """Index ranges of the train, validation and test parts: [0, train_end), ..."""

    train_end: int
    val_end: int  # == train_end when there is no validation part
    n: int

    def parts(self, series: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return series[: self.train_end], series[self.train_end : self.val_end], series[self.val_end :]


def split_in_time(n: int, test_len: int, val_fraction: float = 0.0, min_train: int = 1) -> Split:
    """Split n samples by time: train | validation | test, the test being the last test_len.

    The validation part is the last `val_fraction` of what precedes the test part. No sample
    is shared, so windows cut from each part separately never cross a split.
    """
    if test_len < 0 or test_len >= n:
        raise ValidationError(f"test part of {test_len} samples does not fit a series of {n}")
    val_end = n - test_len
    train_end = val_end - int(round(val_end * val_fraction))
    if train_end < min_train:
        raise ValidationError(
            f"series has {counted(n, 'point')}; the training part would have {train_end}, "
            f"needs >= {min_train} (input_len + target length)"
        )
    return Split(train_end=train_end, val_end=val_end, n=n)


def n_windows(n: int, input_len: int, horizon: int, stride: int = 1) -> int:
    """How many windows of input_len + horizon fit in n samples at the given stride."""
    span = input_len + horizon
    return 0 if n < span else (n - span) // stride + 1


def make_windows(
    series: np.ndarray, input_len: int, horizon: int, stride: int = 1
) -> tuple[np.ndarray, np.ndarray]:
    """Cut a series into (inputs, targets) windows as read-only strided views.

    Parameters
    ----------
    series : (N,) or (N, F)
    input_len, horizon, stride : int >= 1

    Returns
    -------
    inputs : (W, input_len, F)
    targets : (W, horizon, F), targets[i, 0] is the sample right after inputs[i, -1]
    """
    for name, v in (("input_len", input_len), ("horizon", horizon), ("stride", stride)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1:
            raise ValidationError(f"{name} must be an integer >= 1 (got {v!r})")
    x = as_2d(series)
    span = input_len + horizon
    if len(x) < span:
        raise ValidationError(
            f"series has {counted(len(x), 'point')}; input_len {input_len} + horizon {horizon} needs >= {span}"
        )
    # (N - span + 1, F, span) view, then every stride-th start; no data is copied.
    view = np.lib.stride_tricks.sliding_window_view(x, span, axis=0)[::stride]
    view = view.transpose(0, 2, 1)  # (W, span, F)
    return view[:, :input_len], view[:, input_len:]


def index_dtype(n: int) -> type:
    """int32 for offsets into fewer than 2**31 samples (half the memory of int64), else int64."""
    return np.int32 if n < 2**31 else np.int64


def _root(a: np.ndarray) -> np.ndarray:
    while isinstance(a.base, np.ndarray):
        a = a.base
    return a


def joined_view(parts: list[np.ndarray]) -> np.ndarray | None:
    """The parts as one (N, F) read-only view when they lie back to back in one array's
    memory (rows of a reshaped array, slices of one series, a file's values), else None."""
    first, root = parts[0], _root(parts[0])
    pos = first.__array_interface__["data"][0]
    for p in parts:
        same = p.dtype == first.dtype and p.shape[1:] == first.shape[1:] and p.flags.c_contiguous
        if not same or _root(p) is not root or p.__array_interface__["data"][0] != pos:
            return None
        pos += p.nbytes
    n = sum(len(p) for p in parts)
    # Every byte of the view lies inside root's buffer (checked above), and the view keeps
    # `first`, hence root, alive.
    return np.lib.stride_tricks.as_strided(first, shape=(n, *first.shape[1:]), writeable=False)


def _joined(parts: list[np.ndarray]) -> np.ndarray:
    """The parts as one (N, F) array: a view when they already lie back to back in one
    array's memory, else a copy.

    10,000 series of 1,000 given as rows of one array: the copy cost 76 MB, a third of the
    3x-the-data memory budget (benchmarks/scale.py).
    """
    view = joined_view(parts)
    return np.concatenate(parts) if view is None else view


class WindowSet:
    """Training windows of many series, indexed lazily and sliced on demand.

        series: [ piece 0 ......... ][ gap ][ piece 1 ...... ] ...
        window g -> piece p with first[p] <= g < first[p] + count[p]
                 -> start = at[p] + stride * (g - first[p])

    Each piece (one series' training part) is an offset `at` into one (N, F) array, a length
    and its window count; a batch of window numbers becomes start offsets by a binary search
    over the pieces, so nothing of one entry a window is ever stored (10,000 series of 1,000
    points: 9.2 million windows, an int32 start each was 37 MB). With `mean`/`scale` (one row a
    piece), windows are scaled as they are gathered, (x - mean) / scale in float64 then cast to
    `dtype`: the numbers a scaled copy in `dtype` would hold, without the copy.

    WindowSet(series, starts, ...) keeps explicit start offsets instead, for callers that have them.
    """

    def __init__(self, series: np.ndarray, starts: np.ndarray, input_len: int, target_len: int):
        self.series = as_2d(series)
        self._starts: np.ndarray | None = np.asarray(starts, dtype=index_dtype(len(self.series)))
        self.input_len = input_len
        self.target_len = target_len
        self.stride = 1
        self.mean = self.scale = None
        self.dtype = self.series.dtype

    @classmethod
    def from_pieces(cls, series: np.ndarray, at, lengths, input_len: int, target_len: int,
                    stride: int = 1, mean: np.ndarray | None = None, scale: np.ndarray | None = None,
                    dtype=None) -> WindowSet:
        """Windows of series[at[p] : at[p] + lengths[p]] for every piece p, indexed lazily.

        mean, scale : (P, F) float64 or None; dtype : what scaled windows are cast to.
        """
        at = np.asarray(at, dtype=np.int64)
        lengths = np.asarray(lengths, dtype=np.int64)
        counts = np.array([n_windows(int(n), input_len, target_len, stride) for n in lengths], dtype=np.int64)
        if counts.sum() == 0:
            longest = int(lengths.max(initial=0))
            raise ValidationError(
                f"no training window fits: the longest part has {counted(longest, 'point')}, "
                f"input_len {input_len} + target {target_len} needs >= {input_len + target_len}"
            )
        ws = cls.__new__(cls)
        ws.series, ws._starts = as_2d(series), None
        ws.input_len, ws.target_len, ws.stride = input_len, target_len, int(stride)
        ws.at, ws.lengths = at, lengths
        ws.ends = np.cumsum(counts)  # (P,) windows up to the end of each piece
        ws.first = ws.ends - counts  # (P,) number of each piece's first window
        ws.mean = None if mean is None else np.asarray(mean, dtype=np.float64).reshape(len(at), -1)
        ws.scale = None if scale is None else np.asarray(scale, dtype=np.float64).reshape(len(at), -1)
        ws.dtype = np.dtype(dtype) if dtype is not None else ws.series.dtype
        return ws

    @classmethod
    def from_segments(
        cls, segments: list[np.ndarray], input_len: int, target_len: int, stride: int = 1
    ) -> WindowSet:
        parts = [as_2d(seg) for seg in segments]
        series = parts[0] if len(parts) == 1 else _joined(parts)
        lengths = np.array([len(p) for p in parts], dtype=np.int64)
        return cls.from_pieces(series, np.cumsum(lengths) - lengths, lengths, input_len, target_len, stride)

    @property
    def lazy(self) -> bool:
        return self._starts is None

    def __len__(self) -> int:
        return len(self._starts) if self._starts is not None else int(self.ends[-1])

    @property
    def span(self) -> int:
        return self.input_len + self.target_len

    def locate(self, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
        """Window numbers (B,) -> their start offsets into `series` (B,) and pieces (B,) (None
        for explicit starts)."""
        if self._starts is not None:
            return self._starts[idx], None
        g = np.asarray(idx, dtype=np.int64)
        if g.size and (g.min() < 0 or g.max() >= len(self)):
            raise IndexError(f"window numbers must lie in [0, {len(self)})")
        p = np.searchsorted(self.ends, g, side="right")
        return self.at[p] + self.stride * (g - self.first[p]), p

    @property
    def starts(self) -> np.ndarray:
        """Every window's start offset into `series`, materialised (W entries: small sets and
        tests only; training never calls this)."""
        if self._starts is not None:
            return self._starts
        return self.locate(np.arange(len(self)))[0].astype(index_dtype(len(self.series)))

    def gather(self, idx: np.ndarray | slice = slice(None)) -> tuple[np.ndarray, np.ndarray]:
        """Copy out windows idx: inputs (B, input_len, F), targets (B, target_len, F)."""
        if isinstance(idx, slice):
            idx = np.arange(*idx.indices(len(self)))
        starts, p = self.locate(idx)
        w = self.series[starts[:, None] + np.arange(self.span)]  # (B, span, F)
        if self.mean is not None:
            w = ((w.astype(np.float64) - self.mean[p][:, None]) / self.scale[p][:, None]).astype(self.dtype)
        return w[:, : self.input_len], w[:, self.input_len :]

    def fingerprint_blocks(self, chunk: int = 1 << 20):
        """The bytes train_state hashes to name these windows, in blocks: the dtype and values of
        the pieces packed back to back (scaled, in `dtype`), then the index dtype and each
        window's start in that packing, `chunk` windows at a time: the same bytes a scaled
        copy and a starts array gave, so checkpoints written before this keep resuming."""
        if self._starts is not None:
            for arr in (np.ascontiguousarray(self.series), np.ascontiguousarray(self._starts)):
                yield arr.dtype.str.encode()
                yield memoryview(arr).cast("B")
            return
        yield self.dtype.str.encode()
        for p, (a, n) in enumerate(zip(self.at.tolist(), self.lengths.tolist(), strict=True)):
            if n == 0:  # an empty piece adds no bytes (and a memoryview of none cannot be cast)
                continue
            piece = self.series[a : a + n]
            if self.mean is not None:
                piece = ((piece.astype(np.float64) - self.mean[p]) / self.scale[p]).astype(self.dtype)
            yield memoryview(np.ascontiguousarray(piece, dtype=self.dtype)).cast("B")
        idt = index_dtype(int(self.lengths.sum()))
        yield np.dtype(idt).str.encode()
        packed_at = np.cumsum(self.lengths) - self.lengths
        for p in range(len(self.at)):
            c = int(self.ends[p] - self.first[p])
            for lo in range(0, c, chunk):
                hi = min(c, lo + chunk)
                yield np.arange(packed_at[p] + self.stride * lo, packed_at[p] + self.stride * hi, self.stride,
                                dtype=np.int64).astype(idt).tobytes()
