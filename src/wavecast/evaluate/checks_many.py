"""Which series each forecast check (lagged copy, flat line, no better, diverging) fires in, for
every series at once; diagnose_many runs the checks themselves (diagnostics) only where this
cannot say for sure. NumPy only.

Each check's comparisons are taken of all series' figures together (series of one number of
rows stacked). Their last bits may differ from one series' own (another order of summation),
so a comparison whose two sides are within SURE of each other (or NaN, or infinite) is left
unsure, and the series is judged by the per-series code: the findings are the same, bit for bit.
"""

from __future__ import annotations

import numpy as np

from .net_checks import DIVERGE_VS_LAST
from .shift_bar import shift_bar

SURE = 1e-9  # relative gap between a comparison's sides taken as sure (the figures differ by ~1e-16)
CHECKS = ("lagged copy", "flat line", "no better than a baseline", "diverging rollout")


class Tri:
    """Booleans with an unsure mask: the answers of comparisons too close to call."""

    def __init__(self, value: np.ndarray, unsure: np.ndarray) -> None:
        self.value, self.unsure = value, unsure

    def __and__(self, o: Tri) -> Tri:  # unsure only where the other side does not settle it
        v = self.value & o.value
        return Tri(v, (self.unsure & (o.value | o.unsure)) | (o.unsure & (self.value | self.unsure)))

    def __or__(self, o: Tri) -> Tri:
        v = self.value | o.value
        return Tri(v, (self.unsure & ~(o.value & ~o.unsure)) | (o.unsure & ~(self.value & ~self.unsure)))

    def __invert__(self) -> Tri:
        return Tri(~self.value, self.unsure)


def _cmp(a: np.ndarray, b: np.ndarray, op) -> Tri:
    a, b = np.broadcast_arrays(np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64))
    with np.errstate(invalid="ignore", over="ignore"):
        sure = np.abs(a - b) > SURE * (np.abs(a) + np.abs(b))
        return Tri(op(a, b), ~(sure & np.isfinite(a) & np.isfinite(b)))


def _exact(v: np.ndarray) -> Tri:
    return Tri(np.asarray(v, bool), np.zeros(np.shape(v), bool))


def _mse(d: np.ndarray) -> np.ndarray:
    """(G,) mean square of each (G, ...) block: metrics.mse of one series' rows."""
    with np.errstate(over="ignore", invalid="ignore"):
        return np.mean((d ** 2).reshape(len(d), -1), axis=1)


def fires(forecasts: dict[str, np.ndarray], truth: np.ndarray, last: np.ndarray, err: dict[str, np.ndarray],
          sel: np.ndarray, tols: np.ndarray, baselines: list[str], threshold: float | None,
          period: int) -> dict[tuple[str, str], Tri]:
    """{(check, forecaster): Tri (G,)} for the G series whose rows are sel (G, r) (r rows each):
    does diagnose_many's check fire in that series (net_checks.lagged_copy, flat_line, no_better_than_baseline,
    diverging_rollout with its divergence_horizon), and where it is unsure. err {name: (B, H)}
    the mean square error of each row and lead; tols (G,)."""
    t = truth[sel].astype(np.float64)  # (G, r, H, F)
    g, h = len(sel), t.shape[2]
    tol = tols[:, None]
    with np.errstate(over="ignore", invalid="ignore"):
        by_lead = {k: e[sel].mean(axis=1) for k, e in err.items()}  # (G, H)
        mse = {k: b.mean(axis=1) for k, b in by_lead.items()}  # (G,): the scores
    zero = (t == 0).reshape(g, -1).mean(axis=1) > 0.5  # intermittent truth: exact (a count over n)
    rep = np.broadcast_to(last[sel].astype(np.float64)[:, :, None, :], t.shape)
    lags = range(1, min(5, h // 2, period - 1 if period > 1 else 5) + 1)
    out = {}
    for name, pred in forecasts.items():
        if name in baselines:
            continue
        p = np.asarray(pred, dtype=np.float64)[sel]
        # lagged copy: a shift matches better, or the last value repeated
        err0 = _mse(p - t)
        shift = _exact(np.zeros(g, bool))
        for k in lags:  # the bar of r x (H - k) x F points (a NaN truth leaves the comparison unsure)
            bar = shift_bar(sel.shape[1] * (h - k) * t.shape[3], len(lags))
            shift = shift | _cmp(_mse(p[:, :, k:] - t[:, :, :-k]), bar * _mse(p[:, :, :-k] - t[:, :, :-k]), np.less)
        lv_err, dist = _mse(rep - t), _mse(p - rep)
        copy = ~_cmp(err0, tols, np.less_equal) & ~_exact(zero) & (
            shift | (_cmp(lv_err, tols, np.greater) & _cmp(dist, 0.02 * lv_err, np.less_equal)))
        out[("lagged copy", name)] = copy
        # flat line: the forecast's variance along the horizon far below the truth's, and a
        # baseline that moves (net_checks.flat_line) as good or better
        with np.errstate(over="ignore", invalid="ignore"):
            var_p = np.var(p, axis=2).reshape(g, -1).mean(axis=1)
            var_t = np.var(t, axis=2).reshape(g, -1).mean(axis=1)
        others = [b for b in baselines if b in mse and b != name]
        mover_ahead = _exact(np.full(g, not others))
        for b in others:
            ahead = _cmp(mse[b], mse[name], np.less_equal)
            if b in forecasts:
                with np.errstate(over="ignore", invalid="ignore"):
                    var_b = np.var(np.asarray(forecasts[b], dtype=np.float64)[sel], axis=2).reshape(g, -1).mean(axis=1)
                ahead = ahead & _cmp(var_b, 0.1 * var_t, np.greater_equal)
            mover_ahead = mover_ahead | ahead
        flat = ~_exact(np.full(g, h < 3) | zero) & mover_ahead & ~_cmp(var_t, tols, np.less_equal) \
            & ~_cmp(var_p, 0.1 * var_t, np.greater_equal)
        out[("flat line", name)] = flat
        # no better than a baseline by more than the tolerance
        beaten = _exact(np.zeros(g, bool))
        for b in baselines:
            if b in mse:
                beaten = beaten | _cmp(mse[b] + tols, mse[name], np.less)
        out[("no better than a baseline", name)] = beaten
        out[("diverging rollout", name)] = _diverging(by_lead[name], by_lead.get("last value"), threshold, tol)
    return out


def _diverging(e: np.ndarray, ref: np.ndarray | None, threshold: float | None, tol: np.ndarray) -> Tri:
    """diverging_rollout with divergence_horizon's horizon, of (G, H) errors by lead."""
    g, h = e.shape
    if h < 4 or (threshold is None and ref is None):
        return _exact(np.zeros(g, bool))
    exceed = _cmp(e, threshold, np.greater) if threshold is not None else _cmp(e, ref + tol, np.greater)
    div = Tri(exceed.value.any(axis=1), exceed.unsure.any(axis=1) & ~(exceed.value & ~exceed.unsure).any(axis=1))
    q = max(1, h // 4)
    with np.errstate(over="ignore", invalid="ignore"):
        early, late = e[:, :q].mean(axis=1), e[:, -q:].mean(axis=1)
        grows = ~_cmp(late, 2 * early + tol[:, 0], np.less_equal)
        if ref is not None:
            grows = grows & ~_cmp(late, DIVERGE_VS_LAST * ref[:, -q:].mean(axis=1) + tol[:, 0], np.less_equal)
    return div & grows
