"""An OSError of an output file or folder as one ValidationError in the caller's words: what
could not be done to which path, why, and what to do (free space, another --out, permissions)."""

from __future__ import annotations

import errno
from pathlib import Path

from ..errors import ValidationError


def cannot(path: Path, exc: OSError, what: str = "write", flag: str = "--out") -> ValidationError:
    why = "the disk is full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
    return ValidationError(f"cannot {what} {path}: {why}{fix_for(exc, flag)}")


def fix_for(exc: OSError, flag: str) -> str:
    """What to do about an OSError of the output folder, as the CLI says it for a forecast's file
    (a run into a read-only folder said only 'cannot create the lock file ...: Operation not permitted')."""
    return {errno.ENOSPC: "; free some space and run again", errno.EDQUOT: "; free some space and run again",
            errno.EROFS: f"; choose another {flag} on a writable file system",
            errno.EACCES: f"; choose another {flag} or fix the permissions",
            errno.EPERM: f"; choose another {flag} or fix the permissions"}.get(exc.errno, "")
