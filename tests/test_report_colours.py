"""One colour a forecaster, by name, in every figure: the run's PNGs (forecast.png, lead_time.png,
coverage.png, the best and worst series') and wavecast.plot give seasonal naive the same colour,
and a baseline keeps it when another forecaster is absent from the list (a run without covariates
lacks '<net> without drivers'; an old model lacks theta). Before, the run's figures coloured by
place in the list: seasonal naive was C3 in forecast.png and C1 in plot()."""

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex

import wavecast
from wavecast.drivers_check import SUFFIX
from wavecast.experiment_files import coverage_figure, lead_time_figure
from wavecast.report import colours, figures

BASELINES = ["mean", "last value", "seasonal naive", "linear AR(3)", "theta"]
H = 4


def _colour_of(fig, label: str) -> str:
    """The colour of the line labelled `label` (the first: a coverage figure has one a level)."""
    lines = [ln for ax in fig.axes for ln in ax.get_lines() if ln.get_label().startswith(label)]
    assert lines, f"no line labelled {label!r}"
    return to_hex(lines[0].get_color())


def _metrics(names: list[str]) -> dict:
    rows = {n: {"by_lead": {"mse": list(np.linspace(1, 2, H) + i)},
                "intervals": {"80": {"n": 100 * H, "by_lead": {"coverage": [0.8] * H}}}}
            for i, n in enumerate(names)}
    return {"forecasters": rows, "n_origins": 25}


def _plotted(**kw):
    """wavecast.plot of a backtest's table (net and baselines as columns), no fitting needed."""
    t = np.arange(40)
    df = pd.DataFrame({"t": t, "y": np.sin(t / 2.0)})
    cut = 35
    fc = pd.DataFrame({"cutoff": cut, "t": t[cut + 1 : cut + 1 + H], "actual": df.y[cut + 1 : cut + 1 + H]})
    for i, name in enumerate(["LSTM", *BASELINES]):
        fc[name] = 0.1 * i
    return wavecast.plot(df, fc, baselines=True, level=[], **kw)


@pytest.mark.parametrize("name", BASELINES)
def test_the_report_and_plot_colour_a_baseline_alike(drawn, tmp_path, name):
    plotted = _colour_of(_plotted(), name)
    y = np.sin(np.arange(40) / 2.0)
    figures.forecast_figure(tmp_path / "f.png", y[:36], y[36:], {n: y[36:] + 0.1 * i for i, n in
                                                                 enumerate(["LSTM", *BASELINES])}, start=36)
    lead_time_figure(tmp_path / "l.png", _metrics(["LSTM", "LSTM" + SUFFIX, *BASELINES]))
    coverage_figure(tmp_path / "c.png", _metrics(["LSTM", *BASELINES]))
    assert [_colour_of(fig, name) for fig in drawn] == [plotted] * 3
    # the net's blue too, in each of them
    assert {_colour_of(fig, "LSTM") for fig in drawn} == {_colour_of(_plotted(), "LSTM")} == {to_hex("C0")}
    # a baseline drawn as plot's own forecasts (forecaster=, the dashed line) keeps its colour too
    ax = _plotted(forecaster=name).axes[0]
    (own,) = [ln for ln in ax.get_lines() if ln.get_linestyle() == "--"]
    assert own.get_label() == name and to_hex(own.get_color()) == plotted


def test_a_baseline_keeps_its_colour_when_another_forecaster_is_absent(drawn, tmp_path):
    runs = [["LSTM", *BASELINES], ["LSTM", "LSTM" + SUFFIX, *BASELINES], ["LSTM", *BASELINES[:-1]],
            ["LSTM", "mean", "seasonal naive"]]
    for i, names in enumerate(runs):
        lead_time_figure(tmp_path / f"l{i}.png", _metrics(names))
    for name in ("mean", "seasonal naive"):
        assert len({_colour_of(fig, name) for fig in drawn}) == 1, name
    without = _colour_of(drawn[1], "LSTM" + SUFFIX)
    assert without not in {_colour_of(drawn[1], n) for n in ["LSTM", *BASELINES]}  # its own


def test_every_baseline_name_has_a_colour_of_its_own():
    got = colours.colours(["GRU", *BASELINES, "linear AR(14)", "GRU" + SUFFIX, "reference"])
    assert got["linear AR(14)"] == got["linear AR(3)"]  # one colour whatever the AR order
    assert len({got[n] for n in ["GRU", *BASELINES, "GRU" + SUFFIX, "reference"]}) == 8
    # a name is a baseline's only whole: a net called "mean squared" is the net
    assert colours.colours(["mean squared", "mean"]) == {"mean squared": colours.NET, "mean": got["mean"]}
