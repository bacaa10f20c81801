"""wavecast.plot's figure: one small panel a series (history, forecasts, bands), drawn from the
arrays and dicts it is given, as a matplotlib Figure that is neither shown nor saved.

The Figure is made without pyplot (matplotlib.figure.Figure, which renders with Agg when asked),
so a notebook's backend is never switched and the figure is never pyplot's: the inline backend
shows it once, as the value the call returns, and no figure is left open after it.
"""

from __future__ import annotations

import io

import numpy as np
from matplotlib.figure import Figure  # imported by wavecast.plot only, when it draws

from .colours import colours
from .plot_parts import joined, shade, ylim

PANEL_SIZE = (5.5, 2.6)  # inches a panel: two side by side fit a notebook's width


def forecast_panels(panels: list[dict], axes=None, ncols: int = 2, xlabel: str = "", ylabel: str = "",
                    title: str = ""):
    """The Figure of `panels`, one axes each, in a grid `ncols` wide (or on `axes`, one a panel).

    A panel: {"title": str, "history": (t (N,), y (N,)), "actual": (t, y) or None, "name": the
    forecasts' forecaster, whose colour they take (default: label), "label": their legend's words,
    "baselines": {name: its label} (optional), "runs": [{"t": (H,), "y": (H,), "bands": {level:
    (lo (H,), hi (H,))}, "origin": (t0, y0) or None, "baselines": {name: (H,)} (optional)}]}: a
    run is one forecast (one cutoff of a backtest), drawn joined to its origin, the value last seen
    before it, each baseline's beside it as a thin line.
    """
    if axes is None:
        ncols = max(1, min(ncols, len(panels)))
        nrows = -(-len(panels) // ncols)
        fig = _NotebookFigure(figsize=(PANEL_SIZE[0] * ncols, PANEL_SIZE[1] * nrows + 0.5), layout="constrained")
        grid = fig.subplots(nrows, ncols, squeeze=False)
        axes = list(grid.flat)
        for ax in axes[len(panels):]:  # the grid's last row, where the series do not fill it
            ax.set_visible(False)
        bottom = {id(grid[r, c]) for c in range(ncols) for r in range(nrows)
                  if r * ncols + c < len(panels) and (r + 1) * ncols + c >= len(panels)}
        own = True
    else:
        fig, own, bottom = axes[0].figure, False, {id(ax) for ax in axes}
    for ax, panel in zip(axes, panels, strict=False):
        _panel(ax, panel)
        ax.set_xlabel(xlabel if id(ax) in bottom else "", fontsize=8)
        ax.set_ylabel(ylabel, fontsize=8)
    handles, labels = axes[0].get_legend_handles_labels()
    same = all(ax.get_legend_handles_labels()[1] == labels for ax in axes[1:len(panels)])
    if own and handles and same:  # one legend for the grid, above it: every panel draws the same things
        # a column of the legend a 2.1 inches: five over one panel's 5.5 ran past both edges of the
        # figure, cutting 'linear AR(3) (MASE 3.21)' in a saved PNG of one series with baselines
        # (below the panels under a title: constrained layout drew the title over a legend above them)
        fig.legend(handles, labels, loc="outside lower center" if title else "outside upper center", fontsize=8,
                   frameon=False,
                   ncols=max(1, min(len(labels), 5, int(fig.get_figwidth() // 2.1))))
    elif handles and not same:  # labels of each panel's own (each target's MASE): a legend each
        for ax in axes[:len(panels)]:
            ax.legend(fontsize=6)
    elif handles:
        axes[0].legend(fontsize=7)
    if title:
        fig.suptitle(title, fontsize=9)
    return fig


class _NotebookFigure(Figure):
    """A Figure a notebook shows (as PNG) even where pyplot was never imported, so no backend
    registered its display hook; where one did, that hook shows it, once."""

    def _repr_png_(self) -> bytes:
        buf = io.BytesIO()
        self.savefig(buf, format="png", dpi=100)
        return buf.getvalue()


def _panel(ax, panel: dict) -> None:
    th, yh = panel["history"]
    ax.plot(th, yh, color="black", lw=1.2, label="history")
    if panel.get("actual") is not None:
        ta, ya = joined(th, panel["actual"][0]), joined(yh, panel["actual"][1])  # on from the history
        ax.plot(ta, ya, color="black", lw=1.2, alpha=0.4, marker=".", ms=3, label="actual")
    runs = panel["runs"]
    # each forecaster's colour by name, as the run's figures draw it (report.colours), the same in
    # every panel and cutoff: the forecasts' own first (the net's blue, or a backtest's baseline
    # asked for with forecaster= in its colour), then the baselines beside them
    own = panel.get("name", panel["label"])
    colour = colours([own, *(n for r in runs for n in r.get("baselines") or {})])
    # the history, the actual values and the forecasts with their bands set the scale; a baseline
    # that would more than double it is left off it, said in the legend (the mean of a trending
    # series squashed the net's line and bands into a flat strip: DJIA's mean 9,000 below its last
    # close); the others are drawn on it as before
    core = [yh, *((panel["actual"][1],) if panel.get("actual") is not None else ()),
            *(part for r in runs for part in (r["y"], *(b for lo_hi in (r.get("bands") or {}).values() for b in lo_hi)))]
    drawn: dict[str, list] = {}
    for r in runs:
        for name, yb in (r.get("baselines") or {}).items():
            drawn.setdefault(name, []).append(yb)
    off = _far_off(core, drawn)
    for i, run in enumerate(runs):
        t, y, origin = run["t"], run["y"], run.get("origin")
        if origin is not None:  # joined to the last value seen, as the report draws it
            t, y = joined([origin[0]], t), joined([origin[1]], y)
        label = panel["label"] if i == 0 else None
        (line,) = ax.plot(t, y, color=colour[own], ls="--", lw=1.6 if len(runs) == 1 else 1.1, label=label)
        bands = run.get("bands") or {}
        if origin is not None:
            bands = {lv: (joined([origin[1]], lo), joined([origin[1]], hi)) for lv, (lo, hi) in bands.items()}
        shade(ax, t, bands, line.get_color(), i == 0)
        for name, yb in (run.get("baselines") or {}).items():  # thin, under the net's line
            yb = joined([origin[1]], yb) if origin is not None else yb
            said = panel.get("baselines", {}).get(name, name) + (" (off the scale)" if name in off else "")
            ax.plot(t, yb, color=colour[name], lw=0.9, alpha=0.85, zorder=1.5, label=said if i == 0 else None)
    if off:  # (left to matplotlib otherwise: it fits what was drawn, as before)
        ax.set_ylim(*ylim([*core, *(yb for name, ys in drawn.items() if name not in off for yb in ys)]))
    ax.set_title(panel["title"], fontsize=9)
    ax.tick_params(labelsize=7)
    times = [panel["history"][0], *(r["t"] for r in runs)]
    if any(np.issubdtype(np.asarray(t).dtype, np.datetime64) for t in times if len(t)):
        from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

        # dates a small panel can hold: 2021 / Feb / 15, not overlapping full timestamps
        locator = AutoDateLocator(minticks=3, maxticks=7)  # maxticks=6 alone warned on spans of 2.7-5 years
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))


def _far_off(core: list, baselines: dict[str, list]) -> set[str]:
    """The baselines whose values lie further outside the span of `core` (the history and the
    forecasts with their bands, padded as ylim pads them) than that span is wide: drawn on one
    scale with them, they would leave the net's forecast less than half the panel's height."""
    lim = ylim(core)
    if lim is None:
        return set()
    span = lim[1] - lim[0]
    far = set()
    for name, ys in baselines.items():
        v = np.concatenate([np.ravel(np.asarray(y, dtype=float)) for y in ys])
        v = v[np.isfinite(v)]
        if len(v) and max(0.0, lim[0] - v.min()) + max(0.0, v.max() - lim[1]) > span:
            far.add(name)
    return far
