"""train(net, windows, cfg, rng) -> TrainResult: mini-batch Adam/SGD or full-batch LBFGS.

Prints nothing; progress goes to an optional callback. Seeded: the same rng state and
torch seed give the same weights on CPU (same torch version and thread count), and so does
a run stopped (SIGINT/SIGTERM, or killed) and resumed from its checkpoint.

The optimizer and one step of it (mini-batch, or full-batch LBFGS) are training.optimizer_steps.
"""

from __future__ import annotations

import copy
import math
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
from torch import nn

from ..config import TrainConfig
from ..data.windows import WindowSet
from ..errors import TrainingDivergedError, TrainingInterrupted
from ..io import checkpoint as ckpt_mod
from ..io.checkpoint import CheckpointPlan
from . import distributed as dist_mod
from . import state as ts
from .batches import Batches as _Batches
from .losses import sampled_inputs, window_loss  # noqa: F401  (sampled_inputs: re-exported)
from .optimizer_steps import LastEvaluation, lbfgs_step, make_optimizer, minibatch_step

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
    notes: list[str] = field(default_factory=list)  # recoveries from non-finite steps


@dataclass(frozen=True)
class EpochReport:
    epoch: int
    epochs: int
    train_loss: float
    val_loss: float | None
    elapsed: float
    stage: str = ""  # the direct net's runs ("early stopping", "net 1/1", ...); "" for the recursive net


def _evaluate(net: nn.Module, batches: _Batches, cfg: TrainConfig, chunk: int = 4096) -> float:
    net.eval()
    total, n = 0.0, len(batches)
    with torch.no_grad():
        for lo in range(0, n, chunk):
            x, t = batches.get(slice(lo, lo + chunk))
            total += float(window_loss(net, x, t, cfg)) * len(x)
    net.train()
    return total / n


def train(
    net: nn.Module,
    windows: WindowSet,
    cfg: TrainConfig,
    rng: np.random.Generator,
    val: WindowSet | None = None,
    on_epoch: Callable[[EpochReport], None] | None = None,
    checkpoint: CheckpointPlan | None = None,
    dist: dist_mod.Dist | None = None,
    on_step: Callable[[int, int, int, int], None] | None = None,
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
    on_step : called after each optimizer step with (epoch, batch, batches a epoch, epochs)
    checkpoint : write checkpoints (every `every` steps and at each epoch's end) and stop
        cleanly on SIGINT/SIGTERM (raises TrainingInterrupted after saving); with
        `resume`, continue from the checkpoint, bit for bit as if never stopped.
    dist : under torchrun (distributed.from_env()): every rank draws the same permutation,
        takes its shard of each global batch of cfg.batch_size and scales its mean loss by
        len(shard) * world / len(batch), so DDP's averaged gradient is the single-process
        gradient of the whole batch; only rank 0 writes checkpoints.

    A non-finite loss or gradient skips its step, restores the last good weights and
    optimizer state, halves the learning rate, retries the batch and says so in `notes`; after
    MAX_RETRIES recoveries TrainingDivergedError names the epoch and step.
    """
    run = _Run(net, windows, cfg, rng, val, checkpoint, dist or dist_mod.SINGLE)
    loop, start = run.loop, time.perf_counter()
    with ts.Signals(enabled=checkpoint is not None) as signals:
        while not loop.done and loop.epoch <= cfg.epochs:
            t0 = time.perf_counter()
            run.shuffle()
            while loop.batch < run.steps_per_epoch:
                run.set_lr()
                value, n, bad = run.step()
                if bad:  # the same batch again, from good weights at half the rate
                    run.recover(bad, value)
                else:
                    run.count(value, n)
                    if on_step is not None:  # within the epoch: the CLI's bar moves
                        on_step(loop.epoch, loop.batch, run.steps_per_epoch, cfg.epochs)
                run.maybe_stop(signals)
            report = run.end_epoch(time.perf_counter() - t0, time.perf_counter() - start)
            if on_epoch is not None:
                on_epoch(report)
            run.save(force=False)
            run.maybe_stop(signals)
    return run.result(time.perf_counter() - start)


class _Run:
    """One training run's state and the steps train() takes: batches, checkpoints, recovery."""

    def __init__(self, net, windows, cfg: TrainConfig, rng, val, checkpoint, d: dist_mod.Dist) -> None:
        dtype = DTYPES[cfg.dtype]
        self.device = next(net.parameters()).device
        net.to(dtype=dtype)
        net.train()
        self.net, self.cfg, self.rng, self.checkpoint, self.d = net, cfg, rng, checkpoint, d
        self.data = _Batches(windows, dtype, self.device)
        self.val_data = _Batches(val, dtype, self.device) if val is not None and len(val) else None
        self.opt = make_optimizer(net, cfg)
        # DDP syncs the gradients of one forward call: the whole window loss is that call.
        self.model = dist_mod.wrap(dist_mod.loss_module(net, lambda n, x, t: window_loss(n, x, t, cfg)), d)
        self.full_batch = cfg.optimizer == "lbfgs"
        self.last_eval = LastEvaluation() if self.full_batch else None
        self.steps_per_epoch = 1 if self.full_batch else math.ceil(len(self.data) / cfg.batch_size)
        self.total_steps = self.steps_per_epoch * cfg.epochs
        self.loop, self.best_state = ts.Loop(), None
        self.identity = ts.identity(windows, val, cfg, checkpoint.identity) if checkpoint else {}
        if checkpoint is not None:
            if d.is_main:  # the one writer cleans up after itself
                ckpt_mod.remove_stale_temps(Path(checkpoint.path))
            if checkpoint.resume:  # every rank reads rank 0's checkpoint: the same state everywhere
                self.loop, self.best_state = ts.resume(checkpoint, self.identity, net, self.opt, rng)
        self.good = ts.snapshot(net, self.opt)  # the last state known finite: a recovery goes back here
        self.min_seconds = checkpoint.min_seconds if checkpoint is not None else 0.0
        self.last_write = time.perf_counter()

    def shuffle(self) -> None:
        loop = self.loop
        if not self.full_batch and loop.perm is None:
            # int32 when it fits: the same order as permutation(n) (same draws), half the
            # memory (10 million windows: 38 MB instead of 77 MB; benchmarks/panel.py)
            # Shuffled in place: permutation() would copy the arange (same draws either way).
            loop.perm = np.arange(len(self.data), dtype=np.int32 if len(self.data) < 2**31 else np.int64)
            self.rng.shuffle(loop.perm)

    def set_lr(self) -> None:
        cfg = self.cfg
        lr = cfg.lr
        if cfg.schedule == "cosine":
            lr = 0.5 * cfg.lr * (1 + math.cos(math.pi * self.loop.n_steps / self.total_steps))
        for group in self.opt.param_groups:
            group["lr"] = lr * self.loop.lr_scale

    def step(self):
        """One optimizer step on the next batch -> (loss, windows, what was non-finite or None)."""
        if self.full_batch:
            return lbfgs_step(self.net, self.opt, self.data, self.cfg, self.model, self.d, self.last_eval)
        lo = self.loop.batch * self.cfg.batch_size
        batch = self.loop.perm[lo : lo + self.cfg.batch_size]  # the global batch, same on every rank
        idx = torch.as_tensor(dist_mod.shard(batch, self.d), device=self.device)
        return minibatch_step(self.net, self.opt, self.data, idx, self.cfg, self.model, self.d, len(batch))

    def count(self, value: float, n: int) -> None:
        loop, ck = self.loop, self.checkpoint
        loop.batch += 1
        loop.n_steps += 1
        loop.epoch_loss += value * n
        loop.seen += n
        if len(loop.history["step_loss"]) < ts.MAX_STEP_LOSSES:
            loop.history["step_loss"].append(value)
        if ck is not None and ck.every and loop.n_steps % ck.every == 0:
            self.save()

    def end_epoch(self, seconds: float, elapsed: float) -> EpochReport:
        """Record the epoch's losses, keep the best weights, decide on early stopping."""
        loop, cfg = self.loop, self.cfg
        train_loss = loop.epoch_loss / loop.seen if loop.seen else math.nan
        val_loss = _evaluate(self.net, self.val_data, cfg) if self.val_data is not None else None
        h = loop.history
        h["train_loss"].append(train_loss)
        h["val_loss"].append(val_loss if val_loss is not None else math.nan)
        h["lr"].append(self.opt.param_groups[0]["lr"])
        h["seconds"].append(seconds)
        watched = val_loss if val_loss is not None else train_loss
        if watched < loop.best:
            loop.best, loop.bad_epochs, loop.best_epoch = watched, 0, loop.epoch
            if cfg.patience > 0:
                self.best_state = {k: v.detach().clone() for k, v in self.net.state_dict().items()}
        else:
            loop.bad_epochs += 1
        report = EpochReport(loop.epoch, cfg.epochs, train_loss, val_loss, elapsed)
        if cfg.patience > 0 and loop.bad_epochs >= cfg.patience:
            loop.stopped_early = True
        loop.epoch, loop.batch, loop.perm, loop.epoch_loss, loop.seen = loop.epoch + 1, 0, None, 0.0, 0
        loop.done = loop.stopped_early or loop.epoch > cfg.epochs
        return report

    def save(self, force: bool = True) -> None:
        """Remember the weights as good and, when due, write the checkpoint (rank 0 only)."""
        net, opt, loop = self.net, self.opt, self.loop
        if not ts.finite(net, opt):  # never write NaN/inf; recover first (no step was lost)
            self.recover("weights or optimizer state", math.nan)
        self.good = ts.snapshot(net, opt)
        due = force or loop.done or time.perf_counter() - self.last_write >= self.min_seconds
        if self.checkpoint is not None and self.d.is_main and due:  # all ranks hold the same state
            self.last_write = time.perf_counter()
            state = {
                "model": net.state_dict(), "optim": opt.state_dict(),
                "rng_numpy": self.rng.bit_generator.state, "rng_torch": torch.get_rng_state(),
                "loop": loop.to_state(), "best_state": self.best_state, "identity": self.identity,
            }
            ckpt_mod.save(self.checkpoint.path, state)

    def recover(self, what: str, value: float) -> None:
        """Back to the last good weights at half the learning rate, or give up after MAX_RETRIES."""
        loop, opt, cfg = self.loop, self.opt, self.cfg
        loop.retries += 1
        step = loop.n_steps + 1
        if loop.retries > ts.MAX_RETRIES:
            raise TrainingDivergedError(
                f"training diverged at epoch {loop.epoch}, step {step}: {what} is {value} after "
                f"{ts.MAX_RETRIES} retries, each with the learning rate halved (now "
                f"{cfg.lr * loop.lr_scale:.3g}); lower train.lr or turn on train.clip_norm"
            )
        lr = opt.param_groups[0]["lr"] / 2
        if self.full_batch or not ts.finite(self.net, opt):
            self.net.load_state_dict(self.good[0])
            opt.load_state_dict(copy.deepcopy(self.good[1]))
        opt.zero_grad()
        loop.lr_scale /= 2
        for group in opt.param_groups:
            group["lr"] = lr
        loop.notes.append(
            f"non-finite {what} ({value}) at epoch {loop.epoch}, step {step}: skipped the step, "
            f"restored the last good weights, halved the learning rate to {lr:.3g} and retried "
            f"the batch (retry {loop.retries} of {ts.MAX_RETRIES})"
        )

    def maybe_stop(self, signals) -> None:
        """Save and raise TrainingInterrupted once SIGINT/SIGTERM arrived (all ranks together)."""
        if self.d.active:  # all ranks stop at the same step, or one would wait for the others
            _, stop = dist_mod.agree(0.0, signals.signum is not None, self.d)
        else:
            stop = signals.signum is not None
        if stop:
            self.save()
            raise TrainingInterrupted(signals.signum or signal.SIGTERM, self.loop.epoch, self.loop.n_steps,
                                      self.checkpoint.path)

    def result(self, seconds: float) -> TrainResult:
        loop, out = self.loop, TrainResult()
        out.history, out.n_steps = loop.history, loop.n_steps
        out.stopped_early, out.notes = loop.stopped_early, loop.notes
        out.best_epoch = loop.best_epoch
        if self.best_state is not None:
            self.net.load_state_dict(self.best_state)
        else:
            out.best_epoch = len(out.history["train_loss"])
        self.net.eval()
        out.seconds = seconds
        return out
