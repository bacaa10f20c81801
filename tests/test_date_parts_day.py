"""A date written in a month and a day column (R's airquality: Ozone, ..., Month, Day of one
summer, no year) or in a year, a month and a day column: the refusal and the notes say how to
join the parts, the day included. The month and day file was offered to forecast Month and Day
as series (a melt, or --target Ozone,...,Month,Day), and with --target each part was told to be
--past or --future; a year, month and day file was told to join the year and the month with
day=1, its Day left to be a driver."""

import re

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.cli import main
from wavecast.data import reader
from wavecast.errors import ValidationError


def _summer(year: bool) -> pd.DataFrame:
    t = pd.date_range("1973-05-01", "1973-09-30", freq="D")
    ozone = 40 + 20 * np.sin(np.arange(len(t)) / 9.0)
    ozone[[4, 5, 9]] = np.nan  # airquality's Ozone has holes
    df = pd.DataFrame({"Ozone": ozone, "Wind": 7.0 + np.arange(len(t)) % 5, "Month": t.month, "Day": t.day})
    return df.assign(Year=t.year)[["Year", *df.columns]] if year else df


def test_a_month_and_a_day_column_are_told_how_to_join(tmp_path, capsys):
    p = tmp_path / "airquality.csv"
    _summer(year=False).to_csv(p, index=False)
    assert main(["run", "--data", str(p), "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err.strip()
    hint = ("columns 'Month' and 'Day' hold a date without its year? join them with the year into one column of "
            "dates: df['date'] = pd.to_datetime(dict(year=2000, month=df['Month'], day=df['Day'])) with the data's "
            "year in place of 2000, and read it as the time")
    assert err.endswith(hint), err
    assert "--target Ozone,Wind,Month,Day" not in err and "melt" not in err
    # the line runs, and what it gives is read as daily data
    df = _summer(year=False)
    exec(re.search(r"df\['date'\] = .*?\)\)", hint).group(0).replace("2000", "1973"), {"pd": pd, "df": df})
    assert df["date"].iloc[0] == pd.Timestamp("1973-05-01") and df["date"].is_unique

    ds = reader.read(p, target="Ozone", fill="linear")
    assert any(n.endswith(hint) for n in ds.notes), ds.notes
    assert not any(re.search(r"column '(Month|Day)' is not used", n) for n in ds.notes), ds.notes
    assert "column 'Wind' is not used; pass --past or --future to use it" in ds.notes


def test_a_year_month_and_day_are_joined_with_the_day(tmp_path):
    p = tmp_path / "airquality.csv"
    _summer(year=True).to_csv(p, index=False)
    hint = (r"columns 'Year', 'Month' and 'Day' hold a date in three parts\? join them into one column of dates: "
            r"df\['date'\] = pd\.to_datetime\(dict\(year=df\['Year'\], month=df\['Month'\], day=df\['Day'\]\)\)")
    with pytest.raises(ValidationError, match=r"5 numeric columns .*; " + hint + ", and read it as the time$"):
        reader.read(p)
    ds = reader.read(p, target="Ozone", fill="linear")
    assert any(re.search(hint, n) for n in ds.notes), ds.notes
    assert not any("day=1" in n or "column 'Day' is not used" in n for n in ds.notes), ds.notes
    with pytest.raises(ValidationError, match=hint):  # Python's words: the same line
        wavecast.fit(_summer(year=True))
