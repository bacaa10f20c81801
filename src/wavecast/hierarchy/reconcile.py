"""Forecasts made coherent: `reconcile` on predict()'s and backtest()'s frames (the projections
y~ = S P y^ themselves: projections.py; the method chosen on held-out forecasts: method_choice.py).
Pure NumPy and pandas."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import ValidationError
from .method_choice import choose
from .projections import METHODS, band_variances, coherent, projection
from .structure import Hierarchy


def _bottom_last(h: Hierarchy) -> None:
    """projection's bottom_up reads the bottom series as the last rows: so does every Hierarchy
    built here; one built by hand must keep it."""
    n, m = h.S.shape
    if not np.array_equal(h.S[n - m:], np.eye(m)) or h.ids[n - m:] != h.bottom:
        raise ValidationError("a Hierarchy lists its bottom series last, in the order of its bottom ids, "
                              "with S's last rows the identity")


def reconcile(forecasts: pd.DataFrame, hierarchy: Hierarchy, method: str | None = None,
              id: str | None = None, held_out=None, nonneg: bool | None = None) -> pd.DataFrame:
    """Coherent forecasts: predict()'s frame with each forecast column (the net's, and the
    baselines' if asked) replaced by S P of it at each time, so every aggregate equals the sum
    of its bottom series. Bands (lo-*, hi-*) move with the forecast, their widths kept: a
    projection of quantiles is no quantile of the coherent forecast (docs/hierarchy.md).
    hierarchy: a Hierarchy, or Darts' dict {series: [its parents]} (Hierarchy.from_parents).
    A wavecast.backtest in place of the frame: its forecasts frame with every forecaster's
    forecasts (and bands) made coherent at each cutoff, the actual values as they were.
    method="auto" with held_out= (what wavecast.fit returned, or a wavecast.backtest of the same
    panel): the method of CHOSEN_AMONG whose reconciled forecasts of held-out data score the
    lowest MASE (choose), said in a note; the frame's attrs["reconcile"] holds the choice and
    every score. The default: "auto" when held_out= is given, else "wls_struct".
    nonneg: whether the bottom series never go below 0; None (the default) as aggregate() saw
    their values (Hierarchy.nonneg; a hierarchy from_parents: not known, nothing clipped). Such
    a bottom series' reconciled forecast below 0 is clipped at 0 and every aggregate summed
    again from the bottom series (_floor_bottom), said in a note; the lower bounds of every
    series made only of such bottom series stop at 0, as the net's own bands do."""
    if isinstance(hierarchy, dict):  # Darts' form, {series: [its parents]}: what from_parents reads
        hierarchy = Hierarchy.from_parents(hierarchy)
    if _is_backtest(forecasts):
        return _reconcile_backtest(forecasts, hierarchy, method, held_out, nonneg)
    if not isinstance(forecasts, pd.DataFrame):
        raise ValidationError(f"reconcile takes predict()'s DataFrame or a wavecast.backtest "
                              f"(got {type(forecasts).__name__})")
    if not isinstance(hierarchy, Hierarchy):
        raise ValidationError("hierarchy= must be a wavecast Hierarchy (from wavecast.aggregate or "
                              "Hierarchy.from_parents) or a dict {series: [its parents]} "
                              f"(got {type(hierarchy).__name__})")
    _bottom_last(hierarchy)
    floor = _floor_of(hierarchy, nonneg)
    method = method or ("auto" if held_out is not None else "wls_struct")
    if method == "auto":  # chosen on the held-out forecasts; said, with every method's score there
        method, chosen = _auto(held_out, hierarchy)
        forecasts = forecasts.copy()
        forecasts.attrs["reconcile"] = chosen
    if method not in METHODS:  # said before the frame is read
        raise ValidationError(f"method must be one of {', '.join(map(repr, METHODS))} or 'auto' (got {method!r})")
    out, clipped = _reconcile_frame(forecasts, hierarchy, method, id, floor)
    _say_clipped(clipped, hierarchy)
    return out


def _reconcile_frame(forecasts: pd.DataFrame, hierarchy: Hierarchy, method: str, id: str | None,
                     floor: np.ndarray) -> tuple[pd.DataFrame, dict[str, float]]:
    """reconcile's work on predict()'s frame, the method known: the frame, and each bottom
    series clipped at 0 with its lowest reconciled value before the clip."""
    if "forecast" not in forecasts.columns:
        raise ValidationError("the frame has no 'forecast' column: pass what predict() returned")
    if "target" in forecasts.columns:
        raise ValidationError("reconcile takes forecasts of one target (the frame has a 'target' column): "
                              "reconcile each target's rows alone")
    id = id or _id_column(forecasts, hierarchy)
    if id not in forecasts.columns:
        raise ValidationError(f"id={id!r} is not a column of the frame")
    bands = [c for c in forecasts.columns if str(c).startswith(("lo-", "hi-"))]
    others = [c for c in forecasts.columns if c not in (id, "forecast", *bands)]
    numeric = [c for c in others if pd.api.types.is_float_dtype(forecasts[c])]  # the baselines' forecasts
    time = [c for c in others if c not in numeric]
    if len(time) != 1:
        raise ValidationError(f"cannot tell the time column among {time!r}: pass predict()'s frame as it is")
    time = time[0]
    ids = forecasts[id].astype(str)
    given = set(ids)
    unknown = sorted(given - set(hierarchy.ids))
    lacking = [k for k in hierarchy.ids if k not in given]
    if unknown or lacking:
        said = f"{len(lacking)} series of the hierarchy have no forecast ({', '.join(map(repr, lacking[:5]))})" \
            if lacking else f"series {', '.join(map(repr, unknown[:5]))} are not in the hierarchy"
        raise ValidationError(f"{said}: forecast every series of the hierarchy, and only those, then reconcile")
    order = pd.Index(hierarchy.ids)
    frame = forecasts.assign(**{id: ids})
    counts = frame.groupby(id, sort=False)[time].nunique()
    stamps = frame.groupby(time, sort=False)[id].nunique()
    if (stamps != len(order)).any() or (counts != counts.iloc[0]).any() or frame.duplicated([id, time]).any():
        raise ValidationError("every series must be forecast at the same times, once each: predict them together "
                              "with one horizon")
    out = forecasts.copy()
    at, _ = pd.factorize(frame[time])  # each row's time and series, as positions in (H, len(ids))
    of = order.get_indexer(ids)
    steps = at.max() + 1

    def wide(values: np.ndarray) -> np.ndarray:
        w = np.zeros((steps, len(order)))
        w[at, of] = values
        return w

    stops = (hierarchy.S[:, ~floor] == 0).all(axis=1)  # (len(ids),): made only of bottom series >= 0
    clipped: dict[str, float] = {}
    var = None
    if method == "wls_var":  # a projection a step: the variances grow with the lead
        if not bands:
            projection(hierarchy, method)  # says to forecast with bands
        lo = min((b for b in bands if b.startswith("lo-")), key=lambda b: float(b[3:]))  # the narrowest level
        var = wide(band_variances(forecasts[lo], forecasts["hi-" + lo[3:]])).T
    empty = [c for c in numeric if forecasts[c].isna().all()]  # a loaded model's baselines it could not fit
    if empty:
        _say_empty(empty)
    for col in ["forecast", *(c for c in numeric if c not in empty)]:
        values = forecasts[col].to_numpy(dtype=float)
        if not np.isfinite(values).all():
            bad = ids[~np.isfinite(values)].iloc[0]
            raise ValidationError(f"the {col!r} of series {bad!r} is not a finite number: reconciling it would "
                                  "spread it to every series it adds into")
        new = coherent(hierarchy, method, wide(values).T, var)
        new, low = _floor_bottom(hierarchy, new, floor)
        for k, v in low.items():
            clipped[k] = min(v, clipped.get(k, 0.0))
        new = new.T[at, of]
        if col == "forecast":
            for b in bands:  # moved with the forecast, widths kept
                moved = forecasts[b].to_numpy(dtype=float) + (new - values)
                # a series of bottom series that never go below 0 has its lower bounds stop at 0, as
                # the net's do (they hold its forecast, >= 0 here): its actual values cannot be below
                out[b] = np.where(stops[of], np.maximum(moved, 0.0), moved) if b.startswith("lo-") else moved
        out[col] = new
    return out, clipped


def _say_empty(empty: list[str]) -> None:
    """One note on columns left empty for every series (predict(h, baselines=True) of a loaded
    model leaves the baselines it cannot fit on the points it keeps empty, with its own note):
    nothing to reconcile, kept empty rather than refused as a value that is no number."""
    from ..api_words import warn_notes

    said = ", ".join(map(str, empty[:-1])) + " and " + str(empty[-1]) if len(empty) > 1 else str(empty[0])
    warn_notes([f"{said} empty for every series (a loaded model keeps too few points to fit "
                f"{'them' if len(empty) > 1 else 'it'}): kept empty, the other columns reconciled; "
                "predict(h, data=..., baselines=True) fills them"])


def _floor_of(h: Hierarchy, nonneg) -> np.ndarray:
    """(len(bottom),) bool: the bottom series whose reconciled forecasts are clipped at 0."""
    if nonneg is None:
        return np.array(h.nonneg, dtype=bool) if h.nonneg else np.zeros(len(h.bottom), dtype=bool)
    if not isinstance(nonneg, (bool, np.bool_)):
        raise ValidationError(f"nonneg= must be True (the bottom series never go below 0: clip their reconciled "
                              f"forecasts at 0), False (never clip) or None (as aggregate saw the data; got {nonneg!r})")
    return np.full(len(h.bottom), bool(nonneg))


def _floor_bottom(h: Hierarchy, y: np.ndarray, floor: np.ndarray) -> tuple[np.ndarray, dict[str, float]]:
    """Coherent forecasts y (len(ids), H) with each floor bottom series' values below 0 set to 0
    and every aggregate summed again from the bottom series: S y_bottom, bottom-up from the
    clipped bottom level. Clipping every series at 0 instead would break the sums (an aggregate
    would no longer equal its bottom series); a projection under the constraint y >= 0 (a
    non-negative least squares a step) would keep the method's weights but costs a solver and is
    no longer linear. The bottom series are where a value below 0 comes from (an aggregate of
    them is their sum), so only they are clipped, and their sums raised by what was clipped:
    each aggregate stays the sum of its bottom series, the one thing reconcile promises.
    Untouched (the same array) where no such value is below 0. -> (y, {bottom id: lowest value})."""
    m = len(h.bottom)
    bottom = y[len(y) - m:]
    low = floor[:, None] & (bottom < 0)
    if not low.any():
        return y, {}
    lows = {h.bottom[j]: float(bottom[j].min()) for j in np.flatnonzero(low.any(axis=1))}
    return h.S @ np.where(low, 0.0, bottom), lows


def _say_clipped(clipped: dict[str, float], h: Hierarchy) -> None:
    """One note on what _floor_bottom did, at the user's line."""
    if not clipped:
        return
    from ..api_words import warn_notes

    worst = min(clipped, key=clipped.__getitem__)
    warn_notes([f"the reconciled forecasts of {len(clipped)} bottom series that never go below 0 fell below 0 "
                f"(the lowest {clipped[worst]:.4g}, series {worst!r}): clipped at 0, and every aggregate summed "
                "again from the clipped bottom series (bottom-up from them), so every sum still holds; "
                "reconcile(..., nonneg=False) keeps the projection as it was"])


def _auto(held_out, hierarchy: Hierarchy) -> tuple[str, dict]:
    """auto's method (choose) and what attrs["reconcile"] says of it, said in a note at the user's line."""
    from ..api_words import warn_notes

    method, scores = choose(held_out, hierarchy)
    said = ", ".join(f"{k} {v:.4g}" for k, v in scores.items())
    warn_notes([f"reconciled by {method}: the lowest MASE on the held-out forecasts of the {len(hierarchy.ids)} "
                f"series ({said})"])
    return method, {"method": method, "held_out_mase": scores}


def _is_backtest(obj) -> bool:
    return isinstance(getattr(obj, "forecasts", None), pd.DataFrame) and hasattr(getattr(obj, "result", None),
                                                                               "forecasts")


def _reconcile_backtest(bt, hierarchy: Hierarchy, method: str | None, held_out, nonneg) -> pd.DataFrame:
    """bt.forecasts with each forecaster's column (and its bands, "<name>-lo-80") made coherent
    at each cutoff; the method chosen once (auto: on held_out, which may be bt itself)."""
    if not isinstance(hierarchy, Hierarchy):
        raise ValidationError("hierarchy= must be a wavecast Hierarchy (from wavecast.aggregate or "
                              "Hierarchy.from_parents) or a dict {series: [its parents]} "
                              f"(got {type(hierarchy).__name__})")
    _bottom_last(hierarchy)
    floor = _floor_of(hierarchy, nonneg)
    frame = bt.forecasts
    if "target" in frame.columns:
        raise ValidationError("reconcile takes forecasts of one target (the backtest has a 'target' column): "
                              "backtest each target's panel alone")
    method = method or ("auto" if held_out is not None else "wls_struct")
    chosen = None
    if method == "auto":
        method, chosen = _auto(held_out, hierarchy)
    cols = list(frame.columns)
    time = cols[cols.index("cutoff") + 1]  # the backtest's columns: [id,] cutoff, time, actual, forecasters...
    id = _id_column(frame, hierarchy)
    if method not in METHODS:
        raise ValidationError(f"method must be one of {', '.join(map(repr, METHODS))} or 'auto' (got {method!r})")
    out = frame.copy()
    clipped: dict[str, float] = {}
    for _, rows in frame.groupby("cutoff", sort=False):
        for name in bt.result.forecasts:
            bands = [c for c in cols if c.startswith((f"{name}-lo-", f"{name}-hi-"))]
            one = rows[[id, time, name, *bands]].rename(columns={name: "forecast",
                                                                 **{b: b[len(name) + 1:] for b in bands}})
            done, low = _reconcile_frame(one, hierarchy, method, id, floor)  # one note for every cutoff
            for k, v in low.items():
                clipped[k] = min(v, clipped.get(k, 0.0))
            out.loc[rows.index, [name, *bands]] = done[["forecast", *(b[len(name) + 1:] for b in bands)]].to_numpy()
    _say_clipped(clipped, hierarchy)
    if chosen:
        out.attrs["reconcile"] = chosen
    return out


def _id_column(forecasts: pd.DataFrame, h: Hierarchy) -> str:
    """The column of predict()'s frame that holds the hierarchy's ids: the one most of whose
    values are ids of it (the checks after say which series lack a forecast or are unknown)."""
    wanted = set(h.ids)
    best, share = None, 0.5
    for c in forecasts.columns:
        if c == "forecast" or pd.api.types.is_float_dtype(forecasts[c]):
            continue
        seen = set(forecasts[c].astype(str))
        if seen and len(seen & wanted) / len(seen) > share:
            best, share = c, len(seen & wanted) / len(seen)
    if best is None:
        raise ValidationError("no column of the frame holds the hierarchy's ids: pass predict()'s frame of "
                              "every series of the hierarchy, or name the column with id=")
    return best
