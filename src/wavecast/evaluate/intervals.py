"""Prediction intervals: calibrate conformal bands for a fitted forecaster, and score bands.

    conf = calibrate(forecaster, series, horizon, levels=(80, 95), period=12)  # forecasters.conformal
    interval_scores(point, conf.bands(point, series=idx), truth, scale)
    saved = held_out(conf, forecasts, truth, series)   # the model's bands for the future

Scores, per level, overall and by lead time: coverage (share of truths inside the band), mean
width, MSIS (the M4 interval score: width + 2/alpha times the miss, scaled by the in-sample
seasonal-naive MAE) and the pinball loss of the band's two quantiles (alpha/2 and
1 - alpha/2, scaled the same way). NaN truths (past a series' end) are left out.
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
from ..words import counted
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
    _set_scales(conf, known)
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
        _set_scales(add, known)
        add.fit_errors(scaled_errors(add, at.forecasts["f"], at.truth, at.series), skip)
        f, rows = at.forecasts["f"], at.series
        y = at.truth if skip is None else np.where(skip, np.nan, at.truth)  # scored on measured truths
        rel_msis = _msis(conf, f, y, rows, add.scales_)
        if _msis(add, f, y, rows, add.scales_) <= rel_msis:
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


def _msis(conf: Conformal, forecasts: np.ndarray, truth: np.ndarray, rows: np.ndarray,
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


def _set_scales(conf: Conformal, known: list[np.ndarray]) -> None:
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
            score = _msis(o, f[ok], y[ok], rows[ok], additive)
            if best is None or score < best:  # the first when none is finite
                out, best = o, score
        out.source = "held-out"
    elif ok.any() and hasattr(out, "lo_"):
        _stretch(out, scaled_errors(conf, f[ok], y[ok], rows[ok]))
    xs = [np.asarray(s, dtype=np.float64).reshape(len(s), -1) for s in series]
    _set_scales(out, xs)
    return out


# The most the held-out errors may widen in-sample bands (one series' few errors are noisy).
MAX_STRETCH = 3.0


def _stretch(conf: Conformal, err: np.ndarray) -> None:
    """Too few held-out series for quantiles of their own (one series: one origin): the in-sample
    bands, fitted on errors of a model that saw those points, widened by how much larger the
    held-out errors are, never narrowed. The factor: the median over the held-out (series, lead)
    of |error| over the in-sample 50% band's half-width at that lead (the median |error| of
    centred errors), capped at MAX_STRETCH. On eight 120-point monthly series fitted alone the
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
    k = float(np.clip(np.median(ratio), 1.0, MAX_STRETCH))
    if k > 1.0:
        conf.lo_, conf.hi_ = conf.lo_ * k, conf.hi_ * k
        conf.stretch_ = k


def seasonal_scale(train: np.ndarray, period: int) -> float:
    """MSIS's denominator: the in-sample seasonal-naive MAE (lag 1 when too short or 0)."""
    x = np.asarray(train, dtype=np.float64).reshape(len(train), -1)
    std = float(np.mean(np.std(x, axis=0))) if len(x) else 0.0
    for p in dict.fromkeys((max(int(period or 1), 1), 1)):
        if len(x) > p:
            s = float(np.mean(np.abs(x[p:] - x[:-p])))
            if s > 1e-9 * std:  # a pure sine repeats to 1e-15: MASE's fallback to lag 1
                return s
    return float(np.abs(x).mean()) or 1.0


def pinball(q: np.ndarray, y: np.ndarray, tau: float) -> np.ndarray:
    """Pinball (quantile) loss of the tau-quantile forecast q for truth y, elementwise."""
    d = y - q
    return np.maximum(tau * d, (tau - 1) * d)


def interval_scores(point: np.ndarray, bands: dict, truth: np.ndarray, scale) -> dict:
    """Score bands {level: (lo, hi)} each (B, H, F) around `point` against `truth` (B, H, F).

    scale: (B,) or (B, F) per row (each series' seasonal-naive MAE) for MSIS and pinball.
    Returns {level key: {coverage, width, msis, pinball, n, by_lead: {same: [H values]}}}.
    """
    y = np.asarray(truth, dtype=np.float64)
    p = np.asarray(point, dtype=np.float64)
    s = np.asarray(scale, dtype=np.float64).reshape(len(y), 1, -1)  # (B, 1, F or 1)
    ok = np.isfinite(y)
    out = {}
    with np.errstate(over="ignore", invalid="ignore"):  # bands near the float range: inf, then None
        for level, (lo, hi) in sorted(bands.items()):
            out[level_key(level)] = _level_scores(level, lo, hi, p, y, ok, s)
    return out


def _level_scores(level: float, lo: np.ndarray, hi: np.ndarray, p: np.ndarray, y: np.ndarray,
                  ok: np.ndarray, s: np.ndarray) -> dict:
    """interval_scores of one level's band."""
    if lo.shape != y.shape or hi.shape != y.shape or p.shape != y.shape:
        raise ValidationError(f"bands {lo.shape} / point {p.shape} do not match truth {y.shape}")
    alpha = 1 - level / 100
    yy = np.where(ok, y, 0.0)
    inside = ((yy >= lo) & (yy <= hi)).astype(np.float64)
    width = hi - lo
    miss = (2 / alpha) * (np.maximum(lo - yy, 0) + np.maximum(yy - hi, 0))
    msis = (width + miss) / s
    pin = (pinball(lo, yy, alpha / 2) + pinball(hi, yy, 1 - alpha / 2)) / (2 * s)
    row = {}
    by = {}
    for name, v in (("coverage", inside), ("width", width), ("msis", msis), ("pinball", pin)):
        row[name] = _mean(v, ok, None)
        by[name] = _mean(v, ok, (0, 2))
    row["n"] = int(ok.sum())
    row["rows"], row["coverage_se"] = _row_se(inside, ok)
    row["by_lead"] = by
    return row


def _row_se(inside: np.ndarray, ok: np.ndarray) -> tuple[int, float | None]:
    """(rows with a truth, the standard error of the coverage over them): each row (an origin
    of a series) is one unit, its leads' hits averaged (they share the row's errors: one bad
    origin misses at every lead), the spread of those row means over sqrt(rows) (the
    cluster-robust error); None under 2 rows."""
    n = ok.sum(axis=tuple(range(1, ok.ndim)))
    r = np.where(ok, inside, 0.0).sum(axis=tuple(range(1, ok.ndim)))[n > 0] / n[n > 0]
    if len(r) < 2:
        return int(len(r)), None
    return int(len(r)), float(np.std(r, ddof=1) / np.sqrt(len(r)))


def _mean(v: np.ndarray, ok: np.ndarray, axis):
    """Mean of v where ok, over `axis` (None: all); NaN where nothing is known (JSON null)."""
    n = ok.sum(axis=axis)
    tot = np.where(ok, v, 0.0).sum(axis=axis)
    m = np.divide(tot, n, out=np.full(np.shape(tot), np.nan), where=n > 0)
    if axis is None:
        return float(m) if np.isfinite(m) else None
    return [float(x) if np.isfinite(x) else None for x in m]


def calibrate_all(forecasters: dict, series: list[np.ndarray], ends, horizon: int, cfg_eval,
                  ids=None, period: int = 1, filled=None) -> tuple[dict[str, Conformal], list[str]]:
    """Conformal bands for every fitted forecaster (config eval.levels, interval_method,
    calibration_origins; period: the season, for the scales; filled: calibrate's, the values
    that were no measurement), and notes: {} and a note when no series has room or no level is
    set."""
    if not cfg_eval.levels:
        return {}, []
    # 0: derived, ~30,000 forecasts in all (M3 monthly's 1,428 series: 22 a series), at most 1,000
    # a series (one long series: a 95% band on its 25 largest errors of 1,000) and at least 3
    # (10,000 series cost 30,000 forecasts, not 200,000); a series' known part may hold fewer.
    n_origins = cfg_eval.calibration_origins or min(1000, max(3, -(-30000 // len(series))))
    out, notes = {}, []
    for name, f in forecasters.items():
        try:
            out[name] = calibrate(f, series, horizon, cfg_eval.levels, ends=ends, method=cfg_eval.interval_method,
                                  n_origins=n_origins, ids=ids, period=period, filled=filled)
        except ValidationError as exc:
            notes.append(f"no prediction intervals for {name}: {exc}")
    if out:
        c = next(iter(out.values()))
        notes.append(f"prediction intervals: conformal ({c.method} errors), from up to {counted(c.origins_used_, 'origin')} "
                     f"a series at the end of its known part ({counted(getattr(c, 'n_rows_', c.n_), 'forecast')} "
                     f"a forecaster; eval.calibration_origins allows {c.n_origins} a series)")
        name, v = next(iter(out.items()))
        if getattr(v, "skipped_", 0):  # every forecaster's errors at the same truths: said once, of the first's
            notes.append(f"intervals calibrated without the errors against filled values (--fill linear, "
                         f"--fill-missing-dates: {v.skipped_:,} of {name}'s {v.n_rows_ * horizon:,}, the other "
                         "forecasters' alike): "
                         "a line drawn between two measurements is easier to forecast than a measurement, and "
                         "bands sized on those errors were too narrow")
        short = [n for n, v in out.items() if getattr(v, "short_context_", False)]
        if short:
            notes.append(f"intervals of {', '.join(short)} calibrated on errors from histories shorter than its "
                         "input too (forecast by the seasonal-naive fallback there): too few origins had room for "
                         "its own forecast; lengthen the series or lower window.input_len")
        rel = [n for n, v in out.items() if v.floors_ is not None and (v.floors_ > 0).any()]
        over = [n for n, v in out.items() if getattr(v, "overflow_", False)]
        if over:
            notes.append(f"additive bands for {', '.join(over)}: relative (multiplicative) ones overflow the "
                         "float range on these series (exp of their log errors)")
        if rel:
            notes.append(f"relative (multiplicative) bands for positive series for {', '.join(rel)}: a lower "
                         "interval score on the calibration forecasts than additive ones")
        notes.extend(thin_notes(c, next(iter(out))))
    return out, notes


def thin_notes(conf: Conformal, name: str) -> list[str]:
    """Notes when conf's bands rest on few errors a lead: levels the errors cannot resolve
    (unresolved: widened to a normal band on their spread, forecasters.conformal), and, short
    of that, fewer than 5 errors beyond each end of the highest level's band (n < 200 at 95%):
    its ends are then a handful of errors, in-sample ones (the forecaster was fitted on them)
    unless held out."""
    n, levels = conf.n_, sorted(conf.levels)
    thin = [lv for lv in levels if unresolved(n, lv, conf.method)]
    if thin:
        need = next(k for k in range(n + 1, 10 ** 6) if not unresolved(k, max(thin), conf.method))
        said = " and ".join(f"{lv:g}%" for lv in thin)
        return [f"only {n} calibration error{'s' if n != 1 else ''} a lead for {name}: too few to tell its "
                f"{said} band{'s' if len(thin) > 1 else ''} from the widest error seen, so each is at least a "
                f"normal band on the errors' spread (a calibrated {max(thin):g}% band needs {need}); read them "
                "as rough: lengthen the series or lower the level"]
    top = max(levels)
    tail = n * (1 - top / 100) / 2
    if tail < 5:
        how = "held out of its fitting" if conf.source == "held-out" else \
            "in-sample: the forecaster was fitted on these points, so its errors on new data may be larger"
        return [f"the intervals of {name} rest on {n} calibration errors a lead ({how}): the {top:g}% band's "
                f"ends on about {max(tail, 0):.1f} errors each; read them as rough (more or longer series give "
                "more)"]
    return []


def score_all(forecasts: dict, truth: np.ndarray, rows: np.ndarray, intervals: dict[str, Conformal],
              levels, scales: np.ndarray) -> dict[str, dict]:
    """{name: interval_scores} of each forecaster's bands around its forecasts (B, H, F) of the
    calibrated series rows (B,); scales (S,) each series' seasonal-naive MAE."""
    out = {}
    for name, point in forecasts.items():
        conf = intervals.get(name)
        if conf is None or not levels:
            continue
        bands = conf.bands(point, series=rows, levels=levels)
        out[name] = interval_scores(point, bands, truth, np.asarray(scales)[rows])
    return out


UNDER_COVER = "intervals under-cover the test"  # coverage_notes' note begins so


def without_coverage_notes(notes: list[str]) -> list[str]:
    """notes less the under-coverage note: a backtest's scores replace the run's held-out end's,
    whose note said other figures beside the backtest's table (fpp3 us_employment, 40 series x 4
    origins: 'mean 80%: 61.4%' and then 'mean 80%: 61.6%', the table's)."""
    return [n for n in notes if not n.startswith(UNDER_COVER)]


def coverage_notes(scores: dict[str, dict], horizon: int, exact: set[str] = frozenset()) -> list[str]:
    """One note naming the bands that covered clearly less of the test than their level: below
    p - 2 se, se the coverage's standard error over its rows (origins x series: a forecast's
    leads share its errors, so a row is one unit; the spread of the rows' own coverages,
    _row_se), at least the binomial sqrt(p (1 - p) / n) of n independent forecasts. 2 se: a
    band that covers p misses the bar by chance about 1 time in 40 (one-sided normal), a note's
    risk; the former bar, 3 binomial se of one trial a row, was 0.42 for an 80% band on 10
    origins of 48 hours, so a 67.7% coverage said nothing. Scores without a standard error
    (older metrics): that bar. Said only from 10 rows up, never of the forecasters in `exact`
    (errors within the run's tolerance: rounding)."""
    low = []
    for name, by_level in scores.items():
        for key, s in by_level.items():
            p, cov = float(key) / 100, s["coverage"]
            rows, se = s.get("rows"), s.get("coverage_se")
            if se is None or not rows:
                rows = s["n"] / horizon
                bar = p - 3 * np.sqrt(p * (1 - p) / max(rows, 1))
            else:
                bar = p - 2 * max(se, np.sqrt(p * (1 - p) / max(s["n"], 1)))
            if cov is not None and cov < bar and rows >= 10 and name not in exact:
                low.append(f"{name} {key}%: {100 * cov:.1f}%")
    if not low:
        return []
    return [f"{UNDER_COVER} ({'; '.join(low)}; each over 2 standard errors below its "
            "level): errors there "
            "are larger than on the known part they were calibrated on (an in-sample fit, a trend, a change "
            "of level or noise)"]


def attach(metrics: dict, scores: dict[str, dict], intervals: dict[str, Conformal], n_series: int) -> None:
    """Put each forecaster's interval scores under metrics["forecasters"][name]["intervals"] and
    how they were made under metrics["intervals"]; under-covering bands noted in metrics["notes"]."""
    for name, s in scores.items():
        if name in metrics["forecasters"]:
            metrics["forecasters"][name]["intervals"] = s
    tol = (metrics.get("tolerance") or {}).get("mse")
    exact = {n for n, m in metrics["forecasters"].items() if tol is not None and m.get("mse", np.inf) <= tol}
    metrics.setdefault("notes", []).extend(coverage_notes(scores, metrics.get("horizon", 1), exact))
    if intervals:
        c = next(iter(intervals.values()))
        metrics["intervals"] = {
            "method": f"conformal, {c.method} errors", "levels": list(c.levels), "n_series": n_series,
            "calibration_origins": c.origins_used_ or c.n_origins, "calibration_origins_allowed": c.n_origins,
            "n_errors": {k: v.n_ for k, v in intervals.items()},
            "how": "per lead time, from rolling origins at the end of each series' known part (before "
                   "the test), errors scale-free (relative, log(y) - log(f), for positive series; each "
                   "divided by the series' seasonal-naive MAE, of log values for relative ones); scored "
                   "pooled over every series; MSIS and pinball scaled by the in-sample seasonal-naive MAE",
        }


def attach_saved(metrics: dict, saved: dict[str, Conformal]) -> list[str]:
    """Say in metrics["intervals"]["saved"] where the saved model's bands' errors came from;
    returns the note that says it (added to metrics["notes"] too), [] when nothing was saved."""
    if not saved or "intervals" not in metrics:
        return []
    c = next(iter(saved.values()))
    relative = c.floors_ is not None and bool((c.floors_ > 0).any())
    metrics["intervals"]["saved"] = {
        "source": c.source, "n_errors": c.n_, "relative": relative,
        "how": ("quantiles of the held-out test part's errors (one origin a series, the model never saw "
                "it), scales from all the data" if c.source == "held-out" else
                "the quantiles above (too few series for held-out ones), scales from all the data")}
    k = getattr(c, "stretch_", None)
    if c.source != "held-out" and k:
        metrics["intervals"]["saved"]["stretch"] = k
        times = f"{k:.2f}x" if round(k, 2) != 1 else f"{k:.4f}x"  # 1.004 was said "widened 1.00x"
        metrics["intervals"]["saved"]["how"] += f", widened {times} by the test part's larger errors"
        note = (f"the saved model's intervals are the in-sample bands above widened {times}: on the test part, "
                "which the scored model never saw, its errors were that much larger than in sample")
        metrics.setdefault("notes", []).append(note)
        return [note]
    if c.source != "held-out":
        return []
    note = (f"the saved model's intervals take their quantiles from the test part's errors ({c.n_} series, "
            "held out: calibrated out of sample), " + ("relative (multiplicative) for positive series"
                                                     if relative else "additive") +
            " as they scored better there; the interval scores above are of the bands calibrated before it")
    metrics.setdefault("notes", []).append(note)
    return [note]
