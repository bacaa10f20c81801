"""wavecast.plot(path, forecasts): fit, predict and backtest take a CSV or Parquet path, and plot
refused one ("data= is a path: read it with pandas first"); it reads it as fit does, with the
file options fit was given (sep=, decimal=, ...), checked as fit checks them."""

import warnings

import matplotlib
import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.errors import WavecastError

matplotlib.use("Agg")


def _line(ax, label):
    return next(line for line in ax.get_lines() if line.get_label() == label)


@pytest.fixture(scope="module")
def fitted(tmp_path_factory):
    """Two shops in a semicolon CSV with decimal commas, ids written '007' and '012', a tiny model of it."""
    t = pd.date_range("2021-01-01", periods=40, freq="D")
    df = pd.concat([pd.DataFrame({"shop": s, "t": t.strftime("%Y-%m-%d"), "y": 10 + k + np.sin(np.arange(40) / 3)})
                    for k, s in enumerate(["007", "012"])], ignore_index=True)
    path = tmp_path_factory.mktemp("plotfile") / "shops.csv"
    df.to_csv(path, sep=";", decimal=",", index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", wavecast.WavecastNote)
        f = wavecast.fit(path, target="y", time="t", id="shop", sep=";", decimal=",", epochs=1, input_len=8,
                         horizon=3, test_len=3, seed=0)
    return df, path, f.predict(3)


def test_a_file_is_read_as_fit_reads_it(fitted):
    df, path, fc = fitted
    fig = wavecast.plot(path, fc, history=6, sep=";", decimal=",")
    axes = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title() for ax in axes] == ["shop 007", "shop 012"]  # the ids as written, as text
    for ax, shop in zip(axes, ["007", "012"], strict=True):
        past = df[df.shop == shop].tail(6)
        hist = _line(ax, "history")
        np.testing.assert_array_equal(hist.get_xdata(), pd.to_datetime(past.t).to_numpy())
        np.testing.assert_allclose(hist.get_ydata(), past.y.to_numpy())
    assert isinstance(wavecast.plot(str(path), fc, sep=";", decimal=","), matplotlib.figure.Figure)


@pytest.mark.parametrize("data, kwargs, message", [
    ("frame", dict(sep=";"), r"^sep= read a CSV or Parquet file; a DataFrame is already parsed: leave it out$"),
    ("path", dict(sep="x"), r"^sep must be ',', ';', '\|' or a tab"),
    ("path", dict(fill="cubic"), r"^unknown fill 'cubic'; choose none or linear$"),
    ("path", dict(dateorder="day-first"), r"^plot\(\) takes no keyword dateorder= \(the data options fit takes: fill=, "),
])
def test_file_options_are_checked_as_fits(fitted, data, kwargs, message):
    df, path, fc = fitted
    with pytest.raises(WavecastError, match=message) as err:
        wavecast.plot(df if data == "frame" else path, fc, **kwargs)
    assert "\n" not in str(err.value)


def test_the_date_order_fit_was_given_reads_the_history(tmp_path):
    """Twelve days written 01/03/2021 .. 12/03/2021 read evenly spaced both ways (twelve months or
    twelve days): fit refuses them without date_order=, and plot refused date_order= itself
    ("takes no keyword"), so such a file could not be drawn. Now the same options serve both."""
    days = pd.date_range("2021-03-01", periods=12, freq="D")
    path = tmp_path / "days.csv"
    pd.DataFrame({"date": days.strftime("%d/%m/%Y"), "y": np.arange(12.0) + np.sin(np.arange(12))}).to_csv(
        path, index=False)
    options = dict(date_order="day-first", sort=True, fill="linear")  # one dict for fit and plot
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", wavecast.WavecastNote)
        f = wavecast.fit(path, epochs=1, input_len=3, horizon=2, test_len=2, seed=0, **options)
    fc = f.predict(2)
    hist = _line(wavecast.plot(path, fc, history=4, **options).axes[0], "history")
    np.testing.assert_array_equal(hist.get_xdata(), days[-4:].to_numpy())
    with pytest.raises(WavecastError, match=r"ambiguous: .*pass date_order='day-first' or month-first$") as err:
        wavecast.plot(path, fc)  # in Python's words, as fit says it
    assert "--" not in str(err.value)


def _close_beside_volume():
    """A frame with a driver beside the target (close, volume) and a model fitted on it."""
    t = pd.date_range("2022-01-03", periods=40, freq="B")
    df = pd.DataFrame({"date": t, "close": 100 + np.sin(np.arange(40) / 3), "volume": 1e6 + np.arange(40.0)})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", wavecast.WavecastNote)
        warnings.simplefilter("ignore", wavecast.WavecastDiagnostic)
        f = wavecast.fit(df, target="close", time="date", past=["volume"], epochs=1, input_len=8, horizon=3,
                         test_len=3, seed=0)
    return df, f


def test_model_names_the_column_forecast_beside_a_driver():
    """A frame with a driver beside the target (close, volume): plot(df, f.predict(3), model=f,
    baselines=True) was refused as "data has 2 numeric columns ...; name the one forecast with
    target=", though the model given knows it forecast close. Without model= the refusal stands
    (nothing says which)."""
    df, f = _close_beside_volume()
    fc = f.predict(3)
    ax = wavecast.plot(df, fc, model=f, baselines=True, history=5).axes[0]
    np.testing.assert_allclose(_line(ax, "history").get_ydata(), df.close.to_numpy()[-5:])
    assert ax.get_ylabel() == "close"
    with pytest.raises(WavecastError, match=r"^data has 2 numeric columns besides its time and id \('close', 'volume'\)"):
        wavecast.plot(df, fc)


def test_model_alone_names_the_column_forecast_without_baselines():
    """plot(df, fc, model=f) was refused ("model= gives the baselines' season and AR order: ask for
    them with baselines=True"), though model= also names the target column: it is taken, and a
    model= that is no fitted model is still refused."""
    df, f = _close_beside_volume()
    ax = wavecast.plot(df, f.predict(3), model=f, history=5).axes[0]
    np.testing.assert_allclose(_line(ax, "history").get_ydata(), df.close.to_numpy()[-5:])
    assert ax.get_ylabel() == "close" and len(ax.get_lines()) == 2  # the history and the forecast: no baselines
    with pytest.raises(WavecastError, match=r"^model= must be what wavecast.fit\(\) or wavecast.load\(\) returns"):
        wavecast.plot(df, f.predict(3), model=object())
