"""Conformal prediction intervals around any forecaster that keeps the contract.

    conf = evaluate.calibration.calibrate(forecaster, series, horizon, levels=(80, 95), period=12)
    bands = conf.bands(point (B, H, F), series=idx)       # {level: (lo, hi)}, each (B, H, F)

Calibration (evaluate.calibration.calibrate, after the forecaster is fitted) forecasts from rolling
origins at the end of each series' known part (by evaluate.forecast_at, the path every forecast
takes) and keeps, per lead time and feature, quantiles of scale-free errors, so that series of
different levels pool:

- a series whose known values are all > 0 has **relative** errors, log(y) - log(f) (the band
  follows the level: it is multiplicative, as the direct net's log transform is), divided by
  the seasonal-naive MAE of log(values); any other series has errors y - f divided by the
  seasonal-naive MAE of its values (lag `period`; lag 1 when that is 0 or the series too short);
- a band is f + q s, or for a relative series f exp(q s) (f floored at a tenth of the series'
  smallest value, as transforms.Log floors; capped at the largest float, never inf), q the
  quantiles and s the series' scale. Relative bands that reach that cap on the calibration
  forecasts lose to additive ones (evaluate.calibration.calibrate, said in a note).

On M3 monthly these two, with held-out quantiles (evaluate.held_out_bands.held_out), took the net's
MSIS(95) from 12.33 to 6.58 at 82% / 96% coverage (docs/evaluation.md): one lag-1 naive MAE a
series fitted neither seasonal series (it counts the season as noise) nor series whose swings
grow with the level.

Two ways to take the quantiles, both with the finite-sample correction (the ceil((n + 1) p) / n
order statistic, Vovk et al.; Stankeviciute et al. 2021 per lead time):

- "signed": the alpha/2 and 1 - alpha/2 quantiles of the signed errors (a biased forecaster
  gets a band that leans toward the truth); the default, it calibrated better (benchmarks/);
- "symmetric": +- the level quantile of |error|.

Quantiles never cross: a higher level's band contains a lower level's, and every band contains
its point forecast (a signed band of one-signed errors, e.g. of a trend, could miss it). A level
the errors are too few to resolve (n < 2 / alpha - 1: 9 at 80%, 39 at 95%) would be the widest
error seen, the same at 80% and 95%; it is widened to at least +- z(level) times the errors'
root mean square (the normal quantile), so a higher level is never narrower (said in a note). A
series whose known values are all >= 0 (counts, sales) gets bands clipped at 0 from below
(`nonneg_`). A series whose known part never varied (`flat_`: that constant) and whose point
forecast is that constant, exactly, gets a band of no width: its errors were never seen, and
the pooled ones at the scale such a series gets (its |mean|, or 1 for zeros) gave a series at 3
an 80% band of 0..16.7 in a backtest. `source` says where the
errors came from: "in-sample" (the rolling origins above) or "held-out" (evaluate.held_out_bands.
held_out: a model's forecasts of a part it never saw, the honest errors, when there are enough).

The levels' checks are interval_levels', each series' scale, floor, sign and constant
error_scale's, the order statistic conformal_quantile's, the form model.json keeps conformal_file's.
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np

from ..errors import ValidationError
from . import conformal_file
from .conformal_quantile import order_stat, unresolved
from .error_scale import flat_of, nonneg_of, series_scale
from .interval_levels import check_levels

METHODS = ("signed", "symmetric")
GRID = tuple(float(v) for v in range(1, 100))  # what a saved model can give: any integer level


def _capped(v: np.ndarray) -> np.ndarray:
    """A relative band's bound, finite: exp of a large log error times the level overflows to
    inf (an extreme quantile, a huge scale); it stops at the largest float instead."""
    return np.minimum(v, np.finfo(np.float64).max)


class Conformal:
    """Per-lead conformal bands for a fitted forecaster; see the module docstring."""

    def __init__(self, levels=(80, 95), method: str = "signed", n_origins: int = 20, stride: int = 1) -> None:
        if method not in METHODS:
            raise ValidationError(f"interval method must be one of {', '.join(METHODS)} (got {method!r})")
        if n_origins < 1 or stride < 1:
            raise ValidationError(f"n_origins and stride must be >= 1 (got {n_origins}, {stride})")
        self.levels = check_levels(levels)
        self.method, self.n_origins, self.stride = method, int(n_origins), int(stride)
        self.period, self.relative = 1, False  # how series_scale scales a series (calibrate sets them)
        self.source = "in-sample"
        self.ids_: list[str] | None = None  # the calibrated series' ids, when the caller has them
        self.floors_: np.ndarray | None = None  # (S, F): > 0 relative errors floored there; None: all additive
        self.nonneg_: np.ndarray | None = None  # (S, F): True where a series' bands stop at 0; None: none do
        self.flat_: np.ndarray | None = None  # (S, F): the constant a series held (flat_of), NaN: it varied; None: none
        self.origins_used_ = 0  # the most origins a series got (calibrate); n_origins is the most asked

    def scale_of(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """((F,) scale, (F,) floor) of a series the calibration never saw, from the values given."""
        return series_scale(x, self.period, self.relative)

    def origins(self, ends, context_len: int | None, horizon: int) -> list[np.ndarray]:
        """Each series' calibration origins: the last n_origins (stride apart) whose context
        fits after the start and whose whole horizon ends by `ends` (S,), oldest first."""
        ctx = max(context_len or 1, 1)
        return [np.arange(int(end) - horizon, ctx - 1, -self.stride)[: self.n_origins][::-1]
                for end in ends]

    def fit_errors(self, err: np.ndarray, skip: np.ndarray | None = None) -> Conformal:
        """Store the quantiles of scaled errors (B, H, F) (truth - forecast) / scale, for every
        integer level and the configured ones: lo_, hi_ (L, H, F), levels_ (L,).

        skip (B, H, F), optional: errors left out, those whose truth was no measurement (a value
        --fill linear interpolated): each lead's quantiles are then of its other errors. On R's
        airquality (37 of 153 days filled, 21 of them in June) a third of the net's calibration
        truths lay on those straight lines, where its errors were 0.8x the others': its 80% band
        covered 53.6% of a backtest. A lead where every truth was filled keeps them all."""
        err = np.asarray(err, dtype=np.float64)
        if skip is not None:
            skip = np.broadcast_to(np.asarray(skip, dtype=bool), err.shape)
            skip = skip & (~skip).any(axis=0, keepdims=True)  # a lead with no measured truth keeps every error
            if not skip.any():
                skip = None
        if not np.isfinite(err if skip is None else np.where(skip, 0.0, err)).all():
            raise ValidationError("calibration errors are not finite: the forecaster gave NaN or inf")
        if skip is not None:
            return self._fit_some(err, skip)
        self.levels_ = tuple(sorted(set(GRID) | set(self.levels)))
        e = np.sort(np.abs(err) if self.method == "symmetric" else err, axis=0)  # once for every level
        rms = np.sqrt(np.mean(np.square(err), axis=0)) if len(err) else 0.0  # (H, F)
        lo, hi = [], []
        for level in self.levels_:
            alpha = 1 - level / 100
            if self.method == "symmetric":
                q = order_stat(e, 1 - alpha, upper=True, presorted=True)
                lo.append(-q), hi.append(q)
            else:
                lo.append(order_stat(e, alpha / 2, upper=False, presorted=True))
                hi.append(order_stat(e, 1 - alpha / 2, upper=True, presorted=True))
            if unresolved(len(err), level, self.method):
                # too few errors: the widest seen, at this level and every one above it (a 12-quarter
                # series gave the same 80% and 95% band); at least a normal band on their spread
                z = NormalDist().inv_cdf(1 - alpha / 2)
                lo[-1], hi[-1] = np.minimum(lo[-1], -z * rms), np.maximum(hi[-1], z * rms)
        # Nested bands: a higher level's never inside a lower one's (the order statistics already
        # are; accumulate makes it hold whatever the clipping did), and lo <= hi.
        self.lo_ = np.minimum.accumulate(np.stack(lo), axis=0)  # (L, H, F)
        self.hi_ = np.maximum(np.maximum.accumulate(np.stack(hi), axis=0), self.lo_)
        self.n_ = int(len(err))
        return self

    def _fit_some(self, err: np.ndarray, skip: np.ndarray) -> Conformal:
        """fit_errors with the errors at `skip` (B, H, F) left out: each (lead, feature)'s order
        statistics, root mean square and resolution taken on its own count n of errors kept.
        n_: the fewest a lead kept (what the notes count), skipped_: how many were left out,
        n_rows_: the forecasts (B)."""
        self.levels_ = tuple(sorted(set(GRID) | set(self.levels)))
        n = (~skip).sum(axis=0)  # (H, F) errors kept at each lead
        kept = np.where(skip, np.nan, np.abs(err) if self.method == "symmetric" else err)
        e = np.sort(kept, axis=0)  # NaN last: the first n of a column are its kept errors, sorted
        rms = np.sqrt(np.nanmean(np.square(np.where(skip, np.nan, err)), axis=0))  # (H, F)

        def stat(p: float, upper: bool) -> np.ndarray:  # order_stat, column by column
            k = np.ceil((n + 1) * p - 1e-9) if upper else np.floor((n + 1) * p + 1e-9)
            at = np.clip(k.astype(np.int64), 1, n) - 1
            return np.take_along_axis(e, at[None], axis=0)[0]

        lo, hi = [], []
        for level in self.levels_:
            alpha = 1 - level / 100
            if self.method == "symmetric":
                q = stat(1 - alpha, upper=True)
                lo.append(-q), hi.append(q)
            else:
                lo.append(stat(alpha / 2, upper=False)), hi.append(stat(1 - alpha / 2, upper=True))
            thin = np.vectorize(lambda m, lv=level: unresolved(int(m), lv, self.method))(n)  # (H, F)
            z = NormalDist().inv_cdf(1 - alpha / 2)
            lo[-1] = np.where(thin, np.minimum(lo[-1], -z * rms), lo[-1])
            hi[-1] = np.where(thin, np.maximum(hi[-1], z * rms), hi[-1])
        self.lo_ = np.minimum.accumulate(np.stack(lo), axis=0)  # (L, H, F)
        self.hi_ = np.maximum(np.maximum.accumulate(np.stack(hi), axis=0), self.lo_)
        self.n_, self.skipped_, self.n_rows_ = int(n.min()), int(skip.sum()), int(len(err))
        return self

    def bands(self, point: np.ndarray, series=None, levels=None, scales=None, floors=None,
              nonneg=None, flat=None) -> dict[float, tuple]:
        """{level: (lo, hi)} each (B, H, F) around point forecasts (B, H, F) of the calibrated
        series `series` (B,) (default row i is series i), or of series with the given
        scales (B, F) and floors (B, F) (series the calibration never saw: scale_of; floors
        None: additive bands) and nonneg (B, F) (None: no band stops at 0). Every band
        contains its point forecast; a nonneg series' lower bound stops at 0 (or at its point
        forecast, if that is below 0). flat (B, F): the constant each series held (flat_of; NaN:
        it varied; None: none did); where the forecast is that constant the band is the forecast."""
        if not hasattr(self, "lo_"):
            raise ValidationError("intervals are not calibrated; use evaluate.calibration.calibrate")
        p = np.asarray(point, dtype=np.float64)
        if p.ndim != 3 or p.shape[1] > self.lo_.shape[1] or p.shape[2] != self.lo_.shape[2]:
            raise ValidationError(f"point forecasts must be (B, H <= {self.lo_.shape[1]}, "
                                  f"{self.lo_.shape[2]}); got shape {p.shape}: intervals were calibrated "
                                  f"for a horizon of {self.lo_.shape[1]}")
        if scales is None:
            from .contract import series_index

            rows = series_index(series, len(p), len(self.scales_))
            scales = self.scales_[rows]
            floors = None if self.floors_ is None else self.floors_[rows]
            nonneg = None if self.nonneg_ is None else self.nonneg_[rows]
            flat = None if self.flat_ is None else self.flat_[rows]
        s = np.asarray(scales, dtype=np.float64).reshape(len(p), 1, -1)  # (B, 1, F)
        fl = np.zeros_like(s) if floors is None else np.asarray(floors, dtype=np.float64).reshape(s.shape)
        rel = np.broadcast_to(fl > 0, p.shape)  # relative series: the band is multiplicative
        pos = np.zeros(p.shape, bool) if nonneg is None else np.broadcast_to(
            np.asarray(nonneg, dtype=bool).reshape(s.shape), p.shape)
        # a series that never varied, forecast as that constant: no error of it was ever seen, and
        # the pooled ones at its fallback scale (|mean|, or 1) gave a series at 3 a band of 0..16.7
        still = None if flat is None else np.asarray(flat, dtype=np.float64).reshape(s.shape) == p  # (B, H, F)
        base = np.maximum(p, fl)  # a forecast below a relative series' floor: its errors were floored too
        out = {}
        for level in check_levels(self.levels if levels is None else levels):
            if level not in self.levels_:
                raise ValidationError(f"level {level:g} was not calibrated; give an integer level "
                                      f"1..99 or one of {', '.join(f'{v:g}' for v in self.levels)}")
            i = self.levels_.index(level)
            h = p.shape[1]
            qlo, qhi = self.lo_[i, :h] * s, self.hi_[i, :h] * s
            with np.errstate(over="ignore"):  # exp only where the band is relative (0 elsewhere)
                lo = np.where(rel, _capped(base * np.exp(np.where(rel, qlo, 0.0))), p + qlo)
                hi = np.where(rel, _capped(base * np.exp(np.where(rel, qhi, 0.0))), p + qhi)
            lo = np.where(pos, np.maximum(lo, 0.0), lo)  # a count never goes below 0
            # a band holds its own forecast: signed quantiles of one-signed errors (a trend, few
            # errors) put a 12-quarter series' lower bound above its forecast
            lo, hi = np.minimum(lo, p), np.maximum(hi, p)
            if still is not None and still.any():
                lo, hi = np.where(still, p, lo), np.where(still, p, hi)
            out[level] = (lo, hi)
        return out

    def bands_of(self, point: np.ndarray, values: list, ids: list[str], levels,
                 other=()) -> tuple[dict, list[str]]:
        """bands around point forecasts (B, H, F) of the series `values` (B arrays) named `ids`:
        a calibrated id at its own scale, any other at scale_of the values given for it. `other`:
        calibrated ids whose values given are another series (not_continued: the same one in other
        units), forecast as a series never seen, so banded as one: the id's calibrated scale
        would size them in the training series' units (a 1000x series got 1000x too narrow bands).
        Returns ({level: (lo, hi)} each (B, H, F), the ids that were not calibrated)."""
        other = set(other)
        known = {sid: i for i, sid in enumerate(self.ids_ or []) if sid not in other}
        zero = np.zeros(self.scales_.shape[1])
        both = [(self.scales_[known[sid]], zero if self.floors_ is None else self.floors_[known[sid]])
                if sid in known else self.scale_of(v) for sid, v in zip(ids, values, strict=True)]
        scales = np.stack([sc for sc, _ in both])  # (B, F)
        floors = np.stack([fl for _, fl in both])  # (B, F): > 0 where a series' bands are relative
        # >= 0 as calibrated (a model saved before nonneg_: none), or as the values given show
        nonneg = np.stack([(zero > 0) if self.nonneg_ is None else self.nonneg_[known[sid]]
                           if sid in known else nonneg_of(v) for sid, v in zip(ids, values, strict=True)])
        # the constant a calibrated series held as calibrated (a model saved before flat_: none), or
        # that the values given hold
        nan = np.full(self.scales_.shape[1], np.nan)
        flat = np.stack([(nan if self.flat_ is None else self.flat_[known[sid]]) if sid in known else flat_of(v)
                         for sid, v in zip(ids, values, strict=True)])
        return (self.bands(point, levels=levels, scales=scales, floors=floors, nonneg=nonneg, flat=flat),
                [s for s in ids if s not in known])

    def covering(self, ids: list[str], values: list) -> Conformal:
        """A copy that also holds the scale, floor and sign of each series in `ids` (with its
        known part in `values`) that the calibration did not score (a series too short to hold a
        test part, forecast by the net or the fallback): at the scale of all its history, so a
        saved and loaded model, which keeps only each series' last values, scales its bands as
        the fitted one did (scale_of the values given made a 12-point series' 80% band 0.09 wide
        after load where it was 1.15). Self when every id is calibrated or none is named."""
        if self.ids_ is None or not hasattr(self, "scales_"):
            return self
        known = set(self.ids_)
        new = [(sid, v) for sid, v in zip(ids, values, strict=True) if sid not in known]
        if not new:
            return self
        import copy

        out = copy.copy(self)
        both = [self.scale_of(v) for _, v in new]
        out.scales_ = np.concatenate([self.scales_, np.stack([sc for sc, _ in both])])
        floors = np.stack([fl for _, fl in both])
        if self.floors_ is not None or (floors > 0).any():
            old = np.zeros_like(self.scales_) if self.floors_ is None else self.floors_
            out.floors_ = np.concatenate([old, floors])
        signs = np.stack([nonneg_of(v) for _, v in new])
        if self.nonneg_ is not None or signs.any():
            old = np.zeros(self.scales_.shape, bool) if self.nonneg_ is None else self.nonneg_
            out.nonneg_ = np.concatenate([old, signs])
        flat = np.stack([flat_of(v) for _, v in new])
        if self.flat_ is not None or np.isfinite(flat).any():
            old = np.full(self.scales_.shape, np.nan) if self.flat_ is None else self.flat_
            out.flat_ = np.concatenate([old, flat])
        out.ids_ = [*self.ids_, *(sid for sid, _ in new)]
        return out

    def to_dict(self) -> dict:
        """What model.json keeps (conformal_file.to_dict says what and since when)."""
        return conformal_file.to_dict(self)

    @classmethod
    def from_dict(cls, d: dict) -> Conformal:
        """The inverse of to_dict, checked (conformal_file.from_dict): ValueError if damaged."""
        return conformal_file.from_dict(cls, d)
