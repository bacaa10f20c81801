"""The Python API as a first-time user met it (a user test's round): ids given back of their
dtype, future= given as the training data was, too few future rows said in the user's numbers,
the two predicts' argument orders, config errors in Python's keywords, and calendar features
the same for the first steps whatever the steps asked."""

import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.api_words import python_words
from wavecast.config import ConfigError
from wavecast.errors import ValidationError

FAST = dict(input_len=8, horizon=6, test_len=6, epochs=1, seed=0, overrides=["model.hidden_size=6"])


def _quiet_fit(*args, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return wavecast.fit(*args, **kw)


def _quiet(call, *args, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return call(*args, **kw)


@pytest.fixture(scope="module")
def shops():
    rng = np.random.default_rng(0)
    df = pd.concat([pd.DataFrame({"shop": k, "day": pd.date_range("2024-01-01", periods=60, freq="D"),
                                  "y": lvl + rng.normal(0, 1, 60)}) for k, lvl in [(10, 50), (20, 500)]])
    return df, _quiet_fit(df, target="y", time="day", id="shop", **FAST)


def test_integer_ids_come_back_as_integers_and_merge_onto_the_data(shops, tmp_path):
    df, f = shops
    p = _quiet(f.predict, 2)
    assert p["shop"].dtype == df["shop"].dtype and p["shop"].tolist() == [10, 10, 20, 20]
    assert len(p.merge(df[["shop"]].drop_duplicates(), on="shop")) == 4
    banded = _quiet(f.predict, 2, level=[80])
    assert banded["shop"].dtype == df["shop"].dtype
    again = _quiet(f.predict, 2, data=df[df.shop == 20])  # new data given: its own ids, its dtype
    assert again["shop"].tolist() == [20, 20] and again["shop"].dtype == df["shop"].dtype
    df.to_csv(tmp_path / "shops.csv", index=False)  # a file's ids are its text, as before
    assert _quiet(f.predict, 2, data=tmp_path / "shops.csv")["shop"].tolist() == ["10", "10", "20", "20"]


@pytest.fixture(scope="module")
def indexed():
    """Trained on a frame whose times are its index, with a future covariate and the calendar."""
    rng = np.random.default_rng(1)
    n = 80
    idx = pd.date_range("2024-01-01", periods=n, freq="D")
    x = rng.normal(0, 1, n)
    df = pd.DataFrame({"kwh": 10 + 2 * x + rng.normal(0, 0.3, n), "temp": x}, index=idx)
    f = _quiet_fit(df, target="kwh", future=["temp"], calendar=True, **FAST)

    def fut(h):
        return pd.DataFrame({"temp": [1.0] * h}, index=pd.date_range(idx[-1] + pd.Timedelta(days=1), periods=h))

    return f, fut


def test_future_is_taken_with_its_times_in_the_index_as_the_training_data_had_them(indexed):
    f, fut = indexed
    by_index = _quiet(f.predict, 3, future=fut(3))
    by_column = _quiet(f.predict, 3, future=fut(3).rename_axis("time").reset_index())
    np.testing.assert_array_equal(by_index.forecast, by_column.forecast)
    assert list(by_index.time) == list(fut(3).index)
    # rows without times are refused (they are matched to the steps by time), saying where times go
    with pytest.raises(ValidationError, match=r"future= has no column 'time'; it needs \['time', 'temp'\] \(the "
                                              r"times of its rows, in a column 'time' or in a DatetimeIndex\)$"):
        _quiet(f.predict, 3, future=fut(3).reset_index(drop=True))


def test_too_few_future_rows_are_said_in_the_steps_asked_and_the_rows_given(indexed):
    f, fut = indexed
    with pytest.raises(ValidationError) as e:
        _quiet(f.predict, 10, future=fut(4).rename_axis("time").reset_index())
    msg = str(e.value)
    assert msg.startswith("future covariate 'temp' has 4 value(s) after the series' end; forecasting 10 steps needs 10:")
    assert "series ''" not in msg


def test_the_calendar_of_the_first_steps_does_not_depend_on_the_steps_asked(indexed):
    f, fut = indexed
    six = _quiet(f.predict, 6, future=fut(6).rename_axis("time").reset_index()).forecast.to_numpy()
    three = _quiet(f.predict, 3, future=fut(3).rename_axis("time").reset_index()).forecast.to_numpy()
    np.testing.assert_allclose(six[:3], three, rtol=0, atol=1e-9)


def test_levels_given_second_are_refused_naming_level(shops):
    df, f = shops
    with pytest.raises(ValidationError, match=r"\[80\] is read as data .*did you mean level=\[80\]\?"):
        f.predict(3, [80])
    with pytest.raises(ValidationError, match=r"predict_intervals\(dataset, horizon\) is internal"):
        f.predict_intervals(2, level=[80])
    assert "level" in f.predict.__doc__ and "level" in wavecast.Forecaster.predict.__doc__



def test_a_keyword_predict_does_not_take_is_refused_naming_the_nearest(shops, tmp_path):
    # predict(3, levels=[80]) gave the forecast without its bands, levels= read by nothing
    df, f = shops
    with pytest.raises(ValidationError, match=r"^predict\(\) has no keyword levels= \(did you mean level=\?\); it "
                                              r"takes horizon, data, level, future, baselines and, to read data=, "
                                              r"target, time, id, fill, sort"):
        f.predict(3, levels=[80])
    with pytest.raises(ValidationError, match=r"no keyword baseline= \(did you mean baselines=\?\)"):
        f.predict(3, baseline=True)
    f.save(tmp_path / "m")
    est = _quiet(wavecast.Forecaster(input_len=8, horizon=6, test_len=6, epochs=1, seed=0).fit, df, target="y",
                 time="day", id="shop")
    for g in (wavecast.load(tmp_path / "m"), est):
        with pytest.raises(ValidationError, match=r"^predict\(\) has no keyword levles="):
            g.predict(3, levles=[80])
    # the reader's keywords for data= are still taken, with it and without
    assert len(_quiet(f.predict, 3, data=df, sort=True, target="y")) == len(_quiet(f.predict, 3, target="y")) == 6

def test_config_errors_name_the_python_keywords():
    with pytest.raises(ConfigError, match=r"^epochs must be"):
        _quiet_fit(np.arange(40.0), epochs=0)
    with pytest.raises(ConfigError, match=r"^horizon must be"):
        _quiet_fit(np.arange(40.0), horizon=-1)
    assert python_words("eval.period must be; model.json; direct.max_epochs") == \
        "eval__period must be; model.json; epochs"
    assert python_words("data.sep (--sep) must be ','") == "sep must be ','"  # the reader's keyword


def test_the_fit_docstring_says_the_recursive_net_takes_past_covariates():
    assert "refuses past" not in wavecast.fit.__doc__
    assert "recursive one forecasts past ones jointly" in wavecast.fit.__doc__


def test_the_command_line_says_the_steps_asked_and_the_rows_given(tmp_path, capsys):
    # forecast --horizon 12 past a model of horizon 6 with 6 future rows a series: it said
    # "has 0 value(s) ...; forecasting 6 steps needs 6" (one internal block's numbers)
    from wavecast.cli import main

    rng = np.random.default_rng(2)
    n, h = 60, 6
    parts = []
    for k in ("a", "b"):
        x = rng.normal(0, 1, n + h)
        parts.append(pd.DataFrame({"id": k, "date": pd.date_range("2024-01-01", periods=n + h, freq="D"),
                                   "y": np.r_[5 + x[:n] + rng.normal(0, 0.1, n), [np.nan] * h], "x": x}))
    pd.concat(parts).to_csv(tmp_path / "d.csv", index=False)
    f = _quiet_fit(tmp_path / "d.csv", target="y", time="date", id="id", future=["x"], **FAST)
    f.save(tmp_path / "run")
    assert main(["forecast", str(tmp_path / "run"), "--data", str(tmp_path / "d.csv"), "--horizon", "12",
                 "--out", str(tmp_path / "f.csv")]) == 2
    err = capsys.readouterr().err
    assert "series 'a': future covariate 'x' has 6 value(s) after the series' end; forecasting 12 steps needs 12" in err


def test_the_season_is_said_once():
    """A daily series' notes said 'season 7 (from the 'D' frequency)' and again 'seasonal period 7
    samples (from the 'D' frequency)'."""
    t = pd.date_range("2024-01-01", periods=120, freq="D")
    s = pd.Series(10 + np.sin(2 * np.pi * np.arange(120) / 7), index=t, name="y")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = wavecast.fit(s, input_len=14, horizon=7, test_len=7, epochs=1)
    said = [n for n in f.metrics["notes"] if "'D' frequency" in n]
    assert said == ["season 7 (from the 'D' frequency)"], said


def test_what_future_holds_and_no_forecast_reads_is_said(indexed):
    """A misspelt covariate column in future= was dropped without a word."""
    f, fut = indexed
    frame = fut(3).assign(tmep=2.0)
    with pytest.warns(wavecast.WavecastNote, match=r"future= held column\(s\) the model was not fitted with "
                                                   r"\('tmep'\): not read"):
        f.predict(3, future=frame)
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        f.predict(3, future=fut(3))
    assert not any("future= held" in str(w.message) for w in got)


def test_bands_of_series_too_short_to_score_are_the_same_after_save_and_load(tmp_path):
    """Series too short for a test part are forecast (by the net, or the fallback) but not
    calibrated: their bands were scaled by the values given, after load only the kept tail."""
    rng = np.random.default_rng(3)
    parts = []
    for sid, n in (("long1", 120), ("long2", 100), ("mid", 16), ("short", 10), ("tiny", 3)):
        y = 50 + np.cumsum(rng.normal(0, 2, n)) + 5 * np.sin(np.arange(n) * 2 * np.pi / 12)
        parts.append(pd.DataFrame({"id": sid, "t": pd.date_range("2010-01-01", periods=n, freq="MS"), "y": y}))
    df = pd.concat(parts, ignore_index=True)
    f = _quiet_fit(df, target="y", time="t", id="id", horizon=6, input_len=8, direct__max_epochs=2, seed=0)
    before = _quiet(f.predict, 6, level=[50, 80, 95])
    f.save(tmp_path / "m")
    after = _quiet(wavecast.load(tmp_path / "m").predict, 6, level=[50, 80, 95])
    cols = ["forecast", "lo-50", "hi-50", "lo-80", "hi-80", "lo-95", "hi-95"]
    assert np.array_equal(before[cols].to_numpy(), after[cols].to_numpy())
    mid = before[before["id"] == "mid"]
    assert (mid["hi-80"] - mid["lo-80"]).min() > 0  # a band, not a line


def test_a_frame_of_an_array_takes_its_integer_column_labels():
    """pd.DataFrame(arr) has columns 0, 1, 2: target=0 was refused ("must be a column name"), and a
    future= frame with the label 1 said "future= has no column '1'; it needs ['1']"."""
    rng = np.random.default_rng(0)
    a = pd.DataFrame(np.c_[20 + 5 * np.sin(np.arange(120) * 0.5) + rng.normal(0, 0.1, 120), rng.normal(size=120),
                           rng.normal(size=120)])
    f = _quiet_fit(a, target=0, future=[1], horizon=4, input_len=8, direct__max_epochs=1, seed=0)
    g = _quiet_fit(a.rename(columns=str), target="0", future=["1"], horizon=4, input_len=8, direct__max_epochs=1,
                   seed=0)
    fut = pd.DataFrame({1: [0.5, -0.2, 0.1, 0.0]})
    p = _quiet(f.predict, 4, future=fut)
    assert np.array_equal(p["forecast"].to_numpy(), _quiet(g.predict, 4, future=fut.rename(columns=str))["forecast"])
    assert list(_quiet_fit(a, target=[0, 2], horizon=4, input_len=8, direct__max_epochs=1).dataset.targets) == ["0", "2"]


def test_a_long_frame_with_its_times_in_the_index_keeps_them():
    """df.set_index("month") of a panel (ids in a column): the times were dropped without a word,
    forecasts came back by step (144, 145) and time="month" was refused as no column."""
    rng = np.random.default_rng(0)
    t = pd.date_range("2010-01-01", periods=60, freq="MS")
    df = pd.concat([pd.DataFrame({"shop": s, "month": t, "y": 50 + np.cumsum(rng.normal(0, 1, 60))}) for s in "ab"])
    kw = dict(horizon=3, input_len=8, direct__max_epochs=1, seed=0)
    by_column = _quiet_fit(df, target="y", time="month", id="shop", **kw)
    for time in ("", "month"):
        f = _quiet_fit(df.set_index("month"), target="y", time=time, id="shop", **kw)
        p = _quiet(f.predict, 3)
        assert list(p.columns) == ["shop", "month", "forecast"] and p["month"].iloc[0] == pd.Timestamp("2015-01-01")
        assert np.array_equal(p["forecast"].to_numpy(), _quiet(by_column.predict, 3)["forecast"].to_numpy())


def test_fit_refuses_in_one_line_what_failed_deep_in_training_or_was_taken_silently():
    y = 10 + np.sin(np.arange(80) * 2 * np.pi / 7)
    kw = dict(horizon=3, input_len=8, direct__max_epochs=1)
    # a TypeError "'int' object is not callable" from inside the training loop
    with pytest.raises(ValidationError, match=r"^on_epoch= must be a function taking each epoch's report \(got 5\)$"):
        wavecast.fit(y, on_epoch=5, **kw)
    # a 0.5% band scored and saved without a word
    with pytest.raises(ValidationError, match=r"^eval__levels is in percent: 0\.5 .*pass eval__levels=\[50\]$"):
        wavecast.fit(y, eval__levels=[0.5], **kw)
    # predict's keyword given to fit: "unknown argument 'level'", with no word of where levels go
    with pytest.raises(ConfigError, match=r"^level= is predict's: predict\(horizon, level=\[80, 95\]\); the levels "
                       r"fit calibrates and scores are eval__levels"):
        wavecast.fit(y, level=[80], **kw)


def test_unsorted_pandas_data_is_not_called_a_file():
    s = pd.Series(np.arange(40.0), index=pd.date_range("2020-01-01", periods=40, freq="D")).iloc[::-1]
    with pytest.raises(ValidationError, match=r"^rows are newest first \(2020-02-09 down to 2020-01-01\); pass "
                       r"sort=True to read them in time order$"):
        wavecast.fit(s, horizon=3)
    with pytest.raises(ValidationError, match=r"timestamps go backwards .*; sort the data or pass sort=True$"):
        wavecast.fit(s.sort_index().iloc[[*range(20), 21, 20, *range(22, 40)]], horizon=3)


def test_a_column_of_dates_beside_a_time_index_is_still_the_one_read_and_its_note_speaks_python():
    """The index is read as the time only where no column of dates is there (as before); the
    reader's note said "pass time='to' choose another" ('--time to choose' read as a value)."""
    t = pd.date_range("2010-01-01", periods=40, freq="MS")
    df = pd.concat([pd.DataFrame({"shop": s, "month": t, "y": np.arange(40.0) + (s == "b")}) for s in "ab"])
    x = df.set_index(pd.DatetimeIndex(df["month"].to_numpy()))
    with pytest.warns(wavecast.WavecastNote) as said:
        f = wavecast.fit(x, target="y", id="shop", horizon=3, input_len=8, direct__max_epochs=1)
    assert f.dataset.time == "month"
    assert "time column 'month' (the only column of dates; pass time=... to choose another)" in [
        str(w.message) for w in said]


def test_predict_refuses_reading_words_without_data():
    # Was: predict(3, date_order="day-first") forecast the model's own series, the word unread
    from pathlib import Path

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = wavecast.fit(str(Path(__file__).parents[1] / "examples" / "air_passengers.csv"), direct__max_epochs=1)
    with pytest.raises(ValidationError, match=r"^predict\(\): date_order= says how to read data=, which was not given"):
        f.predict(3, date_order="day-first")
    assert len(f.predict(3)) == 3
