"""Run folders: wavecast writes only into folders it made, one writer at a time, and replaces a
run whole or not at all.

    out/.wavecast-run.json      the marker: {"wavecast": "run folder", "kind": "run" | ...}
    parent/.NAME.wavecast-lock  held (flock) by the one process writing `out`
    parent/.NAME.wavecast-new   a replacement being built; renamed over `out` when complete

A non-empty folder without the marker is never written into. A new (or empty) folder is built
in place, marker first, so an interrupted training's checkpoint is where --resume looks. A run
that replaces another is built aside and swapped in (old renamed aside, new renamed in, old
removed): any failure before the swap leaves the old run whole.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import shutil
import stat
from pathlib import Path

from ..errors import TrainingInterrupted, ValidationError
from ..forecasters.baseline_names import NAMES
from .forecastfile import output_kind, tagged_parquet

MARKER = ".wavecast-run.json"
KINDS = ("run", "backtest", "demo", "recipe")


def read_marker(folder: Path) -> dict | None:
    """The marker's contents, or None when `folder` has no readable marker."""
    try:
        doc = json.loads((Path(folder) / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return doc if isinstance(doc, dict) and doc.get("wavecast") == "run folder" else None


def write_marker(folder: Path, kind: str) -> None:
    from .. import __version__
    from .atomic import write_text

    write_text(Path(folder) / MARKER, json.dumps({"wavecast": "run folder", "kind": kind,
                                                  "version": __version__}) + "\n")


def _cannot(path: Path, exc: OSError, what: str = "write", flag: str = "--out") -> ValidationError:
    why = "the disk is full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
    return ValidationError(f"cannot {what} {path}: {why}{_fix(exc, flag)}")


def _fix(exc: OSError, flag: str) -> str:
    """What to do about an OSError of the output folder, as the CLI says it for a forecast's file
    (a run into a read-only folder said only 'cannot create the lock file ...: Operation not permitted')."""
    return {errno.ENOSPC: "; free some space and run again", errno.EDQUOT: "; free some space and run again",
            errno.EROFS: f"; choose another {flag} on a writable file system",
            errno.EACCES: f"; choose another {flag} or fix the permissions",
            errno.EPERM: f"; choose another {flag} or fix the permissions"}.get(exc.errno, "")


class RunFolder:
    """The output folder of one command: checked, locked, built in place or aside, committed.

    kind: what the command writes (run, backtest, demo, recipe). overwrite: replace a run of
    any kind. replace_own: replace a folder of the same kind without --overwrite (the scratch
    folders of demo, backtest and recipe). resume: continue the run whose checkpoint is in
    `out` (or in its replacement being built). writer: False on torchrun's other ranks, which
    only read (the checkpoint path) and never create, lock or rename anything.
    """

    def __init__(self, out: str | Path, kind: str, *, overwrite: bool = False, replace_own: bool = False,
                 resume: bool = False, writer: bool = True, flag: str = "--out",
                 resumable: tuple[str, ...] = (), overwrite_how: str = "pass --overwrite") -> None:
        assert kind in KINDS
        self.out = Path(out)
        self.kind, self.overwrite, self.replace_own, self.resume = kind, overwrite, replace_own, resume
        self.writer, self.flag, self.resumable = writer, flag, resumable
        self.overwrite_how = overwrite_how  # in the caller's words: a flag, or a keyword
        self.absolute = Path(os.path.abspath(self.out))  # "." and "runs/x/" have a name and a parent
        name = self.absolute.name or "out"
        self.parent = self.absolute.parent
        self.staging = self.parent / f".{name}.wavecast-new"
        self.old = self.parent / f".{name}.wavecast-old"
        self.lock_path = self.parent / f".{name}.wavecast-lock"
        self.build: Path | None = None
        self._lock_fd: int | None = None
        self._created = False
        self._done = False
        # what the folder replaced held that the new one does not (a forecast written into the
        # old run's folder, as the README's example does): said by the command, not dropped unsaid
        self.gone: list[str] = []

    # ------------------------------------------------------------ deciding where to build

    def _state(self) -> str:
        try:
            st = os.lstat(self.out)
        except FileNotFoundError:
            return "missing"
        except OSError as exc:
            raise _cannot(self.out, exc, "use", self.flag) from None
        if stat.S_ISLNK(st.st_mode):
            raise ValidationError(f"{self.flag} {self.out} is a symbolic link; give the real folder")
        if not stat.S_ISDIR(st.st_mode):
            raise ValidationError(f"{self.flag} {self.out} is a file, not a folder; choose a folder name")
        try:
            entries = [e for e in os.listdir(self.out)]
        except OSError as exc:
            raise _cannot(self.out, exc, "read", self.flag) from None
        if not entries:
            return "empty"
        marker = read_marker(self.out)
        if marker is None:
            raise ValidationError(
                f"{self.flag} {self.out} is not empty and was not written by wavecast (no {MARKER}); "
                "wavecast never writes into such a folder: choose a new or empty folder")
        if entries == [MARKER]:
            return "empty-ours"  # a run that failed before writing anything
        return "ours:" + str(marker.get("kind"))

    def _has(self, folder: Path, names: tuple[str, ...]) -> list[str]:
        return [n for n in names if (folder / n).exists()]

    def open(self) -> Path:
        """Check `out`, take the lock and return the folder to write into."""
        if not self.writer:  # torchrun's other ranks: the same path as rank 0, nothing touched
            staged = self.resume and self._has(self.staging, self.resumable)
            self.build = self.staging if staged else self.out
            return self.build
        try:
            if self.parent.exists() and not self.parent.is_dir():
                raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR))
            self.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ValidationError(f"cannot create the output folder {self.out}: "
                                  f"{exc.strerror or exc}{_fix(exc, self.flag)}") from None
        self._take_lock()
        try:
            self.build = self._decide()
            if self.build == self.staging and not (self.resume and self.staging.is_dir()):
                self._remove(self.staging)  # a replacement a failed run left half built
                self.staging.mkdir()
                write_marker(self.staging, self.kind)
            elif self.build == self.out and not self.resume:  # new, empty, or only a marker
                if not self.out.exists():
                    self.out.mkdir()
                    self._created = True
                write_marker(self.out, self.kind)
        except OSError as exc:
            self.close(ok=False)
            raise _cannot(self.out, exc, "create", self.flag) from None
        except BaseException:
            self.close(ok=False)
            raise
        return self.build

    def _decide(self) -> Path:
        if self.resume:
            if self._has(self.staging, self.resumable) and read_marker(self.staging):
                return self.staging  # an interrupted replacement: continue it, swap at the end
            state = self._state()
            if not (state.startswith("ours:") and self._has(self.out, self.resumable)):
                need = self.out / (self.resumable or ("metrics.json",))[0]
                raise ValidationError(f"nothing to resume: {need} does not exist; run without --resume")
            return self.out
        state = self._state()
        if state in ("missing", "empty", "empty-ours"):
            return self.out
        kind = state.removeprefix("ours:")
        if self.overwrite or (self.replace_own and kind == self.kind):
            foreign = foreign_files(self.out)
            if foreign:
                shown = ", ".join(foreign[:5]) + (f" and {len(foreign) - 5} more" if len(foreign) > 5 else "")
                raise ValidationError(
                    f"{self.flag} {self.out} holds files wavecast did not write ({shown}); replacing the "
                    f"folder would delete them: move them out, or choose another {self.flag}")
            return self.staging
        if kind != self.kind:
            raise ValidationError(
                f"{self.flag} {self.out} holds a wavecast {kind} folder, not a {self.kind}; choose "
                f"another {self.flag}, or {self.overwrite_how} to replace it")
        # what it holds by name: a model saved in Python was "already holds a run (files)"
        taken = self._has(self.out, ("metrics.json", *self.resumable)) or [
            p.name + "/" * p.is_dir() for p in sorted(self.out.iterdir()) if not p.name.startswith(".")][:5] or ["files"]
        if self.resumable and self._has(self.out, self.resumable):
            hint = f"{self.overwrite_how} to replace it or --resume to continue its training"
        elif self.resumable:  # a model saved by Forecaster.save, or a run whose checkpoint is gone: --resume
            # would fail 'nothing to resume' (as it was suggested to a saved model's folder)
            hint = (f"choose another {self.flag}, or {self.overwrite_how} to replace it (it holds no checkpoint "
                    "to --resume)")
        else:
            hint = f"{self.overwrite_how} to replace it"
        raise ValidationError(f"{self.out} already holds a {kind} ({', '.join(taken)}); {hint}")

    # ------------------------------------------------------------ the lock

    def _take_lock(self) -> None:
        import fcntl

        while True:
            try:
                fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                raise _cannot(self.lock_path, exc, "create the lock file", self.flag) from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                raise ValidationError(
                    f"another wavecast process is writing {self.out} (lock {self.lock_path}); wait for "
                    f"it to finish or choose another {self.flag}") from None
            # The holder before us may have removed the lock file after we opened it.
            try:
                same = os.stat(self.lock_path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if same:
                self._lock_fd = fd
                return
            os.close(fd)

    def _release_lock(self) -> None:
        if self._lock_fd is None:
            return
        with contextlib.suppress(OSError):
            os.unlink(self.lock_path)
        os.close(self._lock_fd)
        self._lock_fd = None

    # ------------------------------------------------------------ finishing

    @staticmethod
    def _remove(folder: Path) -> None:
        if folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder, ignore_errors=True)

    def commit(self) -> Path:
        """Make the built folder `out`: swap a replacement in; then release the lock."""
        try:
            if self.writer and self.build == self.staging:
                self._remove(self.old)
                moved = False
                try:
                    if self.absolute.exists():
                        os.rename(self.absolute, self.old)
                        moved = True
                    os.rename(self.staging, self.absolute)
                except OSError as exc:
                    if moved:  # put the old run back where it was
                        with contextlib.suppress(OSError):
                            os.rename(self.old, self.absolute)
                    self._remove(self.staging)
                    raise ValidationError(f"cannot replace {self.out}: {exc.strerror or exc}; the previous "
                                          "run is kept unchanged") from None
                if moved:
                    with contextlib.suppress(OSError):
                        self.gone = sorted(set(os.listdir(self.old)) - set(os.listdir(self.absolute))
                                           - {e for e in os.listdir(self.old) if e.startswith(".")})
                self._remove(self.old)
                from .atomic import _fsync_dir

                _fsync_dir(self.parent)
            self._done = True
        finally:
            self._release_lock()
        return self.out

    def gone_note(self) -> str:
        """What the replaced folder held that its replacement does not, as one sentence, or ''
        (a new folder, or nothing went): said by `run --overwrite` and by save(overwrite=True)."""
        if not self.gone:
            return ""
        shown = ", ".join(self.gone[:5]) + (f" and {len(self.gone) - 5} more" if len(self.gone) > 5 else "")
        return f"{self.out} was replaced whole: {shown}, written there before (from the old run), went with it"

    def close(self, ok: bool = False, keep: bool = False) -> None:
        """After a failure: remove what was built (unless `keep`, a checkpoint to resume from)."""
        if self._done or not self.writer:
            self._release_lock()
            return
        if not keep and self.build is not None:
            if self.build == self.staging:
                self._remove(self.staging)
            elif self._created and os.listdir(self.out) == [MARKER]:
                self._remove(self.out)  # nothing but our marker: leave no trace
        self._release_lock()

    def __enter__(self) -> Path:
        return self.open()

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            if not self._done:
                self.commit()
            return
        self.close(keep=isinstance(exc, TrainingInterrupted) and bool(self.resumable))


# What the commands write into a run folder (figures and forecasts are recognised by content).
OWN_NAMES = {MARKER, "config.json", "metrics.json", "timings.json", "report.html", "per_origin.csv",
             "forecasts.csv", "checkpoint.safetensors"}
OWN_MODEL = {"model.json", "weights.safetensors"}


def foreign_files(folder: Path) -> list[str]:
    """Entries of a wavecast folder that wavecast did not write: a replacement must not delete
    them. Figures carry wavecast's PNG tag; a Parquet forecast its schema tag; a forecast CSV is
    vouched for by the plot written beside it (NAME_plot.png carries the CSV's SHA-256, as
    check_output_file asks): its header alone is what a user's own file of forecasts may have."""
    out = []
    for entry in sorted(os.listdir(folder)):
        p = Path(folder) / entry
        if p.is_symlink():
            out.append(entry)
        elif entry == "model" and p.is_dir():  # `forecast RUN/model` writes its forecast in there
            out += [f"model/{n}" for n in sorted(os.listdir(p))
                    if n not in OWN_MODEL and not _temp(n) and not _written(p / n)]
        elif entry in OWN_NAMES or _temp(entry):
            continue
        elif not _written(p):
            out.append(entry)
    return out


def _written(p: Path) -> bool:
    """Whether p is a forecast table or figure wavecast wrote, as it wrote it."""
    return (not p.is_symlink() and p.is_file() and _ours(p, output_kind(p.name)) and
            (output_kind(p.name) != "csv" or _vouched(p, p.with_name(f"{p.stem}_plot.png"))))


def _temp(name: str) -> bool:
    return name.startswith(".") and name.endswith(".tmp")  # a killed writer's, never renamed


# What `forecast` writes after its forecast column: the bands (lo-80, hi-80), then with --baselines
# each baseline's forecast (forecasters/baselines.py's names): without them a forecast written with
# --baselines was refused as the user's by the next `forecast --out` and by `run --overwrite`.
_AFTER_FORECAST = rb"(lo|hi)-\d+(\.\d+)?|" + NAMES.encode()


def _ours(path: Path, kind: str, tag: bytes = b"wavecast") -> bool:
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
    except OSError:
        return False
    if kind == "parquet":  # the tag wavecast puts in the schema's metadata (write_forecast)
        return head.startswith(b"PAR1") and tagged_parquet(path)
    if kind == "csv":  # a forecast's header: ..., forecast[, lo-80, hi-80, ...][, mean, last value, ...]
        cols = head.split(b"\n", 1)[0].rstrip(b"\r").split(b",")
        after = cols[cols.index(b"forecast") + 1:] if b"forecast" in cols else None
        return after is not None and all(re.fullmatch(_AFTER_FORECAST, c) for c in after)
    return head.startswith(b"\x89PNG") and tag in head


def _vouched(path: Path, plot: Path) -> bool:
    """Whether `plot` is wavecast's forecast PNG and names the CSV at `path` by its SHA-256."""
    from .forecastfile import csv_vouch

    try:
        with open(plot, "rb") as f:
            head = f.read(4096)
        return head.startswith(b"\x89PNG") and PNG_TAG in head and csv_vouch(path) in head
    except OSError:
        return False


def check_output_file(path: str | Path, flag: str, protect: tuple = (), kind: str = "csv",
                      plot: Path | None = None) -> Path:
    """Refuse an output file that wavecast must not replace: a symlink, a directory, a device or
    FIFO, one of the files in `protect` (same inode: the input, the model), or an existing file
    that is not a forecast wavecast wrote (a CSV whose header ends in 'forecast' and its bands, a Parquet
    file or a PNG with wavecast's tag). plot: for a CSV, the PNG written beside it, which must
    carry the CSV's SHA-256 (forecastfile.csv_vouch): a user's own 'week,forecast' file was
    replaced on the strength of its header alone."""
    path = Path(path)
    try:
        st = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):  # nothing there to lose
        return path
    except OSError as exc:
        raise _cannot(path, exc, "use", flag.split(" ")[0]) from None
    if stat.S_ISLNK(st.st_mode):
        raise ValidationError(f"{flag} {path} is a symbolic link; give the real file")
    if stat.S_ISDIR(st.st_mode):
        raise ValidationError(f"{flag} {path} is a directory; give a file name (e.g. {path / 'forecast.csv'})")
    if not stat.S_ISREG(st.st_mode):
        raise ValidationError(f"{flag} {path} is not a regular file (a device, FIFO or socket); "
                              "give a file name")
    for other in protect:
        with contextlib.suppress(OSError):
            o = os.stat(other)
            if (o.st_dev, o.st_ino) == (st.st_dev, st.st_ino):
                raise ValidationError(f"{flag} {path} is the input file {other}; wavecast will not "
                                      "overwrite it: choose another file")
    if not _ours(path, kind, PNG_TAG) or (kind == "csv" and plot is not None and not _vouched(path, plot)):
        raise ValidationError(f"{flag} {path} exists and is not a forecast wavecast wrote (or was changed since); "
                              "wavecast will not overwrite it: choose another file or remove it")
    return path


def vouched_twin(plot: Path, table: Path) -> Path | None:
    """The forecast CSV other than `table` that `plot` (NAME_plot.png) vouches for: NAME.csv beside
    it, when `table` is NAME.parquet. Its plot redrawn for the Parquet file must vouch for it still
    (forecast_cmd): it did not, and the next `forecast --out NAME.csv` was refused as 'not a
    forecast wavecast wrote (or was changed since)' though no one had changed it."""
    if not plot.name.endswith("_plot.png"):
        return None
    csv = plot.with_name(plot.name[: -len("_plot.png")] + ".csv")
    return csv if csv != Path(table) and csv.is_file() and _vouched(csv, plot) else None


PNG_TAG = b"wavecast forecast"  # in the PNG's Software text chunk (report.future_figure)
