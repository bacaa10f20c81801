"""The global net's members (GlobalNetForecaster, forecasters/global_net.py): a new net by the
settings, its linear part started at the ridge fit of its windows, and the final nets trained on
all the data given for the epochs validation chose (global_net_epochs.py).
"""

from __future__ import annotations

import math

import numpy as np
import torch

from ..models.covariate_net import CovariateNet
from ..models.direct import DirectNet, train
from .global_net_inputs import scaled, train_inputs
from .net_windows import _windows
from .views import INIT_LOCK


def new_net(s: dict, horizon: int, seed: int) -> DirectNet:
    """A net of the settings s, its initial weights from `seed`."""
    # the global generator, seeded and restored: one thread at a time (views.Beside)
    with INIT_LOCK, torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        if s.get("covariates"):  # sizes of the covariate features (forecasters/covariates.py)
            return CovariateNet(s["cell"], s["hidden_size"], s["num_layers"], horizon, s["input_len"],
                                **s["covariates"])
        return DirectNet(s["cell"], s["hidden_size"], s["num_layers"], horizon,
                         s["input_len"] if s.get("skip") else 0)


def drivers(model) -> int | None:
    """The covariate net's future columns that are the user's drivers (the calendar's and
    holidays' come after them); None without covariates."""
    cov = getattr(model, "covariates_", None)
    return None if cov is None else len(cov.schema_["future"])


def linear_start(net, x: torch.Tensor, y: torch.Tensor, drivers: int | None = None):
    """A net's linear part starts from the ridge fit of its windows: a covariate net's linear
    columns (models/covariate_net.py; `drivers`: its future columns that are the user's, before
    the calendar's), a direct net's skip path (models/direct.py; nothing without one)."""
    if drivers is None:
        net.start_linear(x, y)
    else:
        net.start_linear(x, y, n_drivers=drivers)
    return net


def train_members(model, s: dict, z: list[np.ndarray], lens: list[int], H: int, epochs: float,
                  scale: np.ndarray, w: np.ndarray, first: tuple, device=None,
                  stage=lambda name: None, checkpoint=None, start=None,
                  smoothing=None) -> tuple[list, list, int]:
    """The final nets on all windows: n_ensemble seeds for each input length in `lens`, each
    for `epochs` passes over its own windows; the first starts from `start` when given (a
    net and its own epochs). first: the first length's windows (inputs and targets as
    tensors, `train_inputs` and `scaled`; series ids). -> nets, their input lengths, the first's steps."""
    nets, net_lens, first_steps = [], [], None
    for j, Lj in enumerate(lens):
        if j == 0:
            x_t, y_t, ids = first
        else:
            x, y, ids = _windows(z, Lj, H, s["level"], s["drift"], s["partial"], smoothing)
            x_t, y_t = train_inputs(model, x, scale[ids], ids, np.full(len(z), Lj), own=True), scaled(y, scale[ids], own=True)
            del x, y
        if not len(x_t):
            continue
        per_pass = math.ceil(len(x_t) / s["batch_size"])
        wt = torch.as_tensor(w[ids], dtype=torch.float32)
        n = len(lens) * s["n_ensemble"]
        for k in range(s["n_ensemble"]):
            seed = s["seed"] + j * s["n_ensemble"] + k
            if start is not None and not nets:
                net, steps = start[0].to(device).train(), max(1, round(start[1] * per_pass))
                if s.get("skip"):  # its linear path fitted again on all the data, kept there
                    net.start_linear(x_t, y_t, reset_head=False)
            else:
                net = linear_start(new_net(s, H, seed).to(device), x_t, y_t, drivers(model))
                steps = max(1, round(epochs * per_pass))
            first_steps = first_steps or steps
            train(net, x_t, y_t, steps=steps, weight=wt,
                  batch_size=s["batch_size"], lr=s["lr"], loss=s["loss"], seed=seed,
                  on_step=stage("training" if n == 1 else f"net {len(nets) + 1}/{n}"), checkpoint=checkpoint)
            nets.append(net.cpu().eval())  # forecasts (and state()) on the CPU
            net_lens.append(Lj)
    return nets, net_lens, first_steps
