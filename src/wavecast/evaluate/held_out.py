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


def _covered(metrics: dict, net: str, levels) -> dict:
    """{"80": {"coverage", "n"}} of the net's bands at each of levels its run scored."""
    scored = ((metrics.get("forecasters") or {}).get(net) or {}).get("intervals") or {}
    out = {}
    for level in levels:
        s = scored.get(f"{level:g}")
        if isinstance(s, dict) and isinstance(s.get("coverage"), (int, float)) and math.isfinite(s["coverage"]):
            out[f"{level:g}"] = {"coverage": float(s["coverage"]), "n": int(s.get("n") or 0)}
    return out


def held_out_coverage(metrics: dict | None, levels) -> dict | None:
    """How often the net's bands at these levels held the held-out end when it was scored: one
    target's {"80": {"coverage", "n"}}, several targets' {target: that}; None where nothing at
    these levels was scored."""
    if not metrics or not levels:
        return None
    by_target = metrics.get("by_target")
    if by_target:
        out = {t: _covered(by_target.get(t) or {}, p["net"], levels) for t, p in (held_out(metrics) or {}).items()}
        return {t: c for t, c in out.items() if c} or None
    pair = _pair(metrics)
    return (_covered(metrics, pair["net"], levels) or None) if pair else None


def _listed(words: list[str]) -> str:
    """'a', 'a and b', 'a, b and c' (four levels read '50% and 80% and 95% and 99%')."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _coverage_said(got: dict) -> str:
    shown = _listed([f"{lv}%" for lv in got])
    n = next(iter(got.values()))["n"]
    return f"{shown} bands covered " + _listed([f"{c['coverage']:.1%}" for c in got.values()]) + f" of {n} points"


def held_out_coverage_line(metrics: dict | None, levels) -> str | None:
    """One line beside a forecast's bands (the honest word on them: a 95% band that held 80% is
    not one); None where nothing at these levels was scored."""
    got = held_out_coverage(metrics, levels)
    if not got:
        return None
    if metrics.get("by_target"):
        # "target: ..." (it read "drivers's 80% and 95% bands" of a target named drivers)
        return "on its held-out end, by target: " + "; ".join(f"{t}: {_coverage_said(c)}" for t, c in got.items()) \
            + _saved_said(metrics)
    return f"on its held-out end, its {_coverage_said(got)}" + _saved_said(metrics)


def _saved_said(metrics: dict) -> str:
    """How the bands written differ from those scored: the saved model's are the scored ones widened
    by the held-out errors, or quantiles of them. A user round's sunspots read 'its 80% and 95% bands
    covered 27.8% and 83.3% of 18 points' beside bands 2.24x as wide as those that did."""
    saved = (metrics.get("intervals") or {}).get("saved") or {}
    k = saved.get("stretch")
    if saved.get("source") == "held-out":
        return "; the bands written here take their quantiles from its errors there"
    if isinstance(k, (int, float)) and k > 1:
        times = f"{k:.2f}x" if round(k, 2) != 1 else f"{k:.4f}x"
        return f"; the bands written here are those widened {times} by its errors there"
    return ""
