"""A user round on the command line: interval levels given as fractions, and a model trained on
a European file (';', decimal commas) forecasting a plain comma-separated one."""

import re

import numpy as np
import pandas as pd

from wavecast.cli import main

FAST = ["--set", "direct.max_epochs=2", "--set", "direct.n_ensemble=1"]


def _daily(n: int = 80) -> pd.DataFrame:
    t = pd.date_range("2020-01-01", periods=n, freq="D")
    return pd.DataFrame({"day": t.strftime("%Y-%m-%d"), "y": np.round(10 + np.sin(np.arange(n) / 3), 4)})


def test_levels_given_as_fractions_are_refused_with_the_percent_flag_to_pass(tmp_path, capsys):
    """--level 0.8,0.95 was read as 0.8% and 0.95% bands: a run wrote bands of almost no width
    (coverage 0% on the held-out part) and said nothing."""
    data = tmp_path / "d.csv"
    _daily().to_csv(data, index=False)
    run = tmp_path / "run"
    assert main(["run", "--data", str(data), "--target", "y", "--time", "day", "--level", "0.8,0.95",
                 "--out", str(run), "--quiet", *FAST]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.strip().endswith("pass --level 80,95"), err
    assert not run.exists()  # refused before any work
    # percent levels still run, and a level of 1 or more is a percent, not a fraction
    assert main(["run", "--data", str(data), "--target", "y", "--time", "day", "--level", "1,80",
                 "--out", str(run), "--quiet", *FAST]) == 0
    out = tmp_path / "f.csv"
    assert main(["forecast", str(run), "--horizon", "2", "--level", "0.5", "--out", str(out)]) == 2
    assert re.search(r"pass --level 50$", capsys.readouterr().err.strip())
    assert not out.exists()


def test_a_european_model_forecasts_a_comma_file_with_only_the_sep_it_suggests(tmp_path, capsys):
    """The model keeps --decimal ',' from its training file; forecasting a comma-separated file,
    wavecast said "pass --sep ','", and with --sep ',' refused the model's own decimal comma as a
    clash with the separator. A --sep (or --thousands) equal to the kept mark reads '.' decimals."""
    df = _daily()
    euro = tmp_path / "euro.csv"
    df.to_csv(euro, sep=";", decimal=",", index=False)
    run = tmp_path / "run"
    assert main(["run", "--data", str(euro), "--sep", ";", "--decimal", ",", "--target", "y", "--time", "day",
                 "--out", str(run), "--quiet", *FAST]) == 0
    plain = tmp_path / "plain.csv"
    df.to_csv(plain, index=False)
    want, got = tmp_path / "want.csv", tmp_path / "got.csv"
    assert main(["forecast", str(run), "--data", str(euro), "--horizon", "3", "--out", str(want), "--quiet"]) == 0
    assert main(["forecast", str(run), "--data", str(plain), "--horizon", "3", "--out", str(got)]) == 2
    assert "pass --sep ','" in capsys.readouterr().err
    assert main(["forecast", str(run), "--data", str(plain), "--sep", ",", "--horizon", "3", "--out", str(got),
                 "--quiet"]) == 0
    assert capsys.readouterr().err == ""
    pd.testing.assert_frame_equal(pd.read_csv(got), pd.read_csv(want))
    # a decimal comma asked for outright still clashes with a comma separator, in one line
    assert main(["forecast", str(run), "--data", str(plain), "--sep", ",", "--decimal", ",", "--horizon", "3",
                 "--out", str(tmp_path / "x.csv")]) == 2
    assert "must differ from the field separator" in capsys.readouterr().err


def test_no_future_png_note_counts_the_future_rows_given(tmp_path, capsys):
    """A panel with --future x whose rows past the end fall short of the horizon: the note said the
    covariate had "no rows past the end of the data" though series 'a' held 4 of the 6 needed."""
    rng = np.random.default_rng(0)
    frames = []
    for sid, extra in (("a", 4), ("b", 0)):
        t = pd.date_range("2020-01-01", periods=80 + extra, freq="D")
        x = rng.normal(size=len(t))
        y = 2 * x + rng.normal(0, 0.1, len(t))
        y[80:] = np.nan  # the rows past the end: the target empty, x known
        frames.append(pd.DataFrame({"id": sid, "day": t.strftime("%Y-%m-%d"), "y": y, "x": x}))
    data = tmp_path / "d.csv"
    pd.concat(frames).to_csv(data, index=False)
    run = tmp_path / "run"
    assert main(["run", "--data", str(data), "--target", "y", "--time", "day", "--id", "id", "--future", "x",
                 "--horizon", "6", "--out", str(run), *FAST]) == 0
    notes = [line for line in capsys.readouterr().out.splitlines() if "no future.png" in line]
    assert notes and "hold 4 row(s) past the end of series 'a' (2 of 2 series hold fewer than 6) for the " \
                     "6-step horizon" in notes[0], notes
    assert not (run / "future.png").exists()


def test_two_digit_years_are_read_in_the_century_excel_reads_them_and_said(tmp_path, capsys):
    """01/01/49 ... 01/12/60 (monthly, day-first) was read by strptime's pivot as 2049-2060 and
    forecast from 2061-01-01, with no word about the century."""
    t = pd.date_range("1949-01-01", "1960-12-01", freq="MS")
    data = tmp_path / "yy.csv"
    pd.DataFrame({"month": t.strftime("%d/%m/%y"), "y": 100 + 10 * np.sin(np.arange(len(t)) * np.pi / 6)}).to_csv(
        data, index=False)
    run, out = tmp_path / "run", tmp_path / "f.csv"
    assert main(["run", "--data", str(data), "--target", "y", "--out", str(run), *FAST]) == 0  # found, no --time
    printed = capsys.readouterr().out
    assert "note: time column 'month' (the only column of dates" in printed  # was: rows read as steps
    assert "note: two-digit years in column 'month' read as 1949..1960 (30-99 as 19xx, 00-29 as 20xx" in printed
    assert main(["forecast", str(run), "--horizon", "2", "--out", str(out), "--quiet"]) == 0
    assert list(pd.read_csv(out)["month"]) == ["1961-01-01", "1961-02-01"]
    # years on both sides of 2000 stay one axis: 12/99, 01/00, ... read 1999-12, 2000-01
    t = pd.date_range("1995-01-01", "2004-12-01", freq="MS")
    pd.DataFrame({"month": t.strftime("%m/%d/%y"), "y": np.arange(len(t), dtype=float) % 12}).to_csv(
        data, index=False)
    assert main(["run", "--data", str(data), "--time", "month", "--target", "y", "--out", str(tmp_path / "r2"),
                 "--date-order", "month-first", *FAST]) == 0
    assert "read as 1995..2004" in capsys.readouterr().out


def test_a_target_with_a_stray_text_value_is_named_not_called_no_numeric_column(tmp_path, capsys):
    """A column of numbers with one '-' among them is read as text; without --target the run said
    "has no numeric column ... choose one with --target", sending the user to the wrong fix."""
    df = _daily(40).astype({"y": str})
    df.loc[17, "y"] = "-"
    data = tmp_path / "d.csv"
    df.to_csv(data, index=False)
    assert main(["run", "--data", str(data), "--out", str(tmp_path / "r"), *FAST]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "d.csv has 1 non-numeric value, first at row 18: '-'" in err, err
    # a file of text only still says it has no numeric column
    df.assign(y="abc").to_csv(data, index=False)
    assert main(["run", "--data", str(data), "--out", str(tmp_path / "r"), *FAST]) == 2
    assert "has no numeric column" in capsys.readouterr().err


def test_decimal_commas_without_decimal_flag_are_named_with_the_flag(tmp_path, capsys):
    """A ';' file read with --sep ';' alone: its decimal-comma target is text, and the run said
    "has no numeric column"; now it names the column, the value and --decimal ','."""
    data = tmp_path / "euro.csv"
    _daily(40).to_csv(data, sep=";", decimal=",", index=False)
    assert main(["run", "--data", str(data), "--sep", ";", "--out", str(tmp_path / "r"), *FAST]) == 2
    err = capsys.readouterr().err.strip()
    assert re.search(r"column 'y' in .*euro\.csv has \d+ non-numeric values, first at row \d+: '\d+,\d+' "
                     r"\(decimal comma\? pass --decimal ','\)$", err), err


def _int_panel() -> pd.DataFrame:
    frames = []
    for shop in (7, 10):
        d = _daily(60)
        frames.append(d.assign(shop=shop, y=d["y"] + shop))
    return pd.concat(frames)[["shop", "day", "y"]]


def test_forecast_of_a_parquet_file_keeps_its_integer_ids(tmp_path):
    """The reader keys series by their ids' text; `forecast --data x.parquet` wrote shop '7' as
    text, so the forecast no longer merged onto the user's integer-keyed table."""
    df = _int_panel().assign(day=lambda d: pd.to_datetime(d["day"]))
    data = tmp_path / "d.parquet"
    df.to_parquet(data, index=False)
    run = tmp_path / "run"
    assert main(["run", "--data", str(data), "--target", "y", "--time", "day", "--id", "shop",
                 "--out", str(run), "--quiet", *FAST]) == 0
    for out in (tmp_path / "f.parquet", tmp_path / "f.csv"):
        assert main(["forecast", str(run), "--data", str(data), "--horizon", "2", "--out", str(out), "--quiet"]) == 0
    got = pd.read_parquet(tmp_path / "f.parquet")
    assert got["shop"].dtype == np.int64 and sorted(set(got["shop"])) == [7, 10]
    merged = got.merge(df.groupby("shop", as_index=False)["y"].last(), on="shop")
    assert len(merged) == 4  # every forecast row finds its shop
    assert list(pd.read_csv(tmp_path / "f.csv")["shop"]) == [7, 7, 10, 10]


def test_forecast_from_the_models_own_tails_keeps_a_parquet_files_integer_ids(tmp_path):
    """A model run on a Parquet file of integer shops: `forecast` without --data (the model's own
    tails) wrote the shops as text, where `forecast --data` of the same file wrote integers; now
    model.json keeps the column's dtype, as for a frame fitted in Python, and the Python API
    fitted on the file's path gives them back too."""
    import warnings

    import wavecast

    df = _int_panel().assign(day=lambda d: pd.to_datetime(d["day"]), shop=lambda d: d["shop"].astype("int32"))
    data = tmp_path / "d.parquet"
    df.to_parquet(data, index=False)
    run = tmp_path / "run"
    assert main(["run", "--data", str(data), "--target", "y", "--time", "day", "--id", "shop",
                 "--out", str(run), "--quiet", *FAST]) == 0
    own, given = tmp_path / "own.parquet", tmp_path / "given.parquet"
    assert main(["forecast", str(run), "--horizon", "2", "--out", str(own), "--quiet"]) == 0
    assert main(["forecast", str(run), "--data", str(data), "--horizon", "2", "--out", str(given), "--quiet"]) == 0
    a, b = pd.read_parquet(own), pd.read_parquet(given)
    assert a["shop"].dtype == b["shop"].dtype == np.int32 and list(a["shop"]) == list(b["shop"]) == [7, 7, 10, 10]
    np.testing.assert_array_equal(a["forecast"], b["forecast"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m = wavecast.fit(data, target="y", time="day", id="shop", horizon=3, direct__max_epochs=2,
                         direct__n_ensemble=1)
        assert list(m.predict(2)["shop"]) == [7, 7, 10, 10]
        m.save(tmp_path / "m")
        back = wavecast.load(tmp_path / "m").predict(2)
    assert back["shop"].dtype == np.int32 and list(back["shop"]) == [7, 7, 10, 10]


def test_cli_forecast_of_a_model_fitted_on_a_frame_keeps_its_ids_dtype(tmp_path):
    """A model fitted in Python on int64 shops predicts int64 shops; `wavecast forecast` of the
    saved model wrote them as text."""
    import wavecast

    df = _int_panel()
    f = wavecast.fit(df, target="y", time="day", id="shop", horizon=3, direct__max_epochs=2, direct__n_ensemble=1)
    f.save(tmp_path / "m")
    out = tmp_path / "f.parquet"
    assert main(["forecast", str(tmp_path / "m"), "--horizon", "2", "--out", str(out), "--quiet"]) == 0
    got = pd.read_parquet(out)
    want = wavecast.load(tmp_path / "m").predict(2)
    assert got["shop"].dtype == want["shop"].dtype == np.int64
    assert list(got["shop"]) == list(want["shop"]) == [7, 7, 10, 10]


def test_a_users_own_file_of_forecasts_is_never_replaced_by_forecast_out(tmp_path, capsys):
    """`--out` replaced any CSV whose header ended in 'forecast': a user's own 'week,forecast' file
    (another tool's forecasts, a plan) was overwritten. Now the plot wavecast writes beside its CSV
    carries the CSV's SHA-256, and only a CSV so vouched for is replaced."""
    data = tmp_path / "d.csv"
    _daily().to_csv(data, index=False)
    run = tmp_path / "run"
    assert main(["run", "--data", str(data), "--target", "y", "--time", "day", "--out", str(run), "--quiet",
                 *FAST]) == 0
    mine = tmp_path / "mine.csv"
    mine.write_text("day,forecast\n2020-03-21,11.5\n2020-03-22,11.7\n")
    (tmp_path / "mine_plot.png").unlink(missing_ok=True)
    assert main(["forecast", str(run), "--horizon", "2", "--out", str(mine)]) == 2
    assert "not a forecast wavecast wrote" in capsys.readouterr().err
    assert mine.read_text() == "day,forecast\n2020-03-21,11.5\n2020-03-22,11.7\n"
    ours = tmp_path / "ours.csv"
    assert main(["forecast", str(run), "--horizon", "2", "--out", str(ours), "--quiet"]) == 0
    assert main(["forecast", str(run), "--horizon", "3", "--out", str(ours), "--quiet"]) == 0  # its own: replaced
    assert len(pd.read_csv(ours)) == 3
    edited = ours.read_text() + "2099-01-01,1.0\n"  # a row the user added
    ours.write_text(edited)
    assert main(["forecast", str(run), "--horizon", "2", "--out", str(ours)]) == 2
    assert ours.read_text() == edited


def test_a_workbook_or_a_compressed_csv_is_named_with_what_to_do(tmp_path, capsys):
    """An Excel workbook was "not a CSV text file (it contains binary data)" (or, short, "has no data
    rows (columns: PK...)"), a .csv.gz the same: now each is named, with the step that reads it."""
    import gzip
    import zipfile

    book = tmp_path / "sales.xlsx"
    with zipfile.ZipFile(book, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    plain = tmp_path / "d.csv"
    _daily().to_csv(plain, index=False)
    packed = tmp_path / "d.csv.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    for path, message in ((book, "is an Excel workbook; save its sheet as CSV (UTF-8) or Parquet"),
                          (packed, "is gzip-compressed; decompress it first (gunzip d.csv.gz)")):
        assert main(["run", "--data", str(path), "--out", str(tmp_path / "r")]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and message in err, err


def test_a_column_the_model_needs_missing_from_forecast_data_is_called_the_models(tmp_path, capsys):
    """`forecast --data` of a file whose time column was renamed said "column 'day' (--time) not found"
    to a user who gave no --time; a missing covariate said "(--future) not found", a flag forecast
    refuses. Both now name the model's column and the fix."""
    rng = np.random.default_rng(0)
    df = _daily().assign(x=lambda d: rng.normal(size=len(d)))
    df.loc[len(df)] = ["2020-03-21", np.nan, 0.5]  # one future row
    data = tmp_path / "d.csv"
    df.to_csv(data, index=False)
    run = tmp_path / "run"
    assert main(["run", "--data", str(data), "--target", "y", "--time", "day", "--future", "x", "--horizon", "1",
                 "--out", str(run), "--quiet", *FAST]) == 0
    renamed, dropped = tmp_path / "renamed.csv", tmp_path / "dropped.csv"
    df.rename(columns={"day": "date"}).to_csv(renamed, index=False)
    df.drop(columns="x").to_csv(dropped, index=False)
    out = str(tmp_path / "f.csv")
    for path, message in ((renamed, r"^wavecast: error: the model's time column 'day' is not in .*renamed\.csv; "
                                    r"columns are \['date', 'y', 'x'\]; pass --time COLUMN to name the file's own$"),
                          (dropped, r"^wavecast: error: the model's future covariate column 'x' is not in "
                                    r".*dropped\.csv; .*the model was trained with it: give the file that column$")):
        assert main(["forecast", str(run), "--data", str(path), "--horizon", "1", "--out", out]) == 2
        err = capsys.readouterr().err.strip()
        assert re.search(message, err), err
    assert main(["forecast", str(run), "--data", str(renamed), "--time", "date", "--horizon", "1", "--out", out,
                 "--quiet"]) == 0
