"""wavecast.plot(data, forecasts): a look at forecasts in a notebook without writing matplotlib,
as StatsForecast's plot(df, forecasts_df, unique_ids=, level=) gives one.

    f = wavecast.fit(df, target="y", time="t", id="shop")
    wavecast.plot(df, f.predict(12, level=[80, 95]))          # a Figure: a panel a shop
    wavecast.plot(df, wavecast.backtest(df, ...).forecasts)    # each cutoff's forecast, the actuals
    wavecast.plot(df, f.predict(12), baselines=True, model=f)  # and the baselines beside it

Reads the frames into arrays and hands them to report.forecast_plot, which draws; nothing is
shown or written. The forecasts' columns are read by plotting_layout, the data by plotting_data,
each series' panel made by plotting_panels, the baselines by plotting_baselines.
"""

from __future__ import annotations

import numpy as np

from .api_words import speak_python, warn_notes
from .data.frames import to_pandas_frame
from .errors import ValidationError
from .plotting_baselines import chosen_baselines, short_notes
from .plotting_data import checked_file_options, data_frame, model_target, target_column
from .plotting_layout import (
    chosen_series,
    forecast_table,
    layout_of,
    levels_drawn,
    periods_as_times,
    series_keys,
    text_times_as_dates,
)
from .plotting_panels import panel

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
    model: the fitted model (wavecast.fit's or wavecast.load's), for the baselines and, with them
    or without, to name the column it forecast where the data holds drivers beside it.
    Off by default: four more lines a forecast (and a backtest's each cutoff) hide the net's own
    line and bands in a small panel; on, plot(df, f.predict(12)) would fail for want of model=;
    and the scores table (f.scores, bt.scores) ranks every baseline anyway. [] draws none.
    """
    # a Backtest itself: its scores name the baselines' MASE (its .forecasts table does not)
    scored = forecasts.metrics if isinstance(getattr(forecasts, "metrics", None), dict) else None
    read = checked_file_options(file_options, data)  # (a wrong one before any work)
    data = to_pandas_frame(data, "data=")  # a polars or Arrow table as pandas, as fit takes it
    fc = periods_as_times(forecast_table(forecasts, data))
    data = periods_as_times(data)
    layout = layout_of(fc, time, id, forecaster)
    fc = text_times_as_dates(fc, layout["time"])
    layout["baselines"] = chosen_baselines(baselines, model, fc, layout, scored, data)
    levels = levels_drawn(fc, layout, level)
    if history is not None and (isinstance(history, bool) or not isinstance(history, (int, np.integer))
                                or history < 0):
        raise ValidationError(f"history= must be an integer >= 0 (got {history!r})")
    if isinstance(max_series, bool) or not isinstance(max_series, (int, np.integer)) or max_series < 1:
        raise ValidationError(f"max_series= must be an integer >= 1 (got {max_series!r})")
    keys = series_keys(fc, layout)
    chosen = chosen_series(keys, ids, layout) if ids is not None else keys[:max_series]
    frame = data_frame(data, layout, target, read)
    layout["date_order"] = read.get("date_order", "auto")  # the data's text times read as fit read them
    value = target_column(frame, fc, layout, target or model_target(model, frame))
    panels = [panel(fc, frame, layout, key, value, levels, history) for key in chosen]
    axes = _axes(ax, len(panels))
    from .report.forecast_plot import forecast_panels

    cut = "" if ids is not None or len(keys) <= max_series else \
        f"the first {len(chosen)} of {len(keys)} series (ids= or max_series= for others)"
    warn_notes(short_notes(layout["baselines"]))  # a series too short for a baseline: its line left out
    return forecast_panels(panels, axes=axes, xlabel=layout["time"], title=cut,
                           ylabel="" if layout["targets"] else value)


def _axes(ax, n: int) -> list | None:
    if ax is None:
        return None
    axes = list(np.ravel(np.asarray(ax, dtype=object)))
    if len(axes) < n:
        raise ValidationError(f"ax= holds {len(axes)} axes for {n} series: give one a series, or fewer series "
                              "(ids=, max_series=)")
    return axes
