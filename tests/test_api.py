"""wavecast.fit / wavecast.load: pandas in, pandas out; a saved model forecasts the same."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.errors import ValidationError

# Small and quick: the API's plumbing is under test here, not the quality of the forecast.
FAST = dict(input_len=8, horizon=4, test_len=4, epochs=2, overrides=["model.hidden_size=6"])


def monthly(n=60, name="sales"):
    t = pd.date_range("2015-01-01", periods=n, freq="MS")
    return pd.Series(10 + np.sin(2 * np.pi * np.arange(n) / 12), index=t, name=name)


def test_fit_series_predict_series_with_the_time_extended():
    s = monthly()
    f = wavecast.fit(s, **FAST)
    out = f.predict(5)
    assert isinstance(out, pd.Series) and out.name == "sales" and len(out) == 5
    assert list(out.index) == list(pd.date_range("2020-01-01", periods=5, freq="MS"))
    assert np.isfinite(out.to_numpy()).all()
    # data get the direct net by default (model.kind auto), shown first, beside the baselines
    assert f.config.model.kind == "direct" and list(f.metrics["forecasters"])[0] == "LSTM"
    assert "last value" in f.metrics["forecasters"]
    # Same seed, same numbers: the whole fit is reproducible.
    again = wavecast.fit(s, **FAST).predict(5)
    np.testing.assert_array_equal(out.to_numpy(), again.to_numpy())


def test_saved_series_model_loads_to_the_same_series(tmp_path):
    s = monthly().rename_axis("month")
    f = wavecast.fit(s, **FAST)
    f.save(tmp_path / "run")
    out = wavecast.load(tmp_path / "run").predict(4)
    assert out.index.name == "month"
    pd.testing.assert_series_equal(out, f.predict(4))


def test_array_in_array_out_and_save_load_round_trip(tmp_path):
    x = np.sin(np.arange(80) / 3.0)
    f = wavecast.fit(x, **FAST)
    pred = f.predict(6)
    assert isinstance(pred, np.ndarray) and pred.shape == (6,)
    f.save(tmp_path / "run")
    g = wavecast.load(tmp_path / "run")
    np.testing.assert_array_equal(g.predict(6), pred)  # the stored tail primes the same state
    # Continuing new data: the context is its last input_len values.
    np.testing.assert_array_equal(g.predict(3, data=x), f.predict(3))


def test_long_frame_trains_one_model_and_forecasts_every_id():
    t = pd.date_range("2020-01-01", periods=40, freq="D")
    df = pd.concat([pd.DataFrame({"store": k, "day": t, "y": k * 10 + np.cos(np.arange(40) / 2)})
                    for k in (1, 2, 3)])
    f = wavecast.fit(df, target="y", time="day", id="store", **FAST)
    out = f.predict(3)
    assert list(out.columns) == ["store", "day", "forecast"] and len(out) == 9
    assert out["store"].tolist() == [1] * 3 + [2] * 3 + [3] * 3  # the frame's own ids, of its dtype
    assert out["day"].iloc[0] == pd.Timestamp("2020-02-10")
    assert f.metrics["all_series"]["n_series"] == 3


def test_repr_says_what_it_forecasts(tmp_path):
    # Was <wavecast.api.SeriesForecaster object at 0x...>, where Forecaster's repr is readable.
    f = wavecast.fit(monthly(), **FAST)
    assert repr(f) == "<SeriesForecaster: direct LSTM, horizon 4, 1 series, target 'sales'>"
    f.save(tmp_path / "run")
    assert repr(wavecast.load(tmp_path / "run")) == repr(f)
    t = pd.date_range("2020-01-01", periods=40, freq="D")
    df = pd.concat([pd.DataFrame({"store": k, "day": t, "y": k * 10 + np.cos(np.arange(40) / 2), "z": np.sin(t.day)})
                    for k in (1, 2, 3)])
    g = wavecast.fit(df, target="y", time="day", id="store", kind="recursive", cell="gru", **FAST)
    assert repr(g) == "<SeriesForecaster: recursive GRU, horizon 4, 3 series, target 'y'>"
    h = wavecast.fit(df, target=["y", "z"], time="day", id="store", **FAST)
    assert repr(h) == "<SeriesForecaster: direct LSTM, horizon 4, 3 series, each with targets 'y', 'z'>"


def test_too_short_context_is_named():  # case 12
    f = wavecast.fit(np.sin(np.arange(60) / 3.0), **FAST)
    with pytest.raises(ValidationError, match=r"model needs the last 8 values; got 5"):
        f.predict(3, data=np.arange(5.0))
    with pytest.raises(ValidationError, match=r"has 10 points; the direct net needs 16: input_len 8 \+ horizon 4 = 12 "
                                              r"before a test part of 4 \(.*; input_len=2\)"):
        wavecast.fit(np.arange(10.0), **FAST)
    recursive = {**FAST, "overrides": [*FAST["overrides"], "model.kind=recursive"]}
    with pytest.raises(ValidationError, match=r"has 10 points; input_len 8 \+ 8 training target\(s\) \+ test_len 4 needs >= 20"):
        wavecast.fit(np.arange(10.0), **recursive)


def test_a_forecast_past_the_trained_horizon_is_noted(tmp_path, capsys):
    """Steps past the horizon the model was scored on are forecasts fed back, never scored: a
    note from predict (WavecastNote) and in wavecast forecast's note lines (was: silent)."""
    from wavecast.cli import main

    f = wavecast.Forecaster(horizon=6, seed=1, direct__max_epochs=2, hidden_size=8)
    f.fit(str(Path(__file__).parents[1] / "examples" / "air_passengers.csv"), target="passengers", time="month")
    with pytest.warns(wavecast.WavecastNote, match=r"^horizon 12 is past the 6 steps the model was trained and "
                      r"scored on: steps 7-12 are the net's forecasts fed back as inputs, never scored$"):
        f.predict(12)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", wavecast.WavecastNote)
        f.predict(6)  # within the horizon: no note
    f.save(tmp_path / "m")
    assert main(["forecast", str(tmp_path / "m"), "--horizon", "7", "--out", str(tmp_path / "f.csv")]) == 0
    assert ("note: horizon 7 is past the 6 steps the model was trained and scored on: step 7 is the net's "
            "forecasts fed back as inputs, never scored") in capsys.readouterr().out
    s = wavecast.fit(monthly(), kind="recursive", **FAST)  # the recursive net: scored on 4 steps
    with pytest.warns(wavecast.WavecastNote, match=r"^horizon 9 is past the 4 steps the model was scored on: "
                      r"steps 5-9 are"):
        s.predict(9)


@pytest.mark.parametrize("key", ["config", "data"])
def test_a_re_sealed_model_json_with_a_null_section_is_refused_in_one_line(tmp_path, capsys, key):
    """Was: AttributeError (config null) or "need at least one array to concatenate" (data null)."""
    import json

    from wavecast.cli import main
    from wavecast.errors import ModelFileError
    from wavecast.io.modelformat import _meta_digest

    wavecast.fit(monthly(), **FAST).save(tmp_path / "m")
    path = tmp_path / "m" / "model" / "model.json"
    meta = json.loads(path.read_text())
    meta[key] = None
    meta["meta_sha256"] = _meta_digest(meta)
    path.write_text(json.dumps(meta))
    with pytest.raises(ModelFileError, match=rf"model.json is damaged: {key} is null, not an object"):
        wavecast.load(tmp_path / "m")
    capsys.readouterr()
    assert main(["forecast", str(tmp_path / "m"), "--horizon", "3", "--out", str(tmp_path / "f.csv")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"is damaged: {key} is null" in err


def _european_twins(tmp_path):
    """The same monthly series as a `;` file with decimal commas and day-first dates, and as a
    plain comma file with ISO dates."""
    s = monthly()
    eu, plain = tmp_path / "eu.csv", tmp_path / "plain.csv"
    eu.write_text("date;sales\n" + "".join(f"{t:%d/%m/%Y};{v:.4f}".replace(".", ",") + "\n" for t, v in s.items()))
    plain.write_text("date,sales\n" + "".join(f"{t:%Y-%m-%d},{v:.4f}\n" for t, v in s.items()))
    return eu, plain


def test_the_readers_keywords_read_a_european_file_as_its_comma_twin(tmp_path):
    eu, plain = _european_twins(tmp_path)
    f = wavecast.fit(eu, "sales", "date", sep=";", decimal=",", date_order="day-first", **FAST)
    g = wavecast.fit(plain, "sales", "date", **FAST)
    pd.testing.assert_frame_equal(f.predict(4), g.predict(4))
    # the model keeps how its file was read (the CLI's forecast --data reads new files so)
    assert (f.config.data.sep, f.config.data.decimal, f.config.data.date_order) == (";", ",", "day-first")
    # data__ keys reach the reader too (they were taken into the config and never read with)
    h = wavecast.fit(eu, "sales", "date", data__sep=";", data__decimal=",", data__date_order="day-first", **FAST)
    pd.testing.assert_frame_equal(h.predict(4), g.predict(4))


def test_the_readers_keywords_are_checked_and_said_in_python_words(tmp_path):
    eu, _ = _european_twins(tmp_path)
    with pytest.raises(ValidationError, match=r"pass sep=';' decimal=','$"):
        wavecast.fit(eu, "sales", "date", **FAST)
    with pytest.raises(wavecast.ConfigError, match=r"^sep must be"):  # the keyword given, not data.sep
        wavecast.fit(eu, "sales", "date", sep=":", **FAST)
    # a file option on a DataFrame was a TypeError from deep in the reader
    with pytest.raises(ValidationError, match=r"^thousands=, sep= read a CSV or Parquet file; a Series is"):
        wavecast.fit(monthly(), thousands=",", sep=";", **FAST)


def test_a_set_flag_followed_by_more_words_is_said_as_the_keyword_it_is():
    """The drivers check's note ends "--set eval.without_drivers=false skips it)": a space after
    the value stopped the match, and Python's words read "--set eval__without_drivers=false"."""
    from wavecast.api_words import python_words

    said = python_words("(the same net; --set eval.without_drivers=false skips it)")
    assert said == "(the same net; eval__without_drivers=False skips it)"
    assert python_words("--set direct.seasons=2 asks for the week") == "direct__seasons=2 asks for the week"
    assert python_words("to read 7: --set window.input_len=7)") == "to read 7: input_len=7)"  # as before
    # the keyword said is one fit takes, with the value said
    assert wavecast.Forecaster(eval__without_drivers=False).get_params()["eval__without_drivers"] is False
