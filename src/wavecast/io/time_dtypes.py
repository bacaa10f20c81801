"""The dtype of a series' dates (unit and time zone), kept in model.json (data.time_dtype) and
checked when read back, with each series' last stamp put in that dtype: a loaded model rebuilds
its dates in the zone they were read in, not in the fixed offset of an ISO text. Both the dates
and the tail stamps of trading days (trading_section) are read through it."""

from __future__ import annotations

import re
import sys

from .modelcheck import _short

# a zone by its name (Europe/Paris, Etc/GMT+5) or a fixed offset (UTC+01:00: a CSV's "+01:00")
_TIME_DTYPE = re.compile(r"datetime64\[(s|ms|us|ns)(, [A-Za-z][\w+\-/:]{0,40})?\]", re.ASCII)


def time_dtype(times: list) -> dict[str, str]:
    """model.json's data.time_dtype: the dtype of the series' dates, unit and zone
    ("datetime64[ms, Europe/Paris]"), where every series has one. last_time alone is an ISO text
    with an offset: a loaded model rebuilt its dates in that fixed offset (UTC+01:00), its
    forecasts an hour off the zone's clock after a change of the clocks and its future= rows in
    the zone refused ("expected 2024-04-01, got 2024-04-01"). A wavecast before it ignores the key."""
    pd = sys.modules.get("pandas")  # no pandas loaded, no DatetimeIndex: a synthetic run never imports it
    if pd is None:
        return {}
    dtypes = {t.dtype for t in times if isinstance(t, pd.DatetimeIndex)}
    if len(dtypes) != 1 or not all(isinstance(t, pd.DatetimeIndex) for t in times):
        return {}
    dtype = dtypes.pop()
    try:  # only a name load reads back as this dtype (a dateutil zone is named by its file: left out)
        if read_time_dtype(str(dtype)) != dtype:
            return {}
    except (TypeError, ValueError):
        return {}
    return {"time_dtype": str(dtype)}


def read_time_dtype(name):
    """data.time_dtype checked (a name of the pattern, a zone pandas knows) as a pandas dtype."""
    import pandas as pd

    if not isinstance(name, str) or not _TIME_DTYPE.fullmatch(name):
        raise ValueError(f"time_dtype {_short(name)} is not a dtype wavecast writes")
    return pd.api.types.pandas_dtype(name)  # an unknown time zone: TypeError


def end_in(last, dtype):
    """A series' last_time as a Timestamp of the dates' dtype (its zone and unit): the same instant."""
    import numpy as np
    import pandas as pd

    end = pd.Timestamp(last)
    tz = getattr(dtype, "tz", None)
    if (tz is None) != (end.tz is None):
        raise ValueError(f"last_time {_short(last)} and time_dtype {dtype} disagree on a time zone")
    if tz is not None:
        end = end.tz_convert(tz)
    return end.as_unit(getattr(dtype, "unit", None) or np.datetime_data(dtype)[0])
