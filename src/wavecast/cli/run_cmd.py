"""`wavecast demo` and `wavecast run`: train, compare with baselines, write the run folder."""

from __future__ import annotations

import argparse
import sys
import time

from . import forecast_cmd


def add_parser(sub) -> None:
    demo = sub.add_parser(
        "demo",
        help="LSTM on the built-in sine wave (800 points, 40 a cycle), beside the baselines",
        description="Train an LSTM on the first 760 points of sin(2 pi t / 40), forecast the "
        "last 40 free-running, and compare with last value, seasonal naive and linear AR.",
    )
    _common(demo, default_out="runs/demo")
    demo.set_defaults(handler=_demo, overwrite=True)  # the demo's own folder is scratch

    run = sub.add_parser("run", help="run the experiment a TOML config describes")
    run.add_argument("--config", metavar="FILE", help="TOML config; defaults are the demo's")
    forecast_cmd.add_data_flags(run)  # --data FILE --target COL [--time COL] [--id COL] ...
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
    p.add_argument("--resume", action="store_true",
                   help="continue the training stopped in --out from its checkpoint, bit for bit")
    p.add_argument("--checkpoint-every", type=int, default=0, metavar="STEPS",
                   help="also checkpoint every STEPS optimizer steps (default: at epoch ends)")
    p.add_argument("--checkpoint-seconds", type=float, default=10.0, metavar="S",
                   help="at an epoch's end, checkpoint only if S seconds passed since the last "
                   "one (default 10; the last epoch and Ctrl-C always save; 0 = every epoch)")
    p.add_argument("--overwrite", action="store_true", help="replace a run already in --out")
    forecast_cmd.add_level_flag(p, "scored on the held-out part, saved with the model; default 80,95")


def _demo(args) -> int:
    from ..config import load

    cfg = load(None, ["name=demo", *args.overrides, *forecast_cmd.level_override(args)])
    return _execute(cfg, args)


def _run(args) -> int:
    from ..config import load

    cfg = load(args.config, [*forecast_cmd.data_overrides(args), *args.overrides, *forecast_cmd.level_override(args)])
    return _execute(cfg, args)


def _checkpoint_plan(cfg, args):
    """Refuse to clobber a run; with --resume, require its checkpoint."""
    from pathlib import Path

    from ..config import to_dict
    from ..errors import ValidationError
    from ..io.checkpoint import FILENAME, CheckpointPlan

    out = Path(args.out)
    path = out / FILENAME
    if args.checkpoint_every < 0:
        raise ValidationError(f"--checkpoint-every must be an integer >= 0 (got {args.checkpoint_every})")
    if args.resume and not path.is_file():
        raise ValidationError(f"nothing to resume: {path} does not exist; run without --resume")
    taken = [n for n in ("metrics.json", FILENAME) if (out / n).exists()]
    if taken and not (args.resume or args.overwrite):
        raise ValidationError(f"{out} already holds a run ({', '.join(taken)}); pass --overwrite "
                              "to replace it or --resume to continue its training")
    if args.overwrite and not args.resume and path.exists() and _is_main():
        path.unlink(missing_ok=True)  # a fresh run must not pick up the old run's state
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ValidationError(f"cannot create the output folder {out}: {exc.strerror or exc}") from None
    if not args.checkpoint_seconds >= 0:
        raise ValidationError(f"--checkpoint-seconds must be a number >= 0 (got {args.checkpoint_seconds})")
    return CheckpointPlan(path, every=args.checkpoint_every, resume=args.resume,
                          min_seconds=args.checkpoint_seconds,
                          identity={"config": to_dict(cfg)})


def _resume_command(args) -> str:
    """This command line again, with --resume (and without --overwrite)."""
    import shlex

    argv = [a for a in getattr(args, "argv", []) if a not in ("--overwrite", "--resume")]
    return shlex.join(["wavecast", *argv, "--resume"])


def _is_main() -> bool:
    """Rank 0 under torchrun (RANK set), or a plain single process."""
    import os

    return os.environ.get("RANK", "0") in ("", "0")


def _execute(cfg, args) -> int:
    from ..errors import TrainingInterrupted, WavecastError
    from ..experiment import run, save
    from ..training import distributed
    from .output import Progress, diagnostics_text, intervals_table, metrics_table, print_json

    if args.seed is not None:
        from ..config import override

        cfg = override(cfg, f"seed={args.seed}")
    t0 = time.perf_counter()
    plan = _checkpoint_plan(cfg, args)
    d = distributed.from_env()  # torchrun: join the group (DDP); else one process, nothing imported
    try:
        result = run(cfg, on_epoch=Progress(quiet=args.quiet or args.json or not d.is_main),
                     checkpoint=plan, dist=d)
    except TrainingInterrupted as exc:
        distributed.shutdown(d, ok=False)
        if d.is_main:
            print(f"wavecast: {exc}\nresume with: {_resume_command(args)}", file=sys.stderr)
        return exc.exit_code
    except WavecastError:
        distributed.shutdown(d, ok=False)
        raise
    except RuntimeError as exc:  # a collective failed: a rank died or timed out
        if not d.active:
            raise
        distributed.shutdown(d, ok=False)
        raise distributed.describe(exc, d) from None
    distributed.shutdown(d)  # the last collective is behind us; only rank 0 writes and prints
    if not d.is_main:
        return 0
    try:
        out = save(result, args.out)
    except OSError as exc:  # disk full, read-only: each file is whole (old or new), none partial
        from ..errors import ValidationError

        raise ValidationError(f"cannot write the run folder {args.out}: {exc.strerror or exc}; "
                              "files already there are intact; free space and rerun with --resume") from None
    if args.json:
        print_json(result.metrics)
        return 0
    h = cfg.window.horizon
    print(f"{cfg.name}: {cfg.model.cell.upper()} trained in {result.train.seconds:.2f} s "
          f"({len(result.train.history['train_loss'])} epochs, seed {cfg.seed})")
    print(f"{h}-step free-running forecast of the held-out part:")
    print(metrics_table(result.metrics))
    if intervals_table(result.metrics):
        print(intervals_table(result.metrics))
    for note in result.notes:
        print(f"note: {note}")
    print(diagnostics_text(result.metrics))
    print(f"wrote {out}/ (report.html, model/, forecast.png, loss.png, lead_time.png, metrics.json, config.json) "
          f"in {time.perf_counter() - t0:.1f} s")
    return 0
