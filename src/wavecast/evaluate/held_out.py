"""What a saved model scored on its held-out end, the network beside its best baseline: said
again wherever it forecasts (`wavecast forecast`), so no forecast leaves without the bar it had
to clear (metrics.json holds every score)."""

from __future__ import annotations

import math


def _pair(metrics: dict) -> dict | None:
    """{"net", "net_mase", "baseline", "baseline_mase"} of one target's scores, or None."""
    scored = metrics.get("forecasters") or {}
    names = set((metrics.get("baselines") or {}).get("names") or ())
    mase = {n: s.get("mase") for n, s in scored.items() if isinstance(s, dict)}
    mase = {n: float(v) for n, v in mase.items() if isinstance(v, (int, float)) and math.isfinite(v)}
    nets = [n for n in mase if n not in names]
    bases = [n for n in mase if n in names]
    if not nets or not bases:
        return None
    best = min(bases, key=mase.get)
    return {"net": nets[0], "net_mase": mase[nets[0]], "baseline": best, "baseline_mase": mase[best]}


def held_out(metrics: dict | None) -> dict | None:
    """The net's held-out MASE and its best baseline's: one target's {"net", "net_mase",
    "baseline", "baseline_mase"}, several targets' {target: that}; None where nothing was held out."""
    if not metrics:
        return None
    by_target = metrics.get("by_target")
    if by_target:
        setup = metrics.get("baselines")
        # the user's order of the targets (metrics["targets"]): a model saved before by_target kept it
        # listed the targets in their ids' sorted order
        order = [t for t in metrics.get("targets") or () if t in by_target] or list(by_target)
        out = {t: _pair({"baselines": setup, **by_target[t]}) for t in order}
        return {t: p for t, p in out.items() if p} or None
    return _pair(metrics)


def _said(p: dict) -> str:
    worse = p["baseline_mase"] < p["net_mase"]
    return (f"{p['net']} MASE {p['net_mase']:.3g}, best baseline {p['baseline']} {p['baseline_mase']:.3g}"
            + (" (better than the net there)" if worse else ""))


def held_out_line(metrics: dict | None) -> str | None:
    """One line for a forecast's output: the held-out MASE of the net and of its best baseline."""
    got = held_out(metrics)
    if not got:
        return None
    if "net" in got:
        return f"on its held-out end: {_said(got)}"
    return "on its held-out end: " + "; ".join(f"{t}: {_said(p)}" for t, p in got.items())
