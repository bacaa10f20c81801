"""One panel of wavecast.plot a series: its history in the data, its forecast (or a backtest's
each cutoff) with its bands, the actual values and the baselines beside them, as the arrays
report.forecast_plot draws."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .data.timeparse import parse_time
from .errors import ValidationError
from .plotting_baselines import baseline_forecasts, with_mase
from .plotting_layout import shown


def panel(fc: pd.DataFrame, frame, layout: dict, key: tuple, value: str, levels, history) -> dict:
    sid, tname = key
    rows = fc
    if layout["id"]:
        rows = rows[rows[layout["id"]] == sid]
    if layout["targets"]:
        rows = rows[rows["target"] == tname]
    t_col = layout["time"]
    t_fc = rows[t_col].to_numpy() if t_col else np.arange(len(rows))
    past = _history(frame, layout, key, value or tname, t_fc)
    runs, actual = _runs(rows, layout, levels, t_fc), None
    base = layout["baselines"]
    if base and base["setup"] is not None:  # predict()'s: fitted on the data before its first step
        for run in runs:
            run["baselines"] = baseline_forecasts(base, past, run["t"], key, layout)
    if layout["backtest"]:
        seen = rows.drop_duplicates(t_col).sort_values(t_col)
        actual = (seen[t_col].to_numpy(), seen[layout["actual"]].to_numpy(dtype=float))
        first = rows["cutoff"].min()
        past = past[past.index <= first] if past is not None else None
    n = history if history is not None else 3 * (len(runs[0]["t"]) if runs else 0)
    past = past.iloc[len(past) - min(n, len(past)):] if past is not None else pd.Series([], dtype=float)
    known = pd.concat([past, pd.Series(actual[1], index=actual[0])]) if actual is not None else past
    known = known[~known.index.duplicated()]
    for run in runs:  # each forecast joined to the value at its origin: a cutoff, or the data's end
        t0 = run.pop("cutoff") if layout["backtest"] else (past.index[-1] if len(past) else None)
        run["origin"] = (t0, float(known[t0])) if t0 is not None and t0 in known.index else None
    title = ": ".join(p for p in (f"{layout['id']} {sid}" if layout["id"] else "", tname or "") if p) or value or "forecast"
    label, names = layout["value"], (base or {}).get("names", [])
    if names:  # each one's held-out MASE where known, the forecasts' own beside them
        label = with_mase(label, base["metrics"], base["net"], tname)
    return {"title": title, "history": (past.index.to_numpy(), past.to_numpy(dtype=float)), "actual": actual,
            "name": layout["value"], "label": label, "runs": runs,  # name: its colour's (report.colours)
            "baselines": {n: with_mase(n, base["metrics"], n, tname) for n in names}}


def _runs(rows: pd.DataFrame, layout: dict, levels, t_fc) -> list[dict]:
    """One forecast a panel (predict) or one a cutoff (a backtest), with its bands."""
    groups = [(None, np.arange(len(rows)))]
    if layout["backtest"]:
        cut = rows["cutoff"].to_numpy()
        groups = [(c, np.flatnonzero(cut == c)) for c in pd.unique(cut)]
    out = []
    for c, at in groups:
        sub = rows.iloc[at]
        bands = {lv: tuple(sub[f"{layout['prefix']}{side}-{lv:g}"].to_numpy(dtype=float) for side in ("lo", "hi"))
                 for lv in levels}
        out.append({"t": t_fc[at], "y": sub[layout["value"]].to_numpy(dtype=float), "bands": bands, "cutoff": c})
        if layout["backtest"] and layout["baselines"]:  # the table's own columns: each one's forecast from c
            out[-1]["baselines"] = {n: sub[n].to_numpy(dtype=float) for n in layout["baselines"]["names"]}
    return out


def _history(frame, layout: dict, key: tuple, column: str, t_fc) -> pd.Series | None:
    """The series' known values in the data, by time (by position where it has no time column)."""
    if frame is None:
        return None
    sid, _ = key
    rows = frame
    if layout["id"]:
        same = rows[layout["id"]] == sid
        if not same.any():  # the forecasts' ids as the reader wrote them ('10' for a 10)
            same = rows[layout["id"]].astype(str) == str(sid)
        if not same.any():
            raise ValidationError(f"data has no rows of {layout['id']} {sid!r}, a series of the forecasts: give "
                                  "the data they were forecast from")
        rows = rows[same]
    if column not in rows.columns:
        raise ValidationError(f"data has no column {column!r} (its columns: {shown(list(frame.columns))})")
    values = pd.to_numeric(rows[column], errors="coerce").to_numpy(dtype=float)
    if layout["time"] in rows.columns:
        t = rows[layout["time"]]
        if pd.api.types.is_datetime64_any_dtype(np.asarray(t_fc).dtype) and not pd.api.types.is_datetime64_any_dtype(t):
            # times as text in the data, read as fit reads them ('1981 Q1', '1991 W06', '1987 Jan'):
            # pandas refused tsibble's quarters and weeks with a DateParseError and a warning
            t = pd.Series(parse_time(t.reset_index(drop=True), layout["time"], "data", order=layout["date_order"]),
                          index=t.index)
        past = pd.Series(values, index=pd.Index(t.to_numpy())).sort_index(kind="stable")
    else:
        past = pd.Series(values)  # positions 0..n-1, as the forecasts' steps count them
    return past[np.isfinite(past.to_numpy())]  # rows with an empty target (future covariates) are not history
