"""The direct net's training steps reported through the training loop's progress hooks.

One mechanism for both nets: `on_epoch(EpochReport)` after each epoch and, when the callable
has one, `on_epoch.on_step(epoch, batch, n_batches, epochs)` after each optimizer step (the
CLI's bar, the API's logger and a user's callback read either net the same way). The direct
net trains in stages (the early-stopping run, then each final net, then the refit on all the
data); each stage's epochs count from 1 and its reports carry the stage's name, and a callable
with `begin(stage, steps)` (the CLI's bar) is told when a stage starts. Two stages may report
in turn (the raw view trains beside the logged one, `direct.workers`): each keeps its own
epoch's losses and clock.
"""

from __future__ import annotations

import math
import time

from .loop import EpochReport


class DirectProgress:
    """GlobalNetForecaster.fit's on_step(stage, step, steps, steps a pass, loss) -> on_epoch's hooks.

    prefix: put before each stage's name ("final model: " for the refit on all the data).
    """

    def __init__(self, on_epoch, prefix: str = "") -> None:
        self.on_epoch, self.prefix = on_epoch, prefix
        self.step_hook = getattr(on_epoch, "on_step", None)
        self.begin = getattr(on_epoch, "begin", None)
        self.stages: dict[str, list] = {}  # stage name -> [its start, its epoch's loss sum, steps]

    def __call__(self, stage: str, step: int, steps: int, per_pass: int, loss: float) -> None:
        epochs = math.ceil(steps / per_pass)
        epoch, batch = (step - 1) // per_pass + 1, (step - 1) % per_pass + 1
        name = f"{self.prefix}{stage}"
        if step == 1 or name not in self.stages:  # a new stage
            self.stages[name] = [time.perf_counter(), 0.0, 0]
            if self.begin is not None:
                self.begin(name, steps)
        if self.step_hook is not None:
            self.step_hook(epoch, batch, per_pass, epochs)
        mine = self.stages[name]
        mine[1], mine[2] = mine[1] + loss, mine[2] + 1
        if batch == per_pass or step == steps:  # the epoch's end (the last one may be short)
            self.on_epoch(EpochReport(epoch, epochs, mine[1] / mine[2], None,
                                      time.perf_counter() - mine[0], stage=name))
            mine[1], mine[2] = 0.0, 0
