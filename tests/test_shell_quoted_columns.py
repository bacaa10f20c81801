"""Advice that names a column for the command line quotes a name the shell would split: R's
write.csv writes its row names under an empty header, which pandas reads as 'Unnamed: 0', and a
note said 'pass --time Unnamed: 0 if it holds the times' (the shell passes '--time Unnamed:'
and a stray '0'). Python's words unquote it (time='Unnamed: 0')."""

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.cli import main
from wavecast.data import reader
from wavecast.errors import ValidationError


def test_a_text_column_named_with_a_space_is_quoted_in_the_note(tmp_path):
    path = tmp_path / "precip.csv"  # R's precip as write.csv(precip) gives it: city names, no header
    path.write_text(",x\nMobile,67\nJuneau,54.7\nPhoenix,7\nLittle Rock,48.5\nLos Angeles,14\n")
    notes = reader.read(path).notes
    assert ("column 'Unnamed: 0' is not used and the rows are steps 0, 1, 2, ... (no time column); "
            "pass --time 'Unnamed: 0' if it holds the times") in notes, notes


def test_an_id_named_with_a_space_is_quoted_in_the_refusal(tmp_path, capsys):
    t = pd.date_range("2020-01-05", periods=20, freq="W-SUN").strftime("%Y-%m-%d")
    df = pd.concat([pd.DataFrame({"store id": f"S{i}", "week": t, "sales": np.arange(20) + 10.0 * i})
                    for i in range(3)])
    path = tmp_path / "stores.csv"
    df.to_csv(path, index=False)
    assert main(["run", "--data", str(path), "--target", "sales", "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.endswith("holds 3 values in blocks; pass --id 'store id'"), err
    with pytest.raises(ValidationError, match=r"pass id='store id'$"):  # Python's words: the name unquoted
        wavecast.fit(path, target="sales")
