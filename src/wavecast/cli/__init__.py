"""The command line: argv -> config -> experiment -> files. The only package that prints.

Each command lives in its own module with `add_parser(subparsers)`; heavy libraries are
imported inside the handlers so that `wavecast --help` starts fast.
"""

from __future__ import annotations

import os
import signal

# Ctrl-C before a command starts (these imports, then torch's in main) is one line and exit
# 130, as it is during training. Was: a 22-line KeyboardInterrupt traceback out of torch's
# import for the first ~1.5 s of a run; or, landing inside an import that swallowed it, a
# half-imported module and an AttributeError later, or a run that went on to the end.
EARLY_INTERRUPT = "wavecast: interrupted before training started; nothing was written"


def _exit_at_once(signum, frame) -> None:
    """SIGINT while importing: no KeyboardInterrupt (an import may swallow it or be left half
    done), but the line and exit 130 at once; nothing is open or written yet."""
    os.write(2, (EARLY_INTERRUPT + "\n").encode())
    os._exit(130)


def _guard_start():
    """Install _exit_at_once; returns the handler to restore (None off the main thread, where
    no handler can be set; asked of signal itself, as importing threading here cost ~1 ms)."""
    try:
        return signal.signal(signal.SIGINT, _exit_at_once)
    except ValueError:  # "signal only works in main thread of the main interpreter"
        return None


def _end_guard(old) -> None:
    if old is not None:
        signal.signal(signal.SIGINT, old)


# Guarded from here, before this module's own imports: argparse (with re and gettext) and
# wavecast.errors took ~10 ms of a start's first ~30 ms, where a Ctrl-C still gave Python's
# traceback. What runs before this line stays Python's (~15 ms: the interpreter's site, runpy,
# the console script's `import re`, wavecast/__init__ and `import signal` with its enum).
_old_int = _guard_start()
try:  # (a failed import must not leave a library user's Ctrl-C exiting the process)
    import argparse
    import sys

    from ..errors import WavecastError
    from . import backtest_cmd, forecast_cmd, recipes_cmd, run_cmd
    from .flags import expand_home, refuse_empty_columns, refuse_empty_paths
    from .parser import Parser
finally:
    _end_guard(_old_int)

COMMANDS = [run_cmd, backtest_cmd, forecast_cmd, recipes_cmd]


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(  # usage errors in one line (subcommands' parsers are Parsers too)
        prog="wavecast",
        description="Recurrent networks (RNN, LSTM, GRU) for time-series forecasting, "
        "compared with baselines on every run.",
    )
    from .. import __version__

    parser.add_argument("--version", action="version", version=f"wavecast {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMANDS:
        module.add_parser(sub)
    return parser


def _parse(parser: argparse.ArgumentParser, argv: list[str] | None) -> argparse.Namespace:
    """parse_args, but an unknown argument is reported by its subcommand's parser (argparse's
    top parser would point to `wavecast --help`, which says nothing about the flags)."""
    args, extra = parser.parse_known_args(argv)
    if extra:
        subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        subparsers.choices[args.command].error(f"unrecognized arguments: {' '.join(extra)}")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit code (0 ok, 2 bad input or usage, 130 interrupted)."""
    old_int = _guard_start()
    try:
        parser = build_parser()
        try:
            args = _parse(parser, argv)
        except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
            return int(exc.code or 0)
        args.argv = list(sys.argv[1:] if argv is None else argv)  # for the resume command line
        # One BLAS thread unless the user chose: set before NumPy loads its BLAS, this also
        # covers commands that never reach experiment.run (see the threadpoolctl note there).
        for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ.setdefault(var, "1")
        if not getattr(args, "light", False):
            _import_torch_and_freeze()  # ~1 s: where an early Ctrl-C most often lands
    finally:  # from here Ctrl-C is a KeyboardInterrupt again (the run folder cleans up on it)
        _end_guard(old_int)
    old_term = _on_sigterm()
    try:
        refuse_empty_paths(args)  # --out '': not the default, said
        refuse_empty_columns(args)  # --past '': not left off, said
        expand_home(args)  # --out=~/x: no shell expands a '~' after '=' (a folder named '~' was made)
        code = int(args.handler(args) or 0)
        sys.stdout.flush()  # a closed pipe shows here, not at exit as an ignored exception
        return code
    except BrokenPipeError:  # `wavecast demo | head -1`: the reader has what it wanted
        _silence_stdout()
        return 0
    except WavecastError as exc:
        print(f"wavecast: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("wavecast: interrupted", file=sys.stderr)
        return 130
    except _Terminated:  # the handlers' finally blocks removed their temp files on the way out
        print("wavecast: terminated (SIGTERM)", file=sys.stderr)
        return 143
    except OSError as exc:  # what no check foresaw (disk full, read-only): one line, the path
        print(f"wavecast: error: {_os_error(exc)}", file=sys.stderr)
        return 2
    except MemoryError:
        print("wavecast: error: out of memory; use less data or a smaller model", file=sys.stderr)
        return 2
    finally:
        if old_term is not None:
            signal.signal(signal.SIGTERM, old_term)


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's last flush of a closed pipe is quiet
    (the way Python's documentation on SIGPIPE recommends)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # stdout replaced (pytest's capture): nothing to do
        pass


def _os_error(exc: OSError) -> str:
    """An OSError as one line: the path, the cause, what to do."""
    import errno

    where = f"{exc.filename}: " if exc.filename else ""
    why = (exc.strerror or str(exc)).splitlines()[0] if (exc.strerror or str(exc)) else type(exc).__name__
    fix = {errno.ENOSPC: "free some space and run again",
           errno.EROFS: "choose another --out on a writable file system",
           errno.EACCES: "choose another --out or fix the permissions",
           errno.EPERM: "choose another --out or fix the permissions",
           errno.EDQUOT: "free some space and run again"}.get(exc.errno)
    return f"{where}{why}" + (f"; {fix}" if fix else "")


class _Terminated(BaseException):
    """SIGTERM outside training (which stops after a step and a checkpoint on its own)."""


def _on_sigterm():
    """Turn SIGTERM into an exception, so that finally blocks clean up; returns the old handler
    (None when not on the main thread, where no handler can be set)."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        return None

    def raise_terminated(signum, frame):
        raise _Terminated()

    return signal.signal(signal.SIGTERM, raise_terminated)


def _import_torch_and_freeze() -> None:
    """Import torch, then take its objects out of the garbage collector's scans.

    torch leaves ~10^5 tracked objects that live as long as the process; every full
    collection after it walks them all, and the imports and figures that follow set off
    many: gc.freeze() moved them to the permanent generation and a whole `wavecast run` of
    the demo took 2.18 s instead of 2.55 s (importing matplotlib alone 0.20 s instead of
    0.30 s). Only the command line does this, once a process (main() called again, as in the
    tests, freezes nothing more); the library leaves the caller's collector be.
    """
    import gc

    import torch  # noqa: F401  (imported for its objects, used by the handlers)

    if gc.get_freeze_count() == 0:
        gc.freeze()
