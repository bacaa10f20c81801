"""DIR/report.html: one self-contained page (figures embedded as base64 PNG, no links out).

The data and its split, loss curves, the forecast against the truth for the model and the
baselines, error by lead time, the metrics table, notes and diagnostics. Figures come from
figures.py (matplotlib) and the tables from html_tables.py; this module only
assembles the page.
"""

from __future__ import annotations

import base64
import html
import json
from pathlib import Path

from ..data.targets import id_and_target, said
from ..io.atomic import write_text
from ..words import series_counted, series_of_targets
from . import figures as report
from .html_tables import COLUMNS, finite, fmt, intervals_table, metrics_table, per_series_table
from .importance_html import importance_table

# Figures in page order: (file in the run folder, caption). Only these and the extreme series'
# figures are embedded: never a PNG that this run did not draw (a stale one, a user's photo).
FIGURES = (
    ("data.png", "The data and its split: the model is trained on the first part only"),
    ("loss.png", "Training and validation loss by epoch (scaled units)"),
    ("forecast.png", "Forecast of the held-out part, the model beside the baselines"),
    ("future.png", "The forecast past the end of the data by the saved model (what `wavecast forecast` "
                   "writes), with its prediction intervals"),
    ("lead_time.png", "Error by lead time: how fast each forecast drifts from the truth"),
    ("coverage.png", "Prediction interval coverage by lead time (conformal, calibrated before the test "
                     "part), beside the nominal levels"),
)
def _img(path: Path, caption: str) -> str:
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return (f'<figure><img alt="{html.escape(path.name)}" src="data:image/png;base64,{data}">'
            f"<figcaption>{html.escape(caption)}</figcaption></figure>")


def write(result, out: str | Path, extremes: list[tuple[Path, str]] = (), time=None,
          what: str | None = None) -> Path:
    """Draw the data figure, then write out/report.html from the run's files and metrics.

    extremes: [(png, caption)] figures already drawn (the many-series best and worst);
    time: the first series' time stamps or None; what: the metrics table's caption (default:
    the held-out part's forecast).
    """
    out = Path(out)
    sp = result.split
    ds = result.dataset
    first = getattr(result, "first", 0)
    targets = list(getattr(ds, "targets", None) or ()) if ds is not None else []
    # counts in the user's words (words.py): one series' targets are not "2 series", a panel's
    # "2 series x 2 targets" not "4"
    who = (f" ({said(*id_and_target(ds, ds.ids[first]))} of {series_counted(len(ds.ids), targets)})"
           if ds is not None and ds.id else "")
    pooled = who
    if "first_series" in (result.metrics or {}):
        n = result.metrics["all_series"]["n_series"]
        pooled = f", {series_of_targets(n, targets)}" if len(targets) > 1 else f", all {n} series pooled"
    report.split_figure(out / "data.png", result.series[:, 0], sp.train_end, sp.val_end,
                        time, title=f"{_source(result)}{who}")
    cfg, m = result.config, result.metrics
    caps = {**dict(FIGURES), "loss.png": _loss_caption(getattr(result.train, "history", None) or {},
                                                       getattr(result, "final", None) is not None,
                                                       (result.metrics or {}).get("train") or {}),
            "lead_time.png": _lead_caption(result.metrics or {})}
    figs = [_img(out / name, caps[name]) for name, _ in FIGURES if (out / name).is_file()]
    figs += [_img(png, cap) for png, cap in extremes]
    # several targets, perhaps in different units (dollars, units sold): pooled, only the unit-free
    # scores mean something (the MSE, RMSE, MAE and the bands' width were the largest target's)
    several = len(m.get("by_target") or ()) > 1
    tables = [metrics_table(m.get("forecasters", {}),
                            (what or f"{m.get('horizon', cfg.window.horizon)}-step forecast "
                                     f"of the held-out part") + pooled
                            + ("; over targets that may be in different units: unit-free scores only, each "
                               "target's own below" if several else ""), ("smape", "mase") if several else COLUMNS)]
    if not several:
        tables.append(intervals_table(m.get("forecasters", {}), m.get("intervals", {})))
    for target, g in (m.get("by_target") or {}).items():  # several targets: each pooled over its ids
        pool = "one series" if g["n_series"] == 1 else f"its {g['n_series']} series pooled"  # one: no pool
        tables.append(metrics_table(g["forecasters"], f"target {target!r} ({pool})"))
        if several:
            tables.append(intervals_table(g["forecasters"], {**m.get("intervals", {}), "n_series": g["n_series"]},
                                          f"target {target!r}: "))
    if "first_series" in m:  # the headline above is pooled; the first series' own table after it
        first = m["first_series"]
        name = said(first.get("series", first["id"]), first.get("target"))  # the user's id and target
        # the first in the run's sorted order of ids (data.dataset.canonical), not the file's: a
        # file listing 'zeta' first was told "series 'alpha' alone (the first of 4 series)"
        # one series' several targets: "target 'returns' alone" repeated that target's table above
        one_series = several and all(g["n_series"] == 1 for g in m["by_target"].values())
        if not one_series:
            tables.append(metrics_table(first["forecasters"], f"{name} alone (the first of "
                                                              f"{series_counted(m['all_series']['n_series'], targets)} "
                                                              "in sorted order)"))
        tables.append(per_series_table(m["all_series"]))
    tables.append(importance_table(m))  # which drivers mattered ("" without drivers)
    train = m.get("train", {})
    losses = [v for v in (getattr(result.train, "history", None) or {}).get("train_loss") or [] if finite(v)]
    direct = getattr(result, "final", None) is not None
    d = cfg.direct
    # a backtest's direct net has no final model: it was described as the recursive net's config
    # ("LSTM, hidden_size 50" of a direct net of 16)
    model = (f"{d.cell.upper()} (direct: the whole horizon at once), hidden_size "
             f"{train.get('hidden_size', d.hidden_size)}, {d.num_layers} layer(s)"
             if direct or cfg.model.kind == "direct" else
             f"{cfg.model.cell.upper()}, hidden_size {cfg.model.hidden_size}, {cfg.model.num_layers} layer(s)")
    facts = [
        ("model", model),
        ("windows", f"input_len {cfg.window.input_len}, horizon {cfg.window.horizon}, "
                    f"test_len {cfg.window.test_len}"),
        ("training", (f"final model {train.get('epochs', '?')} epochs; the scored net {train.get('steps', '?')} steps"
                      if direct else f"{train.get('epochs', '?')} epochs, {train.get('steps', '?')} steps") +
                     f", final loss {fmt(train.get('final_loss', losses[-1] if losses else None))}, seed {cfg.seed}"),
    ]
    if m.get("noise_floor_mse") is not None:  # known for the synthetic signal only
        facts.append(("noise floor (MSE)", fmt(m.get("noise_floor_mse"))))
    facts_html = "".join(f"<tr><th>{html.escape(k)}</th><td>{v}</td></tr>" for k, v in facts)
    notes = "".join(f"<li>{html.escape(str(n))}</li>" for n in result.notes)
    diag = m.get("diagnostics")
    diag_html = (f"<h2>Diagnostics</h2><ul>{''.join(_diagnostic(d) for d in diag)}</ul>" if diag else "")
    title = html.escape(report_title(result))
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>wavecast report: {title}</title>
<style>
body {{ font-family: sans-serif; max-width: 1040px; margin: 2em auto; color: #222; }}
table {{ border-collapse: collapse; margin: 1em 0; }}
th, td {{ border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; }}
th:first-child {{ text-align: left; }}
tr.best {{ background: #e8f4e8; font-weight: bold; }}
caption {{ text-align: left; font-weight: bold; padding-bottom: 0.3em; }}
figure {{ margin: 1.5em 0; }} img {{ max-width: 100%; }}
figcaption {{ color: #555; font-size: 0.9em; }}
pre {{ white-space: pre-wrap; }}
</style></head><body>
<h1>wavecast report: {title}</h1>
<p>Every number here comes from the config below and seed {cfg.seed}; the network is shown
beside simple baselines on data it never saw in training.</p>
<table>{facts_html}</table>
<h2>Metrics</h2>
{"".join(tables)}
<h2>Notes</h2><ul>{notes}</ul>
<h2>Figures</h2>
{"".join(figs)}
{diag_html}
<h2>Config</h2><pre>{html.escape(json.dumps(_config(cfg, ds is not None), indent=2))}</pre>
</body></html>
"""
    return write_text(out / "report.html", page)


def _loss_caption(history: dict, direct: bool = False, train: dict | None = None) -> str:
    """What loss.png shows: training and validation, or only the one the run had, and how the
    direct net's length was set in this run (train: metrics["train"]). Was: "chosen by early
    stopping" of a run with no validation at all, and "the direct net scored on the held-out
    part", which read as if the test part were trained on."""
    has = {k: any(finite(v) for v in history.get(k) or []) for k in ("train_loss", "val_loss")}
    if direct and has["train_loss"]:
        train = train or {}
        what = ("Training loss by epoch (scaled units) of the direct net fitted on each series' part before "
                "its test part (the net the tables score; the test part is never trained on); ")
        if "val_steps_run" not in train:
            return what + "it trained a fixed number of epochs: no validation, no early stopping"
        if train.get("stopped_early") is True:
            how = f"early stopping ended it at step {train['val_steps_run']:,} of {train['val_steps_allowed']:,}"
        elif train.get("stopped_early") is False:
            how = "early stopping did not stop it before the epochs allowed"
        else:
            how = f"that run took {train['val_steps_run']:,} steps"
        # the step it chose: where its validation loss was lowest, but no fewer than least_steps (a floor:
        # the validation loss of a few windows a series is noisy and alone picks too few; steps.training_note)
        if train.get("val_best_step") is not None:
            how += f"; it chose step {max(train['val_best_step'], train.get('least_steps') or 0):,}"
        return what + f"its length was chosen by a validation run on each series' last window ({how})"
    if has["train_loss"] and has["val_loss"]:
        return "Training and validation loss by epoch (scaled units)"
    if has["val_loss"]:
        return "Validation loss by epoch (the direct net's early stopping on each series' last window)"
    return "Training loss by epoch (scaled units; no validation part: window.val_fraction is 0)"


def _lead_caption(m: dict) -> str:
    """What lead_time.png rests on: many backtest origins, many series, or one forecast."""
    n_origins, n_series = m.get("n_origins", 1), m.get("n_series")
    pooled = series_counted(n_series or 0, m.get("targets") or ())  # one series' targets: "2 targets"
    if n_origins > 1 and n_series:  # a backtest of every series
        return (f"Error by lead time, the mean over {pooled} x {n_origins} backtest origins each "
                "(each series' own last origins): how fast each forecast drifts from the truth")
    if n_origins > 1:
        bt = m.get("backtest") or {}
        sid = bt.get("series")
        return (f"Error by lead time, the mean over {n_origins} backtest origins"
                f"{' of ' + said(sid, bt.get('target')) if sid else ''}: how fast each forecast drifts from the truth")
    if n_series:
        return f"Error by lead time, pooled over {pooled} from one origin each"
    return ("Error by lead time of one forecast (one origin: each point is a single error, noisy; "
            "`wavecast backtest --origins N` averages N origins)")


def _source(result) -> str:
    ds = result.dataset
    if ds is None:
        return f"{result.config.signal.kind} signal, {len(result.series)} samples"
    return f"{ds.source}: column {ds.target!r}, {len(result.series)} points"


def _config(cfg, from_file: bool = False) -> dict:
    """The config as shown: without the [signal] section when the run read a file (unused)."""
    from ..config import to_dict

    d = to_dict(cfg)
    if from_file:
        d.pop("signal", None)
    # The sections the run's kind of net does not read are left out (the direct net reads
    # [direct] and, of [model] and [train], only these keys)
    if d.get("model", {}).get("kind") == "direct":
        d["model"] = {"kind": "direct"}
        d["train"] = {k: v for k, v in d.get("train", {}).items() if k in ("device", "threads")}
    elif d.get("model", {}).get("kind") == "recursive":
        d.pop("direct", None)
    return d


def report_title(result) -> str:
    """The run's name, or the data file's name when the run kept the default name."""
    from pathlib import Path as _Path

    name, ds = result.config.name, result.dataset
    if name not in ("experiment", "") or ds is None:
        return name
    return _Path(str(ds.source)).name or name


def _diagnostic(d: dict) -> str:
    """One finding as sentences: what was seen, then what to try."""
    what = html.escape(str(d.get("message", "")).rstrip("."))
    advice = html.escape(str(d.get("advice", "")).rstrip("."))
    who = html.escape(f"{d.get('name', 'finding')} ({d.get('forecaster', '')})".replace(" ()", ""))
    return f"<li><b>{who}</b>: {what}.{f' Try: {advice}.' if advice else ''}</li>"
