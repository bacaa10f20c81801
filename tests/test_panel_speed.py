"""Work a bigger panel must not pay for: each test pins a shortcut that changed no output
(docs/benchmarks.md, "A bigger panel")."""

import pandas as pd
import pytest
from pandas.core.strings.accessor import StringMethods

from wavecast.data import yearparts


def test_a_column_of_dates_is_not_read_row_by_row_as_months(monkeypatch):
    """text_style on 240,000 dates ran a regular expression over every row (2 s of a 2,000-series
    read) to learn what the first value already says: they are no months."""
    dates = pd.Series(pd.date_range("2010-01-01", periods=500, freq="MS").strftime("%Y-%m-%d"))

    def boom(*a, **k):
        raise AssertionError("str.extract over the whole column")

    monkeypatch.setattr(StringMethods, "extract", boom)
    assert yearparts.text_style(dates) == ""


@pytest.mark.parametrize("text,style", [("1982-04", "{y}-{m}"), ("04/1982", "{m}/{y}"), ("Apr 1982", "{b} {y}")])
def test_months_are_still_read_as_months(text, style):
    first = pd.Timestamp("1982-04-01")
    stamps = pd.date_range(first, periods=3, freq="MS")
    col = pd.Series(yearparts.as_text(stamps, style))
    assert col.iloc[0] == text
    assert yearparts.text_style(col) == style
