"""Copy weights between PyTorch recurrent modules and the NumPy reference, both ways.

torch is imported lazily inside to_torch only; from_torch reads a module by duck typing (its
parameters named like PyTorch's: weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0, ...), so
a hand-written module that follows those names can be read as well as nn.RNN/LSTM/GRU.
"""

from __future__ import annotations

import numpy as np

from ..errors import ValidationError
from .gru import GRU
from .lstm import LSTM
from .rnn import ElmanRNN
from .sequence import RecurrentLayers

_CLASSES = {"rnn": ElmanRNN, "lstm": LSTM, "gru": GRU}
_GATES = {1: "rnn", 3: "gru", 4: "lstm"}
# reference name <-> PyTorch name, per layer l: W_ih_l0 <-> weight_ih_l0
_TORCH_NAMES = {"W_ih": "weight_ih", "W_hh": "weight_hh", "b_ih": "bias_ih", "b_hh": "bias_hh"}


def _numpy(t) -> np.ndarray:
    """A torch tensor (or anything array-like) -> a float64 NumPy copy."""
    if hasattr(t, "detach"):
        t = t.detach().cpu().double().numpy()
    return np.array(t, dtype=np.float64)


def torch_name(name: str) -> str:
    """'W_ih_l0' -> 'weight_ih_l0'."""
    base, layer = name.rsplit("_l", 1)
    return f"{_TORCH_NAMES[base]}_l{layer}"


def _kind(module, params: dict, kind: str | None) -> tuple[str, str]:
    """(kind, nonlinearity) from the argument, module.mode (nn.RNNBase) or the gate count."""
    mode = getattr(module, "mode", None)
    nonlinearity = getattr(module, "nonlinearity", "tanh")
    if kind is None and isinstance(mode, str):
        kind = {"RNN_TANH": "rnn", "RNN_RELU": "rnn", "LSTM": "lstm", "GRU": "gru"}.get(mode)
        nonlinearity = "relu" if mode == "RNN_RELU" else nonlinearity
    if kind is None:
        rows, H = params["weight_hh_l0"].shape[0], params["weight_hh_l0"].shape[1]
        kind = _GATES.get(rows // H) if rows % H == 0 else None
        if kind is None:
            raise ValidationError(
                f"cannot tell the cell from weight_hh_l0 of shape {(rows, H)}: expected H, 3H or "
                "4H rows (RNN, GRU, LSTM); pass kind='rnn'|'lstm'|'gru'"
            )
    if kind not in _CLASSES:
        raise ValidationError(f"kind must be 'rnn', 'lstm' or 'gru'; got {kind!r}")
    return kind, nonlinearity


def from_torch(module, kind: str | None = None) -> RecurrentLayers:
    """The NumPy reference model (float64) with the same weights as a PyTorch module.

    Parameters
    ----------
    module : torch.nn.RNN, nn.LSTM or nn.GRU (any num_layers, batch_first either way, with or
        without bias), or your own module whose parameters follow PyTorch's names
        (weight_ih_l{k}, weight_hh_l{k}, optional bias_ih_l{k}, bias_hh_l{k}).
    kind : 'rnn', 'lstm' or 'gru'; None to read it from module.mode or the weight shapes.

    Returns
    -------
    ElmanRNN, LSTM or GRU with batch_first copied from the module (False if it has none).
    Dropout between layers is not modelled: compare the module in eval mode.
    """
    if getattr(module, "bidirectional", False):
        raise ValidationError("bidirectional modules are not supported by the reference")
    if getattr(module, "proj_size", 0):
        raise ValidationError("LSTM with proj_size > 0 is not supported by the reference")
    params = {n: _numpy(p) for n, p in module.named_parameters()}
    if "weight_ih_l0" not in params or "weight_hh_l0" not in params:
        raise ValidationError(
            "the module has no parameters named weight_ih_l0 and weight_hh_l0; name them as "
            f"torch.nn.RNN does. Found: {sorted(params)}"
        )
    kind, nonlinearity = _kind(module, params, kind)
    num_layers = sum(1 for n in params if n.startswith("weight_ih_l"))
    bias = "bias_ih_l0" in params
    input_size = params["weight_ih_l0"].shape[1]
    hidden_size = params["weight_hh_l0"].shape[1]
    kwargs = {"nonlinearity": nonlinearity} if kind == "rnn" else {}
    model = _CLASSES[kind](
        input_size,
        hidden_size,
        num_layers,
        bias=bias,
        batch_first=bool(getattr(module, "batch_first", False)),
        **kwargs,
    )
    for name in model.named_parameters():
        base, layer = name.rsplit("_l", 1)
        src = params.get(torch_name(name))
        target = model.layers[int(layer)][base]
        if src is None or src.shape != target.shape:
            raise ValidationError(
                f"{torch_name(name)}: expected shape {target.shape}, found "
                f"{None if src is None else src.shape}"
            )
        model.layers[int(layer)][base] = src
    return model


def to_torch(model: RecurrentLayers):
    """The torch.nn.RNN/LSTM/GRU (float64) with the reference model's weights."""
    import torch
    from torch import nn

    cls = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[model.kind]
    kwargs = {"nonlinearity": model.nonlinearity} if model.kind == "rnn" else {}
    module = cls(
        model.input_size,
        model.hidden_size,
        model.num_layers,
        bias=model.bias,
        batch_first=model.batch_first,
        dtype=torch.float64,
        **kwargs,
    )
    with torch.no_grad():
        for name, value in model.named_parameters().items():
            getattr(module, torch_name(name)).copy_(torch.from_numpy(value))
    return module


def linear_from_torch(layer) -> tuple[np.ndarray, np.ndarray | None]:
    """(W (out, in), b (out,) or None) from an nn.Linear, by duck typing."""
    bias = getattr(layer, "bias", None)
    return _numpy(layer.weight), None if bias is None else _numpy(bias)
