"""A fitted model given new data: future= beside data='s own future rows, weeks dated on another
weekday, and the words of a few refusals (a saved folder as run --out, a driver's gap in data=, an
unnamed Series' forecast)."""

import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.cli import main
from wavecast.errors import ValidationError, WavecastNote

H = 3


def _driven(n=60):
    """Two shops, y = base + 3 x, with H future rows a shop (y empty, x given)."""
    rng = np.random.default_rng(0)
    rows = []
    for sid, base in (("a", 20.0), ("b", 50.0)):
        x = rng.normal(0, 1, n + H)
        y = base + 3 * x + rng.normal(0, 0.3, n + H)
        y[n:] = np.nan
        rows.append(pd.DataFrame({"shop": sid, "day": pd.date_range("2024-01-01", periods=n + H, freq="D"),
                                  "x": x, "y": y}))
    return pd.concat(rows, ignore_index=True)


@pytest.fixture(scope="module")
def driven():
    df = _driven()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = wavecast.fit(df[df.y.notna()], target="y", time="day", id="shop", future=["x"], horizon=H, test_len=3,
                         epochs=1, input_len=14)
    return f, df


def _notes(call):
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        out = call()
    return out, [str(w.message) for w in got if issubclass(w.category, WavecastNote)]


def test_future_given_beside_datas_own_future_rows_says_where_they_differ(driven):
    f, df = driven
    ahead = df[df.y.isna()][["shop", "day", "x"]]
    _, notes = _notes(lambda: f.predict(H, df, future=ahead))  # the same values: nothing to say
    assert not [n for n in notes if "future=" in n], notes
    other = ahead.copy()
    other.loc[other.shop == "a", "x"] += 1.0
    got, notes = _notes(lambda: f.predict(H, df, future=other))
    said = [n for n in notes if n.startswith("future= and data=")]
    assert said == ["future= and data= give column 'x' different values on 3 of 6 forecast steps (1 series: 'a'); "
                    "future= was used (it replaces the rows after each series' end in data=)"], notes
    # future= won, as before: the forecast is the one of data= holding future='s values
    moved = df.copy()
    moved.loc[moved.y.isna() & (moved.shop == "a"), "x"] += 1.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pd.testing.assert_frame_equal(got, f.predict(H, moved))


def test_a_gap_in_a_driver_of_data_is_named_as_the_models_column_of_data(driven, tmp_path, capsys):
    f, df = driven
    gap = df.copy()
    gap.loc[(gap.shop == "a") & (gap.day == gap.day.max()), "x"] = np.nan
    with pytest.raises(ValidationError) as e:
        f.predict(H, gap)
    msg = str(e.value)  # it read "column 'x' (future=) in the DataFrame", a future= the user never gave
    assert "(future=)" not in msg and msg.startswith("column 'x' (the model's future covariate) of data= is missing "
                                                     "for series 'a' at row 63"), msg
    f.save(tmp_path / "m")
    gap.to_csv(tmp_path / "gap.csv", index=False)
    assert main(["forecast", str(tmp_path / "m"), "--data", str(tmp_path / "gap.csv"), "--out",
                 str(tmp_path / "f.csv")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"column 'x' (the model's future covariate) of {tmp_path / 'gap.csv'} is " \
        "missing" in err, err


def _weekly(weekday: str, n=80):
    rng = np.random.default_rng(1)
    weeks = pd.date_range("2022-01-01", periods=n, freq=f"W-{weekday}")
    return pd.DataFrame({"week": weeks, "y": 20 + 5 * np.sin(np.arange(n) * 2 * np.pi / 13) + rng.normal(0, .3, n)})


def test_weeks_dated_on_another_weekday_are_refused_naming_both(tmp_path, capsys):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = wavecast.fit(_weekly("MON"), target="y", time="week", horizon=H, test_len=3, epochs=1, input_len=20)
    sundays = _weekly("SUN")  # the same weeks' values dated a day earlier: forecast on Sundays without a word
    want = (r"trained on weeks dated on Mondays \(W-MON\); the data given is dated on Sundays \(W-SUN\).*date each "
            r"week on its Monday")
    with pytest.raises(ValidationError, match=want):
        f.predict(H, sundays)
    f.save(tmp_path / "m")
    sundays.to_csv(tmp_path / "sun.csv", index=False)
    assert main(["forecast", str(tmp_path / "m"), "--data", str(tmp_path / "sun.csv"), "--out",
                 str(tmp_path / "f.csv")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Mondays (W-MON)" in err and "Sundays (W-SUN)" in err, err
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = f.predict(H, _weekly("MON"))  # the model's weekday: forecast on it
    assert (pd.DatetimeIndex(got["week"]).day_of_week == 0).all()


def test_run_out_on_a_saved_model_says_what_can_be_done(driven, tmp_path, capsys):
    f, df = driven
    f.save(tmp_path / "saved")  # a model folder, no checkpoint: --resume has nothing to continue
    df[df.y.notna()].to_csv(tmp_path / "d.csv", index=False)
    assert main(["run", "--data", str(tmp_path / "d.csv"), "--target", "y", "--time", "day", "--id", "shop",
                 "--out", str(tmp_path / "saved"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "--resume to continue" not in err, err
    assert err.strip().endswith("already holds a run (model/); choose another --out, or pass --overwrite to replace "
                                "it (it holds no checkpoint to --resume)"), err


def test_an_unnamed_series_is_forecast_unnamed_fitted_and_loaded(tmp_path):
    s = pd.Series(20 + 5 * np.sin(np.arange(80) * 2 * np.pi / 7), index=pd.date_range("2024-01-01", periods=80,
                                                                                         freq="D"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = wavecast.fit(s, horizon=H, test_len=3, epochs=1, input_len=14)
        f.save(tmp_path / "m")
        loaded = wavecast.load(tmp_path / "m")
        got = f.predict(H)
        assert got.name is None  # was 'value', a name the user never gave
        pd.testing.assert_series_equal(loaded.predict(H), got)
        assert f.predict(H, s).name is None and f.predict(H, s.rename("sales")).name == "sales"
