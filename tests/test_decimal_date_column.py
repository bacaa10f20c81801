"""A float column named date of decimal years, as ggplot2's txhousing writes its months (city,
year, month, sales, ..., date with 2000.0, 2000.0833, ...), is the time axis, found without
--time; and a panel stacked without --id on such a column is refused with the --id to pass.
It was left unused: with --id each city's rows were steps, and without --id the 46 cities were
read as one series of 8,602 steps with a note only."""

import numpy as np
import pandas as pd
import pytest

from wavecast.data.reader import read
from wavecast.errors import ValidationError


def _txhousing(n=36, cities=("Abilene", "Amarillo", "Arlington")):
    k = np.arange(n)
    rows = [pd.DataFrame({"city": c, "year": 2000 + k // 12, "month": k % 12 + 1,
                          "sales": 100.0 + 10 * i + 20 * np.sin(k * 2 * np.pi / 12),
                          "date": 2000 + k / 12}) for i, c in enumerate(cities)]
    return pd.concat(rows, ignore_index=True)


def test_decimal_years_named_date_are_the_time(tmp_path):
    _txhousing().to_csv(tmp_path / "tx.csv", index=False)
    ds = read(tmp_path / "tx.csv", target="sales", id="city")
    assert ds.freq == "MS" and ds.time == "date" and len(ds.ids) == 3
    assert ds.times[0][0] == pd.Timestamp("2000-01-01") and ds.times[2][-1] == pd.Timestamp("2002-12-01")
    # one series in a Parquet file without text goes the clean path, which read the rows as steps
    one = _txhousing(cities=("Abilene",)).drop(columns=["city", "year", "month"])
    one.to_parquet(tmp_path / "one.parquet", index=False)
    assert read(tmp_path / "one.parquet", target="sales").freq == "MS"


def test_a_panel_on_decimal_dates_without_id_is_refused_with_the_id(tmp_path):
    _txhousing().to_csv(tmp_path / "tx.csv", index=False)
    with pytest.raises(ValidationError, match=r"3 series stacked .* column 'city' .*; pass --id city$"):
        read(tmp_path / "tx.csv", target="sales")
    with pytest.raises(ValidationError, match=r"3 series stacked .*pass --id city and --target sales$"):
        read(tmp_path / "tx.csv")
    # whole years that repeat (a year beside its month) are still no time
    df = _txhousing(cities=("Abilene",)).drop(columns=["city", "date"]).assign(year=lambda d: d.year.astype(float))
    df.to_csv(tmp_path / "ym.csv", index=False)
    assert read(tmp_path / "ym.csv", target="sales").time == ""
