"""A frame whose index of whole numbers carries its time axis (years, or R's row numbers read
with pd.read_csv(path, index_col=0)) names its time column from the data: the index's own name,
else 'time', else 't' where a column is named 'time'; never 'date' or 'timestamp', which said
dates of a column holding 1901, 1902, ... An index named "" is unnamed, as None is: its years were
dropped (the forecast's column 'step', 40, 41, ...)."""

import io
import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast


def _fit(df, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return wavecast.fit(df, target="value", horizon=3, epochs=1, hidden_size=4, seed=0, **kw)


def _frame(start: int, name=None, note: bool = False, n: int = 30) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"value": 10 + np.cumsum(rng.normal(0, 1, n))},
                      index=pd.Index(range(start, start + n), name=name))
    if note:  # a column named 'time' that holds no times (a remark a row)
        df.insert(0, "time", [f"obs {i}" for i in range(n)])
    return df


@pytest.mark.parametrize("name", [None, ""])
@pytest.mark.parametrize("start", [1861, 1])  # years, R's row numbers
def test_an_unnamed_whole_number_index_is_the_time_column(name, start):
    fc = _fit(_frame(start, name)).predict()
    assert list(fc.columns) == ["time", "forecast"], fc.columns
    assert fc["time"].tolist() == [start + 30, start + 31, start + 32]


@pytest.mark.parametrize("name", [None, ""])
def test_beside_a_column_named_time_it_is_t_not_date(name):
    fc = _fit(_frame(1861, name, note=True)).predict()
    assert list(fc.columns) == ["t", "forecast"], fc.columns
    assert fc["t"].tolist() == [1891, 1892, 1893]


def test_r_row_names_read_with_index_col_0():
    # R's write.csv(data.frame(time = ..., value = ...)): row names under an empty header
    n = 30
    text = '"","time","value"\n' + "".join(f'"{i}","obs {i}",{10 + np.sin(i):.4f}\n' for i in range(1, n + 1))
    df = pd.read_csv(io.StringIO(text), index_col=0)
    fc = _fit(df).predict()
    assert list(fc.columns) == ["t", "forecast"] and fc["t"].tolist() == [31, 32, 33], fc


def test_a_named_index_and_dates_keep_their_names():
    assert list(_fit(_frame(1861, "year", note=True)).predict().columns) == ["year", "forecast"]
    df = _frame(0, note=True)
    df.index = pd.date_range("2020-01", periods=len(df), freq="MS")  # dates: 'date' beside 'time', as before
    assert list(_fit(df).predict().columns) == ["date", "forecast"]


@pytest.mark.parametrize("name, note", [(None, False), (None, True), ("year", False)])
def test_the_model_reads_its_own_indexed_data_back(name, note):
    # predict(h, df) passes the model's time column, which the index carries: it was refused as
    # "the model's time column 'time' is not in the DataFrame", a DatetimeIndex read
    df = _frame(1861, name, note=note)
    f = _fit(df)
    pd.testing.assert_frame_equal(f.predict(3, df), f.predict(3))
    pd.testing.assert_series_equal(f.predict(3, df["value"]), f.predict(3, df)["forecast"].set_axis(
        pd.Index([1891, 1892, 1893], name=f.dataset.time)).rename("value"))


def test_time_naming_a_whole_number_index():
    df = _frame(1861, "year")
    fc = _fit(df, time="year").predict()  # it was refused: "column 'year' (--time) not found"
    assert list(fc.columns) == ["year", "forecast"] and fc["year"].tolist() == [1891, 1892, 1893]
