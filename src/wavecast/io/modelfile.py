"""Load a trained model: DIR/weights.safetensors + DIR/model.json (written by modelsave), never
unpickled. safetensors parses safely but has no checksum, so model.json carries a format tag, a
format version, the SHA-256 of the weights file and every tensor's name, shape and dtype; loading
checks all of them, plus finiteness, and fails with a ModelFileError that says what is wrong.
Nothing here calls torch.load or pickle: a pickle is recognised by its first bytes and refused.
The checks are modelcheck's; the folder's names, format version and seal modelformat's; the
data section (each series' tail, scaler and covariates) data_section's (written) and
data_section_read's (read back).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from safetensors import SafetensorError
from safetensors.torch import load as st_load

from ..config import Config, from_dict
from ..data.scaling import Scaler
from ..errors import ConfigError, ModelFileError, ValidationError
from ..forecasters.conformal import Conformal
from ..forecasters.fallback import BASELINES
from ..models.recurrent import RecurrentNet, build_model
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
from .modelformat import META, WEIGHTS


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
