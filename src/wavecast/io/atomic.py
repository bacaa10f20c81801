"""Atomic file writes: a reader sees the old file or the new one, never half of either.

Temp file in the same folder (so os.replace is a rename on one file system), fsync it,
os.replace it over the target, then fsync the folder so the rename itself survives a crash.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

_UMASK = os.umask(0o022)  # read once at import; mkstemp's 0600 would hide files from others
os.umask(_UMASK)


def _fsync_dir(folder: Path) -> None:
    # Not every platform can open a directory (Windows); the rename is still atomic there.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_bytes(path: str | Path, data: bytes | Iterable[bytes]) -> Path:
    """Write `data` (bytes, or blocks of bytes written in turn) to `path` atomically; on any
    error, a failing block's iterator included, the previous file is left intact."""
    path = Path(path)
    blocks = [data] if isinstance(data, (bytes, bytearray, memoryview)) else data
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        exc.filename = str(path)  # name the file the caller asked for, not a temp name
        raise
    try:
        os.fchmod(fd, 0o666 & ~_UMASK)
        with os.fdopen(fd, "wb") as f:
            for block in blocks:
                f.write(block)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            exc.filename = str(path)
        raise
    _fsync_dir(path.parent)
    return path


def write_text(path: str | Path, text: str) -> Path:
    """Write UTF-8 text atomically (see write_bytes)."""
    return write_bytes(path, text.encode("utf-8"))
