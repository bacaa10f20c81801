"""The last-value advice (net_checks.LAST_BEST) on a panel's pooled findings: a net's copy of the last
value of its example series, where no baseline beat the last value on that series, is no fault, as one
series alone is told; its flat line there too, where it copies the last value or scores as it does.
A panel kept "the net learned 'tomorrow = today' ... more epochs" there, a series run alone did not.
Judged on the example series, as walk_many judges the walk; how many of the series the finding lists
share it is said beside. Its no-better finding too, where the net copies the last value of that series
and scores worse: use the last value, as the copy is told, not "more epochs". NumPy only.
"""

from __future__ import annotations

import numpy as np

from .net_checks import COPY_LAST_BEST, FLAT_LAST_BEST, LAST_BEST, lagged_copy


def last_value_pooled(found: list[dict], at, ids: list, names: list[str], tols: np.ndarray,
                      baselines: list[str], last: np.ndarray | None = None, period: int = 1) -> list[dict]:
    """found: pool_diagnostics' pooled findings (walk_many's first: a walk's advice comes first);
    at: the rows forecast (series, truth, forecasts); tols (S,): each series' tolerance; last (B, F):
    each row's value before its origin, and period the season, for the no-better finding's copy (None:
    the no-better finding as it is)."""
    if "last value" not in at.forecasts:
        return found
    rows_of = np.asarray(at.series)
    truth = np.asarray(at.truth, dtype=np.float64)
    mse: dict = {}

    def scores(i: int) -> dict[str, float]:
        if i not in mse:
            rows = np.flatnonzero(rows_of == i)
            mse[i] = {k: float(np.nanmean((np.asarray(f, dtype=np.float64)[rows] - truth[rows]) ** 2))
                      for k, f in at.forecasts.items()}
        return mse[i]

    def unbeaten(sid) -> bool:
        i = ids.index(sid)
        s = scores(i)
        return not any(b in s and s[b] + float(tols[i]) < s["last value"] for b in baselines)

    def _copies(forecaster: str, i: int) -> bool:  # the lagged copy's last-value test on series i (lag 0)
        if last is None or forecaster not in at.forecasts:
            return False
        rows = np.flatnonzero(rows_of == i)
        f = lagged_copy(forecaster, np.asarray(at.forecasts[forecaster], dtype=np.float64)[rows], truth[rows],
                        np.asarray(last, dtype=np.float64)[rows], float(tols[i]), period=period)
        return f is not None and f.details.get("lag") == 0

    copies = {(d["forecaster"], ex.get("series")) for d in found if d["name"] == "lagged copy"
              for ex in [(d.get("details") or {}).get("example") or {}]
              if ex.get("lag") == 0 and "series" in ex and "random_walk" not in d["details"] and unbeaten(ex["series"])}
    out = []
    for d in found:
        details = d.get("details") or {}
        ex = details.get("example") or {}
        sid = ex.get("series")
        if "random_walk" in details or sid is None:
            out.append(d)
            continue
        if d["name"] == "lagged copy" and (d["forecaster"], sid) in copies:
            said = LAST_BEST
        elif d["name"] == "no better than a baseline" and unbeaten(sid) and _copies(d["forecaster"], ids.index(sid)):
            said = COPY_LAST_BEST
        elif (d["name"] == "flat line" and not ex.get("at_floor") and unbeaten(sid)
              and ((d["forecaster"], sid) in copies or _as_good(scores(ids.index(sid)), d["forecaster"],
                                                                 float(tols[ids.index(sid)])))):
            said = FLAT_LAST_BEST
        else:
            out.append(d)
            continue
        listed = [s for s in details.get("series", [sid]) if s in ids]
        share = sum(unbeaten(s) for s in listed)
        i = ids.index(sid)
        out.append({**d, "advice": _in_series(said, names[i], share, len(listed), int(np.sum(rows_of == i))),
                    "details": {**details, "last_value_best": True, "last_value_best_listed": [share, len(listed)]}})
    return out


def _as_good(s: dict[str, float], forecaster: str, tol: float) -> bool:
    return forecaster in s and s[forecaster] <= s["last value"] + tol


def _in_series(said: str, name: str, share: int, listed: int, n_origins: int) -> str:
    """LAST_BEST's words for the example series `name`, with how many of the `listed` series share it;
    over its n_origins > 1 (a panel backtest) without the one-draw sentence."""
    where = f"over its {n_origins:,} origins" if n_origins > 1 else "on its held-out end"
    also = f" ({share} of the {listed} series listed)" if listed > 1 else ""
    said = said.replace("no baseline beat the last value on this held-out end",
                        f"in series {name}{also}, no baseline beat the last value {where}", 1)
    said = said.replace("no fault here", "no fault there", 1)
    return said.split(" One held-out end")[0] if n_origins > 1 else said
