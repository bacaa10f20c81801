"""Dates written as six-digit whole numbers YYMMDD in a column named as dates (Ecdat's Garch:
rownames, date 800102, day, dm, ...; trading days of 1980-87) are read as dates, two-digit years
as Excel reads them, with a note. The column was told to be a driver ('column 'date' is not used;
pass --past or --future to use it') and the rows read as steps; under --time it was steps of 1
('gap of 2 missing step(s) after 800104 ... (68553 missing stamps)')."""

import numpy as np
import pandas as pd
import pytest

from wavecast.data import reader
from wavecast.errors import ValidationError


def _garch(n: int = 60) -> pd.DataFrame:
    days = pd.bdate_range("1999-12-20", periods=n)  # across 2000: 991220 ... 000101 is 101
    return pd.DataFrame({"date": days.strftime("%y%m%d").astype(int), "dm": 0.58 + np.sin(np.arange(n) / 4) / 50,
                         "bp": 2.2 + np.arange(n) / 100})


@pytest.mark.parametrize("suffix", ["csv", "parquet"])
def test_yymmdd_in_a_date_column_is_read_as_dates(tmp_path, suffix):
    df = _garch()
    p = tmp_path / f"garch.{suffix}"
    df.to_csv(p, index=False) if suffix == "csv" else df.to_parquet(p, index=False)
    for time in ("", "date"):  # found without --time, and read as dates under it
        ds = reader.read(p, target="dm", time=time)
        assert ds.freq == "B" and ds.time == "date", (ds.freq, ds.notes)
        assert ds.times[0][0] == pd.Timestamp("1999-12-20") and ds.times[0][-1] == pd.Timestamp("2000-03-10")
        assert ("column 'date' read as dates written YYMMDD (991220 as 1999-12-20; two-digit years 30-99 as 19xx, "
                "00-29 as 20xx)") in ds.notes, ds.notes
        assert not any("column 'date' is not used" in n for n in ds.notes), ds.notes


def test_numbers_named_otherwise_or_not_dates_are_as_before(tmp_path):
    df = _garch().rename(columns={"date": "code"})
    p = tmp_path / "g.csv"
    df.to_csv(p, index=False)
    assert "column 'code' is not used; pass --past or --future to use it" in reader.read(p, target="dm").notes
    df = _garch()
    df.loc[5, "date"] = 991232  # no such day: steps, refused as such under --time
    df.to_csv(p, index=False)
    with pytest.raises(ValidationError, match="991232"):  # read as the numbers they are
        reader.read(p, target="dm", time="date")
