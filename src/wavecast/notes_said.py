"""What a model has said: each note keyed by the data it was said of, so predict() says a note
once for the same data and again for other data whose note has the same words ('1 missing value
filled linearly' of another frame is another gap)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np


def data_key(data):
    """A key equal for equal data (None: none given, the model's own), else unique: a frame's or
    array's content hash with its columns and dtypes, a file's path, size and modification time.
    Data that cannot be hashed gets a key of its own (its notes are said each time, as before)."""
    if data is None:
        return None
    try:
        if isinstance(data, (str, Path)):
            p = Path(data).expanduser()
            st = p.stat()
            return ("file", str(p.resolve()), st.st_size, st.st_mtime_ns)
        import pandas as pd

        from .data.frames import to_pandas_frame

        data = to_pandas_frame(data)
        h = hashlib.sha256()
        if isinstance(data, (pd.DataFrame, pd.Series)):
            h.update(pd.util.hash_pandas_object(data, index=True).to_numpy().tobytes())
            names = list(data.columns) if isinstance(data, pd.DataFrame) else [data.name]
            dtypes = list(data.dtypes) if isinstance(data, pd.DataFrame) else [data.dtype]
            h.update(repr((names, [str(d) for d in dtypes], type(data).__name__)).encode())
        else:
            a = np.asarray(data)
            if a.dtype.kind == "O":
                return object()
            h.update(np.ascontiguousarray(a).tobytes())
            h.update(repr((a.shape, str(a.dtype))).encode())
        return ("data", h.hexdigest())
    except Exception:  # noqa: BLE001 (unhashable cells, a file gone: said each time, never an error)
        return object()


def said_of(notes: list[str], given) -> set[tuple]:
    """fit's notes as said (SeriesForecaster._notes_said) of the model's own data, which predict()
    continues, and of the data given to fit (`given`, its data_key): predict(data=) of the same."""
    return {(key, n) for key in ((None, None), (given, None)) for n in notes}
