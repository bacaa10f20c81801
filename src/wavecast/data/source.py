"""The run's data file read as a Dataset, and what model.json keeps of it."""

from __future__ import annotations

from typing import Any

from ..config import Config
from .dataset import Dataset
from .windows import Scaler


def read_dataset(cfg: Config) -> Dataset | None:
    """The configured data file, validated; None when the run uses the synthetic signal."""
    d = cfg.data
    if not d.path:
        return None
    from .parquet import read_clean  # pyarrow, not pandas: a clean Parquet file needs no frame

    ds = read_clean(d.path, d.target, d.time, d.id, d.sort)
    if ds is not None:
        return ds
    from . import (
        reader as data,  # pandas and pyarrow: only when there is a file to read the general way
    )

    return data.read(d.path, d.target, d.time, d.id, d.fill, d.sort, d.fill_missing_dates,
                     d.encoding, d.header, d.thousands, clean_first=False)


def series_meta(ds: Dataset, input_len: int, scalers: Scaler | None = None,
                scaling: str = "global") -> dict[str, Any]:
    """What model.json keeps of the data: columns, frequency, each series' tail and last time,
    and each series' scaler (mean, scale of its training part; scalers stacked (S, 1, F))."""
    def is_datetime(t) -> bool:
        if t is None:  # no time column (the synthetic signal): no pandas needed
            return False
        import pandas as pd

        return isinstance(t, pd.DatetimeIndex)

    def stamp(t):
        if t is None or not len(t):
            return None
        x = t[-1]
        if is_datetime(t):
            import pandas as pd

            return str(pd.Timestamp(x).isoformat())
        return int(x)

    return {"data": {
        "target": ds.target, "time": ds.time, "id": ds.id,
        "freq": ds.freq if isinstance(ds.freq, (int, type(None))) else str(ds.freq),
        "datetime": any(is_datetime(t) for t in ds.times),
        "series": [{"id": sid, "length": len(v), "last_time": stamp(t),
                    "context": v[-input_len:].tolist(),
                    **({} if scalers is None else {"mean": scalers.mean_[i, 0].tolist(),
                                                   "scale": scalers.scale_[i, 0].tolist()})}
                   for i, (sid, v, t) in enumerate(zip(ds.ids, ds.values, ds.times, strict=True))],
        "scaling": scaling,
    }}


def save_model(result, folder) -> None:
    """experiment.save's hook: the trained net as folder/ (modelfile format), with its series' tails."""
    from ..io.modelfile import save

    ds = result.dataset
    if ds is None:  # the synthetic signal: one series without time stamps
        ds = Dataset([result.series[:, 0]], [""], [None], None, "value", source="signal")
    n = result.config.window.input_len
    save(folder, result.net, result.config, result.scaler, n, ds.fingerprint(), result.metrics,
         series_meta(ds, n, result.scalers, result.config.data.scaling))
