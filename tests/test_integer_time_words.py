"""Whole-number time columns that are no count of steps, as R's datasets write them: a panel
whose steps are uneven (ChickWeight: days 0, 2, ..., 20, then 21; chicks that died stop sooner).
ChickWeight was told "gap ... use --fill-missing-dates", which then said "different frequencies
(1, 2); resample them to one". The refusal now says what the column holds, and each remedy it
gives reads the file."""

import re

import numpy as np
import pandas as pd
import pytest

from wavecast.cli import main
from wavecast.data import reader
from wavecast.errors import ValidationError


def _chicks() -> pd.DataFrame:
    rows = []
    for chick, last in (("1", 21), ("2", 21), ("3", 10), ("4", 21)):  # chick 3 died after day 10
        days = [d for d in (*range(0, 21, 2), 21) if d <= last]
        rows += [(40.0 + 8 * d + int(chick), d, chick) for d in days]
    return pd.DataFrame(rows, columns=["weight", "Time", "Chick"])


def test_uneven_steps_of_a_panel_are_said_and_each_remedy_reads(tmp_path, capsys):
    p = tmp_path / "chickweight.csv"
    _chicks().to_csv(p, index=False)
    assert main(["run", "--data", str(p), "--target", "weight", "--id", "Chick", "--time", "Time",
                 "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert "column 'Time'" in err and "steps unevenly: 2 between most rows, 1 in 3 series (20 to 21 for id '1')" in err
    assert "leave out --time" in err and "different frequencies" not in err and "gap of" not in err
    # following it: --fill-missing-dates reads every series on one step of 1 (it said "different frequencies")
    ds = reader.read(p, target="weight", id="Chick", time="Time", fill_missing_dates=True)
    assert ds.freq == 1 and sorted(len(v) for v in ds.values) == [11, 22, 22, 22]
    i = ds.ids.index("3")
    assert np.allclose(ds.values[i], 43.0 + 8 * np.arange(11))  # the odd days interpolated on its own line
    # the rows on the 2-step grid, as the line keeps them: one step of 2
    df = _chicks()
    keep = re.search(r"\((df = df\[.*?\])\)", err).group(1)
    exec(keep, {"df": df}, scope := {"df": df})
    q = tmp_path / "even.csv"
    scope["df"].to_csv(q, index=False)
    assert reader.read(q, target="weight", id="Chick", time="Time").freq == 2
    # without --time, the rows of each series are its steps, and the note says how Time reads
    ds = reader.read(p, target="weight", id="Chick")
    assert ds.freq is None and len(ds.values) == 4
    note = [n for n in ds.notes if "'Time'" in n]
    assert len(note) == 1 and "pass --time Time with --fill-missing-dates" in note[0], ds.notes
    assert "not used; pass --past or --future" not in note[0]


def test_series_each_regular_at_their_own_step_keep_their_refusal(tmp_path):
    df = pd.DataFrame({"y": np.arange(20.0), "t": [*range(10), *range(0, 20, 2)], "id": ["a"] * 10 + ["b"] * 10})
    p = tmp_path / "two.csv"
    df.to_csv(p, index=False)
    with pytest.raises(ValidationError, match=r"different frequencies \(1, 2\)"):
        reader.read(p, target="y", id="id", time="t")
