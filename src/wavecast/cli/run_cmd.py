"""`wavecast demo` and `wavecast run`: train, compare with baselines, write the run folder."""

from __future__ import annotations

import argparse
import time


def add_parser(sub) -> None:
    demo = sub.add_parser(
        "demo",
        help="LSTM on the built-in sine wave (800 points, 40 a cycle), beside the baselines",
        description="Train an LSTM on the first 760 points of sin(2 pi t / 40), forecast the "
        "last 40 free-running, and compare with last value, seasonal naive and linear AR.",
    )
    _common(demo, default_out="runs/demo")
    demo.set_defaults(handler=_demo)

    run = sub.add_parser("run", help="run the experiment a TOML config describes")
    run.add_argument("--config", metavar="FILE", help="TOML config; defaults are the demo's")
    _common(run, default_out="runs/run")
    run.set_defaults(handler=_run)


def _common(p: argparse.ArgumentParser, default_out: str) -> None:
    p.add_argument(
        "--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
        help="override a config value, e.g. --set train.lr=3e-3 (repeatable)",
    )
    p.add_argument("--out", default=default_out, metavar="DIR", help=f"output folder (default {default_out})")
    p.add_argument("--seed", type=int, default=None, help="random seed (default: the config's, 0)")
    p.add_argument("--quiet", action="store_true", help="no progress output")
    p.add_argument("--json", action="store_true", help="print the metrics as JSON")


def _demo(args) -> int:
    from ..config import load

    cfg = load(None, ["name=demo", *args.overrides])
    return _execute(cfg, args)


def _run(args) -> int:
    from ..config import load

    cfg = load(args.config, args.overrides)
    return _execute(cfg, args)


def _execute(cfg, args) -> int:
    from ..experiment import run, save
    from .output import Progress, metrics_table, print_json

    if args.seed is not None:
        from ..config import override

        cfg = override(cfg, f"seed={args.seed}")
    t0 = time.perf_counter()
    result = run(cfg, on_epoch=Progress(quiet=args.quiet or args.json))
    out = save(result, args.out)
    if args.json:
        print_json(result.metrics)
        return 0
    h = cfg.window.horizon
    print(f"{cfg.name}: {cfg.model.cell.upper()} trained in {result.train.seconds:.2f} s "
          f"({len(result.train.history['train_loss'])} epochs, seed {cfg.seed})")
    print(f"{h}-step free-running forecast of the held-out part:")
    print(metrics_table(result.metrics))
    for note in result.notes:
        print(f"note: {note}")
    print(f"wrote {out}/ (forecast.png, loss.png, metrics.json, config.json) "
          f"in {time.perf_counter() - t0:.1f} s")
    return 0
