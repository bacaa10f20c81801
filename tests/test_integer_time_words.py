"""Whole-number time columns that are no count of steps, as R's datasets write them: a panel
whose steps are uneven (ChickWeight: days 0, 2, ..., 20, then 21; chicks that died stop sooner)
and clock times written HHMM beside a day of the year (beaver1: 840, 850, ..., 2350, 0, 10).
ChickWeight was told "gap ... use --fill-missing-dates", which then said "different frequencies
(1, 2); resample them to one"; beaver1 "timestamps go backwards at row 92 (0 after 2350); sort
the file or pass --sort", which would mix the two days. Each refusal now says what the column
holds, and each remedy it gives reads the file."""

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
    with pytest.raises(ValidationError, match=r"different frequencies \(1: 'a'; 2: 'b'\)"):
        reader.read(p, target="y", id="id", time="t")


def _beaver() -> pd.DataFrame:
    clock = pd.date_range("1990-12-12 08:40", "1990-12-13 02:00", freq="10min")
    return pd.DataFrame({"day": clock.day_of_year, "time": clock.hour * 100 + clock.minute,
                         "temp": 36.5 + 0.3 * np.sin(np.arange(len(clock)) / 12.0), "activ": 0})


def test_clock_times_past_midnight_are_told_how_to_join_with_the_day(tmp_path, capsys):
    p = tmp_path / "beaver1.csv"
    _beaver().to_csv(p, index=False)
    for sort in ([], ["--sort"]):
        assert main(["run", "--data", str(p), "--target", "temp", "--time", "time", *sort,
                     "--out", str(tmp_path / "r")]) == 2
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1, err
        assert "holds clock times written HHMM (840, 850, 900, ..., 2350, 0, ..." in err, err
        assert "--sort" not in err and "go backwards" not in err and "column 'day' (the day of the year)" in err
    line = re.search(r"(df\['when'\] = .*?), with the data's year", err).group(1)
    df = _beaver()
    exec(line.replace("2000", "1990"), {"pd": pd, "df": df})
    assert df["when"].iloc[0] == pd.Timestamp("1990-12-12 08:40") and df["when"].iloc[-1] == pd.Timestamp("1990-12-13 02:00")
    q = tmp_path / "joined.csv"
    df.to_csv(q, index=False)
    assert reader.read(q, target="temp", time="when").freq == "10min"


def test_clock_times_without_a_day_column_count_the_days(tmp_path):
    df = _beaver().drop(columns="day")
    p = tmp_path / "clock.csv"
    df.to_csv(p, index=False)
    with pytest.raises(ValidationError, match=r"a day added at each midnight, e\.g\. df\['when'\]") as e:
        reader.read(p, target="temp", time="time")
    line = re.search(r"(df\['when'\] = .*?), with the data's first day", str(e.value)).group(1)
    exec(line, {"pd": pd, "df": df})
    assert df["when"].is_monotonic_increasing and df["when"].diff().dropna().eq(pd.Timedelta("10min")).all()


def test_ordinary_unsorted_steps_keep_the_sort_advice(tmp_path):
    df = pd.DataFrame({"t": [1, 2, 3, 5, 4, 6, 7, 8], "y": np.arange(8.0)})
    p = tmp_path / "unsorted.csv"
    df.to_csv(p, index=False)
    with pytest.raises(ValidationError, match=r"timestamps go backwards at row 5 .*pass --sort"):
        reader.read(p, target="y", time="t")
