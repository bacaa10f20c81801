"""--fill-missing-dates with covariates. It was refused whatever the data ("--fill-missing-dates
with covariates is not supported yet; fill the missing dates of the file first"), on a file with
no date missing too. Now: calendar, holiday and static columns, which need no value of the file
on an inserted date, are computed on the filled axis; a gap where a --past or --future column
would need a value is refused naming the columns and what to do (covariates are never invented);
a file with no gap reads as without the flag."""

import numpy as np
import pandas as pd
import pytest

from wavecast.cli import main
from wavecast.data import reader
from wavecast.errors import ValidationError

N = 120


def _shops(drop_a=(50,)) -> pd.DataFrame:
    """Two daily shops on the same dates; shop a lacks the rows at `drop_a` (a missing date)."""
    rng = np.random.default_rng(0)
    out = []
    for s, size in (("a", 3.0), ("b", 5.0)):
        i = np.arange(N)
        price = 10 + np.sin(i / 7) + (s == "b")
        visits = 100 + 10 * np.cos(i / 5)
        df = pd.DataFrame({"shop": s, "date": pd.date_range("2023-01-01", periods=N, freq="D").strftime("%Y-%m-%d"),
                           "sales": 50 + 3 * price + 0.1 * visits + rng.normal(size=N),
                           "price": price.round(3), "visits": visits.round(2), "size": size})
        out.append(df.drop(index=list(drop_a)) if s == "a" else df)
    return pd.concat(out, ignore_index=True)


@pytest.mark.parametrize("role, col", [("--future", "price"), ("--past", "visits")])
def test_a_gap_where_a_driver_needs_a_value_is_refused_with_what_works(role, col, tmp_path, capsys):
    path = tmp_path / "shops.csv"
    _shops().to_csv(path, index=False)
    out = tmp_path / "r"
    argv = ["run", "--data", str(path), "--target", "sales", "--time", "date", "--id", "shop", role, col,
            "--fill-missing-dates", "--out", str(out), "--quiet"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err == ("wavecast: error: gap of 1 missing step(s) after 2023-02-19 in a daily series for id 'a' "
                   f"(1 gap, 1 missing stamp); --fill-missing-dates does not invent the values of {col} ({role}) "
                   "on the missing dates: write those dates into the data with their covariates' values and an "
                   "empty target, then pass --fill linear\n")
    assert not out.exists()
    # what it says works: the date written in with its drivers' values and an empty target
    df = _shops(drop_a=())
    df.loc[50, "sales"] = np.nan
    ds = reader.from_frame(df, "sales", "date", "shop", fill="linear", **{role[2:]: [col]})
    a = ds.ids.index("a")
    assert len(ds.values[a]) == N and ds.covariates.values[a][50, 0] == df.loc[50, col]
    assert ds.values[a][50] == pytest.approx((df.loc[49, "sales"] + df.loc[51, "sales"]) / 2)


def test_calendar_and_static_columns_are_computed_on_the_inserted_dates():
    df = _shops()
    ds = reader.from_frame(df, "sales", "date", "shop", fill_missing_dates=True, calendar=True, static=["size"])
    a, b = ds.ids.index("a"), ds.ids.index("b")
    assert "1 missing time stamp for id 'a' inserted, values interpolated linearly" in ds.notes
    assert len(ds.values[a]) == len(ds.values[b]) == N and ds.times[a].equals(ds.times[b])
    cov = ds.covariates
    assert cov.calendar and cov.values[a].shape == cov.values[b].shape == (N, len(cov.calendar))
    # the same dates: the same calendar rows, the inserted 2023-02-20 (a Monday) included
    np.testing.assert_array_equal(cov.values[a], cov.values[b])
    assert cov.values[a][50].tolist() != cov.values[a][49].tolist()
    assert [cov.statics[a], cov.statics[b]] == [[3.0], [5.0]]  # the shop's own, not another row's
    # without the flag the gap is refused offering it (it said to write the dates in with their
    # covariates' values, for columns computed from the dates)
    with pytest.raises(ValidationError, match=r"; use --fill-missing-dates$"):
        reader.from_frame(df, "sales", "date", "shop", calendar=True, static=["size"])


def test_drivers_on_data_without_a_gap_read_as_without_the_flag():
    df = _shops(drop_a=())
    plain = reader.from_frame(df, "sales", "date", "shop", future=["price"], past=["visits"])
    ds = reader.from_frame(df, "sales", "date", "shop", future=["price"], past=["visits"], fill_missing_dates=True)
    for got, want in zip(ds.values, plain.values, strict=True):
        np.testing.assert_array_equal(got, want)
    for got, want in zip(ds.covariates.values, plain.covariates.values, strict=True):
        np.testing.assert_array_equal(got, want)


def test_run_and_forecast_with_the_calendar_on_a_file_with_a_missing_date(tmp_path, capsys):
    path = tmp_path / "shops.csv"
    _shops().to_csv(path, index=False)
    out = tmp_path / "r"
    assert main(["run", "--data", str(path), "--target", "sales", "--time", "date", "--id", "shop", "--calendar",
                 "--fill-missing-dates", "--horizon", "7", "--out", str(out), "--set", "direct.max_epochs=2",
                 "--set", "direct.n_ensemble=1"]) == 0
    assert "note: 1 missing time stamp for id 'a' inserted, values interpolated linearly" in capsys.readouterr().out
    fc = tmp_path / "f.csv"
    assert main(["forecast", str(out), "--data", str(path), "--out", str(fc), "--quiet"]) == 0  # the model's flag
    got = pd.read_csv(fc)
    assert len(got) == 14 and np.isfinite(got["forecast"]).all()
    assert sorted(got["date"].unique()) == list(pd.date_range("2023-05-01", periods=7).strftime("%Y-%m-%d"))
