"""`wavecast backtest`: train once, then forecast from many origins after the training part
(every series of a panel from its own last origins, with --refit and --refit-every too).

The test part is lengthened when needed to hold every origin's full horizon, so the network
and the baselines never see a forecast's truth before its origin.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from ..words import series_counted
from . import flags


def add_parser(sub) -> None:
    p = sub.add_parser(
        "backtest",
        help="rolling-origin backtest: score forecasts from N origins (takes run's data flags)",
        description="Train the configured network, then forecast `horizon` steps from each of N "
        "origins (the last N, STRIDE apart) after the training part, beside the baselines: by "
        "default one model and one batched rollout, and with --id every series from its own last N "
        "origins (scores pooled and per series); --refit-every K trains again every K origins, --refit "
        "refits every forecaster before each origin (a panel: every series still, each refit forecasting "
        "every series from its origin at that distance from its end). "
        "Writes report.html, metrics.json (overall, by lead time, per origin, diagnostics), "
        "per_origin.csv, forecasts.csv (each origin's forecasts and bands beside the actual values, as "
        "wavecast.backtest(...).forecasts), config.json, timings.json (wall times), data.png (the data and its split), "
        "lead_time.png and coverage.png (interval coverage by lead time, when there are bands and at "
        "least 20 forecasts a lead).",
    )
    flags.add_config(p)
    flags.add_data_flags(p)  # the same --data --target --time --id ... as `wavecast run`
    flags.add_horizon(p)
    flags.add_set(p)
    p.add_argument("--origins", type=int, default=20, metavar="N", help="forecast origins (default 20)")
    p.add_argument("--stride", type=int, default=1, help="steps between origins (default 1)")
    how = p.add_mutually_exclusive_group()  # one way to fit again: both printed two notes that contradict
    how.add_argument("--refit", action="store_true",
                   help="refit every forecaster before each origin on every series' data before it: the "
                   "baselines, the recursive net's scalers (its weights stay), the direct net trained again "
                   "(covariates and several targets included); not with --refit-every")
    how.add_argument("--refit-every", type=int, default=0, metavar="K",
                   help="train the network again every K origins, each time on the data before the "
                   "origin (a panel: every series cut as far from its end, each model forecasting every series "
                   "from its origins in its group; slow: N/K trainings; not with --refit); default 0: train once, all origins "
                   "batched")
    flags.add_out(p, "runs/backtest")
    flags.add_overwrite(p, "replace a wavecast folder of another kind in --out (a backtest folder is "
                        "replaced without it)")
    flags.add_seed(p)
    flags.add_quiet(p)
    flags.add_json(p, "print the metrics as JSON")
    flags.add_device(p)
    flags.add_level_flag(p, "bands made as the saved model's at the first origin, scored at every origin; "
                         "default 80,95; none for no bands")
    p.set_defaults(handler=_backtest)


def _backtest(args) -> int:
    from ..data.source import read_dataset
    from ..drivers_check import SUFFIX
    from ..errors import ValidationError
    from ..experiment_backtest import run_backtest
    from ..experiment_files import lead_time_figure, panel_how, save_backtest, series_how
    from ..io.rundir import RunFolder
    from .output import (
        by_target_table,
        diagnostics_text,
        gone_note,
        intervals_table,
        metrics_table,
        per_series_table,
        print_json,
        run_name,
        wrote_line,
    )
    from .progress import Progress
    from .run_cmd import config_from

    for name in ("origins", "stride"):
        if getattr(args, name) < 1:
            raise ValidationError(f"--{name} must be an integer >= 1 (got {getattr(args, name)})")
    if args.refit_every < 0:
        raise ValidationError(f"--refit-every must be an integer >= 0 (got {args.refit_every})")
    cfg = config_from(args)
    cfg = flags.with_seed(cfg, args.seed)
    t0 = time.perf_counter()
    dataset = read_dataset(cfg)  # before --out is checked, as run reads it: a data error said first
    folder = RunFolder(args.out, "backtest", overwrite=args.overwrite, replace_own=True)
    with folder as build:  # checked and locked before training; swapped in whole at the end
        progress = Progress(quiet=args.quiet or args.json)
        try:
            bt = run_backtest(cfg, args.origins, args.stride, args.refit, on_epoch=progress,
                              refit_every=args.refit_every, dataset=dataset)
        finally:
            progress.close()
        cfg, metrics, origins = bt.config, bt.metrics, bt.origins
        walls = {"train": bt.train_seconds, "total": time.perf_counter() - t0}  # the headline's and the files' own
        _write(build, cfg, metrics, bt.seconds, lead_time_figure, bt.without_drivers_seconds, walls)
        unwritten = _forecasts(build, bt, dataset)
        save_backtest(bt, build)  # report.html
    out = folder.out
    if args.json:
        print_json(metrics)
        return 0
    if args.quiet:  # nothing but errors, as on every command
        return 0
    net = next(iter(bt.seconds))
    every = metrics["backtest"].get("every_series")
    if every:  # every series, each from its own last origins
        print(f"{run_name(cfg)}: {_trained(bt, cfg, net)}; every series: "
              f"{series_counted(metrics['n_series'], metrics.get('targets') or ())} x "
              f"{args.origins} origins, each series' own last {args.origins}, every {args.stride}, "
              f"{cfg.window.horizon} steps ahead each; {metrics['scores']}")
    else:
        print(f"{run_name(cfg)}: {_trained(bt, cfg, net)}; "
              f"{args.origins} origins {_span(bt, origins)}, every {args.stride}, "
              f"{cfg.window.horizon} steps ahead each")
    print(metrics_table(metrics))
    if every:
        if by_target_table(metrics):
            print(by_target_table(metrics))
        if per_series_table(metrics):  # (none for one series' targets: by_target_table's)
            print(per_series_table(metrics))
    if intervals_table(metrics):
        print(intervals_table(metrics))
    for note in bt.notes:
        print(f"note: {note}")
    print(diagnostics_text(metrics))
    if gone_note(folder):
        print(gone_note(folder))
    if unwritten:
        print(f"note: {unwritten}")
    what = (f"{len(origins)} forecasts ({series_counted(metrics['n_series'], metrics.get('targets') or ())} x "
            f"{args.origins} origins)") if every else \
        f"{args.origins} origins"
    info = metrics["backtest"]
    how = "in one batched rollout"
    if info["refit"] or info["refit_every"]:  # refitted or retrained: said as the report says it
        how = f"({panel_how(info, len(origins)) if every else series_how(info)})"
    print(f"{net}: all {what} {how}, {bt.seconds[net] * 1e3:.1f} ms")
    if bt.without_drivers_seconds is not None:  # what the drivers check cost: its own trainings and forecasts
        print(f"{net}{SUFFIX}: the same backtest without the drivers, {bt.without_drivers_seconds:.2f} s "
              "(--set eval.without_drivers=false skips it)")
    print(wrote_line(out, time.perf_counter() - t0))
    return 0


def _trained(bt, cfg, net: str) -> str:
    """The headline's training, every training counted: --refit trains the direct net again
    before each origin (inside the forecasters' timed fits and forecasts), which the headline's
    'LSTM trained in 0.09 s' left out (the first training alone, 3 refits after it)."""
    said = f"{net} trained in {bt.train_seconds:.2f} s"
    refit = bt.metrics["backtest"].get("refit")
    if bt.n_trainings > 1 and not refit:  # --refit-every: the whole run trained again, each training in train_seconds
        said += f" ({bt.n_trainings} trainings)"
    if not refit:
        return said
    k = bt.metrics["backtest"]["origins"]
    if cfg.model.kind != "direct":  # the recursive net's refit: its scalers, not its weights
        return said + f", then its scalers refitted before each of the {k} origins (its weights not retrained)"
    return (said + f", then trained again before each of the {k} origins ({bt.n_trainings} trainings in all; the "
            f"refits {bt.seconds[net]:.2f} s with their forecasts; the training note is the first training's, each "
            "refit chose its length the same way)")


def _write(out: Path, cfg, metrics: dict, seconds: dict, lead_time_figure, without_drivers: float | None = None,
           walls: dict | None = None) -> Path:
    from ..config import to_dict
    from ..io.atomic import write_text

    write_text(out / "config.json", json.dumps(to_dict(cfg), indent=2) + "\n")
    write_text(out / "metrics.json", json.dumps(metrics, indent=2, allow_nan=False) + "\n")
    # Wall times live apart from metrics.json, which must be reproducible from the seed.
    # walls: the training's and the whole command's up to its files (it held the forecasts' alone: a
    # user round's 44 s sunspot backtest left 0.01 s of it in timings.json)
    times = {**(walls or {}), "predict_seconds": seconds,
             **({"without_drivers": without_drivers} if without_drivers is not None else {})}
    write_text(out / "timings.json", json.dumps(times, indent=2) + "\n")
    write_text(out / "per_origin.csv", "\n".join(_per_origin_lines(metrics)) + "\n")
    lead_time_figure(out / "lead_time.png", metrics)
    from ..experiment_files import coverage_figure

    coverage_figure(out / "coverage.png", metrics)
    return out


def _forecasts(out: Path, bt, dataset) -> str:
    """forecasts.csv: every origin's forecasts, as wavecast.backtest(...).forecasts gives them
    ([id,] cutoff, time, the actual value, each forecaster's forecast and bands). The command wrote
    the scores alone: per_origin.csv numbers its origins by index, so which dates each forecast
    covered, and the forecasts themselves, were lost. '' when written, else why not (a note)."""
    from ..cross_validation import forecasts_frame
    from ..errors import ValidationError
    from ..io.atomic import write_text

    if dataset is None:  # the built-in sine (no --data): its steps are in metrics.json's per-origin scores
        return ""
    try:
        frame = forecasts_frame(bt, dataset, levels=tuple(bt.config.eval.levels))
    except ValidationError as exc:  # a data column named as a forecaster's: the scores stand without it
        return f"forecasts.csv not written: {exc}"
    write_text(out / "forecasts.csv", frame.to_csv(index=False))
    return ""


def _per_origin_lines(metrics: dict) -> list[str]:
    """per_origin.csv: each forecaster's MSE and MAE at each origin; every series backtested:
    one line a series' origin, its id (and target) first."""
    rows = metrics["forecasters"]
    names = list(rows)
    errors = ",".join(f"{n} mse,{n} mae" for n in names)
    at = metrics["backtest"].get("per_origin")
    if at is not None:
        keys = [k for k in ("series", "target") if k in at]
        lines = [",".join([*keys, "origin"]) + "," + errors]
        for i, o in enumerate(at["origin"]):
            cells = [_csv(at[k][i]) for k in keys] + [str(o)]
            cells += [_score(rows[n]['per_origin'][k][i]) for n in names for k in ("mse", "mae")]
            lines.append(",".join(cells))
        return lines
    lines = ["origin," + errors]
    origin = metrics["backtest"]["first_origin"], metrics["backtest"]["stride"]
    for i in range(metrics["n_origins"]):
        cells = [_score(rows[n]['per_origin'][k][i]) for n in names for k in ("mse", "mae")]
        lines.append(f"{origin[0] + i * origin[1]}," + ",".join(cells))
    return lines


def _score(value) -> str:
    """A score's cell, exact (repr); empty for an origin with no measured truth (null: every one
    of its truths filled by the reader, evaluate.filled)."""
    return "" if value is None else repr(value)


def _csv(value) -> str:
    """A CSV cell: quoted when the id holds a comma, a quote or a line break."""
    v = str(value)
    return '"' + v.replace('"', '""') + '"' if any(c in v for c in ',"\n\r') else v


def _span(bt, origins) -> str:
    """Where one series' origins lie: by the last time each knows ('cutoffs 2024-09-22 to
    2024-09-29 (index 143 to 144)'; it said the indices alone), or by index without times."""
    import pandas as pd

    index = f"index {origins[0]} to {origins[-1]}"
    ds = getattr(bt.result, "dataset", None)
    times = ds.times[bt.result.first] if ds is not None and ds.times else None
    if times is None or isinstance(times, (range, pd.RangeIndex)) or not len(times):
        return f"from {index}"
    from ..data.timesaid import describe

    text = getattr(ds, "time_text", "")  # quarters or ISO weeks as the data wrote them ('2020Q1')
    return (f"with cutoffs {describe(times[origins[0] - 1], text)} to {describe(times[origins[-1] - 1], text)} "
            f"({index})")
