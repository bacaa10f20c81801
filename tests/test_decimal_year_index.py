"""A Series (or frame) indexed by decimal years, as R's time() of a monthly or quarterly ts gives
them (pd.Series(d['value'].values, index=d['time'].values) of an Rdatasets CSV), is read on that
time axis, as a column of them is: monthly starts with season 12, a note, forecasts dated. The
monthly index was dropped without a word (its float steps are not exactly even: the rows read as
steps 0, 1, ..., the season guessed by autocorrelation and the forecast labelled 240, 241, ...),
and the quarterly one refused as "holds 1960.25 at row 2, not a whole number"."""

import warnings

import numpy as np
import pandas as pd

import wavecast
from wavecast.data.reader import from_object


def _monthly(n=60):
    t = 1920 + np.arange(n) / 12  # 1920.0, 1920.0833..., as R writes time(nottem)
    return pd.Series(50 + 10 * np.sin(2 * np.pi * np.arange(n) / 12), index=t, name="temp")


def test_a_monthly_decimal_year_index_is_the_time_axis():
    ds = from_object(_monthly())
    assert ds.freq == "MS"
    assert any(
        "read as decimal years, each a month's start (1920 as 1920-01)" in n for n in ds.notes
    )
    framed = from_object(_monthly().to_frame(), target="temp")
    assert framed.freq == "MS"


def test_a_quarterly_decimal_year_index_is_read_not_refused():
    s = pd.Series(np.arange(24, dtype=float) + 100, index=1960 + np.arange(24) / 4, name="gas")
    ds = from_object(s)
    assert ds.freq.startswith("QS")


def test_the_forecast_of_such_a_series_is_dated():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = wavecast.fit(_monthly(), horizon=3, epochs=1, hidden_size=4, seed=0)
    p = f.predict(3)
    assert list(p.index) == list(pd.date_range("1925-01-01", periods=3, freq="MS"))


def test_whole_float_years_and_other_floats_keep_their_reading():
    years = pd.Series(
        np.arange(30, dtype=float), index=np.arange(1950, 1980, dtype=float), name="v"
    )
    as_int = from_object(years.set_axis(np.arange(1950, 1980)))
    assert (
        from_object(years).freq == as_int.freq == 1
    )  # whole years written 1950.0 read as integer years, as before
    measured = pd.Series(np.arange(30, dtype=float), index=np.linspace(0.1, 3.3, 30), name="v")
    assert from_object(measured).freq is None  # floats that are no years: rows are steps, as before
