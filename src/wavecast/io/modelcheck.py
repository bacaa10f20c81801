"""The checks of what a model folder holds, before anything is built from it: sizes and kind of
each file (a pickle refused), model.json's tag, version, seal and schema, the direct model's
bounded settings and every tensor's name, shape and finiteness; each failure a ModelFileError."""

from __future__ import annotations

import json
import re
from pathlib import Path

import torch

from .. import __version__
from ..config import Config
from ..data import filekind
from ..errors import ModelFileError
from ..models.recurrent import build_model
from .modelformat import FORMAT_TAG, FORMAT_VERSION, META, _meta_digest

# What a direct model file may declare, checked before anything is allocated.
DIRECT_LIMITS = {"hidden_size": 4096, "num_layers": 16, "input_len": 100_000, "horizon": 100_000,
                 "n_nets": 64}
COVARIATE_LIMIT = 10_000  # features of each kind (n_in, n_future, n_static) a model may declare

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


def _check_weights_size(meta: dict, mpath: Path, wpath: Path, size: int) -> None:
    """weights.safetensors' size against what model.json's tensors list can hold, before a byte is read:
    a 3 GB file beside a 25 kB model's model.json was read whole (3.4 GB resident, 16-40 s) only to fail
    its checksum. A safetensors file is 8 bytes (the header's length), the header (at most 100 MB) and the
    data; every element is allowed 8 bytes (float64), so a float32 model passes with room to spare."""
    try:
        elements = 0
        for name, info in meta["tensors"].items():
            n = 1
            for d in info["shape"]:
                if isinstance(d, bool) or not isinstance(d, int) or d < 0:
                    raise ValueError(f"tensor {_short(name)} has shape {_short(info['shape'])}")
                n *= d
            elements += n
    except (TypeError, KeyError, AttributeError, ValueError) as exc:
        raise ModelFileError(f"{mpath} is damaged: its tensors list is malformed ({exc})") from None
    try:  # the header's length, its first 8 bytes: a header may be padded (safetensors allows up to 100 MB)
        with open(wpath, "rb") as f:
            header = int.from_bytes(f.read(8).ljust(8, b"\0"), "little")
    except OSError:
        header = 0  # the read below says why
    # 16 MB of slack: a file a little off its list is named by the finer checks after the read
    most = 8 + min(header, filekind.ST_MAX_HEADER) + 8 * elements + 16 * 2**20
    if size > most:
        raise ModelFileError(f"{wpath} is {filekind._bytes(size)}, more than the {filekind._bytes(most)} the "
                             f"tensors {META} lists can take: damaged, or not this model's weights")


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


def _read_meta(folder: Path) -> dict:
    path = folder / META
    if not path.exists():
        from .run_marker import read_marker

        kind = (read_marker(folder) or {}).get("kind")
        # a backtest's folder, or a run stopped before its model, was "not a wavecast model folder"
        if kind == "backtest":
            raise ModelFileError(f"{folder} holds a backtest, which saves no model; train and save one with "
                                 "wavecast run --out DIR (wavecast.fit and save in Python) and forecast from that")
        if kind == "run" and (folder / "checkpoint.safetensors").exists():
            raise ModelFileError(f"{folder} holds a run stopped before it saved its model (a checkpoint only); "
                                 "finish it with the same wavecast run command and --resume, then forecast")
        raise ModelFileError(f"{folder} is not a wavecast model folder: {META} not found")
    _refuse_pickle(path, _regular(path, MAX_META_BYTES))
    try:
        meta = json.loads(path.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise ModelFileError(f"{path} is not a wavecast model (not valid JSON)") from None
    except ValueError as exc:  # e.g. an integer over Python's 4300-digit limit
        raise ModelFileError(f"{path} is damaged: {str(exc)[:100]}") from None
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
    _check_schema(meta, path)
    return meta


# model.json's top-level fields and the JSON types each may have (None: may be null, for a
# section saved without content); checked after the checksum, so a file edited and re-sealed by
# hand (or by a buggy tool) is refused in one line, not by a traceback deep in the loader.
# Fields not listed are ignored (a later wavecast may add optional ones).
SCHEMA: dict[str, tuple] = {
    "wavecast_version": (str,), "torch_version": (str,), "config": (dict,), "model_kind": (str,),
    "input_size": (int,), "input_len": (int,), "output_size": (int,), "scaler": (dict,),
    "direct": (dict,), "recursive_inputs": (dict, None), "data_sha256": (str,), "metrics": (dict,),
    "tensors": (dict,), "weights_sha256": (str,), "data": (dict,), "api_kind": (str,),
    "intervals": (dict, None), "fallback_intervals": (dict, None), "params": (dict, None), "api_unnamed": (bool,),
}
REQUIRED = ("config", "input_len", "tensors", "weights_sha256")
_JSON_NAMES = {dict: "an object", list: "a list", str: "a string", int: "an integer", float: "a number",
               None: "null", bool: "true or false"}


def _json_type(value) -> str:
    for tp in (bool, dict, list, str, int, float):
        if isinstance(value, tp):
            return _JSON_NAMES[tp]
    return _JSON_NAMES[None] if value is None else type(value).__name__


def _check_schema(meta: dict, path: Path) -> None:
    """Each top-level field of model.json of its type (SCHEMA), the required ones present, and
    the few whose values are named (model_kind, input_len, params' keys); a ModelFileError else."""
    for key in REQUIRED:
        if key not in meta:
            raise ModelFileError(f"{path} is damaged: {key} missing")
    for key, types in SCHEMA.items():
        if key not in meta:
            continue
        v = meta[key]
        ok = (v is None and None in types) or any(
            tp is not None and isinstance(v, tp) and not (tp is int and isinstance(v, bool)) for tp in types)
        if not ok:
            want = " or ".join(_JSON_NAMES[tp] for tp in types)
            raise ModelFileError(f"{path} is damaged: {key} is {_json_type(v)}, not {want}")
    if meta.get("model_kind", "recursive") not in ("direct", "recursive"):
        raise ModelFileError(f"{path} is damaged: model_kind {_short(meta['model_kind'])} is not direct or recursive")
    if meta.get("model_kind") == "direct" and "direct" not in meta:
        raise ModelFileError(f"{path} is damaged: direct missing")
    if meta.get("model_kind") != "direct" and "scaler" not in meta:
        raise ModelFileError(f"{path} is damaged: scaler missing")
    if not 1 <= meta["input_len"] <= MAX_INPUT_LEN:
        raise ModelFileError(f"{path} is damaged: input_len {_short(meta['input_len'])} is not in 1..{MAX_INPUT_LEN:,}")
    for name, value in (meta.get("params") or {}).items():  # the Python API's keywords and their values
        if not re.fullmatch(r"\w+", name) or not _plain_json(value):
            raise ModelFileError(f"{path} is damaged: params has {_short(name)}={_short(value)}, not a keyword and "
                                 "a value")


def _plain_json(value, depth: int = 0) -> bool:
    """A keyword's value as model.json keeps it: a number, text, true/false, null or a flat list of them."""
    if isinstance(value, list):
        return depth == 0 and all(_plain_json(v, 1) for v in value)
    return value is None or isinstance(value, (str, int, float, bool))


def _field(meta: dict, key: str, path: Path):
    if key not in meta:
        raise ModelFileError(f"{path} is damaged: {key} missing")
    return meta[key]


def _check_sizes(state: dict) -> dict:
    """A direct state's sizes, each within DIRECT_LIMITS (ValueError otherwise)."""
    resolved = state["resolved"]
    sizes = {"hidden_size": resolved["hidden_size"], "num_layers": resolved["num_layers"],
             "input_len": resolved["input_len"], "horizon": state["horizon"], "n_nets": state["n_nets"]}
    for key, v in sizes.items():
        if isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= DIRECT_LIMITS[key]:
            raise ValueError(f"{key} {v!r} is outside 1..{DIRECT_LIMITS[key]}")
    for key, v in (resolved.get("covariates") or {}).items():
        # n_level, n_gain: the window's level, the gain path (models/covariate_net.py), there or not
        most = 1 if key in ("n_level", "n_gain") else COVARIATE_LIMIT
        if key not in ("n_in", "n_future", "n_static", "n_level", "n_gain") or isinstance(v, bool) \
                or not isinstance(v, int) or not 0 <= v <= most:
            raise ValueError(f"covariates {key} {v!r} is outside 0..{most}")
    return sizes


def _direct_shapes(state: dict, prefix: str = "") -> dict[str, tuple]:
    """Every tensor's shape as the direct model's (bounded) settings build it: no weights."""
    from ..forecasters.global_net_members import new_net

    r = state["resolved"]
    with torch.device("meta"):  # shapes only: nothing is allocated
        net = new_net(r, state["horizon"], 0)
    shapes = {f"{prefix}net{k}.{n}": tuple(v.shape) for k in range(state["n_nets"]) for n, v in net.state_dict().items()}
    if state.get("raw") is not None and not prefix:
        shapes.update(_direct_shapes(state["raw"], "raw."))
    return shapes


def _short(x, n: int = 40) -> str:
    """repr(x), cut to n characters: a message stays one short line whatever a file declares."""
    text = repr(x)
    return text if len(text) <= n else text[: n - 1] + "…"


def _few(names: list[str], n: int = 5) -> str:
    return "[" + ", ".join(_short(k) for k in names[:n]) + (f", … {len(names) - n} more" if len(names) > n else "") + "]"


def _declared_shapes(config: Config, input_size: int, tensors: dict, wpath: Path,
                     output_size: int | None = None) -> dict[str, tuple]:
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
        net = build_model(m, input_size=input_size, output_size=output_size)
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
        if not t.is_floating_point():  # an int32 tensor was said to hold 'non-finite weights'
            raise ModelFileError(f"{wpath} holds tensor {_short(name)} of {str(t.dtype).removeprefix('torch.')}; "
                                 "a model's weights are floating point")
        if not torch.isfinite(t).all():
            raise ModelFileError(f"{wpath} contains non-finite weights (tensor {name})")
