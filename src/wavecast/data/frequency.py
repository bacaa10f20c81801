"""Whether two frequency aliases name the same period, e.g. a model's and the data given to it.

Anchors are a phase, not a period: weekly on Sundays ("W-SUN") and on Mondays ("W-MON"), or
quarters from January ("QS-JAN") and from October ("QS-OCT"), are one frequency; "7D" is weekly
and "3MS" quarterly.
"""

from __future__ import annotations

import pandas as pd

_YEAR_DAYS = 365.2425  # the Gregorian year's mean length: 12 months, 4 quarters, 24 half-months
_CALENDAR_DAYS = {"Y": _YEAR_DAYS, "A": _YEAR_DAYS, "Q": _YEAR_DAYS / 4, "M": _YEAR_DAYS / 12,
                  "SM": _YEAR_DAYS / 24, "W": 7.0}
_BUSINESS_DAYS = 7 / 5  # a business day: five steps a week, not seven
_WORDS = {"Y": "yearly", "A": "yearly", "Q": "quarterly", "M": "monthly", "SM": "semi-monthly",
          "W": "weekly", "B": "business-daily", "C": "business-daily", "D": "daily", "h": "hourly",
          "H": "hourly", "min": "minutely", "T": "minutely", "s": "secondly", "S": "secondly"}


def _core(freq: str) -> tuple[str, int] | None:
    """("M", 3) for "3MS": the calendar period without its anchor, business prefix or end/start
    suffix, and the multiple; None for an alias pandas does not know."""
    try:
        off = pd.tseries.frequencies.to_offset(freq)
    except (ValueError, TypeError):
        return None
    base = off.rule_code.split("-")[0]  # "QS-OCT" -> "QS"
    if base not in ("B", "C"):
        base = base.lstrip("CB") or base  # "BME", "CBMS": business variants of the month
        if len(base) > 1 and base[-1] in "ES" and base[:-1] in _CALENDAR_DAYS:
            base = base[:-1]  # "ME" / "MS": the month's end or start
    return base, int(off.n)


def nominal_days(freq: str) -> float | None:
    """The mean length of one step of `freq` in days (a month 30.44, "15min" 0.0104); None
    for an alias pandas does not know."""
    core = _core(freq)
    if core is None:
        return None
    base, n = core
    if base in _CALENDAR_DAYS:
        return _CALENDAR_DAYS[base] * n
    if base in ("B", "C"):
        return _BUSINESS_DAYS * n
    try:
        return pd.Timedelta(pd.tseries.frequencies.to_offset(freq)) / pd.Timedelta(days=1)
    except (ValueError, TypeError):
        return None


def describe_freq(freq: str) -> str:
    """'monthly (MS)', '15min-step', or the alias itself when it has no word."""
    core = _core(freq)
    word = _WORDS.get(core[0]) if core else None
    if word is None:
        return str(freq)
    return f"{word} ({freq})" if core[1] == 1 else f"{freq}-step"


def same_period(a, b) -> bool:
    """True unless both are date frequencies (pandas aliases) whose steps differ in length;
    integer steps, None or an alias pandas does not know compare as the same (nothing to judge)."""
    if not isinstance(a, str) or not isinstance(b, str) or a == b:
        return True
    da, db = nominal_days(a), nominal_days(b)
    if da is None or db is None:
        return True
    return abs(da - db) <= 1e-9 * max(da, db)
