"""Save and load a trained model: DIR/weights.safetensors + DIR/model.json, never a pickle.

safetensors parses safely but has no checksum, so model.json carries a format tag, a format
version, the SHA-256 of the weights file and every tensor's name, shape and dtype; loading
checks all of them, plus finiteness, and fails with a ModelFileError that says what is wrong.
Nothing here calls torch.load or pickle: a pickle is recognised by its first bytes and refused.
The checks are modelcheck's; the folder's names, format version and seal modelformat's; the
data section (each series' tail, scaler and covariates) data_section's (written) and
data_section_read's (read back).
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
from ..data.scaling import Scaler
from ..errors import ConfigError, ModelFileError, ValidationError
from ..forecasters.conformal import Conformal
from ..forecasters.fallback import BASELINES
from ..models.recurrent import RecurrentNet, build_model
from . import jsonstream
from .atomic import write_bytes
from .data_section import series_meta
from .modelcheck import (
    MAX_INPUT_LEN,
    MAX_WEIGHTS_BYTES,
    _check_sizes,
    _check_tensors,
    _check_weights_size,
    _declared_shapes,
    _direct_shapes,
    _few,
    _field,
    _read_meta,
    _refuse_pickle,
    _regular,
    _short,
)
from .modelformat import FORMAT_TAG, META, WEIGHTS, _meta_digest


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
    gains = bool((state["resolved"].get("covariates") or {}).get("n_gain"))
    version = 7 if gains else 6 if state.get("raw") else 5 if level_input else \
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
    size = _regular(wpath, MAX_WEIGHTS_BYTES)
    _refuse_pickle(wpath, size)
    _check_weights_size(meta, mpath, wpath, size)  # before the read: not GBs of junk beside a small model
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
            if not t.is_floating_point():  # an int32 tensor was said to hold 'non-finite weights'
                raise ModelFileError(f"{wpath} holds tensor {_short(name)} of {str(t.dtype).removeprefix('torch.')}; "
                                     "a model's weights are floating point")
            if not torch.isfinite(t).all():
                raise ModelFileError(f"{wpath} contains non-finite weights (tensor {name})")
        want = _direct_shapes(state)
        for name in sorted(set(want) | set(tensors)):
            got = tuple(tensors[name].shape) if name in tensors else None
            if got is None or name not in want:  # was "tensor X has shape (3,), model.json's settings say None"
                raise ModelFileError(f"{wpath} does not match model.json's settings: "
                                     + (f"tensor {_short(name)} missing" if got is None
                                        else f"unexpected tensor {_short(name)}"))
            if got != want[name]:
                raise ModelFileError(f"tensor {name} has shape {got}, model.json's settings say {want[name]}")
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


def save_model(result, folder) -> None:
    """experiment_files.save's hook: the trained net as folder/ (modelfile format), with its series' tails."""
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
