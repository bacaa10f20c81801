"""report.html's driver importance table (metrics["driver_importance"], driver_importance.py):
each driver's headline score with its values permuted and its change from the intact inputs,
with the spread over the permutations; "" where the run had no drivers."""

from __future__ import annotations

import html
import math


def importance_table(metrics: dict) -> str:
    """One row a driver, the largest change first, under a caption saying what was permuted."""
    d = metrics.get("driver_importance")
    if not d or not d.get("drivers"):
        return ""
    metric, k = d["metric"].upper(), d["permutations"]
    cap = (
        f"Which drivers mattered: {d['forecaster']}'s {metric} on the held-out part with each driver "
        f"permuted ({k} permutation{'s' if k != 1 else ''}, nothing retrained), against {_g(d['intact'])} "
        "with every driver intact; a change of both signs over the permutations is noise"
    )
    head = (
        f"<tr><th>driver</th><th>role</th><th>{metric}</th><th>change</th><th>sd</th>"
        "<th>change over the permutations</th></tr>"
    )
    body = "".join(
        f"<tr><th>{html.escape(r['driver'])}</th><td>{html.escape(r['role'])}</td><td>{_g(r['mean'])}</td>"
        f"<td>{_g(r['change'], '+')}</td><td>{_g(r['sd'])}</td>"
        f"<td>{_g(r['min_change'], '+')} to {_g(r['max_change'], '+')}</td></tr>"
        for r in d["drivers"]
    )
    return f"<table><caption>{html.escape(cap)}</caption>{head}{body}</table>"


def _g(v, sign: str = "") -> str:
    """A number to 4 significant digits (a dash where it is none)."""
    if not isinstance(v, (int, float)) or not math.isfinite(v):
        return "&mdash;"
    return f"{v:{sign}.4g}"
