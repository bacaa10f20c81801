"""model.json's data section (data_section's) read back and checked as a Dataset: each series'
kept tail with its stamps rebuilt from its end, its scaler, and the keys of its covariates, ids,
dates and trading days. Any damage is one ModelFileError, never a traceback."""

from __future__ import annotations

import numpy as np

from ..data.dataset import Dataset
from ..data.scaling import Scaler
from ..errors import ModelFileError
from .covariate_section import read_covariates, read_future_known
from .id_dtypes import typed_ids
from .modelcheck import _short
from .time_dtypes import end_in, read_time_dtype
from .trading_section import read_tail_times, read_trading_days


def read_series_meta(meta: dict, input_len: int, folder) -> tuple[Dataset, dict[str, Scaler], list[int]]:
    """model.json's data section (series_meta's) read back and checked: the Dataset of each
    series' kept tail (its time stamps rebuilt from its end), each series' scaler by id, and
    where each tail starts in its series. The ids of a DataFrame fitted in Python (id_dtype) come
    back as ds.user_ids, of their dtype. Any damage is one ModelFileError."""
    import pandas as pd

    info = meta.get("data") or {}
    try:
        series = info.get("series")
        if not isinstance(series, list) or not series:  # nothing to continue: a forecast of no rows
            raise ValueError(f"series is {_short(series)}, not a list of the series the model continues")
        ids = [str(s["id"]) for s in series]
        values = [_context(s, input_len) for s in series]
        freq = info.get("freq")
        if "trading_days" in info:  # read as trading days (data.trading_days): its closed days kept
            freq = read_trading_days(info["trading_days"], freq)
        # Each series' own scaler (model files before per-series scaling: the global one).
        scalers = {i: Scaler.from_params(np.asarray(s["mean"], dtype=np.float64),
                                         np.asarray(s["scale"], dtype=np.float64))
                   for i, s in zip(ids, series, strict=True) if "mean" in s and "scale" in s}
        tiny = np.finfo(np.float64).tiny  # a subnormal scale: a flat forecast
        if any(not (np.isfinite(sc.mean_).all() and np.isfinite(sc.scale_).all() and (sc.scale_ >= tiny).all())
               for sc in scalers.values()):
            raise ValueError("a series scaler has non-finite, non-positive or subnormal values")
        times, starts = [], []
        dates = read_time_dtype(info["time_dtype"]) if "time_dtype" in info and info.get("datetime") else None
        ranges: dict = {}  # a panel's tails mostly end alike: each range built once, copied
        for s, v in zip(series, values, strict=True):
            last, n = s.get("last_time"), int(s.get("length", len(v)))
            starts.append(n - len(v))
            if last is None:  # no time column: steps count on from the training series' length
                times.append(pd.RangeIndex(n - len(v), n))
            elif freq is None:  # a one-point series: no frequency to extend it by
                times.append(pd.Index([last]))
            elif info.get("datetime"):  # in the dates' zone and unit, where model.json names them
                end = pd.Timestamp(last) if dates is None else end_in(last, dates)
                times.append(_ending(ranges, end, len(v), freq) if "times" not in s
                             else read_tail_times(s["times"], len(v), end, dates))
            else:
                times.append(pd.Index(int(last) - int(freq) * np.arange(len(v))[::-1]))
    except (TypeError, KeyError, ValueError, OverflowError) as exc:
        raise ModelFileError(f"{folder}: model.json data section is damaged ({exc})") from None
    if not info.get("time"):
        freq = 1
    ds = Dataset(values, ids, times, freq, info.get("target", "value"), info.get("time", ""),
                 info.get("id", ""), str(folder))
    if info.get("covariates") is not None:
        ds.covariates = read_covariates(info["covariates"], ds, folder)
        if "future_known" in info["covariates"]:  # a model saved before it: judged on the tails
            ds.future_known = read_future_known(info["covariates"]["future_known"], ds, folder)
    if info.get("targets"):
        try:
            ds.targets = tuple(str(t) for t in info["targets"])
            ds.series_ids = [str(x) for x in info["series_ids"]]
            ds.series_targets = [str(x) for x in info["series_targets"]]
            if len(ds.series_ids) != len(ids) or len(ds.series_targets) != len(ids):
                raise ValueError("series_ids or series_targets do not match the series")
        except (TypeError, KeyError, ValueError) as exc:
            raise ModelFileError(f"{folder}: model.json data section is damaged ({exc})") from None
    if "user_order" in info:  # the series' positions in the user's order (Dataset.user_order)
        order = info["user_order"]
        if not isinstance(order, list) or sorted(o for o in order if type(o) is int) != list(range(len(ids))):
            raise ModelFileError(f"{folder}: model.json data section is damaged (user_order is "
                                 f"{_short(order)}, not the positions of its {len(ids)} series)")
        ds.user_order = order
    if "id_dtype" in info:  # the fitted DataFrame's ids, of its dtype: SeriesForecaster gives them back
        try:
            ds.user_ids = typed_ids(info["id_dtype"], ds.series_ids if ds.targets else ids, info.get("id_ints"))
        except (TypeError, KeyError, ValueError, OverflowError) as exc:
            first = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
            raise ModelFileError(f"{folder}: model.json data section is damaged (id_dtype: {first})") from None
    if "time_text" in info:  # written as quarters or ISO weeks (Dataset.time_text): one of the templates
        from ..data.yearparts import TEXT_STYLES

        if info["time_text"] not in TEXT_STYLES or not info.get("datetime"):
            raise ModelFileError(f"{folder}: model.json data section is damaged (time_text {_short(info['time_text'])} "
                                 "is not a way of writing quarters, weeks or months wavecast knows)")
        ds.time_text = info["time_text"]
    if "period" in info:  # fitted on pandas periods of this frequency: its forecasts' times as periods
        ds.period_freq = _period_freq(info["period"], folder)
    return ds, scalers, starts


def _period_freq(value, folder) -> str:
    """model.json's data.period checked: a pandas period frequency's name (read by pandas as a
    name, never evaluated), or one ModelFileError."""
    import pandas as pd

    ok = isinstance(value, str) and 0 < len(value) <= 20 and value.replace("-", "").isalnum()
    if ok:
        try:
            pd.Period("2000-01-01", freq=value)
        except (ValueError, TypeError):
            ok = False
    if not ok:
        raise ModelFileError(f"{folder}: model.json data section is damaged (period is {_short(value)}, "
                             "not a pandas period frequency)")
    return value


def _context(s: dict, input_len: int) -> np.ndarray:
    """A series' stored tail: a list of min(length, input_len) finite numbers, or ValueError
    (a `context: null` wrote a forecast of empty cells before)."""
    c = s["context"]
    if not isinstance(c, list) or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in c):
        raise ValueError(f"series {str(s.get('id'))[:40]!r} has context {str(c)[:40]}, not a list of numbers")
    x = np.asarray(c, dtype=np.float64)
    want = min(int(s.get("length", len(x))), input_len)
    if len(x) != want or not np.isfinite(x).all():
        raise ValueError(f"series {str(s.get('id'))[:40]!r} has a context of {len(x)} values "
                         f"({'non-finite' if len(x) == want else f'{want} expected'})")
    return x


def _ending(ranges: dict, end, n: int, freq):
    """pd.date_range(end=end, periods=n, freq) once a distinct end, zone, unit and length (2,000
    calls were a tenth of a 2,000-series forecast's load); each series its own copy."""
    import pandas as pd

    from ..data.trading_days import as_offset

    key = (end, str(getattr(end, "tz", None)), getattr(end, "unit", None), n)
    if key not in ranges:
        ranges[key] = pd.date_range(end=end, periods=n, freq=as_offset(freq))
    return ranges[key].copy()
