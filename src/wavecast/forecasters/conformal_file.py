"""Conformal bands (forecasters.conformal.Conformal) as model.json keeps them, and read back
checked: finite quantiles, shapes that agree, nested bands, and the keys older files lack given
the values their bands were made with. A model file is input wavecast did not write itself
until it is checked, so the checks are a job of their own; Conformal.to_dict and from_dict
call these."""

from __future__ import annotations

import numpy as np

from ..errors import ValidationError


def to_dict(conf) -> dict:
    """What model.json keeps: method, levels, per-lead quantiles, per-series scales (and ids);
    since issue 16's MSIS work also period, relative, floors and source (older files lack
    them: additive bands, naive scales, as they were made); flat (null where a series varied)
    since constant series' bands are their constant (older files: none known, predict judges
    the values given)."""
    return {"method": conf.method, "levels": list(conf.levels), "n_origins": conf.n_origins,
            "stride": conf.stride, "n_errors": conf.n_, "grid": list(conf.levels_),
            "lo": conf.lo_.tolist(), "hi": conf.hi_.tolist(), "scales": conf.scales_.tolist(),
            "ids": None if conf.ids_ is None else list(conf.ids_),
            "period": conf.period, "relative": conf.relative, "source": conf.source,
            "floors": None if conf.floors_ is None else conf.floors_.tolist(),
            "nonneg": None if conf.nonneg_ is None else conf.nonneg_.tolist(),
            "origins_used": int(conf.origins_used_),
            "flat": None if conf.flat_ is None else [[v if np.isfinite(v) else None for v in row]
                                                     for row in conf.flat_.tolist()]}


def from_dict(cls, d: dict):
    """The inverse of to_dict as a cls (Conformal), checked: finite, shapes agree, bands nested.
    ValueError if not."""
    try:
        c = cls(d["levels"], d["method"], int(d["n_origins"]), int(d["stride"]))
        grid = tuple(float(v) for v in d["grid"])
        lo, hi = np.asarray(d["lo"], dtype=np.float64), np.asarray(d["hi"], dtype=np.float64)
        scales = np.asarray(d["scales"], dtype=np.float64)
    except (KeyError, TypeError, ValidationError) as exc:
        raise ValueError(f"intervals: {exc}") from None
    if lo.ndim != 3 or lo.shape != hi.shape or lo.shape[0] != len(grid) or scales.ndim != 2 \
            or scales.shape[1] != lo.shape[2]:
        raise ValueError(f"intervals: shapes do not agree (lo {lo.shape}, hi {hi.shape}, "
                         f"{len(grid)} levels, scales {scales.shape})")
    if not (np.isfinite(lo).all() and np.isfinite(hi).all() and np.isfinite(scales).all()) \
            or (scales <= 0).any():
        raise ValueError("intervals: non-finite quantiles or non-positive scales")
    if (hi < lo).any() or list(grid) != sorted(grid) or not set(c.levels) <= set(grid):
        raise ValueError("intervals: crossing quantiles or levels out of order")
    ids = d.get("ids")
    if ids is not None and len(ids) != len(scales):
        raise ValueError(f"intervals: {len(ids)} ids for {len(scales)} series scales")
    try:
        floors = None if d.get("floors") is None else np.asarray(d["floors"], dtype=np.float64)
        c.period, c.relative = int(d.get("period", 1)), bool(d.get("relative", False))
        c.source = str(d.get("source", "in-sample"))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"intervals: {exc}") from None
    if floors is not None and (floors.shape != scales.shape or not np.isfinite(floors).all()
                               or (floors < 0).any()):
        raise ValueError(f"intervals: floors {floors.shape} must be finite, >= 0 and shaped like the "
                         f"scales {scales.shape}")
    if c.period < 1:
        raise ValueError(f"intervals: period {c.period} must be >= 1")
    c.floors_ = floors
    try:  # older files lack both: no band stops at 0; origins used unknown (0)
        nonneg = None if d.get("nonneg") is None else np.asarray(d["nonneg"], dtype=bool)
        c.origins_used_ = int(d.get("origins_used", 0))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"intervals: {exc}") from None
    if nonneg is not None and nonneg.shape != scales.shape:
        raise ValueError(f"intervals: nonneg {nonneg.shape} must be shaped like the scales {scales.shape}")
    c.nonneg_ = nonneg
    try:  # older files lack it: no series known to be constant (null: a series that varied)
        flat = None if d.get("flat") is None else np.array(d["flat"], dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"intervals: {exc}") from None
    if flat is not None and (flat.shape != scales.shape or np.isinf(flat).any()):
        raise ValueError(f"intervals: flat {flat.shape} must be finite or null and shaped like the scales "
                         f"{scales.shape}")
    c.flat_ = flat
    c.levels_, c.lo_, c.hi_, c.scales_, c.n_ = grid, lo, hi, scales, int(d.get("n_errors", 0))
    c.ids_ = None if ids is None else [str(i) for i in ids]
    return c
