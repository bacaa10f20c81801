"""The checks of what a net is given: statistics computed beyond the training part (leak) and
values far outside the range it was trained on (unscaled input). NumPy only.
"""

from __future__ import annotations

import numpy as np

from .finding import Finding, make_finding


def _stats(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(x, dtype=np.float64).reshape(len(x), -1)
    mean, std = x.mean(axis=0), x.std(axis=0)
    return mean, np.where(std > 1e-12 * np.abs(mean), std, 1.0)  # relative: data at 1e-15 keeps its std


def leak(
    what: str, mean: np.ndarray, scale: np.ndarray | None, train: np.ndarray, after: np.ndarray,
    rtol: float = 1e-6,
) -> Finding | None:
    """Were these statistics (a scaler's mean_ and scale_) computed on the training part only?

    `train` is the part before the split, `after` what follows it (validation and test).
    Statistics that match the training part (within rtol of its std) pass; otherwise the
    finding says whether they match train + after (the classic scaler fitted on everything).
    `scale` may be None for a mean-only statistic (the mean baseline).
    """
    t_mean, t_std = _stats(train)
    mean = np.asarray(mean, dtype=np.float64)

    def close(m, s, ref_m, ref_s):
        ok = np.allclose(m, ref_m, rtol=0, atol=rtol * np.max(ref_s))
        return ok and (s is None or np.allclose(s, ref_s, rtol=rtol, atol=0))

    if close(mean, scale, t_mean, t_std):
        return None
    a_mean, a_std = _stats(np.concatenate([np.asarray(train).reshape(len(train), -1),
                                           np.asarray(after).reshape(len(after), -1)]))
    both = len(after) and close(mean, scale, a_mean, a_std)
    where = ("the whole series, test part included" if both else
             "data other than the training part (if that includes the test period, the scores are optimistic)")
    return make_finding(
        "leak", what,
        f"{what} statistics (mean {mean.ravel()[0]:.4g}) differ from the training part's "
        f"(mean {t_mean[0]:.4g}); they were computed on {where}",
        mean=mean, train_mean=t_mean, scale=None if scale is None else np.asarray(scale),
        train_std=t_std, matches_whole_series=bool(both),
    )


def unscaled_input(
    forecaster: str, z: np.ndarray, z_train: np.ndarray | None, margin: float = 1.0,
    bound: float = 10.0,
) -> Finding | None:
    """Are values fed to the net (in its scaled units) far outside the range it trains well on?

    z (..., F) are the scaled values the net is fed or asked to reach; z_train (N, F) the
    scaled training part. Fires when a value lies beyond the training range by more than
    `margin` x its width, or when over 1% of the values pass +-`bound` whatever the training
    range (a net trained on unscaled data sits where tanh and sigmoid are flat;
    standard-scaled data rarely passes +-4).
    """
    z = np.asarray(z, dtype=np.float64)
    zf = z.reshape(-1, z.shape[-1])
    past_bound = np.abs(zf) > bound
    beyond = np.zeros_like(past_bound)
    lo, hi = np.full(zf.shape[1], -bound), np.full(zf.shape[1], bound)
    if z_train is not None:
        zt = np.asarray(z_train, dtype=np.float64).reshape(-1, z.shape[-1])
        lo, hi = zt.min(axis=0), zt.max(axis=0)
        width = np.where(hi > lo, hi - lo, 1.0)
        beyond = (zf < lo - margin * width) | (zf > hi + margin * width)
    if not (past_bound.mean() > 0.01 or beyond.any()):
        return None
    outside = past_bound | beyond
    worst = float(np.abs(zf).max())
    return make_finding(
        "unscaled input", forecaster,
        f"{forecaster} is fed values up to {worst:.3g} in its scaled units ({100 * outside.mean():.1f}% "
        f"of them far out), against a training range of [{lo.min():.3g}, {hi.max():.3g}] "
        f"and units where tanh works (about +-{bound:g})",
        max_abs=worst, train_low=lo, train_high=hi, share_outside=float(outside.mean()),
    )
