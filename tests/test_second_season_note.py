"""The longer season that direct.seasons takes out after the frequency's own (daily data's year
after its week, half-hourly data's week after its day) is said in a note, as the first is: a user
round's half-hourly demand (fpp2's elecdemand, a year of 17,520 points) read 'season 48: found in
the series and taken out before the net' alone while metrics.json's train.second_season said the
week (336) was taken out too. With one season asked for, no such note."""

import warnings

import numpy as np
import pandas as pd

import wavecast


def _notes(**kw):
    n = 4 * 365 + 30
    t = np.arange(n)
    y = 100 + 5 * np.sin(2 * np.pi * t / 7) + 30 * np.sin(2 * np.pi * t / 365.25)
    y = y + np.random.default_rng(0).normal(0, 1, n)
    s = pd.Series(y, index=pd.date_range("2018-01-01", periods=n, freq="D"), name="load")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        f = wavecast.fit(s, horizon=7, epochs=1, hidden_size=4, seed=0, **kw)
    return [str(w.message) for w in caught], f.metrics["train"]


def test_the_year_taken_out_after_the_week_is_said():
    notes, train = _notes()
    assert train.get("second_season") == 1
    said = [n for n in notes if n.startswith("season 365:")]
    assert said == [
        "season 365: found in the series too and taken out after season 7 (direct__seasons=2, this "
        "frequency's default; direct__seasons=1 keeps one season)"
    ]


def test_one_season_asked_for_says_none():
    notes, train = _notes(direct__seasons=1)
    assert "second_season" not in train
    assert not any(n.startswith("season 365") for n in notes)
