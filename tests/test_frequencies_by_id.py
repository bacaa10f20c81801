"""The refusal of a panel whose series have different frequencies names an id of each: weekly
flights counted on Mondays at two airports and on Sundays at a third were refused with
"different frequencies (W-MON, W-SUN)", leaving the user to find which series was which."""

import numpy as np
import pandas as pd
import pytest

from wavecast.data.fromframe import from_frame
from wavecast.errors import ValidationError


def _weeks(anchor: str, origin: str) -> pd.DataFrame:
    return pd.DataFrame({"week": pd.date_range("2020-01-01", periods=40, freq=anchor), "flights": np.arange(40.0),
                         "origin": origin})


def test_different_frequencies_name_the_ids_of_each():
    df = pd.concat([_weeks("W-MON", "EWR"), _weeks("W-SUN", "JFK"), _weeks("W-MON", "LGA")])
    with pytest.raises(ValidationError) as e:
        from_frame(df, "flights", "week", "origin")
    msg = str(e.value)
    assert "different frequencies (W-MON: 'EWR', 'LGA'; W-SUN: 'JFK'); resample them to one" in msg
    assert "\n" not in msg


def test_many_ids_of_one_frequency_are_cut_short():
    df = pd.concat([*(_weeks("W-MON", f"m{i}") for i in range(5)), _weeks("W-SUN", "s0")])
    with pytest.raises(ValidationError, match=r"\(W-MON: 'm0', 'm1', 'm2' and 2 more; W-SUN: 's0'\)"):
        from_frame(df, "flights", "week", "origin")
