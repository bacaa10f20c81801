"""The refusal of a long file read without --id or --target offers as targets the columns of
numbers, not the date's parts beside its time: ggplot2's txhousing (city, year, month, sales, ...,
date) offered "--target COLUMN, one of year, month, sales, volume, ...". Where one column is left,
it is named, since the date's parts would still make the run ask for a target."""

import numpy as np
import pandas as pd
import pytest

from wavecast.data.reader import read
from wavecast.errors import ValidationError


def _panel(extra: bool) -> pd.DataFrame:
    k = np.arange(24)
    return pd.concat([pd.DataFrame({"city": c, "year": 2000 + k // 12, "month": k % 12 + 1,
                                    "sales": 100.0 + i + np.sin(k), **({"volume": 5.0 * k} if extra else {}),
                                    "date": pd.date_range("2000-01-01", periods=24, freq="MS").strftime("%Y-%m-%d")})
                      for i, c in enumerate(["a", "b", "c"])], ignore_index=True)


def test_the_dates_parts_are_not_offered_as_targets(tmp_path):
    _panel(True).to_csv(tmp_path / "tx.csv", index=False)
    with pytest.raises(ValidationError, match=r"pass --id city and --target COLUMN, one of sales, volume$"):
        read(tmp_path / "tx.csv")
    _panel(False).to_csv(tmp_path / "one.csv", index=False)
    with pytest.raises(ValidationError, match=r"pass --id city and --target sales$"):
        read(tmp_path / "one.csv")
    assert len(read(tmp_path / "one.csv", id="city", target="sales").ids) == 3  # the advice runs
