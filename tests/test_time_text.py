"""Forecasts of data whose times are quarters or ISO weeks ('2020Q1', '1991 W06') write their times
the same way: they came out as dates (2020-01-01), so a user who appended them to the history
mixed two formats, and the file was read as steps with no season (quarters) or refused (weeks)."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.cli import main
from wavecast.data.yearparts import as_text, text_style

FAST = ["--set", "train.epochs=1", "--quiet"]


def _quarters(n: int = 40) -> pd.DataFrame:
    q = pd.period_range("2010Q1", periods=n, freq="Q")
    y = 100 + 10 * np.sin(np.arange(n) * np.pi / 2) + np.arange(n)
    return pd.DataFrame({"quarter": [f"{p.year}Q{p.quarter}" for p in q], "sales": y})


def _weeks(n: int = 150) -> pd.DataFrame:
    iso = pd.date_range("2018-01-01", periods=n, freq="W-MON").isocalendar()
    return pd.DataFrame({"week": [f"{a} W{b:02d}" for a, b in zip(iso.year, iso.week, strict=True)],
                         "sales": 50 + 5 * np.sin(np.arange(n) * 2 * np.pi / 52)})


@pytest.mark.parametrize("make, col, after", [(_quarters, "quarter", ["2020Q1", "2020Q2", "2020Q3"]),
                                              (_weeks, "week", ["2020 W47", "2020 W48", "2020 W49"])])
def test_the_cli_writes_forecasts_in_the_datas_own_quarters_or_weeks_and_reads_them_appended(
        tmp_path, make, col, after):
    make().to_csv(tmp_path / "d.csv", index=False)
    assert main(["run", "--data", str(tmp_path / "d.csv"), "--horizon", "3", "--out", str(tmp_path / "r"), *FAST]) == 0
    for more in ([], ["--data", str(tmp_path / "d.csv")]):  # the saved model's own series, and the file again
        assert main(["forecast", str(tmp_path / "r"), *more, "--level", "80", "--out", str(tmp_path / "f.csv"),
                     "--quiet"]) == 0
        fc = pd.read_csv(tmp_path / "f.csv")
        assert list(fc[col]) == after and (tmp_path / "f_plot.png").exists()
    # the history with its forecasts appended: one format, read on its time axis again
    both = pd.concat([make(), fc[[col, "forecast"]].rename(columns={"forecast": "sales"})])
    both.to_csv(tmp_path / "both.csv", index=False)
    assert main(["run", "--data", str(tmp_path / "both.csv"), "--horizon", "3", "--out", str(tmp_path / "r2"),
                 *FAST]) == 0
    assert main(["forecast", str(tmp_path / "r2"), "--out", str(tmp_path / "f2.csv"), "--quiet"]) == 0
    nxt = pd.read_csv(tmp_path / "f2.csv")
    assert col in nxt.columns and list(nxt[col])[0] == as_text(pd.DatetimeIndex([_next(after[-1])]), text_style(
        pd.Series(after)))[0]


def _next(text: str) -> pd.Timestamp:
    from wavecast.data.yearparts import parse_text

    t = parse_text(pd.Series([text]))[0]
    return t + (pd.DateOffset(months=3) if "Q" in text else pd.Timedelta(weeks=1))


def test_predict_writes_them_so_fitted_loaded_and_given_data(tmp_path):
    df = _quarters().assign(quarter=lambda d: [f"Q{q[-1]} {q[:4]}" for q in d["quarter"]])  # 'Q1 2010'
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = wavecast.fit(df, target="sales", time="quarter", horizon=3, epochs=1, seed=0)
        p = f.predict(3, level=[80])
        assert list(p["quarter"]) == ["Q1 2020", "Q2 2020", "Q3 2020"]
        pd.testing.assert_frame_equal(f.predict(3, data=df), f.predict(3))
        f.save(tmp_path / "m")
        back = wavecast.load(tmp_path / "m")
        pd.testing.assert_frame_equal(back.predict(3, level=[80]), p)
        wavecast.plot(df, p)  # drawn on a time axis (the text read as dates), as before
    meta = json.loads((tmp_path / "m" / "model" / "model.json").read_text())
    assert meta["data"]["time_text"] == "Q{q} {y}"


def test_only_one_way_of_writing_them_all_is_kept_and_a_damaged_key_is_refused(tmp_path):
    assert text_style(pd.Series(["2020Q1", "2020-Q2"])) == ""  # two ways: forecasts as dates, as before
    assert text_style(pd.Series(["2020-01-01", "2020-04-01"])) == ""
    assert text_style(pd.Series(["2020-W53", "2021-W01"])) == "{y}-W{w}"
    assert as_text(pd.date_range("2020-12-28", periods=2, freq="W-MON"), "{y}W{w}") == ["2020W53", "2021W01"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wavecast.fit(_quarters(), target="sales", time="quarter", horizon=3, epochs=1, seed=0).save(tmp_path / "m")
    path = tmp_path / "m" / "model" / "model.json"
    meta = json.loads(path.read_text())
    from wavecast.io.modelformat import _meta_digest

    del meta["data"]["time_text"]  # a file written before it: dates, as before
    meta["meta_sha256"] = _meta_digest(meta)
    path.write_text(json.dumps(meta))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert wavecast.load(tmp_path / "m").predict(1)["quarter"].dtype.kind == "M"
    meta["data"]["time_text"] = "{y}{q}!"  # signed again, as a file written so would be
    meta["meta_sha256"] = _meta_digest(meta)
    path.write_text(json.dumps(meta))
    with pytest.raises(wavecast.WavecastError, match="data section is damaged .time_text"):
        wavecast.load(tmp_path / "m")
