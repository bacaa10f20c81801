"""Future covariate rows are matched to the forecast's steps by time (data.futuretimes.continue_axis):
rows in another order are sorted into place; rows that do not continue each series' axis (a gap
after its end, stamps inside its history, off the grid, duplicated, one missing) are one line
naming the series, in `predict(future=)`, in a frame's or a file's own future rows, and in the
CLI (exit 2). Without a time column the rows keep their order. Small panels, few epochs."""

import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.cli import main
from wavecast.errors import ValidationError

S, N, H = 3, 60, 4
FAST = dict(horizon=H, test_len=H, epochs=2, hidden_size=4, input_len=8)


def _panel(future_rows=0, time=True):
    """y = 2 x + a weekly season + noise on a daily axis; the last `future_rows` rows of each
    series have an empty y (future rows)."""
    rng = np.random.default_rng(0)
    out = []
    for s in range(S):
        n = N + future_rows
        x = np.cumsum(rng.normal(0, 1, n))
        y = 2 * x + 3 * np.sin(2 * np.pi * np.arange(n) / 7) + rng.normal(0, 0.3, n)
        y[N:] = np.nan
        d = pd.DataFrame({"id": f"s{s}", "date": pd.date_range("2021-01-01", periods=n, freq="D"), "y": y, "x": x})
        out.append(d if time else d.drop(columns="date"))
    return pd.concat(out, ignore_index=True)


def _fit(df, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return wavecast.fit(df, target="y", time=kw.pop("time", "date"), id="id", future=["x"], **{**FAST, **kw})


@pytest.fixture(scope="module")
def fitted():
    """A model with a future covariate and the calendar, and its correct future rows."""
    full = _panel(future_rows=H)
    return _fit(_panel(), calendar=True), full[full["y"].isna()][["id", "date", "x"]].reset_index(drop=True)


def _moved(fut, delta, rows=slice(None)):
    out = fut.copy()
    out.loc[out.index[rows], "date"] = out["date"].iloc[rows] + delta
    return out


def test_future_rows_in_another_order_are_matched_by_time(fitted):
    f, fut = fitted
    a = f.predict(H, future=fut)
    for shuffled in (fut.iloc[::-1], fut.sample(frac=1.0, random_state=1)):
        b = f.predict(H, future=shuffled)
        pd.testing.assert_frame_equal(a, b)
    # the rows' order is not what is read: moving x by time moves the forecast
    c = f.predict(H, future=fut.assign(x=fut["x"] + 5.0))
    assert np.abs(c["forecast"].to_numpy() - a["forecast"].to_numpy()).max() > 1e-3


@pytest.mark.parametrize("make, expected, got", ids=["year-late", "inside-history", "off-grid", "duplicated",
                                                     "one-missing", "a-later-step"], argvalues=[
    (lambda fut: _moved(fut, pd.Timedelta(days=365)), "2021-03-02", "2022-03-02"),  # a gap after the end
    (lambda fut: _moved(fut, pd.Timedelta(days=-30)), "2021-03-02", "2021-01-31"),  # inside the history
    (lambda fut: _moved(fut, pd.Timedelta(hours=12)), "2021-03-02", "2021-03-02 12:00:00"),  # off the grid
    (lambda fut: pd.concat([fut, fut.iloc[[1]]]), "2021-03-04", "2021-03-03 a second time"),  # duplicated
    (lambda fut: fut.drop(index=1), "2021-03-03", "2021-03-04"),  # one missing inside the horizon
    (lambda fut: _moved(fut, pd.Timedelta(days=1), slice(3, 4)), "2021-03-05", "2021-03-06"),  # a later step
])
def test_future_rows_off_the_axis_are_one_line_naming_the_series(fitted, make, expected, got):
    f, fut = fitted
    with pytest.raises(ValidationError) as err:
        f.predict(H, future=make(fut))
    msg = str(err.value)
    assert msg.startswith("future rows of series 's0' must continue its daily time axis after its last value on "
                          "2021-03-01:"), msg
    assert f"expected {expected}, got {got};" in msg and "\n" not in msg, msg


def test_the_last_future_row_missing_is_named(fitted):
    f, fut = fitted
    with pytest.raises(ValidationError, match="series 's1': future covariate 'x' has 3 value"):
        f.predict(H, future=fut.drop(index=2 * H - 1))


def test_future_rows_without_their_time_column_are_refused(fitted):
    f, fut = fitted
    with pytest.raises(ValidationError, match=r"future= has no column 'date'; it needs \['id', 'date', 'x'\]"):
        f.predict(H, future=fut.drop(columns="date"))


def test_a_frames_own_future_rows_are_checked_when_read():
    df = _panel(future_rows=H)
    late = df["y"].isna() & (df["id"] == "s2")
    df.loc[late, "date"] += pd.Timedelta(days=7)
    with pytest.raises(ValidationError, match="future rows of series 's2' must continue its daily time axis .*"
                                              "expected 2021-03-02, got 2021-03-09"):
        _fit(df)


def test_several_targets_name_the_users_series():
    df = _panel(future_rows=H)
    df["z"] = 0.5 * df["y"] + 1.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = wavecast.fit(df[df["y"].notna()], target=["y", "z"], time="date", id="id", future=["x"], **FAST)
    fut = df[df["y"].isna()][["id", "date", "x"]]
    a = f.predict(H, future=fut)
    pd.testing.assert_frame_equal(f.predict(H, future=fut.iloc[::-1]), a)
    with pytest.raises(ValidationError, match="future rows of series 's0' must continue"):
        f.predict(H, future=_moved(fut, pd.Timedelta(days=2)))


def test_without_a_time_column_future_rows_keep_their_order():
    f = _fit(_panel(time=False), time="")
    full = _panel(future_rows=H, time=False)
    fut = full[full["y"].isna()][["id", "x"]]
    a = f.predict(H, future=fut)
    assert len(a) == S * H and np.isfinite(a["forecast"]).all()
    b = f.predict(H, future=fut.assign(x=fut["x"] + 5.0))
    assert np.abs(b["forecast"].to_numpy() - a["forecast"].to_numpy()).max() > 1e-3


def test_cli_forecast_with_future_rows_a_year_late_exits_2_with_one_line(fitted, tmp_path, capsys):
    f, _ = fitted
    f.save(tmp_path / "m")
    full = _panel(future_rows=H)
    full.to_csv(tmp_path / "ok.csv", index=False)
    full.loc[full["y"].isna(), "date"] += pd.Timedelta(days=364)
    full.to_csv(tmp_path / "late.csv", index=False)
    out = tmp_path / "f.csv"
    assert main(["forecast", str(tmp_path / "m"), "--data", str(tmp_path / "ok.csv"), "--horizon", str(H),
                 "--out", str(out), "--quiet"]) == 0
    capsys.readouterr()
    assert main(["forecast", str(tmp_path / "m"), "--data", str(tmp_path / "late.csv"), "--horizon", str(H),
                 "--out", str(tmp_path / "g.csv"), "--quiet"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    assert ("future rows of series 's0' must continue its daily time axis after its last value on 2021-03-01: "
            "expected 2021-03-02, got 2022-03-01") in err, err
    assert not (tmp_path / "g.csv").exists()


def test_future_times_with_a_zone_the_history_lacks_are_named_not_expected_equal_to_themselves():
    full = _panel(future_rows=H)
    zoned = full.assign(date=full["date"].dt.tz_localize("Australia/Melbourne"))
    f = _fit(zoned[zoned["y"].notna()])
    fut = full[full["y"].isna()][["id", "date", "x"]]
    # it read "expected 2021-03-02, got 2021-03-02": pandas compares aware and naive stamps as unequal
    with pytest.raises(ValidationError, match=r"^the times of the future rows of series 's0' and of its history are "
                       r"not comparable: the history's carry a time zone \(Australia/Melbourne\), the future rows' "
                       r"none; give both in one time zone") as e:
        f.predict(H, future=fut)
    assert "expected" not in str(e.value)
    same = f.predict(H, future=fut.assign(date=fut["date"].dt.tz_localize("Australia/Melbourne")))
    utc = f.predict(H, future=fut.assign(date=fut["date"].dt.tz_localize("Australia/Melbourne").dt.tz_convert("UTC")))
    assert np.array_equal(same["forecast"].to_numpy(), utc["forecast"].to_numpy())  # the same instants
    g = _fit(full[full["y"].notna()])
    with pytest.raises(ValidationError, match=r"the future rows' carry a time zone \(UTC\), the history's none"):
        g.predict(H, future=fut.assign(date=fut["date"].dt.tz_localize("UTC")))


def test_a_driver_that_never_varies_is_named_in_a_note():
    df = _panel().assign(x=3.0, size=2.0)
    with pytest.warns(wavecast.WavecastNote) as said:
        f = wavecast.fit(df, target="y", time="date", id="id", future=["x"], static=["size"], **FAST)
    notes = [str(w.message) for w in said if "never varies" in str(w.message)]
    assert notes == ["future covariate 'x' is 3 throughout; static covariate 'size' is 2.0 in every series: a column "
                     "that never varies tells the net nothing, so it cannot learn its effect and another value at "
                     "predict time changes no forecast; leave it out, or give data in which it varies"]
    fut = _panel(future_rows=H)
    fut = fut[fut["y"].isna()][["id", "date"]]
    # what the note says: the value given over the horizon moves nothing
    a, b = f.predict(H, future=fut.assign(x=3.0)), f.predict(H, future=fut.assign(x=30.0))
    assert np.array_equal(a["forecast"].to_numpy(), b["forecast"].to_numpy())
    with warnings.catch_warnings(record=True) as w:  # a driver that varies: no such note
        warnings.simplefilter("always")
        _fit(_panel())
    assert not any("never varies" in str(x.message) for x in w)


@pytest.mark.parametrize("form, name", [("%d/%m/%Y", "day-first"), ("%m/%d/%Y", "month-first")])
def test_future_dates_that_read_both_ways_are_read_as_they_continue_the_series(form, name):
    # The practitioner round's Seatbelts written day-first: fit read the file so (a note), then
    # predict(12, future=) of its twelve future months, 01/01/1985 ... 01/12/1985, was refused
    # as ambiguous (month-first they are 12 days of January, evenly spaced too), advising a
    # date_order= that predict does not take. Month-first (US) dates the same.
    rng = np.random.default_rng(0)
    t = pd.date_range("1975-01-01", periods=132, freq="MS")
    law = (np.arange(132) >= 60).astype(float)
    df = pd.DataFrame({"month": t[:120].strftime(form), "deaths": 100 + 10 * law[:120] + rng.normal(0, 2, 120),
                       "law": law[:120]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", wavecast.WavecastNote)
        f = wavecast.fit(df, target="deaths", time="month", future=["law"], horizon=12, test_len=12, epochs=2,
                         hidden_size=4, input_len=12, seed=0)
    iso = f.predict(12, future=pd.DataFrame({"month": t[120:], "law": law[120:]}))
    written = f.predict(12, future=pd.DataFrame({"month": t[120:].strftime(form), "law": law[120:]}))
    pd.testing.assert_frame_equal(written, iso)
    assert list(written["month"]) == list(t[120:])
    # neither reading on the model's monthly axis (a year late): refused, without the advice
    late = pd.DataFrame({"month": t[120:].shift(12, freq="MS").strftime(form), "law": 1.0})
    with pytest.raises(ValidationError, match=r"are ambiguous: .*neither continue the series after its end; write "
                                              r"them as YYYY-MM-DD, e\.g\. 2021-02-19$"):
        f.predict(12, future=late)
