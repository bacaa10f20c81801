"""Run folders: wavecast writes only into folders it made, one writer at a time, and replaces a
run whole or not at all.

    out/.wavecast-run.json      the marker: {"wavecast": "run folder", "kind": "run" | ...}
    parent/.NAME.wavecast-lock  held (flock) by the one process writing `out`
    parent/.NAME.wavecast-new   a replacement being built; renamed over `out` when complete

A non-empty folder without the marker is never written into. A new (or empty) folder of a
command that checkpoints (run, demo) is built in place, marker first, so an interrupted training's
checkpoint is where --resume looks; a new folder of one that does not (backtest, recipe, a model
saved in Python) is built aside and renamed in whole. A run that replaces another is built aside
and swapped in (old renamed aside, new renamed in, old removed): any failure before the swap
leaves the old run whole.

The marker is io.run_marker; which files of a folder wavecast wrote (a replacement deletes no
other), io.own_files.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
from pathlib import Path

from ..errors import TrainingInterrupted, ValidationError
from .output_errors import cannot, fix_for
from .own_files import foreign_files
from .run_marker import MARKER, read_marker, write_marker

KINDS = ("run", "backtest", "demo", "recipe")


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
            raise cannot(self.out, exc, "use", self.flag) from None
        if stat.S_ISLNK(st.st_mode):
            raise ValidationError(f"{self.flag} {self.out} is a symbolic link; give the real folder")
        if not stat.S_ISDIR(st.st_mode):
            raise ValidationError(f"{self.flag} {self.out} is a file, not a folder; choose a folder name")
        try:
            entries = [e for e in os.listdir(self.out)]
        except OSError as exc:
            raise cannot(self.out, exc, "read", self.flag) from None
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
                                  f"{exc.strerror or exc}{fix_for(exc, self.flag)}") from None
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
            raise cannot(self.out, exc, "create", self.flag) from None
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
        if state == "missing" and not self.resumable:
            # Nothing to resume from (a backtest, a recipe, a model saved in Python): built aside and renamed
            # in whole, as a replacement is. Built in place, a Ctrl-C while its files were written left a
            # folder of some of them (a backtest's config.json and metrics.json; a model/ with its weights
            # and no model.json) for a whole one, which the next save then refused as taken.
            return self.staging
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
                raise cannot(self.lock_path, exc, "create the lock file", self.flag) from None
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
