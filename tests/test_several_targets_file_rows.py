"""Several targets are read as a panel of (series, target) blocks, each target's rows after the
other's: the reader's messages named the panel's rows, which are not the file's. A file of 100
rows (ids x and y, targets a and b) with b missing at row 71 said 'first at row 171', and a date
twice in id y at rows 70 and 71 'rows 120, 121'."""

import numpy as np
import pandas as pd
import pytest

from wavecast.data import reader
from wavecast.errors import ValidationError


def _two_shops(path, with_time: bool):
    n = 50
    df = pd.DataFrame({"id": ["x"] * n + ["y"] * n, "a": np.arange(2 * n) + 1.0, "b": np.arange(2 * n) + 5.0})
    if with_time:
        df.insert(1, "time", list(pd.date_range("2020-01-01", periods=n).astype(str)) * 2)
    return df


def test_a_missing_value_of_the_second_target_is_said_at_its_file_row(tmp_path):
    p = tmp_path / "shops.csv"
    df = _two_shops(p, with_time=False)
    df.loc[70, "b"] = np.nan
    df.to_csv(p, index=False)
    for target in ("b", "a,b"):  # one target alone and both: the same row of the file
        with pytest.raises(ValidationError, match=r"has 1 missing value \(1 inside\), first at row 71; "):
            reader.read(p, target=target, id="id")


def test_a_duplicate_date_is_said_at_its_file_rows(tmp_path):
    p = tmp_path / "shops.csv"
    df = _two_shops(p, with_time=True)
    df.loc[70, "time"] = df.loc[69, "time"]
    df.to_csv(p, index=False)
    with pytest.raises(ValidationError) as err:
        reader.read(p, target="a,b", time="time", id="id")
    assert str(err.value) == ("timestamp 2020-01-20 appears twice (rows 70, 71) for id 'y' (target 'a'); drop the "
                              "duplicates"), err.value
