"""wavecast.plot(series, forecast) of a Series whose index is its time axis as fit reads it (decimal
years, as R's time() of a monthly ts; whole years) draws the history on that axis. A decimal-year
Series' dated forecast (757e8c5) beside its history, drawn at positions 0, 1, ..., raised numpy's
DTypePromotionError; whole years were drawn at positions 0..97 beside a forecast at 1973-1978."""

import warnings

import matplotlib
import numpy as np
import pandas as pd

import wavecast

matplotlib.use("Agg")


def _fit_plot(s):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = wavecast.fit(s, horizon=3, epochs=1, hidden_size=4, seed=0)
        fig = wavecast.plot(s, f.predict(3))
    return fig.axes[0].get_lines()[0].get_xdata()  # the history's line


def test_a_decimal_year_series_is_drawn_on_its_dates():
    n = 60
    s = pd.Series(
        50 + 10 * np.sin(2 * np.pi * np.arange(n) / 12), index=1920 + np.arange(n) / 12, name="temp"
    )
    x = _fit_plot(s)
    assert pd.Timestamp(x[-1]) == pd.Timestamp("1924-12-01")


def test_a_whole_year_series_is_drawn_on_its_years():
    s = pd.Series(np.sin(np.arange(40) / 3) + 580, index=np.arange(1933, 1973), name="level")
    x = _fit_plot(s)
    assert int(x[-1]) == 1972 and int(x[0]) >= 1933
