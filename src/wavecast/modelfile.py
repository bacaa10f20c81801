"""Save and load a trained model: DIR/weights.safetensors + DIR/model.json, never a pickle.

safetensors parses safely but has no checksum, so model.json carries a format tag, a format
version, the SHA-256 of the weights file and every tensor's name, shape and dtype; loading
checks all of them, plus finiteness, and fails with a ModelFileError that says what is wrong.
Nothing here calls torch.load or pickle: a pickle is recognised by its first bytes and refused.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from safetensors import SafetensorError
from safetensors.torch import load as st_load
from safetensors.torch import save as st_save

from . import __version__, filekind, jsonstream
from .atomic import write_bytes
from .config import Config, from_dict, to_dict
from .errors import ConfigError, ModelFileError
from .models import RecurrentNet, build_model
from .windows import Scaler

FORMAT_TAG = "wavecast-model"
FORMAT_VERSION = 1
WEIGHTS = "weights.safetensors"
META = "model.json"


@dataclass
class SavedModel:
    """A model read back from disk: the net (on CPU, eval mode) and what it was trained with."""

    net: RecurrentNet
    config: Config
    scaler: Scaler
    input_len: int
    meta: dict[str, Any] = field(default_factory=dict)  # the whole model.json


# Bounds on what a model folder may hold, checked before anything is read: wavecast's nets
# are small (the largest recipe: 2 x LSTM 51, 32 kB; hidden 4096 x 2 layers: 1 GB), and a
# 10,000-series model.json (each series' tail and scaler) is ~10 MB.
MAX_WEIGHTS_BYTES = 4 * 2**30
MAX_META_BYTES = 256 * 2**20
MAX_INPUT_LEN = 10_000_000  # context points a model may ask for (model.json keeps each series' tail)
MAX_INPUT_SIZE = 100_000  # features per step


def _regular(path: Path, max_bytes: int) -> int:
    """path's size if it is a regular file within bounds (a FIFO would hang a read)."""
    return filekind.regular_size(path, "model file", max_bytes, ModelFileError,
                                 "this is not a model wavecast wrote")


def _refuse_pickle(path: Path, size: int) -> None:
    """A pickle (by its structure, after safetensors: see filekind) is named and refused."""
    try:
        kind = filekind.kind(path, size)
    except OSError:
        return
    if kind and kind != "safetensors":
        raise ModelFileError(
            f"{path} is {kind}; this tool never unpickles files (they can run code). "
            "Re-save the model with wavecast."
        )


def save(folder: str | Path, net: torch.nn.Module, config: Config, scaler: Scaler, input_len: int,
         fingerprint: str = "", metrics: dict | None = None, extra: dict | None = None) -> Path:
    """Write folder/weights.safetensors then folder/model.json, each atomically.

    model.json is written last, so a crash in between leaves the old model.json, whose
    checksum no longer matches: the damage is detected on load, never loaded silently.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    tensors = {k: v.detach().to("cpu").contiguous() for k, v in net.state_dict().items()}
    for name, t in tensors.items():
        if not torch.isfinite(t).all():
            raise ModelFileError(f"refusing to save: tensor {name} has non-finite values")
    blob = st_save(tensors, metadata={"format": FORMAT_TAG})
    meta = {
        "format": FORMAT_TAG,
        "format_version": FORMAT_VERSION,
        "wavecast_version": __version__,
        "torch_version": torch.__version__,
        "config": to_dict(config),
        "input_size": int(getattr(net, "input_size", 1)),
        "input_len": int(input_len),
        "scaler": {"mean": scaler.mean_.tolist(), "scale": scaler.scale_.tolist()},
        "data_sha256": fingerprint,
        "metrics": _finite_json(metrics or {}),
        "tensors": {k: {"shape": list(t.shape), "dtype": str(t.dtype).removeprefix("torch.")}
                    for k, t in tensors.items()},
        "weights_sha256": hashlib.sha256(blob).hexdigest(),
        **(extra or {}),
    }
    if jsonstream.str_keys(meta):
        # The digest of the dict as json.loads will give it back: with str keys the round trip
        # changes nothing json.dumps writes (tuples -> lists and float subclasses -> float print
        # the same), so it is skipped; a round-tripped copy of 10,000 series cost ~40 MB.
        meta["meta_sha256"] = _meta_digest(meta, allow_nan=False)
    else:  # int keys become str keys, which can sort differently: digest what load will see
        meta["meta_sha256"] = _meta_digest(json.loads(json.dumps(meta, allow_nan=False)))
    write_bytes(folder / WEIGHTS, blob)
    jsonstream.write_json(folder / META, meta)
    return folder


def _meta_digest(meta: dict, allow_nan: bool = True) -> str:
    """SHA-256 of model.json's content without this field: the scaler and config are covered too.

    The text hashed is json.dumps(body, sort_keys=True), fed to the hash in pieces (jsonstream)
    when every key is a str, as after json.loads: the same digest without the whole string.
    """
    body = {k: v for k, v in meta.items() if k != "meta_sha256"}
    h = hashlib.sha256()
    if jsonstream.str_keys(body):
        for block in jsonstream.encoded(jsonstream.chunks(body, sort_keys=True, allow_nan=allow_nan)):
            h.update(block)
    else:
        h.update(json.dumps(body, sort_keys=True, allow_nan=allow_nan).encode())
    return h.hexdigest()


def _finite_json(obj):
    """NaN/inf become None, so model.json stays strict JSON."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {str(k): _finite_json(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite_json(v) for v in obj]
    if isinstance(obj, np.generic):
        return _finite_json(obj.item())
    return obj


def _read_meta(folder: Path) -> dict:
    path = folder / META
    if not path.exists():
        raise ModelFileError(f"{folder} is not a wavecast model folder: {META} not found")
    _refuse_pickle(path, _regular(path, MAX_META_BYTES))
    try:
        meta = json.loads(path.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise ModelFileError(f"{path} is not a wavecast model (not valid JSON)") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT_TAG:
        raise ModelFileError(f"{path} is not a wavecast model (format tag missing)")
    version = meta.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ModelFileError(f"{path} is damaged: format_version is {version!r}")
    if version > FORMAT_VERSION:
        raise ModelFileError(f"{path} uses model format {version}; this wavecast {__version__} "
                             f"reads format {FORMAT_VERSION}; upgrade wavecast")
    expected, got = meta.get("meta_sha256"), _meta_digest(meta)
    if expected != got:
        raise ModelFileError(f"{path} is damaged or edited: checksum mismatch (expected "
                             f"{str(expected)[:12]}…, got {got[:12]}…)")
    return meta


def _field(meta: dict, key: str, path: Path):
    if key not in meta:
        raise ModelFileError(f"{path} is damaged: {key} missing")
    return meta[key]


def load(folder: str | Path) -> SavedModel:
    """Read a model folder (or the run folder holding model/); every failure is a ModelFileError."""
    folder = Path(folder)
    if folder.is_file():
        _refuse_pickle(folder, folder.stat().st_size)
        raise ModelFileError(f"{folder} is a file; pass the model folder (it holds {META} and {WEIGHTS})")
    if not folder.exists():
        raise ModelFileError(f"model folder {folder} does not exist")
    if not (folder / META).exists() and (folder / "model" / META).exists():
        folder = folder / "model"
    meta = _read_meta(folder)
    mpath = folder / META
    wpath = folder / WEIGHTS
    _refuse_pickle(wpath, _regular(wpath, MAX_WEIGHTS_BYTES))
    try:
        blob = wpath.read_bytes()
    except OSError as exc:
        raise ModelFileError(f"cannot read {wpath}: {exc.strerror or exc}") from None
    expected = _field(meta, "weights_sha256", mpath)
    got = hashlib.sha256(blob).hexdigest()
    if got != expected:
        raise ModelFileError(f"{wpath} is damaged: checksum mismatch (expected {str(expected)[:12]}…, "
                             f"got {got[:12]}…)")
    try:
        tensors = st_load(blob)  # CPU tensors, whatever device the model was trained on
    except (SafetensorError, ValueError, RuntimeError, OverflowError) as exc:
        raise ModelFileError(f"{wpath} is damaged: {str(exc).splitlines()[0]}") from None
    try:
        config = from_dict(_field(meta, "config", mpath))
        input_len = int(_field(meta, "input_len", mpath))
        input_size = int(meta.get("input_size", 1))
        sc = _field(meta, "scaler", mpath)
        scaler = Scaler.from_params(np.asarray(sc["mean"], dtype=np.float64),
                                    np.asarray(sc["scale"], dtype=np.float64))
    except ConfigError as exc:
        raise ModelFileError(f"{mpath} has an invalid config: {exc}") from None
    except (TypeError, ValueError, KeyError) as exc:
        raise ModelFileError(f"{mpath} is damaged: {exc}") from None
    if not (np.isfinite(scaler.mean_).all() and np.isfinite(scaler.scale_).all()) or \
            not (scaler.scale_ >= np.finfo(np.float64).tiny).all():  # subnormal: a flat forecast
        raise ModelFileError(f"{mpath} is damaged: scaler has non-finite, non-positive or subnormal values")
    if not 1 <= input_len <= MAX_INPUT_LEN:
        raise ModelFileError(f"{mpath} is damaged: input_len {_short(input_len)} is not in 1..{MAX_INPUT_LEN:,}")
    _check_tensors(_declared_shapes(config, input_size, tensors, wpath), tensors, meta.get("tensors", {}), wpath)
    net = build_model(config.model, input_size=input_size)  # now known to be the file's size
    dtype = torch.float64 if config.train.dtype == "float64" else torch.float32
    net.load_state_dict({k: v.to(dtype) for k, v in tensors.items()})
    net.to(dtype).eval()
    return SavedModel(net, config, scaler, input_len, meta)


def _short(x, n: int = 40) -> str:
    """repr(x), cut to n characters: a message stays one short line whatever a file declares."""
    text = repr(x)
    return text if len(text) <= n else text[: n - 1] + "…"


def _few(names: list[str], n: int = 5) -> str:
    return "[" + ", ".join(_short(k) for k in names[:n]) + (f", … {len(names) - n} more" if len(names) > n else "") + "]"


def _declared_shapes(config: Config, input_size: int, tensors: dict, wpath: Path) -> dict[str, tuple]:
    """The tensor shapes model.json's config asks for, from a net built on the meta device
    (nothing allocated), after its layer counts are checked against the file's names: a
    re-hashed model.json asking for num_layers 100,000 or hidden_size 12,000 is refused before
    it costs time or memory (it built for minutes, or allocated 2.5 GB, before this check)."""
    m = config.model
    layers = sum(1 for k in tensors if re.fullmatch(r"rnn\.weight_hh_l\d+", k))
    heads = sum(1 for k in tensors if k.startswith("head.") and k.endswith("weight"))
    if (m.num_layers, len(m.head_hidden)) != (layers, heads - 1):
        raise ModelFileError(f"{wpath} does not match its config: model.json declares {m.num_layers} recurrent "
                             f"and {len(m.head_hidden)} hidden head layers, the file holds {layers} and {heads - 1}")
    if not 1 <= input_size <= MAX_INPUT_SIZE:
        raise ModelFileError(f"{wpath.parent / META} is damaged: input_size {_short(input_size)} is not in "
                             f"1..{MAX_INPUT_SIZE:,}")
    with torch.device("meta"):
        net = build_model(m, input_size=input_size)
    return {k: tuple(v.shape) for k, v in net.state_dict().items()}


def _check_tensors(want: dict[str, tuple], tensors: dict, listed: dict, wpath: Path) -> None:
    missing = sorted(set(want) - set(tensors))
    extra = sorted(set(tensors) - set(want))
    if missing or extra:
        raise ModelFileError(f"{wpath} does not match its config: missing tensors {_few(missing)}, "
                             f"unexpected {_few(extra)}")
    for name in want:  # the net's own order, so the first mismatch named is the first layer's
        t = tensors[name]
        if tuple(t.shape) != want[name]:
            raise ModelFileError(f"tensor {name} has shape {tuple(t.shape)}, config says {want[name]}")
        info = listed.get(name)
        if info is not None and list(info.get("shape", [])) != list(t.shape):
            raise ModelFileError(f"tensor {name} has shape {tuple(t.shape)}, model.json says "
                                 f"{_short(tuple(info.get('shape', [])))}")
        if not t.is_floating_point() or not torch.isfinite(t).all():
            raise ModelFileError(f"{wpath} contains non-finite weights (tensor {name})")
