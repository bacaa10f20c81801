"""How long the global net's final nets train (GlobalNetForecaster, forecasters/global_net.py):
the number of epochs chosen by a validation run on the last horizon of every series (early
stopping), with the small-data rule; the validation run's net, kept as one more member.
"""

from __future__ import annotations

import math

import numpy as np
import torch

from ..models.direct import train
from ..transforms import smoothing_weights
from .global_net_inputs import scaled, train_inputs
from .global_net_members import drivers, linear_start, new_net
from .net_windows import _windows, count_windows

SMALL_LEAST = 4  # small data: validation may choose from max_epochs' steps / SMALL_LEAST on (8, 16 and
# from the first step lost on one short seasonal series: docs/real-series.md, "One short seasonal series")


def choose_epochs(model, s: dict, z: list[np.ndarray], H: int, small: bool, scale: np.ndarray,
                  w: np.ndarray, w_all: torch.Tensor, x_t: torch.Tensor, y_t: torch.Tensor,
                  id_all: np.ndarray, info: dict, device=None, stage=lambda name: None,
                  checkpoint=None) -> tuple[float, torch.nn.Module | None]:
    """The epochs the final nets train (max_epochs without validation) and the validation run's
    net (None unless keep_val_net); what the run found goes into info. x_t, y_t, id_all: all
    the windows (`train_inputs`, `scaled`), of which the run trains on those before each
    series' last horizon."""
    L, part, smooth = s["input_len"], s["partial"], s["level"] == "smooth"
    epochs, val_net = float(s["max_epochs"]), None
    if not s["validate"]:
        return epochs, val_net
    # validation: the last window of each series; training windows: those before it
    # smoothing weights fitted without the held-out horizon
    smv = smoothing_weights([v[:len(v) - H] for v in z]) if smooth else None
    xv_t, yv_t, idv = validation_windows(model, z, L, H, s, smv, scale, x_t, y_t, id_all)
    tail = [v[len(v) - L - H:] if len(v) >= L + H else v[:0] for v in z]
    # small data (one series, a few short ones): also the windows that start inside the
    # held-out horizon (their inputs reach into it, never trained on; their targets past
    # the end left out), a validation window for every origin there rather than one
    xval, yval, idval = _windows(tail, L, H, s["level"], s["drift"], part and small, smv)
    if len(xv_t) and len(xval):
        per_epoch = math.ceil(len(xv_t) / s["batch_size"])
        net = linear_start(new_net(s, H, s["seed"]).to(device), xv_t, yv_t, drivers(model))
        # validation 4 times an epoch (the best count is often within the first epochs);
        # patience at least 300 steps: small panels have few steps an epoch
        every = math.ceil(per_epoch / 4)
        patience_steps = max(s["patience"] * per_epoch, 300)
        # at least min_steps (or all of max_epochs when fewer): the loss of one window a
        # series is flat and noisy after the first epochs and alone picks too few
        # small data: from a quarter of max_epochs, so that validation can choose: 200
        # passes over one series' windows learnt their noise (240 M3 series fitted alone)
        least = min(s["min_steps"], s["max_epochs"] * per_epoch // (SMALL_LEAST if small else 1))
        run = train(net, xv_t, yv_t,
                    steps=s["max_epochs"] * per_epoch,
                    batch_size=s["batch_size"], lr=s["lr"], loss=s["loss"],
                    seed=s["seed"], weight=w_all.new_tensor(w[idv]),
                    val=(train_inputs(model, xval, scale[idval], idval, np.array([len(v) - H for v in z])),
                         scaled(yval, scale[idval]),
                         w_all.new_tensor(w[idval])),
                    eval_every=every, patience=math.ceil(patience_steps / every),
                    on_step=stage("early stopping"),
                    snapshot_after=least if s["keep_val_net"] else None, checkpoint=checkpoint)
        best = max(run["best_step"], least)
        epochs = best / per_epoch
        # val_best_step: where its smoothed validation loss was lowest (the training note says
        # which step was chosen, max of it and least_steps, and so why the scored net trains as long)
        info.update(best_val=run["best_val"], val_steps_run=run["val_history"][-1][0],
                    val_windows=len(xval), least_steps=least, val_best_step=run["best_step"])
        if s["keep_val_net"]:
            net.load_state_dict(run["snapshot"])
            val_net = net.cpu().eval()  # forecasts (and state()) on the CPU
    return epochs, val_net


def validation_windows(model, z, L, H, s, smv, scale, x_t, y_t, ids):
    """The validation run's training windows as tensors (`train_inputs`, `scaled`): those of each
    series without its last H points (`_windows`). Where a window's level is read from its inputs
    alone ("last", "none") and nothing else reads the series (no drift, no covariates),
    these are the first windows of each series' in x_t and y_t, bit for bit, their targets
    from the cut on unknown (NaN): taken from there, no float64 windows are built again.
    -> inputs (N, L), targets (N, H), series ids (N,)."""
    cut = [v[:len(v) - H] for v in z]
    part = s["partial"]
    if model.covariates_ is not None or s["drift"] or s["level"] not in ("last", "none"):
        xv, yv, idv = _windows(cut, L, H, s["level"], s["drift"], part, smv)
        xv_t = train_inputs(model, xv, scale[idv], idv, np.full(len(z), L), own=True)
        return xv_t, scaled(yv, scale[idv], own=True), idv
    n_full = [count_windows([len(v)], L, H, part) for v in z]
    n_cut = [count_windows([len(c)], L, H, part) for c in cut]
    begin = np.r_[0, np.cumsum(n_full)[:-1]]
    j = np.concatenate([np.arange(k) for k in n_cut]) if n_cut else np.zeros(0, np.int64)  # window in series
    rows = np.repeat(begin, n_cut) + j
    # window j's target k is past the cut (of length m) where j + L + k >= m
    past = np.arange(H)[None, :] >= (np.repeat([len(c) for c in cut], n_cut) - L - j)[:, None]
    if len(rows) and np.array_equal(rows, np.arange(rows[0], rows[0] + len(rows))):
        xv_t = x_t[rows[0]:rows[0] + len(rows)]  # one series: a view, no copy
    else:
        xv_t = x_t[torch.as_tensor(rows)]
    yv_t = y_t[torch.as_tensor(rows)]  # a copy: its targets past the cut are unknown
    yv_t[torch.as_tensor(past)] = float("nan")
    return xv_t, yv_t, ids[rows]
