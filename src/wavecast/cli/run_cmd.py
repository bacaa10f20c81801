"""`wavecast demo` and `wavecast run`: train, compare with baselines, write the run folder."""

from __future__ import annotations

import argparse
import sys
import time

from ..words import counted, series_of_targets
from . import flags


def add_parser(sub) -> None:
    demo = sub.add_parser(
        "demo",
        help="LSTM on the built-in sine wave (800 points, 40 a cycle), beside the baselines",
        description="Train an LSTM on the first 760 points of sin(2 pi t / 40), forecast the "
        "last 40 free-running, and compare with last value, seasonal naive, linear AR and theta.",
    )
    _common(demo, default_out="runs/demo")
    demo.set_defaults(handler=_demo)  # replaces its own (demo) folder: scratch

    # --help showed the usage and flags alone, no word of what a run does or writes (backtest,
    # forecast, demo and recipe each have a paragraph)
    run = sub.add_parser(
        "run", help="run the experiment a TOML config describes, or train on --data",
        description="Train the network on --data (or on the data a --config names; with neither, the demo's "
        "sine): the horizon, season and window come from the data's frequency unless set. The last horizon "
        "of each series is held out and forecast beside the baselines (mean, last value, seasonal naive, "
        "linear AR, theta) and scored; then the model that forecasts the future is trained on all of it. "
        "Writes to --out report.html, metrics.json, config.json, timings.json, checkpoint.safetensors, "
        "model/ (for wavecast forecast) and the plots (data.png, loss.png, forecast.png, future.png, "
        "lead_time.png).",
    )
    add_run_flags(run, default_out="runs/run")
    run.set_defaults(handler=_run)


def add_run_flags(p: argparse.ArgumentParser, default_out: str) -> None:
    """The flags of `run`: config, data, horizon and the common ones (backtest takes them too)."""
    flags.add_config(p)
    flags.add_data_flags(p)  # --data FILE --target COL [--time COL] [--id COL] ...
    flags.add_horizon(p)
    _common(p, default_out)


def _common(p: argparse.ArgumentParser, default_out: str) -> None:
    flags.add_set(p)
    flags.add_out(p, default_out)
    flags.add_seed(p)
    flags.add_quiet(p)
    flags.add_json(p, "print the metrics as JSON")
    flags.add_device(p)
    p.add_argument("--resume", action="store_true",
                   help="continue the training stopped in --out from its checkpoint, bit for bit")
    p.add_argument("--checkpoint-every", type=int, default=0, metavar="STEPS",
                   help="also checkpoint every STEPS optimizer steps (default: at epoch ends)")
    p.add_argument("--checkpoint-seconds", type=float, default=10.0, metavar="S",
                   help="at an epoch's end, checkpoint only if S seconds passed since the last "
                   "one (default 10; the last epoch and Ctrl-C always save; 0 = every epoch)")
    flags.add_overwrite(p, "replace a wavecast folder already in --out (built aside, swapped in whole; "
                        "a folder wavecast did not write is never replaced)")
    flags.add_level_flag(p, "scored on the held-out part, saved with the model; default 80,95; none for no bands")


def config_from(args, base: list[str] = ()):
    """The config the flags describe: --config, then the data flags, --horizon, --set, --level, --device."""
    from ..config import load

    sets = [*base, *flags.data_overrides(args), *flags.check_horizon(args), *args.overrides,
            *flags.level_override(args), *flags.device_override(args)]
    return load(getattr(args, "config", None), sets)


def _demo(args) -> int:
    return _execute(config_from(args, ["name=demo"]), args)


def _run(args) -> int:
    return _execute(config_from(args), args)


def _checkpoint_plan(cfg, args, folder):
    """Where training checkpoints (the folder being built) and whether it resumes."""
    from ..config import to_dict
    from ..errors import ValidationError
    from ..io.checkpoint import FILENAME, CheckpointPlan

    if not args.checkpoint_seconds >= 0:
        raise ValidationError(f"--checkpoint-seconds must be a number >= 0 (got {args.checkpoint_seconds})")
    return CheckpointPlan(folder / FILENAME, every=args.checkpoint_every, resume=args.resume,
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


def _train_and_save(cfg, args, folder, build, dataset=None):
    """Train (checkpointing into `build`) on `dataset` (read_dataset's; None: the signal) and, on
    rank 0, write the run into `build`."""
    from ..errors import TrainingInterrupted, ValidationError, WavecastError
    from ..experiment import run
    from ..experiment_files import save
    from ..training import distributed
    from .progress import Progress

    plan = _checkpoint_plan(cfg, args, build)
    d = distributed.from_env()  # torchrun: join the group (DDP); else one process, nothing imported
    progress = Progress(quiet=args.quiet or args.json or not d.is_main)
    try:
        result = run(cfg, on_epoch=progress, checkpoint=plan, dataset=dataset, dist=d)
    except (TrainingInterrupted, WavecastError):
        distributed.shutdown(d, ok=False)
        raise
    except RuntimeError as exc:  # a collective failed: a rank died or timed out
        if not d.active:
            raise
        distributed.shutdown(d, ok=False)
        raise distributed.describe(exc, d) from None
    finally:
        progress.close()  # early stopping ends before the last epoch
    distributed.shutdown(d)  # the last collective is behind us; only rank 0 writes and prints
    if not d.is_main:
        return None
    try:
        save(result, build)
    except OSError as exc:  # disk full, read-only: the build is removed, the previous run is whole
        kept = ("the previous run in it is unchanged" if build != folder.out
                else "files already there are intact (each old or new, none partial); free space "
                "and rerun with --resume")
        raise ValidationError(f"cannot write the run folder {folder.out}: {exc.strerror or exc}; "
                              f"{kept}") from None
    return result


def _execute(cfg, args) -> int:
    from ..data.source import read_dataset
    from ..errors import TrainingInterrupted, ValidationError
    from ..io.checkpoint import FILENAME
    from ..io.rundir import RunFolder
    from ..training import distributed
    from .flags import with_seed
    from .importance_table import importance_table
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

    cfg = with_seed(cfg, args.seed)
    t0 = time.perf_counter()
    if args.checkpoint_every < 0:
        raise ValidationError(f"--checkpoint-every must be an integer >= 0 (got {args.checkpoint_every})")
    distributed.read_env()  # a bad WORLD_SIZE or RANK fails before any folder is touched
    # The data read and checked before --out is: a data error is said whatever the folder holds (a
    # user told "already holds a run" replaced the folder, then learnt the data was wrong), and no
    # folder is made or locked for a run that cannot start. Reading writes nothing; the run would
    # read it first thing anyway (one read: the Dataset is passed on).
    dataset = read_dataset(cfg)
    demo = args.handler is _demo
    folder = RunFolder(args.out, "demo" if demo else "run", overwrite=args.overwrite, replace_own=demo,
                       resume=args.resume, writer=_is_main(), resumable=(FILENAME,))
    build = folder.open()
    try:
        result = _train_and_save(cfg, args, folder, build, dataset)
    except TrainingInterrupted as exc:
        folder.close(keep=True)  # its checkpoint is what --resume continues from
        if _is_main():
            print(f"wavecast: {exc}\nresume with: {_resume_command(args)}", file=sys.stderr)
        return exc.exit_code
    except BaseException as exc:
        folder.close()
        code = _stopped_after_training(exc, args, folder, build, FILENAME)
        if code is None:
            raise
        return code
    if result is None:  # torchrun's other ranks: rank 0 writes and prints
        return 0
    out = folder.commit()
    if args.json:
        print_json(result.metrics)
        return 0
    if args.quiet:  # nothing but errors, as on every command
        return 0
    cfg = result.config  # resolved: every "auto" filled in from the data
    h, net = cfg.window.horizon, next(iter(result.forecasters))
    how = ("whole horizon at once (direct)" if cfg.model.kind == "direct" else "free-running")
    print(f"{run_name(cfg)}: {net} trained in {result.train.seconds:.2f} s "
          f"({counted(result.metrics['train']['epochs'], 'epoch')}, seed {cfg.seed})")
    n = result.metrics.get("n_series")
    targets = list(result.metrics.get("by_target") or ())
    # several targets: the user's series and their targets (one series' two were "pooled over 2 series")
    pooled = "" if not n else f", {series_of_targets(n, targets)}" if len(targets) > 1 else f", pooled over {n} series"
    print(f"{h}-step {how} forecast of the held-out part{pooled}:")
    print(metrics_table(result.metrics))
    if result.metrics.get("by_target"):
        print(by_target_table(result.metrics))
    if n and per_series_table(result.metrics):  # (none for one series' targets: by_target_table's)
        print(per_series_table(result.metrics))
    if intervals_table(result.metrics):
        print(intervals_table(result.metrics))
    if importance_table(result.metrics):  # which drivers mattered: only a run given drivers has it
        print(importance_table(result.metrics))
    for note in result.notes:
        print(f"note: {note}")
    print(diagnostics_text(result.metrics))
    if not (out / "future.png").exists():  # said, not only missing from the list
        print(f"note: {_no_future(result)}")
    if gone_note(folder):
        print(gone_note(folder))
    check = (result.seconds or {}).get("without_drivers")
    if check is not None:  # its own training: fpp2's elecdemand with drivers spent 126 s of 289 on it, unsaid
        from ..drivers_check import SUFFIX

        print(f"{net}{SUFFIX}: the same net fitted without the drivers, {check:.2f} s "
              "(--set eval.without_drivers=false skips it)")
    print(wrote_line(out, time.perf_counter() - t0))
    return 0


def _stopped_after_training(exc: BaseException, args, folder, build, checkpoint: str) -> int | None:
    """Ctrl-C or SIGTERM outside the training loop (which stops on its own) in a run built in place, once it
    has a checkpoint: what its folder holds and how to finish it, on stderr, and the exit code (None: not such
    a stop). It said only 'wavecast: interrupted', and a folder stopped while its files were written
    (metrics.json, model/, some figures, no report.html) was left to be taken for a whole run."""
    from . import _Terminated

    if not isinstance(exc, (KeyboardInterrupt, _Terminated)) or build != folder.out or not _is_main() \
            or not (build / checkpoint).is_file():
        return None  # a replacement's build is removed (the old run is whole); before training, nothing is kept
    how = "interrupted by SIGINT" if isinstance(exc, KeyboardInterrupt) else "terminated by SIGTERM"
    written = sorted(p.name for p in build.iterdir() if not p.name.startswith(".") and p.name != checkpoint)
    where = (f" while {folder.out} was written: it is incomplete (each file in it is whole, but report.html or "
             "figures may be missing)" if written else f"; {folder.out} holds its checkpoint, not yet a run")
    print(f"wavecast: {how}{where}\nresume with: {_resume_command(args)}", file=sys.stderr)
    return 130 if isinstance(exc, KeyboardInterrupt) else 143


def _no_future(result) -> str:
    """Why future.png was not drawn (future.future_of_first returned None)."""
    cov = getattr(result.dataset, "covariates", None)
    if cov is not None and cov.future:
        h = result.config.window.horizon
        ahead = _rows_ahead(result.dataset, cov)
        first = getattr(result, "first", 0)
        if ahead is None or first >= len(ahead):  # (not counted: said as before)
            where = "have no rows past the end of the data"
        else:  # the figure draws the first scored series; a panel's other series may hold their rows
            sid = result.dataset.ids[first] if result.dataset.ids else None
            short = [i for i, k in enumerate(ahead) if k < h]
            where = ((f"hold {ahead[first]} row(s)" if ahead[first] else "have no rows") + " past the end of "
                     + (f"series {sid!r}" if sid else "the data")
                     + (f" ({len(short)} of {len(ahead)} series hold fewer than {h})" if len(ahead) > 1 else ""))
        return (f"no future.png: the future covariate(s) {', '.join(cov.future)} {where} for the {h}-step "
                "horizon (add those rows, target empty, to draw the forecast past the end; `wavecast forecast` "
                "needs them too)")
    return "no future.png: the saved model cannot forecast past the end of the first series from this data"


def _rows_ahead(dataset, cov) -> list[int] | None:
    """Each series' rows of complete future covariates right after its last value (0 when none),
    or None when the covariate rows cannot be matched to the series."""
    import numpy as np

    if len(cov.values) != len(dataset.values):
        return None
    cols = slice(len(cov.past), len(cov.past) + len(cov.future))
    out = []
    for v, rows in zip(dataset.values, cov.values, strict=True):
        ok = np.isfinite(np.asarray(rows, dtype=np.float64)[len(v):, cols]).all(axis=1)  # (extra,)
        out.append(int(ok.argmin()) if not ok.all() else len(ok))
    return out
