"""The direct net's checkpoint: a run's training stages, finished or in progress, in one file.

The direct pipeline trains in stages, each one call of models.direct.train (the validation
run, each final net, the raw-value view's nets, then the same on all the data for the final
model). The pipeline around them is deterministic, so a resumed run reaches the same stages
in the same order: a stage it finds finished in the checkpoint returns its saved weights and
result without training; the stage in progress continues from its last saved step (weights,
Adam's state, the batch generator's state and pass order, the validation bookkeeping, the
step losses so far), bit for bit; the stages after it train as usual.

    checkpoint.safetensors (io.checkpoint: safetensors + JSON, SHA-256, atomic, never a pickle)
      kind "direct", identity (config, data, torch, threads), stages (finished: key, weights,
      result, step losses), current (the stage in progress or None)

Written at every stage's end, within a stage every `plan.every` steps and at a pass's end once
`plan.min_seconds` have passed since the last write, and on SIGINT/SIGTERM (the step finishes,
the state is saved, TrainingInterrupted says how to resume).
"""

from __future__ import annotations

import hashlib
import math
import time
from pathlib import Path

import torch

from ..errors import ModelFileError, TrainingInterrupted, ValidationError
from ..io import checkpoint as ck
from ..io.checkpoint import CheckpointPlan
from . import state as ts

KIND = "direct"


def data_identity(series, covariates=None) -> str:
    """SHA-256 of the series (float64 values) and their covariates (names, values, statics)."""
    h = hashlib.sha256()
    for s in series:
        a = s if s.dtype.byteorder in "=|" else s.astype(s.dtype.newbyteorder("="))
        h.update(f"{a.shape}|".encode())
        h.update(a.astype("float64", copy=False).tobytes())
    if covariates is not None:
        h.update(repr((covariates.past, covariates.future, covariates.static, covariates.calendar,
                       covariates.statics, covariates.ids)).encode())
        for v in covariates.values:
            h.update(f"{v.shape}|".encode())
            h.update(v.astype("float64", copy=False).tobytes())
    return h.hexdigest()


def identity(plan: CheckpointPlan, data_sha256: str) -> dict:
    """What a resume must match: the run's config, its data, torch, wavecast, the threads."""
    from .. import __version__

    return {"config": plan.identity.get("config", {}), "data_sha256": data_sha256, "torch": torch.__version__,
            "wavecast": __version__, "threads": torch.get_num_threads()}


def _refuse(path, diff: list[str]) -> ValidationError:
    return ValidationError(f"cannot resume from {path}: it was written for a different run ("
                           + "; ".join(diff[:5]) + (f"; and {len(diff) - 5} more" if len(diff) > 5 else "")
                           + "); run with the same config and data, or start afresh with --overwrite")


def _num(v):
    """A float for JSON: None for inf and NaN (no file holds a non-finite number)."""
    return v if v is None or math.isfinite(v) else None


class DirectCheckpoints:
    """The checkpoint of one direct-net run; models.direct.train opens each stage with `stage`."""

    def __init__(self, plan: CheckpointPlan, data_sha256: str) -> None:
        self.plan, self.path = plan, Path(plan.path)
        self.identity = identity(plan, data_sha256)
        self.done: list[dict] = []  # finished stages, in order
        self.current: dict | None = None  # the stage in progress when the file was written
        self.n = 0  # stages reached by this process
        self.last_write = time.perf_counter()
        ck.remove_stale_temps(self.path)
        if plan.resume:
            state = ck.load(self.path)
            diff = ck.differences(state.get("identity", {}), self.identity)
            if diff:
                raise _refuse(self.path, diff)
            if state.get("kind") != KIND:
                raise ModelFileError(f"{self.path} is not a direct-net checkpoint; start afresh with --overwrite")
            self.done, self.current = state["stages"], state["current"]

    def stage(self, key: dict, tensors: tuple[torch.Tensor, ...]) -> _Stage:
        """The next stage of the run: `key` (its settings) and a digest of its windows must equal
        the saved stage's, or the checkpoint belongs to another run."""
        h = hashlib.sha256()
        for t in tensors:
            h.update(f"{t.dtype}|{tuple(t.shape)}|".encode())
            h.update(t.detach().cpu().contiguous().reshape(-1).view(torch.uint8).numpy().tobytes())
        key = {**key, "n": self.n, "data_sha256": h.hexdigest()}
        self.n += 1
        saved = None
        if key["n"] < len(self.done):
            saved = self.done[key["n"]]
        elif key["n"] == len(self.done) and self.current is not None:
            saved = self.current
        if saved is not None:
            diff = ck.differences({"stage": saved["key"]}, {"stage": key})
            if diff:
                raise _refuse(self.path, diff)
        return _Stage(self, key, saved, finished=key["n"] < len(self.done))

    def write(self, current: dict | None) -> None:
        state = {"kind": KIND, "identity": self.identity, "stages": self.done, "current": current}
        try:
            data = ck.dumps(state)
        except ValueError:  # non-finite weights or losses: the last good checkpoint is kept
            return
        ck.write_checkpoint_bytes(self.path, data)
        self.last_write = time.perf_counter()


class _Stage:
    """One stage: its saved state for train(), when to write, and the signals that stop it."""

    def __init__(self, owner: DirectCheckpoints, key: dict, saved: dict | None, finished: bool) -> None:
        self.owner, self.key, self.signals = owner, key, ts.Signals(enabled=True)
        self.saved = None
        if saved is not None and finished:
            r = saved["result"]
            self.saved = {"finished": True, "net": saved["net"], "losses": saved["losses"],
                          "result": {**r, "best_val": math.inf if r["best_val"] is None else r["best_val"],
                                     "val_history": _history_in(r["val_history"])}}
        elif saved is not None:
            self.saved = {**saved["state"], "finished": False,
                          "best": math.inf if saved["state"]["best"] is None else saved["state"]["best"],
                          "snapshot_val": math.inf if saved["state"]["snapshot_val"] is None
                          else saved["state"]["snapshot_val"],
                          "val_history": _history_in(saved["state"]["val_history"])}
        self.finished = finished

    def __enter__(self) -> _Stage:
        self.signals.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.signals.__exit__(*exc)

    def due(self, step: int, pass_end: bool) -> bool:
        """Whether to write the state after this step: every `plan.every` steps, at a pass's end
        once `plan.min_seconds` have passed since the last write, and after a signal."""
        plan = self.owner.plan
        return bool(self.signals.signum is not None or (plan.every and step % plan.every == 0)
                    or (pass_end and time.perf_counter() - self.owner.last_write >= plan.min_seconds))

    def save(self, state: dict, epoch: int) -> None:
        """Write the stage's state after a step; after a signal, then stop (TrainingInterrupted)."""
        o, s = self.owner, dict(state)
        s.update(best=_num(s["best"]), snapshot_val=_num(s["snapshot_val"]),
                 val_history=_history_out(s["val_history"]), losses=torch.tensor(s["losses"], dtype=torch.float64))
        o.write({"key": self.key, "state": s})
        if self.signals.signum is not None:
            raise TrainingInterrupted(self.signals.signum, epoch, s["step"], o.path)

    def finish(self, net_state: dict, result: dict, losses: list[float]) -> None:
        """Record the finished stage and write the checkpoint (a stage's end always writes)."""
        o = self.owner
        if not self.finished:
            r = {"best_step": result["best_step"], "best_val": _num(result["best_val"]),
                 "val_history": _history_out(result["val_history"]), "snapshot": result["snapshot"]}
            o.done.append({"key": self.key, "net": net_state, "result": r,
                           "losses": torch.tensor(losses, dtype=torch.float64)})
            o.current = None
            o.write(None)
        if self.signals.signum is not None:  # arrived during the stage's last step: saved above
            per_pass = math.ceil(self.key["windows"][0] / self.key["batch_size"])
            raise TrainingInterrupted(self.signals.signum, math.ceil(len(losses) / per_pass), len(losses), o.path)


def _history_out(history) -> list:
    return [[int(s), _num(float(v))] for s, v in history]


def _history_in(history) -> list:
    return [(int(s), math.nan if v is None else float(v)) for s, v in history]
