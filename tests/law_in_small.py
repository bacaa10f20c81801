"""R's Seatbelts law in small, for the tests of the drivers' advice: a monthly seasonal series of
96 points with a driver 0 for years, then 1 over the last 24 months, which the series does not
follow, so a net given it ends behind the same net without it."""

import numpy as np
import pandas as pd


def law_in_small(n: int = 96) -> pd.DataFrame:
    """The frame: columns month, y and law (0.0 / 1.0); seed 0."""
    rng = np.random.default_rng(0)
    y = 10 + np.tile([3.0, 1, -2, 0.5, 4, -1, 2, -3, 0, 1.5, -0.5, 2.5], n // 12) + rng.normal(0, 0.3, n)
    return pd.DataFrame({"month": pd.date_range("2000-01-01", periods=n, freq="MS"), "y": y,
                         "law": (np.arange(n) >= n - 24).astype(float)})
