"""A dataset's series and covariates as model.json's data section (their tails, times and
scalers), and that section read back, checked, as a Dataset."""

from __future__ import annotations

import math
import re
import sys
from typing import Any

import numpy as np

from ..data.dataset import Dataset
from ..data.windows import Scaler
from ..errors import ModelFileError
from .modelcheck import _short


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


# The id dtypes model.json may name (data.id_dtype), each rebuilt from the ids' text by _typed:
# a name checked against this list and values parsed by their kind, never evaluated or unpickled
# (a time zone is a name: no dots, so no path). A category is an object naming its categories.
# No new format version: a wavecast before it ignores data.id_dtype and gives the text, as before.
# An object column mixing integers and text names its integer ids in data.id_ints (a wavecast
# before it reads "object" and gives every id as text, as it did).
_ID_DTYPES = re.compile(r"(u?int|U?Int)(8|16|32|64)|(float|Float)(32|64)|bool|boolean|str|string|object"
                        r"|datetime64\[(s|ms|us|ns)(, [A-Za-z][\w+\-/]{0,40})?\]", re.ASCII)
_INTEGER = re.compile(r"[+-]?\d{1,20}", re.ASCII)


# a zone by its name (Europe/Paris, Etc/GMT+5) or a fixed offset (UTC+01:00: a CSV's "+01:00")
_TIME_DTYPE = re.compile(r"datetime64\[(s|ms|us|ns)(, [A-Za-z][\w+\-/:]{0,40})?\]", re.ASCII)


def time_dtype(times: list) -> dict[str, str]:
    """model.json's data.time_dtype: the dtype of the series' dates, unit and zone
    ("datetime64[ms, Europe/Paris]"), where every series has one. last_time alone is an ISO text
    with an offset: a loaded model rebuilt its dates in that fixed offset (UTC+01:00), its
    forecasts an hour off the zone's clock after a change of the clocks and its future= rows in
    the zone refused ("expected 2024-04-01, got 2024-04-01"). A wavecast before it ignores the key."""
    pd = sys.modules.get("pandas")  # no pandas loaded, no DatetimeIndex: a synthetic run never imports it
    if pd is None:
        return {}
    dtypes = {t.dtype for t in times if isinstance(t, pd.DatetimeIndex)}
    if len(dtypes) != 1 or not all(isinstance(t, pd.DatetimeIndex) for t in times):
        return {}
    dtype = dtypes.pop()
    try:  # only a name load reads back as this dtype (a dateutil zone is named by its file: left out)
        if _time_dtype(str(dtype)) != dtype:
            return {}
    except (TypeError, ValueError):
        return {}
    return {"time_dtype": str(dtype)}


def _time_dtype(name):
    """data.time_dtype checked (a name of the pattern, a zone pandas knows) as a pandas dtype."""
    import pandas as pd

    if not isinstance(name, str) or not _TIME_DTYPE.fullmatch(name):
        raise ValueError(f"time_dtype {_short(name)} is not a dtype wavecast writes")
    return pd.api.types.pandas_dtype(name)  # an unknown time zone: TypeError


def _end_in(last, dtype):
    """A series' last_time as a Timestamp of the dates' dtype (its zone and unit): the same instant."""
    import numpy as np
    import pandas as pd

    end = pd.Timestamp(last)
    tz = getattr(dtype, "tz", None)
    if (tz is None) != (end.tz is None):
        raise ValueError(f"last_time {_short(last)} and time_dtype {dtype} disagree on a time zone")
    if tz is not None:
        end = end.tz_convert(tz)
    return end.as_unit(getattr(dtype, "unit", None) or np.datetime_data(dtype)[0])


def id_dtype(user: tuple[dict, object] | None, ids: list[str]) -> dict[str, Any]:
    """model.json's data.id_dtype: the dtype of the id column of a DataFrame fitted in Python
    (user: forecast_frame.user_ids), so a loaded model's forecasts carry the ids back as the
    fitted one's (10, not '10'). {} where the text is the id (a file's) or where the ids' text
    does not give back the very values and dtype (the loaded model then gives the text, as
    every model did before)."""
    if user is None or not ids or not all(i in user[0] for i in ids):
        return {}
    values, dtype = user
    import pandas as pd

    if isinstance(dtype, pd.CategoricalDtype):
        cats = dtype.categories
        spec: Any = {"name": "category", "categories": [str(c) for c in cats.astype(str)],
                     "of": str(cats.dtype), "ordered": bool(dtype.ordered)}
    else:
        spec = str(dtype)
    # an object column of integers and text (shops 1, 2 and 'web'): which ids are integers
    ints = [i for i in ids if isinstance(values[i], (int, np.integer)) and not isinstance(values[i], (bool, np.bool_))] \
        if spec == "object" else []
    try:
        back, back_dtype = typed_ids(spec, ids, ints)
        same = back_dtype == dtype and pd.Series([values[i] for i in ids], dtype=dtype).equals(
            pd.Series([back[i] for i in ids], dtype=back_dtype)) and all(
            type(back[i]) is int for i in ints)
    except (TypeError, KeyError, ValueError, OverflowError):
        return {}
    return ({"id_dtype": spec, **({"id_ints": ints} if ints else {})}) if same else {}


def typed_ids(spec, ids: list[str], ints=None) -> tuple[dict, object]:
    """model.json's id_dtype read back: each id's text mapped to its value, and the dtype (the
    pair forecast_frame.user_ids gives); a name or text that is not one id_dtype writes is a
    ValueError (or TypeError, OverflowError), said in one line. ints: data.id_ints, the ids of
    an object column that are integers (the others are text); None or [] for every other dtype."""
    import pandas as pd

    if ints:  # a column mixing integers and text: those ids integers, the rest their text
        if spec != "object" or not isinstance(ints, list) or not all(
                isinstance(t, str) and _INTEGER.fullmatch(t) for t in ints) or not set(ints) <= set(ids):
            raise ValueError(f"id_ints {_short(ints)} are not integer ids of an object column")
        whole = set(ints)
        column = pd.Series([int(t) if t in whole else t for t in ids], dtype=object)
        return dict(zip(ids, column, strict=True)), column.dtype

    if isinstance(spec, dict):  # a category: its categories' text and dtype, and its order
        if spec.get("name") != "category" or set(spec) != {"name", "categories", "of", "ordered"} \
                or not isinstance(spec["categories"], list) or not isinstance(spec["ordered"], bool):
            raise ValueError(f"{_short(spec)} is not a category wavecast writes (name, categories, of, ordered)")
        dtype = pd.CategoricalDtype(pd.Index(_typed(spec["of"], spec["categories"])), ordered=spec["ordered"])
        values = _typed(spec["of"], ids)
        if not values.isin(dtype.categories).all():
            raise ValueError("an id is not one of its categories")
        column = values.astype(dtype)
    else:
        column = _typed(spec, ids)
    return dict(zip(ids, column, strict=True)), column.dtype


def _typed(name, texts: list):
    """texts as a Series of the dtype named, each parsed by its kind (ints by their digits, bools
    by True/False, dates by pd.Timestamp, text as it is); ValueError where one is not."""
    import pandas as pd

    if not isinstance(name, str) or not _ID_DTYPES.fullmatch(name):
        raise ValueError(f"{_short(name)} is not a dtype wavecast writes")
    dtype = pd.api.types.pandas_dtype(name)  # an unknown time zone: TypeError
    if not all(isinstance(t, str) for t in texts):
        raise TypeError("its ids and categories must be text")
    kind = name.lower()
    if kind.startswith("datetime"):
        values: list = [pd.Timestamp(t) for t in texts]
    elif kind.removeprefix("u").startswith("int"):
        bad = [t for t in texts if not _INTEGER.fullmatch(t)]
        if bad:
            raise ValueError(f"id {_short(bad[0])} is not an integer, as {name} says")
        values = [int(t) for t in texts]
    elif kind.startswith("float"):
        values = [float(t) for t in texts]
    elif kind.startswith("bool"):
        bad = [t for t in texts if t not in ("True", "False")]
        if bad:
            raise ValueError(f"id {_short(bad[0])} is not True or False, as {name} says")
        values = [t == "True" for t in texts]
    else:  # text: the id is its text
        values = list(texts)
    return pd.Series(values, dtype=dtype)


def covariate_meta(ds: Dataset, input_len: int) -> dict[str, Any]:
    """Each series' covariate rows from its kept tail's first value to its last row (future rows
    included; a missing past value after the end is null), its static values, and the schema."""
    cov = getattr(ds, "covariates", None)
    if cov is None:
        return {}
    from ..evaluate.covariate_range import future_known

    rows = []
    for v, c in zip(ds.values, cov.values, strict=True):
        tail = c[len(v) - min(len(v), input_len):]
        rows.append([[None if not math.isfinite(x) else float(x) for x in r] for r in tail.tolist()])
    known = future_known(ds)  # the future drivers' training range: the tails alone are not it
    return {"covariates": {"schema": cov.schema(), "rows": rows, "static_values": cov.statics,
                           **({} if known is None else {"future_known": known})}}


def read_series_meta(meta: dict, input_len: int, folder) -> tuple[Dataset, dict[str, Scaler], list[int]]:
    """model.json's data section (series_meta's) read back and checked: the Dataset of each
    series' kept tail (its time stamps rebuilt from its end), each series' scaler by id, and
    where each tail starts in its series. The ids of a DataFrame fitted in Python (id_dtype) come
    back as ds.user_ids, of their dtype. Any damage is one ModelFileError."""
    import pandas as pd

    from ..data.trading_days import as_offset

    info = meta.get("data") or {}
    try:
        series = info.get("series")
        if not isinstance(series, list) or not series:  # nothing to continue: a forecast of no rows
            raise ValueError(f"series is {_short(series)}, not a list of the series the model continues")
        ids = [str(s["id"]) for s in series]
        values = [_context(s, input_len) for s in series]
        freq = info.get("freq")
        if "trading_days" in info:  # read as trading days (data.trading_days): its closed days kept
            freq = _trading_days(info["trading_days"], freq)
        # Each series' own scaler (model files before per-series scaling: the global one).
        scalers = {i: Scaler.from_params(np.asarray(s["mean"], dtype=np.float64),
                                         np.asarray(s["scale"], dtype=np.float64))
                   for i, s in zip(ids, series, strict=True) if "mean" in s and "scale" in s}
        tiny = np.finfo(np.float64).tiny  # a subnormal scale: a flat forecast
        if any(not (np.isfinite(sc.mean_).all() and np.isfinite(sc.scale_).all() and (sc.scale_ >= tiny).all())
               for sc in scalers.values()):
            raise ValueError("a series scaler has non-finite, non-positive or subnormal values")
        times, starts = [], []
        dates = _time_dtype(info["time_dtype"]) if "time_dtype" in info and info.get("datetime") else None
        for s, v in zip(series, values, strict=True):
            last, n = s.get("last_time"), int(s.get("length", len(v)))
            starts.append(n - len(v))
            if last is None:  # no time column: steps count on from the training series' length
                times.append(pd.RangeIndex(n - len(v), n))
            elif freq is None:  # a one-point series: no frequency to extend it by
                times.append(pd.Index([last]))
            elif info.get("datetime"):  # in the dates' zone and unit, where model.json names them
                end = pd.Timestamp(last) if dates is None else _end_in(last, dates)
                times.append(pd.date_range(end=end, periods=len(v), freq=as_offset(freq)) if "times" not in s
                             else _tail_times(s["times"], len(v), end, dates))
            else:
                times.append(pd.Index(int(last) - int(freq) * np.arange(len(v))[::-1]))
    except (TypeError, KeyError, ValueError, OverflowError) as exc:
        raise ModelFileError(f"{folder}: model.json data section is damaged ({exc})") from None
    if not info.get("time"):
        freq = 1
    ds = Dataset(values, ids, times, freq, info.get("target", "value"), info.get("time", ""),
                 info.get("id", ""), str(folder))
    if info.get("covariates") is not None:
        ds.covariates = _read_covariates(info["covariates"], ds, folder)
        if "future_known" in info["covariates"]:  # a model saved before it: judged on the tails
            ds.future_known = _future_known(info["covariates"]["future_known"], ds, folder)
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
                                 "is not a way of writing quarters or weeks wavecast knows)")
        ds.time_text = info["time_text"]
    if "period" in info:  # fitted on pandas periods of this frequency: its forecasts' times as periods
        ds.period_freq = _period_freq(info["period"], folder)
    return ds, scalers, starts


def trading_meta(freq) -> dict:
    """model.json's data.trading_days of a series read as trading days: its closed days (ISO
    dates), the holiday calendar's code and the last stamp read; {} for any other frequency."""
    if not hasattr(freq, "closed"):  # no import: a synthetic run never loads pandas
        return {}
    return {"trading_days": {"closed": [str(d.date()) for d in freq.closed], "calendar": freq.calendar,
                             "end": None if freq.end is None else freq.end.isoformat()}}


def open_days(t, freq, n: int) -> dict:
    """A series' kept tail stamps (its last n), ISO, where its frequency would not rebuild them: on
    trading days, a panel's axis closes any series' closed day (trading_days.axis_of), so a series
    open on another's (two markets) would have its tail dated a weekday early before that day (the
    forecast's figure drew its history there). {} elsewhere: the rebuilt stamps are the read ones."""
    if not hasattr(freq, "closed") or t is None or not n:
        return {}
    import pandas as pd

    def day(i):  # the date, wherever the stamps are: the closed days are dates
        return (i.tz_localize(None) if i.tz is not None else i).normalize()

    tail = t[-n:]
    if not day(tail).isin(day(freq.closed)).any():
        return {}
    return {"times": [pd.Timestamp(x).isoformat() for x in tail]}


def _tail_times(value, n: int, end, dates):
    """model.json's series times (open_days) read back: n ISO stamps, increasing, the last its
    last_time, in the dates' zone and unit; a ValueError when damaged."""
    import pandas as pd

    if not isinstance(value, list) or len(value) != n or not all(isinstance(x, str) and len(x) <= 40 for x in value):
        raise ValueError(f"times is {_short(value)}, not the {n} stamps of a series' kept values")
    t = pd.DatetimeIndex([pd.Timestamp(x) if dates is None else _end_in(x, dates) for x in value])
    if not t.is_monotonic_increasing or not t.is_unique or t[-1] != end:
        raise ValueError(f"times is {_short(value)}, not increasing stamps ending at the series' last_time")
    return t


def _trading_days(value, freq):
    """model.json's data.trading_days read back as the TradingDays axis (dates parsed as dates and the
    calendar checked against the holidays tables, never evaluated); a ValueError when damaged."""
    import pandas as pd

    from ..data.publicholidays import holiday_code
    from ..data.trading_days import TradingDays
    from ..errors import ValidationError

    if freq != "B" or not isinstance(value, dict) or not isinstance(value.get("closed"), list):
        raise ValueError(f"trading_days is {_short(value)}, not the closed days of a business-daily axis")
    calendar = value.get("calendar") or ""
    try:
        if calendar:
            holiday_code(calendar)
    except ValidationError:
        raise ValueError(f"trading_days calendar {_short(calendar)} is no holiday table") from None
    if not all(isinstance(d, str) and len(d) <= 40 for d in value["closed"]):
        raise ValueError("trading_days closed holds no dates")
    end = value.get("end")
    return TradingDays(pd.to_datetime(value["closed"], format="ISO8601"), calendar,
                       None if end is None else pd.Timestamp(str(end)))


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


def not_continued(trained: Dataset, given: Dataset) -> list[str]:
    """The ids of `given` that name a series of `trained` (the model's own: its kept tails, or the
    series it was fitted on) whose values given do not hold that series' last values anywhere:
    another series under the same id (the same one in other units, a different one), which a
    scaler fitted on the training series would read in the wrong units."""
    from ..forecasters.series_tails import TAIL_LEN, tail_end

    stored = dict(zip(trained.ids, trained.values, strict=True))
    out = []
    for sid, v in zip(given.ids, given.values, strict=True):
        if sid not in stored or not len(stored[sid]):
            continue
        row = np.asarray(v, dtype=np.float64)
        tail = {"length": len(row), "tail": np.asarray(stored[sid], dtype=np.float64)[-TAIL_LEN:].tolist()}
        if tail_end(row, tail) is None:
            out.append(sid)
    return out


def _read_covariates(c: dict, ds: Dataset, folder):
    """model.json's covariate tails as data.covariates.Covariates aligned with ds's tails."""
    from ..data.covariates import Covariates

    try:
        sch = {k: tuple(str(x) for x in c["schema"][k]) for k in ("past", "future", "static", "calendar")}
        width = len(sch["past"]) + len(sch["future"]) + len(sch["calendar"])
        values = []
        for v, rows in zip(ds.values, c["rows"], strict=True):
            a = np.array([[np.nan if x is None else float(x) for x in r] for r in rows], dtype=np.float64)
            a = a.reshape(len(rows), width)
            if len(a) < len(v) or not np.isfinite(a[: len(v)]).all():
                raise ValueError("a series' covariate rows are fewer than its values or not finite")
            values.append(a)
        statics = [[x if isinstance(x, str) else float(x) for x in r] for r in c["static_values"]]
        if len(statics) != len(values) or any(len(r) != len(sch["static"]) for r in statics):
            raise ValueError("static values do not match the series or the static columns")
    except (TypeError, KeyError, ValueError) as exc:
        raise ModelFileError(f"{folder}: model.json covariates section is damaged ({exc})") from None
    last = [t[-1] if t is not None and len(t) else None for t in ds.times]
    return Covariates(sch["past"], sch["future"], sch["static"], sch["calendar"], values, statics, list(ds.ids),
                      ds.freq, last)


def _future_known(known, ds: Dataset, folder) -> list[list[dict | None]]:
    """model.json's future_known (evaluate.covariate_range.known_summary of each series' future
    covariates) checked: one entry a series and future column, each null or a count, a least and
    a greatest value, and for a flag its values with their counts."""
    def one(k) -> dict | None:
        if k is None:
            return None
        n, lo, hi = int(k["n"]), float(k["lo"]), float(k["hi"])
        if n < 1 or not (math.isfinite(lo) and math.isfinite(hi) and lo <= hi):
            raise ValueError(f"a summary {_short(k)} has no points or no finite range")
        out = {"n": n, "lo": lo, "hi": hi}
        if "values" in k:
            values, counts = [float(x) for x in k["values"]], [int(c) for c in k["counts"]]
            if len(values) != len(counts) or sum(counts) != n:
                raise ValueError(f"a summary's counts {_short(k['counts'])} do not add up to its {n} points")
            out |= {"values": values, "counts": counts}
        return out

    width = len(ds.covariates.future)
    try:
        if not isinstance(known, list) or len(known) != len(ds.values):
            raise ValueError("future_known is not one entry a series")
        out = []
        for row in known:
            if not isinstance(row, list) or len(row) != width:
                raise ValueError(f"future_known holds {_short(row)}, not one entry a future covariate")
            out.append([one(k) for k in row])
    except (TypeError, KeyError, ValueError, OverflowError) as exc:
        raise ModelFileError(f"{folder}: model.json covariates section is damaged ({exc})") from None
    return out


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
