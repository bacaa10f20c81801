"""A file read with --no-header is not told to "use --no-header": its columns are named 0, 1, ...
because of the flag, and `wavecast run --data f.csv --no-header --target value` said `columns are
['0', '1']; the file may have no header row (use --no-header)`. A file whose header is data is
still told so."""

import numpy as np
import pandas as pd

from wavecast.cli import main


def _headerless(tmp_path) -> str:
    path = tmp_path / "nohdr.csv"
    t = pd.date_range("2021-01-01", periods=60, freq="D").strftime("%Y-%m-%d")
    pd.DataFrame({"t": t, "y": np.arange(60.0)}).to_csv(path, index=False, header=False)
    return str(path)


def test_no_header_flag_is_not_offered_to_a_file_read_with_it(tmp_path, capsys):
    assert main(["run", "--data", _headerless(tmp_path), "--no-header", "--target", "value",
                 "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.endswith("nohdr.csv; columns are ['0', '1']"), err


def test_a_header_of_numbers_is_still_told_of_no_header(tmp_path, capsys):
    path = tmp_path / "d.csv"
    pd.DataFrame({"t": pd.date_range("2021-01-01", periods=60).strftime("%Y-%m-%d"),
                  "12.5": np.arange(60.0)}).to_csv(path, index=False)
    assert main(["run", "--data", str(path), "--target", "value", "--out", str(tmp_path / "r")]) == 2
    assert "the file may have no header row (use --no-header)" in capsys.readouterr().err
