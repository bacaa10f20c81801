"""model.json's covariates section, written and read back: each series' covariate rows from its
kept tail on (future rows included), its static values, the schema and the future drivers'
training range (future_known), checked when read (any damage is one ModelFileError)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..data.dataset import Dataset
from ..data.known_summary import future_known
from ..errors import ModelFileError
from .modelcheck import _short


def covariate_meta(ds: Dataset, input_len: int) -> dict[str, Any]:
    """Each series' covariate rows from its kept tail's first value to its last row (future rows
    included; a missing past value after the end is null), its static values, and the schema."""
    cov = getattr(ds, "covariates", None)
    if cov is None:
        return {}
    rows = []
    for v, c in zip(ds.values, cov.values, strict=True):
        tail = c[len(v) - min(len(v), input_len):]
        rows.append([[None if not math.isfinite(x) else float(x) for x in r] for r in tail.tolist()])
    known = future_known(ds)  # the future drivers' training range: the tails alone are not it
    return {"covariates": {"schema": cov.schema(), "rows": rows, "static_values": cov.statics,
                           **({} if known is None else {"future_known": known})}}


def read_covariates(c: dict, ds: Dataset, folder):
    """model.json's covariate tails as data.covariates.Covariates aligned with ds's tails."""
    from ..data.covariates import Covariates

    try:
        sch = {k: tuple(str(x) for x in c["schema"][k]) for k in ("past", "future", "static", "calendar")}
        width = len(sch["past"]) + len(sch["future"]) + len(sch["calendar"])
        values = []
        for v, rows in zip(ds.values, c["rows"], strict=True):
            a = np.array([[np.nan if x is None else float(x) for x in r] for r in rows], dtype=np.float64)
            a = a.reshape(len(rows), width)
            if len(a) < len(v) or not np.isfinite(a[: len(v)]).all():
                raise ValueError("a series' covariate rows are fewer than its values or not finite")
            values.append(a)
        statics = [[x if isinstance(x, str) else float(x) for x in r] for r in c["static_values"]]
        if len(statics) != len(values) or any(len(r) != len(sch["static"]) for r in statics):
            raise ValueError("static values do not match the series or the static columns")
    except (TypeError, KeyError, ValueError) as exc:
        raise ModelFileError(f"{folder}: model.json covariates section is damaged ({exc})") from None
    last = [t[-1] if t is not None and len(t) else None for t in ds.times]
    return Covariates(sch["past"], sch["future"], sch["static"], sch["calendar"], values, statics, list(ds.ids),
                      ds.freq, last)


def read_future_known(known, ds: Dataset, folder) -> list[list[dict | None]]:
    """model.json's future_known (data.known_summary.known_summary of each series' future
    covariates) checked: one entry a series and future column, each null or a count, a least and
    a greatest value, and for a flag its values with their counts."""
    def one(k) -> dict | None:
        if k is None:
            return None
        n, lo, hi = int(k["n"]), float(k["lo"]), float(k["hi"])
        if n < 1 or not (math.isfinite(lo) and math.isfinite(hi) and lo <= hi):
            raise ValueError(f"a summary {_short(k)} has no points or no finite range")
        out = {"n": n, "lo": lo, "hi": hi}
        if "values" in k:
            values, counts = [float(x) for x in k["values"]], [int(c) for c in k["counts"]]
            if len(values) != len(counts) or sum(counts) != n:
                raise ValueError(f"a summary's counts {_short(k['counts'])} do not add up to its {n} points")
            out |= {"values": values, "counts": counts}
        return out

    width = len(ds.covariates.future)
    try:
        if not isinstance(known, list) or len(known) != len(ds.values):
            raise ValueError("future_known is not one entry a series")
        out = []
        for row in known:
            if not isinstance(row, list) or len(row) != width:
                raise ValueError(f"future_known holds {_short(row)}, not one entry a future covariate")
            out.append([one(k) for k in row])
    except (TypeError, KeyError, ValueError, OverflowError) as exc:
        raise ModelFileError(f"{folder}: model.json covariates section is damaged ({exc})") from None
    return out
