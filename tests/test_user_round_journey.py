"""Rough edges a practitioner's hour found: Excel's month dates (Jan-19), the empty rows a
spreadsheet leaves below its table, numbers with thousands separators, the reader's flags
given together, a gap in data with covariates, and the intermittent note's wording."""

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.cli import main
from wavecast.config import load
from wavecast.data.reader import from_object, read
from wavecast.errors import ConfigError, ValidationError
from wavecast.forecasters.intermittent import intermittent_note


def monthly(n=36, start="2015-01-01"):
    rng = np.random.default_rng(0)
    t = np.arange(n)
    return pd.date_range(start, periods=n, freq="MS"), 1000 + 50 * np.sin(2 * np.pi * t / 12) + rng.normal(0, 5, n)


def write(path, header, lines, tail=""):
    path.write_text(header + "\n" + "\n".join(lines) + "\n" + tail, encoding="utf-8")
    return path


@pytest.mark.parametrize("form, years", [("%b-%y", "two"), ("%b-%Y", "four"), ("%B %Y", "four"), ("%Y-%b", "four")])
def test_month_names_are_found_as_the_time_and_read_as_month_starts(tmp_path, form, years):
    times, y = monthly()
    f = write(tmp_path / "m.csv", "Month,Revenue", [f"{t.strftime(form)},{v:.2f}" for t, v in zip(times, y, strict=True)])
    ds = read(f)  # no --time: the column of month names is found
    assert ds.time == "Month"
    assert list(ds.times[0]) == list(times)  # Jan-15 is January 2015, not 15 January of the year 1
    assert str(ds.freq) == "MS"
    two = [n for n in ds.notes if "two-digit years" in n]
    assert bool(two) == (years == "two")
    if two:
        assert "2015..2017" in two[0] and "'Jan-15' as month and year" in two[0]


def test_a_month_name_that_is_no_month_is_refused_with_its_row(tmp_path):
    times, y = monthly(12)
    lines = [f"{t.strftime('%b-%y')},{v:.2f}" for t, v in zip(times, y, strict=True)]
    lines[4] = "Mya-15,1000"
    f = write(tmp_path / "m.csv", "Month,Revenue", lines)
    with pytest.raises(ValidationError) as e:
        read(f, time="Month")
    assert str(e.value).startswith("cannot parse 'Month' at row 5 of ")
    assert "'Mya-15' is no month's name" in str(e.value) and "\n" not in str(e.value)


def test_a_series_indexed_by_month_names_is_forecast_on_months():
    times, y = monthly(30, "2019-01-01")
    s = pd.Series(y, index=[t.strftime("%b-%y") for t in times], name="sold")
    ds = from_object(s)
    assert list(ds.times[0]) == list(times) and str(ds.freq) == "MS"


def test_empty_rows_below_the_table_are_no_data(tmp_path):
    times, y = monthly()
    lines = [f"{t:%Y-%m},\"{v:,.2f}\"" for t, v in zip(times, y, strict=True)]
    f = write(tmp_path / "x.csv", "Month,Revenue", lines, tail=",\n,\n ,\n")
    ds = read(f, thousands=",")
    assert len(ds.values[0]) == len(times)  # was: 3 missing values (3 at the end)
    np.testing.assert_allclose(ds.values[0], np.round(y, 2))
    # with the time named, it was "a missing time at row 37"
    assert len(read(f, time="Month", thousands=",").values[0]) == len(times)
    # an empty row inside is still refused by its row (rows keep their numbers in messages)
    g = write(tmp_path / "y.csv", "Month,Revenue", [*lines[:5], ",", *lines[5:]], tail=",\n")
    with pytest.raises(ValidationError, match="missing time at row 6$"):
        read(g, time="Month", thousands=",")


def test_a_column_of_grouped_thousands_without_target_names_the_flag(tmp_path):
    times, y = monthly()
    # '10,112' alone: ',' may be a decimal comma, so the flag is asked for
    f = write(tmp_path / "x.csv", "Month,Revenue", [f"{t:%Y-%m},\"{int(v) + 10000:,d}\"" for t, v in zip(times, y, strict=True)])
    with pytest.raises(ValidationError) as e:
        read(f)
    said = str(e.value)
    assert "no numeric column" not in said
    assert said.startswith("column 'Revenue' in ") and "(thousands separator? use --thousands ,)" in said
    # '10,112.35' says which mark is the decimal: read (data.marked), where it was refused the same way
    g = write(tmp_path / "y.csv", "Month,Revenue", [f"{t:%Y-%m},\"{v + 10000:,.2f}\"" for t, v in zip(times, y, strict=True)])
    ds = read(g)
    assert ds.target == "Revenue" and ds.values[0].tolist() == [float(f"{v + 10000:.2f}") for v in y]


def test_european_grouping_is_told_its_two_flags(tmp_path):
    # a column of '12.056,5' says its marks itself (data.marked); a stray word keeps the flags' remedy
    f = write(tmp_path / "eu.csv", "d;v", ["2020-01-01;12.056,5", "2020-01-02;13.000,25", "2020-01-03;abc"])
    with pytest.raises(ValidationError) as e:
        read(f, "v", sep=";")
    assert str(e.value).endswith("'12.056,5' (thousands separator '.'? pass --decimal ',' --thousands .)")
    with pytest.raises(ValidationError) as e:
        read(f, "v", sep=";", decimal=",")
    assert str(e.value).endswith("(thousands separator '.'? pass --thousands .)")
    g = write(tmp_path / "eu2.csv", "d;v", ["2020-01-01;12.056,5", "2020-01-02;13.000,25"])
    np.testing.assert_array_equal(read(g, sep=";", decimal=",", thousands=".").values[0], [12056.5, 13000.25])
    ds = read(g, sep=";")  # was refused, naming the two flags
    np.testing.assert_array_equal(ds.values[0], [12056.5, 13000.25])
    assert ("column 'v' read as numbers without its thousands separator '.', with ',' as its decimal mark "
            "('12.056,5' -> 12056.5)") in ds.notes


@pytest.mark.parametrize("order", [0, 1, 2])
def test_the_reader_flags_are_checked_together(order):
    given = ["data.sep=;", "data.thousands=.", "data.decimal=,"]
    cfg = load(None, given[order:] + given[:order])  # the thousands mark before the decimal one too
    assert (cfg.data.sep, cfg.data.decimal, cfg.data.thousands) == (";", ",", ".")
    with pytest.raises(ConfigError, match="must differ from the thousands separator"):
        load(None, [*given, "data.decimal=."])  # the last value counts
    with pytest.raises(ConfigError, match=r"train\.epochs must be an integer >= 1 \(got 0\)"):
        load(None, ["train.epochs=0", "train.epochs=1"])  # each value given is checked, as before


def test_the_documented_european_flags_read_the_file(tmp_path, capsys):
    # docs/data-files.md: `--sep ';' --decimal , --thousands .` reads 1.234,5; it was refused as
    # "data.decimal (--decimal) '.' is also data.thousands". A gap makes the run stop once read.
    f = write(tmp_path / "eu.csv", "d;v", ["2020-01-01;1.234,5", "2020-01-02;1.300,25", "2020-01-05;1.250,0"])
    rc = main(["run", "--data", str(f), "--sep", ";", "--decimal", ",", "--thousands", ".",
               "--out", str(tmp_path / "run")])
    err = capsys.readouterr().err
    assert rc == 2 and "is also data.thousands" not in err and "gap of 2 missing step(s)" in err


def panel_with_gap(tmp_path):
    rows = []
    for s in "AB":
        d = pd.date_range("2022-01-03", periods=60, freq="D")
        rows.append(pd.DataFrame({"store": s, "date": d.strftime("%Y-%m-%d"), "sales": np.arange(60.0) % 7 + 10,
                                  "price": 9.5}))
    df = pd.concat(rows).drop(index=[20, 21])  # each store's 21st and 22nd days
    path = tmp_path / "retail.csv"
    df.to_csv(path, index=False)
    return path


def test_a_gap_in_data_with_covariates_offers_what_works(tmp_path, capsys):
    f = panel_with_gap(tmp_path)
    with pytest.raises(ValidationError) as e:
        read(f, target="sales", time="date", id="store", future=("price",))
    said = str(e.value)
    # it offered --fill-missing-dates, which is refused with covariates
    assert "use --fill-missing-dates" not in said
    assert said.endswith("write the missing dates into the data with their covariates' values and an empty "
                         "target, then pass --fill linear (--fill-missing-dates does not fill covariates yet)")
    with pytest.raises(ValidationError, match="use --fill-missing-dates$"):  # without covariates, as before
        read(f, target="sales", time="date", id="store")


def test_the_intermittent_note_counts_the_series_it_names():
    y = np.zeros(40)
    y[::5] = 3.0
    note = intermittent_note([y + 1, y, y + 2], ["a", "b", "c"])
    assert note.startswith("1 of 3 series ('b') is intermittent (0 on more")  # was "1 series is ('b') intermittent"
    assert intermittent_note([y, y], ["a", "b"]).startswith("2 of 2 series ('a', 'b') are intermittent")


def test_a_key_in_the_wrong_section_names_where_it_is(tmp_path, capsys):
    rc = main(["run", "--data", str(tmp_path / "none.csv"), "--set", "train.max_epochs=5", "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert rc == 2 and err.count("\n") == 1
    assert err.strip().endswith("; did you mean direct.max_epochs?")  # was train's keys alone
    with pytest.raises(ConfigError, match=r"did you mean train\.patience or direct\.patience\?$"):
        load(None, ["patience=3"])
    with pytest.raises(ConfigError) as e:
        load(None, ["direct.foo=3"])
    assert "did you mean" not in str(e.value)


def test_a_python_keyword_of_a_section_names_it():
    with pytest.raises(ConfigError) as e:
        wavecast.fit(np.ones(50), max_epochs=1)
    assert str(e.value).endswith("; did you mean direct__max_epochs?")


def test_saving_onto_a_saved_model_says_what_it_holds(tmp_path):
    f = wavecast.fit(np.sin(np.arange(80) / 3) + 2, direct__max_epochs=1, horizon=4)
    f.save(tmp_path / "m")
    with pytest.raises(ValidationError) as e:
        f.save(tmp_path / "m")
    assert str(e.value).endswith("already holds a run (model/); pass overwrite=True to replace it")  # was "(files)"


def test_plot_of_data_with_two_numeric_columns_asks_for_target_plainly():
    d = pd.date_range("2022-01-01", periods=20, freq="D")
    data = pd.DataFrame({"store": "A", "date": d, "sales": np.arange(20.0), "price": 9.5})
    fc = pd.DataFrame({"store": "A", "date": pd.date_range("2022-01-21", periods=3, freq="D"), "forecast": 1.0})
    with pytest.raises(ValidationError) as e:
        wavecast.plot(data, fc)
    # was "target= must name the column of data that was forecast (one of ...)", no target= given
    assert str(e.value) == ("data has 2 numeric columns besides its time and id ('sales', 'price'); name the one "
                            "forecast with target=, e.g. target='sales'")
    assert wavecast.plot(data, fc, target="sales") is not None


def test_a_comma_at_the_end_of_every_line_is_no_column(tmp_path):
    times, y = monthly()
    f = write(tmp_path / "x.csv", "Month,Value,", [f"{t:%b %Y},{v:.2f}," for t, v in zip(times, y, strict=True)])
    ds = read(f)  # was "has 2 numeric columns (Value, Unnamed: 2)", a wide table
    assert ds.target == "Value" and ds.time == "Month" and str(ds.freq) == "MS"
    np.testing.assert_allclose(ds.values[0], np.round(y, 2))


@pytest.mark.parametrize("form", ["%Y/%m", "%m-%Y", "%m/%Y"])
def test_a_year_and_month_in_numbers_is_found_as_the_time(tmp_path, form):
    times, y = monthly()
    f = write(tmp_path / "x.csv", "month,value", [f"{t.strftime(form)},{v:.2f}" for t, v in zip(times, y, strict=True)])
    ds = read(f)  # was: the rows read as steps 0, 1, 2, ... with no season
    assert ds.time == "month" and list(ds.times[0]) == list(times) and str(ds.freq) == "MS"


def test_quarters_are_found_as_the_time(tmp_path):
    q = pd.period_range("2015Q1", periods=24, freq="Q")
    for name, text in (("a.csv", [str(p) for p in q]), ("b.csv", [f"{p.year}-Q{p.quarter}" for p in q])):
        f = write(tmp_path / name, "quarter,v", [f"{t},{i}" for i, t in enumerate(text)])
        ds = read(f)
        assert ds.time == "quarter" and list(ds.times[0]) == list(q.to_timestamp())
    # a column of codes that are no months is not taken for the time
    f = write(tmp_path / "c.csv", "code,v", [f"{13 + i % 5}-2019,{i}" for i in range(24)])
    assert read(f).time == ""


def test_forecast_past_the_calibrated_horizon_with_level_says_the_ways_on(tmp_path, capsys):
    times, y = monthly(60)
    f = write(tmp_path / "m.csv", "month,v", [f"{t:%Y-%m},{v:.2f}" for t, v in zip(times, y, strict=True)])
    assert main(["run", "--data", str(f), "--horizon", "6", "--set", "direct.max_epochs=1", "--quiet",
                 "--out", str(tmp_path / "run")]) == 0
    capsys.readouterr()
    rc = main(["forecast", str(tmp_path / "run"), "--horizon", "9", "--level", "80", "--out", str(tmp_path / "f.csv")])
    err = capsys.readouterr().err
    assert rc == 2 and err.count("\n") == 1 and not (tmp_path / "f.csv").exists()
    # was "intervals were calibrated up to horizon 6; got 9: forecast fewer steps or retrain ..."
    assert err.strip().endswith("--level: the intervals were calibrated up to 6 steps (the model's horizon) and "
                                "--horizon 9 is longer: forecast at most 6 steps with --level, leave --level out for "
                                "a forecast of 9 steps without bands, or retrain with --horizon 9")
    assert main(["forecast", str(tmp_path / "run"), "--horizon", "9", "--out", str(tmp_path / "f.csv")]) == 0
    # one series: 'primed on the last N points of it', not 'of each'
    assert capsys.readouterr().out.splitlines()[0].endswith(" points of it")


@pytest.mark.parametrize("cell, remedy", [
    ('"$1,000.00"', "(text beside a number? give the number alone, as '1000.00')"),  # was as '1.000'
    ("10.0%", "(text beside a number? give the number alone, as '10.0')"),
    ('"(1,234.50)"', "(a negative in parentheses? write it as '-1234.50')"),  # was as '1234.50', no sign
])
def test_numbers_with_a_unit_are_named_without_target(tmp_path, cell, remedy):
    # '$1,000.00', '10.0%' and '(1,234.50)' throughout are read (data.marked): a word or a
    # second mark among them keeps the remedy of the first value
    times, _ = monthly(24)
    f = write(tmp_path / "x.csv", "date,revenue", [f"{t:%Y-%m},{cell}" for t in times[:-1]] + [f"{times[-1]:%Y-%m},x"])
    with pytest.raises(ValidationError) as e:
        read(f)  # was "x.csv has no numeric column; ...; choose one with --target"
    assert str(e.value).startswith("column 'revenue' in ") and str(e.value).endswith(remedy)


def german(tmp_path):
    times, y = monthly(36)
    rows = [f"{t:%d.%m.%Y};" + f"{v + 1000:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
            for t, v in zip(times, y, strict=True)]
    return write(tmp_path / "de.csv", "Datum;Umsatz", rows), times, np.round(y + 1000, 2)


def test_a_german_export_is_told_all_three_flags_and_read_with_them(tmp_path):
    f, times, y = german(tmp_path)
    with pytest.raises(ValidationError) as e:
        read(f)
    assert str(e.value).endswith("pass --sep ';' --decimal ',' --thousands .")  # --thousands . was left out
    # with --thousands . the dates 01.01.2015 became the number 1012015: "2 numeric columns (Datum, Umsatz)"
    ds = read(f, sep=";", decimal=",", thousands=".")
    assert ds.time == "Datum" and ds.target == "Umsatz" and list(ds.times[0]) == list(times)
    np.testing.assert_allclose(ds.values[0], y)


def test_the_headline_names_the_data_and_the_backtest_its_cutoffs(tmp_path, capsys):
    times, y = monthly(60)
    f = write(tmp_path / "sales.csv", "month,v", [f"{t:%Y-%m},{v:.2f}" for t, v in zip(times, y, strict=True)])
    fast = ["--horizon", "6", "--set", "direct.max_epochs=1"]
    assert main(["run", "--data", str(f), *fast, "--out", str(tmp_path / "r")]) == 0
    assert capsys.readouterr().out.startswith("sales.csv: LSTM trained in ")  # was "experiment: LSTM ..."
    assert main(["backtest", "--data", str(f), *fast, "--origins", "2", "--out", str(tmp_path / "b")]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    # the origins by the last month each knows (it said "2 origins from index 53 to 54" alone)
    cut = [f"{times[i - 1]:%Y-%m}" for i in (53, 54)]  # as the data wrote its months (2019-05)
    assert first.startswith("sales.csv: LSTM trained in ")
    assert f"; 2 origins with cutoffs {cut[0]} to {cut[1]} (index 53 to 54), every 1, 6 steps ahead each" in first


def test_overwrite_says_which_forecasts_went_with_the_old_run(tmp_path, capsys):
    times, y = monthly(60)
    f = write(tmp_path / "sales.csv", "month,v", [f"{t:%Y-%m},{v:.2f}" for t, v in zip(times, y, strict=True)])
    run = ["run", "--data", str(f), "--horizon", "6", "--set", "direct.max_epochs=1", "--out", str(tmp_path / "r")]
    assert main([*run, "--quiet"]) == 0
    # the README's own layout: the forecast written into the run's folder
    assert main(["forecast", str(tmp_path / "r"), "--out", str(tmp_path / "r" / "forecast.csv"), "--quiet"]) == 0
    capsys.readouterr()
    assert main([*run, "--overwrite"]) == 0
    out = capsys.readouterr().out
    assert not (tmp_path / "r" / "forecast.csv").exists()  # replaced whole, as --overwrite says
    # ... and now said: it went without a word
    assert (f"note: {tmp_path / 'r'} was replaced whole: forecast.csv, forecast_plot.png, written there before "
            "(from the old run), went with it\n") in out
    assert main([*run, "--overwrite"]) == 0
    assert "was replaced whole" not in capsys.readouterr().out  # nothing of its own went this time


@pytest.mark.parametrize("stamp", ["%Y-%m-%d", "%d/%m/%Y", "%b-%Y"])
def test_a_column_of_dates_given_as_the_target_is_named_as_times(tmp_path, stamp):
    times, y = monthly(24)
    f = write(tmp_path / "x.csv", "week,orders", [f"{t.strftime(stamp)},{v:.2f}" for t, v in zip(times, y, strict=True)])
    with pytest.raises(ValidationError) as e:
        read(f, target="week")
    # was "(text beside a number? give the number alone, as '2015')"
    assert str(e.value).endswith("(a date: this column holds times; name it with --time, and the column of "
                                 "numbers to forecast with --target)")


def test_a_quarter_or_month_name_column_beside_full_dates_leaves_the_dates_the_time(tmp_path):
    times, y = monthly(24)
    lines = [f"{t:%Y-%m-%d},{t.year}Q{t.quarter},{t:%b-%Y},{v:.2f}" for t, v in zip(times, y, strict=True)]
    f = write(tmp_path / "x.csv", "date,quarter,month,v", lines)
    ds = read(f, target="v")  # the forms found since 91b0a3f must not make the date column one of three
    assert ds.time == "date" and str(ds.freq) == "MS"
    g = write(tmp_path / "y.csv", "quarter,month,v", [line.split(",", 1)[1] for line in lines])
    assert read(g, target="v").time == ""  # two such columns: none chosen, as with two of dates


def test_fit_takes_a_european_export_with_the_readers_keywords_together(tmp_path):
    times, y = monthly(48)
    rows = [f"{t:%Y-%m-%d};{v * 100:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
            for t, v in zip(times, y, strict=True)]
    f = write(tmp_path / "eu.csv", "Datum;Umsatz", rows)
    # was refused: "decimal '.' is also thousands" (the keywords applied one at a time)
    fc = wavecast.fit(str(f), target="Umsatz", time="Datum", sep=";", decimal=",", thousands=".",
                      horizon=6, direct__max_epochs=1)
    assert len(fc.predict(6)) == 6


def test_predict_past_the_calibrated_horizon_with_level_says_the_ways_on():
    times, y = monthly(60)
    fc = wavecast.fit(pd.Series(y, index=times), horizon=6, direct__max_epochs=1)
    with pytest.raises(ValidationError) as e:
        fc.predict(9, level=[80])
    assert str(e.value) == ("level=: the intervals were calibrated up to 6 steps (the model's horizon) and horizon 9 "
                            "is longer: forecast at most 6 steps with level=, leave level= out for a forecast of 9 "
                            "steps without bands, or refit with horizon=9")
    assert len(fc.predict(9)) == 9


def test_a_fitted_model_s_scores_are_a_table_of_the_net_beside_the_baselines(tmp_path):
    times, y = monthly(60)
    fc = wavecast.fit(pd.Series(y, index=times), horizon=6, direct__max_epochs=1)
    table = fc.scores
    assert list(table.index) == list(fc.metrics["forecasters"])  # the net first, then the baselines
    assert table.loc["seasonal naive", "mase"] == fc.metrics["forecasters"]["seasonal naive"]["mase"]
    assert {"mse", "rmse", "mae", "smape", "mase", "coverage-80", "coverage-95"} <= set(table.columns)
    fc.save(tmp_path / "m")
    assert wavecast.load(tmp_path / "m").scores.equals(table)  # kept with the model
    rng = np.random.default_rng(1)
    df = pd.DataFrame({"t": times, "a": y, "b": 50 + rng.normal(0, 1, 60)})
    two = wavecast.fit(df, target=["a", "b"], time="t", horizon=6, direct__max_epochs=1).scores
    assert two.index.names == ["target", "forecaster"] and set(two.index.get_level_values(0)) == {"a", "b"}
