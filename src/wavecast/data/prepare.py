"""prepare(cfg, dataset) -> Prepared: the parts of a run, built once.

    series (one or many) -> split in time (train | validation | test) -> scalers fitted on
    each training part only -> training and validation windows, indexed lazily

Everything after (training, the baselines, forecast_at, the scores, the report) reads these
parts and never re-derives them. Windows index the raw values (an offset, a length and a
scaler a series, nothing a window) and are scaled as each batch is gathered, so 10,000
series of 1,000 points cost the raw data alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..config import Config
from .dataset import Dataset
from .scaling import Scaler, fit_scalers, stack
from .windows import (
    Split,
    WindowSet,
    joined_view,
    n_windows,
    split_in_time,
)


@dataclass
class Prepared:
    series: list[np.ndarray]  # each (N_i, F), data units
    splits: list[Split]  # one a series
    ids: list[str]
    scalers: list[Scaler]  # one a series, fitted on its training part (or one over all)
    windows: WindowSet  # training windows of every series, scaled as gathered
    val: WindowSet | None  # validation windows (their targets wholly in the validation parts)
    dataset: Dataset | None  # the data file's Dataset; None for the synthetic signal

    def train_parts(self) -> list[np.ndarray]:
        return [s[: sp.train_end] for s, sp in zip(self.series, self.splits, strict=True)]

    def val_parts(self) -> list[np.ndarray]:
        return [s[sp.train_end : sp.val_end] for s, sp in zip(self.series, self.splits, strict=True)]

    def known_ends(self) -> np.ndarray:
        """(S,) each series' test origin: the end of its training and validation parts."""
        return np.array([sp.val_end for sp in self.splits], dtype=np.int64)

    def stacked_scaler(self) -> Scaler:
        return stack(self.scalers)


def target_len(cfg: Config) -> int:
    """Target points a training window needs: the free-running loss's steps, or 1."""
    return max(1, cfg.train.rollout_steps)


def prepare(cfg: Config, series: list[np.ndarray], dataset: Dataset | None = None) -> Prepared:
    """Split every series, fit the scalers on the training parts, index the windows."""
    w, n_target = cfg.window, target_len(cfg)
    if dataset is not None:
        from .dataset import check_lengths  # not data: a clean file's run never imports pandas

        check_lengths(dataset, w.input_len, n_target, w.test_len, w.val_fraction)
    splits = [split_in_time(len(s), w.test_len, w.val_fraction, min_train=w.input_len + n_target)
              for s in series]
    parts = [s[: sp.train_end] for s, sp in zip(series, splits, strict=True)]
    scalers = fit_scalers(parts, cfg.data.scaling)  # training parts only; per series or one
    windows, val = windows_of(series, splits, scalers, cfg, n_target)
    ids = dataset.ids if dataset is not None else [""]
    return Prepared(series, splits, ids, scalers, windows, val, dataset)


def windows_of(series: list[np.ndarray], splits: list[Split], scalers: list[Scaler], cfg: Config,
             n_target: int) -> tuple[WindowSet, WindowSet | None]:
    """Training windows (and validation windows, if the split has room) of every series, scaled.

    When the series lie back to back in one buffer (a file's values, the synthetic signal),
    the windows index that raw buffer and are scaled as gathered, (x - mean) / scale in float64
    cast to the training dtype: the bits a scaled copy held, without the copy (10,000 x 1,000:
    37 MB). Otherwise the scaled parts are packed into one array in the training dtype.
    """
    w = cfg.window
    dtype = np.float32 if cfg.train.dtype == "float32" else np.float64
    has_val = splits[0].val_end - splits[0].train_end >= n_target
    raw = joined_view(series)
    if raw is not None:  # one buffer (a file's values, the signal): scaled as gathered, no copy
        lengths = np.array([len(s) for s in series], dtype=np.int64)
        at = np.cumsum(lengths) - lengths
        train_end = np.array([sp.train_end for sp in splits], dtype=np.int64)
        val_end = np.array([sp.val_end for sp in splits], dtype=np.int64)
        mean, scale = np.stack([sc.mean_ for sc in scalers]), np.stack([sc.scale_ for sc in scalers])  # (S, F)
        train = WindowSet.from_pieces(raw, at, train_end, w.input_len, n_target, w.stride, mean, scale, dtype)
        val = None
        if has_val:
            val = WindowSet.from_pieces(raw, at + train_end - w.input_len, val_end - train_end + w.input_len,
                                        w.input_len, n_target, 1, mean, scale, dtype)
        return train, val
    train = _pack([(s[: sp.train_end], sc) for s, sp, sc in zip(series, splits, scalers, strict=True)],
                  w.input_len, n_target, w.stride, dtype)
    # Validation windows take their context from the end of the training part; their
    # targets lie wholly in the validation part, so nothing after the split is learned.
    val = None
    if has_val:
        val = _pack([(s[sp.train_end - w.input_len : sp.val_end], sc)
                     for s, sp, sc in zip(series, splits, scalers, strict=True)], w.input_len, n_target, 1, dtype)
    return train, val


def _pack(pieces: list[tuple[np.ndarray, Scaler]], input_len: int, n_target: int, stride: int,
          dtype) -> WindowSet:
    """Scale each piece into one preallocated (N, F) array; windows indexed lazily over it."""
    lengths = np.array([len(p) for p, _ in pieces], dtype=np.int64)
    if sum(n_windows(int(n), input_len, n_target, stride) for n in lengths) == 0:
        WindowSet.from_pieces(np.empty((0, 1)), [0] * len(lengths), lengths, input_len, n_target, stride)  # raises
    series = np.empty((int(lengths.sum()), pieces[0][0].shape[1]), dtype=dtype)
    at = np.cumsum(lengths) - lengths
    for (p, sc), a in zip(pieces, at.tolist(), strict=True):
        series[a : a + len(p)] = sc.transform(p)
    return WindowSet.from_pieces(series, at, lengths, input_len, n_target, stride)
