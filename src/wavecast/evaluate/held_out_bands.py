"""The bands of the model that forecasts the future, from the bands calibrated before the
held-out part and a forecast of that part: its own quantiles where enough series were held out
(honest, out-of-sample errors), else the in-sample ones widened by how much larger the held-out
errors were; every series then at the scale of all its data.

    saved = held_out(conf, forecasts, truth, series)
"""

from __future__ import annotations

import numpy as np

from ..forecasters.conformal import Conformal
from .calibration import band_msis, scaled_errors, set_scales


def held_out(conf: Conformal, forecasts: np.ndarray, truth: np.ndarray, series: list[np.ndarray]) -> Conformal:
    """The bands for the model that forecasts the future, from `conf` (calibrated before the
    held-out part) and a forecast of that part of every series, forecasts and truth (S, H, F)
    (row i: series i, one origin each, the model never saw it).

    Where there are enough held-out errors for the highest configured level not to be clipped
    (n >= 2 / alpha - 1 series: 39 at 95%), the quantiles are theirs: honest out-of-sample
    errors, where the rolling origins' are in-sample for a model fitted on them (optimistic: on
    M3 monthly 75% / 92% coverage on the held-out part instead of 80% / 95%). Else they stay
    conf's. Either way each series' scale is then taken on all of `series` (the data the final
    model forecasts from). Returns a new Conformal; conf is left as it was (the test is scored
    with it)."""
    out = Conformal.from_dict(conf.to_dict())
    f, y = np.asarray(forecasts, dtype=np.float64), np.asarray(truth, dtype=np.float64)
    rows = np.arange(len(y))
    # a truth that is NaN (the reader filled it: the scores' view, evaluate.filled) is left out on
    # its own, as calibration leaves it out; the series' measured truths still count
    ok = np.isfinite(y).any(axis=(1, 2)) & np.isfinite(f).all(axis=(1, 2))
    skip = ~np.isfinite(y[ok])
    skip = skip if skip.any() else None
    top = max(conf.levels)
    need = int(np.ceil(200 / (100 - top) - 1 - 1e-9))
    if ok.sum() >= need:
        # relative or additive bands (calibrate kept both where series are positive): the one
        # whose held-out quantiles score better on these held-out forecasts
        cands = [c for c in (conf, getattr(conf, "alternative_", None)) if c is not None]
        additive = next((c.scales_ for c in cands if not c.relative), cands[-1].scales_)
        best = None
        for c in cands:
            o = Conformal.from_dict(c.to_dict())
            o.fit_errors(scaled_errors(c, f[ok], y[ok], rows[ok]), skip)
            score = band_msis(o, f[ok], y[ok], rows[ok], additive)
            if best is None or score < best:  # the first when none is finite
                out, best = o, score
        out.source = "held-out"
    elif ok.any() and hasattr(out, "lo_"):
        _stretch(out, scaled_errors(conf, f[ok], y[ok], rows[ok]))
    xs = [np.asarray(s, dtype=np.float64).reshape(len(s), -1) for s in series]
    set_scales(out, xs)
    return out


def stretch_words(conf) -> tuple[str, str]:
    """(factor, how much larger the errors were) as a note says them: the cap, when it bound,
    said as one with the ratio measured ('3.00x, the most it may be', '4.03x'), else the factor
    twice (1.004 is said with its digits: "widened 1.00x" read as none)."""
    k = conf.stretch_
    times = f"{k:.2f}x" if round(k, 2) != 1 else f"{k:.4f}x"
    measured = getattr(conf, "stretch_measured_", k)
    if measured > k:
        return f"{times}, the most it may be", f"{measured:.2f}x"
    return times, times


# The most the held-out errors may widen in-sample bands (one series' few errors are noisy).
MAX_STRETCH = 3.0


def _stretch(conf: Conformal, err: np.ndarray) -> None:
    """Too few held-out series for quantiles of their own (one series: one origin): the in-sample
    bands, fitted on errors of a model that saw those points, widened by how much larger the
    held-out errors are, never narrowed. The factor: the median over the held-out (series, lead)
    of |error| over the in-sample 50% band's half-width at that lead (the median |error| of
    centred errors), capped at MAX_STRETCH (the median measured stays in `stretch_measured_`, so
    a note can say the cap bound: fpp2's elecdaily with its drivers measured 4.03x). On eight 120-point monthly series fitted alone the
    in-sample bands covered 71% / 85% of the next 18 points at 80% / 95%."""
    i = conf.levels_.index(50) if 50 in conf.levels_ else None
    if i is None:
        return
    half = (conf.hi_[i] - conf.lo_[i]) / 2  # (H, F)
    e = np.abs(np.asarray(err, dtype=np.float64))  # (B, H', F), H' <= H
    h = e.shape[1]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = e / half[None, :h]
    ratio = ratio[np.isfinite(ratio)]
    if not len(ratio):
        return
    measured = float(np.median(ratio))
    k = float(np.clip(measured, 1.0, MAX_STRETCH))
    if k > 1.0:
        conf.lo_, conf.hi_ = conf.lo_ * k, conf.hi_ * k
        conf.stretch_, conf.stretch_measured_ = k, measured
