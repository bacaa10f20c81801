"""train(net, windows, cfg, rng) -> TrainResult: mini-batch Adam/SGD or full-batch LBFGS.

Prints nothing; progress goes to an optional callback. Seeded: the same rng state and
torch seed give the same weights on CPU (same torch version and thread count).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import torch
from torch import nn

from .config import TrainConfig
from .errors import TrainingDivergedError
from .windows import WindowSet

DTYPES = {"float32": torch.float32, "float64": torch.float64}


@dataclass
class TrainResult:
    history: dict[str, list[float]] = field(
        default_factory=lambda: {"train_loss": [], "val_loss": [], "lr": [], "seconds": []}
    )
    best_epoch: int = 0  # 1-based epoch whose weights were kept
    seconds: float = 0.0  # training wall time, excluding set-up
    n_steps: int = 0  # optimizer steps taken
    stopped_early: bool = False


@dataclass(frozen=True)
class EpochReport:
    epoch: int
    epochs: int
    train_loss: float
    val_loss: float | None
    elapsed: float


class _Batches:
    """Windows as tensors on the net's device; batches gathered by one index op."""

    def __init__(self, windows: WindowSet, dtype: torch.dtype, device: torch.device):
        self.series = torch.as_tensor(np.ascontiguousarray(windows.series), dtype=dtype, device=device)
        self.starts = torch.as_tensor(windows.starts, device=device)
        self.offsets = torch.arange(windows.span, device=device)
        self.input_len = windows.input_len

    def __len__(self) -> int:
        return len(self.starts)

    def get(self, idx: torch.Tensor | slice) -> tuple[torch.Tensor, torch.Tensor]:
        w = self.series[self.starts[idx][:, None] + self.offsets]  # (B, span, F)
        return w[:, : self.input_len], w[:, self.input_len :]


def window_loss(net: nn.Module, inputs: torch.Tensor, targets: torch.Tensor, cfg: TrainConfig):
    """One-step MSE of the prediction after the window, plus the free-running loss if asked.

    The free-running term feeds the net its own predictions for `rollout_steps` steps and
    scores them against the true continuation: a net trained on one-step errors alone never
    sees its own mistakes, which is why long continuations drift (the forum thread on Adam).
    """
    y, _ = net(inputs)  # (B, T, F)
    if cfg.loss_on == "all":
        # Every position predicts its successor: inputs[:, 1:] then the first target.
        nxt = torch.cat([inputs[:, 1:], targets[:, :1]], dim=1)  # (B, T, F)
        loss = torch.mean((y - nxt) ** 2)
    else:
        loss = torch.mean((y[:, -1] - targets[:, 0]) ** 2)
    if cfg.rollout_steps > 0:
        free = net.rollout(inputs, cfg.rollout_steps)  # (B, k, F)
        loss = loss + cfg.rollout_weight * torch.mean((free - targets[:, : cfg.rollout_steps]) ** 2)
    return loss


def _make_optimizer(net: nn.Module, cfg: TrainConfig) -> torch.optim.Optimizer:
    params = net.parameters()
    if cfg.optimizer == "adam":
        return torch.optim.Adam(params, lr=cfg.lr, weight_decay=cfg.weight_decay)
    if cfg.optimizer == "sgd":
        return torch.optim.SGD(params, lr=cfg.lr, momentum=cfg.momentum, weight_decay=cfg.weight_decay)
    line_search = None if cfg.lbfgs_line_search == "none" else cfg.lbfgs_line_search
    return torch.optim.LBFGS(
        params, lr=cfg.lr, history_size=cfg.lbfgs_history, max_iter=20, line_search_fn=line_search
    )


def _evaluate(net: nn.Module, batches: _Batches, cfg: TrainConfig, chunk: int = 4096) -> float:
    net.eval()
    total, n = 0.0, len(batches)
    with torch.no_grad():
        for lo in range(0, n, chunk):
            x, t = batches.get(slice(lo, lo + chunk))
            total += float(window_loss(net, x, t, cfg)) * len(x)
    net.train()
    return total / n


def _check_finite(loss: torch.Tensor, epoch: int, step: int) -> None:
    if not torch.isfinite(loss):
        raise TrainingDivergedError(
            f"training diverged: loss is {float(loss.detach())} at epoch {epoch}, step {step}; "
            "lower train.lr or turn on train.clip_norm"
        )


def train(
    net: nn.Module,
    windows: WindowSet,
    cfg: TrainConfig,
    rng: np.random.Generator,
    val: WindowSet | None = None,
    on_epoch: Callable[[EpochReport], None] | None = None,
) -> TrainResult:
    """Fit `net` on the windows (already scaled) and return the loss history.

    Parameters
    ----------
    net : a module with forward(x (B, T, F)) -> (y (B, T, F), state) and rollout()
    windows : training windows; targets must be at least max(1, rollout_steps) long
    cfg : TrainConfig
    rng : shuffles the mini-batches
    val : validation windows; with cfg.patience > 0 the best-validation weights are kept
    on_epoch : called after each epoch with an EpochReport (the CLI draws progress)
    """
    dtype = DTYPES[cfg.dtype]
    device = next(net.parameters()).device
    net.to(dtype=dtype)
    net.train()
    data = _Batches(windows, dtype, device)
    val_data = _Batches(val, dtype, device) if val is not None and len(val) else None
    opt = _make_optimizer(net, cfg)
    full_batch = cfg.optimizer == "lbfgs"
    steps_per_epoch = 1 if full_batch else math.ceil(len(data) / cfg.batch_size)
    total_steps = steps_per_epoch * cfg.epochs
    result = TrainResult()
    best, best_state, bad_epochs = math.inf, None, 0
    start = time.perf_counter()
    for epoch in range(1, cfg.epochs + 1):
        t0 = time.perf_counter()
        epoch_loss, seen = 0.0, 0
        if full_batch:
            x, t = data.get(slice(None))

            def closure(x=x, t=t):
                opt.zero_grad()
                loss = window_loss(net, x, t, cfg)
                loss.backward()
                return loss

            loss = opt.step(closure)
            _check_finite(loss, epoch, result.n_steps)
            result.n_steps += 1
            epoch_loss, seen = float(loss.detach()) * len(x), len(x)
        else:
            order = torch.as_tensor(rng.permutation(len(data)), device=device)
            for lo in range(0, len(data), cfg.batch_size):
                if cfg.schedule == "cosine":
                    lr = 0.5 * cfg.lr * (1 + math.cos(math.pi * result.n_steps / total_steps))
                    for group in opt.param_groups:
                        group["lr"] = lr
                x, t = data.get(order[lo : lo + cfg.batch_size])
                opt.zero_grad()
                loss = window_loss(net, x, t, cfg)
                _check_finite(loss, epoch, result.n_steps)
                loss.backward()
                if cfg.clip_norm > 0:
                    nn.utils.clip_grad_norm_(net.parameters(), cfg.clip_norm)
                opt.step()
                result.n_steps += 1
                epoch_loss += float(loss.detach()) * len(x)
                seen += len(x)
        train_loss = epoch_loss / seen
        val_loss = _evaluate(net, val_data, cfg) if val_data is not None else None
        h = result.history
        h["train_loss"].append(train_loss)
        h["val_loss"].append(val_loss if val_loss is not None else math.nan)
        h["lr"].append(opt.param_groups[0]["lr"])
        h["seconds"].append(time.perf_counter() - t0)
        watched = val_loss if val_loss is not None else train_loss
        if watched < best:
            best, bad_epochs, result.best_epoch = watched, 0, epoch
            if cfg.patience > 0:
                best_state = {k: v.detach().clone() for k, v in net.state_dict().items()}
        else:
            bad_epochs += 1
        if on_epoch is not None:
            on_epoch(EpochReport(epoch, cfg.epochs, train_loss, val_loss, time.perf_counter() - start))
        if cfg.patience > 0 and bad_epochs >= cfg.patience:
            result.stopped_early = True
            break
    if best_state is not None:
        net.load_state_dict(best_state)
    else:
        result.best_epoch = len(result.history["train_loss"])
    net.eval()
    result.seconds = time.perf_counter() - start
    return result
