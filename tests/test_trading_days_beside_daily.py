"""A panel of a series read as trading days beside a daily one is refused with the 'different
frequencies' error. The trading-day words once took the name of the object the refusal is raised
under, and the panel ended in a TypeError ("'str' object does not support the context manager
protocol")."""

import numpy as np
import pandas as pd
import pytest

from wavecast.data.fromframe import from_frame
from wavecast.errors import ValidationError


def test_trading_days_beside_daily_is_refused_in_one_line():
    days = pd.bdate_range("2020-01-01", periods=300).delete([10, 50, 120])  # three weekdays closed
    market = pd.DataFrame({"date": days, "y": np.arange(297.0), "sid": "a"})
    daily = pd.DataFrame({"date": pd.date_range("2020-01-01", periods=297), "y": np.arange(297.0), "sid": "b"})
    with pytest.raises(ValidationError, match="have different frequencies") as e:
        from_frame(pd.concat([market, daily]), "y", "date", "sid")
    assert "\n" not in str(e.value)
