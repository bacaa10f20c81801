"""The data reader on the user round's findings: an index that carries the time axis, anchored
frequencies kept through --fill-missing-dates, no pandas warning for zoned times, the static
hint for a column constant within each series, and a wrong --target named by its flag."""

import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.api_words import python_words
from wavecast.data.reader import from_frame, from_object
from wavecast.errors import ValidationError

Y = 100 + np.arange(40) + np.random.default_rng(0).normal(0, 2, 40)


def _quiet(fn, *a, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*a, **kw)


# ---------------------------------------------------------------- 1. the index as time axis

@pytest.mark.parametrize("index, first, freq", [
    (pd.Index(np.arange(1980, 2020), name="year"), 1980, 1),
    (pd.RangeIndex(1000, 1200, 5), 1000, 5),
    (pd.Index(np.arange(1980.0, 2020.0)), 1980, 1),  # whole floats: integer steps
])
def test_a_numeric_index_is_the_time_axis(index, first, freq):
    ds = from_object(pd.Series(Y, index=index, name="y"))
    assert ds.freq == freq and int(ds.times[0][0]) == first and ds.time == (index.name or "time")


def test_a_text_index_of_dates_reads_as_dates():
    index = pd.Index([str(p) for p in pd.period_range("2015-01", periods=40, freq="M")])
    ds = from_object(pd.Series(Y, index=index, name="y"))
    assert ds.freq == "MS" and ds.times[0][0] == pd.Timestamp("2015-01-01")


def test_the_default_index_stays_the_row_positions():
    ds = from_object(pd.Series(Y, name="y"))
    assert ds.time == "" and ds.freq is None


@pytest.mark.parametrize("index, msg", [
    (pd.Index([f"shop{i}" for i in range(40)]),
     r"^the index of the Series is text that does not read as dates \('shop0' at row 1\); give it dates"),
    (pd.Index(np.arange(40) / 2), r"^the index of the Series holds 0.5 at row 2, not a whole number"),
])
def test_an_index_that_is_no_time_axis_is_refused_in_one_line(index, msg):
    with pytest.raises(ValidationError, match=msg) as exc:
        from_object(pd.Series(Y, index=index, name="y"))
    assert "\n" not in str(exc.value)


def test_predict_continues_the_index_of_years_and_of_steps():
    f = _quiet(wavecast.fit, pd.Series(Y, index=pd.Index(np.arange(1980, 2020), name="year")), epochs=1, seed=0)
    assert list(f.predict(3).index) == [2020, 2021, 2022]
    g = _quiet(wavecast.fit, pd.DataFrame({"y": Y}, index=pd.RangeIndex(1000, 1200, 5)), epochs=1, seed=0)
    assert g.predict(3)["time"].tolist() == [1200, 1205, 1210]


# ------------------------------------------------ 2. anchored frequencies through the fill

@pytest.mark.parametrize("freq, want", [
    ("W-SUN", "W-SUN"), ("W-MON", "W-MON"), ("2W-WED", "2W-WED"), ("QS-OCT", "QS-JAN"), ("QS-FEB", "QS-FEB"),
    ("BMS", "BMS"), ("ME", "ME"), ("YS-JUL", "YS-JUL"), ("QE-NOV", "QE-NOV"), ("B", "B"),
])
def test_fill_missing_dates_keeps_an_anchored_frequency(freq, want):
    full = pd.date_range("2022-01-02", periods=60, freq=freq)
    df = pd.DataFrame({"t": full, "y": np.arange(60.0)}).drop(index=[10, 11, 40])
    ds = from_frame(df, "y", "t", fill_missing_dates=True)
    assert ds.freq == want
    assert ds.times[0].equals(pd.DatetimeIndex(full)) and np.allclose(ds.values[0], np.arange(60.0))
    assert any("3 missing time stamps" in n for n in ds.notes)


def test_a_weekly_gap_is_said_weekly_and_the_filled_run_keeps_season_52():
    w = pd.date_range("2022-01-02", periods=156, freq="W-SUN")
    df = pd.DataFrame({"week": w.strftime("%Y-%m-%d"), "orders": 200 + np.arange(156.0)}).drop(index=[40, 41, 90])
    with pytest.raises(ValidationError, match=r"gap of 2 missing step\(s\) after 2022-10-02 in a weekly series"):
        from_frame(df, "orders", "week")
    from wavecast.defaults import season_of

    ds = from_frame(df, "orders", "week", fill_missing_dates=True)
    assert ds.freq == "W-SUN" and season_of(ds.freq, ds.values[0])[0] == 52


# ------------------------------------------------------ 3. zoned times: no pandas warning

@pytest.mark.parametrize("fill", [False, True])
def test_utc_times_with_a_gap_leak_no_warning(fill):
    t = pd.date_range("2024-03-01", periods=60, freq="h", tz="UTC").strftime("%Y-%m-%dT%H:%M:%SZ")
    df = pd.DataFrame({"ts": t, "load": np.arange(60.0)}).drop(index=[10, 11, 30])
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        if fill:
            ds = from_frame(df, "load", "ts", fill_missing_dates=True)
            assert ds.freq == "h" and len(ds.values[0]) == 60
        else:
            with pytest.raises(ValidationError, match=r"gap of 2 missing step\(s\) after 2024-03-01 09:00:00\+00:00"):
                from_frame(df, "load", "ts")
    assert [str(w.message) for w in seen] == []


# ------------------------------------------- 4. a column constant within each series: static

def test_a_per_series_constant_column_points_to_static():
    df = pd.DataFrame({"store": np.repeat(["a", "b"], 20), "day": np.tile(pd.date_range("2024-01-01", periods=20), 2),
                       "sales": np.arange(40.0), "size": np.repeat([1200, 800], 20), "price": np.arange(40.0) % 7})
    notes = from_frame(df, "sales", "day", "store").notes
    assert "column 'size' is not used; it is constant within each series: pass --static to use it" in notes
    assert "column 'price' is not used; pass --past or --future to use it" in notes
    said = [python_words(n) for n in notes if "'size'" in n]
    assert said == ["column 'size' is not used; it is constant within each series: pass static= to use it"]


# ---------------------------------------------------------- 5. a wrong target names its flag

def test_a_wrong_target_names_its_flag():
    df = pd.DataFrame({"t": pd.date_range("2024-01-01", periods=10), "revenue": np.arange(10.0)})
    with pytest.raises(ValidationError, match=r"^column 'Revenue' \(--target\) not found in the data; "
                       r"did you mean 'revenue'\? columns are"):
        from_frame(df, "Revenue", "t")
    with pytest.raises(ValidationError, match=r"^column 'Revenue' \(target=...\) not found in the DataFrame"):
        wavecast.fit(df, target="Revenue", epochs=1)


def test_a_frames_row_labels_with_holes_or_names_stay_row_numbers():
    """dropna() or a mask leaves row labels with holes, and set_index('name') labels of text: in
    a DataFrame these number or name its rows, as before, not a gapped time axis (refused) or an
    axis of no dates (refused); a Series of years keeps its years."""
    df = pd.DataFrame({"y": Y}).drop(index=[5, 17])
    ds = from_object(df, "y")
    assert ds.time == "" and len(ds.values[0]) == len(Y) - 2
    named = pd.DataFrame({"y": Y}, index=pd.Index([f"row{i}" for i in range(len(Y))], name="name"))
    assert from_object(named, "y").time == ""


@pytest.mark.parametrize("freq, season, horizon", [("BMS", 12, 18), ("BME", 12, 18), ("BQS-JAN", 4, 8),
                                                    ("B", 5, 14), ("MS", 12, 18)])
def test_business_month_and_quarter_starts_keep_their_units_season(freq, season, horizon):
    """'BMS' began with 'B' and took the business day's season 5 and horizon 14."""
    from wavecast.defaults import _freq_season, _horizon

    assert _freq_season(freq) == season and _horizon(freq, season, 10_000) == horizon


@pytest.mark.parametrize("data", [None, {"y": [1.0, 2.0]}, 3.0])
def test_data_of_no_kind_the_api_reads_is_named(data):
    """fit(None) said 'a NumPy array must be one series ... got ()'."""
    with pytest.raises(ValidationError, match=rf"^data must be a pandas or polars DataFrame or Series, an Arrow table, .* \(got {type(data).__name__}\)$"):
        from_object(data)
