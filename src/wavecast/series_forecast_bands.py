"""The prediction intervals of a SeriesForecaster's forecasts (series_forecaster.py): the conformal
bands calibrated at training time, scaled by each series' own scale (a series never seen, or data
given under a known id that is another series: the values given for it), the fallback's own bands
for the series it forecasts, and a constant series' band of no width.
"""

from __future__ import annotations

import numpy as np

from .data import reader as datamod
from .errors import ValidationError
from .forecast_checks import fallback_bands, put_bands
from .series_forecast_arrays import forecast_array


def forecast_intervals(forecaster, ds: datamod.Dataset, horizon: int, level) -> tuple[np.ndarray, dict]:
    """(S, H) forecasts and {level: (lo (S, H), hi (S, H))}: the conformal bands calibrated at
    training time, scaled by each series' own scale (a series never seen: the naive MAE of
    the values given for it, said in notes)."""
    from .forecasters.interval_levels import user_levels

    levels = user_levels(level)
    conf = forecaster.intervals
    if conf is None:
        raise ValidationError("this model has no calibrated intervals (saved without them, or eval.levels "
                              "was empty); retrain it to get level=...")
    if horizon > conf.lo_.shape[1]:
        k = conf.lo_.shape[1]
        raise ValidationError(f"level=: the intervals were calibrated up to {k} steps (the model's horizon) "
                              f"and horizon {horizon} is longer: forecast at most {k} steps with level=, leave "
                              f"level= out for a forecast of {horizon} steps without bands, or refit with "
                              f"horizon={horizon}")
    pred = forecast_array(forecaster, ds, horizon)  # (S, H)
    bands = {lv: (np.empty_like(pred), np.empty_like(pred)) for lv in levels}
    short = set(forecaster.fallback_rows_)
    other = other_series(forecaster, ds)
    unseen = put_bands(conf, [i for i in range(len(pred)) if i not in short], ds, pred, bands, other)
    if unseen:
        forecaster.notes.append(f"intervals of {len(unseen)} series the model never saw scaled by the "
                                "seasonal-naive error of the values given for each")
    fallback_bands(forecaster, ds, pred, sorted(short), bands, other)
    flat_bands(forecaster, ds, pred, bands)
    return pred, bands


def other_series(forecaster, ds: datamod.Dataset) -> list[str]:
    """The ids of ds the forecast just made read as series never seen though the model knows
    the id (their values given do not hold its last values: another series, or the same in
    other units), so their bands are sized by the values given, as their forecasts were: the
    direct net's rows place_rows moved, or for the recursive net those not_continued finds."""
    if forecaster.direct is not None:
        return [ds.ids[b] for b in getattr(forecaster.direct, "refitted_", [])]
    from .forecasters.series_tails import not_continued

    if forecaster.config.data.scaling != "per_series" or ds is forecaster.dataset:
        return []
    return not_continued(forecaster.dataset, ds)


def flat_bands(forecaster, ds: datamod.Dataset, pred: np.ndarray, bands: dict) -> None:
    """A series whose history never varied is forecast as that constant, exactly; its band was the
    pooled errors at a scale its history cannot give (no change to measure: its |mean|, or 1 for
    zeros), so a series at 5 for 150 days had a 99% band of 0..32, a series of zeros one of 0..5.
    Its band is its forecast, said in a note (as the naive model's is: no error was ever seen)."""
    flat = [i for i, v in enumerate(ds.values) if len(v) and np.isfinite(v).all() and np.ptp(v) == 0
            and np.all(pred[i] == np.asarray(v).reshape(-1)[-1])]
    if not flat:
        return
    for lo, hi in bands.values():
        lo[flat], hi[flat] = pred[flat], pred[flat]
    from .forecast_checks import _named

    who = _named(ds, flat)
    forecaster.notes.append(f"intervals of {len(flat)} constant series{' (' + who + ')' if who else ''}: the "
                            "constant itself, of no width (its history never varied, so no error of it was "
                            "ever seen); widen them by what you know of the series")
