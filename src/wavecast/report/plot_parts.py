"""The small drawing parts every forecast figure shares: a line joined to the one it continues,
limits that hold the values shown, a forecast off that scale, the bands shaded. Their own module
so that figures.py (a run's figures) and forecast_plot.py (wavecast.plot's panels) both import
them downward rather than each other.
"""

from __future__ import annotations

import numpy as np


def joined(before, after):
    """`after` (times or values) with the last point of `before` first: a line that continues
    another is drawn joined to it."""
    if len(before) == 0:
        return after
    return np.concatenate([np.asarray(before)[-1:], np.asarray(after)])


def ylim(parts) -> tuple[float, float] | None:
    """Limits holding every finite value of `parts`, with 8% to spare; None if none is finite."""
    v = np.concatenate([np.ravel(np.asarray(p, dtype=float)) for p in parts]) if parts else np.array([])
    v = v[np.isfinite(v)]
    if not len(v):
        return None
    lo, hi = float(v.min()), float(v.max())
    pad = 0.08 * (hi - lo) or 0.08 * abs(hi) or 1.0
    return lo - pad, hi + pad


def off_scale(f, lim) -> bool:
    f = np.asarray(f, dtype=float)
    f = f[np.isfinite(f)]
    return bool(len(f)) and (f.min() < lim[0] or f.max() > lim[1])


def shade(ax, t, bands: dict, color, label: bool) -> None:
    """Fill each band {level: (lo (H,), hi (H,))}, the widest palest. Up to 7 bands darken by
    0.1 each; more share the same range (11 levels at 0.1 each passed matplotlib's alpha of 1)."""
    step = min(0.1, 0.6 / max(len(bands) - 1, 1))
    for j, (level, (lo, hi)) in enumerate(sorted(bands.items(), reverse=True)):
        ax.fill_between(t, lo, hi, color=color, alpha=0.12 + step * j, lw=0,
                        label=f"{level:g}% interval" if label else None)
