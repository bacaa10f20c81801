"""Semi-monthly series (twice a month: payroll, crop and commodity reports, price surveys) read as
what they are: pandas' SemiMonthBegin ("SMS": the 1st and the 15th) or SemiMonthEnd ("SME": the
15th and the month's last day), or the same offsets on another day (SMS-16: the 1st and the 16th).
pandas.infer_freq names neither, and their steps of 13 to 17 days were refused as irregular; on
their offset, pd.date_range makes their stamps wherever a frequency makes stamps (the forecast's
dates, a saved model's rebuilt ones, --fill-missing-dates' grid).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# pandas' own day of SMS and SME (its default day_of_month), written without it: "SMS", not "SMS-15"
_DEFAULT_DAY = 15
# the second day d of SMS-d (the 1st and d) and SME-d (d and the month's last) read as semi-monthly:
# halves of the month within about four days of each other. pandas allows 2-27, but a daily series'
# few dates on the 1st and 2nd (a gap of a month between them) are no half-months: they were read as
# SMS-2 and --fill-missing-dates' "more invented than read" was never said
_DAYS = range(13, 18)


def semimonthly_freq(times: pd.DatetimeIndex) -> tuple[str, int] | None:
    """(alias, gaps) for midnight stamps on two fixed days of each month: the 1st and a day d of
    13-17 ("SMS", or "SMS-d" for d other than 15) or a day d and the month's last ("SME", "SME-d"),
    both days present; None otherwise (and for fewer than three stamps, which cannot tell it from
    a step of days). Stamps whose steps are mostly not one half-month (monthly data on the 1st with
    one stray 15th: every step two half-months) are None too: they stay irregular, as before, not a
    semi-monthly series with a gap every other step, which --fill-missing-dates would half invent."""
    if len(times) < 3 or not (times.normalize() == times).all():
        return None
    day = np.asarray(times.day)
    last = np.asarray(times.is_month_end)
    if (day == 1).any() and not (day == 1).all():  # the 1st and one other day: SemiMonthBegin
        others = np.unique(day[day != 1])
        alias = "SMS"
    elif last.any() and not last.all():  # one day and the month's last: SemiMonthEnd
        others = np.unique(day[~last])
        alias = "SME"
    else:
        return None
    if len(others) != 1 or int(others[0]) not in _DAYS:
        return None
    d = int(others[0])
    alias = alias if d == _DEFAULT_DAY else f"{alias}-{d}"
    grid = pd.date_range(times[0], times[-1], freq=alias)
    at = grid.get_indexer(times)
    steps = np.diff(at)
    if (at < 0).any() or np.mean(steps == 1) < 0.5:
        return None
    return alias, int(np.sum(steps > 1))
