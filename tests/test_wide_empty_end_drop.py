"""A wide table's series that ends a year before the others (fpp3's prices: wheat empty in 1997
beside copper's and oil's values) is refused as looking like a future row, and the refusal now
names the way out for values that are not known ahead: drop that row. It named --future alone,
and --fill linear was refused too ("does not fill future rows"), so a user who wanted wheat
forecast on its own was left with no remedy that fitted; the row dropped, the file runs."""

import numpy as np
import pandas as pd
import pytest

from wavecast.data.reader import read
from wavecast.errors import ValidationError


def _prices():
    years = np.arange(1900, 1940)
    rng = np.random.default_rng(0)
    df = pd.DataFrame(
        {
            "year": years,
            "copper": 5 + rng.random(40),
            "oil": 20 + rng.random(40),
            "wheat": 100 + rng.random(40),
        }
    )
    df.loc[39, "wheat"] = np.nan  # wheat's last year not yet published
    return df


@pytest.mark.parametrize("fill", ["none", "linear"])
def test_the_refusal_names_dropping_the_row(tmp_path, fill):
    _prices().to_csv(tmp_path / "prices.csv", index=False)
    with pytest.raises(
        ValidationError,
        match=r"looks like a future row \(copper, oil filled there\): give the "
        r"covariates known ahead with --future, or drop that row if those values are not known "
        r"ahead \(other series beside it\)",
    ):
        read(tmp_path / "prices.csv", target="wheat", fill=fill)


def test_the_remedy_runs(tmp_path):
    _prices().dropna(subset=["wheat"]).to_csv(tmp_path / "prices.csv", index=False)
    ds = read(tmp_path / "prices.csv", target="wheat")
    assert len(ds.values[0]) == 39
