"""Frames whose time column is text the reader turns into periods: quarters ('2010Q1') and ISO
weeks ('2018-W01'), for the tests of how wavecast writes those periods back."""

import numpy as np
import pandas as pd


def quarters(n: int = 40) -> pd.DataFrame:
    """n quarters from 2010Q1 of a trending, seasonal 'sales'."""
    q = pd.period_range("2010Q1", periods=n, freq="Q")
    return pd.DataFrame({"quarter": [f"{p.year}Q{p.quarter}" for p in q],
                         "sales": 100 + 10 * np.sin(np.arange(n) * np.pi / 2) + np.arange(n)})


def iso_weeks(n: int = 120, sales=None) -> pd.DataFrame:
    """n ISO weeks from 2018-W01; 'sales' a yearly wave unless given."""
    iso = pd.date_range("2018-01-01", periods=n, freq="W-MON").isocalendar()
    return pd.DataFrame({"week": [f"{a}-W{b:02d}" for a, b in zip(iso.year, iso.week, strict=True)],
                         "sales": 50 + 5 * np.sin(np.arange(n) * 2 * np.pi / 52) if sales is None else sales})
