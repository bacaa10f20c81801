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
from ..data.dataset import Dataset
from ..data.windows import Scaler
from ..errors import ConfigError, ModelFileError
from ..forecasters.conformal import Conformal
from ..models.recurrent import RecurrentNet, build_model
from . import jsonstream
from .atomic import write_bytes

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
    intervals: Conformal | None = None  # the net's calibrated bands (None: saved without them)


def _pickle_kind(head: bytes) -> str | None:
    """Name the pickle family a file starts with, or None. Never parses it."""
    if head[:2] in (b"\x80\x02", b"\x80\x03", b"\x80\x04", b"\x80\x05"):
        return "a Python pickle"
    if head[:4] == b"PK\x03\x04":  # torch.save's zip archive holds data.pkl
        return "a PyTorch pickle checkpoint (zip)"
    if head[:1] in (b"(", b"]", b"}", b"c") and head[1:2] in (b"d", b"l", b"c", b"_", b"\n"):
        return "a Python pickle (protocol 0/1)"
    return None


def _refuse_pickle(path: Path) -> None:
    try:
        with open(path, "rb") as f:
            head = f.read(8)
    except OSError:
        return
    kind = _pickle_kind(head)
    if kind:
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
    if not path.is_file():
        raise ModelFileError(f"{folder} is not a wavecast model folder: {META} not found")
    _refuse_pickle(path)
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
        _refuse_pickle(folder)
        raise ModelFileError(f"{folder} is a file; pass the model folder (it holds {META} and {WEIGHTS})")
    if not folder.exists():
        raise ModelFileError(f"model folder {folder} does not exist")
    if not (folder / META).exists() and (folder / "model" / META).exists():
        folder = folder / "model"
    meta = _read_meta(folder)
    mpath = folder / META
    wpath = folder / WEIGHTS
    _refuse_pickle(wpath)
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
    if not (np.isfinite(scaler.mean_).all() and np.isfinite(scaler.scale_).all()) or (scaler.scale_ <= 0).any():
        raise ModelFileError(f"{mpath} is damaged: scaler has non-finite or non-positive values")
    intervals = None
    if meta.get("intervals") is not None:
        try:
            intervals = Conformal.from_dict(meta["intervals"])
        except ValueError as exc:
            raise ModelFileError(f"{mpath} is damaged: {exc}") from None
        if intervals.lo_.shape[2] != input_size:
            raise ModelFileError(f"{mpath} is damaged: intervals for {intervals.lo_.shape[2]} features, "
                                 f"the model has {input_size}")
    net = build_model(config.model, input_size=input_size)
    _check_tensors(net, tensors, meta.get("tensors", {}), wpath)
    dtype = torch.float64 if config.train.dtype == "float64" else torch.float32
    net.load_state_dict({k: v.to(dtype) for k, v in tensors.items()})
    net.to(dtype).eval()
    return SavedModel(net, config, scaler, input_len, meta, intervals)


def _check_tensors(net: torch.nn.Module, tensors: dict, listed: dict, wpath: Path) -> None:
    want = {k: tuple(v.shape) for k, v in net.state_dict().items()}
    missing = sorted(set(want) - set(tensors))
    extra = sorted(set(tensors) - set(want))
    if missing or extra:
        raise ModelFileError(f"{wpath} does not match its config: missing tensors {missing}, "
                             f"unexpected {extra}")
    for name in want:  # the net's own order, so the first mismatch named is the first layer's
        t = tensors[name]
        if tuple(t.shape) != want[name]:
            raise ModelFileError(f"tensor {name} has shape {tuple(t.shape)}, config says {want[name]}")
        info = listed.get(name)
        if info is not None and list(info.get("shape", [])) != list(t.shape):
            raise ModelFileError(f"tensor {name} has shape {tuple(t.shape)}, model.json says "
                                 f"{tuple(info.get('shape', []))}")
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
    }}


def save_model(result, folder) -> None:
    """experiment.save's hook: the trained net as folder/ (modelfile format), with its series' tails."""
    ds = result.dataset
    if ds is None:  # the synthetic signal: one series without time stamps
        ds = Dataset([result.series[:, 0]], [""], [None], None, "value", source="signal")
    n = result.config.window.input_len
    extra = series_meta(ds, n, result.scalers, result.config.data.scaling)
    conf = (getattr(result, "intervals", None) or {}).get(next(iter(result.forecasters), None))
    if conf is not None:  # the net's conformal bands: `wavecast forecast --level` needs no data
        extra["intervals"] = conf.to_dict()
    save(folder, result.net, result.config, result.scaler, n, ds.fingerprint(), result.metrics, extra)
