"""A table whose columns are dates, each row a series (ggplot2's economics pivoted by date, the
layout of a spreadsheet, of M4 and of the World Bank's years), is refused with the melt that reads
it: it was '199 numeric columns (1967-07-01, ...); choose one with --target', offering to forecast
the dates jointly ('--target 1967-07-01,1967-08-01') or a melt that made the dates the ids."""

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.cli import main
from wavecast.data import reader
from wavecast.errors import ValidationError


def _by_date(columns) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    rows = {"variable": ["pce", "pop", "psavert"]}
    rows.update({c: 100 + rng.normal(0, 1, 3) for c in columns})
    return pd.DataFrame(rows)


def test_the_file_gets_the_melt_that_reads_it(tmp_path, capsys):
    months = [str(d.date()) for d in pd.date_range("1967-07-01", periods=40, freq="MS")]
    p = tmp_path / "bydate.csv"
    _by_date(months).to_csv(p, index=False)
    assert main(["run", "--data", str(p), "--out", str(tmp_path / "r")]) == 2
    assert capsys.readouterr().err.strip() == (
        f"wavecast: error: {p} has 40 numeric columns named as dates (1967-07-01 to 1970-10-01): a series a row? "
        f"melt it to long form (id, time, value): pd.read_csv({str(p)!r}).melt(id_vars='variable', var_name='time', "
        "value_name='value'), then save that and read it with --id variable, --time time and --target value")
    long = tmp_path / "long.csv"
    pd.read_csv(p).melt(id_vars="variable", var_name="time", value_name="value").to_csv(long, index=False)
    ds = reader.read(long, target="value", time="time", id="variable")  # the remedy reads
    assert len(ds.ids) == 3 and ds.freq == "MS" and len(ds.values[0]) == 40


def test_python_words_and_rows_without_names():
    years = [str(y) for y in range(1960, 1990)]  # the World Bank's columns
    df = _by_date(years).rename(columns={"variable": "country"})
    with pytest.raises(ValidationError, match=r"30 numeric columns named as dates \(1960 to 1989\): a series a row\? "
                                              r"melt it to long form \(id, time, value\): df.melt\(id_vars='country', "
                                              r"var_name='time', value_name='value'\), then fit that with "
                                              r"id='country', time='time' and target='value'$"):
        wavecast.fit(df)
    with pytest.raises(ValidationError, match=r"df.reset_index\(\).melt\(id_vars='index', .* id='index', "):
        wavecast.fit(df.drop(columns="country"))


def test_a_table_a_series_a_column_keeps_its_melt():
    df = pd.DataFrame({"date": pd.date_range("2020-01-01", periods=30, freq="MS"), "pce": np.arange(30.0),
                       "pop": np.arange(30.0) * 2, "psavert": np.arange(30.0) * 3})
    with pytest.raises(ValidationError, match=r"a wide table \(a series a column\)\? melt it"):
        wavecast.fit(df)
