"""What a future covariate's known points were, summed up: their count, least and greatest value,
and for a flag or a level each value's count (known_summary), for each series of a dataset
(future_known). A model file keeps them (io.covariate_section), as it keeps only each series'
tail; evaluate.covariate_range judges the steps forecast against them. NumPy only."""

from __future__ import annotations

import numpy as np

DISCRETE = 10  # at most this many distinct training values: a flag or a level, judged by its values' shares


def known_summary(values: np.ndarray) -> dict | None:
    """What evaluate.covariate_range.rare_driver needs of a driver's training points (N,): their
    count, least and greatest value, and for a flag or a level (at most DISCRETE distinct values)
    each value's count; None when none is finite. A model file keeps it (io.covariate_section), as
    it keeps only each series' last input_len points: judged against those, a loaded model named a
    driver inside the range it was trained on as beyond it."""
    tr = np.asarray(values, dtype=np.float64)
    tr = tr[np.isfinite(tr)]
    if not len(tr):
        return None
    out = {"n": int(len(tr)), "lo": float(tr.min()), "hi": float(tr.max())}
    vals, counts = np.unique(tr, return_counts=True)
    if len(vals) <= DISCRETE:
        out |= {"values": vals.tolist(), "counts": counts.tolist()}
    return out


def future_known(ds) -> list[list[dict | None]] | None:
    """Each series' known_summary of each future covariate over its known points, for the model
    file: a loaded model's series are tails; those of ds (ds.future_known) where it is one."""
    cov = getattr(ds, "covariates", None)
    if cov is None or not cov.future:
        return None
    kept = getattr(ds, "future_known", None)
    if kept is not None:
        return kept
    cols = [cov.columns.index(c) for c in cov.future]
    return [[known_summary(np.asarray(c, dtype=np.float64)[: len(v), k]) for k in cols]
            for v, c in zip(ds.values, cov.values, strict=True)]
