"""Calendar features: future-known sin/cos columns of the time axis (hour of day, day of week,
day of year, month), the parts a model is fitted with, and the step between stamps they are read
at. A country's public holidays are publicholidays.py's columns, computed here beside them.
"""

from __future__ import annotations

import numpy as np

from ..errors import ValidationError
from .periodcounts import count_features, weekday_spans
from .publicholidays import _holiday_features
from .stampstep import _median_step

# each calendar part: its name, the step (days) under which it varies, its cycle in days (a year
# counted 364, 52 weeks: two years of weekly or quarterly stamps cover 728 days)
_PARTS = (("hour", 1, 1), ("dayofweek", 7, 7), ("dayofyear", 28, 364), ("month", 365, 364))
_CYCLES = 2  # a part is read where the data covers this many of its cycles


def calendar_features(times, freq, names=None) -> tuple[np.ndarray, list[str]]:
    """sin/cos features of the time stamps that vary at this frequency: hour of day (sub-daily),
    day of week (under a week), day of year (under a month), month of year (under a year).
    times: a DatetimeIndex; names: the columns to keep (a model's, `calendar_columns`), None:
    every one that varies. -> ((N, k) float64, names)."""
    t = _datetimes(times)
    hol, hol_names = _holiday_features(t, names)
    counts, count_names = count_features(t, names)  # coarse data's weekdays and holidays a period holds
    hol, hol_names = [*hol, *counts], [*hol_names, *count_names]
    if names is not None and not any(n in names for n in _calendar_names()):  # holidays alone
        return (np.stack(hol, axis=1) if hol else np.zeros((len(t), 0))), hol_names
    step = _step(t, freq)
    values = {"hour": (t.hour + t.minute / 60.0, 24.0), "dayofweek": (t.day_of_week, 7.0),
              "dayofyear": (t.day_of_year - 1, 365.25), "month": (t.month - 1, 12.0)}
    cols, out = [], []
    for name in _varying(step):
        v, period = values[name]
        angle = 2 * np.pi * np.asarray(v, dtype=np.float64) / period
        for fn, which in ((np.sin, "sin"), (np.cos, "cos")):
            if names is None or f"{name}_{which}" in names:
                cols.append(fn(angle))
                out.append(f"{name}_{which}")
    return np.stack([*cols, *hol], axis=1), [*out, *hol_names]


def _calendar_names() -> list[str]:
    return [f"{name}_{w}" for name, _, _ in _PARTS for w in ("sin", "cos")]


def calendar_columns(times_of: list, needed: bool = True, freq=None) -> tuple[tuple[str, ...], str]:
    """The calendar columns a model is fitted with: the parts whose cycle the longest series
    (times_of: each series' stamps) covers twice, and a note naming the parts left out ("" if
    none). A yearly cycle seen once cannot be told from a trend: on one year of daily electricity
    demand the day of year and month took wavecast.fit's MASE from 0.79 (day of week alone, mean
    of seeds 0-2) to 0.93 (docs/covariates.md). needed=False (the calendar beside --holidays):
    data too short for any part gets none, said in the note, rather than a refusal. Monthly
    stamps (freq, inferred from the stamps where None) add the weekdays of each stamp's month
    (weekdays_MS, data.periodcounts): a count that moves year to year, no cycle; it took the
    calendar's mean MASE over five fpp2 monthly sets from 1.064 to 1.029 (docs/covariates.md)."""
    import pandas as pd

    ts = [_datetimes(t) for t in times_of if t is not None]
    if not ts:
        raise ValidationError("--calendar needs a date/time column (--time); none was given")
    step = _median_step(max(ts, key=len))
    days = max((t[-1] - t[0] + step) / np.timedelta64(1, "D") for t in ts if len(t))
    cycle = {name: c for name, _, c in _PARTS}
    kept = [name for name in _varying(step) if days >= _CYCLES * cycle[name]]
    left = [_WORDS[name] for name in _varying(step) if name not in kept]
    counts = ()
    if step > pd.Timedelta(days=1):  # a stamp's period holds several days: count its weekdays
        if freq is None:
            from .freqinfer import infer_freq

            freq = infer_freq(max(ts, key=len))[0]
        counts = tuple(f"weekdays_{span}" for span in weekday_spans(freq))
    if not kept and counts:
        return counts, (f"calendar: {' and '.join(left)} left out: the data covers {days:.0f} days, and a cycle "
                        "seen less than twice cannot be told from a trend")
    if not kept and not needed:
        return (), (f"calendar: the data covers {days:.0f} days, too few to see a calendar cycle twice; "
                    "none is read beside the holidays")
    if not kept:
        raise ValidationError(f"--calendar: the data covers {days:.0f} days, too few to see a calendar cycle "
                              "twice; leave --calendar out")
    note = (f"calendar: {' and '.join(left)} left out: the data covers {days:.0f} days, and a cycle seen less than "
            f"twice cannot be told from a trend" if left else "")
    return (*(f"{name}_{w}" for name in kept for w in ("sin", "cos")), *counts), note


_WORDS = {"hour": "hour of day", "dayofweek": "day of week", "dayofyear": "day of year", "month": "month"}


def _varying(step) -> list[str]:
    """The calendar parts that vary between stamps `step` apart."""
    import pandas as pd

    parts = [name for name, under, _ in _PARTS if step < pd.Timedelta(days=under)]
    if not parts:
        raise ValidationError("--calendar: a yearly time axis has no calendar features (nothing repeats "
                              "within a year); leave --calendar out")
    return parts


def _datetimes(times):
    import pandas as pd

    if not isinstance(times, pd.DatetimeIndex):
        raise ValidationError("--calendar needs a date/time column (--time); this time axis is integer steps")
    return times


def _step(times, freq):
    import pandas as pd

    if freq is not None and not isinstance(freq, (int, np.integer)):
        try:
            off = pd.tseries.frequencies.to_offset(freq)
            base = pd.Timestamp("2001-01-01")
            return (base + off) - base
        except (ValueError, TypeError):
            pass
    if len(times) > 1:
        return pd.Timedelta(np.median(np.diff(times.asi8)))
    return pd.Timedelta(days=1)
