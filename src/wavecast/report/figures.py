"""Figures (PNG) from plain arrays and dicts, drawn with pyplot_png's pyplot and saved by it."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from . import pyplot_png
from .colours import colours  # each forecaster's colour by name, the same in every figure
from .plot_parts import joined, off_scale, shade, ylim
from .pyplot_png import finish, legend, log_if_wide, pyplot


def forecast_figure(
    path: str | Path,
    history: np.ndarray,
    truth: np.ndarray,
    forecasts: dict[str, np.ndarray],
    start: int,
    title: str = "forecast",
    n_history: int | None = None,
    time: np.ndarray | None = None,
    bands: dict | None = None,
) -> Path:
    """History, the true continuation and each forecast (dashed), one line each in its
    forecaster's colour (report.colours), and the first forecast's prediction intervals shaded.

    history (N,), truth (H,), forecasts {name: (H,)}; `start` is the index of truth[0].
    Only the last n_history points of history are drawn (default: 3 horizons).
    bands: {level: (lo (H,), hi (H,))} of the first forecaster.
    """
    plt = pyplot()
    h = len(truth)
    n_history = n_history or min(len(history), 3 * max(h, 1))
    t_hist = np.arange(start - n_history, start)
    t_fut = np.arange(start, start + h)
    if time is not None:
        t_hist, t_fut = time[start - n_history : start], time[start : start + h]
    fig, ax = plt.subplots(figsize=(10, 4))
    shown = history[-n_history:]
    ax.plot(t_hist, shown, color="black", lw=1.5, label="history")
    # every line after the history starts at its last point: history and forecasts joined
    tj = joined(t_hist, t_fut)
    ax.plot(tj, joined(shown, truth), color="black", lw=1.5, alpha=0.35, label="truth")
    first = next(iter(forecasts.values()), np.array([]))
    lim = ylim([shown, truth, first, *[b for lo_hi in (bands or {}).values() for b in lo_hi]])
    colour = colours(forecasts)
    for i, (name, f) in enumerate(forecasts.items()):
        off = lim is not None and i > 0 and off_scale(f, lim)
        (line,) = ax.plot(tj, joined(shown, f), ls="--", lw=1.8 if i == 0 else 1.0, color=colour[name],
                          label=f"{name} (off the scale)" if off else name)
        if i == 0 and bands:
            shade(ax, tj, {k: (joined(shown, lo), joined(shown, hi)) for k, (lo, hi) in bands.items()},
                   line.get_color(), True)
    if lim is not None:  # the data and the net's forecast set the scale; a far-off baseline does not
        ax.set_ylim(*lim)
    ax.axvline(t_fut[0] if h else start, color="grey", lw=0.8)
    ax.set_title(title)
    legend(ax)
    return finish(plt, fig, path)


def coverage_figure(path: str | Path, coverage: dict[str, dict[str, list]], title: str = "interval coverage by lead time") -> Path:
    """Empirical coverage: {forecaster: {level key: (H,) coverages}}, one colour a forecaster.

    Up to four levels: by lead time, one line a forecaster and level (a line style a level,
    solid the lowest), nominal levels dotted. More: by level, each forecaster's coverage over
    all lead times against the nominal level (dotted diagonal) -- 11 levels x 6 forecasters by
    lead time were 66 lines in 4 repeating styles and a legend running off the figure. The legend
    holds one entry a forecaster (and one a line style), never one a pair.
    """
    from matplotlib.lines import Line2D

    plt = pyplot()
    fig, ax = plt.subplots(figsize=(8, 4))
    levels = sorted({float(k) for c in coverage.values() for k in c})
    styles = ["-", "--", ":", "-."]
    colour = colours(coverage)
    handles = [Line2D([], [], color=colour[name], lw=1.8 if i == 0 else 1.0, label=name)
               for i, name in enumerate(coverage)]
    if len(levels) <= len(styles):
        for i, (name, by_level) in enumerate(coverage.items()):
            for key, cov in by_level.items():
                c = np.array([np.nan if v is None else v for v in cov], dtype=float)
                ax.plot(np.arange(1, len(c) + 1), 100 * c, color=colour[name], lw=1.8 if i == 0 else 1.0,
                        ls=styles[levels.index(float(key))], label=f"{name} {key}%")
        for level in levels:
            ax.axhline(level, color="black", ls=":", lw=0.8)
        ax.set_xlabel("lead time (steps ahead)")
        title += " (dotted: nominal)"
        if len(levels) > 1:
            handles += [Line2D([], [], color="grey", ls=styles[j], label=f"{v:g}%") for j, v in enumerate(levels)]
    else:
        for i, (name, by_level) in enumerate(coverage.items()):
            at = sorted((float(k), np.nanmean(np.array([np.nan if v is None else v for v in cov], dtype=float)))
                        for k, cov in by_level.items() if any(v is not None for v in cov))
            ax.plot([a for a, _ in at], [100 * c for _, c in at], color=colour[name], lw=1.8 if i == 0 else 1.0,
                    marker=".", label=name)
        ax.plot([0, 100], [0, 100], color="black", ls=":", lw=0.8)
        ax.set_xlim(0, 100)
        ax.set_ylim(0, 100)
        ax.set_xlabel("nominal level (%)")
        title = title.replace("by lead time", "by level, all lead times") + " (dotted: nominal)"
    ax.set_ylabel("coverage (%)")
    ax.set_title(title)
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0, fontsize=7)
    return finish(plt, fig, path)


def loss_figure(path: str | Path, history: dict[str, list[float]], ylabel: str = "loss (MSE, scaled units)") -> Path:
    """Training (and validation) loss by epoch, log scale when it spans more than a decade."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(6, 4))
    epochs = np.arange(1, len(history["train_loss"]) + 1)
    ax.plot(epochs, history["train_loss"], marker=".", label="train")
    val = np.asarray(history.get("val_loss", []), dtype=float)
    if len(val) and np.isfinite(val).any():
        ax.plot(epochs, val, marker=".", label="validation")
    ax.set_xlabel("epoch")
    ax.xaxis.get_major_locator().set_params(integer=True)  # no epoch 0.96
    ax.set_ylabel(ylabel)
    log_if_wide(ax, [history["train_loss"], val])
    legend(ax)
    return finish(plt, fig, path)


def lead_time_figure(
    path: str | Path,
    by_lead: dict[str, list[float]],
    divergence: dict[str, int | None] | None = None,
    noise_floor: float | None = None,
    metric: str = "MSE",
    title: str = "error by lead time",
) -> Path:
    """Error by lead time, one line per forecaster (log scale), the divergence horizon of each
    marked with a dot, and the noise floor (best error any forecaster can reach) dashed.

    by_lead {name: (H,) errors}, divergence {name: first lead (1-based) or None}.
    """
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(8, 4))
    # Exact baselines score 1e-30: clip to a floor so the log axis stays readable.
    # None: a lead with no measured truth (every one filled by the reader, evaluate.filled)
    positive = [v for e in by_lead.values() for v in e if v is not None and np.isfinite(v) and v > 0]
    floor = max(min(positive, default=1e-12), 1e-16 * max(positive, default=1.0))
    colour = colours(by_lead)
    for i, (name, err) in enumerate(by_lead.items()):
        lead = np.arange(1, len(err) + 1)
        e = np.clip(np.asarray(err, dtype=float), floor, None)
        # a lead between two leads without a number draws no line: a dot at each lead then
        dots = {"marker": "o", "ms": 3} if np.isnan(e).any() else {}
        (line,) = ax.plot(lead, e, lw=1.8 if i == 0 else 1.0, color=colour[name], label=name, **dots)
        h = (divergence or {}).get(name)
        if h is not None:
            ax.plot([h], [e[h - 1]], "o", color=line.get_color(), ms=6)
    if noise_floor:
        ax.axhline(noise_floor, color="black", ls="--", lw=0.8, label="noise floor")
    ax.set_xlabel("lead time (steps ahead)")
    ax.set_ylabel(metric)
    log_if_wide(ax, [np.clip(np.asarray(e, dtype=float), floor, None) for e in by_lead.values()])
    marked = any(v is not None for v in (divergence or {}).values())
    ax.set_title(title + " (dot: divergence horizon)" if marked else title)
    legend(ax)
    return finish(plt, fig, path)


def split_figure(
    path: str | Path, series: np.ndarray, train_end: int, val_end: int,
    time: np.ndarray | None = None, title: str = "the data and its split",
) -> Path:
    """The whole series (N,), shaded by part: train | validation | test."""
    plt = pyplot()
    t = np.arange(len(series)) if time is None else np.asarray(time)
    fig, ax = plt.subplots(figsize=(10, 3.5))
    ax.plot(t, series, color="black", lw=1.0)
    spans = (("train", 0, train_end, "tab:blue"), ("validation", train_end, val_end, "tab:orange"),
             ("test", val_end, len(series), "tab:green"))
    for name, a, b, color in spans:
        if b > a:
            ax.axvspan(t[a], t[b - 1], color=color, alpha=0.12, label=f"{name} ({b - a})")
    ax.set_title(title)
    legend(ax)
    return finish(plt, fig, path)


def future_figure(
    path: str | Path, histories: list[tuple[np.ndarray, np.ndarray]],
    futures: list[tuple[np.ndarray, np.ndarray]], labels: list[str], title: str = "forecast",
    bands: dict | None = None, tag: str = "",
) -> Path:
    """Each series' recent history (solid) and its forecast beyond the data (dashed), shaded
    by its prediction intervals, if any. tag: more words for the PNG's Software chunk (the
    forecast CSV's SHA-256 beside it, by which wavecast knows that CSV for its own).

    histories/futures: [(times (N,), values (N,))], one pair per series (at most 8 drawn);
    bands: {level: (lo (S, H), hi (S, H))}.
    """
    n = len(histories)
    if n > 1:  # a panel a series, as wavecast.plot draws them: on one axes a panel's largest series set the
        # scale (fpp3's us_employment: 'Total Private' at 120,000 flattened four sectors at 10,000-20,000)
        return _future_panels(path, histories, futures, labels, title, bands, tag)
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(10, 4))
    for i, ((th, h), (tf, f), label) in enumerate(list(zip(histories, futures, labels, strict=True))[:8]):
        (line,) = ax.plot(th, h, lw=1.2, label=label or "history")
        tj = joined(th, tf)  # the forecast starts at the last value seen: the lines are joined
        ax.plot(tj, joined(h, f), ls="--", lw=1.6, color=line.get_color(), label=f"{label} forecast".strip())
        shade(ax, tj, {k: (joined(h, lo[i]), joined(h, hi[i])) for k, (lo, hi) in (bands or {}).items()},
               line.get_color(), i == 0)
    ax.set_title(title)
    legend(ax)
    return finish(plt, fig, path, software="wavecast forecast" + (f" {tag}" if tag else ""))


def _future_panels(path, histories, futures, labels, title: str, bands, tag: str) -> Path:
    """future_figure of several series: the first 8, one panel each (report.forecast_plot's, which
    wavecast.plot draws), saved with the same tag."""
    import warnings

    from .forecast_plot import forecast_panels

    n = len(histories)
    panels = [{"title": str(label), "history": (th, h), "actual": None, "label": "forecast",
               "runs": [{"t": tf, "y": f, "origin": (th[-1], h[-1]) if len(th) else None,
                         "bands": {k: (lo[i], hi[i]) for k, (lo, hi) in (bands or {}).items()}}]}
              for i, ((th, h), (tf, f), label) in enumerate(list(zip(histories, futures, labels, strict=True))[:8])]
    fig = forecast_panels(panels, title=title + (f" (8 of {n} series drawn)" if n > 8 else f" ({n} series)"))
    with warnings.catch_warnings():  # an id the font cannot draw is a box, not a warning (pyplot_png.finish)
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from (current )?font", category=UserWarning)
        pyplot_png.save_png(fig, path, "wavecast forecast" + (f" {tag}" if tag else ""))
    return Path(path)
