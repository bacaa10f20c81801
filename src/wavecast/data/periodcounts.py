"""Calendar counts of data coarser than a day: the weekdays a month holds (--calendar on monthly
stamps) and the public holidays falling on the weekdays around a weekly stamp (--holidays), as
future-known columns. Their names carry the stamps' pandas frequency (and the holiday code),
so a saved model rebuilds them over the horizon from its stamps alone.

    weekdays_MS              the weekdays of the month a start-stamped monthly stamp opens
    weekdays_ME              the same of an end-stamped one (the month it closes)
    holidays_W-SUN_to_US     the holidays on the weekdays of the 7 days up to the stamp
    holidays_W-SUN_from_US   the same of the 7 days from the stamp on

A month's stamp covers its offset's period: a Begin offset's stamp (MS, BMS) opens [t, t + step),
an End offset's (ME, BME) closes (t - step, t]: the calendar month holding it either way (BMS and
BME move the edges over weekend days only, which count nothing). The code counts quarters and
the holidays of a month alike (the measured columns: names as holidays_QE-DEC_AU), but neither
paid, and neither is offered. A week's stamp does not say whether it opens or closes its week
(pandas' W-SUN is the week ending on Sunday, but data is dated by its Monday, by its Sunday, by
the Friday ending it): it gets both windows, and the net weighs them.
"""

from __future__ import annotations

import re

import numpy as np

from ..errors import ValidationError

_NAME = re.compile(r"^(weekdays|holidays)_([0-9A-Z-]+?)(?:_(from|to))?(?:_([A-Za-z0-9-]+))?$")
_FIX = "give the holidays each period holds as a --future column"


def period_spans(freq, key: str) -> tuple[str, ...]:
    """The spans of a holiday count ("W-SUN_from" and "W-SUN_to") of stamps of frequency `freq`
    (coarser than a day): both windows of a step of whole days (weeks). Months, quarters and
    half-months (a Begin or End offset's period) are refused in one line: their count was
    measured not to pay, beside the weekdays --calendar counts; so are a year and steps of no
    whole days (key: the --holidays code, for the message)."""
    off, alias = _offset(freq)
    kind = type(off).__name__
    if off is None or kind.startswith(("Year", "BYear")):
        what = ("a year holds each holiday once, so their count barely moves" if off is not None
                else f"stamps of frequency {freq} hold no calendar period to count them in")
        raise ValidationError(f"--holidays {key}: {what}; leave --holidays out, or {_FIX}")
    if kind.endswith("Begin") or kind.endswith("End"):  # counted, they did not pay (docs/covariates.md)
        words = "semi-monthly" if kind.startswith("SemiMonth") else \
            "quarterly" if "Quarter" in kind else "monthly"
        raise ValidationError(f"--holidays {key} on {words} data: the count of holidays a period holds scored worse "
                              "than --calendar alone, which counts its weekdays, over the monthly sets measured "
                              f"(docs/covariates.md); leave --holidays out and pass --calendar, or {_FIX}")
    if _window_days(off) is None:
        raise ValidationError(f"--holidays {key}: stamps of frequency {freq} hold no whole days; leave --holidays "
                              f"out, or {_FIX}")
    return (f"{alias}_from", f"{alias}_to")


def weekday_spans(freq) -> tuple[str, ...]:
    """The spans of a weekday count: a month's, start- or end-stamped (MS, ME, BMS, BME). None for
    quarters, where the count was measured to cost (docs/covariates.md), nor for half-months and
    several months (not measured), weeks and whole days (7 days hold 5 weekdays; under 7 the day
    of week is read) or years."""
    off, alias = _offset(freq)
    if off is None or type(off).__name__ not in _MONTHS or off.n != 1:
        return ()
    return (alias,)


_MONTHS = ("MonthBegin", "MonthEnd", "BusinessMonthBegin", "BusinessMonthEnd")


def is_count(name: str) -> bool:
    """A column of this module (weekdays_MS, holidays_W-SUN_to_US), not a sin/cos part or a daily holiday's."""
    return name.startswith(("weekdays_", "holidays_"))


def count_features(times, names) -> tuple[list[np.ndarray], list[str]]:
    """The count columns among `names` for these stamps (the day of each in its own zone), in
    `names` order: weekdays (Monday to Friday) in the stamp's period, or its code's public
    holidays on those weekdays (a holiday on a Saturday moves no working day; the tables hold
    the observed Monday where a country moves one). Float64 counts, scaled as every covariate
    is (the training rows' mean and spread)."""
    import pandas as pd

    from .holidaytables import holiday_code, holiday_table

    cols, out = [], []
    local = times.tz_localize(None) if getattr(times, "tz", None) is not None else times
    for name in names or ():
        if not is_count(name):
            continue
        what, alias, side, code = _parse(name)
        lo, hi = _bounds(local, alias, side)  # [lo, hi) in days
        if what == "weekdays":
            cols.append(np.busday_count(lo, hi).astype(np.float64))
        else:
            country, sub = holiday_code(code)
            years = range(int(lo.min().astype(object).year) - 1, int(hi.max().astype(object).year) + 2) \
                if len(lo) else range(0)
            days = np.array(sorted({pd.Timestamp(d).to_datetime64() for d in holiday_table(country, sub, years)}),
                            dtype="datetime64[D]")
            days = days[np.is_busday(days)]
            cols.append((np.searchsorted(days, hi) - np.searchsorted(days, lo)).astype(np.float64))
        out.append(name)
    return cols, out


def _parse(name: str) -> tuple[str, str, str | None, str | None]:
    m = _NAME.match(name)
    if m is None or (m.group(1) == "holidays") != bool(m.group(4)) or _offset(m.group(2))[0] is None:
        raise ValidationError(f"calendar column {name!r} is no period count (weekdays_MS, holidays_ME_US); "
                              "train the model again")
    return m.group(1), m.group(2), m.group(3), m.group(4)


def _bounds(t, alias: str, side: str | None) -> tuple[np.ndarray, np.ndarray]:
    """The first day and the day after the last of each stamp's period, datetime64[D]."""
    import warnings

    import pandas as pd

    off = pd.tseries.frequencies.to_offset(alias)
    day, one = t.normalize(), pd.Timedelta(days=1)
    if side is not None:  # a window of whole days from or up to the stamp (weeks)
        n = pd.Timedelta(days=_window_days(off))
        lo, hi = (day, day + n) if side == "from" else (day - n + one, day + one)
    else:
        with warnings.catch_warnings():  # an anchored offset added to an index is not vectorised: said, not wrong
            warnings.simplefilter("ignore", pd.errors.PerformanceWarning)
            if type(off).__name__.endswith("Begin"):
                lo, hi = day, (t + off).normalize()
            else:
                lo, hi = (t - off).normalize() + one, day + one
    return lo.to_numpy().astype("datetime64[D]"), hi.to_numpy().astype("datetime64[D]")


def _window_days(off) -> int | None:
    """The whole days of a step of weeks or days (W-SUN: 7, 2W-MON: 14, 3D: 3); None for others."""
    import pandas as pd

    if type(off).__name__ == "Week":
        return 7 * off.n
    try:
        step = pd.Timedelta(off.nanos)
    except (ValueError, TypeError, AttributeError):
        return None
    days = step / pd.Timedelta(days=1)
    return int(days) if days.is_integer() and days > 1 else None


def _offset(freq):
    """(offset, its alias) of a frequency, or (None, "") where it is none (an integer step)."""
    import pandas as pd

    if freq is None or isinstance(freq, (int, np.integer)):
        return None, ""
    try:
        off = pd.tseries.frequencies.to_offset(freq)
    except (ValueError, TypeError):
        return None, ""
    return off, off.freqstr
