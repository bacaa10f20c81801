"""Messages about a pandas Series without a name (or a NumPy array) name what the user gave, not
the column 'value' wavecast holds its values in: wavecast.fit(series) with a missing value said
"column 'value' in the Series has 1 missing value ...", a column the user never made. Now "the
Series has 1 missing value ...", "the array ...", a named Series "the Series 'sales' ...", and the
notes of a fit ("extreme value in the training data: the Series at 2017-07-01 ...") alike."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.errors import ValidationError

IDX = pd.date_range("2015-01", periods=48, freq="MS")
BASE = 100 + 10 * np.sin(np.arange(48) * np.pi / 6)


@pytest.mark.parametrize("values, said", [
    (np.where(np.arange(48) == 10, np.nan, BASE), "has 1 missing value (1 inside), first at row 11 (2015-11-01)"),
    ([f"{v:.2f}" for v in BASE[:47]] + ["x"], "has 1 non-numeric value, first at row 48: 'x'"),
    (np.where(np.arange(48) == 10, np.inf, BASE), "contains infinity at row 11"),
    (np.arange(48) % 2 == 0, "is boolean"),
    (np.full(48, np.nan), "has only missing values"),
    (np.arange(48) * 1e-311, "varies by only"),
])
def test_an_unnamed_series_is_the_series_in_errors(values, said):
    with pytest.raises(ValidationError) as e:
        wavecast.fit(pd.Series(values, index=IDX), horizon=3, epochs=1)
    msg = str(e.value)
    assert msg.startswith(f"the Series {said}"), msg
    assert "'value'" not in msg


def test_an_array_and_a_named_series_are_said_as_given():
    y = np.where(np.arange(48) == 10, np.nan, BASE)
    with pytest.raises(ValidationError, match=r"^the array has 1 missing value \(1 inside\), first at row 11;"):
        wavecast.fit(y, horizon=3, epochs=1)
    with pytest.raises(ValidationError, match=r"^the Series 'sales' has 1 missing value \(1 inside\)"):
        wavecast.fit(pd.Series(y, index=IDX, name="sales"), horizon=3, epochs=1)
    # a DataFrame's column keeps its name and its frame
    with pytest.raises(ValidationError, match=r"^column 'sales' in the DataFrame has 1 missing value"):
        wavecast.fit(pd.DataFrame({"sales": y}, index=IDX), horizon=3, epochs=1)


def test_a_fits_notes_on_an_unnamed_series_say_the_series():
    idx = pd.date_range("2015-01", periods=72, freq="MS")
    y = 100 + 10 * np.sin(np.arange(72) * np.pi / 6) + np.random.default_rng(0).normal(0, 1, 72)
    y[30] = 1000.0  # an extreme value: its note names the series
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        wavecast.fit(pd.Series(y, index=idx), horizon=3, epochs=1)
    said = [str(x.message) for x in w if "extreme value" in str(x.message)]
    assert said and said[0].startswith("extreme value in the training data: the Series at 2017-07-01"), said
    assert not [str(x.message) for x in w if "'value'" in str(x.message)]
