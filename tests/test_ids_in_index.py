"""A long frame whose ids are its index (df.set_index('unique_id'), as NeuralForecast's frames
kept them before 1.6): id='unique_id' reads the index (it was refused as "column 'unique_id'
(id=...) not found in the DataFrame; columns are ['ds', 'y']"), and without id= the refusal names
the index (it said "timestamp ... appears twice (rows 1, 73); drop the duplicates", which drops a
series)."""

import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.errors import ValidationError


def _panel() -> pd.DataFrame:
    ds = pd.date_range("1974-01-01", periods=48, freq="MS")
    t = np.arange(48.0)
    return pd.concat([pd.DataFrame({"unique_id": "m", "ds": ds, "y": 100 + 10 * np.sin(t / 2) + t}),
                      pd.DataFrame({"unique_id": "f", "ds": ds, "y": 50 + 5 * np.cos(t / 3)})], ignore_index=True)


def test_id_naming_the_index_reads_it_as_the_id_column():
    df = _panel()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        indexed = wavecast.fit(df.set_index("unique_id"), target="y", time="ds", id="unique_id",
                               horizon=3, epochs=1, seed=0)
        columns = wavecast.fit(df, target="y", time="ds", id="unique_id", horizon=3, epochs=1, seed=0)
        got, want = indexed.predict(3), columns.predict(3)
        again = indexed.predict(3, data=df.set_index("unique_id"))  # newer history indexed the same way
    pd.testing.assert_frame_equal(got, want)
    pd.testing.assert_frame_equal(again, want)
    assert list(got["unique_id"].unique()) == ["m", "f"]


@pytest.mark.parametrize("kw", [{}, {"target": "y"}, {"target": "y", "time": "ds"}])
def test_ids_in_the_index_without_id_are_named(kw):
    with pytest.raises(ValidationError, match=r"^the DataFrame looks like 2 series stacked in long format: its time "
                                              r"stamps repeat and its index 'unique_id' holds 2 values in blocks; "
                                              r"pass id='unique_id'$"):
        wavecast.fit(_panel().set_index("unique_id"), horizon=3, epochs=1, **kw)


def test_a_named_index_of_row_labels_is_left_alone():
    # one series, its rows labelled (unique): no ids there, read as before
    df = _panel().query("unique_id == 'm'").drop(columns="unique_id").rename_axis("row")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = wavecast.fit(df, target="y", time="ds", horizon=3, epochs=1)
    assert len(f.predict(3)) == 3


def test_future_rows_with_the_ids_in_their_index():
    # future= indexed by the model's id (its times a column): "future= has no column 'unique_id'"
    df = _panel()
    df["x"] = np.tile(np.arange(48.0) % 5, 2)
    train = df.groupby("unique_id", sort=False).head(45)
    futr = df.groupby("unique_id", sort=False).tail(3).drop(columns="y")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = wavecast.fit(train, target="y", time="ds", id="unique_id", future=["x"], horizon=3, epochs=1, seed=0)
        got, want = f.predict(3, future=futr.set_index("unique_id")), f.predict(3, future=futr)
    pd.testing.assert_frame_equal(got, want)
