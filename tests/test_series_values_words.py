"""A pandas Series or a NumPy array given as the data holds values, not a column: wavecast.fit(s)
of a boolean Series said "the Series is boolean; a numeric column is required", the remedies of
its text said "convert the column to numbers first", "pd.to_timedelta(df[column])", "rescale the
column", the note on '$1,000.50' text "column 'value' read as numbers" and a missing time in its
index "column 'time' in the Series". A DataFrame's column keeps its column words."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.data.reader import from_object
from wavecast.errors import ValidationError

IDX = pd.date_range("2015-01", periods=48, freq="MS")


def _refusal(data, **kw) -> str:
    with pytest.raises(ValidationError) as e:
        wavecast.fit(data, horizon=3, epochs=1, **kw)
    msg = str(e.value)
    assert "\n" not in msg
    return msg


@pytest.mark.parametrize("data, start, fix", [
    (pd.Series(np.arange(48) % 2 == 0, index=IDX), "the Series is boolean; ", ".astype(int)"),
    (pd.Series(np.arange(48) % 2 == 0, index=IDX, name="open"), "the Series 'open' is boolean; ", ".astype(int)"),
    (np.arange(48) % 2 == 0, "the array is boolean; ", ".astype(int)"),
    (pd.Series(IDX), "the Series holds dates/times; ", "index"),
    (pd.Series(np.arange(48) + 1j, index=IDX), "the Series is complex; ", ".real"),
])
def test_a_series_or_array_of_no_numbers_is_asked_for_numeric_values(data, start, fix):
    msg = _refusal(data)
    assert msg.startswith(start), msg
    assert "column" not in msg and fix in msg, msg


def test_a_dataframes_boolean_column_is_named_with_its_conversion():
    df = pd.DataFrame({"open": np.arange(48) % 2 == 0}, index=IDX)
    msg = _refusal(df, target="open")
    assert msg == ("column 'open' in the DataFrame is boolean; a numeric column is required, "
                   "e.g. df['open'] = df['open'].astype(int)"), msg


@pytest.mark.parametrize("values, fix", [
    (["02:55:10"] * 48, "convert the Series to a number first, e.g. '02:55:10' to 175.167 minutes: "
                        "pd.to_timedelta(s).dt.total_seconds() / 60"),
    (["1,5"] * 48, "convert the Series to numbers first, e.g. '1,5' to 1.5"),
    (["1,234", "2,345"] * 24, "convert the Series to numbers first, e.g. '1,234' to 1234"),
    (["€1.234", "€2.345"] * 24, "convert the Series to numbers first"),
    (["$1", "€2"] * 24, "marks '$' and '€' in the Series: give the numbers in one unit"),
    (list(IDX.strftime("%Y-%m-%d")), "give them as a Series' index and the numbers to forecast as its values"),
])
def test_the_remedy_of_a_series_text_speaks_of_the_series(values, fix):
    msg = _refusal(pd.Series(values, index=IDX))
    assert fix in msg and "column" not in msg, msg


def test_a_series_too_large_for_float32_is_rescaled_as_the_series():
    msg = _refusal(pd.Series(np.r_[np.ones(47), 1e39], index=IDX))
    assert msg.endswith("rescale the Series"), msg
    assert _refusal(np.r_[np.ones(47), 1e39]).endswith("rescale the array")
    big = pd.Series([1] * 47 + [10**40], index=IDX, dtype=object)
    assert _refusal(big).endswith("rescale the Series")


def test_a_series_of_marked_numbers_is_noted_as_the_series():
    ds = from_object(pd.Series([f"${i},000.50" for i in range(1, 49)], index=IDX))
    assert ds.notes[0].startswith("the Series read as numbers without its currency mark '$'"), ds.notes
    ds = from_object(pd.DataFrame({"sales": [f"${i},000.50" for i in range(1, 49)]}, index=IDX))
    assert ds.notes[0].startswith("column 'sales' read as numbers"), ds.notes


def test_a_missing_time_in_a_series_index_is_said_of_its_index():
    idx = IDX.insert(5, pd.NaT)[:48]
    assert _refusal(pd.Series(np.arange(48.0), index=idx)) == "the index of the Series has a missing time at row 6"
