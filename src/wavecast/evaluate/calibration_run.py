"""A run's prediction intervals: conformal bands calibrated for every fitted forecaster with the
run's settings (eval.levels, interval_method, calibration_origins), and the notes that say how
they were made and where they rest on few errors."""

from __future__ import annotations

import numpy as np

from ..errors import ValidationError
from ..forecasters.conformal import Conformal
from ..forecasters.conformal_quantile import unresolved
from ..words import counted
from .calibration import calibrate


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
