"""A dataset's series as model.json's data section: columns, frequency, each series' tail, last
time and scaler, with the keys of its covariates, ids, dates and trading days (their own
modules write and read those). The reading back is data_section_read's."""

from __future__ import annotations

from typing import Any

from ..data.dataset import Dataset
from ..data.scaling import Scaler
from .covariate_section import covariate_meta
from .id_dtypes import id_dtype
from .time_dtypes import time_dtype
from .trading_section import open_days, trading_meta


def series_meta(ds: Dataset, input_len: int, scalers: Scaler | None = None,
                scaling: str = "global", user: tuple[dict, object] | None = None) -> dict[str, Any]:
    """What model.json keeps of the data: columns, frequency, each series' tail and last time,
    and each series' scaler (mean, scale of its training part; scalers stacked (S, 1, F)).
    user: the ids of the DataFrame fitted in Python (forecast_frame.user_ids), kept as the
    id column's dtype (id_dtype), so a loaded model gives them back as the fitted one did;
    None: the dataset's own (a Parquet file's, Dataset.user_ids), if any."""
    if user is None:
        user = getattr(ds, "user_ids", None)
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
                    "context": v[-input_len:].tolist(), **open_days(t, ds.freq, min(len(v), input_len)),
                    **({} if scalers is None else {"mean": scalers.mean_[i, 0].tolist(),
                                                   "scale": scalers.scale_[i, 0].tolist()})}
                   for i, (sid, v, t) in enumerate(zip(ds.ids, ds.values, ds.times, strict=True))],
        "scaling": scaling,
        **covariate_meta(ds, input_len),
        # several targets: the targets, each series' own id and target (its "id" is the internal key)
        **({"targets": list(ds.targets), "series_ids": list(ds.series_ids),
            "series_targets": list(ds.series_targets)} if getattr(ds, "targets", ()) else {}),
        **id_dtype(user, ds.series_ids if getattr(ds, "targets", ()) else ds.ids),
        # fitted on pandas periods: the forecasts' times as periods of this frequency (a wavecast
        # before it ignores the key and gives timestamps, as before)
        **({"period": ds.period_freq} if getattr(ds, "period_freq", None) else {}),
        # read as trading days: the weekdays it lacks and the holiday calendar its forecasts skip, so
        # a loaded model rebuilds its dates and forecasts the same ones (a wavecast before it reads "B")
        **trading_meta(ds.freq),
        **time_dtype(ds.times),
        # the times written as quarters or ISO weeks ('2020Q1'): a loaded model's forecasts written
        # alike (a wavecast before it ignores the key and gives dates, as before)
        **({"time_text": ds.time_text} if getattr(ds, "time_text", "") else {}),
        # the series are kept in their ids' canonical order; the user's order, where it differs,
        # for the forecasts of a loaded model (a wavecast before it gives the canonical order)
        **({"user_order": list(ds.user_order)} if getattr(ds, "user_order", None) is not None else {}),
    }}
