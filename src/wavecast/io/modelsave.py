"""Save a trained model: DIR/weights.safetensors + DIR/model.json, never a pickle (modelfile
reads it back). model.json carries the format tag and version, the SHA-256 of the weights file,
every tensor's name, shape and dtype and its own seal (modelformat); each file is written
atomically, model.json last, and non-finite weights are refused.
"""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path

import numpy as np
import torch
from safetensors.torch import save as st_save

from .. import __version__
from ..config import Config, to_dict
from ..data.dataset import Dataset
from ..data.scaling import Scaler
from ..errors import ModelFileError
from ..forecasters.fallback import BASELINES
from . import jsonstream
from .atomic import write_bytes
from .data_section import series_meta
from .modelformat import FORMAT_TAG, META, WEIGHTS, _meta_digest


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
