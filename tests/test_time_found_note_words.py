"""The note naming the time column found without --time calls it a column of dates only where it
holds dates: fpp2's goog as the Rdatasets CSVs write it (rownames, time, value; time 1..1000, R's
time() of a ts started at 1) was read as steps, and the note said 'the only column of dates'."""

import numpy as np
import pandas as pd

from wavecast.data.reader import read


def _first_note(tmp_path, time) -> str:
    path = tmp_path / "s.csv"
    pd.DataFrame({"rownames": np.arange(1, 61), "time": time, "value": 400 + np.cumsum(np.ones(60))}).to_csv(
        path, index=False)
    return read(path).notes[0]


def test_steps_are_no_dates_and_dates_are_still_said_so(tmp_path):
    assert _first_note(tmp_path, np.arange(1, 61)) == \
        "time column 'time' (the only time column; pass --time to choose another)"
    months = pd.date_range("2015-01-01", periods=60, freq="MS").strftime("%Y-%m")
    assert _first_note(tmp_path, months) == "time column 'time' (the only column of dates; pass --time to choose another)"
