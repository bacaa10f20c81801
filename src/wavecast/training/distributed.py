"""Data-parallel training on PyTorch's own engine (torch.distributed + DistributedDataParallel).

Started by torchrun, which sets RANK, WORLD_SIZE, LOCAL_RANK and the rendezvous address:

    torchrun --nproc_per_node=2 -m wavecast run --config sine.toml --out runs/ddp

Every rank draws the same shuffled order of windows (same seed) and takes its share of each
global batch; DDP averages the gradients, so a step equals a single-process step on the whole
global batch. Only rank 0 writes files. Without torchrun (WORLD_SIZE unset or 1) nothing here
does anything, and torch.distributed is never imported.
"""

from __future__ import annotations

import datetime
import os
import re
from dataclasses import dataclass

from ..errors import ConfigError, WavecastError

DEFAULT_TIMEOUT_S = 120  # a rank that stops answering fails the others after this long
TIMEOUT_ENV = "WAVECAST_DIST_TIMEOUT"
# Test-only fault hook: "RANK:STEP" makes that rank raise before that optimizer step (1-based).


class DistributedError(WavecastError):
    """A collective failed: another process died, or stopped answering within the timeout."""


@dataclass(frozen=True)
class Dist:
    rank: int = 0
    world_size: int = 1
    local_rank: int = 0
    backend: str = ""

    @property
    def active(self) -> bool:
        return self.world_size > 1

    @property
    def is_main(self) -> bool:
        return self.rank == 0


SINGLE = Dist()


def from_env(timeout_s: float | None = None) -> Dist:
    """Join the process group torchrun describes in the environment, or stay single."""
    world, rank, local_rank = read_env()
    if world <= 1:
        return SINGLE
    import torch
    import torch.distributed as tdist

    # nccl needs one GPU per process; gloo runs everywhere (CPU, loopback or a network).
    use_cuda = torch.cuda.is_available() and torch.cuda.device_count() > local_rank
    backend = "nccl" if use_cuda else "gloo"
    if use_cuda:
        torch.cuda.set_device(local_rank)
    if timeout_s is None:
        timeout_s = float(os.environ.get(TIMEOUT_ENV, DEFAULT_TIMEOUT_S))
    if not tdist.is_initialized():
        tdist.init_process_group(backend, timeout=datetime.timedelta(seconds=timeout_s))
    return Dist(rank=rank, world_size=world, local_rank=local_rank, backend=backend)


def read_env() -> tuple[int, int, int]:
    """(WORLD_SIZE, RANK, LOCAL_RANK) as torchrun sets them, checked; (1, 0, 0) without torchrun."""
    world = _env_int("WORLD_SIZE", 1)
    if world <= 1:
        return 1, 0, 0
    if not os.environ.get("RANK", "").strip():
        raise ConfigError(f"WORLD_SIZE={world} is set but RANK is not; start the processes with "
                          "torchrun, or unset WORLD_SIZE to train in one process")
    rank = _env_int("RANK", 0)
    local_rank = _env_int("LOCAL_RANK", rank)
    if rank >= world:
        raise ConfigError(f"RANK={rank} must be below WORLD_SIZE={world}; start the processes with torchrun")
    return world, rank, local_rank


def _env_int(name: str, default: int) -> int:
    """An integer >= 0 from the environment (torchrun's variables), or a ConfigError naming it."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or len(raw) > 9:
        raise ConfigError(f"environment variable {name}={raw[:40]!r} must be a whole number >= 0 "
                          "(torchrun sets it); fix or unset it")
    return int(raw)


def device(d: Dist):
    import torch

    return torch.device(f"cuda:{d.local_rank}") if d.backend == "nccl" else torch.device("cpu")


def shard(idx, d: Dist):
    """This rank's share of a global batch of indices: every world_size-th, from rank."""
    return idx[d.rank :: d.world_size] if d.active else idx


def wrap(module, d: Dist):
    """DistributedDataParallel around a module when several processes train, else as is."""
    if not d.active:
        return module
    from torch.nn.parallel import DistributedDataParallel

    ids = [d.local_rank] if d.backend == "nccl" else None
    return DistributedDataParallel(module, device_ids=ids)


def agree(value: float, stop: bool, d: Dist) -> tuple[float, bool]:
    """One all-reduce per step: the mean of `value` over ranks, and whether any rank must stop.

    Every rank then takes the same decisions (skip a non-finite step, stop on a signal), so no
    rank is left waiting in a collective that the others never join.
    """
    if not d.active:
        return value, stop
    import torch
    import torch.distributed as tdist

    t = torch.tensor([value, float(stop)], dtype=torch.float64, device=device(d))
    tdist.all_reduce(t)
    return float(t[0]) / d.world_size, bool(t[1] > 0)


def loss_module(net, loss_fn):
    """The module DDP wraps: forward(inputs, targets, weight) = weight * loss_fn(net, inputs, targets).

    DDP syncs the gradients of what its forward returns, so the whole loss (the one-step pass
    and the free-running rollout) is one forward call; an empty shard (a last batch smaller
    than the world) still joins the gradient all-reduce, with a zero loss.
    """
    from torch import nn

    class _Loss(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.net = net

        def forward(self, inputs, targets, weight: float):
            if len(inputs) == 0:
                return sum(p.sum() for p in self.net.parameters()) * 0.0
            return loss_fn(self.net, inputs, targets) * weight

    return _Loss()


def describe(exc: BaseException, d: Dist) -> DistributedError:
    """A failed collective as one line: which rank saw it, and what the cause probably is."""
    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    first = re.sub(r"^\[[^\]]*\]\s*", "", first)[:160]  # drop gloo's "[.../pair.cc:553] " prefix
    timeout = os.environ.get(TIMEOUT_ENV, DEFAULT_TIMEOUT_S)
    return DistributedError(
        f"rank {d.rank} of {d.world_size}: another process failed or did not answer within "
        f"{timeout} s ({first}); all processes stop, see the first failing rank's message"
    )


def shutdown(d: Dist, ok: bool = True) -> None:
    """Leave the group cleanly: a barrier first (after success), so no rank tears down under
    another; after a failure, no barrier: the other ranks may be gone."""
    if not d.active:
        return
    import torch.distributed as tdist

    if tdist.is_initialized():
        if ok:
            tdist.barrier()
        tdist.destroy_process_group()
