"""JSON text in pieces: exactly json.dumps's characters, never the whole document as one string.

model.json and metrics.json of 10,000 series are tens of MB of text; json.dumps builds it
whole, then .encode() copies it, and model.json's digest built two more (benchmarks/panel.py:
a 113 MB spike at the end of `wavecast run`). Here the upper levels of a document are walked
in Python and each small value below them is json.dumps'ed on its own, so the largest piece
is one series' entry. Only for documents whose dict keys are all str (what json.loads gives);
`str_keys` says whether one is.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator

DEPTH = 4  # containers this deep are walked; deeper values are dumped whole (each one small)


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


def chunks(obj, indent: int | None = None, sort_keys: bool = False, allow_nan: bool = True,
           _level: int = 0) -> Iterator[str]:
    """Pieces whose concatenation is json.dumps(obj, indent=indent, sort_keys=sort_keys,
    allow_nan=allow_nan) (default separators), for obj whose dict keys are all str."""
    walk = _level < DEPTH and (
        (isinstance(obj, dict) and obj)
        or (isinstance(obj, (list, tuple)) and any(isinstance(v, (dict, list, tuple)) for v in obj))
    )
    if not walk:
        text = json.dumps(obj, indent=indent, sort_keys=sort_keys, allow_nan=allow_nan)
        # A nested value's lines are indented by its level; JSON strings hold no raw newline.
        yield text.replace("\n", "\n" + " " * (indent * _level)) if indent and _level else text
        return
    if indent is None:
        first, sep, last = "", ", ", ""
    else:
        first = "\n" + " " * (indent * (_level + 1))
        sep, last = "," + first, "\n" + " " * (indent * _level)
    if isinstance(obj, dict):
        items = sorted(obj.items(), key=lambda kv: kv[0]) if sort_keys else obj.items()
        yield "{" + first
        for i, (k, v) in enumerate(items):
            yield (sep if i else "") + json.dumps(k) + ": "
            yield from chunks(v, indent, sort_keys, allow_nan, _level + 1)
        yield last + "}"
    else:
        yield "[" + first
        for i, v in enumerate(obj):
            if i:
                yield sep
            yield from chunks(v, indent, sort_keys, allow_nan, _level + 1)
        yield last + "]"


def encoded(pieces: Iterator[str], size: int = 1 << 20) -> Iterator[bytes]:
    """The pieces as UTF-8 bytes, joined into blocks of about `size` (fewer, larger writes)."""
    buf: list[str] = []
    n = 0
    for p in pieces:
        buf.append(p)
        n += len(p)
        if n >= size:
            yield "".join(buf).encode("utf-8")
            buf, n = [], 0
    if buf:
        yield "".join(buf).encode("utf-8")


def write_json(path, obj) -> None:
    """path <- json.dumps(obj, indent=2, allow_nan=False) + newline, atomically, in pieces."""
    from .atomic import write_bytes

    pieces = chunks(obj, indent=2, allow_nan=False) if str_keys(obj) else iter(
        [json.dumps(obj, indent=2, allow_nan=False)])
    write_bytes(path, encoded(itertools.chain(pieces, ["\n"])))
