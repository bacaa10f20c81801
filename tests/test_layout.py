"""Issue 18, item 4: a long file without --id is refused with a hint; unused columns are said."""

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.cli import main
from wavecast.data.layout import check_layout, id_like_column
from wavecast.errors import ValidationError


def _long(n=30, k=3):
    t = pd.date_range("2020-01-01", periods=n, freq="D").strftime("%Y-%m-%d")
    return pd.concat([pd.DataFrame({"unique_id": f"item_{i}", "ds": t, "y": np.arange(n) + 10.0 * i,
                                    "temperature": np.sin(np.arange(n))}) for i in range(k)])


def test_id_like_column_is_found_only_in_blocks():
    df = _long()
    assert id_like_column(df, {"y", "ds"}) == ("unique_id", 3)
    shuffled = df.sample(frac=1.0, random_state=0)
    assert id_like_column(shuffled, {"y", "ds"}) is None


def test_a_long_file_without_id_fails_with_one_line_suggesting_it(tmp_path, capsys):
    path = tmp_path / "long.csv"
    _long().to_csv(path, index=False)
    assert main(["run", "--data", str(path), "--target", "y", "--time", "ds", "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "pass --id unique_id" in err and "3 series" in err
    with pytest.raises(ValidationError, match="pass id='unique_id'"):
        wavecast.fit(path, target="y", time="ds")


def test_without_a_time_column_a_note_says_so():
    notes = check_layout(_long(), "y", "", "", "f.csv")
    assert any("pass --id unique_id" in n for n in notes)
    assert "column 'temperature' is not used; pass --past or --future to use it" in notes


def test_unused_numeric_column_gets_a_note(tmp_path, capsys):
    path = tmp_path / "long.csv"
    _long().to_csv(path, index=False)
    assert main(["run", "--data", str(path), "--target", "y", "--time", "ds", "--id", "unique_id",
                 "--horizon", "3", "--out", str(tmp_path / "r"), "--set", "direct.max_epochs=1"]) == 0
    assert "note: column 'temperature' is not used; pass --past or --future to use it" in \
        capsys.readouterr().out
    with pytest.warns(UserWarning, match="column 'temperature' is not used"):
        wavecast.fit(path, target="y", time="ds", id="unique_id", horizon=3, overrides=["direct.max_epochs=1"])


def test_a_long_file_of_numbered_stores_without_target_or_id_suggests_the_id(tmp_path, capsys):
    """Stores numbered 000, 001, ... are a column of numbers to pandas: with neither --target nor
    --id the refusal was '4 numeric columns (store, sales, price, promo)', offering to melt a wide
    table or to forecast the store numbers jointly with the sales (--target store,sales,...)."""
    t = pd.date_range("2020-01-05", periods=20, freq="W-SUN").strftime("%Y-%m-%d")
    df = pd.concat([pd.DataFrame({"store": f"{i:03d}", "week": t, "sales": np.arange(20) + 10.0 * i,
                                  "price": 2.5 + 0.1 * i, "promo": np.arange(20) % 2}) for i in range(3)])
    path = tmp_path / "stores.csv"
    df.to_csv(path, index=False)
    assert main(["run", "--data", str(path), "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.splitlines() == [f"wavecast: error: {path} looks like 3 series stacked in long format: its time "
                                "stamps repeat and column 'store' holds 3 values in blocks; pass --id store and "
                                "--target COLUMN, one of sales, price, promo"], err
    with pytest.raises(ValidationError, match=r"pass id='store' and target="):
        wavecast.fit(path, time="week")
    df.assign(store="S" + df["store"]).to_csv(path, index=False)  # text ids: the same line
    assert main(["run", "--data", str(path), "--out", str(tmp_path / "r")]) == 2
    assert capsys.readouterr().err.strip() == err
    single = df[["store", "week", "sales"]]  # one value column: --id alone reads it
    single.to_csv(path, index=False)
    assert main(["run", "--data", str(path), "--out", str(tmp_path / "r")]) == 2
    assert capsys.readouterr().err.strip().endswith("holds 3 values in blocks; pass --id store")
