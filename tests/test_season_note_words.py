"""The season's note reads in one pair of brackets and in reading order: 'season 1 (none found
(no frequency, no clear autocorrelation peak))' nested them, and on a yearly series written as a
column of years (R's discoveries, 1860-1959) 'season 1 (from the 'Y' frequency)' came before the
note saying why the data is read as yearly."""

import numpy as np
import pandas as pd

from wavecast.config import load
from wavecast.data.reader import from_object
from wavecast.defaults import resolve, season_of


def test_a_season_not_found_is_said_without_brackets_of_its_own():
    for how in (season_of(None, np.zeros(4))[1],  # no frequency, too short to look for one
                season_of("MS", np.zeros(4), typical=10)[1]):  # the frequency's season longer than the series
        assert "(" not in how and ")" not in how, how


def test_the_years_note_comes_before_the_season_it_gives():
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"time": np.arange(1860, 1960), "value": rng.poisson(3, 100)})
    notes = resolve(load(None, []), from_object(df, "value", "time")).notes
    years = next(i for i, n in enumerate(notes) if "holds whole years" in n)
    season = notes.index("season 1 (from the 'Y' frequency)")
    assert years < season, notes
