"""A target of the series' names (ggplot2's economics_long: date, variable, value with 'pce',
'pop', ... in blocks; txhousing's city) is refused with the --id to pass and the columns of
numbers there are. It was "column 'variable' has 2870 non-numeric values, first at row 1: 'pce'
(give numbers only: a missing value left empty, a yes/no flag as 1/0)", which names no fix."""

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.data.reader import read
from wavecast.errors import ValidationError


def _long(n=40) -> pd.DataFrame:
    t = pd.date_range("2000-01-01", periods=n, freq="MS").strftime("%Y-%m-%d")
    return pd.concat([pd.DataFrame({"date": t, "variable": v, "value": 100.0 * (i + 1) + np.arange(n),
                                    "value01": np.linspace(0, 1, n)}) for i, v in enumerate(["pce", "pop", "psavert"])],
                     ignore_index=True)


def test_names_given_as_target_are_told_to_be_the_id(tmp_path):
    _long().to_csv(tmp_path / "el.csv", index=False)
    with pytest.raises(ValidationError, match=r"^column 'variable' \(--target\) in .*el.csv holds text, 3 names \('pce', "
                       r"'pop', 'psavert'\) for 120 rows: the series' names\? pass --id variable and --target COLUMN, "
                       r"one of value, value01$"):
        read(tmp_path / "el.csv", target="variable")
    with pytest.raises(ValidationError, match=r"holds the series' names \('pce', 'pop', 'psavert'\), given as the "
                       r"--id; pass --target COLUMN, one of value, value01$"):
        read(tmp_path / "el.csv", target="variable", id="variable")
    assert len(read(tmp_path / "el.csv", target="value", id="variable").ids) == 3  # the advice runs
    # in Python's words
    with pytest.raises(ValidationError, match=r"pass id='variable' and target='COLUMN', one of value, value01$"):
        wavecast.fit(_long(), target="variable", time="date")
    # a yes/no flag scattered over the rows keeps its own advice (1/0)
    df = _long().query("variable == 'pce'").assign(flag=lambda d: np.where(np.arange(len(d)) % 3, "yes", "no"))
    df.to_csv(tmp_path / "flag.csv", index=False)
    with pytest.raises(ValidationError, match=r"non-numeric values, first at row 1: 'no' \(give numbers only"):
        read(tmp_path / "flag.csv", target="flag")
