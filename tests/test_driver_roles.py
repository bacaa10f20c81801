"""Driver columns in the user's words: one listed twice in a role, and a fitted model's own past
and static columns in future= (they were called columns 'the model was not fitted with')."""

from types import SimpleNamespace

import pandas as pd
import pytest

from wavecast.api_words import python_words
from wavecast.config import ConfigError, DataConfig
from wavecast.future_frames import _unused_future


def test_a_column_listed_twice_in_one_role_says_so():
    with pytest.raises(ConfigError, match=r"^column 'price' is listed twice in --future; give each covariate once$") as e:
        DataConfig(future=("price", "price"))
    assert python_words(str(e.value)) == "column 'price' is listed twice in future=; give each covariate once"
    with pytest.raises(ConfigError, match=r"column 'price' is given as --past and --future"):
        DataConfig(past=("price",), future=("price",))


def _ds():
    cov = SimpleNamespace(future=["price"], past=["temp"], static=["size"])
    return SimpleNamespace(covariates=cov, time="date", targets=(), ids=["s1"])


def test_past_and_static_columns_in_future_are_said_as_what_they_are():
    frame = pd.DataFrame({"store": ["s1"], "date": ["2024-01-01"], "price": [1.0], "size": [2.0], "temp": [20.0]})
    note = _unused_future(frame, _ds(), "store")
    assert "not fitted with" not in note
    assert "past covariate(s) ('temp'): known up to the origin only, not read after it" in note
    assert "static covariate(s) ('size'): read from the data the model was fitted on" in note
    misspelt = _unused_future(frame.assign(prcie=1.0), _ds(), "store")
    assert misspelt.startswith("future= held column(s) the model was not fitted with ('prcie'): not read; ")
    assert _unused_future(frame[["store", "date", "price"]], _ds(), "store") is None
