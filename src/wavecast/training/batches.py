"""Training windows as tensors on the net's device; a batch gathered by one index op."""

from __future__ import annotations

import warnings

import numpy as np
import torch

from ..data.windows import WindowSet


class Batches:
    """Windows as tensors on the net's device; batches gathered by one index op.

    A lazy WindowSet keeps its per-piece tables here (one entry a series, not a window): a
    batch's window numbers find their pieces by torch.searchsorted, and scaled pieces are
    scaled as gathered, (x - mean) / scale in float64 then cast, the bits a scaled copy held.
    """

    def __init__(self, windows: WindowSet, dtype: torch.dtype, device: torch.device):
        series = np.ascontiguousarray(windows.series)
        scaled = windows.mean is not None
        if device.type == "cpu":
            # Share the caller's array and cast each batch: a float32 copy of a 10-million
            # point series would cost half the raw data again (benchmarks/scale.py).
            with warnings.catch_warnings():  # a read-only array is fine: batches are copies
                warnings.simplefilter("ignore", UserWarning)
                self.series = torch.from_numpy(series)
        else:  # one copy on the device, in the training dtype (raw, if scaled as gathered)
            self.series = torch.as_tensor(series, dtype=None if scaled else dtype, device=device)
        self.dtype, self.device, self.n = dtype, device, len(windows)
        self.offsets = torch.arange(windows.span, device=device)
        self.input_len = windows.input_len
        self.starts = None if windows.lazy else torch.as_tensor(windows.starts, device=device)
        if windows.lazy:
            self.at, self.ends, self.first = (torch.as_tensor(a, device=device)
                                              for a in (windows.at, windows.ends, windows.first))
            self.stride = windows.stride
        self.mean = torch.as_tensor(windows.mean[:, None], device=device) if scaled else None  # (P, 1, F)
        self.scale = torch.as_tensor(windows.scale[:, None], device=device) if scaled else None

    def __len__(self) -> int:
        return self.n

    def get(self, idx: torch.Tensor | slice) -> tuple[torch.Tensor, torch.Tensor]:
        if self.starts is not None:
            w = self.series[self.starts[idx][:, None] + self.offsets].to(self.dtype)  # (B, span, F)
            return w[:, : self.input_len], w[:, self.input_len :]
        if isinstance(idx, slice):
            idx = torch.arange(*idx.indices(self.n), device=self.device)
        g = idx.to(torch.int64)
        p = torch.searchsorted(self.ends, g, right=True)  # (B,) the piece of each window
        starts = self.at[p] + self.stride * (g - self.first[p])
        w = self.series[starts[:, None] + self.offsets]  # (B, span, F)
        if self.mean is not None:
            w = (w.to(torch.float64) - self.mean[p]) / self.scale[p]
        w = w.to(self.dtype)
        return w[:, : self.input_len], w[:, self.input_len :]
