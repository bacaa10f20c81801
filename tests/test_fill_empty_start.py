"""--fill linear leaves a series' empty start out, as it leaves out its empty end: it fills gaps
inside a series only. It held the first value over the start: ggplot2's txhousing, read with
--fill linear for its gaps (as another city's refusal advised), gave South Padre Island 116
invented flat months of its 187, and flat history shrinks the series' MASE scale."""

import numpy as np
import pandas as pd
import pytest

from wavecast.data import reader


def _panel(tmp_path, with_driver=False):
    days = pd.date_range("2020-01-01", periods=30, freq="D").strftime("%Y-%m-%d").tolist()
    late = np.r_[[np.nan] * 12, np.arange(18.0) + 100]
    late[20] = np.nan  # a gap inside it too: --fill linear is what the refusal offers for it
    df = pd.DataFrame({"day": days * 2, "city": ["a"] * 30 + ["b"] * 30,
                       "sales": np.r_[np.arange(30.0), late]})
    if with_driver:
        df["price"] = np.arange(60.0)
    p = tmp_path / "panel.csv"
    df.to_csv(p, index=False)
    return p


def test_the_empty_start_is_left_out_and_the_gap_inside_filled(tmp_path):
    p = _panel(tmp_path)
    with pytest.raises(Exception, match="fill or drop them, or pass --fill linear"):
        reader.read(p, target="sales", time="day", id="city")
    ds = reader.read(p, target="sales", time="day", id="city", fill="linear")
    b = ds.ids.index("b")
    assert len(ds.values[b]) == 18 and ds.values[b][0] == 100.0  # starts at its first value
    assert str(ds.times[b][0].date()) == "2020-01-13" and len(ds.times[b]) == 18
    assert ds.values[b][20 - 12] == pytest.approx((107 + 109) / 2)  # the gap inside: a line
    assert np.flatnonzero(ds.filled[b]).tolist() == [8]  # only the gap is a filled value
    said = " ".join(ds.notes)
    assert "12 missing values for id 'b' at the start left out, not filled" in said and "2020-01-13" in said
    assert "held at the first value" not in said


def test_the_covariates_start_with_the_series(tmp_path):
    p = _panel(tmp_path, with_driver=True)
    ds = reader.read(p, target="sales", time="day", id="city", fill="linear", past=["price"])
    b = ds.ids.index("b")
    cov = ds.covariates.values[b]  # the driver's rows: the ones of the series' own days
    assert len(cov) == len(ds.values[b]) == 18
    np.testing.assert_array_equal(cov[:, 0], np.arange(42.0, 60.0))
