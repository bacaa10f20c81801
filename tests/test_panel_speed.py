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


def _panel_meta(ends):
    """model.json's data section for monthly series ending at `ends`, 3 points kept each."""
    series = [{"id": f"s{i}", "context": [1.0, 2.0, 3.0], "length": 10, "last_time": end,
               "mean": [0.0], "scale": [1.0]} for i, end in enumerate(ends)]
    return {"data": {"series": series, "freq": "MS", "time": "date", "id": "id", "datetime": True}}


def test_a_loaded_panel_builds_each_tail_range_once(monkeypatch):
    """Loading a model built pd.date_range once per series (2,000 calls for 2,000 series ending
    on the same month); it is built once per distinct end, and each series gets its own copy."""
    from wavecast.io.data_section_read import read_series_meta

    calls = []
    real = pd.date_range
    monkeypatch.setattr(pd, "date_range", lambda *a, **k: calls.append(k) or real(*a, **k))
    ends = ["2019-12-01", "2019-12-01", "2019-12-01", "2018-06-01"]
    ds, _, starts = read_series_meta(_panel_meta(ends), 3, "m")
    assert len(calls) == 2
    assert starts == [7, 7, 7, 7]
    for t, end in zip(ds.times, ends, strict=True):
        assert t.equals(real(end=end, periods=3, freq="MS")) and t.freqstr == "MS"
    assert ds.times[0] is not ds.times[1]


def test_model_digest_text_is_the_c_encoders_and_dumps_exact(monkeypatch):
    """model.json's digest (json.dumps(body, sort_keys=True), in pieces) went through the
    pure-Python encoder, a generator step a value: 0.37 s of cpu a load of a 2,000-series model.
    Its pieces now come from the C encoder below the top levels; the text is dumps' own."""
    import json

    from wavecast.io import jsonstream, modelformat

    doc = {"data": {"series": [{"id": f"s{i}", "context": [0.1 * i, -0.0, 1e300, 7], "t": None}
                               for i in range(50)], "freq": "MS", "ints": {3: "a", 10: "b"}},
           "metrics": {"per_series": [{"é": True, "a, b": [1, (2, 3)]}], "empty": {}, "none": []}}
    want = json.dumps(doc, sort_keys=True)
    expected = modelformat._meta_digest(doc)

    def boom(*a, **k):
        raise AssertionError("the pure-Python encoder")

    monkeypatch.setattr(json.encoder, "_make_iterencode", boom)
    assert b"".join(jsonstream.blocks(doc, size=64, sort_keys=True)).decode() == want
    assert modelformat._meta_digest(doc) == expected
