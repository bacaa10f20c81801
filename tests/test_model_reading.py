"""A model keeps the reading options it was fitted with (fill=, sort=, sep=, ...): predict(h, data)
reads new data as `wavecast forecast --data` does, not with the reader's defaults."""

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.cli import main
from wavecast.errors import ValidationError


def _panel(n=70, gap=None):
    rng = np.random.default_rng(0)
    rows = []
    for sid, base in (("a", 20.0), ("b", 50.0)):
        t = np.arange(n)
        y = base + 5 * np.sin(2 * np.pi * t / 7) + rng.normal(0, 0.5, n)
        rows.append(pd.DataFrame({"shop": sid, "day": pd.date_range("2024-01-01", periods=n, freq="D"), "y": y}))
    df = pd.concat(rows, ignore_index=True)
    if gap is not None:
        df.loc[(df.shop == "a") & (df.day == df.day.min() + pd.Timedelta(days=gap)), "y"] = np.nan
    return df


@pytest.fixture(scope="module")
def filled_model(tmp_path_factory):
    folder = tmp_path_factory.mktemp("m") / "model"
    f = wavecast.fit(_panel(gap=30), target="y", time="day", id="shop", fill="linear", horizon=3, test_len=3,
                     epochs=1, input_len=14)
    f.save(folder)
    return f, folder


def test_predict_on_new_data_fills_as_the_model_was_fitted(filled_model, tmp_path):
    f, folder = filled_model
    later = _panel(n=80, gap=30)  # the same gap, ten days more
    expected = f.predict(3, later, fill="linear")
    for model in (f, wavecast.load(folder)):  # fitted and loaded alike
        got = model.predict(3, later)  # was refused: "... has 1 missing value ...; pass fill='linear'"
        pd.testing.assert_frame_equal(got, expected)
    # the CLI read the same file the same way all along: the two give the same numbers
    later.to_csv(tmp_path / "later.csv", index=False)
    assert main(["forecast", str(folder), "--data", str(tmp_path / "later.csv"), "--out", str(tmp_path / "f.csv"),
                 "--quiet"]) == 0
    cli = pd.read_csv(tmp_path / "f.csv")
    np.testing.assert_array_equal(cli["forecast"].to_numpy(), expected["forecast"].to_numpy())
    with pytest.raises(ValidationError, match="missing value"):  # a keyword given to predict wins
        f.predict(3, later, fill="none")


def test_a_file_is_read_with_the_kept_separator_and_decimal_mark(tmp_path):
    df = _panel()
    df.to_csv(tmp_path / "train.csv", sep=";", decimal=",", index=False)
    f = wavecast.fit(tmp_path / "train.csv", target="y", time="day", id="shop", sep=";", decimal=",", horizon=3,
                     test_len=3, epochs=1, input_len=14)
    expected = f.predict(3)
    got = f.predict(3, tmp_path / "train.csv")  # was refused: no column 'y' in a file read with ','
    np.testing.assert_array_equal(got["forecast"].to_numpy(), expected["forecast"].to_numpy())
    # a comma-separated file given with sep=',' reads its decimals as '.', as the CLI's --sep ',' does
    df.to_csv(tmp_path / "comma.csv", index=False)
    got = f.predict(3, tmp_path / "comma.csv", sep=",")
    np.testing.assert_array_equal(got["forecast"].to_numpy(), expected["forecast"].to_numpy())


def test_predict_says_what_reading_its_data_did_as_forecast_does(filled_model, tmp_path, capsys):
    f, folder = filled_model
    later = _panel(n=80, gap=30).assign(staff=3.0, visits=lambda d: d["y"] * 2)
    with pytest.warns(wavecast.WavecastNote) as caught:  # a model of its own: f has said these notes before
        wavecast.load(folder).predict(3, later, fill="linear")
    said = [str(w.message) for w in caught]
    # the gap filled in the new rows was filled without a word in Python, said by forecast --data
    assert "1 missing value for id 'a' filled linearly" in said
    # a column the model does not read: predict takes no past=/static=, so the note names fit
    assert any(n.startswith("column 'visits' is not used: the model was fitted without it") for n in said)
    assert not any("pass past=" in n or "pass static=" in n for n in said)
    later.to_csv(tmp_path / "later.csv", index=False)
    assert main(["forecast", str(folder), "--data", str(tmp_path / "later.csv"), "--out",
                 str(tmp_path / "f.csv")]) == 0
    assert "note: 1 missing value for id 'a' filled linearly" in capsys.readouterr().out


def test_the_new_rows_alone_are_refused_saying_to_give_the_history_with_them(filled_model):
    f, folder = filled_model
    later = _panel(n=80)
    new_rows = later[later.day > later.day.min() + pd.Timedelta(days=69)]  # the ten new days of each shop
    for model in (f, wavecast.load(folder)):
        with pytest.raises(ValidationError, match=r"model needs the last 14 values; got 10 \(series '[ab]'\): give "
                                                  r"each series' history with its new rows, not the new rows alone"):
            model.predict(3, new_rows)
    with pytest.raises(ValidationError, match=r"got 10 \(series 'z'\): give each series at least that many values"):
        f.predict(3, new_rows.assign(shop="z").drop_duplicates("day"))
