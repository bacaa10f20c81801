"""JSON text in pieces: json.dumps's exact characters, never the whole document as one string.

model.json and metrics.json of 10,000 series are tens of MB of text; json.dumps builds it
whole and .encode() copies it. json.JSONEncoder.iterencode yields the same text in small
pieces (its pure-Python path, taken whenever the encode is not one-shot), joined here into
blocks of about 1 MB for the file and the digest.
"""

from __future__ import annotations

import json
from collections.abc import Iterator


def str_keys(obj) -> bool:
    """Every dict key in obj, at any depth, is a str (so a json round trip changes no key)."""
    stack = [obj]
    while stack:
        o = stack.pop()
        if isinstance(o, dict):
            if not all(isinstance(k, str) for k in o):
                return False
            stack.extend(v for v in o.values() if isinstance(v, (dict, list, tuple)))
        elif isinstance(o, (list, tuple)):
            stack.extend(v for v in o if isinstance(v, (dict, list, tuple)))
    return True


def blocks(obj, size: int = 1 << 20, **dumps_kw) -> Iterator[bytes]:
    """json.dumps(obj, **dumps_kw) as UTF-8 blocks of about `size` bytes."""
    buf: list[str] = []
    n = 0
    for piece in json.JSONEncoder(**dumps_kw).iterencode(obj):
        buf.append(piece)
        n += len(piece)
        if n >= size:
            yield "".join(buf).encode("utf-8")
            buf, n = [], 0
    if buf:
        yield "".join(buf).encode("utf-8")


def write_json(path, obj) -> None:
    """path <- json.dumps(obj, indent=2, allow_nan=False) + newline, atomically, in pieces."""
    from .atomic import write_bytes

    def text() -> Iterator[bytes]:
        yield from blocks(obj, indent=2, allow_nan=False)
        yield b"\n"

    write_bytes(path, text())
