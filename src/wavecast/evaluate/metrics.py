"""Scoring forecasts: MSE, RMSE, MAE, sMAPE and MASE, overall and by lead time."""

from __future__ import annotations

import numpy as np

from ..errors import ValidationError


def _pair(pred: np.ndarray, truth: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    p, t = np.asarray(pred, dtype=np.float64), np.asarray(truth, dtype=np.float64)
    if p.shape != t.shape:
        raise ValidationError(f"forecast shape {p.shape} does not match truth shape {t.shape}")
    return p, t


def known_truths(truth: np.ndarray) -> np.ndarray | None:
    """Where the truth is a number: None where every one is (the plain mean's path, bit for bit),
    else the bool mask. A NaN truth is one the scores leave out: past a series' end, or a value
    the reader filled (--fill linear, --fill-missing-dates; evaluate.filled), which was never
    measured."""
    known = ~np.isnan(truth)
    return None if known.all() else known


def mean_known(v: np.ndarray, known: np.ndarray | None, axis=None):
    """np.mean(v, axis) over the points where known (None: all of them, np.mean itself); NaN
    where none is."""
    if known is None:
        return np.mean(v, axis=axis)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(known, v, 0.0).sum(axis=axis) / known.sum(axis=axis)


def mse(pred, truth, axis=None):
    p, t = _pair(pred, truth)
    return mean_known((p - t) ** 2, known_truths(t), axis=axis)


def rmse(pred, truth, axis=None):
    return np.sqrt(mse(pred, truth, axis=axis))


def mae(pred, truth, axis=None):
    p, t = _pair(pred, truth)
    return mean_known(np.abs(p - t), known_truths(t), axis=axis)


def smape(pred, truth, axis=None):
    """Symmetric MAPE in percent, 0..200; a point where both are 0 counts as 0 error."""
    p, t = _pair(pred, truth)
    denom = np.abs(p) + np.abs(t)
    ratio = np.divide(2 * np.abs(p - t), denom, out=np.zeros_like(denom), where=denom > 0)
    return 100 * mean_known(ratio, known_truths(t), axis=axis)


def naive_scale(train: np.ndarray, period: int = 1) -> float:
    """Mean absolute error of the in-sample seasonal-naive forecast: MASE's denominator."""
    x = np.asarray(train, dtype=np.float64).reshape(len(train), -1)
    if len(x) <= period:
        raise ValidationError(f"MASE needs more than {period} training points; got {len(x)}")
    return float(np.mean(np.abs(x[period:] - x[:-period])))


def mase_scales(series: list[np.ndarray], train_ends: list[int], period: int | None) -> np.ndarray:
    """Each series' MASE denominator: the in-sample seasonal-naive MAE of its first
    train_ends[i] points (lag 1 where the training part is no longer than the period)."""
    m = period or 1
    return np.array([naive_scale(s[:end], m if end > m else 1) for s, end in zip(series, train_ends, strict=True)])


def mase(pred, truth, scale: float, axis=None):
    """MAE divided by the in-sample seasonal-naive MAE (< 1: better than that naive)."""
    err = mae(pred, truth, axis=axis)
    return err / scale if scale > 0 else np.full_like(err, np.inf)


METRICS = ("mse", "rmse", "mae", "smape", "mase")


def score(pred: np.ndarray, truth: np.ndarray, scale: float | None = None) -> dict:
    """Metrics of a forecast (B, H, F) against the truth (B, H, F).

    Returns {"mse": ..., ..., "by_lead": {"mse": [H values], ...}}; by-lead figures average
    over origins and features, so by_lead["mse"][h] is the error h + 1 steps ahead.
    """
    p, t = _pair(pred, truth)
    if p.ndim != 3:
        raise ValidationError(f"forecasts must be (B, H, F); got shape {p.shape}")
    lead_axes = (0, 2)
    out = {
        "mse": float(mse(p, t)),
        "rmse": float(rmse(p, t)),
        "mae": float(mae(p, t)),
        "smape": float(smape(p, t)),
    }
    by_lead = {
        "mse": mse(p, t, axis=lead_axes).tolist(),
        "rmse": rmse(p, t, axis=lead_axes).tolist(),
        "mae": mae(p, t, axis=lead_axes).tolist(),
    }
    if scale is not None:
        out["mase"] = float(mase(p, t, scale))
        by_lead["mase"] = (np.asarray(by_lead["mae"]) / scale).tolist() if scale > 0 else None
    if known_truths(t) is not None:  # a lead (or all) with no measured truth: no number (JSON null)
        out = {k: numbers(v) for k, v in out.items()}
        by_lead = {k: numbers(v) for k, v in by_lead.items()}
    out["by_lead"] = by_lead
    return out


def numbers(v):
    """A score, or a list of them, with NaN (nothing measured to score against) as None: metrics.json
    holds no NaN. Only where some truth is left out (known_truths), so that a forecaster's own NaN
    still shows as before."""
    if v is None:
        return None
    if isinstance(v, list):
        return [numbers(x) for x in v]
    return None if np.isnan(v) else v


def per_origin(pred: np.ndarray, truth: np.ndarray) -> dict:
    """MSE and MAE of each forecast origin: (B, H, F) -> {"mse": [B], "mae": [B]}; None for an
    origin none of whose truths was measured (all filled)."""
    p, t = _pair(pred, truth)
    out = {"mse": mse(p, t, axis=(1, 2)).tolist(), "mae": mae(p, t, axis=(1, 2)).tolist()}
    return out if known_truths(t) is None else {k: numbers(v) for k, v in out.items()}


# A divergence horizon compares errors lead by lead; fewer forecasts a lead than this and the
# comparison is one draw of noise (a single series' single test window): said beside it.
MIN_FORECASTS_PER_LEAD = 5
CLIP_SDS = 5.0  # robust SDs from the median past which a training value counts as extreme
ROBUST_SD = 1.4826  # MAD -> standard deviation of a normal sample
CONSTANT_FLOOR = 1e-4  # a constant part's spread, relative to its largest |value|


def robust_variance(train: np.ndarray) -> tuple[float, int]:
    """(the training part's variance with each value clipped to its median +- 5 robust SDs,
    the number of values clipped), averaged over features.

    The robust SD is 1.4826 x the median absolute deviation: one spike of 1e9 in a series of
    50 +- 10 cannot set it. On a normal sample or a sine nothing lies that far out, so this is
    the plain variance; a feature whose values are over half equal (MAD 0) is not clipped.
    """
    x = np.asarray(train, dtype=np.float64).reshape(len(train), -1)
    if not len(x):
        return 0.0, 0
    med = np.median(x, axis=0)
    sd = ROBUST_SD * np.median(np.abs(x - med), axis=0)
    clipped = np.where(sd > 0, np.clip(x, med - CLIP_SDS * sd, med + CLIP_SDS * sd), x)
    return float(np.mean(np.var(clipped, axis=0))), int(np.count_nonzero(clipped != x))


def tolerance_info(train: np.ndarray, rel_tol: float) -> dict:
    """metrics.json's tolerance: {"mse", "rel_tol", "how", "n_clipped"} (see tolerance)."""
    var, n_clipped = robust_variance(train)
    how = "rel_tol x variance of the training part"
    if n_clipped:
        how += (f", its {n_clipped} extreme value(s) (over {CLIP_SDS:g} robust SDs, 1.4826 x MAD, from the "
                "median) clipped to that bound")
    if var == 0:  # a constant part: a spread relative to its own magnitude, so never zero but for zeros
        x = np.asarray(train, dtype=np.float64)
        top = float(np.max(np.abs(x))) if x.size else 0.0
        var = (CONSTANT_FLOOR * top) ** 2 or float(np.finfo(np.float64).tiny)
        how = (f"rel_tol x ({CONSTANT_FLOOR:g} x the largest |training value|)^2: the training part is "
               "constant, so it has no variance")
    return {"mse": rel_tol * var, "rel_tol": rel_tol, "how": how, "n_clipped": n_clipped}


def tolerance(train: np.ndarray, rel_tol: float) -> float:
    """The MSE below which two forecasts count as equally good: rel_tol x the training variance.

    Needed because a perfect baseline on a noise-free sine scores 1e-27 while a very good
    network scores 1e-6: both are right to a millionth of the signal, and calling the network
    "worse" would be a false alarm. The variance is robust_variance's (averaged over features,
    extreme values clipped, so one spike cannot make every forecast "equal"), in the data's own
    units at any scale (1e-11 or 1e10); a constant training part gets rel_tol x (1e-4 x its
    largest |value|)^2 instead, so a tolerance is zero only for all-zero data (then the
    smallest positive float).
    """
    return tolerance_info(train, rel_tol)["mse"]


def tolerances(trains: list[np.ndarray], rel_tol: float) -> np.ndarray:
    """(S,) tolerance(trains[i], rel_tol) of every training part at once, bit for bit: parts of one
    length stacked, so each median, variance and mean is the one numpy takes of one part (20,000
    series: 4 s in one call a part). A constant part (variance 0) takes tolerance itself."""
    xs = [np.asarray(t, dtype=np.float64).reshape(len(t), -1) for t in trains]
    out = np.empty(len(xs))
    groups: dict[tuple[int, ...], list[int]] = {}
    for i, x in enumerate(xs):
        groups.setdefault(x.shape, []).append(i)
    for (n, _), idx in groups.items():
        if not n:
            out[idx] = [tolerance(xs[i], rel_tol) for i in idx]
            continue
        x = np.stack([xs[i] for i in idx])  # (G, n, F)
        med = np.median(x, axis=1, keepdims=True)  # (G, 1, F): robust_variance's, part by part
        sd = ROBUST_SD * np.median(np.abs(x - med), axis=1, keepdims=True)
        clipped = np.where(sd > 0, np.clip(x, med - CLIP_SDS * sd, med + CLIP_SDS * sd), x)
        var = np.var(clipped, axis=1).mean(axis=1)  # (G,)
        out[idx] = rel_tol * var
        for g in np.flatnonzero(var == 0).tolist():  # a constant part: its own magnitude
            out[idx[g]] = tolerance(xs[idx[g]], rel_tol)
    return out


def divergence_horizon(
    err_by_lead, reference_by_lead=None, threshold: float | None = None, tol: float = 0.0
) -> int | None:
    """The first lead (1-based) whose error exceeds the reference's by more than tol, or None.

    With a `threshold`, the first lead whose error exceeds it instead. `err_by_lead` and
    `reference_by_lead` are (H,) per-lead errors (MSE) of the forecaster and of the reference
    (the last-value baseline).
    """
    err = np.asarray(err_by_lead, dtype=np.float64)
    if threshold is not None:
        exceed = err > threshold
    elif reference_by_lead is not None:
        exceed = err > np.asarray(reference_by_lead, dtype=np.float64) + tol
    else:
        return None
    return int(np.argmax(exceed)) + 1 if exceed.any() else None


def divergence_basis(n_forecasts: int) -> dict:
    """metrics.json's word on what the divergence horizons rest on: {"n", "enough", "note"}; the
    console's "diverges at" line and the diverging-rollout finding say the same."""
    enough = n_forecasts >= MIN_FORECASTS_PER_LEAD
    note = None if enough else (f"from {n_forecasts} forecast(s) a lead time: too few to rely on (at least "
                                f"{MIN_FORECASTS_PER_LEAD}; a backtest of more origins gives more)")
    return {"n": int(n_forecasts), "enough": enough, "note": note}


def evaluate(
    forecasts: dict[str, np.ndarray],
    truth: np.ndarray,
    scale: float | None = None,
    reference: str = "last value",
    threshold: float | None = None,
    tol: float = 0.0,
) -> dict:
    """Score every forecast (B, H, F) against the truth (B, H, F) at the same origins.

    Returns {"forecasters": {name: score(...) + per_origin}, "divergence_horizon": {name: lead
    or None}}; the divergence horizon compares each forecaster's MSE by lead with the
    `reference` forecaster's (or with `threshold`, an MSE, when given).
    """
    scores = {}
    for name, pred in forecasts.items():
        s = score(pred, truth, scale)
        s["per_origin"] = per_origin(pred, truth)
        scores[name] = s
    ref = scores.get(reference, {}).get("by_lead", {}).get("mse")
    div = {
        name: divergence_horizon(s["by_lead"]["mse"], ref, threshold, tol)
        for name, s in scores.items()
    }
    return {"forecasters": scores, "divergence_horizon": div}
