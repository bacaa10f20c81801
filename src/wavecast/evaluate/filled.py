"""The truths a run or a backtest scores, less the values the reader filled (Dataset.filled:
--fill linear's lines between two measurements, --fill-missing-dates' inserted stamps).

A forecast is judged against what was measured. A line drawn between two measurements is easier
to forecast than the measurement that was missing there, and a long gap at the end of a file
would have the test part drawn by the reader. Those truths become NaN, which every score leaves
out (metrics.known_truths, band_scores.interval_scores); the forecasts, the training and the
forecast checks' view of the series (diagnostics) stay as read.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

SCORES_NOTE = "scores leave out "  # the note begins so (a backtest replaces its run's note with its own)


def filled_truths(filled, rows: np.ndarray, origins: np.ndarray, horizon: int) -> np.ndarray | None:
    """(B, H) True where row b's truth h steps after origins[b], in series rows[b], was filled;
    None where none is. filled: per series (indexed by rows) a bool array (N_i,) or None."""
    if filled is None or not any(m is not None and np.any(m) for m in filled):
        return None
    rows, origins = np.asarray(rows, dtype=np.int64), np.asarray(origins, dtype=np.int64)
    out = np.zeros((len(rows), horizon), dtype=bool)
    steps = np.arange(horizon)
    for i in np.unique(rows).tolist():
        m = filled[i] if i < len(filled) else None
        if m is None:
            continue
        m = np.asarray(m, dtype=bool)
        at = rows == i
        pos = origins[at][:, None] + steps  # (b, H) positions of the truths
        out[at] = np.where(pos < len(m), m[np.minimum(pos, len(m) - 1)], False)
    return out if out.any() else None


def mask_truth(truth: np.ndarray, mask: np.ndarray | None) -> tuple[np.ndarray, int]:
    """(truth (B, H, F) with the filled ones NaN, how many that left out); truth itself and 0
    where mask (B, H) is None, and truth itself and minus the count where every truth was
    filled: with nothing measured to score against, the scores are of the filled values, as
    before (a backtest's run scoring the first horizon of a test part inside a long gap), and
    the note says so."""
    if mask is None:
        return truth, 0
    t = np.asarray(truth, dtype=np.float64)
    drop = np.broadcast_to(mask[..., None], t.shape) & ~np.isnan(t)
    if not drop.any():
        return truth, 0
    if drop.sum() == (~np.isnan(t)).sum():
        return truth, -int(drop.sum())
    return np.where(drop, np.nan, t), int(drop.sum())


def without_filled(at, filled):
    """(forecast_at.Forecasts `at` with its filled truths NaN, how many): `at` itself and 0 where
    none of its truths was filled. filled: per series of at.series a bool mask or None."""
    truth, n = mask_truth(at.truth, filled_truths(filled, at.series, at.origins, np.shape(at.truth)[1]))
    return (at, n) if n <= 0 else (replace(at, truth=truth), n)


def scores_note(n: int, truth: np.ndarray, what: str) -> str:
    """The note saying how many filled truths the scores left out, of the truths of `what` (the
    test part, the backtest's forecasts); truth: the scored truths, filled ones NaN. n < 0
    (mask_truth): every one of the -n truths was filled, and they are scored."""
    if n < 0:
        return (f"{SCORES_NOTE}nothing: every truth of {what} ({-n:,}) was filled by --fill linear or "
                "--fill-missing-dates, none measured, so the scores are against those drawn values; a longer "
                "horizon or a test part that reaches a measurement gives scores of measurements")
    total = int(np.isfinite(np.asarray(truth, dtype=np.float64)).sum()) + n
    return (f"{SCORES_NOTE}{n:,} filled value{'s' if n != 1 else ''} of {what}, of {total:,} truths in all "
            "(--fill linear or --fill-missing-dates drew them; they were not measured): every score, the "
            "intervals' coverage included, is against measurements only, not against a line drawn between two")


def filled_of(dataset, ids) -> list | None:
    """Each series' mask of the values that were filled, not measured (Dataset.filled, matched
    by id: ids, the run's scored series in its order); None when none is known."""
    masks = getattr(dataset, "filled", None)
    if not masks or not ids:
        return None
    at = {k: i for i, k in enumerate(dataset.ids)}
    return [masks[at[k]] if k in at else None for k in ids]
