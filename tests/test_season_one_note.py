"""A run whose season is 1 says so once: the season's own note ("season 1 (from the 'Y'
frequency)"), and the baselines' note only what it costs ("seasonal naive left out"). It said
the season twice: "season 1 (from the 'Y' frequency)" and "seasonal period: season 1 (from the
'Y' frequency); seasonal naive left out"."""

import warnings

import numpy as np
import pandas as pd

import wavecast


def test_season_one_is_said_once():
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"Year": np.arange(1900, 1960), "y": 50 + np.cumsum(rng.normal(0, 1, 60))})
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        f = wavecast.fit(df, target="y", time="Year", epochs=1, seed=0)
    notes = [str(w.message) for w in rec if issubclass(w.category, wavecast.WavecastNote)]
    assert len([n for n in notes if "season 1 (" in n]) == 1, notes
    assert "seasonal naive left out (season 1: no season to repeat)" in notes
    assert "seasonal naive" not in f.metrics["forecasters"]
