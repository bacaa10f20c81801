"""Public holidays as calendar columns (--holidays US, holidays="AU-VIC"): the code checked against
the `holidays` package's tables, the columns a model is fitted with, and their values for given
time stamps (the day's holiday and its closeness to the nearest one).
"""

from __future__ import annotations

import numpy as np

from ..errors import ValidationError
from .holidaytables import holiday_code, holiday_table
from .stampstep import _median_step

# holiday columns, future-known like the calendar's: "<kind><code>" with code the country or
# subdivision ("US", "AU-VIC"), each step's day (a sub-daily step: its own day). Their names
# carry the code, so a saved model's calendar columns rebuild them over the horizon.
_HOLIDAY_KINDS = ("holiday_close_", "holiday_")  # the longer first: a name's kind is its prefix


def holiday_columns(code: str, times_of: list, freq=None) -> tuple[str, ...]:
    """The holiday columns a model is fitted with (data.holidays = code): the day's holiday
    indicator and its closeness to the nearest holiday (a second column that paid on births,
    elecdaily and elechourly; the day before or after a holiday as 0/1 did not: docs/covariates.md).
    Weekly steps (freq, the stamps' frequency, inferred from them where None) get the count of
    holidays on the weekdays of the 7 days from each stamp and of the 7 up to it instead
    (data.periodcounts: a week's stamp does not say which it closes); months and quarters
    (their count was measured not to pay), a year and an integer axis are refused in one line."""
    country, sub = holiday_code(code)
    key = f"{country}" + (f"-{sub}" if sub else "")
    ts = [t for t in times_of if t is not None]
    if not ts or not all(_is_dates(t) for t in ts):
        raise ValidationError(f"--holidays {key} needs the dates of the values (a date/time column, --time); "
                              "this time axis is integer steps")
    step = _median_step(max(ts, key=len))
    import pandas as pd

    if step > pd.Timedelta(days=1):
        from .freqinfer import infer_freq
        from .periodcounts import period_spans

        if freq is None:
            freq = infer_freq(max(ts, key=len))[0]
        return tuple(f"holidays_{span}_{key}" for span in period_spans(freq, key))
    return (f"holiday_{key}", f"holiday_close_{key}")


def utc_note(code: str, times_of: list) -> str | None:
    """A note when --holidays reads sub-daily stamps given in UTC: each step's holiday is its UTC
    date's, which begins at 00:00 UTC, not at midnight where the holidays are kept. fpp2's
    elecdemand written in UTC (2013-12-31T14:00Z, Victoria's 01:00 on New Year's Day) with
    --holidays AU-VIC marked New Year's Day from 11:00 to 10:00 the next morning, in silence."""
    import pandas as pd

    t = next((t for t in times_of if isinstance(t, pd.DatetimeIndex) and len(t) > 1), None)
    if t is None or t.tz is None or str(t.tz) not in ("UTC", "Etc/UTC", "Etc/GMT", "GMT", "UTC+00:00", "Z"):
        return None
    if pd.Series(t).diff().median() >= pd.Timedelta(days=1):
        return None  # daily or coarser: a date is a date
    return (f"--holidays {code} on times in UTC: each step's holiday is its UTC date's, from 00:00 UTC, not from "
            "midnight where the holidays are kept; give the times in local time (with their UTC offset, as "
            "2014-01-01T00:00+11:00, or Series.dt.tz_convert to the local zone) to mark them from local midnight")


def _holiday_features(times, names) -> tuple[list[np.ndarray], list[str]]:
    """The holiday columns among `names`, for these stamps (the day of each, in their own time
    zone): holiday_ 1 on a public holiday; holiday_close_ 1 - d/7 on a day d < 7 days from the
    nearest one, 0 on a holiday and from 7 days on (the days around Christmas, a long weekend)."""
    import pandas as pd

    cols, out = [], []
    for name in names or ():
        kind = next((k for k in _HOLIDAY_KINDS if name.startswith(k)), None)
        if kind is None:
            continue
        country, sub = holiday_code(name[len(kind):])
        local = times.tz_localize(None) if times.tz is not None else times  # the day where it is
        days = local.normalize().to_numpy().astype("datetime64[D]")
        years = range(int(local.year.min()) - 1, int(local.year.max()) + 2) if len(local) else range(0)
        table = holiday_table(country, sub, years)
        known = np.array(sorted(pd.Timestamp(d).to_datetime64() for d in table), dtype="datetime64[D]")
        on = np.isin(days, known)
        if kind == "holiday_close_" and len(known):
            pos = np.searchsorted(known, days)
            after = known[np.minimum(pos, len(known) - 1)]
            before = known[np.maximum(pos - 1, 0)]
            d = np.minimum(np.abs((after - days).astype(np.int64)), np.abs((days - before).astype(np.int64)))
            cols.append(np.where(on, 0.0, np.clip(1 - d / 7.0, 0.0, None)))
        else:
            cols.append(on.astype(np.float64))
        out.append(name)
    return cols, out


def _is_dates(t) -> bool:
    import pandas as pd

    return isinstance(t, pd.DatetimeIndex)
