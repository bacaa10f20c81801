"""Series numbered in whole numbers, stacked without a time column wavecast reads (R's
ChickWeight: weight, Time 0, 2, ..., 21 in each chick, Chick 1..50, Diet): the refusal and the
note name the id. Without --target the file was offered a melt of every column and a joint
forecast of weight, Time, Chick and Diet; with --target weight the 50 chicks were read as one
series of 578 points (a season of 12 found in the repeats) and Chick told to be --past or
--future. A text id already had its note; numbers had none."""

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.cli import main
from wavecast.data import reader
from wavecast.errors import ValidationError


def _chicks() -> pd.DataFrame:
    rows = []
    for chick, n in zip(range(1, 9), (12, 12, 8, 12, 3, 12, 10, 12), strict=True):
        time = [*range(0, 21, 2), 21][:n]  # every other day, the last on day 21; some chicks die early
        rows.append(pd.DataFrame({"weight": 40 + chick + 8.0 * np.arange(n), "Time": time, "Chick": chick,
                                  "Diet": 1 + (chick - 1) // 2}))
    return pd.concat(rows, ignore_index=True)


def test_numbered_chicks_without_target_are_told_the_id(tmp_path, capsys):
    p = tmp_path / "ChickWeight.csv"
    _chicks().to_csv(p, index=False)
    assert main(["run", "--data", str(p), "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err.strip()
    assert err == (f"wavecast: error: {p} looks like 8 series stacked in long format: column 'Chick' holds 8 "
                   "values in blocks and 'Time' starts over in each; pass --id Chick and --target COLUMN, one "
                   "of weight, Diet"), err
    with pytest.raises(ValidationError, match=r"starts over in each; pass id='Chick' and target="):
        wavecast.fit(_chicks())


def test_numbered_chicks_with_target_get_a_note(tmp_path):
    p = tmp_path / "ChickWeight.csv"
    _chicks().to_csv(p, index=False)
    ds = reader.read(p, target="weight")
    assert ("column 'Chick' holds 8 values in blocks and 'Time' starts over in each: if the file stacks 8 series, "
            "pass --id Chick; read as one series") in ds.notes, ds.notes
    assert not any("column 'Chick' is not used" in n or "column 'Time' is not used" in n for n in ds.notes)
    assert len(reader.read(p, target="weight", id="Chick").ids) == 8  # what the note says works


def test_a_year_in_blocks_with_its_quarters_is_no_panel(tmp_path):
    # a calendar's parts rise and start over too: a year is no id
    t = pd.date_range("2010-01-01", periods=24, freq="QS")
    p = tmp_path / "q.csv"
    pd.DataFrame({"Year": t.year, "Quarter": t.quarter, "sales": np.linspace(1, 3, 24)}).to_csv(p, index=False)
    ds = reader.read(p, target="sales")
    assert not any("blocks" in n for n in ds.notes), ds.notes
