"""pyplot on the Agg backend and what every figure of figures.py shares: a log y axis when the
values span more than a decade, the legend beside the axes, fixed margins, and the PNG written
atomically with its Software tag (save_png: the one place a figure becomes a file)."""

from __future__ import annotations

from pathlib import Path

import numpy as np


def pyplot():
    import matplotlib

    matplotlib.use("Agg")  # files only; never needs a display
    import matplotlib.pyplot as plt

    return plt


def save_png(fig, path, software: str = "wavecast") -> None:
    # Render to memory, then one atomic write: a full disk leaves the old PNG, never half a new one.
    import io

    from ..io.atomic import write_bytes

    buf = io.BytesIO()
    # `software` tags the PNG so that a later command knows the file is its own to replace.
    fig.savefig(buf, format="png", dpi=100, metadata={"Software": software})
    write_bytes(path, buf.getvalue())


def log_if_wide(ax, values) -> None:
    """A log y axis when the positive values span more than a decade (labelled plainly), else a
    linear one: a log axis within one decade shows one tick label, or none."""
    v = np.concatenate([np.ravel(np.asarray(x, dtype=float)) for x in values]) if len(values) else np.array([])
    v = v[np.isfinite(v) & (v > 0)]
    if len(v) and v.max() > 10 * v.min():
        ax.set_yscale("log")
        _plain_log_labels(ax)


def _plain_log_labels(ax) -> None:
    """Tick labels like 1e-05 on a log y axis: matplotlib's default 10^k labels go through
    mathtext, whose parser alone cost ~0.13 s a run (a third of drawing the report)."""
    from matplotlib.ticker import FuncFormatter, NullFormatter

    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:.0e}"))
    ax.yaxis.set_minor_formatter(NullFormatter())


def legend(ax, fontsize: float = 8) -> None:
    """The legend beside the axes, right of them: never over the data."""
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0, fontsize=fontsize)


def finish(plt, fig, path, software: str = "wavecast") -> Path:
    import warnings

    # Text is laid out here (the legend measured, then the PNG drawn): a label the font cannot
    # draw (an id with an emoji) is a box in the figure, not a raw UserWarning on stderr that
    # --quiet cannot hide.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from (current )?font", category=UserWarning)
        return _draw(plt, fig, path, software)


def _draw(plt, fig, path, software: str) -> Path:
    # Fixed margins in inches, not fig.tight_layout(): that measures every label with an
    # extra draw, ~20 ms a figure, a fifth of the report's time on the demo. Only the legend
    # (outside the axes, on the right) is measured: the right margin holds it, and at least
    # 0.5 in, so the last x tick label (a date half a label wide) is never clipped.
    w, h = fig.get_size_inches()
    right = 0.5
    for ax in fig.axes:
        leg = ax.get_legend()
        if leg is not None:
            right = max(right, leg.get_window_extent(fig.canvas.get_renderer()).width / fig.dpi + 0.25)
    fig.subplots_adjust(left=0.8 / w, right=1 - min(right, 0.6 * w) / w, bottom=0.55 / h, top=1 - 0.4 / h)
    save_png(fig, path, software)
    plt.close(fig)
    return Path(path)
