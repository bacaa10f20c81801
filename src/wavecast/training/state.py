"""What a resumable training run keeps besides weights: its position, signals, identity.

train() holds a Loop (where it stands, mid-epoch included), saves it with the weights,
optimizer and RNG states into a checkpoint, and resume() puts all of it back so the
continued run is bit-identical to an uninterrupted one (CPU, same torch and thread count).
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import math
import signal
import threading
from dataclasses import dataclass, field

import numpy as np
import torch
from torch import nn

from ..config import TrainConfig
from ..data.windows import WindowSet
from ..errors import ModelFileError, ValidationError
from ..io import checkpoint as ckpt_mod
from ..io.checkpoint import CheckpointPlan

MAX_RETRIES = 3  # non-finite steps recovered (lr halved each time) before giving up
MAX_STEP_LOSSES = 10_000  # history["step_loss"]: the first steps' global batch losses (kept small in checkpoints)


@dataclass
class Loop:
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
    def from_state(cls, d: dict) -> Loop:
        d = dict(d)
        d["perm"] = None if d["perm"] is None else d["perm"].numpy()
        d["best"] = math.inf if d["best"] is None else d["best"]
        d["history"] = {k: [math.nan if v is None else v for v in vs] for k, vs in d["history"].items()}
        d["history"].setdefault("step_loss", [])  # checkpoints from before step losses were kept
        return cls(**d)


class Signals:
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

    def __enter__(self) -> Signals:
        if self.enabled:
            for s in (signal.SIGINT, signal.SIGTERM):
                self._old[s] = signal.signal(s, self._handle)
        return self

    def __exit__(self, *exc) -> None:
        for s, old in self._old.items():
            signal.signal(s, old)


def snapshot(net: nn.Module, opt: torch.optim.Optimizer) -> tuple[dict, dict]:
    return ({k: v.detach().clone() for k, v in net.state_dict().items()},
            copy.deepcopy(opt.state_dict()))


def finite(net: nn.Module, opt: torch.optim.Optimizer) -> bool:
    """Weights and every floating tensor of the optimizer state are finite."""
    tensors = list(net.parameters())
    for st in opt.state.values():
        for v in st.values():
            items = v if isinstance(v, list) else [v]
            tensors += [t for t in items if isinstance(t, torch.Tensor) and t.is_floating_point()]
    return all(bool(torch.isfinite(t).all()) for t in tensors)


def _wavecast_version() -> str:
    from .. import __version__

    return __version__


def identity(windows: WindowSet, val: WindowSet | None, cfg: TrainConfig, extra: dict) -> dict:
    """What a resume must match: the caller's config, the data, torch and its threads."""
    h = hashlib.sha256()
    for ws in (windows, val):
        if ws is not None:
            # Block by block (the pieces' values, then their windows' starts, a million at a
            # time): the same digest as hashing a scaled copy and a starts array whole, so
            # older checkpoints still resume, without building either.
            for block in ws.fingerprint_blocks():
                h.update(block)
            h.update(f"{ws.input_len},{ws.target_len};".encode())
    return {
        "config": extra.get("config", {"train": dataclasses.asdict(cfg)}),
        "data_sha256": h.hexdigest(),
        "torch": torch.__version__,
        "wavecast": _wavecast_version(),
        "threads": torch.get_num_threads(),
    }


def resume(plan: CheckpointPlan, identity: dict, net, opt, rng) -> tuple[Loop, dict | None]:
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
    return Loop.from_state(state["loop"]), state["best_state"]
