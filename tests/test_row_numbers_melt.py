"""A first column of row numbers (R's write.csv row names, read as 'Unnamed: 0'; 'rownames' of an
R data frame) is no series: the reader leaves it out of the targets it offers, and the melt a
refusal offers leaves it out too. The melt read the file again with it and stacked it as one more
series (R's EuStockMarkets: 5 series, not 4)."""

import re

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.cli import main
from wavecast.errors import ValidationError


def _melt_of(message: str, **names) -> pd.DataFrame:
    """The melt the message offers, run as the user would run it."""
    expr = re.search(r"melt it to long form \(id, time, value\): (.+?), then ", message)[1]
    return eval(expr, {"pd": pd, **names})


def _stocks(n: int = 40) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    return pd.DataFrame({c: 1000 + rng.normal(0, 10, n).cumsum() for c in ("DAX", "SMI", "CAC", "FTSE")})


def test_the_melt_of_a_file_leaves_its_row_numbers_out(tmp_path, capsys):
    path = tmp_path / "EuStockMarkets.csv"
    _stocks().rename(index=lambda i: i + 1).to_csv(path)  # as R's write.csv: "",DAX,... then "1",...
    assert main(["run", "--data", str(path), "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "4 numeric columns (DAX, SMI, CAC, FTSE)" in err, err
    long = _melt_of(err)
    assert sorted(long["id"].unique()) == ["CAC", "DAX", "FTSE", "SMI"], err


def test_the_melt_of_a_frame_leaves_its_rownames_out():
    df = _stocks().assign(rownames=np.arange(1, 41))[["rownames", "DAX", "SMI", "CAC", "FTSE"]]
    with pytest.raises(ValidationError) as exc:
        wavecast.fit(df, epochs=1)
    assert sorted(_melt_of(str(exc.value), df=df)["id"].unique()) == ["CAC", "DAX", "FTSE", "SMI"], str(exc.value)


def test_the_melt_offered_for_targets_that_start_apart_leaves_them_out(tmp_path):
    path = tmp_path / "two.csv"
    pd.DataFrame({"a": [np.nan, np.nan, 3, 4, 5, 6.0], "b": [5, 6, 7, 8, 9, 1.0]},
                 index=range(1, 7)).to_csv(path)
    with pytest.raises(ValidationError) as exc:
        wavecast.fit(path, target=["a", "b"], epochs=1)
    assert sorted(_melt_of(str(exc.value))["id"].unique()) == ["a", "b"], str(exc.value)
