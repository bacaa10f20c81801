"""A series' empty last value beside the date's parts (year, month), as ggplot2's txhousing
writes every row, is a missing value at the end, not a future row: it was "the last one looks
like a future row (year, month filled there): give the covariates known ahead with --future",
and --fill linear refused it ("does not fill future rows"), so the file could not be read."""

import numpy as np
import pandas as pd
import pytest

from wavecast.data.reader import read
from wavecast.errors import ValidationError


def _txhousing(n=36, cities=("Abilene", "Amarillo", "Arlington")):
    k = np.arange(n)
    return pd.concat([pd.DataFrame({"city": c, "year": 2000 + k // 12, "month": k % 12 + 1,
                                    "sales": 100.0 + 10 * i + 20 * np.sin(k * 2 * np.pi / 12),
                                    "date": 2000 + k / 12}) for i, c in enumerate(cities)], ignore_index=True)


def test_an_empty_last_month_beside_its_year_and_month_is_no_future_row(tmp_path):
    # txhousing's Brazoria County: sales empty in the last month, year and month written there
    df = _txhousing()
    df.loc[[5, 35], "sales"] = np.nan  # Abilene: one gap inside, its last month empty
    df.to_csv(tmp_path / "tx.csv", index=False)
    with pytest.raises(ValidationError, match=r"2 missing values \(1 inside, 1 at the end\).*; fill or drop them, "
                       r"or pass --fill linear \(which fills the others and leaves out the empty end"):
        read(tmp_path / "tx.csv", target="sales", id="city")
    ds = read(tmp_path / "tx.csv", target="sales", id="city", fill="linear")  # the advice runs
    assert len(ds.values[0]) == 35 and not np.isnan(ds.values[0]).any()
    # a driver written there is a future row's, as before
    df["price"] = 1.0
    df.to_csv(tmp_path / "tx.csv", index=False)
    with pytest.raises(ValidationError, match=r"looks like a future row \(price filled there\)"):
        read(tmp_path / "tx.csv", target="sales", id="city", fill="linear")
