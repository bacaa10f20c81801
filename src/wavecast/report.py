"""Figures (PNG) from plain arrays and dicts; the only module that imports matplotlib."""

from __future__ import annotations

from pathlib import Path

import numpy as np


def _plt():
    import matplotlib

    matplotlib.use("Agg")  # files only; never needs a display
    import matplotlib.pyplot as plt

    return plt


def forecast_figure(
    path: str | Path,
    history: np.ndarray,
    truth: np.ndarray,
    forecasts: dict[str, np.ndarray],
    start: int,
    title: str = "forecast",
    n_history: int | None = None,
    time: np.ndarray | None = None,
) -> Path:
    """History, the true continuation and each forecast (dashed), one line each.

    history (N,), truth (H,), forecasts {name: (H,)}; `start` is the index of truth[0].
    Only the last n_history points of history are drawn (default: 3 horizons).
    """
    plt = _plt()
    h = len(truth)
    n_history = n_history or min(len(history), 3 * max(h, 1))
    t_hist = np.arange(start - n_history, start)
    t_fut = np.arange(start, start + h)
    if time is not None:
        t_hist, t_fut = time[start - n_history : start], time[start : start + h]
    fig, ax = plt.subplots(figsize=(10, 4))
    ax.plot(t_hist, history[-n_history:], color="black", lw=1.5, label="history")
    ax.plot(t_fut, truth, color="black", lw=1.5, alpha=0.35, label="truth")
    for i, (name, f) in enumerate(forecasts.items()):
        ax.plot(t_fut, f, ls="--", lw=1.8 if i == 0 else 1.0, label=name)
    ax.axvline(t_fut[0] if h else start, color="grey", lw=0.8)
    ax.set_title(title)
    ax.legend(loc="upper left", fontsize=8, ncol=2)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return Path(path)


def loss_figure(path: str | Path, history: dict[str, list[float]]) -> Path:
    """Training (and validation) loss by epoch, log scale."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(6, 4))
    epochs = np.arange(1, len(history["train_loss"]) + 1)
    ax.semilogy(epochs, history["train_loss"], marker=".", label="train")
    val = np.asarray(history.get("val_loss", []), dtype=float)
    if len(val) and np.isfinite(val).any():
        ax.semilogy(epochs, val, marker=".", label="validation")
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss (MSE, scaled units)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return Path(path)
