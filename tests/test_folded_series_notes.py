"""A kind of note said for each of many series is said once: a panel of 50 chicks read with
--fill-missing-dates printed 50 lines 'N missing time stamps for id ... inserted', one of 1,000
stores 2,000 (a practitioner round on R's ChickWeight)."""

import numpy as np
import pandas as pd

from wavecast.data import reader
from wavecast.words import folded_series_notes


def _shops(n: int, targets=("y",)) -> pd.DataFrame:
    frames = []
    for s in range(n):
        days = pd.date_range("2024-01-01", periods=40, freq="D")
        keep = np.ones(40, bool)
        keep[[10, 20 + s % 3]] = False  # two dates missing from every shop
        df = pd.DataFrame({"shop": f"s{s}", "date": days[keep]})
        for k, t in enumerate(targets):
            df[t] = np.sin(np.arange(keep.sum()) / 4) + s + 10 * k
            df.loc[df.index[5], t] = np.nan  # one missing value each
        frames.append(df)
    return pd.concat(frames, ignore_index=True)


def test_notes_of_twelve_shops_are_said_once_each_kind():
    ds = reader.from_frame(_shops(12), "y", "date", "shop", fill="linear", fill_missing_dates=True)
    filled = [n for n in ds.notes if "filled linearly" in n]
    inserted = [n for n in ds.notes if "inserted" in n]
    assert filled == ["12 missing values filled linearly, in 12 series ('s0', 's1', 's2', 's3', 's4' and 7 more; "
                      "1 each)"]
    assert inserted == ["24 missing time stamps inserted, values interpolated linearly, in 12 series ('s0', 's1', "
                        "'s2', 's3', 's4' and 7 more; 2 each)"]


def test_three_shops_keep_a_note_each():
    ds = reader.from_frame(_shops(3), "y", "date", "shop", fill="linear", fill_missing_dates=True)
    assert [n for n in ds.notes if "filled linearly" in n] == [
        f"1 missing value for id 's{s}' filled linearly" for s in range(3)]


def test_several_targets_are_folded_in_the_users_words():
    ds = reader.from_frame(_shops(5, ("a", "b")), ["a", "b"], "date", "shop", fill="linear", fill_missing_dates=True)
    said = [n for n in ds.notes if "filled linearly" in n]
    assert sorted(said) == [f"5 missing values (target '{t}') filled linearly, in 5 series ('s0', 's1', 's2', 's3', "
                            f"'s4'; 1 each)" for t in ("a", "b")]
    assert not any("/" in n for n in ds.notes)  # never the panel's internal key ('s0/a')


def test_counts_that_differ_are_said_as_a_range_and_other_words_are_kept():
    notes = [f"{k} missing time stamp{'s' * (k > 1)} for id '{s}' inserted, values interpolated linearly"
             for s, k in zip("abcd", (1, 3, 2, 1), strict=True)]
    kept = ["1 missing value for id 'a' at the end left out, not filled: at row 9", "season 7"]
    assert folded_series_notes([kept[0], *notes, kept[1]]) == [
        kept[0], "7 missing time stamps inserted, values interpolated linearly, in 4 series ('a', 'b', 'c', 'd'; "
                 "1 to 3 a series)", kept[1]]
