"""The `holidays` package's tables behind --holidays: a code checked (a country, a subdivision or
a stock exchange) and the days its table holds. Their own module so that the day columns
(publicholidays), the period counts (periodcounts) and the trading days all read them from
below rather than from each other.
"""

from __future__ import annotations

from ..errors import ValidationError


def holiday_code(code) -> tuple[str, str | None]:
    """("AU", "VIC") for "AU-VIC", ("US", None) for "us": checked against the `holidays`
    package's tables; an unknown country or subdivision is one line naming the valid form."""
    import holidays

    form = ("an ISO 3166 country code, such as US or GB, optionally with a subdivision as AU-VIC, or a stock "
            "exchange's, such as NYSE or XLON")
    if not isinstance(code, str) or not code.strip():
        raise ValidationError(f"--holidays {code!r}: give {form}")
    country, _, sub = code.strip().partition("-")
    supported = holidays.list_supported_countries()
    if not sub and country.upper() not in supported and country.upper() in holidays.list_supported_financial():
        return country.upper(), None  # a market's closed days (NYSE): trading-day data's own calendar
    if country.upper() not in supported:
        raise ValidationError(f"--holidays {code}: no holiday table for country {country!r}; give {form}")
    country = country.upper()
    if not sub:
        return country, None
    subs = {s.upper(): s for s in supported[country]}
    if sub.upper() not in subs:
        shown = ", ".join(supported[country][:12]) + (", ..." if len(supported[country]) > 12 else "")
        raise ValidationError(f"--holidays {code}: {country} has no subdivision {sub!r}; give "
                              + (f"one of {shown} as {country}-{supported[country][0]}, or {country} alone"
                                 if supported[country] else f"{country} alone (it has no subdivisions)"))
    return country, subs[sub.upper()]


def holiday_table(country: str, sub: str | None, years):
    """The `holidays` package's table of a country (its subdivision) or of a market (NYSE)."""
    import holidays

    if country not in holidays.list_supported_countries():
        return holidays.financial_holidays(country, years=years)
    return holidays.country_holidays(country, subdiv=sub, years=years)


def holiday_days(code: str, years):
    """The days of `code`'s holidays (a country's, a subdivision's or a market's) in `years`, sorted."""
    import pandas as pd

    country, sub = holiday_code(code)
    return pd.DatetimeIndex(sorted(pd.Timestamp(d) for d in holiday_table(country, sub, years)))
