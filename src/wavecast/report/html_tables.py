"""report.html's tables of scores: the metrics a forecaster, each series' scores in a panel, the
prediction intervals' coverage and width; numbers shown as the page shows them (fmt)."""

from __future__ import annotations

import html
import math

from ..words import series_counted

COLUMNS = ("mse", "rmse", "mae", "smape", "mase")
PER_SERIES_ROWS = 20  # the per-series table's rows: a panel of thousands would bury the page


def fmt(v) -> str:
    """A number for the tables; missing or non-finite values show as a dash, never 'nan'."""
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        return "&mdash;"
    return f"{v:.4g}"


def metrics_table(rows: dict, caption: str, columns=COLUMNS) -> str:
    """One row a forecaster, the lowest MSE marked (the lowest MASE where the MSE is not shown)."""
    if not rows:
        return ""
    key = "mse" if "mse" in columns else "mase"
    best = min(rows, key=lambda n: rows[n].get(key) if finite(rows[n].get(key)) else math.inf)
    head = "".join(f"<th>{'sMAPE' if c == 'smape' else c.upper()}</th>" for c in columns)
    body = []
    for name, m in rows.items():
        cells = "".join(f"<td>{fmt(m.get(c))}</td>" for c in columns)
        mark = ' class="best"' if name == best else ""
        body.append(f"<tr{mark}><th>{html.escape(name)}</th>{cells}</tr>")
    return (f"<table><caption>{html.escape(caption)}</caption><tr><th>forecaster</th>{head}</tr>"
            + "".join(body) + "</table>")


def per_series_table(pooled: dict) -> str:
    """One row a series of a many-series run (all_series.per_series): its MASE by forecaster (its
    MAE where the run has no MASE), each row's best in bold; the worst by the net's score first,
    cut to PER_SERIES_ROWS rows (metrics.json holds them all). "" with no rows."""
    rows = pooled.get("per_series") or []
    if not rows:
        return ""
    col = "mase" if all("mase" in r for r in rows) else "mae"
    names = list(rows[0][col])
    net = pooled.get("ranked_by") or names[0]
    # A series with no number for the net (MASE's scale 0: a constant series) sorts last
    rows = sorted(rows, key=lambda r: (0, -r[col][net]) if finite(r[col].get(net)) else (1, 0))
    targets = any("target" in r for r in rows)  # several targets: the id and target, never the key
    head = "<th>series</th>" + ("<th>target</th>" if targets else "") + "".join(
        f"<th>{html.escape(n)}</th>" for n in names)
    body = []
    for r in rows[:PER_SERIES_ROWS]:
        vals = r[col]
        best = min((n for n in names if finite(vals.get(n))), key=lambda n: vals[n], default=None)
        who = f"<th>{html.escape(str(r.get('series', r['id'])))}</th>"
        if targets:
            who += f"<td>{html.escape(str(r.get('target', '')))}</td>"
        cells = "".join(f"<td><b>{fmt(vals.get(n))}</b></td>" if n == best else f"<td>{fmt(vals.get(n))}</td>"
                        for n in names)
        body.append(f"<tr>{who}{cells}</tr>")
    left = len(rows) - PER_SERIES_ROWS
    # a row a series and target with several targets: one series' rows are its targets (it said
    # "each series' MASE" and "of 25 series" of one series' 25 targets), a panel's "3 series x 2 targets"
    names_t = list(dict.fromkeys(str(r["target"]) for r in rows if "target" in r)) if targets else []
    one = len({str(r.get("series", r["id"])) for r in rows}) == 1
    whose = (f"each target's {col.upper()}" if targets and one else
             f"each series' {col.upper()}" + (" by target" if targets else ""))
    caption = (f"{whose}, the worst by {net} first; each row's best in bold"
               + (f"; the {PER_SERIES_ROWS} worst of {series_counted(len(rows), names_t)} shown, {left} left out "
                  "(metrics.json's all_series.per_series holds every series)" if left > 0 else ""))
    return f"<table><caption>{html.escape(caption)}</caption><tr>{head}</tr>" + "".join(body) + "</table>"


def intervals_table(rows: dict, info: dict, lead: str = "") -> str:
    """Each forecaster's bands, one row: coverage, mean width, MSIS, pinball a level; "" if none.
    lead: the caption's start ("target 'sales': ")."""
    rows = {n: m["intervals"] for n, m in rows.items() if m.get("intervals")}
    if not rows:
        return ""
    levels = list(next(iter(rows.values())))
    cols = ("coverage", "width", "msis", "pinball")
    head = "".join(f"<th>{c.upper() if c == 'msis' else c} {html.escape(k)}</th>" for k in levels for c in cols)
    body = []
    for name, by_level in rows.items():
        cells = []
        for k in levels:
            s = by_level.get(k, {})
            cov = s.get("coverage")
            cells += [f"{100 * cov:.1f}%" if finite(cov) else fmt(cov), fmt(s.get("width")),
                      fmt(s.get("msis")), fmt(s.get("pinball"))]
        body.append(f"<tr><th>{html.escape(name)}</th>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    n = info.get("n_series", 1)  # a target of one series: "of one series", as the CLI says it
    caption = (f"{lead}prediction intervals ({info.get('method', 'conformal')}) on the test part of "
               f"{'one series' if n == 1 else f'{n} series'}; MSIS, pinball scaled by the seasonal-naive MAE")
    return (f"<table><caption>{html.escape(caption)}</caption><tr><th>forecaster</th>{head}</tr>"
            + "".join(body) + "</table>")


def finite(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
