"""One optimizer step of the training loop (training.loop): the optimizer train.* names
built, a mini-batch step and a full-batch LBFGS step, each checking the loss and the gradient (or
the weights) before they touch the weights, so that the loop can skip a bad step and recover."""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from ..config import TrainConfig
from . import distributed as dist_mod
from . import state as ts
from .batches import Batches as _Batches
from .losses import window_loss


def make_optimizer(net: nn.Module, cfg: TrainConfig) -> torch.optim.Optimizer:
    params = net.parameters()
    if cfg.optimizer == "adam":
        # wavecast's Adam: torch.optim.Adam's numbers bit for bit, without the 1 s import
        # of torch._dynamo that any torch.optim optimizer triggers when it is built.
        from ..models.optim import Adam

        return Adam(params, lr=cfg.lr, weight_decay=cfg.weight_decay)
    if cfg.optimizer == "sgd":
        return torch.optim.SGD(params, lr=cfg.lr, momentum=cfg.momentum, weight_decay=cfg.weight_decay)
    line_search = None if cfg.lbfgs_line_search == "none" else cfg.lbfgs_line_search
    return torch.optim.LBFGS(
        params, lr=cfg.lr, history_size=cfg.lbfgs_history, max_iter=20, line_search_fn=line_search
    )


def minibatch_step(net, opt, data: _Batches, idx: torch.Tensor, cfg: TrainConfig, model=None,
          d: dist_mod.Dist = dist_mod.SINGLE, n_batch: int | None = None):
    """One mini-batch step -> (loss, windows, None) or (value, 0, what was non-finite).

    Both checks come before opt.step(), so a bad batch never touches the weights. Under DDP,
    idx is this rank's shard of a global batch of n_batch windows; the loss returned is the
    global batch's, the same on every rank, so all ranks skip or step together.
    """
    x, t = data.get(idx)
    opt.zero_grad()
    if d.active:
        loss = model(x, t, len(x) * d.world_size / n_batch)
        value, _ = dist_mod.agree(float(loss.detach()), False, d)
    else:
        loss = window_loss(net, x, t, cfg)
        value = float(loss.detach())
    if not math.isfinite(value):
        return value, 0, "loss"
    loss.backward()
    params = [p for p in net.parameters() if p.grad is not None]
    if cfg.clip_norm > 0:
        norm = nn.utils.clip_grad_norm_(params, cfg.clip_norm)
    else:
        norm = nn.utils.get_total_norm([p.grad for p in params])
    if not torch.isfinite(norm):
        return float(norm), 0, "gradient norm"
    opt.step()
    return value, n_batch or len(x), None


class LastEvaluation:
    """The full-batch loss and gradients at the weights the LBFGS closure evaluated last.

    torch's LBFGS.step() opens with an evaluation at the current weights, the point the
    previous step's line search evaluated last (the same bits: x + t d from the same x, t, d).
    Handing back that evaluation's loss and gradients saves one forward and backward pass a
    step and changes no number (lstm-cell-future: 30 of 737 evaluations). Keyed by the
    weights' bytes, so any other point (a recovery's restored weights) is evaluated afresh.
    """

    def __init__(self) -> None:
        self.weights: list[torch.Tensor] | None = None
        self.loss: torch.Tensor | None = None
        self.grads: list[torch.Tensor | None] = []

    @staticmethod
    def _bytes(p: torch.Tensor) -> torch.Tensor:
        return p.detach().reshape(-1).view(torch.uint8)

    def get(self, params: list[torch.Tensor]) -> torch.Tensor | None:
        """The loss (gradients set on params) if params hold the weights last evaluated, else None."""
        if self.weights is None or not all(
                torch.equal(self._bytes(p), w) for p, w in zip(params, self.weights, strict=True)):
            return None
        for p, g in zip(params, self.grads, strict=True):
            p.grad = None if g is None else g.clone()
        return self.loss

    def put(self, params: list[torch.Tensor], loss: torch.Tensor) -> None:
        self.weights = [self._bytes(p).clone() for p in params]
        self.grads = [None if p.grad is None else p.grad.detach().clone() for p in params]
        self.loss = loss.detach()


def lbfgs_step(net, opt, data: _Batches, cfg: TrainConfig, model=None, d: dist_mod.Dist = dist_mod.SINGLE,
                last: LastEvaluation | None = None):
    """One full-batch LBFGS step; its inner iterations may leave NaN weights, so check them.

    Under DDP each rank computes its shard of the full batch and the closure returns the
    global loss, so the line search takes the same decisions on every rank. last: the
    run's last evaluation, reused where the weights are the same (single process only).
    """
    params = [p for group in opt.param_groups for p in group["params"]]
    if d.active:
        n = len(data)
        x, t = data.get(torch.as_tensor(dist_mod.shard(np.arange(n), d), device=data.device))
    else:
        x, t = data.get(slice(None))
        n = len(x)

    def closure():
        opt.zero_grad()
        if d.active:
            loss = model(x, t, len(x) * d.world_size / n)
            loss.backward()
            value, _ = dist_mod.agree(float(loss.detach()), False, d)
            return torch.tensor(value, dtype=loss.dtype)
        if last is not None and (cached := last.get(params)) is not None:
            return cached
        loss = window_loss(net, x, t, cfg)
        loss.backward()
        if last is not None:
            last.put(params, loss)
        return loss

    value = float(opt.step(closure).detach())
    if not math.isfinite(value):
        return value, 0, "loss"
    if not ts.finite(net, opt):
        return math.nan, 0, "weights after the LBFGS step"
    return value, n, None
