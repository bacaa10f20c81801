"""CSV files as pandas' df.to_csv(path), R's write.csv and the Rdatasets site write them: a first
column of row numbers ('Unnamed: 0', 'rownames') is no data, and a float column named time of
decimal years (R's time() of a monthly ts) is the time axis. Both were read as numeric columns:
the file refused as "2 numeric columns (Unnamed: 0, sales)" or "(time, value)"."""

import numpy as np
import pandas as pd
import pytest

from wavecast.cli import main
from wavecast.data.reader import read
from wavecast.errors import ValidationError


def _daily(n=60):
    t = pd.date_range("2024-01-01", periods=n, freq="D")
    return pd.DataFrame({"date": t.strftime("%Y-%m-%d"), "sales": 100 + 10 * np.sin(np.arange(n) * 2 * np.pi / 7)})


def test_a_csv_written_with_its_index_reads_as_without_it(tmp_path, capsys):
    df = _daily()
    df.to_csv(tmp_path / "idx.csv")  # pandas' default: the index under an empty name, 0..n-1
    df.to_csv(tmp_path / "plain.csv", index=False)
    ds, plain = read(tmp_path / "idx.csv"), read(tmp_path / "plain.csv")
    assert ds.target == "sales" and ds.freq == "D" and ds.notes == plain.notes
    np.testing.assert_array_equal(ds.values, plain.values)
    # R's write.csv: row names 1..n under an empty header; a panel's rows numbered through
    panel = pd.concat([df.assign(shop=s) for s in "ab"], ignore_index=True)
    panel.index += 1
    panel.to_csv(tmp_path / "panel.csv")
    ds = read(tmp_path / "panel.csv", target="sales", id="shop")
    assert len(ds.ids) == 2 and not any("Unnamed" in n for n in ds.notes)
    assert main(["run", "--data", str(tmp_path / "idx.csv"), "--out", str(tmp_path / "r"), "--horizon", "7",
                 "--set", "train.epochs=1", "--set", "direct.max_epochs=1", "--set", "model.hidden_size=4"]) == 0
    assert "Unnamed" not in capsys.readouterr().err
    # a first column that is no row numbers is data, as before
    df.insert(0, "rownames", np.arange(5, 5 + len(df)))  # not 0..n-1 or 1..n
    df.to_csv(tmp_path / "other.csv", index=False)
    with pytest.raises(ValidationError, match=r"2 numeric columns \(rownames, sales\)"):
        read(tmp_path / "other.csv")
    assert read(tmp_path / "other.csv", target="rownames", time="date").target == "rownames"  # named: kept


def test_rdatasets_time_value_of_decimal_years_is_monthly(tmp_path):
    n = 48
    years = 1949 + np.arange(n) / 12
    value = 100 + 20 * np.sin(np.arange(n) * 2 * np.pi / 12)
    pd.DataFrame({"time": years, "value": value}).to_csv(tmp_path / "rd.csv", index=False)
    ds = read(tmp_path / "rd.csv")
    assert ds.target == "value" and ds.freq == "MS"
    # as the Rdatasets site writes a ts: its row names first
    pd.DataFrame({"rownames": np.arange(1, n + 1), "time": years, "value": value}).to_csv(tmp_path / "rd.csv", index=False)
    ds = read(tmp_path / "rd.csv")
    assert ds.target == "value" and ds.freq == "MS"
    assert ds.times[0][0] == pd.Timestamp("1949-01-01") and ds.times[0][-1] == pd.Timestamp("1952-12-01")
    assert ("column 'time' read as decimal years, each a month's start (1949 as 1949-01); forecasts are dated so "
            "(1949-01-01), not written as decimal years") in ds.notes, ds.notes
    # a Parquet file of the same columns, target named: its clean path read the rows as steps
    pd.read_csv(tmp_path / "rd.csv").to_parquet(tmp_path / "rd.parquet", index=False)
    assert read(tmp_path / "rd.parquet", target="value").freq == "MS"
    # a price quoted in quarters is no time: a column not named time keeps the refusal
    pd.DataFrame({"price": 1200 + np.arange(n) / 4, "value": value}).to_csv(tmp_path / "q.csv", index=False)
    with pytest.raises(ValidationError, match=r"2 numeric columns \(price, value\)"):
        read(tmp_path / "q.csv")
