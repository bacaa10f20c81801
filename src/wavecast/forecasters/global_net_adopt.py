"""Another GlobalNetForecaster's net (fitted on a shorter part of the same series: wavecast.fit's
scored model) rescaled exactly to this one's scale: the warm start of `fit(warm=)` and the extra
member that `adopt` adds.
"""

from __future__ import annotations

import torch

from ..models.direct import DirectNet
from .global_net_members import new_net


def global_scale(model) -> float:
    """The divisor of a typical series' windows (`series_scales`; files written before
    spread_scales: every series', so the first)."""
    g = getattr(model, "global_scale_", None)
    return float(model.scale_[0]) if g is None else float(g)


def rescaled_net(s: dict, scale: float, horizon: int, other) -> DirectNet | None:
    """A copy of `other`'s first net (fitted on a shorter part of the same series) that reads
    and writes the global `scale` of a forecaster of settings s: its input enters the recurrent
    cell and its output leaves the head linearly, so the rescaling is exact. None where the two
    do not fit together (covariates, per-series scales, another size, input length or horizon)."""
    o = other.resolved_
    same = all(s[k] == o[k] for k in ("cell", "hidden_size", "num_layers", "input_len", "level", "drift"))
    if (not same or s.get("covariates") or other.covariates_ is not None or bool(s.get("skip")) != bool(o.get("skip"))
            or s["scale"] != "global" or o["scale"] != "global" or other.horizon_ != horizon):
        return None
    net = new_net(s, horizon, 0)
    net.load_state_dict(other.nets_[0].state_dict())
    c = scale / global_scale(other)  # inputs: x / mine = (x / theirs) / c
    with torch.no_grad():
        net.rnn.weight_ih_l0.mul_(c)
        net.head.weight.div_(c)  # outputs: theirs * (their scale / mine)
        net.head.bias.div_(c)
        if net.skip is not None:  # linear in the scaled inputs: only its intercept moves
            net.skip.bias.div_(c)
    return net


def adopt(model, other, series=None) -> bool:
    """Add `other`'s first net as a member of model's ensemble (`GlobalNetForecaster.adopt`)."""
    net = rescaled_net(model.resolved_, global_scale(model), model.horizon_, other)
    if net is None:
        return False
    mine, theirs = getattr(model, "raw_", None), getattr(other, "raw_", None)
    if (mine is None) != (theirs is None) or (mine is not None and not mine.adopt(theirs, series)):
        return False
    known = None if series is None else sorted({int(i) for i in series})
    if known is not None and len(known) == len(model.transforms_):
        known = None  # every series
    model.net_series_ = [*getattr(model, "net_series_", [None] * len(model.nets_)), known]
    model.nets_.append(net.eval())
    model.input_lens_.append(model.resolved_["input_len"])
    model.info_["n_nets"] = len(model.nets_) + (len(mine.nets_) if mine is not None else 0)
    return True
