"""predict() said its notes on every call: a panel whose series end on different dates heard
'1 of 3 series ends before the panel's last time ...' from fit, then again from each predict()
(in a notebook, every cell). A model now says each note once: fit's are not said again by
predict, and a predict's note is said again only when it says something new."""
import warnings

import numpy as np
import pandas as pd

import wavecast
from wavecast import WavecastNote

EARLY = "before the panel's last time"


def _panel(short: dict[str, int]) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    rows = []
    for sid in "abc":
        n = 60 - short.get(sid, 0)
        day = pd.date_range("2020-01-01", periods=n, freq="D")
        rows += [(sid, day[i], 5 + np.sin(i / 3) + rng.normal(0, 0.1)) for i in range(n)]
    return pd.DataFrame(rows, columns=["sid", "day", "v"])


def _early(call) -> list[str]:
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")  # every warning, whatever line it is pointed at
        call()
    return [str(w.message) for w in seen if issubclass(w.category, WavecastNote) and EARLY in str(w.message)]


def test_a_panels_early_end_is_said_once_a_model(tmp_path):
    df = _panel({"b": 5})
    box = {}
    said = _early(lambda: box.setdefault("m", wavecast.fit(df, time="day", id="sid", target="v", horizon=3,
                                                          epochs=1, hidden_size=4)))
    m = box["m"]
    assert len(said) == 1 and "'b'" in said[0]
    for _ in range(2):  # was: said again by each
        assert _early(lambda: m.predict(3)) == []
        assert any(EARLY in n for n in m.notes)  # the last predict's notes keep it all the same
    assert _early(lambda: m.predict(3, data=df)) == []  # the same data, the same note
    other = _panel({"c": 2})
    new = _early(lambda: m.predict(3, data=other))  # another situation: said, once
    assert len(new) == 1 and "'c'" in new[0]
    assert _early(lambda: m.predict(3, data=other)) == []
    m.save(tmp_path / "m")
    loaded = wavecast.load(tmp_path / "m")  # a model loaded has said nothing yet
    assert len(_early(lambda: loaded.predict(3))) == 1
    assert _early(lambda: loaded.predict(3)) == []
