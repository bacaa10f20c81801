"""The driver importance table of `wavecast run` (metrics["driver_importance"], driver_importance.py):
each driver's headline score with its values permuted, its change from the intact inputs and the
spread of that change over the permutations; "" where the run had no drivers."""

from __future__ import annotations


def importance_table(metrics: dict) -> str:
    """A caption, one row a driver (the largest change first) and a line on reading it; "" when
    metrics hold no driver importance."""
    d = metrics.get("driver_importance")
    if not d or not d.get("drivers"):
        return ""
    metric, k = d["metric"].upper(), d["permutations"]
    rows = d["drivers"]
    width = max(8, *(len(r["driver"]) + 2 for r in rows))
    head = (
        "driver".ljust(width)
        + "role".ljust(10)
        + metric.rjust(10)
        + "change".rjust(10)
        + "sd".rjust(9)
        + "   change over the permutations"
    )
    lines = [
        f"driver importance: {d['forecaster']}'s {metric} on the held-out part with each driver permuted "
        f"({k} permutation{'s' if k != 1 else ''}, nothing retrained), against {d['intact']:.4g} with every "
        "driver intact:",
        head,
        "-" * len(head),
    ]
    for r in rows:
        spread = f"{_n(r['min_change'], '+.3g')} to {_n(r['max_change'], '+.3g')}"
        lines.append(
            r["driver"].ljust(width)
            + r["role"].ljust(10)
            + f"{_n(r['mean'], '.4g'):>10}{_n(r['change'], '+.3g'):>10}{_n(r['sd'], '.3g'):>9}   {spread}"
        )
    lines.append(
        "(a larger change: the net leaned on that driver; a change of both signs over the permutations, "
        "or within its sd, is noise; --set eval.driver_importance=0 skips it)"
    )
    return "\n".join(lines)


def _n(v, spec: str) -> str:
    """A figure by spec; "-" where it has no number (a score that was none)."""
    return "-" if v is None else format(v, spec)
