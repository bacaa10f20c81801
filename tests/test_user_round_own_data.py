"""A practitioner's own data (user round): daily sales with drivers known ahead, and what the
messages say when something in the file is wrong. Small files, one epoch at most."""

import numpy as np
import pandas as pd

from wavecast.cli import main


def _daily_with_future(tmp_path, n=60, ahead=6, empty_from=None, shops=("",)):
    """sold = 50 - 2 price + noise, daily; `ahead` future rows (sold empty, price given); price
    left empty from future row `empty_from` (from 0) on. shops ('' : one series, no id column)."""
    rng = np.random.default_rng(0)
    out = []
    for shop in shops:
        t = pd.date_range("2024-01-01", periods=n + ahead, freq="D")
        price = np.round(10 + rng.normal(0, 1, n + ahead), 2)
        sold = np.round(50 - 2 * price + rng.normal(0, 1, n + ahead), 2)
        sold[n:] = np.nan
        if empty_from is not None:
            price[n + empty_from:] = np.nan
        df = pd.DataFrame({"date": t, "sold": sold, "price": price})
        out.append(df.assign(shop=shop) if shop else df)
    path = tmp_path / "sales.csv"
    pd.concat(out, ignore_index=True).to_csv(path, index=False)
    return path


def test_a_missing_future_driver_is_named_by_its_row_and_date_not_series_empty(tmp_path, capsys):
    # Was "column 'price' (--future) in sales.csv is missing for series '' at future row 5 after
    # its end; ..." for a file of one series: an empty series name and no row of the file.
    path = _daily_with_future(tmp_path, empty_from=4)
    assert main(["run", "--data", str(path), "--target", "sold", "--future", "price",
                 "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err.strip()
    rows = pd.read_csv(path)
    at = int(np.flatnonzero(rows["price"].isna())[0])  # from 0: the file's data row at + 1
    assert err.count("\n") == 0 and "series ''" not in err
    assert f"is missing at row {at + 1} ({rows['date'][at]}), future row 5 after the series' end" in err
    assert err.endswith("fill it, or drop that row and the ones after it (and forecast fewer steps)")
    # in a panel the series is named, and the row is the file's
    path = _daily_with_future(tmp_path, empty_from=2, shops=("a", "b"))
    assert main(["run", "--data", str(path), "--target", "sold", "--future", "price", "--id", "shop",
                 "--out", str(tmp_path / "p")]) == 2
    err = capsys.readouterr().err
    rows = pd.read_csv(path)
    at = int(np.flatnonzero(rows["price"].isna())[0])
    assert f"is missing for series 'a' at row {at + 1} ({rows['date'][at]}), future row 3 after" in err

FAST = ["--set", "direct.max_epochs=1", "--set", "direct.n_ensemble=1", "--quiet"]


def test_fill_linear_leaves_an_empty_end_out_and_forecasts_its_days(tmp_path, capsys):
    # Was: the last 5 days (not yet recorded) held at the last sale: 5 flat invented days the net
    # trained on, the held-out part was scored against, and the forecast started after (dated
    # 5 days too late). Now the series ends at its last value and the forecast covers those days.
    rng = np.random.default_rng(0)
    t = pd.date_range("2024-01-01", periods=70, freq="D")
    sold = np.round(100 + 10 * np.sin(2 * np.pi * np.arange(70) / 7) + rng.normal(0, 1, 70), 2)
    sold[-5:] = np.nan
    path = tmp_path / "daily.csv"
    pd.DataFrame({"date": t, "sold": sold}).to_csv(path, index=False)
    assert main(["run", "--data", str(path), "--out", str(tmp_path / "r"), *FAST]) == 2
    assert capsys.readouterr().err.endswith("or pass --fill linear (which leaves out the empty end: the series ends "
                                            "at its last value)\n")
    assert main(["run", "--data", str(path), "--fill", "linear", "--horizon", "7", "--out", str(tmp_path / "r"),
                 *FAST[:-1]]) == 0
    assert ("note: 5 missing values at the end left out, not filled: the series ends at its last value, row 65 "
            "(2024-03-05), and is forecast from there") in capsys.readouterr().out
    assert main(["forecast", str(tmp_path / "r"), "--data", str(path), "--horizon", "7",
                 "--out", str(tmp_path / "f.csv"), "--quiet"]) == 0
    f = pd.read_csv(tmp_path / "f.csv")
    assert list(f["date"]) == [str(d.date()) for d in pd.date_range(t[65], periods=7)]  # from the first empty day


def test_too_few_forecasts_a_lead_asks_a_backtest_for_more_origins_not_for_a_backtest():
    # Was "(at least 5; a backtest gives more)" printed by `wavecast backtest --origins 3` itself.
    from wavecast.cli.output import metrics_table
    from wavecast.evaluate.metrics import divergence_basis
    from wavecast.evaluate.net_checks import diverging_rollout

    rows = {"LSTM": {"mse": 1.0}, "last value": {"mse": 2.0}}
    table = metrics_table({"forecasters": rows, "divergence_horizon": {"LSTM": 2, "last value": None},
                           "n_origins": 3, "n_series": 1})
    said = [table.splitlines()[-1], divergence_basis(3)["note"],
            diverging_rollout("LSTM", [1.0, 1.0, 1.0, 9.0], 2, 0.0, 3).message]
    for line in said:
        assert "from 3 forecast(s) a lead time: too few to rely on" in line
        assert line.rstrip(")").endswith("a backtest of more origins gives more")


def test_the_only_numbers_given_another_role_are_named_not_no_numeric_column(tmp_path, capsys):
    # Was "daily.csv has no numeric column; columns are ['date', 'sold']; choose one with
    # --target" when --future sold (or --time sold) took the file's one column of numbers.
    path = tmp_path / "daily.csv"
    pd.DataFrame({"date": pd.date_range("2024-01-01", periods=40, freq="D"),
                  "sold": np.arange(40.0)}).to_csv(path, index=False)
    for flag in ("--future", "--time", "--static"):
        assert main(["run", "--data", str(path), flag, "sold", "--out", str(tmp_path / "r")]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "has no numeric column;" not in err
        assert f"has no numeric column left for the target: 'sold' ({flag}) is given another role" in err
        assert err.endswith("name the target with --target, and give each column one role\n")


def test_a_daily_file_missing_every_sunday_is_said_to_miss_sundays(tmp_path, capsys):
    # Was "gap of 1 missing step(s) after 2024-01-06 in a daily series (9 gaps, 9 missing
    # stamps); use --fill-missing-dates", which then interpolated sales on the Sundays a shop is
    # closed, and forecast them, with a note that said only "inserted, values interpolated".
    t = pd.date_range("2024-01-01", periods=70, freq="D")
    df = pd.DataFrame({"date": t, "sold": 100.0 + np.arange(70) % 6})[t.day_of_week != 6]
    path = tmp_path / "shop.csv"
    df.to_csv(path, index=False)
    assert main(["run", "--data", str(path), "--out", str(tmp_path / "r"), *FAST]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "(9 gaps, 9 missing stamps); every one a Sunday: write the Sundays in " \
        "with their value (0 if closed then), or use --fill-missing-dates" in err
    assert main(["run", "--data", str(path), "--fill-missing-dates", "--horizon", "7", "--out", str(tmp_path / "r"),
                 *FAST[:-1]]) == 0
    assert ("note: 9 missing time stamps inserted, values interpolated linearly (every one a Sunday: if closed on "
            "Sundays, write them in as 0;") in capsys.readouterr().out
    # gaps on several weekdays keep the old words
    df.drop(index=[9, 10]).to_csv(path, index=False)  # a Wednesday and a Thursday too
    assert main(["run", "--data", str(path), "--out", str(tmp_path / "r2"), *FAST]) == 2
    assert capsys.readouterr().err.endswith("missing stamps); use --fill-missing-dates\n")


def test_several_targets_one_with_an_empty_end_is_said_of_that_target(tmp_path, capsys):
    # Was "column 'ret->sold' (--past) in two.csv has 5 missing values for series '' (target
    # 'sold'), first at ...; fill them (covariates are not filled for you)": a column and a flag
    # the user never wrote, for the empty end of the target 'ret'.
    t = pd.date_range("2024-01-01", periods=60, freq="D")
    ret = np.arange(60.0) % 7
    ret[-5:] = np.nan
    path = tmp_path / "two.csv"
    pd.DataFrame({"date": t, "sold": 100 + np.arange(60.0) % 7, "ret": ret}).to_csv(path, index=False)
    assert main(["run", "--data", str(path), "--target", "sold,ret", "--fill", "linear",
                 "--out", str(tmp_path / "r"), *FAST]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "->" not in err and "--past" not in err
    assert "column 'ret' (--target) in" in err and "has 5 missing values where 'sold' has values, first at " \
        "2024-02-25; several targets are read side by side" in err and "or drop those rows; separate series" in err
    # without --fill the refusal no longer offers --fill linear, which then failed as above; a wide
    # table's columns that end apart are read as separate series in long form (the melt said)
    assert main(["run", "--data", str(path), "--target", "sold,ret", "--out", str(tmp_path / "r"), *FAST]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "or pass --fill linear" not in err
    assert "(--fill linear fills gaps inside a target, not its empty end: several targets are read side by side)" in err
    melt = f"pd.read_csv({str(path)!r}).melt(id_vars='date', var_name='id', value_name='value')"
    assert melt in err and err.endswith("with --id id and --target value\n")
    long = tmp_path / "long.csv"
    eval(melt, {"pd": pd}).to_csv(long, index=False)  # the remedy as said, then the flags it names
    assert main(["run", "--data", str(long), "--id", "id", "--target", "value", "--fill", "linear",
                 "--out", str(tmp_path / "r3"), *FAST]) == 0
