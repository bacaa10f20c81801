"""What a file is, from its structure, and regular files only: the checks before any read.

A format is recognised by its structure, never by a few first bytes alone: the first 8 bytes
of a safetensors file are its header length, and a length such as 640 (80 02 00 00 ...) starts
like a pickle. So safetensors is checked first (a u64 header length that fits the file, then
`{`, and `}` before the data); a pickle starts with its PROTO opcode (or, for protocols 0/1,
an opcode and ends with STOP); torch's zip format with a zip magic.

A FIFO, a device or /dev/zero as an input hangs or eats memory when read, so inputs are
stat()ed first (that never blocks) and read only if they are regular files of a bounded size.
"""

from __future__ import annotations

import os
import re
import stat
import struct
from pathlib import Path

from ..errors import WavecastError

ST_MAX_HEADER = 100_000_000  # safetensors' own limit on the header


def safetensors_header_len(head: bytes, size: int, tail: bytes = b"") -> int | None:
    """The header length if `head` (the first bytes, >= 9) starts a safetensors file of
    `size` bytes, else None. `tail`: the header's last bytes (header[-8:]), checked if given."""
    if len(head) < 9 or size < 10:
        return None
    (n,) = struct.unpack("<Q", head[:8])
    if not 2 <= n <= min(size - 8, ST_MAX_HEADER) or head[8:9] != b"{":
        return None
    if tail and not tail.rstrip(b" ").endswith(b"}"):  # safetensors pads its header with spaces
        return None
    return n


# How protocol 0/1 pickles start: GLOBAL "c<module>\n<name>\n", MARK/EMPTY_LIST/EMPTY_DICT
# then another opcode, or INT/LONG/FLOAT as text; with STOP at the end.
_PROTO_0_1 = re.compile(rb"c[\w.]+\n[\w.]+\n|[(\]}][(\]}dlpqtaIJKLMFGSVXUNc]|[IL]-?\d+L?\n|F-?[\d.]+\n")


def pickle_kind(head: bytes, last: bytes = b"") -> str | None:
    """Name the pickle family `head` (a file's first bytes) starts, or None. Never parses it.

    `last`: the file's last byte; a protocol 0/1 pickle (text-like opcodes) must end with STOP.
    """
    if head[:1] == b"\x80" and head[1:2] in (b"\x02", b"\x03", b"\x04", b"\x05"):
        return "a Python pickle"  # PROTO 2-5; torch's legacy format is pickles + storages
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06"):  # torch.save's zip archive holds data.pkl
        return "a PyTorch pickle checkpoint (zip)"
    if last == b"." and _PROTO_0_1.match(head):
        return "a Python pickle (protocol 0/1)"
    return None


def kind(path: Path, size: int) -> str | None:
    """"safetensors", a pickle family from pickle_kind, or None, from a few reads of a regular file."""
    with open(path, "rb") as f:
        head = f.read(64)
        n = safetensors_header_len(head, size)
        if n is not None:
            at = max(9, 8 + n - 8)  # the header's last (up to) 8 bytes
            f.seek(at)
            if safetensors_header_len(head, size, f.read(8 + n - at)) is not None:
                return "safetensors"
        last = b""
        if size:
            f.seek(size - 1)
            last = f.read(1)
    return pickle_kind(head, last)


# A CSV is read whole, decoded, then parsed (~5x its size at the peak); beyond these sizes
# the file is refused before any read. Parquet is mapped and read in pieces.
MAX_CSV_BYTES = 2 * 2**30
MAX_PARQUET_BYTES = 16 * 2**30
MAX_COLUMNS = 10_000  # long format needs a handful; 1,000,000 took 119 s and 1.7 GB to parse


def check_data_file(p: Path, parquet: bool) -> None:
    """A regular data file within bounds, or one line: a FIFO hangs a read, /dev/zero never ends."""
    from ..errors import ValidationError

    limit = MAX_PARQUET_BYTES if parquet else MAX_CSV_BYTES
    regular_size(p, "data file", limit, ValidationError, "split it" if parquet else "split it, or write it as Parquet")


def _what(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def regular_size(path: str | Path, what: str, max_bytes: int, error: type[WavecastError],
                 fix: str = "") -> int:
    """The size of `path` if it is a regular file of at most max_bytes; else `error`, one line.

    Never opens the file: stat() does not block on a FIFO and reads nothing from a device.
    """
    p = Path(path)
    try:
        st = os.stat(p)
    except FileNotFoundError:
        raise error(f"cannot read {what} {p}: no such file") from None
    except OSError as exc:
        raise error(f"cannot read {what} {p}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):
        raise error(f"cannot read {what} {p}: it is {_what(st.st_mode)}; pass a regular file") from None
    if st.st_size > max_bytes:
        raise error(f"{what} {p} is {_bytes(st.st_size)}; wavecast reads up to {_bytes(max_bytes)}"
                    + (f"; {fix}" if fix else ""))
    return st.st_size


def _bytes(n: int) -> str:
    for unit, k in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= k:
            return f"{n / k:.1f} {unit}"
    return f"{n} bytes"
