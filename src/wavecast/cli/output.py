"""Tables and lines for the terminal: metrics, intervals, diagnostics, the 'wrote' line, JSON (the
training's progress bar is progress.py's)."""

from __future__ import annotations

import json
from typing import Any

from ..evaluate.metrics import MIN_FORECASTS_PER_LEAD
from ..words import counted


def run_name(cfg) -> str:
    """What a run's headline names: the data file of a run on data under the default name
    ('sales.csv: LSTM trained ...', where it said 'experiment: ...'), else the config's name."""
    from pathlib import Path

    return Path(cfg.data.path).name if cfg.data.path and cfg.name == "experiment" else cfg.name


def metrics_table(metrics: dict[str, Any], columns=("mse", "rmse", "mae", "mase")) -> str:
    """One row per forecaster, the network first, best MSE marked `<- best (MSE)` (many series:
    best MASE, see best_of); with the divergence
    horizon (first lead worse than last value) when the metrics have one: the horizons of
    metrics.json, the same the diagnostics name, with a line saying so when they rest on
    fewer than MIN_FORECASTS_PER_LEAD forecasts a lead (one series' one test window).

    Several targets (metrics["by_target"]): the unit-free scores alone, sMAPE and MASE, with a
    line saying where each target's MSE and MAE are (by_target_table): the pooled MSE, RMSE and
    MAE of sales in units and a price in dollars added the two units (the largest target's
    error), and so did the divergence horizons, from the pooled MSE by lead."""
    rows = metrics["forecasters"]
    targets = list(metrics.get("by_target") or ())
    if len(targets) > 1:
        columns = tuple(c for c in ("smape", "mase") if any(m.get(c) is not None for m in rows.values()))
    tol = (metrics.get("tolerance") or {}).get("mse")
    best, mark = best_of(rows, int(metrics.get("n_series") or 1), tol)
    width = max(len(n) for n in rows) + 2
    div = metrics.get("divergence_horizon") if len(targets) < 2 else None
    per_lead = int(metrics.get("n_origins") or 1) * int(metrics.get("n_series") or 1)
    head = "forecaster".ljust(width) + "".join(_HEADS.get(c, c.upper()).rjust(12) for c in columns)
    head += "   diverges at" if div is not None else ""
    lines = [head, "-" * len(head)]
    if len(targets) > 1:
        lines.insert(0, f"(pooled over {len(targets)} targets ({', '.join(map(repr, targets))}), which may be in "
                        "different units: unit-free scores only; each target's MSE and MAE in the table below)")
    for name, m in rows.items():
        cells = "".join(f"{m[c]:12.4g}" if m.get(c) is not None else " " * 12 for c in columns)
        if div is not None:
            cells += f"{'step ' + str(div[name]) if div.get(name) else '-':>14}"
        lines.append(name.ljust(width) + cells + (mark if name == best else ""))
    tie = tied_best(rows, int(metrics.get("n_series") or 1), tol)
    if tie:
        lines.append(tie)
    if div is not None and per_lead < MIN_FORECASTS_PER_LEAD:  # one forecast's error by lead: noisy
        lines.append(f"diverges at: from {per_lead} forecast(s) a lead time: too few to rely on "
                     f"(at least {MIN_FORECASTS_PER_LEAD}; a backtest of more origins gives more)")
    floor = metrics.get("noise_floor_mse")
    if floor is not None:
        zero = " (noise-free signal)" if floor == 0 else ""
        lines.append(f"noise floor (best MSE any forecaster can reach): {floor:.4g}{zero}")
    return "\n".join(lines)


_HEADS = {"smape": "sMAPE"}


def best_of(rows: dict[str, dict], n_series: int, tol: float | None = None) -> tuple[str | None, str]:
    """The forecaster to mark best and its mark, which names its metric: the lowest MSE
    (`  <- best (MSE)`); over many series the lowest MASE (`  <- best (MASE)`: each series' own,
    averaged) where every row has one, as the pooled MSE is the largest series' error: 8
    Australian states' takings with the price index as a driver marked the net best at MSE 1598
    against seasonal naive's 3357, its MASE 3.68 against 2.81 and worse in 5 of the 8 states.
    One series keeps the MSE: the table's first column, and the noise floor printed under it
    (the sine recipes') is an MSE; one series' MASE ranks by MAE. The mark said a bare
    `<- best` there, while a forecast's held-out line names its "best baseline" by MASE: the
    two could name different forecasters and read as a contradiction.
    (None, "") when two or more tie for the lowest (_tied): a constant series, every forecaster at
    MSE 0, marked the first row, the net, best of five that were all exact."""
    key = _best_key(rows, n_series)
    if len(_tied(rows, key, tol if key == "mse" else None)) > 1:
        return None, ""
    return min(rows, key=lambda n: rows[n][key]), f"  <- best ({key.upper()})"


def tied_best(rows: dict[str, dict], n_series: int, tol: float | None = None) -> str:
    """The line under a table that marks no best as several tie for it, naming them; "" otherwise."""
    key = _best_key(rows, n_series)
    tied = _tied(rows, key, tol if key == "mse" else None)
    if len(tied) < 2:
        return ""
    low = min(rows[n][key] for n in tied)
    high = max(rows[n][key] for n in tied)
    if f"{high:.4g}" == f"{low:.4g}":
        return f"no '<- best': {', '.join(tied)} tie at the lowest {key.upper()} ({low:.4g})"
    # tied as exact, within the run's tolerance of 0, though they print apart: the demo's LSTM at
    # MSE 4.56e-06 was said to "tie at the lowest MSE (3.188e-29)", theta's figure, not its own
    return (f"no '<- best': {', '.join(tied)} tie as exact ({key.upper()} {low:.4g} to {high:.4g}, "
            f"each under the run's tolerance of {tol:.4g})")


def _best_key(rows: dict[str, dict], n_series: int) -> str:
    """The metric best_of and tied_best rank by (one place, so the mark and the tie line agree)."""
    return "mase" if n_series > 1 and all(m.get("mase") is not None for m in rows.values()) else "mse"


def _tied(rows: dict[str, dict], key: str, tol: float | None) -> list[str]:
    """The forecasters whose `key` ties with the lowest: the same figure as the table prints it
    (4 significant digits), or, for the MSE, both within the run's tolerance of 0 (exact)."""
    low = min(m[key] for m in rows.values())
    return [n for n, m in rows.items() if f"{m[key]:.4g}" == f"{low:.4g}" or (tol is not None and m[key] <= tol
                                                                           and low <= tol)]


def by_target_table(metrics: dict[str, Any], columns=("mse", "mae", "mase")) -> str:
    """Several targets: one block a target, its forecasters pooled over its ids; "" otherwise."""
    groups = metrics.get("by_target")
    if not groups:
        return ""
    names = list(next(iter(groups.values()))["forecasters"])
    width = max(len(n) for n in names) + 2
    tw = max(max(len(str(t)) for t in groups) + 2, 8)
    head = "target".ljust(tw) + "forecaster".ljust(width) + "".join(c.upper().rjust(12) for c in columns)
    lines = [head, "-" * len(head)]
    for target, g in groups.items():
        rows = g["forecasters"]
        best, mark = best_of(rows, int(g.get("n_series") or 1))
        for i, (name, m) in enumerate(rows.items()):
            cells = "".join(f"{m[c]:12.4g}" if m.get(c) is not None else " " * 12 for c in columns)
            label = f"{target}" if i == 0 else ""
            lines.append(label.ljust(tw) + name.ljust(width) + cells + (mark if name == best else ""))
    k = next(iter(groups.values()))["n_series"]
    # one series' targets are no pool (it said "each target pooled over its 1 series")
    whose = "one series: each target's own" if k == 1 else f"each target pooled over its {k} series"
    lines.append(f"({whose}; metrics.json: by_target)")
    return "\n".join(lines)


def per_series_table(metrics: dict[str, Any], limit: int = 10) -> str:
    """Many series: one row a series (MSE of every forecaster), the first `limit` rows and a line
    saying where the rest are; "" for one series, and for one series' several targets (its rows
    are the targets, by_target_table's MSE column: printed twice, it read as a second result)."""
    a = metrics.get("all_series")
    if not a:
        return ""
    rows = a["per_series"]
    by_target = metrics.get("by_target") or {}
    if by_target and all(g.get("n_series") == 1 for g in by_target.values()):
        return ""
    names = list(rows[0]["mse"]) if rows else []
    # several targets: the user's id and target column apart ("id" is the panel's internal key)
    labels = [[str(r["series"]), str(r["target"])] if "target" in r else [str(r["id"])] for r in rows]
    heads = ["series", "target (MSE)"] if rows and "target" in rows[0] else ["series (MSE)"]
    if len(heads) == 2 and not any(lb[0] for lb in labels):  # one series without an id: a blank column
        labels, heads = [lb[1:] for lb in labels], heads[1:]
    widths = [max(len(h), *(len(lb[k]) for lb in labels)) + 2 for k, h in enumerate(heads)]
    cols = [max(len(n), 10) + 2 for n in names]
    head = "".join(h.ljust(w) for h, w in zip(heads, widths, strict=True)) + \
        "".join(n.rjust(c) for n, c in zip(names, cols, strict=True))
    lines = [head, "-" * len(head)]
    for r, lb in zip(rows[:limit], labels, strict=False):
        lines.append("".join(v.ljust(w) for v, w in zip(lb, widths, strict=True)) +
                     "".join(f"{r['mse'][n]:{c}.4g}" if r["mse"][n] is not None else " " * c  # None: no truth measured
                             for n, c in zip(names, cols, strict=True)))
    if len(rows) > limit:
        named = {r["id"]: " ".join(repr(v) for v in lb) for r, lb in zip(rows, labels, strict=True)}
        best, worst = (named.get(a.get(k), repr(a.get(k))) for k in ("best", "worst"))
        # one series' rows are its targets: "2 more targets", not "2 more series"
        one = "target" in rows[0] and len({str(r["series"]) for r in rows}) == 1
        more = counted(len(rows) - limit, "more target") if one else f"{len(rows) - limit} more series"
        lines.append(f"... {more} in metrics.json (all_series.per_series); "
                     f"best {best}, worst {worst} for {a.get('ranked_by')}")
    return "\n".join(lines)


def forecast_table(frame, path, limit: int = 12) -> str:
    """The first `limit` rows of a forecast table, and a last line saying how many more there are
    and where (the file it was written to) when rows are left out."""
    text = frame.head(limit).to_string(index=False)
    if len(frame) > limit:
        text += f"\n... {counted(len(frame) - limit, 'more row')} in {path}"
    return text


def intervals_table(metrics: dict[str, Any]) -> str:
    """Each forecaster's prediction intervals: coverage (%), mean width, MSIS and pinball by level;
    "" when the run has none. Several targets: one block a target (metrics["by_target"]), as the
    width and the pinball loss are in the target's units (pooled, they added sales to prices)."""
    rows = {n: m["intervals"] for n, m in metrics["forecasters"].items() if m.get("intervals")}
    if not rows:
        return ""
    info = metrics.get("intervals", {})
    groups = {t: {n: m["intervals"] for n, m in g["forecasters"].items() if m.get("intervals")}
              for t, g in (metrics.get("by_target") or {}).items()}
    if len(groups) < 2 or not all(groups.values()):
        groups = {None: rows}
    tw = max(max(len(str(t)) for t in groups) + 2, 8) if None not in groups else 0
    width = max(len(n) for n in rows) + 2
    head = ("target".ljust(tw) if tw else "") + "forecaster".ljust(width) + "level".rjust(6) + \
        "coverage".rjust(10) + "width".rjust(12) + "MSIS".rjust(10) + "pinball".rjust(10)
    n = int(info.get("n_series", 1)) // (len(groups) if tw else 1)  # several targets: the user's series
    lines = [f"prediction intervals ({info.get('method', 'conformal')}, {'one series' if tw and n == 1 else f'{n} series'}"
             + (", each target's own" if tw else "") + "):", head, "-" * len(head)]
    for target, group in groups.items():
        for i, (name, by_level) in enumerate(group.items()):
            for j, (key, s) in enumerate(by_level.items()):
                cells = [f"{key:>6}", f"{100 * s['coverage']:9.1f}%" if s["coverage"] is not None else " " * 10]
                cells += [f"{s[k]:{w}.4g}" if s[k] is not None else " " * w for k, w in (("width", 12), ("msis", 10),
                                                                                       ("pinball", 10))]
                label = (str(target) if i == 0 and j == 0 else "").ljust(tw) if tw else ""
                lines.append(label + name.ljust(width) + "".join(cells))
    return "\n".join(lines)


def diagnostics_text(metrics: dict[str, Any]) -> str:
    """The diagnostics as 'diagnostic: NAME (FORECASTER): message' lines, each with its advice."""
    found = metrics.get("diagnostics") or []
    if not found:
        from ..evaluate.finding import ADVICE

        # every finding there is, so a new one is listed too (level shift was missing); whether the
        # drivers pay only where the run compared its net without them (drivers_check)
        made = [k for k in ADVICE if k != "drivers do not pay" or "drivers_check" in metrics]
        return f"diagnostics: none ({', '.join(made)} checked)"
    return "\n".join(f"diagnostic: {d['name']} ({d['forecaster']}): {d['message']}\n  try: {d['advice']}"
                     for d in found)


def gone_note(folder) -> str:
    """The note on what a replaced folder held that its replacement does not, or ''."""
    said = folder.gone_note()  # the same words as save(overwrite=True)'s WavecastNote
    return f"note: {said}" if said else ""


def wrote_line(out, seconds: float) -> str:
    """'wrote OUT/ (report.html, ...) in S s': the folder's files as they are after the command,
    report.html first, folders with a slash, hidden ones (the marker) left out. A run folder
    is built whole by the one command (aside, or new), so what it holds is what was written:
    never a fixed list that names a figure not drawn (future.png) or leaves one out (data.png)."""
    from pathlib import Path

    names = sorted(p.name + ("/" if p.is_dir() else "") for p in Path(out).iterdir() if not p.name.startswith("."))
    names.sort(key=lambda n: n != "report.html")  # stable: the rest stay in order
    return f"wrote {out}/ ({', '.join(names)}) in {seconds:.1f} s"


def print_json(obj: Any) -> None:
    print(json.dumps(obj, indent=2, allow_nan=False))
