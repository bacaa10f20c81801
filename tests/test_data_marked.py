"""Numbers as spreadsheets export them ('$2,010.37', '€1.234,56', '1 234,56 €', '20.1%',
'(1,234.00)'): read as numbers with one note a column, in a CSV, a Parquet file and a DataFrame;
a column that is ambiguous or holds other text keeps its refusal and its remedy (data.marked)."""

import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.cli import main
from wavecast.data import reader as data
from wavecast.errors import ValidationError

FAST = ["--set", "direct.max_epochs=2", "--set", "direct.n_ensemble=1"]
MONTHS = pd.date_range("2015-01-01", periods=36, freq="MS")


def _csv(tmp_path, cells, name="revenue", sep=",", extra=None):
    """A monthly file whose column `name` holds the cells (cycled), quoted; -> path."""
    rows = [f"{t:%Y-%m-%d}{sep}\"{cells[i % len(cells)]}\"" + (f"{sep}{extra[i]}" if extra is not None else "")
            for i, t in enumerate(MONTHS)]
    p = tmp_path / "x.csv"
    p.write_text(sep.join(["month", name, *(["units"] if extra is not None else [])]) + "\n" + "\n".join(rows) + "\n",
                 encoding="utf-8")
    return p


def _cycled(numbers):
    return [numbers[i % len(numbers)] for i in range(len(MONTHS))]


@pytest.mark.parametrize("cells, numbers, note", [
    (["$2,010.37", "$1,234.00", "$999.10"], [2010.37, 1234.0, 999.1],
     "column 'revenue' read as numbers without its currency mark '$' and thousands separator ',' "
     "('$2,010.37' -> 2010.37)"),
    (["€1.234,56", "€12,50", "€2.000.000,01"], [1234.56, 12.5, 2000000.01],
     "column 'revenue' read as numbers without its currency mark '€' and thousands separator '.', with ',' as "
     "its decimal mark ('€1.234,56' -> 1234.56)"),
    (["1 234,56 €", "12,00 €", "1\u202f000\u00a0000,25\u00a0€"], [1234.56, 12.0, 1000000.25],
     "column 'revenue' read as numbers without its currency mark '€' and thousands separator ' ', with ',' as "
     "its decimal mark ('1 234,56 €' -> 1234.56)"),
    (["20.1%", "3.25%", "-0.5%"], [20.1, 3.25, -0.5],
     "column 'revenue' read as numbers without its percent sign '%', in percent units ('20.1%' -> 20.1)"),
    (["2,010.37", "(1,234.00)", "15.00"], [2010.37, -1234.0, 15.0],
     "column 'revenue' read as numbers without its thousands separator ',', with (...) as negatives "
     "('(1,234.00)' -> -1234)"),
    (["2,010.37", "1,234.50"], [2010.37, 1234.5],
     "column 'revenue' read as numbers without its thousands separator ',' ('2,010.37' -> 2010.37)"),
    (["USD 1,234.50", "USD 5.00", "-USD 7.25"], [1234.5, 5.0, -7.25],
     "column 'revenue' read as numbers without its currency mark 'USD' and thousands separator ',' "
     "('USD 1,234.50' -> 1234.5)"),
    (["-$5.00", "$-6.00", "$7", "($1,000,000.50)"], [-5.0, -6.0, 7.0, -1000000.5],
     "column 'revenue' read as numbers without its currency mark '$' and thousands separator ',', with (...) "
     "as negatives ('($1,000,000.50)' -> -1000000.5)"),
])
def test_a_column_of_one_shape_is_read_exactly_with_one_note(tmp_path, cells, numbers, note):
    # each was "column 'revenue' ... has 36 non-numeric values, first at row 1: '$2,010.37' (text beside
    # a number? give the number alone, as '2010.37')", or "no numeric column"
    ds = data.read(_csv(tmp_path, cells))  # no --target: the column of numbers is found
    assert ds.target == "revenue" and ds.time == "month"
    assert ds.values[0].tolist() == _cycled(numbers)  # exact: each value's own float
    assert [n for n in ds.notes if "read as numbers" in n] == [note]


def test_a_decimal_comma_alone_needs_the_files_flag(tmp_path):
    p = _csv(tmp_path, ["10,5 €", "3,25 €"], sep=";")
    ds = data.read(p, "revenue", sep=";", decimal=",")  # the flag says ',' is the decimal: said no more
    assert ds.values[0].tolist() == _cycled([10.5, 3.25])
    assert "column 'revenue' read as numbers without its currency mark '€' ('10,5 €' -> 10.5)" in ds.notes
    with pytest.raises(ValidationError, match=r"first at row 1: '10,5 €' \(text beside a number\? give the number "
                                              r"alone, as '10,5' and pass --decimal ','\)$"):
        data.read(p, "revenue", sep=";")


@pytest.mark.parametrize("cells, remedy", [
    (["$5.00", "€6.00"], "'$5.00' (marks '$' and '€' in one column: give the numbers in one unit, or each unit in "
                         "its own column)"),
    (["$1,234", "$5,678"], "'$1,234' (is ',' a thousands separator? pass --thousands ,; a decimal comma? save the "
                           "file separated by ';' and pass --sep ';' --decimal ',')"),
    (["€1.234", "€5.678"], "'€1.234' (is '.' a thousands separator? save the file separated by ';' and pass --sep "
                           "';' --decimal ',' --thousands .; a decimal point? pass --thousands ,)"),
    (["1,234", "5,678"], "'1,234' (thousands separator? use --thousands ,)"),
    (["1.234,56", "2,010.37"], "'1.234,56' ('.' and ',' are each the decimal mark in some values; give every "
                               "value one format)"),
    (["$5.00", "7.00"], "'$5.00' (text beside a number? give the number alone, as '5.00')"),
    (["12 units", "13 units"], "'12 units' (text beside a number? give the number alone, as '12')"),
    (["approx 5", "approx 6"], "'approx 5' (text beside a number? give the number alone, as '5')"),
    (["SKU123", "SKU124"], "'SKU123' (text beside a number? give the number alone, as '123')"),
    (["02:55:10", "02:56:11"], "'02:55:10' (a duration? convert the column to a number first, e.g. '02:55:10' "
                               "to 175.167 minutes: pd.to_timedelta(df[column]).dt.total_seconds() / 60)"),
    (["01.02.2020", "01.03.2020"], "'01.02.2020' (a date: this column holds times; name it with --time, and the "
                                   "column of numbers to forecast with --target)"),
])
def test_ambiguous_or_other_text_is_refused_with_its_remedy(tmp_path, cells, remedy):
    with pytest.raises(ValidationError) as e:
        data.read(_csv(tmp_path, cells), "revenue", "month")
    said = str(e.value)
    assert said.startswith("column 'revenue' in ") and said.endswith(f"first at row 1: {remedy}"), said


def test_the_files_flags_settle_an_ambiguous_mark(tmp_path):
    p = _csv(tmp_path, ["$1,234", "$5,678"])
    assert data.read(p, "revenue", thousands=",").values[0].tolist() == _cycled([1234.0, 5678.0])
    q = _csv(tmp_path, ["€1.234", "€5.678"], sep=";")
    assert data.read(q, "revenue", sep=";", decimal=",").values[0].tolist() == _cycled([1234.0, 5678.0])
    assert data.read(q, "revenue", sep=";", thousands=",").values[0].tolist() == _cycled([1.234, 5.678])


def test_a_covariate_and_several_targets_are_read_too(tmp_path):
    p = _csv(tmp_path, ["$2,010.37", "$1,234.00"], name="price", extra=list(range(100, 136)))
    ds = data.read(p, "units", "month", past=("price",))
    assert ds.covariates.values[0][:, 0].tolist() == _cycled([2010.37, 1234.0])
    assert any(n.startswith("column 'price' read as numbers without its currency mark '$'") for n in ds.notes)
    two = data.read(p, "units,price", "month")  # was: could not convert string to float / refused
    price = two.values[two.ids.index("price")] if "price" in two.ids else None
    assert price is not None and price.tolist() == _cycled([2010.37, 1234.0]), two.ids
    assert sum("column 'price' read as numbers" in n for n in two.notes) == 1


def test_a_parquet_text_column_is_read(tmp_path):
    p = tmp_path / "x.parquet"
    pd.DataFrame({"month": MONTHS, "revenue": _cycled(["$2,010.37", "($1,234.00)"])}).to_parquet(p)
    ds = data.read(p, "revenue", "month")
    assert ds.values[0].tolist() == _cycled([2010.37, -1234.0])
    assert any("column 'revenue' read as numbers" in n for n in ds.notes)


def test_the_cli_reads_a_dollar_column_and_writes_the_forecast(tmp_path, capsys):
    rng = np.random.default_rng(0)
    y = np.round(2000 + 300 * np.sin(np.arange(len(MONTHS)) * np.pi / 6) + rng.normal(0, 20, len(MONTHS)), 2)
    p = _csv(tmp_path, [f"${v:,.2f}" for v in y])
    run, out = tmp_path / "run", tmp_path / "f.csv"
    assert main(["run", "--data", str(p), "--horizon", "3", "--out", str(run), *FAST]) == 0  # was exit 2
    printed = capsys.readouterr().out
    said = [line for line in printed.splitlines() if "read as numbers" in line]
    assert said == [f"note: column 'revenue' read as numbers without its currency mark '$' and thousands separator "
                    f"',' ('${y[0]:,.2f}' -> {y[0]:.15g})"], printed
    assert main(["forecast", str(run), "--horizon", "3", "--out", str(out), "--quiet"]) == 0
    f = pd.read_csv(out)
    assert list(f["month"]) == ["2018-01-01", "2018-02-01", "2018-03-01"]
    assert np.isfinite(f["forecast"]).all() and (f["forecast"] > 1000).all()  # in dollars, not cents or 0..1


def test_a_dataframe_with_a_dollar_column_fits_with_a_note():
    rng = np.random.default_rng(1)
    y = np.round(500 + 50 * np.sin(np.arange(len(MONTHS)) * np.pi / 6) + rng.normal(0, 5, len(MONTHS)), 2)
    df = pd.DataFrame({"month": MONTHS, "sales": [f"${v:,.2f}" for v in y]})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = wavecast.fit(df, target="sales", time="month", horizon=3, direct__max_epochs=2, direct__n_ensemble=1,
                             seed=0)
    notes = [str(w.message) for w in caught if issubclass(w.category, wavecast.WavecastNote)]
    assert f"column 'sales' read as numbers without its currency mark '$' ('${y[0]:.2f}' -> {y[0]:.15g})" in notes, notes
    fc = model.predict(3)
    assert len(fc) == 3 and np.isfinite(np.asarray(fc["forecast"], dtype=float)).all()
    assert 300 < float(np.mean(fc["forecast"])) < 700


def test_a_future_frame_with_a_dollar_column_forecasts_as_its_numbers():
    # predict(future=) with '$10.52' was "future covariate 'price' is not a number at future row 1"
    t = pd.date_range("2015-01-01", periods=39, freq="MS")
    rng = np.random.default_rng(0)
    price = np.round(10 + rng.normal(0, 1, 39), 2)
    y = 100 - 3 * price + rng.normal(0, 0.5, 39)
    df = pd.DataFrame({"month": t[:36], "y": y[:36], "price": [f"${p:.2f}" for p in price[:36]]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", wavecast.WavecastNote)
        m = wavecast.fit(df, target="y", time="month", future=["price"], horizon=3, direct__max_epochs=2,
                         direct__n_ensemble=1, seed=0)
    fut = pd.DataFrame({"month": t[36:], "price": [f"${p:.2f}" for p in price[36:]]})
    got = m.predict(3, future=fut)["forecast"].tolist()
    assert got == m.predict(3, future=fut.assign(price=price[36:]))["forecast"].tolist()


def test_forecast_says_how_it_read_a_new_file(tmp_path, capsys):
    """`wavecast forecast --data` read a '$' column, or times as UTC, without a word: its notes
    were the model's only."""
    rng = np.random.default_rng(0)
    y = np.round(2000 + 300 * np.sin(np.arange(len(MONTHS)) * np.pi / 6) + rng.normal(0, 20, len(MONTHS)), 2)
    plain, dollars = tmp_path / "plain.csv", _csv(tmp_path, [f"${v:,.2f}" for v in y])
    pd.DataFrame({"month": MONTHS, "revenue": y}).to_csv(plain, index=False)
    run = tmp_path / "run"
    assert main(["run", "--data", str(plain), "--horizon", "3", "--out", str(run), *FAST]) == 0
    capsys.readouterr()
    assert main(["forecast", str(run), "--data", str(dollars), "--horizon", "3", "--out", str(tmp_path / "f.csv")]) == 0
    printed = capsys.readouterr().out
    assert f"note: column 'revenue' read as numbers without its currency mark '$' and thousands separator ',' " \
           f"('${y[0]:,.2f}' -> {y[0]:.15g})" in printed.splitlines(), printed
