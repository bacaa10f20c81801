"""`wavecast backtest`: train once, then forecast from many origins after the training part.

The test part is lengthened when needed to hold every origin's full horizon, so the network
and the baselines never see a forecast's truth before its origin.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from . import forecast_cmd


def add_parser(sub) -> None:
    p = sub.add_parser(
        "backtest",
        help="rolling-origin backtest: train once, score forecasts from N origins",
        description="Train the configured network, then forecast `horizon` steps free-running "
        "from each of N origins (the last N, STRIDE apart) after the training part, all in one "
        "batched rollout, beside the baselines. Writes metrics.json (overall, by lead time, per "
        "origin, diagnostics), per_origin.csv, lead_time.png and config.json.",
    )
    p.add_argument("--config", metavar="FILE", help="TOML config; defaults are the demo's")
    p.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                   help="override a config value, e.g. --set model.cell=gru (repeatable)")
    p.add_argument("--origins", type=int, default=20, metavar="N", help="forecast origins (default 20)")
    p.add_argument("--stride", type=int, default=1, help="steps between origins (default 1)")
    p.add_argument("--refit", action="store_true",
                   help="refit the baselines on all data before each origin (the net is not retrained)")
    p.add_argument("--out", default="runs/backtest", metavar="DIR", help="output folder (default runs/backtest)")
    p.add_argument("--overwrite", action="store_true",
                   help="replace a wavecast folder of another kind in --out (a backtest folder is "
                   "replaced without it)")
    p.add_argument("--seed", type=int, default=None, help="random seed (default: the config's, 0)")
    p.add_argument("--quiet", action="store_true", help="no progress output")
    p.add_argument("--json", action="store_true", help="print the metrics as JSON")
    forecast_cmd.add_level_flag(p, "bands calibrated before the test, scored at every origin; default 80,95")
    p.set_defaults(handler=_backtest)


def _backtest(args) -> int:
    from ..config import load, override
    from ..errors import ValidationError
    from ..experiment import lead_time_figure, run_backtest
    from ..io.rundir import RunFolder
    from .output import Progress, diagnostics_text, intervals_table, metrics_table, print_json

    for name in ("origins", "stride"):
        if getattr(args, name) < 1:
            raise ValidationError(f"--{name} must be an integer >= 1 (got {getattr(args, name)})")
    cfg = load(args.config, [*args.overrides, *forecast_cmd.level_override(args)])
    if args.seed is not None:
        cfg = override(cfg, f"seed={args.seed}")
    t0 = time.perf_counter()
    folder = RunFolder(args.out, "backtest", overwrite=args.overwrite, replace_own=True)
    with folder as build:  # checked and locked before training; swapped in whole at the end
        bt = run_backtest(cfg, args.origins, args.stride, args.refit,
                          on_epoch=Progress(quiet=args.quiet or args.json))
        cfg, metrics, origins = bt.config, bt.metrics, bt.origins
        _write(build, cfg, metrics, bt.seconds, lead_time_figure)
    out = folder.out
    if args.json:
        print_json(metrics)
        return 0
    print(f"{cfg.name}: {cfg.model.cell.upper()} trained in {bt.train_seconds:.2f} s; "
          f"{args.origins} origins from index {origins[0]} to {origins[-1]}, every {args.stride}, "
          f"{cfg.window.horizon} steps ahead each")
    print(metrics_table(metrics))
    if intervals_table(metrics):
        print(intervals_table(metrics))
    for note in bt.notes:
        print(f"note: {note}")
    print(diagnostics_text(metrics))
    net = next(iter(bt.seconds))
    print(f"{net}: all {args.origins} origins in one batched rollout, {bt.seconds[net] * 1e3:.1f} ms")
    print(f"wrote {out}/ (metrics.json, per_origin.csv, lead_time.png, config.json, timings.json) "
          f"in {time.perf_counter() - t0:.1f} s")
    return 0


def _write(out: Path, cfg, metrics: dict, seconds: dict, lead_time_figure) -> Path:
    from ..config import to_dict
    from ..io.atomic import write_text

    write_text(out / "config.json", json.dumps(to_dict(cfg), indent=2) + "\n")
    write_text(out / "metrics.json", json.dumps(metrics, indent=2, allow_nan=False) + "\n")
    # Wall times live apart from metrics.json, which must be reproducible from the seed.
    write_text(out / "timings.json", json.dumps({"predict_seconds": seconds}, indent=2) + "\n")
    rows = metrics["forecasters"]
    names = list(rows)
    lines = ["origin," + ",".join(f"{n} mse,{n} mae" for n in names)]
    origin = metrics["backtest"]["first_origin"], metrics["backtest"]["stride"]
    for i in range(metrics["n_origins"]):
        cells = [f"{rows[n]['per_origin'][k][i]!r}" for n in names for k in ("mse", "mae")]
        lines.append(f"{origin[0] + i * origin[1]}," + ",".join(cells))
    write_text(out / "per_origin.csv", "\n".join(lines) + "\n")
    lead_time_figure(out / "lead_time.png", metrics)
    from ..experiment import coverage_figure

    coverage_figure(out / "coverage.png", metrics)
    return out
