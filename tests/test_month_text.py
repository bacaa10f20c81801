"""Forecasts of monthly data written as '1982-04', 'Apr 1982' or '1939 Jan' write their times the
same way, as quarters and ISO weeks already did (data.yearparts.MONTH_STYLES): they came out as
'2017-10-01', so a user appending them to the history mixed two formats."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.cli import main
from wavecast.data.yearparts import parse_text, text_style


def _months(form: str, n: int = 48) -> pd.DataFrame:
    t = pd.date_range("2010-01-01", periods=n, freq="MS")
    y = 100 + 10 * np.sin(np.arange(n) * np.pi / 6) + np.arange(n)
    return pd.DataFrame({"month": t.strftime(form), "sales": y})  # (C locale: English names)


@pytest.mark.parametrize("form, style, after", [("%Y-%m", "{y}-{m}", ["2014-01", "2014-02"]),
                                                ("%b %Y", "{b} {y}", ["Jan 2014", "Feb 2014"]),
                                                ("%Y %b", "{y} {b}", ["2014 Jan", "2014 Feb"])])
def test_the_cli_writes_forecasts_in_the_datas_own_months(tmp_path, form, style, after):
    _months(form).to_csv(tmp_path / "d.csv", index=False)
    assert main(["run", "--data", str(tmp_path / "d.csv"), "--horizon", "2", "--out", str(tmp_path / "r"),
                 "--set", "train.epochs=1", "--quiet"]) == 0
    assert json.loads((tmp_path / "r" / "model" / "model.json").read_text())["data"]["time_text"] == style
    assert main(["forecast", str(tmp_path / "r"), "--out", str(tmp_path / "f.csv"), "--quiet"]) == 0
    assert list(pd.read_csv(tmp_path / "f.csv")["month"]) == after


def test_predict_writes_them_so_fitted_and_loaded(tmp_path):
    df = _months("%B %Y")  # 'January 2010'
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = wavecast.fit(df, target="sales", time="month", horizon=2, epochs=1, seed=0)
        p = f.predict(2, level=[80])
        assert list(p["month"]) == ["January 2014", "February 2014"]
        f.save(tmp_path / "m")
        pd.testing.assert_frame_equal(wavecast.load(tmp_path / "m").predict(2, level=[80]), p)
        wavecast.plot(df, p)  # drawn on a time axis (the text read as dates)


def test_only_a_form_every_value_round_trips_is_kept():
    assert [text_style(pd.Series(v)) for v in (["1982-04", "1982-05"], ["04/1982"], ["May 1982", "June 1982"])] == [
        "{y}-{m}", "{m}/{y}", "{B} {y}"]
    # two-digit years, unpadded months, capitals, two forms, days: dates, as before
    for v in (["Jan-19", "Feb-19"], ["1982-4"], ["APR 1982"], ["Apr 1982", "1982-05"], ["2020-01-15"]):
        assert text_style(pd.Series(v)) == ""
    assert list(parse_text(pd.Series(["1939 Jan", "1939 Feb"]))) == list(pd.date_range("1939-01-01", periods=2,
                                                                                        freq="MS"))
