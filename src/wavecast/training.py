"""train(net, windows, cfg, rng) -> TrainResult: mini-batch Adam/SGD or full-batch LBFGS.

Prints nothing; progress goes to an optional callback. Seeded: the same rng state and
torch seed give the same weights on CPU (same torch version and thread count), and so does
a run stopped (SIGINT/SIGTERM, or killed) and resumed from its checkpoint.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import math
import signal
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
from torch import nn

from . import checkpoint as ckpt_mod
from . import distributed as dist_mod
from .checkpoint import CheckpointPlan
from .config import TrainConfig
from .errors import ModelFileError, TrainingDivergedError, TrainingInterrupted, ValidationError
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
    notes: list[str] = field(default_factory=list)  # recoveries from non-finite steps


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
        series = np.ascontiguousarray(windows.series)
        if device.type == "cpu":
            # Share the caller's array and cast each batch: a float32 copy of a 10-million
            # point series would cost half the raw data again (benchmarks/scale.py).
            with warnings.catch_warnings():  # a read-only array is fine: batches are copies
                warnings.simplefilter("ignore", UserWarning)
                self.series = torch.from_numpy(series)
        else:  # one copy on the device, in the training dtype
            self.series = torch.as_tensor(series, dtype=dtype, device=device)
        self.dtype = dtype
        self.starts = torch.as_tensor(windows.starts, device=device)
        self.offsets = torch.arange(windows.span, device=device)
        self.input_len = windows.input_len

    def __len__(self) -> int:
        return len(self.starts)

    def get(self, idx: torch.Tensor | slice) -> tuple[torch.Tensor, torch.Tensor]:
        w = self.series[self.starts[idx][:, None] + self.offsets].to(self.dtype)  # (B, span, F)
        return w[:, : self.input_len], w[:, self.input_len :]


def sampled_inputs(net: nn.Module, inputs: torch.Tensor, prob: float) -> torch.Tensor:
    """Scheduled sampling, done in parallel: inputs (B, T, F) with a random share `prob` of
    the samples after the first replaced by the net's own one-step predictions of them.

    One teacher-forced pass (no gradient) gives y[:, t-1], the prediction of inputs[:, t];
    the loss pass then reads a mix, so the net learns to recover from its own errors instead
    of seeing only perfect inputs (Bengio et al. 2015; the one-pass form of Duckworth et al.
    2019, which needs no per-step Python loop). Uses torch's global generator.
    """
    with torch.no_grad():
        y, _ = net(inputs)  # (B, T, F): y[:, t] predicts inputs[:, t + 1]
    own = torch.cat([inputs[:, :1], y[:, :-1]], dim=1)  # (B, T, F), aligned with inputs
    mask = torch.rand(inputs.shape[0], inputs.shape[1], 1, device=inputs.device) < prob
    mask[:, 0] = False  # the first sample has no prediction of its own
    return torch.where(mask, own.to(inputs.dtype), inputs)


def window_loss(net: nn.Module, inputs: torch.Tensor, targets: torch.Tensor, cfg: TrainConfig):
    """One-step MSE of the prediction after the window, plus the free-running loss if asked.

    The free-running term feeds the net its own predictions for `rollout_steps` steps and
    scores them against the true continuation: a net trained on one-step errors alone never
    sees its own mistakes, which is why long continuations drift (the forum thread on Adam).
    """
    if cfg.sampling_prob > 0 and net.training:
        y, state = net(sampled_inputs(net, inputs, cfg.sampling_prob))  # (B, T, F)
    else:
        y, state = net(inputs)  # (B, T, F)
    if cfg.loss_on == "all":
        # Every position predicts its successor: inputs[:, 1:] then the first target.
        nxt = torch.cat([inputs[:, 1:], targets[:, :1]], dim=1)  # (B, T, F)
        loss = torch.mean((y - nxt) ** 2)
    else:
        loss = torch.mean((y[:, -1] - targets[:, 0]) ** 2)
    if cfg.rollout_steps > 0 and cfg.sampling_prob > 0 and net.training:
        free = net.rollout(inputs, cfg.rollout_steps)  # primed on the true inputs, not the mix
        loss = loss + cfg.rollout_weight * torch.mean((free - targets[:, : cfg.rollout_steps]) ** 2)
    elif cfg.rollout_steps > 0:
        # Continue from the state the one-step pass ended in: the same numbers as
        # net.rollout(inputs), without running the window through the net a second time
        # (that second pass made each training step of the demo ~1.5x dearer).
        step, outs = y[:, -1:], [y[:, -1:]]
        one_step = getattr(net, "step", net)  # RecurrentNet.step: fused cell kernels
        for _ in range(cfg.rollout_steps - 1):
            step, state = one_step(step, state)  # (B, 1, F)
            outs.append(step)
        free = torch.cat(outs, dim=1)  # (B, k, F)
        loss = loss + cfg.rollout_weight * torch.mean((free - targets[:, : cfg.rollout_steps]) ** 2)
    return loss


def _make_optimizer(net: nn.Module, cfg: TrainConfig) -> torch.optim.Optimizer:
    params = net.parameters()
    if cfg.optimizer == "adam":
        # wavecast's Adam: torch.optim.Adam's numbers bit for bit, without the 1 s import
        # of torch._dynamo that any torch.optim optimizer triggers when it is built.
        from .optim import Adam

        return Adam(params, lr=cfg.lr, weight_decay=cfg.weight_decay)
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


MAX_RETRIES = 3  # non-finite steps recovered (lr halved each time) before giving up
MAX_STEP_LOSSES = 10_000  # history["step_loss"]: the first steps' global batch losses (kept small in checkpoints)


@dataclass
class _Loop:
    """Where training stands: everything besides weights, optimizer and rngs that a
    checkpoint must hold to continue bit for bit, mid-epoch included."""

    epoch: int = 1  # 1-based epoch in progress
    batch: int = 0  # next batch of this epoch
    perm: np.ndarray | None = None  # this epoch's window order (None: not drawn yet)
    epoch_loss: float = 0.0  # sum of loss * windows over this epoch's batches so far
    seen: int = 0
    n_steps: int = 0
    lr_scale: float = 1.0  # halved at each recovery from a non-finite step
    retries: int = 0
    best: float = math.inf
    bad_epochs: int = 0
    best_epoch: int = 0
    done: bool = False
    stopped_early: bool = False
    history: dict[str, list] = field(
        default_factory=lambda: {"train_loss": [], "val_loss": [], "lr": [], "seconds": [], "step_loss": []}
    )
    notes: list[str] = field(default_factory=list)

    def to_state(self) -> dict:
        d = {k: getattr(self, k) for k in self.__dataclass_fields__}
        d["perm"] = None if self.perm is None else torch.as_tensor(self.perm)
        d["best"] = None if not math.isfinite(self.best) else self.best
        # No file holds NaN: a missing validation loss is stored as None.
        d["history"] = {k: [None if v is None or not math.isfinite(v) else v for v in vs]
                        for k, vs in self.history.items()}
        return d

    @classmethod
    def from_state(cls, d: dict) -> _Loop:
        d = dict(d)
        d["perm"] = None if d["perm"] is None else d["perm"].numpy()
        d["best"] = math.inf if d["best"] is None else d["best"]
        d["history"] = {k: [math.nan if v is None else v for v in vs] for k, vs in d["history"].items()}
        d["history"].setdefault("step_loss", [])  # checkpoints from before step losses were kept
        return cls(**d)


class _Signals:
    """SIGINT/SIGTERM while training: remember it, let the step finish, then save and stop.

    A second signal stops at once (KeyboardInterrupt), for a user who will not wait.
    """

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and threading.current_thread() is threading.main_thread()
        self.signum: int | None = None
        self._old: dict = {}

    def _handle(self, signum, frame) -> None:
        if self.signum is not None:
            raise KeyboardInterrupt
        self.signum = signum

    def __enter__(self) -> _Signals:
        if self.enabled:
            for s in (signal.SIGINT, signal.SIGTERM):
                self._old[s] = signal.signal(s, self._handle)
        return self

    def __exit__(self, *exc) -> None:
        for s, old in self._old.items():
            signal.signal(s, old)


def _snapshot(net: nn.Module, opt: torch.optim.Optimizer) -> tuple[dict, dict]:
    return ({k: v.detach().clone() for k, v in net.state_dict().items()},
            copy.deepcopy(opt.state_dict()))


def _finite(net: nn.Module, opt: torch.optim.Optimizer) -> bool:
    """Weights and every floating tensor of the optimizer state are finite."""
    tensors = list(net.parameters())
    for st in opt.state.values():
        for v in st.values():
            items = v if isinstance(v, list) else [v]
            tensors += [t for t in items if isinstance(t, torch.Tensor) and t.is_floating_point()]
    return all(bool(torch.isfinite(t).all()) for t in tensors)


def _wavecast_version() -> str:
    from . import __version__

    return __version__


def _identity(windows: WindowSet, val: WindowSet | None, cfg: TrainConfig, extra: dict) -> dict:
    """What a resume must match: the caller's config, the data, torch and its threads."""
    h = hashlib.sha256()
    for ws in (windows, val):
        if ws is not None:
            h.update(np.ascontiguousarray(ws.series, dtype=np.float64).tobytes())
            h.update(np.ascontiguousarray(ws.starts).tobytes())
            h.update(f"{ws.input_len},{ws.target_len};".encode())
    return {
        "config": extra.get("config", {"train": dataclasses.asdict(cfg)}),
        "data_sha256": h.hexdigest(),
        "torch": torch.__version__,
        "wavecast": _wavecast_version(),
        "threads": torch.get_num_threads(),
    }


def train(
    net: nn.Module,
    windows: WindowSet,
    cfg: TrainConfig,
    rng: np.random.Generator,
    val: WindowSet | None = None,
    on_epoch: Callable[[EpochReport], None] | None = None,
    checkpoint: CheckpointPlan | None = None,
    dist: dist_mod.Dist | None = None,
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
    checkpoint : write checkpoints (every `every` steps and at each epoch's end) and stop
        cleanly on SIGINT/SIGTERM (raises TrainingInterrupted after saving); with
        `resume`, continue from the checkpoint, bit for bit as if never stopped.
    dist : under torchrun (distributed.from_env()): every rank draws the same permutation,
        takes its shard of each global batch of cfg.batch_size and scales its mean loss by
        len(shard) * world / len(batch), so DDP's averaged gradient is the single-process
        gradient of the whole batch; only rank 0 writes checkpoints.

    A non-finite loss or gradient skips its step, restores the last good weights and
    optimizer state, halves the learning rate, retries the batch and says so in `notes`; after MAX_RETRIES
    recoveries TrainingDivergedError names the epoch and step.
    """
    dtype = DTYPES[cfg.dtype]
    device = next(net.parameters()).device
    net.to(dtype=dtype)
    net.train()
    data = _Batches(windows, dtype, device)
    val_data = _Batches(val, dtype, device) if val is not None and len(val) else None
    opt = _make_optimizer(net, cfg)
    d = dist or dist_mod.SINGLE
    # DDP syncs the gradients of one forward call: the whole window loss is that call.
    model = dist_mod.wrap(dist_mod.loss_module(net, lambda n, x, t: window_loss(n, x, t, cfg)), d)
    full_batch = cfg.optimizer == "lbfgs"
    steps_per_epoch = 1 if full_batch else math.ceil(len(data) / cfg.batch_size)
    total_steps = steps_per_epoch * cfg.epochs
    result = TrainResult()
    loop, best_state = _Loop(), None
    identity = _identity(windows, val, cfg, checkpoint.identity) if checkpoint else {}
    if checkpoint is not None:
        if d.is_main:  # the one writer cleans up after itself
            ckpt_mod.remove_stale_temps(Path(checkpoint.path))
        if checkpoint.resume:  # every rank reads rank 0's checkpoint: the same state everywhere
            loop, best_state = _resume(checkpoint, identity, net, opt, rng)
    good = _snapshot(net, opt)  # the last state known finite: a recovery goes back here
    checkpoint_min_seconds = checkpoint.min_seconds if checkpoint is not None else 0.0

    last_write = time.perf_counter()

    def save(force: bool = True) -> None:
        nonlocal good, last_write
        if not _finite(net, opt):  # never write NaN/inf; recover first (no step was lost)
            recover("weights or optimizer state", math.nan)
        good = _snapshot(net, opt)
        due = force or loop.done or time.perf_counter() - last_write >= checkpoint_min_seconds
        if checkpoint is not None and d.is_main and due:  # one writer; all ranks hold the same state
            last_write = time.perf_counter()
            state = {
                "model": net.state_dict(), "optim": opt.state_dict(),
                "rng_numpy": rng.bit_generator.state, "rng_torch": torch.get_rng_state(),
                "loop": loop.to_state(), "best_state": best_state, "identity": identity,
            }
            ckpt_mod.save(checkpoint.path, state)

    def recover(what: str, value: float) -> None:
        loop.retries += 1
        step = loop.n_steps + 1
        if loop.retries > MAX_RETRIES:
            raise TrainingDivergedError(
                f"training diverged at epoch {loop.epoch}, step {step}: {what} is {value} after "
                f"{MAX_RETRIES} retries, each with the learning rate halved (now "
                f"{cfg.lr * loop.lr_scale:.3g}); lower train.lr or turn on train.clip_norm"
            )
        lr = opt.param_groups[0]["lr"] / 2
        if full_batch or not _finite(net, opt):
            net.load_state_dict(good[0])
            opt.load_state_dict(copy.deepcopy(good[1]))
        opt.zero_grad()
        loop.lr_scale /= 2
        for group in opt.param_groups:
            group["lr"] = lr
        loop.notes.append(
            f"non-finite {what} ({value}) at epoch {loop.epoch}, step {step}: skipped the step, "
            f"restored the last good weights, halved the learning rate to {lr:.3g} and retried "
            f"the batch (retry {loop.retries} of {MAX_RETRIES})"
        )

    start = time.perf_counter()
    with _Signals(enabled=checkpoint is not None) as signals:

        def maybe_stop() -> None:
            if d.active:  # all ranks stop at the same step, or one would wait for the others
                _, stop = dist_mod.agree(0.0, signals.signum is not None, d)
            else:
                stop = signals.signum is not None
            if stop:
                save()
                raise TrainingInterrupted(signals.signum or signal.SIGTERM, loop.epoch, loop.n_steps,
                                          checkpoint.path)

        while not loop.done and loop.epoch <= cfg.epochs:
            t0 = time.perf_counter()
            if not full_batch and loop.perm is None:
                # int32 when it fits: the same order as permutation(n) (same draws), half the
                # memory (10 million windows: 38 MB instead of 77 MB; benchmarks/panel.py)
                loop.perm = rng.permutation(np.arange(len(data), dtype=np.int32 if len(data) < 2**31 else np.int64))
            while loop.batch < steps_per_epoch:
                if cfg.schedule == "cosine":
                    lr = 0.5 * cfg.lr * (1 + math.cos(math.pi * loop.n_steps / total_steps))
                else:
                    lr = cfg.lr
                for group in opt.param_groups:
                    group["lr"] = lr * loop.lr_scale
                dist_mod.maybe_fail(d, loop.n_steps + 1)
                if full_batch:
                    value, n, bad = _lbfgs_step(net, opt, data, cfg, model, d)
                else:
                    lo = loop.batch * cfg.batch_size
                    batch = loop.perm[lo : lo + cfg.batch_size]  # the global batch, same on every rank
                    idx = torch.as_tensor(dist_mod.shard(batch, d), device=device)
                    value, n, bad = _step(net, opt, data, idx, cfg, model, d, len(batch))
                if bad:  # the same batch again, from good weights at half the rate
                    recover(bad, value)
                else:
                    loop.batch += 1
                    loop.n_steps += 1
                    loop.epoch_loss += value * n
                    loop.seen += n
                    if len(loop.history["step_loss"]) < MAX_STEP_LOSSES:
                        loop.history["step_loss"].append(value)
                    if checkpoint is not None and checkpoint.every and loop.n_steps % checkpoint.every == 0:
                        save()
                maybe_stop()
            train_loss = loop.epoch_loss / loop.seen if loop.seen else math.nan
            val_loss = _evaluate(net, val_data, cfg) if val_data is not None else None
            h = loop.history
            h["train_loss"].append(train_loss)
            h["val_loss"].append(val_loss if val_loss is not None else math.nan)
            h["lr"].append(opt.param_groups[0]["lr"])
            h["seconds"].append(time.perf_counter() - t0)
            watched = val_loss if val_loss is not None else train_loss
            if watched < loop.best:
                loop.best, loop.bad_epochs, loop.best_epoch = watched, 0, loop.epoch
                if cfg.patience > 0:
                    best_state = {k: v.detach().clone() for k, v in net.state_dict().items()}
            else:
                loop.bad_epochs += 1
            if on_epoch is not None:
                on_epoch(EpochReport(loop.epoch, cfg.epochs, train_loss, val_loss, time.perf_counter() - start))
            if cfg.patience > 0 and loop.bad_epochs >= cfg.patience:
                loop.stopped_early = True
            loop.epoch, loop.batch, loop.perm, loop.epoch_loss, loop.seen = loop.epoch + 1, 0, None, 0.0, 0
            loop.done = loop.stopped_early or loop.epoch > cfg.epochs
            save(force=False)
            maybe_stop()
    result.history, result.n_steps = loop.history, loop.n_steps
    result.stopped_early, result.notes = loop.stopped_early, loop.notes
    result.best_epoch = loop.best_epoch
    if best_state is not None:
        net.load_state_dict(best_state)
    else:
        result.best_epoch = len(result.history["train_loss"])
    net.eval()
    result.seconds = time.perf_counter() - start
    return result


def _step(net, opt, data: _Batches, idx: torch.Tensor, cfg: TrainConfig, model=None,
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


def _lbfgs_step(net, opt, data: _Batches, cfg: TrainConfig, model=None, d: dist_mod.Dist = dist_mod.SINGLE):
    """One full-batch LBFGS step; its inner iterations may leave NaN weights, so check them.

    Under DDP each rank computes its shard of the full batch and the closure returns the
    global loss, so the line search takes the same decisions on every rank.
    """
    if d.active:
        n = len(data)
        x, t = data.get(torch.as_tensor(dist_mod.shard(np.arange(n), d), device=data.starts.device))
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
        loss = window_loss(net, x, t, cfg)
        loss.backward()
        return loss

    value = float(opt.step(closure).detach())
    if not math.isfinite(value):
        return value, 0, "loss"
    if not _finite(net, opt):
        return math.nan, 0, "weights after the LBFGS step"
    return value, n, None


def _resume(plan: CheckpointPlan, identity: dict, net, opt, rng) -> tuple[_Loop, dict | None]:
    state = ckpt_mod.load(plan.path)
    diff = ckpt_mod.differences(state["identity"], identity)
    if diff:
        raise ValidationError(
            f"cannot resume from {plan.path}: it was written for a different run ("
            + "; ".join(diff[:5]) + (f"; and {len(diff) - 5} more" if len(diff) > 5 else "")
            + "); run with the same config and data, or start afresh with --overwrite"
        )
    try:
        net.load_state_dict(state["model"])
        opt.load_state_dict(state["optim"])
    except (RuntimeError, ValueError, KeyError) as exc:
        raise ModelFileError(f"{plan.path} does not fit this model: {str(exc)[:200]}") from None
    rng.bit_generator.state = state["rng_numpy"]
    torch.set_rng_state(state["rng_torch"])
    return _Loop.from_state(state["loop"]), state["best_state"]
