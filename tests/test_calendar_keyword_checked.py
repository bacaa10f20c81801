"""calendar= takes True or False: calendar='no' (or 'false', as a config file or a form writes it)
is truthy, so it read the calendar, said only among the covariates' notes ('covariates: calendar
dayofweek_sin, dayofweek_cos; ...'), and trained a model with drivers the user had turned off."""

import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.errors import ValidationError


def _days():
    t = pd.date_range("2024-01-01", periods=60, freq="D")
    return pd.DataFrame({"date": t, "y": 10 + np.sin(np.arange(60) * 2 * np.pi / 7)})


@pytest.mark.parametrize("value", ["no", "false", "True", 0, 1.0, ["dayofweek"]])
def test_anything_but_a_bool_is_refused_naming_it(value):
    for call in (wavecast.fit, wavecast.backtest):
        with pytest.raises(ValidationError) as err:
            call(_days(), target="y", time="date", calendar=value, epochs=1)
        assert str(err.value) == f"calendar= must be True or False (got {value!r})"


def test_a_numpy_bool_is_a_bool():
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        wavecast.fit(_days(), target="y", time="date", calendar=np.False_, input_len=8, horizon=3, epochs=1,
                     overrides=["model.hidden_size=4"])
    assert not any("covariates:" in str(w.message) for w in seen), [str(w.message) for w in seen]
