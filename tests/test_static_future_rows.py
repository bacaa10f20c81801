"""A static column left empty on some of a series' rows, its future rows above all (target
empty, the future covariates filled), is the series' value from the rows that give it; a series
that gives it on no row is refused as before."""

import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.errors import ValidationError

H = 4


def _panel(future_static: bool) -> pd.DataFrame:
    """Quarterly takings of three states beside a price index, each state's region (a category),
    and H future rows a state holding the index only (fpp3's aus_accommodation in miniature)."""
    rng = np.random.default_rng(0)
    rows = []
    for k, (state, region) in enumerate([("act", "east"), ("nsw", "east"), ("wa", "west")]):
        t = pd.period_range("2000Q1", periods=40 + H, freq="Q").to_timestamp()
        cpi = 67 + 0.5 * np.arange(40 + H)
        y = 50 + 10 * k + 0.3 * cpi + 4 * np.sin(np.arange(40 + H) * np.pi / 2) + rng.normal(0, 1, 40 + H)
        y[40:] = np.nan  # the future rows: target empty
        reg = [region] * 40 + ([region] * H if future_static else [None] * H)
        rows.append(pd.DataFrame({"quarter": t, "state": state, "takings": y, "cpi": cpi, "region": reg}))
    return pd.concat(rows, ignore_index=True)


def _fit(df):
    return wavecast.fit(df, target="takings", time="quarter", id="state", future=["cpi"], static=["region"],
                        horizon=H, test_len=H, epochs=2, hidden_size=4, input_len=8, seed=0,
                        eval__without_drivers=False, eval__driver_importance=0)


def test_future_rows_without_the_static_value_read_the_series_value():
    # was: "static column 'region' in the DataFrame is missing for series 'act'; give every series its value"
    f = _fit(_panel(future_static=False))
    fc = f.predict(H)
    assert len(fc) == 3 * H and np.isfinite(fc["forecast"]).all()
    # the same forecasts as a file that repeats the value on its future rows
    g = _fit(_panel(future_static=True))
    pd.testing.assert_frame_equal(fc, g.predict(H))


def test_a_series_without_its_static_value_on_any_row_is_still_refused():
    df = _panel(future_static=True)
    df.loc[df.state == "wa", "region"] = None
    with pytest.raises(ValidationError, match="static column 'region' .*is missing for series 'wa'; give every "
                                              "series its value"):
        _fit(df)


def test_a_static_value_missing_in_the_history_is_said():
    # was: filled from the series' other rows without a word (since 46adb05); the future rows'
    # empty statics (the usual file) are still said nothing
    df = _panel(future_static=False)
    df.loc[(df.state == "nsw") & (df.quarter == df.quarter.iloc[5]), "region"] = None
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        f = _fit(df)
    said = ("static column 'region' in the DataFrame is empty on history rows of series 'nsw': each read as the "
            "value the series' other rows give")
    assert said in [str(w.message) for w in seen]
    with warnings.catch_warnings(record=True) as quiet:
        warnings.simplefilter("always")
        g = _fit(_panel(future_static=False))
    assert not any("empty on history rows" in str(w.message) for w in quiet)
    pd.testing.assert_frame_equal(f.predict(H), g.predict(H))  # the series' one value, as before


def test_the_cli_says_a_static_value_missing_in_the_history(tmp_path, capsys, monkeypatch):
    from wavecast.cli import main

    df = _panel(future_static=True)
    df.loc[[3, 7], "region"] = None  # two history rows of 'act'
    df.to_csv(tmp_path / "p.csv", index=False)
    monkeypatch.chdir(tmp_path)
    assert main(["run", "--data", "p.csv", "--target", "takings", "--time", "quarter", "--id", "state",
                 "--future", "cpi", "--static", "region", "--horizon", str(H), "--out", "r",
                 "--set", "train.epochs=1", "--set", "model.hidden_size=4"]) == 0
    out = capsys.readouterr()
    assert ("static column 'region' in p.csv is empty on history rows of series 'act' (2 rows): each read as the "
            "value the series' other rows give") in out.out + out.err
