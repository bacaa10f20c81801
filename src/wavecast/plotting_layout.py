"""Which column of wavecast.plot's forecasts is what: predict()'s frame or a backtest's table
(or a Series or array predict returned) read as one DataFrame, its periods and text times as
dates, its time, id and value columns, the levels drawn and the series chosen."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .errors import ValidationError


def forecast_table(forecasts, data) -> pd.DataFrame:
    """forecasts as a DataFrame: a Backtest's table, a Series or array that predict() returned
    (an array's steps follow the data's: predict continues it)."""
    forecasts = getattr(forecasts, "forecasts", forecasts)  # a Backtest itself
    if isinstance(forecasts, pd.Series) and isinstance(forecasts.index, pd.MultiIndex):
        return forecasts.rename("forecast").reset_index()  # a Series of many series: (id, time) levels
    if isinstance(forecasts, pd.Series):
        name = forecasts.index.name or "step"
        return pd.DataFrame({name: forecasts.index, "forecast": forecasts.to_numpy()})
    if isinstance(forecasts, np.ndarray) and forecasts.ndim == 1:
        start = len(data) if isinstance(data, (np.ndarray, list, pd.Series)) else 0
        return pd.DataFrame({"step": np.arange(start, start + len(forecasts)), "forecast": forecasts})
    if not isinstance(forecasts, pd.DataFrame):
        raise ValidationError(f"forecasts must be what predict() returns or a backtest's .forecasts (got a "
                              f"{type(forecasts).__name__})")
    if "forecast" not in forecasts.columns and "cutoff" not in forecasts.columns:
        raise ValidationError(f"forecasts has no 'forecast' column (nor a backtest's 'cutoff'; its columns: "
                              f"{shown(list(forecasts.columns))}): give what predict() or wavecast.backtest() "
                              "returns")
    return forecasts


def periods_as_times(obj):
    """Periods (a PeriodIndex, an index level or a column of them, as predict gives back for data
    fitted on periods) as the timestamps of their starts: matplotlib draws no Period, and
    wavecast.plot(s, f.predict(12)) of a monthly PeriodIndex failed in a TypeError ("float()
    argument must be ... not 'Period'")."""
    if not isinstance(obj, (pd.Series, pd.DataFrame)):
        return obj
    index = obj.index
    if isinstance(index, pd.PeriodIndex):
        obj = obj.set_axis(index.to_timestamp())
    elif isinstance(index, pd.MultiIndex) and any(isinstance(lv, pd.PeriodIndex) for lv in index.levels):
        obj = obj.set_axis(index.set_levels([lv.to_timestamp() if isinstance(lv, pd.PeriodIndex) else lv
                                             for lv in index.levels]))
    if isinstance(obj, pd.DataFrame):
        periods = [c for c in obj.columns if isinstance(obj[c].dtype, pd.PeriodDtype)]
        if periods:
            obj = obj.copy(deep=False)
            for c in periods:
                obj[c] = obj[c].dt.to_timestamp()
    return obj


def text_times_as_dates(fc: pd.DataFrame, time: str) -> pd.DataFrame:
    """predict()'s times (and a backtest's cutoffs) written as the data's quarters or ISO weeks
    ('2020Q1', '2020-W05': Dataset.time_text) as their dates, drawn on a time axis beside the
    data's (read alike in plotting_panels._history), not as categories."""
    from .data.yearparts import parse_text, text_style

    cols = [c for c in (time, "cutoff") if c in fc.columns and text_style(fc[c])]
    return fc.assign(**{c: parse_text(fc[c].reset_index(drop=True)).to_numpy() for c in cols}) if cols else fc


def layout_of(fc: pd.DataFrame, time: str, id: str, forecaster) -> dict:
    """Which column is what: predict()'s [id,] [target,] time, forecast, lo-/hi-<level>; a
    backtest's [id,] [target,] cutoff, time, actual, <forecaster>..., <forecaster>-lo-/hi-<level>."""
    cols = [str(c) for c in fc.columns]
    backtest = "cutoff" in cols
    at = cols.index("cutoff") if backtest else cols.index("forecast")
    lead = cols[:at]
    out = {"backtest": backtest, "targets": "target" in lead}
    if backtest:
        out["time"], out["actual"] = cols[at + 1], cols[at + 2]
        names = [c for c in cols[at + 3:] if not re.search(r"-(lo|hi)-[0-9.]+$", c)]
        if forecaster is None:
            forecaster = names[0] if names else ""
        if forecaster not in names:
            raise ValidationError(f"forecaster={forecaster!r} is not a column of the backtest's forecasts (its "
                                  f"forecasters: {shown(names)})")
        out["value"], out["prefix"] = forecaster, f"{forecaster}-"  # its bands: <forecaster>-lo-80
    else:
        if forecaster is not None:
            raise ValidationError("forecaster= picks a column of a backtest's forecasts; predict() gives one "
                                  "'forecast' column")
        out["time"] = lead.pop() if lead and lead[-1] != "target" else ""
        out["value"], out["prefix"] = "forecast", ""
    out["time"] = _named(time, out["time"], cols, "time")
    ids = [c for c in lead if c not in ("target", out["time"])]
    out["id"] = _named(id, ids[0] if ids else "", cols, "id")
    return out


def _named(given: str, found: str, cols: list[str], role: str) -> str:
    if given and given not in cols:
        raise ValidationError(f"{role}={given!r} is not a column of forecasts (its columns: {shown(cols)})")
    return given or found


def levels_drawn(fc: pd.DataFrame, layout: dict, level) -> list[float]:
    """The levels drawn: those asked for (each one with both band columns), or every one there."""
    pattern = re.escape(layout["prefix"]) + r"(lo|hi)-([0-9.]+)"
    there = sorted({float(m.group(2)) for c in map(str, fc.columns) if (m := re.fullmatch(pattern, c))})
    if level is None:
        return there
    asked = list(level) if isinstance(level, (list, tuple, np.ndarray)) else [level]
    try:
        asked = [float(v) for v in asked]
    except (TypeError, ValueError):
        raise ValidationError(f"level= must be numbers in percent, e.g. [80, 95] (got {level!r})") from None
    missing = [v for v in asked if v not in there]
    if missing:
        have = ", ".join(f"{v:g}" for v in there) or "none: predict(h, level=[80, 95]) gives them"
        raise ValidationError(f"level={level!r}: forecasts has no {missing[0]:g}% band columns (its levels: {have})")
    return sorted(set(asked))


def series_keys(fc: pd.DataFrame, layout: dict) -> list[tuple]:
    """(id, target) of each series, in the forecasts' order (None where there is no such column)."""
    cols = [c for c in (layout["id"], "target" if layout["targets"] else "") if c]
    if not cols:
        return [(None, None)]
    keys = fc[cols].drop_duplicates()  # (not a loop over every row: a backtest of many series has millions)
    return [(r[0] if layout["id"] else None, r[-1] if layout["targets"] else None)
            for r in keys.itertuples(index=False)]


def chosen_series(keys: list[tuple], ids, layout: dict) -> list[tuple]:
    """The series of `ids` (the forecasts' ids, or their text: '10' finds shop 10), in that order."""
    if not layout["id"]:
        raise ValidationError("ids= picks series by their id; these forecasts have no id column")
    asked = [ids] if isinstance(ids, (str, int, np.integer)) or np.ndim(ids) == 0 else list(ids)
    own = list(dict.fromkeys(k[0] for k in keys))
    out = []
    for i in asked:
        match = [k for k in own if k == i] or [k for k in own if str(k) == str(i)]
        if not match:
            raise ValidationError(f"ids=: {i!r} is not an id of the forecasts (column {layout['id']!r}: "
                                  f"{shown(own)})")
        out += [k for k in keys if k[0] == match[0] and k not in out]
    return out



def shown(items: list, k: int = 6) -> str:
    text = ", ".join(repr(i) if isinstance(i, str) else str(i) for i in items[:k])
    return text + (f", ... ({len(items)} in all)" if len(items) > k else "") if items else "none"
