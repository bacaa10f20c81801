"""wavecast.plot(data, forecasts): one panel a series with its history, forecast and bands (or a
backtest's cutoffs against the actuals), a Figure neither shown nor saved, the backend untouched."""

import os
import warnings

import matplotlib
import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.errors import ValidationError

TINY = dict(epochs=1, input_len=8, horizon=4, test_len=4, seed=0)


def _shops() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    t = pd.date_range("2021-01-01", periods=48, freq="D")
    return pd.concat([pd.DataFrame({"shop": s, "t": t, "y": 10 + k + np.sin(np.arange(48) / 3)
                                    + 0.1 * rng.standard_normal(48)}) for k, s in enumerate([3, 5, 7])],
                     ignore_index=True)


def fitted_shops():
    """The three shops, a tiny model of them and a tiny backtest (also tests/test_plot_baselines.py)."""
    df = _shops()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", wavecast.WavecastNote)
        f = wavecast.fit(df, target="y", time="t", id="shop", **TINY)
        bt = wavecast.backtest(df, target="y", time="t", id="shop", horizon=3, origins=3, epochs=1, input_len=8,
                               seed=0, level=[80])
    return df, f, bt


@pytest.fixture(scope="module")
def run():
    df, f, bt = fitted_shops()
    return df, f.predict(4, level=[80, 95]), bt.forecasts


def _shown(fig):
    return [ax for ax in fig.axes if ax.get_visible()]


def _line(ax, label):
    return next(line for line in ax.get_lines() if line.get_label() == label)


def test_a_panel_a_series_with_its_history_and_forecast(run):
    df, fc, _ = run
    fig = wavecast.plot(df, fc, history=10)
    assert isinstance(fig, matplotlib.figure.Figure)
    axes = _shown(fig)
    assert [ax.get_title() for ax in axes] == ["shop 3", "shop 5", "shop 7"]
    for ax, shop in zip(axes, [3, 5, 7], strict=True):
        past = df[df.shop == shop].tail(10)
        hist = _line(ax, "history")
        np.testing.assert_array_equal(hist.get_xdata(), past.t.to_numpy())  # time in the user's units
        np.testing.assert_allclose(hist.get_ydata(), past.y.to_numpy())
        mine = fc[fc.shop == shop]
        line = _line(ax, "forecast")
        # joined to the last value seen, then the forecast itself
        np.testing.assert_array_equal(line.get_xdata()[1:], mine.t.to_numpy())
        np.testing.assert_allclose(line.get_ydata(), [past.y.iloc[-1], *mine.forecast])


def test_bands_span_the_band_columns_the_widest_palest(run):
    df, fc, _ = run
    ax = _shown(wavecast.plot(df, fc))[1]
    mine = fc[fc.shop == 5]
    polys = ax.collections
    assert len(polys) == 2
    by_label = {p.get_label(): p for p in polys}
    for level in (80, 95):
        ys = by_label[f"{level}% interval"].get_paths()[0].vertices[:, 1]
        for col in (f"lo-{level}", f"hi-{level}"):
            assert np.isin(np.round(mine[col].to_numpy(), 9), np.round(ys, 9)).all(), col
        assert ys.min() == pytest.approx(min(mine[f"lo-{level}"].min(), df[df.shop == 5].y.iloc[-1]))
        assert ys.max() == pytest.approx(max(mine[f"hi-{level}"].max(), df[df.shop == 5].y.iloc[-1]))
    assert by_label["95% interval"].get_alpha() < by_label["80% interval"].get_alpha()
    only = _shown(wavecast.plot(df, fc, level=[95]))[0]
    assert [p.get_label() for p in only.collections] == ["95% interval"]
    assert not _shown(wavecast.plot(df, fc, level=[]))[0].collections


def test_ids_select_and_max_series_caps(run):
    df, fc, _ = run
    assert [ax.get_title() for ax in _shown(wavecast.plot(df, fc, ids=[7, 3]))] == ["shop 7", "shop 3"]
    assert [ax.get_title() for ax in _shown(wavecast.plot(df, fc, ids="5"))] == ["shop 5"]  # its text finds it
    fig = wavecast.plot(df, fc, max_series=2)
    assert len(_shown(fig)) == 2 and "first 2 of 3 series" in fig.get_suptitle()


@pytest.mark.parametrize("kwargs, forecasts, message", [
    (dict(ids=[9]), None, r"^ids=: 9 is not an id of the forecasts \(column 'shop': 3, 5, 7\)$"),
    (dict(level=[90]), None, r"^level=\[90\]: forecasts has no 90% band columns \(its levels: 80, 95\)$"),
    (dict(history=-1), None, r"^history= must be an integer >= 0"),
    (dict(target="sales"), None, r"^target='sales' is not a column of data"),
    ({}, "drop", r"^forecasts has no 'forecast' column"),
])
def test_a_users_mistake_is_one_line(run, kwargs, forecasts, message):
    df, fc, _ = run
    if forecasts == "drop":
        fc = fc.drop(columns="forecast")
    with pytest.raises(ValidationError, match=message) as err:
        wavecast.plot(df, fc, **kwargs)
    assert "\n" not in str(err.value)


def test_data_without_the_forecasts_series_is_refused(run):
    df, fc, _ = run
    with pytest.raises(ValidationError, match=r"^data has no rows of shop 7"):
        wavecast.plot(df[df.shop != 7], fc)


def test_nothing_written_nor_shown_and_the_backend_kept(run, tmp_path, monkeypatch):
    import matplotlib.pyplot as plt

    df, fc, bt = run
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(plt, "show", lambda *a, **k: pytest.fail("plot called plt.show"))
    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", lambda *a, **k: pytest.fail("plot saved a file"))
    before = matplotlib.get_backend()
    figs = plt.get_fignums()
    matplotlib.use("svg")  # a backend of the user's (a notebook's inline one): plot must not switch it to Agg
    try:
        wavecast.plot(df, fc)
        wavecast.plot(df, bt)
        assert matplotlib.get_backend() == "svg"
        assert plt.get_fignums() == figs  # not pyplot's figure: a notebook shows it once, none is left open
    finally:
        matplotlib.use(before)
    assert os.listdir(tmp_path) == []


def test_a_notebook_without_pyplot_shows_it_as_png(run):
    df, fc, _ = run
    assert wavecast.plot(df, fc)._repr_png_()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_backtest_draws_each_cutoff_against_the_actuals(run):
    df, _, bt = run
    net = bt.columns[4]
    assert net not in ("y", "mean")
    ax = _shown(wavecast.plot(df, bt, ids=[3], history=5))[0]
    mine = bt[bt.shop == 3]
    runs = [line for line in ax.get_lines() if line.get_linestyle() == "--"]
    cutoffs = mine.cutoff.unique()
    assert len(runs) == len(cutoffs) == 3
    known = df[df.shop == 3].set_index("t").y
    for line, cutoff in zip(runs, cutoffs, strict=True):
        rows = mine[mine.cutoff == cutoff]
        np.testing.assert_array_equal(line.get_xdata(), [cutoff, *rows.t])
        np.testing.assert_allclose(line.get_ydata(), [known[cutoff], *rows[net]])  # from the value at the cutoff
    actual = _line(ax, "actual")
    seen = mine.drop_duplicates("t").sort_values("t")
    np.testing.assert_allclose(actual.get_ydata()[1:], seen.y)
    hist = _line(ax, "history")
    assert hist.get_xdata()[-1] == mine.cutoff.min() and len(hist.get_xdata()) == 5
    assert len(ax.collections) == 3  # each cutoff's 80% band
    other = _shown(wavecast.plot(df, bt, ids=[3], forecaster="mean", level=[]))[0]
    first = [line for line in other.get_lines() if line.get_linestyle() == "--"][0]
    np.testing.assert_allclose(first.get_ydata()[1:], mine[mine.cutoff == cutoffs[0]]["mean"])
    with pytest.raises(ValidationError, match=r"^forecaster='ets' is not a column of the backtest's forecasts"):
        wavecast.plot(df, bt, forecaster="ets")


def test_on_the_users_axes_and_of_an_array():
    from matplotlib.figure import Figure

    y = np.sin(np.arange(30) / 3)
    fc = np.array([0.5, 0.6, 0.7])  # what predict(3) gives for an array: the steps after it
    fig = Figure()
    ax = fig.subplots()
    assert wavecast.plot(y, fc, ax=ax) is fig
    line = _line(ax, "forecast")
    np.testing.assert_array_equal(line.get_xdata(), [29, 30, 31, 32])
    np.testing.assert_allclose(line.get_ydata(), [y[-1], *fc])
    frame = pd.DataFrame({"shop": [1, 1, 2, 2], "step": [30, 31, 30, 31], "forecast": [1.0, 2, 3, 4]})
    with pytest.raises(ValidationError, match=r"^ax= holds 1 axes for 2 series"):
        wavecast.plot(None, frame, ax=ax)


def test_several_targets_a_panel_each_and_forecasts_alone():
    t = pd.date_range("2021-01-03", periods=10, freq="W")
    data = pd.DataFrame({"shop": "a", "week": t, "sales": np.arange(10.0), "returns": np.arange(10.0) / 2})
    after = list(pd.date_range(t[-1], periods=3, freq="W")[1:])
    fc = pd.DataFrame({"shop": "a", "target": ["sales", "sales", "returns", "returns"], "week": after * 2,
                       "forecast": [10.0, 11, 5, 5.5]})
    axes = _shown(wavecast.plot(data, fc))
    assert [ax.get_title() for ax in axes] == ["shop a: sales", "shop a: returns"]
    # each target's own history, three horizons of it by default
    np.testing.assert_allclose(_line(axes[1], "history").get_ydata(), np.arange(4.0, 10) / 2)
    np.testing.assert_allclose(_line(axes[1], "forecast").get_ydata(), [4.5, 5, 5.5])
    alone = _shown(wavecast.plot(None, fc))[0]
    assert len(_line(alone, "history").get_xdata()) == 0
    np.testing.assert_allclose(_line(alone, "forecast").get_ydata(), [10, 11])


def test_dates_of_a_few_years_draw_without_a_matplotlib_warning():
    # Seatbelts' last three years and a 12-month forecast (the practitioner round): the date
    # locator (maxticks=6) warned 'AutoDateLocator was unable to pick an appropriate interval'
    # at the user's plot line for any span of about 2.7 to 5 years.
    t = pd.date_range("1980-01-01", periods=72, freq="MS")
    y = pd.Series(100 + 10 * np.sin(np.arange(60) / 2), index=t[:60], name="deaths")
    fc = pd.DataFrame({"month": t[60:], "forecast": np.full(12, 100.0)})
    for history in (30, 36, 48):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            fig = wavecast.plot(y, fc, history=history)
            fig.canvas.draw()  # the ticks are chosen when drawn
        ticks = fig.axes[0].get_xticks()
        assert 3 <= len(ticks) <= 8
