"""A model says each note once for the same data, and again for other data whose note has the
same words: predict(data=d2) after predict(data=d1) filled a gap in d2 without a word, as
'1 missing value filled linearly' had been said of d1's gap (a note of another situation)."""
import warnings

import numpy as np
import pandas as pd

import wavecast
from wavecast import WavecastNote

FILLED = "1 missing value filled linearly"


def _said(call) -> list[str]:
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        call()
    return [str(w.message) for w in seen if issubclass(w.category, WavecastNote)]


def test_the_same_words_of_other_data_are_said_again():
    t = pd.date_range("2020-01-01", periods=90, freq="D")
    df = pd.DataFrame({"date": t, "y": np.sin(np.arange(90) / 3) + 5})
    m = wavecast.fit(df, target="y", time="date", horizon=3, input_len=10, epochs=1, hidden_size=2)
    d1, d2 = df.copy(), df.copy()
    d1.loc[80, "y"] = np.nan
    d2.loc[85, "y"] = np.nan  # another gap, in another frame: the same words
    assert FILLED in _said(lambda: m.predict(3, data=d1, fill="linear"))
    assert FILLED not in _said(lambda: m.predict(3, data=d1, fill="linear"))  # the same data: said once
    assert FILLED in _said(lambda: m.predict(3, data=d2, fill="linear"))  # was: nothing said of d2's gap
    assert FILLED not in _said(lambda: m.predict(3, data=d2.copy(), fill="linear"))  # equal data, once
    d2.loc[60, "y"] = np.nan
    d2.loc[85, "y"] = 5.0  # changed in place: other data
    assert FILLED in _said(lambda: m.predict(3, data=d2, fill="linear"))
    assert any(FILLED in n for n in m.notes)


def test_data_key_is_equal_for_equal_data_only():
    from wavecast.notes_said import data_key

    df = pd.DataFrame({"y": np.arange(5.0)})
    assert data_key(df) == data_key(df.copy()) and data_key(None) is None
    assert data_key(df) != data_key(df.rename(columns={"y": "z"})) != data_key(df.astype("float32"))
    assert data_key(np.arange(3)) == data_key(np.arange(3)) != data_key(np.arange(3.0))
    cells = pd.DataFrame({"y": [[1], [2]]})  # unhashable cells: a key of its own each time
    assert data_key(cells) != data_key(cells)
