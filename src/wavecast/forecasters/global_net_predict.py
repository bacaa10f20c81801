"""The global net's forecasts (GlobalNetForecaster, forecasters/global_net.py): each row of data
given by its series' transform and scale (or its own, for a series fit never saw), the median of
the members' forecasts, the two views' weighted mean; a constant row forecast as that constant,
a short one by the named fallback, and forecasts clipped at 0 where the series never went below.
"""

from __future__ import annotations

import warnings

import numpy as np
import torch

from ..errors import NotFittedError, ValidationError
from ..transforms import SeriesTransform, smoothing_weights, window_level
from ..transforms.rows import inverse_rows, transform_rows
from .covariates import season_beside
from .fallback import fallback_words, seasonal_naive
from .global_net_adopt import global_scale
from .global_net_inputs import check_series, row_inputs, scaled, series_transform
from .net_windows import SCALE_SPREAD, _windows, drift_path, series_scales
from .series_tails import clip_nonnegative


def predict(model, contexts: list[np.ndarray], horizon: int) -> np.ndarray:
    """`GlobalNetForecaster.predict`: the checks and the fallback's warning, then `forecast_rows`."""
    if not hasattr(model, "nets_"):
        raise NotFittedError("GlobalNetForecaster: call fit(series, horizon, season) before predict")
    contexts = check_series(contexts)
    if len(contexts) != len(model.transforms_):
        raise ValidationError(f"predict got {len(contexts)} contexts for "
                              f"{len(model.transforms_)} fitted series; pass one per series")
    if not 1 <= horizon <= model.horizon_:
        raise ValidationError(f"horizon must be 1..{model.horizon_} (the fitted horizon), got {horizon}")
    L = model.resolved_["input_len"]
    short = [len(c) for c in contexts if len(c) < L and np.ptp(c) > 0]
    if short:  # the one fallback each gets: seasonal naive, or its last value when shorter than a season
        how = " or ".join({fallback_words(n, model.season_): None for n in short})
        how = f"{how[:-1]}; the named fallback)" if how.endswith(")") else f"{how} (the named fallback)"
        warnings.warn(f"{len(short)} series shorter than input_len={L}: forecast by {how}", stacklevel=3)
    index = np.arange(len(contexts))
    return forecast_rows(model, contexts, index, np.zeros(len(contexts), dtype=np.int64), horizon)


def forecast_rows(model, rows: list[np.ndarray], index: np.ndarray, starts: np.ndarray,
                  horizon: int, covariates=None) -> np.ndarray:
    """`GlobalNetForecaster.forecast_rows`: (B, horizon) forecasts after each row."""
    s, L = model.resolved_, model.resolved_["input_len"]
    out = np.empty((len(rows), horizon))
    flat = set(constant_rows(rows)) if model.covariates_ is None else set()
    varied = getattr(model, "varied_", None)  # None: a file saved before it, a row is judged alone
    if varied is not None:  # a fitted series' tail (starts > 0: a loaded model's) is judged with its history
        flat = {b for b in flat if not (index[b] >= 0 and starts[b] > 0 and varied[index[b]])}
    for b in flat:  # a constant history: its forecast is that constant, exactly
        out[b] = rows[b][-1]
    ok = [b for b, r in enumerate(rows) if len(r) >= L and b not in flat]
    for b in (b for b, r in enumerate(rows) if len(r) < L and b not in flat):  # the named fallback
        out[b] = seasonal_naive(rows[b], horizon, model.season_) if len(rows[b]) else np.nan
    if not ok:
        return clip_nonnegative(out, rows, nonneg(model, index))
    tr = {b: model.transforms_[index[b]] if index[b] >= 0 else unseen_transform(model, s, rows[b], covariates, b)
          for b in ok}
    tails = [tail(model, rows[b], int(starts[b]), index[b] >= 0) for b in ok]  # (row's tail, its start)
    zrows = dict(zip(ok, transform_rows([tr[b] for b in ok], [r for r, _ in tails], [st for _, st in tails]),
                     strict=True))  # all rows at once (transforms.rows), each by its own transform
    scales = np.asarray(model.scale_, dtype=np.float64).reshape(-1)
    # each row by its series' scale; a series never seen by the median one where it is logged
    # (log units are alike across series), else by its own: a scale in another series' units
    # made a series 1000x smaller read as flat and the net's moves land in the other's units
    sc = np.array([scales[index[b]] if index[b] >= 0 else np.median(scales) if tr[b].log_.on_
                   else own_scale(model, tr[b], rows[b], zrows[b], float(np.median(scales))) for b in ok])  # (B,)
    if model.covariates_ is None:
        z = member_median(model, zrows, ok, sc, index)  # (B, H)
    else:  # one input length, no drift (fit refuses the others with covariates)
        x = np.stack([zrows[b][-L:] for b in ok])  # (B, L)
        lvl = window_level(x, s["level"])  # (B, 1)
        xt = row_inputs(model, x - lvl, sc, rows, ok, index, starts, covariates, horizon, lvl)
        with torch.no_grad():
            f = np.stack([net(xt).double().numpy() for net in model.nets_])  # (K, B, H)
        z = np.median(f, axis=0) * sc[:, None] + lvl  # (B, H)
    out[ok] = inverse_rows([tr[b] for b in ok], z[:, :horizon], [int(starts[b]) + len(rows[b]) for b in ok])
    if getattr(model, "raw_", None) is not None:  # the weighted mean of the two views
        w = np.full((len(rows), 1), 0.5)  # rows the nets do not forecast: the views agree
        for b in ok:
            w[b] = 0.5 if tr[b].season_.on_ else s.get("log_weight", 0.5)
        out = w * out + (1 - w) * model.raw_.forecast_rows(rows, index, starts, horizon, covariates)
    return clip_nonnegative(out, rows, nonneg(model, index))


def unseen_transform(model, s: dict, row: np.ndarray, covariates, b: int):
    """The transforms of a series fit never saw, fitted on its row as fit fits a series':
    beside covariates its season is read from what they leave unexplained (season_beside),
    as it is for every fitted series (with `own_scale`'s divisor, a series renamed is
    forecast as under its own id, bit for bit: tests/test_unseen_driven.py)."""
    t = series_transform(s, model.season_).fit(row)
    if model.covariates_ is None or covariates is None:
        return t
    k = len(model.covariates_.schema_["past"]) + len(model.covariates_.schema_["future"])
    return season_beside(t, row, covariates.values[b][:, :k])


def tail(model, row: np.ndarray, start: int, seen: bool) -> tuple[np.ndarray, int]:
    """(the part of a row to transform, its position in its series): the row (from position
    `start` of its series), or only its last points that a net reads (the longest input
    length) where nothing else reads the rest: a series `fit` saw, a level other than
    "smooth" of a file saved without its weights (whose weight is then taken from the whole
    history). The
    transforms act point by point, so the tail is the whole row's tail, bit for bit; a whole
    history a row (conformal calibration: 1,000 rows of a 50,000-point series) held 400 MB
    a view, twice with log="both"."""
    need = max([model.resolved_["input_len"], *getattr(model, "input_lens_", [])])
    if not seen or (model.resolved_["level"] == "smooth" and getattr(model, "smoothing_", None) is None) \
            or len(row) <= need:
        return row, start
    cut = len(row) - need
    return row[cut:], start + cut


def row_smoothing(model, zrows: dict, ok: list[int], index: np.ndarray) -> np.ndarray:
    """Each row's smoothing weight (level "smooth"): a fitted series' own, as fit chose it on its
    training part; a series never seen (or a file saved without the weights) from its row."""
    fitted = getattr(model, "smoothing_", None)
    own = [b for b in ok if fitted is None or index[b] < 0]
    mine = dict(zip(own, smoothing_weights([zrows[b] for b in own]), strict=True)) if own else {}
    return np.array([mine[b] if b in mine else fitted[index[b]] for b in ok], dtype=np.float64)


def nonneg(model, index: np.ndarray) -> list[bool | None]:
    """Each row's fitted series had no negative value (None: never seen, or a file written
    before this was kept): a loaded model holds only the last values, and must clip as the
    fitted one did."""
    tails = getattr(model, "tails_", None) or []
    return [tails[i].get("nonneg") if 0 <= i < len(tails) else None for i in np.asarray(index).tolist()]


def own_scale(model, tr: SeriesTransform, row: np.ndarray, z: np.ndarray, fallback: float) -> float:
    """The scale fit gives a series (`series_scales`) from a row of data given alone: "global",
    the mean |target| of its own level-normalised windows; fallback where it has no window."""
    s = model.resolved_
    if s["scale"] != "global":
        return float(series_scales([tr], [row], model.season_, np.zeros(0), s["scale"])[0])
    _, y, _ = _windows([z], s["input_len"], model.horizon_, s["level"], s.get("drift", 0.0), True,
                       smoothing_weights([z]) if s["level"] == "smooth" else None)
    size = float(np.nanmean(np.abs(y))) if np.isfinite(y).any() else 0.0
    if size > 0 and model.covariates_ is not None:
        # the divisor fit gives a series (spread_scales): the global one unless the row is over
        # SCALE_SPREAD times off it. The nets learnt each driver's effect in those units; read
        # at its own size (0.79x the global here) a new series driven by a future price was
        # forecast 20.7 off on average where the same series known by its id was 0.9 off.
        return float(np.clip(global_scale(model), size / SCALE_SPREAD, size * SCALE_SPREAD))
    return size if size > 0 else fallback


def member_median(model, zrows: dict, ok: list[int], sc: np.ndarray, index: np.ndarray) -> np.ndarray:
    """The median over the nets of their forecasts (B, H) in transformed units; a row
    shorter than a member's input length, or of a fitted series a member never learnt
    (`net_series_`), is left out of that member's vote."""
    s = model.resolved_
    lens = model.input_lens_
    by_len: dict[int, list] = {}
    knows = getattr(model, "net_series_", None) or [None] * len(model.nets_)
    for net, Lk, known in zip(model.nets_, lens, knows, strict=True):
        by_len.setdefault(Lk, []).append((net, known))
    f = np.full((len(model.nets_), len(ok), model.horizon_), np.nan)  # (K, B, H)
    sm = row_smoothing(model, zrows, ok, index) if s["level"] == "smooth" else None
    k = 0
    for Lk, nets in by_len.items():
        rows = [j for j, b in enumerate(ok) if len(zrows[b]) >= Lk]
        if rows:
            x = np.stack([zrows[ok[j]][-Lk:] for j in rows])  # (b, Lk)
            lvl = window_level(x, s["level"], None if sm is None else sm[rows])  # (b, 1)
            base = lvl + drift_path(x, model.horizon_, s.get("drift", 0.0))  # (b, H)
            xt = scaled(x - lvl, sc[rows])
            with torch.no_grad():
                for i, (net, known) in enumerate(nets):
                    f[k + i, rows] = net(xt).double().numpy() * sc[rows, None] + base
                    if known is not None:  # series never seen by fit: every member votes
                        idx = np.asarray(index)[[ok[j] for j in rows]]
                        f[k + i, np.asarray(rows)[(idx >= 0) & ~np.isin(idx, known)]] = np.nan
        k += len(nets)
    if len(f) == 1:
        return f[0]
    return np.nanmedian(f, axis=0)


def constant_rows(rows: list[np.ndarray]) -> list[int]:
    """The rows (1-D) that hold one value, none empty: np.ptp(row) == 0, rows of one length at once."""
    lens: dict[int, list[int]] = {}
    for b, r in enumerate(rows):
        if len(r):
            lens.setdefault(len(r), []).append(b)
    out = []
    for idx in lens.values():
        x = np.stack([np.asarray(rows[b]) for b in idx])  # (G, n)
        out += np.asarray(idx)[np.ptp(x, axis=1) == 0].tolist()
    return sorted(out)
