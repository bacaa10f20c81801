"""Training checkpoints: one safetensors file, written atomically, never a pickle.

    checkpoint.safetensors
      tensors   model.*, optim.*, best.*  (weights, optimizer state, best weights so far)
                rng.torch (uint8), loop.perm (int64: this epoch's batch order)
      metadata  "wavecast_checkpoint": JSON (format, optimizer structure, numpy rng state,
                loop position, history, identity: config + data hash + torch version)
                "sha256": over that JSON and every tensor (name, dtype, shape, bytes)

One file means one `os.replace`: a kill at any moment leaves either the previous checkpoint
or the new one, never a mix. safetensors has no checksum of its own, so the SHA-256 catches
a truncated or flipped file that would otherwise load with wrong numbers.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import math
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from ..errors import ModelFileError, ValidationError
from .atomic import write_bytes

FORMAT = "wavecast-checkpoint"
FORMAT_VERSION = 1
FILENAME = "checkpoint.safetensors"


@dataclass
class CheckpointPlan:
    """Where and how often train() checkpoints, and whether it resumes."""

    path: Path
    every: int = 0  # optimizer steps between checkpoints; 0 = at each epoch's end only
    # At an epoch's end, write only if this long has passed since the last write (the last
    # epoch and an interrupt always write). The demo's epochs last 0.1 s: a write each
    # (fsync included) cost 0.4 s of its 2 s; a kill then loses at most this much work.
    min_seconds: float = 0.0
    resume: bool = False
    identity: dict[str, Any] = field(default_factory=dict)  # must match on resume (the config)


# ---------------------------------------------------------------- atomic bytes on disk


def remove_stale_temps(path: Path) -> None:
    """Delete temp files a killed writer left beside `path` (they were never renamed)."""
    for p in path.parent.glob(f".{path.name}.*.tmp"):
        with contextlib.suppress(OSError):
            p.unlink()


def write_checkpoint_bytes(path: Path, data: bytes) -> None:
    """The checkpoint through the one atomic writer (io.atomic); a failure names the file and
    keeps the previous checkpoint (the temp file is removed)."""
    try:
        write_bytes(path, data)
    except OSError as exc:
        why = "the disk is full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
        raise ValidationError(f"cannot write {path}: {why}; the previous file is kept unchanged") from None


# ---------------------------------------------------------------- nested state <-> tensors + JSON


def encode(obj: Any, key: str, tensors: dict[str, torch.Tensor]) -> Any:
    """Tensors go into `tensors` under `key`; the structure becomes tagged JSON.

    Tags keep what JSON would lose: int dict keys (optimizer state is keyed by parameter
    index), tuples (Adam's betas) and None (LBFGS's unused history slots).
    """
    if isinstance(obj, torch.Tensor):
        tensors[key] = obj.detach().cpu().clone().contiguous()  # clone: no shared storage
        return {"t": key}
    if isinstance(obj, dict):
        return {"d": [[k, encode(v, f"{key}.{k}", tensors)] for k, v in obj.items()]}
    if isinstance(obj, (list, tuple)):
        items = [encode(v, f"{key}.{i}", tensors) for i, v in enumerate(obj)]
        return {"tu" if isinstance(obj, tuple) else "l": items}
    if isinstance(obj, float) and not math.isfinite(obj):
        raise ValueError(f"{key} is {obj}")
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return {"v": obj}
    raise TypeError(f"cannot store {key} of type {type(obj).__name__} in a checkpoint")


def decode(node: Any, tensors: dict[str, torch.Tensor]) -> Any:
    (tag, value), = node.items()
    if tag == "t":
        return tensors[value]
    if tag == "d":
        return {k: decode(v, tensors) for k, v in value}
    if tag == "l":
        return [decode(v, tensors) for v in value]
    if tag == "tu":
        return tuple(decode(v, tensors) for v in value)
    if tag == "v":
        return value
    raise ValueError(f"unknown tag {tag!r}")


def _digest(payload: str, tensors: dict[str, torch.Tensor]) -> str:
    h = hashlib.sha256(payload.encode())
    for name in sorted(tensors):
        t = tensors[name]
        h.update(f"{name}|{t.dtype}|{tuple(t.shape)}|".encode())
        h.update(t.reshape(-1).contiguous().view(torch.uint8).numpy().tobytes())
    return h.hexdigest()


def non_finite(tensors: dict[str, torch.Tensor]) -> list[str]:
    """Names of floating tensors holding NaN or inf."""
    return [k for k, t in tensors.items() if t.is_floating_point() and not torch.isfinite(t).all()]


def dumps(state: dict[str, Any]) -> bytes:
    """A nested state (tensors, dicts, lists, numbers) as checkpoint-file bytes."""
    import safetensors.torch as st

    tensors: dict[str, torch.Tensor] = {}
    tree = encode(state, "s", tensors)
    bad = non_finite(tensors)
    if bad:  # the training loop never gets here with a bad state; this is the last guard
        raise ValueError(f"refusing to write non-finite tensors {bad}")
    payload = json.dumps(
        {"format": FORMAT, "format_version": FORMAT_VERSION, "tree": tree}, allow_nan=False
    )
    meta = {"wavecast_checkpoint": payload, "sha256": _digest(payload, tensors)}
    return st.save(tensors, metadata=meta)


def loads(data: bytes, name: str = "checkpoint") -> dict[str, Any]:
    """Inverse of dumps(); any damage raises ModelFileError naming `name`."""
    import safetensors.torch as st

    try:
        (n,) = struct.unpack("<Q", data[:8])
        if n > len(data) - 8:
            raise ValueError("header longer than the file")
        header = json.loads(data[8 : 8 + n])
        meta = header["__metadata__"]
        payload, expected = meta["wavecast_checkpoint"], meta["sha256"]
        tensors = st.load(data)
    except Exception as exc:  # safetensors raises its own low-level errors; name the file
        if data[:1] == b"\x80" or data[:2] == b"PK":  # pickle protocol 2+, or torch's zip
            raise ModelFileError(
                f"{name} is a pickle or PyTorch file; wavecast never unpickles files "
                "(they can run code). Use a checkpoint written by wavecast."
            ) from None
        raise ModelFileError(
            f"{name} is damaged or not a wavecast checkpoint ({type(exc).__name__}: "
            f"{str(exc)[:80]}); delete it and train again without --resume"
        ) from None
    got = _digest(payload, tensors) if isinstance(payload, str) else ""
    if got != expected:
        raise ModelFileError(
            f"{name} is damaged: checksum mismatch (expected {str(expected)[:12]}…, got "
            f"{got[:12]}…); delete it and train again without --resume"
        )
    doc = json.loads(payload)
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ModelFileError(f"{name} is not a wavecast checkpoint (format tag missing)")
    if doc.get("format_version") != FORMAT_VERSION:
        raise ModelFileError(
            f"{name} uses checkpoint format {doc.get('format_version')}; this wavecast reads "
            f"format {FORMAT_VERSION}; resume it with the wavecast that wrote it"
        )
    if non_finite(tensors):
        raise ModelFileError(f"{name} contains non-finite values")
    try:
        return decode(doc["tree"], tensors)
    except Exception as exc:  # only a crafted file with a valid checksum gets here
        raise ModelFileError(f"{name} has a malformed structure ({exc})") from None


def save(path: str | Path, state: dict[str, Any]) -> None:
    """Write `state` to `path` atomically (see write_checkpoint_bytes)."""
    write_checkpoint_bytes(Path(path), dumps(state))


# A checkpoint holds the weights, the optimizer's state (Adam: two more copies) and the best weights:
# about four times the largest model file wavecast reads (io.modelcheck.MAX_WEIGHTS_BYTES).
MAX_CHECKPOINT_BYTES = 16 * 2**30


def load(path: str | Path) -> dict[str, Any]:
    from ..data.filekind import regular_size

    path = Path(path)
    # stat() first (it never blocks): a FIFO in its place waited forever, /dev/zero read until memory ran out
    regular_size(path, "checkpoint", MAX_CHECKPOINT_BYTES, ValidationError, "delete it and run without --resume")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError(
            f"cannot read checkpoint {path}: {exc.strerror or exc}; run without --resume"
        ) from None
    return loads(data, str(path))


# ---------------------------------------------------------------- what must match on resume


def _flat(d: Any, prefix: str = "") -> dict[str, Any]:
    if not isinstance(d, dict):
        return {prefix: d}
    out: dict[str, Any] = {}
    for k, v in d.items():
        out.update(_flat(v, f"{prefix}{k}." if isinstance(v, dict) else f"{prefix}{k}"))
    return out


def differences(saved: dict[str, Any], now: dict[str, Any]) -> list[str]:
    """Plain words for each item of the identity that differs: 'train.lr 0.01 -> 0.02'. A config
    value left unset says how it stood: 'window.horizon (derived) -> 6', 'data.id store -> (none)',
    'train.epochs 12 (the default) -> 5' (was: 'None', an empty right-hand side, and a 12 the
    user never gave)."""
    a, b = _flat(saved), _flat(now)
    defaults = _config_defaults()
    out = []
    for key in sorted(set(a) | set(b)):
        if a.get(key) != b.get(key):
            va, vb = a.get(key, "(absent)"), b.get(key, "(absent)")
            if key.endswith("sha256"):
                va, vb = f"{str(va)[:12]}…", f"{str(vb)[:12]}…"
            elif key.startswith("config."):
                va, vb = _said(va, key in a, defaults.get(key)), _said(vb, key in b, defaults.get(key))
            out.append(f"{key.removeprefix('config.')} {va} -> {vb}")
    return out


def _config_defaults() -> dict[str, Any]:
    """The config's defaults, flattened as the identity is ('config.train.epochs': 12)."""
    from ..config import Config, to_dict

    return _flat({"config": to_dict(Config())})


def _said(value: Any, present: bool, default: Any) -> str:
    """A config value in a resume mismatch: None is a setting derived from the data, an empty
    value none given, the default said as such."""
    if not present:
        return "(absent)"
    if value is None:
        return "(derived)"
    if value in ("", [], ()):
        return "(none)"
    return f"{value} (the default)" if value == default and not isinstance(value, bool) else str(value)
