"""The numeric columns left unused past the five noted one by one are named: R's Seatbelts read
with --target drivers said "2 more numeric columns are not used", its law (the seat-belt law, the
driver a practitioner reads it for) unnamed, and "1 more ... columns are" of one."""

import numpy as np
import pandas as pd

from wavecast.data.reader import read


def _seatbelts(n=60) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    cols = ["DriversKilled", "drivers", "front", "rear", "kms", "PetrolPrice", "VanKilled", "law"]
    df = pd.DataFrame(rng.uniform(1, 100, (n, len(cols))), columns=cols)
    df["law"] = (np.arange(n) >= 40).astype(int)
    return df


def test_the_columns_past_five_are_named(tmp_path):
    _seatbelts().to_csv(tmp_path / "sb.csv", index=False)
    notes = read(tmp_path / "sb.csv", target="drivers").notes
    assert "2 more numeric columns are not used (VanKilled, law); pass --past or --future to use them" in notes
    _seatbelts().drop(columns="VanKilled").to_parquet(tmp_path / "sb.parquet", index=False)  # the clean path too
    notes = read(tmp_path / "sb.parquet", target="drivers").notes
    assert "1 more numeric column is not used (law); pass --past or --future to use it" in notes
