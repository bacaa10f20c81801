"""Conformal bands calibrated for one fitted forecaster: forecasts from rolling origins at the
end of each series' known part (by forecast_at, the path every forecast takes), their errors
made scale-free, the quantiles fitted, and relative bands kept only where they score better
than additive ones. The bands' arithmetic is forecasters.conformal's; the model's bands for the
future are held_out_bands'.

    conf = calibrate(forecaster, series, horizon, levels=(80, 95), period=12)
    bands = conf.bands(point (B, H, F), series=idx)       # {level: (lo, hi)}, each (B, H, F)
"""

from __future__ import annotations

import math

import numpy as np

from ..errors import ValidationError
from ..forecasters.conformal import Conformal
from ..forecasters.conformal_many import flat_rows, series_scales
from ..forecasters.conformal_quantile import unresolved
from ..forecasters.error_scale import to_space
from ..forecasters.interval_levels import level_key
from .band_scores import interval_scores
from .filled import filled_truths
from .forecast_at import forecast_at


def calibrate(forecaster, series: list[np.ndarray], horizon: int, levels=(80, 95), *, ends=None,
              method: str = "signed", n_origins: int = 20, stride: int = 1, ids=None, period: int = 1,
              relative: bool = True, filled=None) -> Conformal:
    """Conformal bands for `forecaster`, fitted on `series` (S arrays (N_i,) or (N_i, F), in
    this order), from rolling origins at the end of each series' known part.

    ends (S,): where each series' known part ends (default its length): every calibration
    forecast's truth lies before it. Errors are scale-free (forecasters.conformal.series_scale
    of each known part: seasonal-naive MAE at lag `period`; relative errors for positive series
    unless relative=False). ids: the series' ids, kept so new data can be matched by id.
    filled: None, or per series a bool array (N_i,) (None: none) marking the values that were
    no measurement (--fill linear): forecasts are made from them as from any value, but an
    error whose truth is one is left out of the quantiles (Conformal.fit_errors' skip); a line
    drawn between two days is easier to forecast than the day was (R's airquality: a third of
    the net's calibration truths, its 80% band covering 53.6% of a backtest).
    """
    xs = [np.asarray(s, dtype=np.float64).reshape(len(s), -1) for s in series]
    ends = [len(x) for x in xs] if ends is None else [int(e) for e in ends]
    conf = Conformal(levels, method, n_origins, stride)
    conf.period, conf.relative = max(int(period or 1), 1), bool(relative)
    origins = conf.origins(ends, min_context(forecaster), horizon)
    if unresolved(sum(len(o) for o in origins), min(conf.levels), method):
        # too few origins where the forecaster's own forecast starts to resolve even the lowest
        # level (one error of a 12-quarter series: an in-sample error of 0.1, a band of 0.13):
        # shorter histories too, forecast by the fallback, said in a note
        wide = conf.origins(ends, forecaster.context_len, horizon)
        if sum(len(o) for o in wide) > sum(len(o) for o in origins):
            origins, conf.short_context_ = wide, True
    if not sum(len(o) for o in origins):
        raise ValidationError(f"no room to calibrate intervals: a series' known part needs "
                              f"{(forecaster.context_len or 1) + horizon} points (context + horizon {horizon})")
    conf.origins_used_ = max(len(o) for o in origins)

    known = [x[:end] for x, end in zip(xs, ends, strict=True)]
    set_scales(conf, known)
    ragged = np.empty(len(origins), dtype=object)  # one origin array a series, of any lengths
    ragged[:] = origins
    at = forecast_at({"f": forecaster}, xs, ragged, horizon)
    skip = _filled_truths(filled, at.series, at.origins, horizon)  # (B, H, 1) or None
    conf.fit_errors(scaled_errors(conf, at.forecasts["f"], at.truth, at.series), skip)
    if conf.relative and (conf.floors_ > 0).any():
        # Relative bands follow the level (M3 monthly: MSIS 6.6 vs 7.2 additive on the test) but
        # blow up where a positive series swings from near 0 to far above it (lynx: 14.6 vs 9.1):
        # keep them where they score better on these calibration forecasts; held_out decides
        # again on the held-out errors when there are enough (on M3 monthly these in-sample
        # forecasts preferred additive bands, the held-out ones relative: the test agreed)
        add = Conformal(levels, method, n_origins, stride)
        add.period, add.relative = conf.period, False
        add.origins_used_, add.short_context_ = conf.origins_used_, getattr(conf, "short_context_", False)
        set_scales(add, known)
        add.fit_errors(scaled_errors(add, at.forecasts["f"], at.truth, at.series), skip)
        f, rows = at.forecasts["f"], at.series
        y = at.truth if skip is None else np.where(skip, np.nan, at.truth)  # scored on measured truths
        rel_msis = band_msis(conf, f, y, rows, add.scales_)
        if band_msis(add, f, y, rows, add.scales_) <= rel_msis:
            conf, add = add, conf
        conf.alternative_ = add  # held_out decides again on honest errors (not saved)
        # relative bands beyond the float range (exp of log errors too large): additive, said
        conf.overflow_ = not math.isfinite(rel_msis)
    # both candidates: held_out may keep the alternative, and a model's bands without ids take
    # every series for one it never saw ("intervals of 645 series the model never saw")
    for c in (conf, getattr(conf, "alternative_", None)):
        if c is not None:
            c.ids_ = None if ids is None else [str(i) for i in ids]
    return conf


def _filled_truths(filled, rows: np.ndarray, origins: np.ndarray, horizon: int) -> np.ndarray | None:
    """(B, H, 1) True where row b's truth h steps after its origin is a filled value (filled:
    calibrate's, per series a bool array or None); None where none is."""
    mask = filled_truths(filled, rows, origins, horizon)
    return None if mask is None else mask[..., None]


def min_context(forecaster) -> int | None:
    """The shortest history the forecaster forecasts from itself: context_len, or for a net
    that takes the whole history (context_len None) its input_len: a shorter one gets the
    seasonal-naive fallback, whose errors are not the net's (one 102-point monthly series:
    origins 1..35 of 66 by the fallback made the net's 95% band 85 wide for an RMSE of 5.7)."""
    if forecaster.context_len is not None:
        return forecaster.context_len
    try:
        return int(getattr(forecaster, "input_len", None) or 1)
    except (AttributeError, KeyError, TypeError, ValueError):  # not fitted: any history
        return None


def band_msis(conf: Conformal, forecasts: np.ndarray, truth: np.ndarray, rows: np.ndarray,
          scales: np.ndarray) -> float:
    """MSIS at conf's highest level of its own bands around forecasts (B, H, F) of its series
    rows (B,), each row scaled by scales (S, F) of its series: how relative and additive bands
    compare on the same forecasts."""
    top = max(conf.levels)
    lo, hi = conf.bands(forecasts, series=rows, levels=[top])[top]
    scores = interval_scores(forecasts, {top: (lo, hi)}, truth, scales[rows])
    msis = scores[level_key(top)]["msis"]  # None: not finite (bands at the float range's end)
    big = np.finfo(np.float64).max
    return math.inf if msis is None or (lo <= -big).any() or (hi >= big).any() else msis


def set_scales(conf: Conformal, known: list[np.ndarray]) -> None:
    """Each series' scale and floor (S, F) from its known part (series_scale), its sign and the
    constant it held, if any."""
    # all series at once (series of one length stacked): a call a series was 30 s of 20,000
    conf.scales_, conf.floors_, conf.nonneg_ = series_scales(known, conf.period, conf.relative)  # (S, F) each
    conf.flat_ = flat_rows(known)  # (S, F) or None: the constant a series held, its band that constant


def scaled_errors(conf: Conformal, forecasts: np.ndarray, truth: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """(B, H, F) errors of forecasts of the calibrated series rows (B,), in each series' space
    (log for a relative one) and divided by its scale: what the quantiles are taken of."""
    fl = conf.floors_[rows][:, None]  # (B, 1, F)
    return (to_space(truth, fl) - to_space(forecasts, fl)) / conf.scales_[rows][:, None]
