"""coverage.png of a backtest with many levels stays readable: a legend of one entry a forecaster
(not one a forecaster and level) that fits inside the figure, and one line a forecaster."""
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg

from wavecast.report import figures

NAMES = ["LSTM", "mean", "last value", "seasonal naive", "linear AR(14)", "theta"]
LEVELS = ["10", "20", "30", "40", "50", "60", "70", "80", "90", "95", "99"]


def _coverage(levels):
    rng = np.random.default_rng(0)
    return {n: {lv: list(np.clip(float(lv) / 100 + rng.normal(0, 0.05, 12), 0, 1)) for lv in levels} for n in NAMES}


def _legend_fits(fig):
    FigureCanvasAgg(fig).draw()  # closed by _finish: a canvas of its own again
    r = fig.canvas.get_renderer()
    (ax,) = fig.axes
    leg, page = ax.get_legend().get_window_extent(r), fig.bbox
    return ax, leg.x0 >= page.x0 - 0.5 and leg.x1 <= page.x1 + 0.5 and leg.y0 >= page.y0 - 0.5 \
        and leg.y1 <= page.y1 + 0.5


def test_eleven_levels_of_six_forecasters(drawn, tmp_path):
    """nottem --level 10,20,...,95,99 --origins 24: 66 legend entries ran off the figure, and 4
    line styles repeated over 11 levels."""
    figures.coverage_figure(tmp_path / "c.png", _coverage(LEVELS))
    ax, fits = _legend_fits(drawn[0])
    assert fits
    assert len(ax.get_legend().get_texts()) == len(NAMES)
    assert len(ax.get_lines()) == len(NAMES) + 1  # one a forecaster, the nominal diagonal
    assert ax.get_xlabel() == "nominal level (%)"


def test_two_levels_keep_coverage_by_lead_time(drawn, tmp_path):
    figures.coverage_figure(tmp_path / "c.png", _coverage(["80", "95"]))
    ax, fits = _legend_fits(drawn[0])
    assert fits and ax.get_xlabel() == "lead time (steps ahead)"
    assert len(ax.get_legend().get_texts()) <= len(NAMES) + 2  # a forecaster each, a line style a level
