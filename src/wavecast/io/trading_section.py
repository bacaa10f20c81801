"""model.json's keys of a series read as trading days, written and read back: the TradingDays
axis (its closed days, holiday calendar and last stamp, data.trading_days) and the tail stamps
its frequency cannot rebuild (a series open on another market's closed day). Kept apart from
the data section as the only part that knows the TradingDays axis."""

from __future__ import annotations

from .modelcheck import _short
from .time_dtypes import end_in


def trading_meta(freq) -> dict:
    """model.json's data.trading_days of a series read as trading days: its closed days (ISO
    dates), the holiday calendar's code and the last stamp read; {} for any other frequency."""
    if not hasattr(freq, "closed"):  # no import: a synthetic run never loads pandas
        return {}
    return {"trading_days": {"closed": [str(d.date()) for d in freq.closed], "calendar": freq.calendar,
                             "end": None if freq.end is None else freq.end.isoformat()}}


def open_days(t, freq, n: int) -> dict:
    """A series' kept tail stamps (its last n), ISO, where its frequency would not rebuild them: on
    trading days, a panel's axis closes any series' closed day (trading_days.axis_of), so a series
    open on another's (two markets) would have its tail dated a weekday early before that day (the
    forecast's figure drew its history there). {} elsewhere: the rebuilt stamps are the read ones."""
    if not hasattr(freq, "closed") or t is None or not n:
        return {}
    import pandas as pd

    def day(i):  # the date, wherever the stamps are: the closed days are dates
        return (i.tz_localize(None) if i.tz is not None else i).normalize()

    tail = t[-n:]
    if not day(tail).isin(day(freq.closed)).any():
        return {}
    return {"times": [pd.Timestamp(x).isoformat() for x in tail]}


def read_tail_times(value, n: int, end, dates):
    """model.json's series times (open_days) read back: n ISO stamps, increasing, the last its
    last_time, in the dates' zone and unit; a ValueError when damaged."""
    import pandas as pd

    if not isinstance(value, list) or len(value) != n or not all(isinstance(x, str) and len(x) <= 40 for x in value):
        raise ValueError(f"times is {_short(value)}, not the {n} stamps of a series' kept values")
    t = pd.DatetimeIndex([pd.Timestamp(x) if dates is None else end_in(x, dates) for x in value])
    if not t.is_monotonic_increasing or not t.is_unique or t[-1] != end:
        raise ValueError(f"times is {_short(value)}, not increasing stamps ending at the series' last_time")
    return t


def read_trading_days(value, freq):
    """model.json's data.trading_days read back as the TradingDays axis (dates parsed as dates and the
    calendar checked against the holidays tables, never evaluated); a ValueError when damaged."""
    import pandas as pd

    from ..data.holidaytables import holiday_code
    from ..data.trading_days import TradingDays
    from ..errors import ValidationError

    if freq != "B" or not isinstance(value, dict) or not isinstance(value.get("closed"), list):
        raise ValueError(f"trading_days is {_short(value)}, not the closed days of a business-daily axis")
    calendar = value.get("calendar") or ""
    try:
        if calendar:
            holiday_code(calendar)
    except ValidationError:
        raise ValueError(f"trading_days calendar {_short(calendar)} is no holiday table") from None
    if not all(isinstance(d, str) and len(d) <= 40 for d in value["closed"]):
        raise ValueError("trading_days closed holds no dates")
    end = value.get("end")
    return TradingDays(pd.to_datetime(value["closed"], format="ISO8601"), calendar,
                       None if end is None else pd.Timestamp(str(end)))
