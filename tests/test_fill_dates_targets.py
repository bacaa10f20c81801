"""--fill-missing-dates with several targets (`--target a,b`). It was refused whatever the data
("--fill-missing-dates with several targets is not supported yet; fill the missing dates of the
file first"). Now every target's series (per id in a panel) gets the dates inserted and is
interpolated as that target read alone is; the panel's own past columns ('b->a': another
target's history) hold that target's interpolated values there, never NaN or other numbers; a
gap in a --past/--future column is refused naming it, and misread dates are refused, as with
one target."""

import numpy as np
import pandas as pd
import pytest

from wavecast.cli import main
from wavecast.data import reader
from wavecast.errors import ValidationError

N = 90
FAST = ["--set", "direct.max_epochs=2", "--set", "direct.n_ensemble=1"]


def _frame(ids=("",), drop=None, seed=0) -> pd.DataFrame:
    """Daily targets a and b (and a price) for each id; drop[id]: positions of its missing dates."""
    rng = np.random.default_rng(seed)
    out = []
    for s in ids:
        i = np.arange(N)
        df = pd.DataFrame({"date": pd.date_range("2023-01-01", periods=N, freq="D").strftime("%Y-%m-%d"),
                           "a": 20 + 5 * np.sin(i / 3) + rng.normal(size=N),
                           "b": 50 + 0.5 * i + rng.normal(size=N), "price": 10 + np.cos(i / 4), "size": len(s) + 1.0})
        if s:
            df.insert(0, "shop", s)
        out.append(df.drop(index=list((drop or {}).get(s, ()))))
    return pd.concat(out, ignore_index=True)


def _series(ds, target, sid=""):
    i = next(k for k in range(len(ds.ids)) if ds.series_targets[k] == target and ds.series_ids[k] == sid)
    return i, ds.values[i], ds.times[i]


def _check_own_columns(ds, read_times):
    """The panel's past columns 'u->t' on every series (id, t): u's own values on its dates (the
    inserted ones included), 0 for another target's interaction, no NaN anywhere."""
    cov = ds.covariates
    for i, (sid, t) in enumerate(zip(ds.series_ids, ds.series_targets, strict=True)):
        v = cov.values[i]
        assert not np.isnan(v).any()
        inserted = ~ds.times[i].isin(read_times[sid])
        assert inserted.any()
        for u, t2 in (("a", "b"), ("b", "a")):
            j = cov.past.index(f"{u}->{t2}")
            if t2 == t:
                _, want, when = _series(ds, u, sid)
                assert when.equals(ds.times[i])
                np.testing.assert_array_equal(v[:, j], want)  # the inserted dates too
            else:
                np.testing.assert_array_equal(v[:, j], 0.0)


def test_two_targets_with_missing_dates_read_as_each_target_alone():
    df = _frame(drop={"": (10, 40, 41)})
    ds = reader.from_frame(df, "a,b", "date", fill_missing_dates=True)
    for t in ("a", "b"):
        alone = reader.from_frame(df, t, "date", fill_missing_dates=True)
        _, x, times = _series(ds, t)
        assert len(x) == N and times.equals(alone.times[0])
        np.testing.assert_array_equal(x, alone.values[0])  # the same interpolation, bit for bit
        assert f"3 missing time stamps for target {t!r} inserted, values interpolated linearly" in ds.notes
    _check_own_columns(ds, {"": pd.DatetimeIndex(df["date"])})
    # without the flag the gap offers it (it spoke of covariates: the panel's own columns)
    with pytest.raises(ValidationError, match=r"gap of 1 missing step\(s\) after 2023-01-10 .*; "
                                              r"use --fill-missing-dates$"):
        reader.from_frame(df, "a,b", "date")


def test_a_panel_of_two_targets_with_gaps_in_different_ids():
    df = _frame(ids=("x", "y"), drop={"x": (5,), "y": (30, 31, 60)})
    df.loc[df.index[20], "b"] = np.nan  # a missing value of x's b beside the inserted dates: --fill linear
    kw = dict(fill="linear", fill_missing_dates=True, static=["size"], calendar=True)
    ds = reader.from_frame(df, ["a", "b"], "date", "shop", **kw)
    assert sorted(zip(ds.series_ids, ds.series_targets, strict=True)) == [("x", "a"), ("x", "b"), ("y", "a"), ("y", "b")]
    for t in ("a", "b"):
        alone = reader.from_frame(df, t, "date", "shop", **kw)
        for sid, k in (("x", 1), ("y", 3)):
            i, x, times = _series(ds, t, sid)
            j = alone.ids.index(sid)
            assert len(x) == N and times.equals(alone.times[j])
            np.testing.assert_array_equal(x, alone.values[j])
            # calendar and static columns as one target's: computed from the inserted dates
            cal = slice(len(ds.covariates.past) + len(ds.covariates.future), None)
            np.testing.assert_array_equal(ds.covariates.values[i][:, cal], alone.covariates.values[j])
            assert ds.covariates.statics[i][0] == alone.covariates.statics[j][0] == 2.0
            word = "stamp" if k == 1 else "stamps"
            assert f"{k} missing time {word} for id {sid!r} (target {t!r}) inserted, values interpolated linearly" \
                in ds.notes
    read = {s: pd.DatetimeIndex(g["date"]) for s, g in df.groupby("shop")}
    _check_own_columns(ds, read)


@pytest.mark.parametrize("role, col", [("future", "price"), ("past", "price")])
def test_a_gap_where_a_driver_needs_a_value_is_refused_as_with_one_target(role, col):
    df = _frame(ids=("x", "y"), drop={"y": (30,)})
    with pytest.raises(ValidationError) as info:
        reader.from_frame(df, "a,b", "date", "shop", fill_missing_dates=True, **{role: [col]})
    assert str(info.value) == (
        "gap of 1 missing step(s) after 2023-01-30 in a daily series for id 'y' (target 'a') (1 gap, 1 missing "
        f"stamp); --fill-missing-dates does not invent the values of {col} (--{role}) on the missing dates: write "
        "those dates into the data with their covariates' values and an empty target, then pass --fill linear")


def test_misread_dates_are_refused_as_with_one_target():
    df = _frame().iloc[::3]  # every third day: two thirds of the days missing
    df = pd.concat([df.iloc[:1], _frame().iloc[1:2], df.iloc[1:]])  # one step of a day: read as daily
    with pytest.raises(ValidationError) as alone:
        reader.from_frame(df, "a", "date", fill_missing_dates=True)
    with pytest.raises(ValidationError) as info:
        reader.from_frame(df, "a,b", "date", fill_missing_dates=True)
    # most steps are 3 days: the one day is a stamp off that grid, not a daily series missing two
    # thirds of its days (it was "--fill-missing-dates would insert 57 time stamps into a daily
    # series for target 'a' of 31: more invented than read")
    assert str(info.value).startswith("time steps for target 'a' are irregular: 1 day from 2023-01-01 to 2023-01-02, "
                                      "where most steps are 3 days; "), info.value
    assert str(info.value) == str(alone.value).replace("time steps are", "time steps for target 'a' are")


def test_run_and_forecast_two_targets_with_a_missing_date(tmp_path, capsys):
    path = tmp_path / "two.csv"
    _frame(ids=("x", "y"), drop={"x": (50,)}).to_csv(path, index=False)
    out = tmp_path / "r"
    assert main(["run", "--data", str(path), "--target", "a,b", "--time", "date", "--id", "shop",
                 "--fill-missing-dates", "--horizon", "7", "--out", str(out), *FAST]) == 0
    said = capsys.readouterr().out
    for t in ("a", "b"):
        assert f"note: 1 missing time stamp for id 'x' (target {t!r}) inserted, values interpolated linearly" in said
    fc = tmp_path / "f.csv"
    assert main(["forecast", str(out), "--data", str(path), "--out", str(fc), "--quiet"]) == 0
    got = pd.read_csv(fc)
    assert len(got) == 2 * 2 * 7 and np.isfinite(got["forecast"]).all()
    assert sorted(set(zip(got["shop"], got["target"], strict=True))) == [("x", "a"), ("x", "b"), ("y", "a"), ("y", "b")]
    assert sorted(got["date"].unique()) == list(pd.date_range("2023-04-01", periods=7).strftime("%Y-%m-%d"))
