"""The Python API as a Jupyter/pandas user met it (a user test's round): panels indexed by
(id, time) or (time, id), as set_index and stack give them, in a Series or a DataFrame."""

import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast

FAST = dict(input_len=8, horizon=4, test_len=4, epochs=1, seed=0, overrides=["model.hidden_size=6"])


def _quiet(call, *args, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return call(*args, **kw)


@pytest.fixture(scope="module")
def panel():
    """Two shops (integer ids 7 and 8), 60 days, as a long frame with columns shop, day, v."""
    rng = np.random.default_rng(0)
    days = pd.date_range("2024-01-01", periods=60, freq="D")
    return pd.concat([pd.DataFrame({"shop": k, "day": days, "v": lvl + rng.normal(0, 1, 60)})
                      for k, lvl in [(7, 50.0), (8, 500.0)]], ignore_index=True)


@pytest.fixture(scope="module")
def long_fit(panel):
    return _quiet(wavecast.fit, panel, target="v", time="day", id="shop", **FAST)


def test_a_series_of_many_series_keeps_its_ids_in_the_forecast(panel, long_fit, tmp_path):
    """A Series indexed by (shop, day) was fitted as two series, but predict gave a Series indexed
    by day alone: each date twice, with no way to tell the shops apart."""
    s = panel.set_index(["shop", "day"])["v"]
    f = _quiet(wavecast.fit, s, **FAST)
    out = _quiet(f.predict, 3)
    want = _quiet(long_fit.predict, 3)
    assert isinstance(out, pd.Series) and out.name == "v"
    assert list(out.index.names) == ["shop", "day"]
    assert out.index.get_level_values("shop").tolist() == want["shop"].tolist()  # 7, 8 as integers
    assert out.index.get_level_values("shop").dtype == panel["shop"].dtype
    np.testing.assert_array_equal(out.to_numpy(), want["forecast"].to_numpy())
    # and the same from the data given again, and after save and load
    pd.testing.assert_series_equal(_quiet(f.predict, 3, s), out)
    f.save(tmp_path / "m")
    pd.testing.assert_series_equal(_quiet(wavecast.load(tmp_path / "m").predict, 3), out)


@pytest.mark.parametrize("how", ["frame (day, shop)", "series (day, shop)", "stack"])
def test_time_first_levels_are_read_as_time_and_id(panel, long_fit, how):
    """set_index(["day", "shop"]) and a wide frame's stack() put the time level first: it was read
    as the ids and the shops as dates ("cannot parse 'shop' at row 1 of the DataFrame: 7")."""
    if how == "stack":
        data = panel.pivot(index="day", columns="shop", values="v").stack().rename("v")
    else:
        data = panel.set_index(["day", "shop"])
        data = data["v"] if how.startswith("series") else data
    f = _quiet(wavecast.fit, data, **({} if isinstance(data, pd.Series) else {"target": "v"}), **FAST)
    out = _quiet(f.predict, 3)
    want = _quiet(long_fit.predict, 3)
    values = out.to_numpy() if isinstance(out, pd.Series) else out["forecast"].to_numpy()
    np.testing.assert_array_equal(values, want["forecast"].to_numpy())
    ids = out.index.get_level_values(0) if isinstance(out, pd.Series) else out.iloc[:, 0]
    assert ids.tolist() == [7, 7, 7, 8, 8, 8]


def test_a_model_fitted_on_levels_forecasts_new_data_of_the_same_shape(panel, long_fit):
    """predict(h, data) of the frame the model was fitted on, still indexed by (shop, day), was
    refused: 'has a MultiIndex of 2 levels ['shop', 'day']; pass ... an index of two levels (id, time)'.
    So was fit(df, time="day", id="shop") naming the levels."""
    mi = panel.set_index(["shop", "day"])
    f = _quiet(wavecast.fit, mi, target="v", **FAST)
    pd.testing.assert_frame_equal(_quiet(f.predict, 3, mi), _quiet(f.predict, 3))
    named = _quiet(wavecast.fit, mi, target="v", time="day", id="shop", **FAST)
    pd.testing.assert_frame_equal(_quiet(named.predict, 3), _quiet(long_fit.predict, 3))


def test_plot_draws_a_series_of_many_series(panel):
    """wavecast.plot(s, f.predict(h)) of a Series indexed by (time, id) drew nothing: "target= must
    name the column of data that was forecast (one of 'level_1', 'v')"."""
    s = panel.set_index(["day", "shop"])["v"]
    f = _quiet(wavecast.fit, s, **FAST)
    fig = wavecast.plot(s, _quiet(f.predict, 3))
    assert [ax.get_title() for ax in fig.axes] == ["shop 7", "shop 8"]
    assert all(len(ax.get_lines()) >= 2 for ax in fig.axes)  # the history and the forecast


@pytest.mark.parametrize("kind", ["direct", "recursive"])
def test_another_history_of_one_series_is_said_as_such(kind):
    """predict(h, data) of a Series that is not the one fitted (the same series 100 higher) was
    noted as "1 series given under the id of a training series ('') do not hold its last training
    values": a Series has no id, and '' named none."""
    days = pd.date_range("2024-01-01", periods=60, freq="D")
    s = pd.Series(10 + np.sin(np.arange(60) / 2), index=days, name="v")
    f = _quiet(wavecast.fit, s, kind=kind, **FAST)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        f.predict(3, s.iloc[:50] + 100)
    said = " | ".join(str(w.message) for w in caught)
    assert "the series given does not hold the last values of the series the model was fitted on" in said
    assert "('')" not in said
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        f.predict(3, s)  # the series fitted: nothing to say
    assert not any("does not hold" in str(w.message) for w in caught)


def test_a_horizon_given_as_text_is_one_line_with_levels_too(long_fit):
    """predict("3", level=[80]) was a TypeError ("'>' not supported between instances of 'str' and
    'int'"), where predict("3") said what a horizon must be."""
    for level in ((), [80]):
        with pytest.raises(wavecast.ValidationError, match=r"^horizon must be an integer >= 1 \(got '3'\)$"):
            long_fit.predict("3", level=level)


@pytest.fixture(scope="module")
def priced():
    """Two shops (integer ids 7 and 8) with a future-known price, the model and the price of the
    3 weeks after the data."""
    rng = np.random.default_rng(1)
    weeks = pd.date_range("2021-01-04", periods=60, freq="W-MON")
    df = pd.concat([pd.DataFrame({"shop": k, "week": weeks, "price": 5 + rng.normal(0, .5, 60),
                                  "sales": 100 + rng.normal(0, 2, 60)}) for k in (7, 8)], ignore_index=True)
    f = _quiet(wavecast.fit, df, target="sales", time="week", id="shop", future=["price"],
               **{**FAST, "horizon": 3, "test_len": 3})
    nxt = pd.date_range(weeks[-1], periods=4, freq="W-MON")[1:]
    fut = pd.DataFrame([(k, t, 5.0 + i) for k in (7, 8) for i, t in enumerate(nxt)], columns=["shop", "week", "price"])
    return f, fut


@pytest.mark.parametrize("how", ["(shop, week)", "(week, shop)", "float ids"])
def test_future_is_read_from_index_levels_and_float_ids(priced, how):
    """future= indexed by (shop, week) was refused as "future= has no column 'shop'; it needs
    ['shop', 'week', 'price']"; a shop column made float (7.0, as a merge or a NaN leaves it) as
    "future= has no rows for series '7'", its rows there."""
    f, fut = priced
    given = {"(shop, week)": fut.set_index(["shop", "week"]), "(week, shop)": fut.set_index(["week", "shop"]),
             "float ids": fut.assign(shop=fut["shop"].astype(float))}[how]
    want = _quiet(f.predict, 3, future=fut)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = f.predict(3, future=given)
    pd.testing.assert_frame_equal(got, want)
    assert not [str(w.message) for w in caught if "future=" in str(w.message)]  # nothing said unread
    # the rows are read, not ignored: another price gives another forecast
    moved = given.assign(price=given["price"] + 3)
    assert not np.allclose(_quiet(f.predict, 3, future=moved)["forecast"], want["forecast"])


def test_data_missing_a_column_of_the_model_names_it_as_the_models(panel, long_fit):
    """predict(h, data) of data whose target column is named otherwise said "column 'v'
    (target=...) not found in the DataFrame", a keyword the user never gave predict; now it is the
    model's column, and target= (time=, id=) names the data's own, as forecast --data's flags do."""
    renamed = panel.rename(columns={"v": "sales", "day": "date"})
    with pytest.raises(wavecast.ValidationError, match=r"^the model's target column 'v' is not in the DataFrame; "
                       r"columns are \['shop', 'date', 'sales'\]; give the data that column, or name the data's "
                       r"own with predict\(h, data, target='COLUMN'\)$"):
        long_fit.predict(3, renamed, time="date")
    got = _quiet(long_fit.predict, 3, renamed, target="sales", time="date")
    np.testing.assert_array_equal(got["forecast"], _quiet(long_fit.predict, 3)["forecast"])


def test_data_missing_a_covariate_names_it_as_the_models(panel):
    priced = panel.assign(price=np.linspace(1, 2, len(panel)))
    f = _quiet(wavecast.fit, priced, target="v", time="day", id="shop", past=["price"], **FAST)
    with pytest.raises(wavecast.ValidationError, match=r"^the model's past covariate column 'price' is not in the "
                       r"DataFrame; .*; the model was fitted with it: give the data that column$"):
        f.predict(3, panel)


def test_data_with_float_ids_continues_the_models_series(panel, long_fit):
    """predict(h, data) of the panel with its shop column made float (7.0, 8.0, as a merge leaves
    it) forecast them as 2 series the model never saw ('7.0', '8.0'), other numbers; a new shop
    beside them stays new."""
    floats = panel.assign(shop=panel["shop"].astype(float))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = long_fit.predict(3, floats)
    assert not [str(w.message) for w in caught if "never saw" in str(w.message)]
    pd.testing.assert_frame_equal(got, _quiet(long_fit.predict, 3))
    new = pd.concat([floats, floats[floats["shop"] == 7].assign(shop=9.0)])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = long_fit.predict(3, new)
    assert any("1 series the model never saw ('9')" in str(w.message) for w in caught)
    np.testing.assert_allclose(got["forecast"][:6], _quiet(long_fit.predict, 3)["forecast"], rtol=1e-7)  # (a batch of 3)


def test_backtest_refits_train_on_the_threads_configured(monkeypatch):
    """backtest(refit=True) refitted the net before each origin after run() had returned, on the
    process's torch threads (2 here), not train.threads (1): on a busy 2-core machine 19.0 s
    instead of 3.3 s for 2 origins of 100 points, and other numbers. The caller's threads are
    given back."""
    import torch

    from wavecast.forecasters.direct import DirectForecaster

    seen = []
    fit = DirectForecaster.fit

    def spy(self, *args, **kw):
        seen.append(torch.get_num_threads())
        return fit(self, *args, **kw)

    monkeypatch.setattr(DirectForecaster, "fit", spy)
    before = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        s = pd.Series(10 + np.sin(np.arange(60) / 2), index=pd.date_range("2024-01-01", periods=60, freq="D"))
        _quiet(wavecast.backtest, s, horizon=3, origins=2, refit=True, epochs=1, seed=0, input_len=8)
        assert len(seen) >= 3 and set(seen) == {1}  # the run's net and one refit an origin
        assert torch.get_num_threads() == 2
    finally:
        torch.set_num_threads(before)


@pytest.mark.parametrize("kind", ["direct", "recursive"])
def test_predict_computes_on_the_threads_configured(panel, monkeypatch, kind):
    """predict ran the net on the process's torch threads, not train.threads as fit did: on the
    shared 2-core machine predict(13) of 1,000 weekly series took 948 ms on 2, 373 ms on 1 (the
    same numbers; python -m benchmarks.predict_threads). The caller's threads are given back."""
    import torch

    from wavecast.forecasters.direct import DirectForecaster
    from wavecast.forecasters.net import NetForecaster

    f = _quiet(wavecast.fit, panel, target="v", time="day", id="shop", kind=kind, **FAST)
    cls, name = (DirectForecaster, "predict_series") if kind == "direct" else (NetForecaster, "predict")
    seen, inner = [], getattr(cls, name)

    def spy(self, *args, **kw):
        seen.append(torch.get_num_threads())
        return inner(self, *args, **kw)

    monkeypatch.setattr(cls, name, spy)
    before = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        _quiet(f.predict, 3)
        _quiet(f.predict, 3, level=[80])
        assert seen and set(seen) == {1}
        assert torch.get_num_threads() == 2
    finally:
        torch.set_num_threads(before)


def test_calendar_of_an_array_says_where_dates_go():
    """fit(array, calendar=True) said "calendar=True needs a date/time column (time=...); none was
    given": an array takes no time=; a Series with a DatetimeIndex carries the dates."""
    for data in (np.arange(60.0), list(range(60))):
        with pytest.raises(wavecast.ValidationError, match=r"^calendar=True needs the dates of the values; a "
                           r"(ndarray|list) has none: give a pandas Series with a DatetimeIndex"):
            wavecast.fit(data, calendar=True, **FAST)


def test_a_season_the_covariates_carry_is_said_so():
    """With several targets (returns, a tenth of sales plus noise) the season of returns is sought in
    what sales' history leaves unexplained, and none is left: the note said "found ... in 2 of 4
    series; the others are read as they are (the test needs at least 3 seasons, and a season clear
    of the noise)" of 150 days of a clear weekly cycle."""
    rng = np.random.default_rng(1)
    days = pd.date_range("2022-01-01", periods=150, freq="D")
    parts = []
    for shop in ("s1", "s2"):
        sales = 100 + 10 * np.sin(np.arange(150) * 2 * np.pi / 7) + rng.normal(0, 2, 150)
        parts.append(pd.DataFrame({"shop": shop, "day": days, "sales": sales,
                                   "returns": sales * 0.1 + rng.normal(0, 0.3, 150)}))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        wavecast.fit(pd.concat(parts), target=["sales", "returns"], time="day", id="shop", **FAST)
    said = [str(w.message) for w in caught if str(w.message).startswith("season 7: found")]
    assert len(said) == 1 and "in 2 of 4 targets of 2 series" in said[0], said
    assert "in what the covariates leave unexplained (one they carry is theirs)" in said[0]


@pytest.mark.parametrize("how", ["series", "long frame", "levels"])
def test_plot_draws_forecasts_on_periods(panel, how):
    """predict gives periods back for data fitted on periods (a PeriodIndex, a period column), and
    wavecast.plot(data, those forecasts) failed in a TypeError: "float() argument must be a string
    or a real number, not 'Period'"."""
    months = pd.period_range("2015-01", periods=30, freq="M")
    data = panel[panel["day"] < panel["day"].min() + pd.Timedelta(days=30)].assign(
        month=np.tile(months, 2)).drop(columns="day")
    if how == "series":
        data, kw = data[data["shop"] == 7].set_index("month")["v"], {}
    elif how == "levels":
        data, kw = data.set_index(["month", "shop"])["v"], {}
    else:
        kw = {"target": "v", "time": "month", "id": "shop"}
    f = _quiet(wavecast.fit, data, **kw, **FAST)
    fc = _quiet(f.predict, 3, level=[80])
    assert isinstance(fc["month"].dtype, pd.PeriodDtype)
    fig = wavecast.plot(data, fc)
    lines = fig.axes[0].get_lines()
    history, forecast = lines[0].get_xdata(), lines[1].get_xdata()
    assert len(history) and pd.Timestamp(forecast[-1]) == months[-1].to_timestamp() + pd.DateOffset(months=3)


def test_backtest_of_periods_gives_periods_back(panel):
    """wavecast.backtest of data on periods gave its cutoff and time columns as timestamps, where
    predict gives periods: bt.forecasts did not merge onto the data ("You are trying to merge on
    period[M] and datetime64[us] columns")."""
    months = pd.period_range("2015-01", periods=30, freq="M")
    data = panel[panel["day"] < panel["day"].min() + pd.Timedelta(days=30)].assign(
        month=np.tile(months, 2)).drop(columns="day")
    bt = _quiet(wavecast.backtest, data, target="v", time="month", id="shop", horizon=3, origins=2,
                epochs=1, seed=0, input_len=8)
    assert isinstance(bt.forecasts["month"].dtype, pd.PeriodDtype)
    assert isinstance(bt.forecasts["cutoff"].dtype, pd.PeriodDtype)
    merged = data.merge(bt.forecasts[["shop", "month", "v"]], on=["shop", "month"], suffixes=("", "_bt"))
    assert len(merged) == len(bt.forecasts) and (merged["v"] == merged["v_bt"]).all()  # each row at its own month
    assert (bt.forecasts["cutoff"] < bt.forecasts["month"]).all()
    assert len(wavecast.plot(data, bt).axes) == 2


def test_a_series_named_time_with_an_unnamed_date_index_is_read_not_refused():
    """A Series of response times named 'time', on an unnamed DatetimeIndex: wavecast named the
    index 'time' itself, then refused the clash with its own name ("the Series's time index 'time'
    clashes with a column; reset_index() it"). The unnamed index now takes a free name ('date'),
    and the forecast is the one of the same values under another name; an index the user named
    as a column is refused naming the index to rename."""
    y = 10 + np.sin(np.arange(48) * 2 * np.pi / 12)
    s = pd.Series(y, index=pd.date_range("2020-01-01", periods=48, freq="MS"), name="time")
    out = _quiet(wavecast.fit, s, **FAST).predict(4)
    base = _quiet(wavecast.fit, s.rename("sales"), **FAST).predict(4)
    assert out.name == "time" and out.index.name == "date"
    np.testing.assert_array_equal(out.to_numpy(), base.to_numpy())
    assert (out.index == base.index).all()
    frame = _quiet(wavecast.fit, s.to_frame(), **FAST).predict(4)
    assert list(frame.columns) == ["date", "forecast"]
    with pytest.raises(wavecast.ValidationError, match=r"^the Series's time index 'time' has the name of a column; "
                       r"rename the index, e\.g\. \.rename_axis\('time_'\)$"):
        wavecast.fit(s.rename_axis("time"), **FAST)


def test_periods_come_back_as_periods_with_future_drivers():
    # predict(h, future=...) rebuilt the dataset with dataclasses.replace, which dropped how its
    # times were given: monthly periods came back as dates there, as periods from predict(h)
    rng = np.random.default_rng(0)
    n = 60
    x = rng.normal(0, 1, n + 6)
    df = pd.DataFrame({"t": pd.period_range("2015-01", periods=n, freq="M"),
                       "y": 10 + 2 * x[:n] + rng.normal(0, 0.1, n), "x": x[:n]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = wavecast.fit(df, target="y", time="t", future=["x"], horizon=6, epochs=5, seed=0)
        fut = pd.DataFrame({"t": pd.period_range("2020-01", periods=6, freq="M"), "x": x[n:]})
        out = f.predict(6, future=fut)
    assert isinstance(out["t"].dtype, pd.PeriodDtype) and out["t"].dtype.freq == pd.Period("2020-01", "M").freq
    assert list(out["t"]) == list(fut["t"])
