"""Data of another frequency than a fitted model learnt, refused before it forecasts
(forecast_checks.py's other checks beside it): yearly given to a monthly model, weeks dated on
another weekday, half-months on other days; the forecast would continue the dates given."""

from __future__ import annotations

from .data import reader as datamod
from .errors import ValidationError


def check_freq(forecaster, ds: datamod.Dataset) -> None:
    """Data of another frequency than the model learnt (yearly given to a monthly model) is
    refused: its forecasts would be numbers of the wrong season and scale of change."""
    from .data.frequency import describe_freq, same_period

    trained = forecaster.dataset.freq
    if ds is forecaster.dataset:
        return
    if same_period(trained, ds.freq):
        _check_weekday(trained, ds.freq, getattr(forecaster.dataset, "time_text", ""), getattr(ds, "time_text", ""))
        _check_halves(trained, ds.freq)
        return
    raise ValidationError(f"the model was trained on {describe_freq(trained)} data; the data given is "
                          f"{describe_freq(ds.freq)}: a model forecasts the frequency it learnt "
                          "(train one on this data, or resample it)")


_DAYS = ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays")


def _check_weekday(trained, given, trained_text: str = "", given_text: str = "") -> None:
    """Weeks dated on another weekday than the model's (W-SUN data, a W-MON model) are refused:
    the forecast continues the dates given, so it would be dated off the model's weeks, and a
    day's shift (a week's start for its end, a zone's conversion) joins it to the wrong rows of
    the user's other tables without a word. The user knows which week a date labels; we do not.
    *_text: how the model's data and the data given wrote their weeks (Dataset.time_text): ISO
    weeks ('2020-W05') are read as their Mondays, which a user who wrote no date is told."""
    import pandas as pd

    from .data.yearparts import as_text

    try:
        a, b = (pd.tseries.frequencies.to_offset(f) for f in (trained, given))
    except (ValueError, TypeError):
        return
    if not (isinstance(a, pd.offsets.Week) and isinstance(b, pd.offsets.Week)):
        return
    if a.weekday is None or b.weekday is None or a.weekday == b.weekday:
        return
    want, got = _DAYS[a.weekday], _DAYS[b.weekday]

    def iso(style: str) -> str:  # '2020-W05', as the weeks were written (a week date, '2020-W05-7', is a day)
        return repr(as_text(pd.DatetimeIndex(["2020-01-27"]), style)[0]) if "{w}" in style and "{d}" not in style else ""

    def day(style: str) -> str:  # '2020-W05-7', the model's weekday of that week as its data wrote it (a week date)
        monday = pd.Timestamp("2020-01-27")
        return (repr(as_text(pd.DatetimeIndex([monday + pd.Timedelta(days=a.weekday)]), style)[0])
                if "{w}" in style and "{d}" in style else "")

    model = (f"ISO weeks ({iso(trained_text)}), read as their Mondays ({trained})" if iso(trained_text) else
             f"weeks dated on {want} ({trained})" + (f", written as ISO week dates ({day(trained_text)})"
                                                     if day(trained_text) else ""))
    data = (f"written as ISO weeks ({iso(given_text)}), read as their Mondays ({given})" if iso(given_text) else
            f"dated on {got} ({given})")
    # a model of ISO week dates ('2013-W01-7') was told to "date each week on its Sunday", a format its data never used
    fix = (f"write each week as an ISO week ({iso(trained_text)}) or date it on its Monday" if iso(trained_text)
           else f"write each week as its {want[:-1]}'s ISO week date ({day(trained_text)})" if day(trained_text)
           else f"date each week on its {want[:-1]}")
    raise ValidationError(f"the model was trained on {model}; the data given is {data}, so its forecast would be "
                          f"dated off the model's weeks: {fix}, as the model's data was, or train a model on these "
                          f"{'weeks' if iso(given_text) else 'dates'}")


def _check_halves(trained, given) -> None:
    """Half-months dated on other days than the model's (SME data, the 15th and the month's last
    day, given to an SMS model, the 1st and the 15th) are refused, as weeks on another weekday are
    (_check_weekday): the forecast would continue the dates given, off the model's half-months."""
    import pandas as pd

    try:
        a, b = (pd.tseries.frequencies.to_offset(f) for f in (trained, given))
    except (ValueError, TypeError):
        return
    kinds = (pd.offsets.SemiMonthBegin, pd.offsets.SemiMonthEnd)
    if not (isinstance(a, kinds) and isinstance(b, kinds)) or (type(a), a.day_of_month) == (type(b), b.day_of_month):
        return

    def days(o) -> str:  # the two days of each month it dates (day_of_month: 2 to 27 in pandas)
        n = o.day_of_month
        d = f"{n}{'th' if 4 <= n <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"
        return f"the 1st and the {d}" if isinstance(o, pd.offsets.SemiMonthBegin) else f"the {d} and the month's last day"

    raise ValidationError(f"the model was trained on semi-monthly data dated on {days(a)} ({trained}); the data given "
                          f"is dated on {days(b)} ({given}), so its forecast would be dated off the model's half-months: "
                          f"date each half-month on {days(a)}, as the model's data was, or train a model on these dates")
