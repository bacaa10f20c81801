"""The random-walk advice (random_walk) on a panel's pooled findings: a net that copies the last
value of its example series, where that series moves like a random walk, is told so, as one
series alone is. EuStockMarkets' four indices in long form read "the net learned 'tomorrow =
today' ... more epochs" for DAX, whose run alone said the last value is the forecast to beat and
that more epochs will not help. A net behind a baseline on a walk it did not copy is told the same
(use the baseline; more epochs will not help), as one series alone is, and so is its flat line
(a walk's best forecast is flat: "train longer" is no remedy), and its diverging rollout. NumPy only.
"""

from __future__ import annotations

import numpy as np

from .random_walk import NO_REMEDY, WALK, walk_advice, walk_evidence


def walk_pooled(found: list[dict], series: list[np.ndarray], splits, at, ids: list, names: list[str],
                tols: np.ndarray, baselines: list[str], period: int) -> list[dict]:
    """found: diagnose_series' findings; the lagged copy whose example repeats the last value
    (lag 0), and every "no better than a baseline" (but a net's that follows the truth late: lag >= 1),
    advised as a walk's where its example series' training part and held-out scores show one
    (walk_evidence): copy or not, a walk's past changes hold nothing more training could learn. So is
    the flat line (but one held at the floor) and the diverging rollout, naming the baseline the same
    net's no-better finding of the same example series names (random_walk.on_random_walk).
    at: the rows forecast (series, truth, forecasts); the others as pool_diagnostics has them."""
    late = {d["forecaster"] for d in found if d["name"] == "lagged copy"
            and (d.get("details", {}).get("example") or {}).get("lag") != 0}
    beaten = {(d["forecaster"], ex.get("series")): ex.get("baseline", "") for d in found
              if d["name"] == "no better than a baseline" for ex in [d.get("details", {}).get("example") or {}]}
    evidence: dict = {}

    def walk_of(sid) -> dict | None:
        if sid not in evidence:
            i = ids.index(sid)
            rows = np.flatnonzero(np.asarray(at.series) == i)
            truth = np.asarray(at.truth, dtype=np.float64)[rows]
            scores = {b: {"mse": float(np.nanmean((np.asarray(at.forecasts[b], dtype=np.float64)[rows] - truth) ** 2))}
                      for b in baselines if b in at.forecasts}
            evidence[sid] = walk_evidence(series[i][: splits[i].train_end], period, scores, float(tols[i]))
        return evidence[sid]

    out = []
    for d in found:
        ex = d.get("details", {}).get("example") or {}
        copy = d["name"] == "lagged copy" and ex.get("lag") == 0
        no_better = d["name"] == "no better than a baseline" and d["forecaster"] not in late
        # a flat line (but one held at the floor) or a diverging rollout: "more epochs" is no remedy on a walk
        remedy = d["name"] in NO_REMEDY and d["forecaster"] not in late and not ex.get("at_floor")
        ev = walk_of(ex["series"]) if (copy or no_better or remedy) and "series" in ex else None
        if ev is not None:
            said = (walk_advice(ev, beaten.get((d["forecaster"], ex["series"]), ""), finding=d["name"]) if remedy
                    else walk_advice(ev, ex.get("baseline", "") if no_better else ""))
            d = {**d, "advice": said.replace(WALK, f"series {names[ids.index(ex['series'])]} moves like a random walk", 1),
                 "details": {**d["details"], "random_walk": ev}}
        out.append(d)
    return out
