"""Dataset: validated series in data units, with their ids and time stamps.

Its own module so that runs on a synthetic signal never import pandas (0.2-0.3 s of start-up):
pandas is needed only to read files and to handle time stamps.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class Dataset:
    """Validated series in data units; times[i] is None when there is no time column."""

    values: list[np.ndarray]  # each (N_i,) float64
    ids: list[str]  # "" for a single series without an id column
    times: list[pd.Index | None]  # DatetimeIndex or integer Index, one per series
    freq: str | int | None  # pandas offset alias ("MS"), an integer step, or None
    target: str = "value"
    time: str = ""
    id: str = ""
    source: str = "data"
    notes: list[str] = field(default_factory=list)

    def segments(self) -> list[np.ndarray]:
        return [v[:, None] for v in self.values]  # each (N_i, 1)

    def fingerprint(self) -> str:
        """SHA-256 of the ids, lengths and float64 values: names the training data exactly."""
        h = hashlib.sha256()
        for sid, v in zip(self.ids, self.values, strict=True):
            h.update(f"{sid}\0{len(v)}\0".encode())
            h.update(np.ascontiguousarray(v, dtype="<f8").tobytes())
        return h.hexdigest()
