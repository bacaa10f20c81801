"""A GlobalNetForecaster as tensors and JSON settings (what its model file holds), and back:
every net's weights, the settings, each series' transform, scale, tail and whether it varied, the covariates'
scalers and the raw view's own state. Files of every earlier version load.
"""

from __future__ import annotations

import math

import numpy as np
import torch

from ..errors import NotFittedError, ValidationError
from ..transforms import SeriesTransform
from .covariates import CovariateFeatures
from .global_net_members import new_net
from .series_tails import read_tails

FORMAT = "wavecast.global_net/1"


def to_state(model) -> tuple[dict[str, torch.Tensor], dict]:
    """A fitted GlobalNetForecaster as (tensors by name, JSON-able settings): everything
    `from_state` needs."""
    if not hasattr(model, "nets_"):
        raise NotFittedError("GlobalNetForecaster: nothing to save before fit")
    tensors = {f"net{k}.{name}": v.detach().clone().contiguous()
               for k, net in enumerate(model.nets_) for name, v in net.state_dict().items()}
    meta = {"format": FORMAT, "settings": model.settings, "resolved": model.resolved_,
            "horizon": model.horizon_, "season": model.season_, "scale": model.scale_.tolist(),
            "global_scale": model._global_scale(),
            "n_nets": len(model.nets_), "input_lens": list(model.input_lens_),
            "net_series": list(getattr(model, "net_series_", [None] * len(model.nets_))),
            "info": _jsonable(model.info_),
            "transforms": [t.params() for t in model.transforms_]}
    if getattr(model, "tails_", None) is not None:
        meta["tails"] = model.tails_
    if getattr(model, "smoothing_", None) is not None:
        meta["smoothing"] = list(model.smoothing_)
    if getattr(model, "varied_", None) is not None:
        meta["varied"] = [bool(v) for v in model.varied_]
    if model.covariates_ is not None:
        meta["covariates"] = model.covariates_.to_dict()
    if getattr(model, "raw_", None) is not None:
        raw_tensors, meta["raw"] = model.raw_.state()
        tensors.update({f"raw.{k}": v for k, v in raw_tensors.items()})
    return tensors, meta


def from_state(cls, tensors: dict[str, torch.Tensor], meta: dict):
    """The forecaster (of class cls) that `to_state` described; predicts exactly as the saved one."""
    if meta.get("format") != FORMAT:
        raise ValidationError(f"not a {FORMAT} state (format={meta.get('format')!r})")
    # files written before log_weight: the two views' plain mean; before balance and
    # partial: trained on whole windows weighing alike (how the nets were trained, no more)
    model = cls(**{"log_weight": 0.5, "balance": 0.0, "partial": False, "season_mode": "additive", **meta["settings"]})
    s = meta["resolved"]
    model.resolved_, model.horizon_, model.season_ = s, int(meta["horizon"]), int(meta["season"])
    model.scale_, model.info_ = np.asarray(meta["scale"], np.float64), dict(meta["info"])
    g = meta.get("global_scale")  # files written before spread_scales: every series' scale alike
    if g is not None and not (isinstance(g, (int, float)) and not isinstance(g, bool) and math.isfinite(g) and g > 0):
        raise ValidationError(f"global_scale {g!r} is not a positive number")
    model.global_scale_ = None if g is None else float(g)
    model.transforms_ = [SeriesTransform.from_params(p) for p in meta["transforms"]]
    # files written before tails: data given under a fitted series' id is taken to be that series
    model.tails_ = read_tails(meta.get("tails"), len(model.transforms_))
    varied = meta.get("varied")  # files written before it: None, each row judged by its own values
    if varied is not None and (not isinstance(varied, list) or len(varied) != len(model.transforms_)
                               or not all(isinstance(v, bool) for v in varied)):
        raise ValidationError(f"varied must be a list of {len(model.transforms_)} true/false values")
    model.varied_ = varied
    sm = meta.get("smoothing")  # level "smooth" (files written before it: each row's weight from the row)
    if sm is not None and (not isinstance(sm, list) or len(sm) != len(model.transforms_) or not all(
            isinstance(a, (int, float)) and not isinstance(a, bool) and 0 < a <= 1 for a in sm)):
        raise ValidationError(f"smoothing must be a list of {len(model.transforms_)} weights in (0, 1]")
    model.smoothing_ = None if sm is None else [float(a) for a in sm]
    model.covariates_ = CovariateFeatures.from_dict(meta["covariates"]) if meta.get("covariates") else None
    model.cov_data_ = None
    model.nets_ = []
    for k in range(int(meta["n_nets"])):
        net = new_net(s, model.horizon_, 0)
        prefix = f"net{k}."
        net.load_state_dict({n[len(prefix):]: v for n, v in tensors.items() if n.startswith(prefix)})
        model.nets_.append(net.eval())
    # files written before the length ensemble: every net reads the same input_len
    model.input_lens_ = [int(v) for v in meta.get("input_lens", [s["input_len"]] * len(model.nets_))]
    # files written before net_series: every net votes for every series
    model.net_series_ = meta.get("net_series", [None] * len(model.nets_))
    n = len(meta["transforms"])
    if len(model.net_series_) != len(model.nets_) or not all(
            k is None or (isinstance(k, list) and all(isinstance(i, int) and 0 <= i < n for i in k))
            for k in model.net_series_):
        raise ValidationError(f"net_series does not give {len(model.nets_)} nets' series among {n}")
    if len(model.input_lens_) != len(model.nets_) or min(model.input_lens_) < s["input_len"]:
        raise ValidationError(f"input_lens {model.input_lens_} do not match {len(model.nets_)} nets "
                              f"of input_len >= {s['input_len']}")
    raw = meta.get("raw")
    if raw is not None and (not isinstance(raw, dict) or raw.get("raw") is not None):
        raise ValidationError("the raw view must be one state without a view of its own")
    model.raw_ = None if raw is None else cls.from_state(
        {n[4:]: v for n, v in tensors.items() if n.startswith("raw.")}, raw)
    return model


def _jsonable(d: dict) -> dict:
    return {k: (float(v) if isinstance(v, (float, np.floating)) else v) for k, v in d.items()}
