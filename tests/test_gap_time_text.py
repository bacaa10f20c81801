"""Messages about a time column written as quarters or ISO weeks ('2020Q1', '2018-W50') name its
periods as the data wrote them: a gap, a duplicate, rows out of order, a missing value, future
rows off the axis and a series that ends early were named as dates ('gap ... after 2014-10-01'),
which the user's file never holds."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast
from text_periods import iso_weeks, quarters
from wavecast.cli import main


def _quarters(n: int = 40) -> pd.DataFrame:
    return quarters(n)


def _weeks(n: int = 120) -> pd.DataFrame:
    return iso_weeks(n, sales=np.arange(n, dtype=float))


def _missing(df):
    out = df.copy()
    out.loc[20, "sales"] = np.nan
    return out


def _future(df):
    return pd.concat([df.assign(x=1.0), pd.DataFrame({"quarter": ["2020Q2"], "sales": [np.nan], "x": [1.0]})])


def _driver_missing(df):
    out = df.assign(x=1.0)
    out.loc[5, "x"] = np.nan
    return out


@pytest.mark.parametrize("data, kw, said", [
    (_quarters().drop(index=[20, 21]), {}, "gap of 2 missing step(s) after 2014Q4 in a quarterly series"),
    (_weeks().drop(index=[50]), {"time": "week"}, "gap of 1 missing step(s) after 2018-W50 in a weekly series"),
    (pd.concat([_quarters().iloc[:10], _quarters().iloc[9:]]), {}, "timestamp 2012Q2 appears twice"),
    (_quarters().iloc[[0, 1, 3, 2, *range(4, 40)]], {}, "at row 4 (2010Q3 after 2010Q4)"),
    (_missing(_quarters()), {}, "first at row 21 (2015Q1)"),
    (_future(_quarters()), {"future": ["x"]}, "after its last value on 2019Q4: expected 2020Q1, got 2020Q2; give "
                                             "one row a step from 2020Q1 on"),
    (_driver_missing(_quarters()), {"past": ["x"]}, "first at row 6 (2011Q2)"),
])
def test_a_refusal_names_the_periods_as_the_data_wrote_them(data, kw, said):
    kw = {"time": "quarter", **kw}
    with pytest.raises(wavecast.WavecastError) as err:
        wavecast.fit(data, target="sales", horizon=3, epochs=1, **kw)
    assert said in str(err.value)
    assert not any(c in str(err.value) for c in ("-01-01", "-04-01", "-10-01", "-12-10")), str(err.value)


def test_the_cli_says_the_gap_in_quarters(tmp_path, capsys):
    _quarters().drop(index=[20, 21]).to_csv(tmp_path / "q.csv", index=False)
    assert main(["run", "--data", str(tmp_path / "q.csv"), "--horizon", "3", "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err
    assert "gap of 2 missing step(s) after 2014Q4" in err and "use --fill-missing-dates" in err
    assert "2014-10-01" not in err


def test_a_series_ending_early_is_named_in_quarters():
    df = _quarters()
    panel = pd.concat([df.assign(shop="a"), df.iloc[:-4].assign(shop="b")])
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        wavecast.fit(panel, target="sales", time="quarter", id="shop", horizon=3, epochs=1, seed=0)
    said = [str(w.message) for w in seen if "before the panel's last time" in str(w.message)]
    assert said and "last time 2019Q4: 'b' at 2018Q4 (4 steps earlier)" in said[0]


def test_future_rows_given_to_predict_and_an_extreme_value_are_named_in_quarters():
    n = 40
    q = pd.period_range("2010Q1", periods=n + 3, freq="Q")
    df = pd.DataFrame({"quarter": [f"{p.year}Q{p.quarter}" for p in q], "x": np.arange(n + 3.0),
                       "sales": 100 + 10 * np.sin(np.arange(n + 3) * np.pi / 2) + np.arange(n + 3)})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = wavecast.fit(df.iloc[:n], target="sales", time="quarter", future=["x"], horizon=3, epochs=1, seed=0)
    with pytest.raises(wavecast.WavecastError, match=r"after its last value on 2019Q4: expected 2020Q2, got 2020Q3"):
        f.predict(3, future=df.iloc[[n, n + 2, n + 2]][["quarter", "x"]].assign(quarter=["2020Q1", "2020Q3", "2020Q4"]))
    spiked = df.iloc[:n].copy()
    spiked.loc[10, "sales"] = 1e4
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        wavecast.fit(spiked, target="sales", time="quarter", horizon=3, epochs=1, seed=0)
    assert any("the series 'sales' at 2012Q3 (point 11 of the series)" in str(w.message) for w in seen)
