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

from .. import __version__
from ..config import Config, from_dict, to_dict
from ..data import filekind
from ..data.dataset import Dataset
from ..data.windows import Scaler
from ..errors import ConfigError, ModelFileError, ValidationError
from ..forecasters.conformal import Conformal
from ..forecasters.fallback import BASELINES
from ..models.recurrent import RecurrentNet, build_model
from . import jsonstream
from .atomic import write_bytes

FORMAT_TAG = "wavecast-model"
# 1: the recursive net; 2: adds the direct net (model_kind "direct"); 3: adds covariates (the
# direct net's covariate schema and scalers, each series' covariate tail). A file is written
# with the lowest version that holds it, so recursive models still load in wavecast 0.1.
# 4: adds several targets (data.targets, each series' id and target): a reader of format 3
# would take the panel's internal keys and columns for the user's.
# 5: adds the recursive net with covariates or several targets (recursive_inputs: the targets,
# the covariate schema and scalers; output_size below input_size): a reader of format 4 would
# build a net of the wrong width; and the direct covariate net's window level as an input
# (covariates.n_level), which a reader of format 4 would not feed. A recursive net with past
# covariates (each one more output, forecast jointly and fed back) tags its recursive_inputs
# section wavecast.recursive_inputs/2 (its columns and each series' scaler under "past"): a
# reader that knows /1 only refuses it rather than build a net of the wrong width; /1 files load.
# 6: adds the direct net's second view (direct.raw, log="both"): a reader of format 5 would
# forecast with half the model.
FORMAT_VERSION = 6
# What a direct model file may declare, checked before anything is allocated.
DIRECT_LIMITS = {"hidden_size": 4096, "num_layers": 16, "input_len": 100_000, "horizon": 100_000,
                 "n_nets": 64}
COVARIATE_LIMIT = 10_000  # features of each kind (n_in, n_future, n_static) a model may declare
WEIGHTS = "weights.safetensors"
META = "model.json"


@dataclass
class SavedModel:
    """A model read back from disk: the net (on CPU, eval mode) and what it was trained with."""

    net: RecurrentNet | None  # the recursive net; None for a direct model
    config: Config
    scaler: Scaler | None
    input_len: int
    meta: dict[str, Any] = field(default_factory=dict)  # the whole model.json
    direct: Any = None  # forecasters.direct.DirectForecaster of a direct model
    intervals: Conformal | None = None  # the net's calibrated bands (None: saved without them)
    inputs: Any = None  # forecasters.recursive_inputs.RecursiveInputs of a recursive net with covariates
    # the bands of the baselines the seasonal-naive fallback equals, by name ({}: saved before them)
    fallback_intervals: dict[str, Conformal] = field(default_factory=dict)


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
         fingerprint: str = "", metrics: dict | None = None, extra: dict | None = None, inputs=None) -> Path:
    """Write folder/weights.safetensors then folder/model.json, each atomically. inputs: the
    recursive net's RecursiveInputs (covariates, several targets; format 5), or None (format 1).

    model.json is written last, so a crash in between leaves the old model.json, whose
    checksum no longer matches: the damage is detected on load, never loaded silently.
    """
    tensors = {k: v.detach().to("cpu").contiguous() for k, v in net.state_dict().items()}
    fields = {
        "config": to_dict(config),
        "input_size": int(getattr(net, "input_size", 1)),
        "input_len": int(input_len),
        "scaler": {"mean": scaler.mean_.tolist(), "scale": scaler.scale_.tolist()},
        "data_sha256": fingerprint,
        "metrics": _finite_json(metrics or {}),
    }
    if inputs is not None:
        fields["output_size"] = int(net.output_size)
        fields["recursive_inputs"] = _finite_json(inputs.to_dict())
    return _write(Path(folder), tensors, fields, extra, version=1 if inputs is None else 5)


def save_direct(folder: str | Path, direct, config: Config, fingerprint: str = "",
                metrics: dict | None = None, extra: dict | None = None) -> Path:
    """A direct model (forecasters.direct.DirectForecaster): its nets' weights, its settings
    and each series' fitted transforms, written like save() (format version 2)."""
    tensors, state = direct.model.state()
    fields = {
        "config": to_dict(config),
        "model_kind": "direct",
        "direct": _finite_json(state),
        "input_len": int(direct.input_len),
        "data_sha256": fingerprint,
        "metrics": _finite_json(metrics or {}),
    }
    level_input = bool((state["resolved"].get("covariates") or {}).get("n_level"))
    version = 6 if state.get("raw") else 5 if level_input else \
        4 if ((extra or {}).get("data") or {}).get("targets") else 3 if state.get("covariates") else 2
    return _write(Path(folder), {k: v.contiguous() for k, v in tensors.items()}, fields, extra, version=version)


def _write(folder: Path, tensors: dict, fields: dict, extra: dict | None, version: int) -> Path:
    """weights.safetensors then model.json (tag, version, checksums), each atomically.

    model.json is written last, so a crash in between leaves the old model.json, whose
    checksum no longer matches: the damage is detected on load, never loaded silently.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for name, t in tensors.items():
        if not torch.isfinite(t).all():
            raise ModelFileError(f"refusing to save: tensor {name} has non-finite values")
    blob = st_save(tensors, metadata={"format": FORMAT_TAG})
    meta = {
        "format": FORMAT_TAG,
        "format_version": version,
        "wavecast_version": __version__,
        "torch_version": torch.__version__,
        **fields,
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

    The text hashed is json.dumps(body, sort_keys=True), fed to the hash in pieces (jsonstream):
    the same digest without the whole string. The caller digests what json.loads gives back
    when a key is not a str (int keys sort differently once they are strings).
    """
    body = {k: v for k, v in meta.items() if k != "meta_sha256"}
    h = hashlib.sha256()
    for block in jsonstream.blocks(body, sort_keys=True, allow_nan=allow_nan):
        h.update(block)
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
    "intervals": (dict, None), "fallback_intervals": (dict, None), "params": (dict, None),
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
    listed = sorted(meta["tensors"])
    if listed != sorted(tensors):
        raise ModelFileError(f"{mpath} is damaged: it lists the tensors {_few(listed)}, {wpath.name} holds "
                             f"{_few(sorted(tensors))}")
    if meta.get("model_kind") == "direct":
        return _load_direct(meta, tensors, mpath, wpath)
    try:
        config = from_dict(_field(meta, "config", mpath))
        input_len = int(_field(meta, "input_len", mpath))
        input_size = int(meta.get("input_size", 1))
        inputs = _recursive_inputs(meta, input_size)
        output_size = input_size if inputs is None else inputs.n_out
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
    intervals = _intervals(meta, mpath, input_size if inputs is None else 1)  # with inputs: a series a target
    _check_tensors(_declared_shapes(config, input_size, tensors, wpath, output_size), tensors,
                   meta.get("tensors", {}), wpath)
    net = build_model(config.model, input_size=input_size, output_size=output_size)  # the file's sizes
    dtype = torch.float64 if config.train.dtype == "float64" else torch.float32
    net.load_state_dict({k: v.to(dtype) for k, v in tensors.items()})
    net.to(dtype).eval()
    return SavedModel(net, config, scaler, input_len, meta, intervals=intervals, inputs=inputs,
                      fallback_intervals=_fallback_intervals(meta, mpath, input_size if inputs is None else 1))


def _recursive_inputs(meta: dict, input_size: int):
    """A recursive net's covariate inputs (format 5), checked against its input_size; None before."""
    if meta.get("recursive_inputs") is None:
        return None
    from ..forecasters.recursive_inputs import RecursiveInputs

    inputs = RecursiveInputs.from_dict(meta["recursive_inputs"])  # ValueError/KeyError/TypeError: damaged
    if inputs.input_size != input_size or meta.get("output_size") != inputs.n_out:
        raise ValueError(f"recursive_inputs declare {inputs.input_size} inputs and {inputs.n_out} outputs; the model "
                         f"has {input_size} and {meta.get('output_size')!r}")
    return inputs


def _intervals(meta: dict, mpath: Path, n_features: int):
    """The net's conformal bands kept in model.json, checked; None when saved without them."""
    if meta.get("intervals") is None:
        return None
    try:
        intervals = Conformal.from_dict(meta["intervals"])
    except (ValueError, TypeError, KeyError) as exc:
        raise ModelFileError(f"{mpath} is damaged: {exc}") from None
    if intervals.lo_.shape[2] != n_features:
        raise ModelFileError(f"{mpath} is damaged: intervals for {intervals.lo_.shape[2]} features, "
                             f"the model has {n_features}")
    return intervals


def _fallback_intervals(meta: dict, mpath: Path, n_features: int) -> dict[str, Conformal]:
    """The fallback's bands kept in model.json (forecasters.fallback.BASELINES), each checked as
    the net's are; {} when saved without them (models before them)."""
    kept = meta.get("fallback_intervals")
    if kept is None:
        return {}
    if not isinstance(kept, dict) or not set(kept) <= set(BASELINES):
        raise ModelFileError(f"{mpath} is damaged: fallback_intervals must map {' or '.join(BASELINES)} to bands")
    return {name: _intervals({"intervals": d}, mpath, n_features) for name, d in kept.items()}


def _load_direct(meta: dict, tensors: dict, mpath: Path, wpath: Path) -> SavedModel:
    """A direct model: its settings bounded before any net is built, then its weights checked."""
    from ..forecasters.direct import DirectForecaster
    from ..forecasters.global_net import GlobalNetForecaster

    try:
        config = from_dict(_field(meta, "config", mpath))
        state = _field(meta, "direct", mpath)
        sizes = _check_sizes(state)
        raw = state.get("raw")
        if raw is not None:  # the second view (log="both"): one more state, bounded the same way
            if not isinstance(raw, dict):
                raise ValueError("the raw view is not a state")
            _check_sizes(raw)
        for name in sorted(tensors):
            t = tensors[name]
            if not t.is_floating_point() or not torch.isfinite(t).all():
                raise ModelFileError(f"{wpath} contains non-finite weights (tensor {name})")
        want = _direct_shapes(state)
        for name in sorted(set(want) | set(tensors)):
            got = tuple(tensors[name].shape) if name in tensors else None
            if got != want.get(name):
                raise ModelFileError(f"tensor {name} has shape {got}, model.json's settings say {want.get(name)}")
        g = GlobalNetForecaster.from_state(tensors, state)
    except ModelFileError:
        raise
    except ConfigError as exc:
        raise ModelFileError(f"{mpath} has an invalid config: {exc}") from None
    except (TypeError, ValueError, KeyError, RuntimeError, ValidationError) as exc:
        first = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise ModelFileError(f"{mpath} is damaged: {first}") from None
    return SavedModel(None, config, None, int(sizes["input_len"]), meta, direct=DirectForecaster.from_model(g),
                      intervals=_intervals(meta, mpath, 1), fallback_intervals=_fallback_intervals(meta, mpath, 1))


def _check_sizes(state: dict) -> dict:
    """A direct state's sizes, each within DIRECT_LIMITS (ValueError otherwise)."""
    resolved = state["resolved"]
    sizes = {"hidden_size": resolved["hidden_size"], "num_layers": resolved["num_layers"],
             "input_len": resolved["input_len"], "horizon": state["horizon"], "n_nets": state["n_nets"]}
    for key, v in sizes.items():
        if isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= DIRECT_LIMITS[key]:
            raise ValueError(f"{key} {v!r} is outside 1..{DIRECT_LIMITS[key]}")
    for key, v in (resolved.get("covariates") or {}).items():
        most = 1 if key == "n_level" else COVARIATE_LIMIT  # n_level: the window's level, read or not
        if key not in ("n_in", "n_future", "n_static", "n_level") or isinstance(v, bool) \
                or not isinstance(v, int) or not 0 <= v <= most:
            raise ValueError(f"covariates {key} {v!r} is outside 0..{most}")
    return sizes


def _direct_shapes(state: dict, prefix: str = "") -> dict[str, tuple]:
    """Every tensor's shape as the direct model's (bounded) settings build it: no weights."""
    from ..forecasters.global_net import GlobalNetForecaster

    r = state["resolved"]
    with torch.device("meta"):  # shapes only: nothing is allocated
        net = GlobalNetForecaster._new_net(r, state["horizon"], 0)
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
        if not t.is_floating_point() or not torch.isfinite(t).all():
            raise ModelFileError(f"{wpath} contains non-finite weights (tensor {name})")


def series_meta(ds: Dataset, input_len: int, scalers: Scaler | None = None,
                scaling: str = "global") -> dict[str, Any]:
    """What model.json keeps of the data: columns, frequency, each series' tail and last time,
    and each series' scaler (mean, scale of its training part; scalers stacked (S, 1, F))."""
    def is_datetime(t) -> bool:
        if t is None:  # no time column (the synthetic signal): no pandas needed
            return False
        import pandas as pd

        return isinstance(t, pd.DatetimeIndex)

    def stamp(t):
        if t is None or not len(t):
            return None
        x = t[-1]
        if is_datetime(t):
            import pandas as pd

            return str(pd.Timestamp(x).isoformat())
        return int(x)

    return {"data": {
        "target": ds.target, "time": ds.time, "id": ds.id,
        "freq": ds.freq if isinstance(ds.freq, (int, type(None))) else str(ds.freq),
        "datetime": any(is_datetime(t) for t in ds.times),
        "series": [{"id": sid, "length": len(v), "last_time": stamp(t),
                    "context": v[-input_len:].tolist(),
                    **({} if scalers is None else {"mean": scalers.mean_[i, 0].tolist(),
                                                   "scale": scalers.scale_[i, 0].tolist()})}
                   for i, (sid, v, t) in enumerate(zip(ds.ids, ds.values, ds.times, strict=True))],
        "scaling": scaling,
        **covariate_meta(ds, input_len),
        # several targets: the targets, each series' own id and target (its "id" is the internal key)
        **({"targets": list(ds.targets), "series_ids": list(ds.series_ids),
            "series_targets": list(ds.series_targets)} if getattr(ds, "targets", ()) else {}),
    }}


def covariate_meta(ds: Dataset, input_len: int) -> dict[str, Any]:
    """Each series' covariate rows from its kept tail's first value to its last row (future rows
    included; a missing past value after the end is null), its static values, and the schema."""
    cov = getattr(ds, "covariates", None)
    if cov is None:
        return {}
    rows = []
    for v, c in zip(ds.values, cov.values, strict=True):
        tail = c[len(v) - min(len(v), input_len):]
        rows.append([[None if not math.isfinite(x) else float(x) for x in r] for r in tail.tolist()])
    return {"covariates": {"schema": cov.schema(), "rows": rows, "static_values": cov.statics}}


def save_model(result, folder) -> None:
    """experiment.save's hook: the trained net as folder/ (modelfile format), with its series' tails."""
    ds = result.dataset
    if ds is None:  # the synthetic signal: one series without time stamps
        ds = Dataset([result.series[:, 0]], [""], [None], None, "value", source="signal")
    n = result.config.window.input_len
    saved = getattr(result, "saved_intervals", None) or getattr(result, "intervals", None) or {}
    conf = saved.get(next(iter(result.forecasters), None))  # the future's bands (held-out errors)
    bands = {} if conf is None else {"intervals": conf.to_dict()}  # forecast --level needs no data
    fallback = {k: c.to_dict() for k, c in saved.items() if k in BASELINES}
    if conf is not None and fallback:  # the bands of the series the fallback forecasts (forecast_checks.fallback_bands)
        bands["fallback_intervals"] = fallback
    if result.final is not None:  # the direct net trained on all the data given
        save_direct(folder, result.final, result.config, ds.fingerprint(), result.metrics,
                    {**series_meta(ds, n), **bands})
        return
    save(folder, result.net, result.config, result.scaler, n, ds.fingerprint(), result.metrics,
         {**series_meta(ds, n, result.scalers, result.config.data.scaling), **bands},
         inputs=getattr(result.forecasters.get(next(iter(result.forecasters), None)), "inputs", None))


def read_series_meta(meta: dict, input_len: int, folder) -> tuple[Dataset, dict[str, Scaler], list[int]]:
    """model.json's data section (series_meta's) read back and checked: the Dataset of each
    series' kept tail (its time stamps rebuilt from its end), each series' scaler by id, and
    where each tail starts in its series. Any damage is one ModelFileError."""
    import pandas as pd

    info = meta.get("data") or {}
    try:
        series = info.get("series")
        if not isinstance(series, list) or not series:  # nothing to continue: a forecast of no rows
            raise ValueError(f"series is {_short(series)}, not a list of the series the model continues")
        ids = [str(s["id"]) for s in series]
        values = [_context(s, input_len) for s in series]
        freq = info.get("freq")
        # Each series' own scaler (model files before per-series scaling: the global one).
        scalers = {i: Scaler.from_params(np.asarray(s["mean"], dtype=np.float64),
                                         np.asarray(s["scale"], dtype=np.float64))
                   for i, s in zip(ids, series, strict=True) if "mean" in s and "scale" in s}
        tiny = np.finfo(np.float64).tiny  # a subnormal scale: a flat forecast
        if any(not (np.isfinite(sc.mean_).all() and np.isfinite(sc.scale_).all() and (sc.scale_ >= tiny).all())
               for sc in scalers.values()):
            raise ValueError("a series scaler has non-finite, non-positive or subnormal values")
        times, starts = [], []
        for s, v in zip(series, values, strict=True):
            last, n = s.get("last_time"), int(s.get("length", len(v)))
            starts.append(n - len(v))
            if last is None:  # no time column: steps count on from the training series' length
                times.append(pd.RangeIndex(n - len(v), n))
            elif freq is None:  # a one-point series: no frequency to extend it by
                times.append(pd.Index([last]))
            elif info.get("datetime"):
                times.append(pd.date_range(end=pd.Timestamp(last), periods=len(v), freq=freq))
            else:
                times.append(pd.Index(int(last) - int(freq) * np.arange(len(v))[::-1]))
    except (TypeError, KeyError, ValueError, OverflowError) as exc:
        raise ModelFileError(f"{folder}: model.json data section is damaged ({exc})") from None
    if not info.get("time"):
        freq = 1
    ds = Dataset(values, ids, times, freq, info.get("target", "value"), info.get("time", ""),
                 info.get("id", ""), str(folder))
    if info.get("covariates") is not None:
        ds.covariates = _read_covariates(info["covariates"], ds, folder)
    if info.get("targets"):
        try:
            ds.targets = tuple(str(t) for t in info["targets"])
            ds.series_ids = [str(x) for x in info["series_ids"]]
            ds.series_targets = [str(x) for x in info["series_targets"]]
            if len(ds.series_ids) != len(ids) or len(ds.series_targets) != len(ids):
                raise ValueError("series_ids or series_targets do not match the series")
        except (TypeError, KeyError, ValueError) as exc:
            raise ModelFileError(f"{folder}: model.json data section is damaged ({exc})") from None
    return ds, scalers, starts


def _read_covariates(c: dict, ds: Dataset, folder):
    """model.json's covariate tails as data.covariates.Covariates aligned with ds's tails."""
    from ..data.covariates import Covariates

    try:
        sch = {k: tuple(str(x) for x in c["schema"][k]) for k in ("past", "future", "static", "calendar")}
        width = len(sch["past"]) + len(sch["future"]) + len(sch["calendar"])
        values = []
        for v, rows in zip(ds.values, c["rows"], strict=True):
            a = np.array([[np.nan if x is None else float(x) for x in r] for r in rows], dtype=np.float64)
            a = a.reshape(len(rows), width)
            if len(a) < len(v) or not np.isfinite(a[: len(v)]).all():
                raise ValueError("a series' covariate rows are fewer than its values or not finite")
            values.append(a)
        statics = [[x if isinstance(x, str) else float(x) for x in r] for r in c["static_values"]]
        if len(statics) != len(values) or any(len(r) != len(sch["static"]) for r in statics):
            raise ValueError("static values do not match the series or the static columns")
    except (TypeError, KeyError, ValueError) as exc:
        raise ModelFileError(f"{folder}: model.json covariates section is damaged ({exc})") from None
    last = [t[-1] if t is not None and len(t) else None for t in ds.times]
    return Covariates(sch["past"], sch["future"], sch["static"], sch["calendar"], values, statics, list(ds.ids),
                      ds.freq, last)


def _context(s: dict, input_len: int) -> np.ndarray:
    """A series' stored tail: a list of min(length, input_len) finite numbers, or ValueError
    (a `context: null` wrote a forecast of empty cells before)."""
    c = s["context"]
    if not isinstance(c, list) or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in c):
        raise ValueError(f"series {str(s.get('id'))[:40]!r} has context {str(c)[:40]}, not a list of numbers")
    x = np.asarray(c, dtype=np.float64)
    want = min(int(s.get("length", len(x))), input_len)
    if len(x) != want or not np.isfinite(x).all():
        raise ValueError(f"series {str(s.get('id'))[:40]!r} has a context of {len(x)} values "
                         f"({'non-finite' if len(x) == want else f'{want} expected'})")
    return x
