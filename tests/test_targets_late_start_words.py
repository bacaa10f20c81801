"""Several targets of which one starts later (a wide table's column empty at its start, as fpp2
melsyd's Business class before 1989): the refusal under --fill linear said "--fill linear fills
gaps inside a target, not its empty end" of a target whose empty part is its start."""

import numpy as np
import pandas as pd

from wavecast.cli import main


def test_a_target_empty_at_its_start_is_not_said_to_be_empty_at_its_end(tmp_path, capsys):
    n = 40
    b = 20 + np.arange(n) % 7.0
    b[:10] = np.nan
    path = tmp_path / "wide.csv"
    pd.DataFrame({"week": pd.date_range("2024-01-01", periods=n, freq="W-MON"), "a": 10 + np.arange(n) % 5.0,
                  "b": b}).to_csv(path, index=False)
    assert main(["run", "--data", str(path), "--target", "a,b", "--fill", "linear", "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "column 'b' (--target) in" in err and "first at 2024-01-01" in err
    assert "not its empty start or end" in err and "not its empty end" not in err
