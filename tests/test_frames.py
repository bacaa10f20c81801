"""Data frames from other libraries (data.frames.to_pandas_frame): a pyarrow Table or RecordBatch,
a polars DataFrame, Series or LazyFrame, and any object with the Arrow stream or the interchange
protocol are read by fit, predict (data=, future=), backtest and plot as the same data given as
pandas: the same forecast, bit for bit, with the same seed. Small nets, few epochs."""

import warnings

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import wavecast
from wavecast.data.frames import to_pandas_frame
from wavecast.errors import ValidationError

# Small and quick: the conversion is under test here, not the quality of the forecast.
FAST = dict(input_len=8, horizon=4, test_len=4, epochs=2, hidden_size=4)


def _long(n=40):
    t = pd.date_range("2020-01-01", periods=n, freq="D")
    return pd.concat([pd.DataFrame({"store": k, "day": t, "y": k * 10 + np.cos(np.arange(n) / 2 + k)})
                      for k in (1, 2, 3)], ignore_index=True)


def _fit(data, **kw):
    with warnings.catch_warnings():  # the run's notes (season, training length): not under test
        warnings.simplefilter("ignore")
        return wavecast.fit(data, **{**FAST, **kw})


@pytest.fixture(scope="module")
def pandas_long():
    df = _long()
    return df, _fit(df, target="y", time="day", id="store").predict(3)


def _same(out, ref):
    """The same forecast: values bit for bit, the ids of their dtype, the times as stamps."""
    assert list(out.columns) == list(ref.columns)
    np.testing.assert_array_equal(out["forecast"].to_numpy(), ref["forecast"].to_numpy())
    assert out["store"].tolist() == ref["store"].tolist() == [1] * 3 + [2] * 3 + [3] * 3
    assert (pd.DatetimeIndex(out["day"]) == pd.DatetimeIndex(ref["day"])).all()


def test_an_arrow_table_fits_and_forecasts_as_its_pandas_frame(pandas_long):
    df, ref = pandas_long
    tab = pa.Table.from_pandas(df, preserve_index=False)
    f = _fit(tab, target="y", time="day", id="store")
    _same(f.predict(3), ref)
    # new data to continue, as a RecordBatch: the same series, so the same forecast
    _same(f.predict(3, data=pa.RecordBatch.from_pandas(df, preserve_index=False)), ref)
    # the estimator's door is fit's
    est = wavecast.Forecaster(**FAST)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        est.fit(pa.RecordBatch.from_pandas(df, preserve_index=False), target="y", time="day", id="store")
    _same(est.predict(3), ref)


def test_a_polars_long_frame_one_series_and_a_lazy_frame_forecast_as_pandas(pandas_long):
    pl = pytest.importorskip("polars")
    df, ref = pandas_long
    f = _fit(pl.from_pandas(df), target="y", time="day", id="store")
    _same(f.predict(3), ref)
    _same(f.predict(3, data=pl.from_pandas(df).lazy()), ref)
    # one series, no index in polars: the time a named column; and a Series alone (steps)
    one = df[df["store"] == 1][["day", "y"]].reset_index(drop=True)
    a = _fit(pl.from_pandas(one), target="y", time="day").predict(3)
    b = _fit(one, target="y", time="day").predict(3)
    pd.testing.assert_frame_equal(a, b)
    s = _fit(pl.Series("y", one["y"].to_numpy())).predict(3)
    pd.testing.assert_series_equal(s, _fit(one["y"]).predict(3))
    assert s.name == "y"


def test_future_covariates_given_as_polars_are_read_as_the_pandas_rows():
    pl = pytest.importorskip("polars")
    rng = np.random.default_rng(0)
    n, h = 50, 4
    x = np.cumsum(rng.normal(0, 1, n + h))
    full = pd.DataFrame({"date": pd.date_range("2021-01-01", periods=n + h, freq="D"), "x": x,
                         "y": 2 * x + np.sin(np.arange(n + h)) + rng.normal(0, 0.1, n + h)})
    hist, fut = full.iloc[:n], full.iloc[n:][["date", "x"]].reset_index(drop=True)
    f = _fit(pl.from_pandas(hist), target="y", time="date", future=["x"])
    ref = _fit(hist, target="y", time="date", future=["x"]).predict(h, future=fut)
    out = f.predict(h, future=pl.from_pandas(fut))
    pd.testing.assert_frame_equal(out, ref)
    # the rows are read: other values of x, another forecast
    moved = f.predict(h, future=pl.from_pandas(fut.assign(x=fut["x"] + 5.0)))
    assert not np.array_equal(moved["forecast"].to_numpy(), out["forecast"].to_numpy())


def test_a_time_zone_aware_arrow_timestamp_in_milliseconds_keeps_its_zone_across_a_dst_change():
    # Paris moved its clocks on 2020-03-29: a daily series across it, its stamps midnight local
    t = pd.date_range("2020-02-20", periods=60, freq="D", tz="Europe/Paris")
    df = pd.DataFrame({"t": t, "y": 5 + np.cos(np.arange(60) / 2)})
    stamps = pa.array(t.as_unit("ms"), pa.timestamp("ms", tz="Europe/Paris"))
    tab = pa.table({"t": stamps, "y": df["y"].to_numpy()})
    assert str(to_pandas_frame(tab)["t"].dtype) == "datetime64[ms, Europe/Paris]"
    out = _fit(tab, target="y", time="t").predict(3)
    ref = _fit(df, target="y", time="t").predict(3)
    np.testing.assert_array_equal(out["forecast"].to_numpy(), ref["forecast"].to_numpy())
    assert str(out["t"].dt.tz) == "Europe/Paris"
    assert list(out["t"]) == list(pd.date_range("2020-04-20", periods=3, freq="D", tz="Europe/Paris"))


def test_dates_and_categoricals_arrive_as_pandas_dtypes():
    pl = pytest.importorskip("polars")
    import datetime as dt

    p = pl.DataFrame({"d": [dt.date(2020, 1, 1), dt.date(2020, 1, 2)], "c": ["a", "b"]},
                     schema_overrides={"c": pl.Categorical})
    out = to_pandas_frame(p)
    assert pd.api.types.is_datetime64_dtype(out["d"]) and isinstance(out["c"].dtype, pd.CategoricalDtype)
    # Arrow's date32 as datetime64 too, not the datetime.date objects pyarrow gives by default
    assert pd.api.types.is_datetime64_dtype(to_pandas_frame(p.to_arrow())["d"])
    assert to_pandas_frame(pl.Series([1.0, 2.0])).name is None  # polars' unnamed Series
    df = pd.DataFrame({"a": [1]})
    assert to_pandas_frame(df) is df and to_pandas_frame([1, 2]) == [1, 2]


class _Interchange:
    """Another library's table that offers only the dataframe interchange protocol."""

    def __init__(self, df):
        self._df = df

    def __dataframe__(self, nan_as_null=False, allow_copy=True):
        return self._df.__dataframe__(nan_as_null=nan_as_null, allow_copy=allow_copy)


class _ArrowStream:
    """Another library's table that offers only the Arrow stream (PyCapsule interface)."""

    def __init__(self, tab):
        self._tab = tab

    def __arrow_c_stream__(self, requested_schema=None):
        return self._tab.__arrow_c_stream__(requested_schema)


def test_any_table_with_the_interchange_protocol_or_the_arrow_stream_is_read(pandas_long):
    df, ref = pandas_long
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # pandas' deprecation of the protocol is wavecast's, never said
        pd.testing.assert_frame_equal(to_pandas_frame(_Interchange(df)), df)
    f = _fit(_ArrowStream(pa.Table.from_pandas(df, preserve_index=False)), target="y", time="day", id="store")
    _same(f.predict(3), ref)
    _same(f.predict(3, data=_Interchange(df)), ref)


def test_a_column_that_does_not_convert_and_an_unknown_object_are_one_line():
    pl = pytest.importorskip("polars")
    p = pl.DataFrame({"y": [1.0, 2.0, 3.0], "big": pl.Series([1, 2, 3], dtype=pl.Int128)})
    with pytest.raises(ValidationError) as err:
        wavecast.fit(p, target="y", **FAST)
    msg = str(err.value)
    assert "\n" not in msg and "column 'big' (Int128) of the polars DataFrame does not convert" in msg
    assert "cast it to a number, a date or text" in msg
    union = pa.UnionArray.from_sparse(pa.array([0, 1], pa.int8()), [pa.array([1, 2]), pa.array(["a", "b"])])
    with pytest.raises(ValidationError, match=r"^future=: column 'u' \(sparse_union"):
        to_pandas_frame(pa.table({"u": union}), "future=")
    for bad in ({"y": [1.0, 2.0]}, {1.0, 2.0}):
        with pytest.raises(ValidationError) as err:
            wavecast.fit(bad, **FAST)
        msg = str(err.value)
        assert "\n" not in msg and "polars DataFrame or Series, an Arrow table" in msg
        assert msg.endswith(f"(got {type(bad).__name__})")


def test_backtest_and_plot_read_a_polars_frame():
    pl = pytest.importorskip("polars")
    pytest.importorskip("matplotlib")
    df = _long(30)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        a = wavecast.backtest(pl.from_pandas(df), target="y", time="day", id="store", origins=2, **FAST)
        b = wavecast.backtest(df, target="y", time="day", id="store", origins=2, **FAST)
    pd.testing.assert_frame_equal(a.forecasts, b.forecasts)
    f = _fit(df, target="y", time="day", id="store")
    fc = f.predict(3)
    drawn = [[np.asarray(line.get_ydata(), dtype=float) for ax in fig.axes for line in ax.get_lines()]
             for fig in (wavecast.plot(pl.from_pandas(df), fc, history=5), wavecast.plot(df, fc, history=5))]
    assert len(drawn[0]) == len(drawn[1]) >= 6  # each store's history and forecast, as from pandas
    for a_line, b_line in zip(*drawn, strict=True):
        np.testing.assert_array_equal(a_line, b_line)
