"""A level shift (a break) in the held-out truth: a jump to a level the history did not show,
which no forecaster could foresee, said as a finding of the held-out data. NumPy only.
"""

from __future__ import annotations

import numpy as np

from .finding import Finding, make_finding

# A break: from some step of the held-out end on, every point lies at least SHIFT_EACH times the
# series' mean absolute change over a season (the MASE scale) from its value a season before the
# break, on one side, and their median SHIFT times. A trend moves a point about one such change a
# season, a horizon of two seasons two: never SHIFT_EACH (the first point after the break is
# compared one season back). Measured: docs/evaluation.md, "Level shift".
SHIFT, SHIFT_EACH = 6.0, 3.0
# A step, not a ramp: the first point after the break holds at least this share of the median shift
# (growth that speeds up reaches its median late: M3 yearly's test parts were called breaks)
STEP_SHARE = 0.5


def level_shift(history: np.ndarray, truth: np.ndarray, period: int = 1) -> dict | None:
    """Does the truth (H,) jump to a level the history (N,) before its origin did not show, and stay?

    For each step k of the truth, each later point j >= k is compared with the point of the same
    phase in the season before k (x[j - period * (1 + (j - k) // period)]): a shift when at least
    two points follow from k on (k itself included), all on one side, each beyond SHIFT_EACH
    scales and their median beyond SHIFT, the first at least STEP_SHARE of it. The scale is the
    mean absolute change over a season of the history's last 10 seasons (or horizons), or of its
    last two seasons (or horizon) where that is larger; series mostly 0 (intermittent) and histories
    shorter than two seasons are not judged. Returns {step (1-based lead), shift, scale} for the
    earliest such k, or None."""
    x_hist = np.asarray(history, dtype=np.float64)
    t = np.asarray(truth, dtype=np.float64)
    p = max(1, int(period))
    h = x_hist[np.isfinite(x_hist)][-10 * max(p, len(t)):]
    if len(h) < 2 * p + 2 or len(t) < 2 or not np.isfinite(t).all() or np.mean(h == 0) > 0.5:
        return None
    diffs = np.abs(h[p:] - h[:-p])
    recent = diffs[-max(2 * p, len(t)):]  # a series that grows: its changes now, not its early small ones
    scale = max(float(diffs.mean()), float(recent.mean()), 1e-6 * float(np.abs(h).max()))
    if scale <= 0:
        return None
    x, n = np.concatenate([h, t]), len(h)
    for k in range(n, n + len(t) - 1):
        j = np.arange(k, len(x))
        s = x[j] - x[j - p * (1 + (j - k) // p)]
        med = float(np.median(s))
        if ((np.all(s > SHIFT_EACH * scale) or np.all(s < -SHIFT_EACH * scale)) and abs(med) > SHIFT * scale
                and abs(s[0]) >= STEP_SHARE * abs(med)):
            return {"step": k - n + 1, "shift": float(np.median(s)), "scale": scale}
    return None


def level_shift_finding(series: np.ndarray, origins, horizon: int, period: int = 1) -> Finding | None:
    """level_shift of the forecasts of one series (N,) or (N, F) from `origins` (B,), each truth
    series[o : o + horizon] after its history series[:o], said as a finding of the held-out data:
    the first origin and feature that shift, and how many of the B forecasts do."""
    x = np.asarray(series, dtype=np.float64)
    x = x[:, None] if x.ndim == 1 else x
    hits = []
    for o in np.asarray(origins, dtype=np.int64).reshape(-1):
        for f in range(x.shape[1]):
            found = level_shift(x[:o, f], x[o:o + horizon, f], period)
            if found is not None:
                hits.append({**found, "origin": int(o), "feature": f})
                break
    return shift_finding(hits, len(np.asarray(origins).reshape(-1)), horizon, period) if hits else None


def shift_finding(hits: list[dict], n: int, horizon: int, period: int = 1) -> Finding:
    """The level-shift finding of one series from its hits (level_shift's dict with the origin and
    feature, in the origins' order; at least one) among its n forecasts."""
    first = hits[0]
    step, shift, scale = first["step"], first["shift"], first["scale"]
    where = f" (in {len(hits)} of {n} forecasts)" if n > 1 else ""
    return make_finding(
        "level shift", "held-out data",
        f"the truth shifts by {shift:+.3g} from step {step} of {horizon} on{where}, {abs(shift) / scale:.0f}x the "
        f"series' mean change over {'a season' if period > 1 else 'a step'} before it ({scale:.3g}): a break "
        "the history did not show, so the errors there measure the break more than the forecasters",
        step=step, shift=shift, scale=scale, origin=first["origin"], feature=first["feature"],
        n_forecasts=len(hits),
    )
