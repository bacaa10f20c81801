"""The random-walk advice (random_walk) on a panel's pooled findings: a net that copies the last
value of its example series, where that series moves like a random walk, is told so, as one
series alone is. EuStockMarkets' four indices in long form read "the net learned 'tomorrow =
today' ... more epochs" for DAX, whose run alone said the last value is the forecast to beat and
that more epochs will not help. NumPy only.
"""

from __future__ import annotations

import numpy as np

from .random_walk import WALK, walk_advice, walk_evidence


def walk_pooled(found: list[dict], series: list[np.ndarray], splits, at, ids: list, names: list[str],
                tols: np.ndarray, baselines: list[str], period: int) -> list[dict]:
    """found: diagnose_series' findings; the lagged copy whose example repeats the last value
    (lag 0), and the same net's "no better than a baseline" of the same example series, advised
    as a walk's where that series' training part and held-out scores show one (walk_evidence).
    at: the rows forecast (series, truth, forecasts); the others as pool_diagnostics has them."""
    copy = next((d for d in found if d["name"] == "lagged copy"
                 and (d.get("details", {}).get("example") or {}).get("lag") == 0), None)
    if copy is None:
        return found
    sid = copy["details"]["example"]["series"]
    i = ids.index(sid)
    rows = np.flatnonzero(np.asarray(at.series) == i)
    truth = np.asarray(at.truth, dtype=np.float64)[rows]
    scores = {b: {"mse": float(np.nanmean((np.asarray(at.forecasts[b], dtype=np.float64)[rows] - truth) ** 2))}
              for b in baselines if b in at.forecasts}
    ev = walk_evidence(series[i][: splits[i].train_end], period, scores, float(tols[i]))
    if ev is None:
        return found
    out = []
    for d in found:
        ex = d.get("details", {}).get("example") or {}
        same = d["forecaster"] == copy["forecaster"] and ex.get("series") == sid
        if same and d["name"] in ("lagged copy", "no better than a baseline"):
            said = walk_advice(ev, ex.get("baseline", "") if d["name"] != "lagged copy" else "")
            d = {**d, "advice": said.replace(WALK, f"series {names[i]} moves like a random walk", 1),
                 "details": {**d["details"], "random_walk": ev}}
        out.append(d)
    return out
