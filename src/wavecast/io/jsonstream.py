"""JSON text in pieces: json.dumps's exact characters, never the whole document as one string.

model.json and metrics.json of 10,000 series are tens of MB of text; json.dumps builds it
whole and .encode() copies it. json.JSONEncoder.iterencode yields the same text in small
pieces (its pure-Python path, taken whenever the encode is not one-shot), joined here into
blocks of about 1 MB for the file and the digest.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

_STR = json.encoder.encode_basestring_ascii  # a str's text, as dumps writes it (ensure_ascii)


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
    for piece in _pieces(obj, **dumps_kw):
        buf.append(piece)
        n += len(piece)
        if n >= size:
            yield "".join(buf).encode("utf-8")
            buf, n = [], 0
    if buf:
        yield "".join(buf).encode("utf-8")


_CONTAINERS = (dict, list, tuple)
_SPLIT = 3  # levels walked: model.json's sections, their parts and each series in them


def _pieces(obj, **dumps_kw) -> Iterator[str]:
    """json.dumps(obj, **dumps_kw)'s characters in pieces. iterencode's pure-Python path costs a
    generator step per value (1.6 million for a 2,000-series model.json); without an indent (the
    digest's text) the top _SPLIT levels of containers are walked as _make_iterencode walks them
    and each value below them is one call of the C encoder, which writes the same characters:
    3x faster. With an indent (the C encoder has none; a walk in Python gained nothing), or
    options other than sort_keys and allow_nan: iterencode itself."""
    if dumps_kw.get("indent") is not None or not set(dumps_kw) <= {"indent", "sort_keys", "allow_nan"}:
        yield from json.JSONEncoder(**dumps_kw).iterencode(obj)
        return
    leaf = json.JSONEncoder(sort_keys=bool(dumps_kw.get("sort_keys")), allow_nan=dumps_kw.get("allow_nan", True))
    yield from _compact(obj, leaf, 0)


def _compact(o, leaf: json.JSONEncoder, level: int) -> Iterator[str]:
    """_iterencode_dict and _iterencode_list without an indent (', ' and ': ')."""
    if level >= _SPLIT or not isinstance(o, _CONTAINERS) or not o or \
            (isinstance(o, dict) and not all(isinstance(k, str) for k in o)):
        yield leaf.encode(o)  # (keys other than str: the C encoder turns them into text as dumps does)
        return
    if isinstance(o, dict):
        items = sorted(o.items()) if leaf.sort_keys else o.items()
        for i, (k, v) in enumerate(items):
            yield ("{" if i == 0 else ", ") + _STR(k) + ": "
            yield from _compact(v, leaf, level + 1)
        yield "}"
        return
    for i, v in enumerate(o):
        yield "[" if i == 0 else ", "
        yield from _compact(v, leaf, level + 1)
    yield "]"


def write_json(path, obj) -> None:
    """path <- json.dumps(obj, indent=2, allow_nan=False) + newline, atomically, in pieces."""
    from .atomic import write_bytes

    def text() -> Iterator[bytes]:
        yield from blocks(obj, indent=2, allow_nan=False)
        yield b"\n"

    write_bytes(path, text())
