"""Train a wavecast net and time it to a target: the score is checked after every epoch,
off the clock, so `time_to_target_s` is training time alone."""

from __future__ import annotations

import time
from collections.abc import Callable


def timed_fit(net, windows, train_cfg, rng, score: Callable[[], float], target: float) -> dict:
    """train() with score() (lower is better) after each epoch; returns the figures.

    curve: (epoch, training seconds so far, score); time_to_target_s: training seconds at the
    first epoch whose score <= target, or None.
    """
    from wavecast.training.loop import train

    curve: list[tuple[int, float, float]] = []
    off = [0.0, 0.0]  # wall and CPU seconds spent scoring

    def check(rep) -> None:
        t0, c0 = time.perf_counter(), time.process_time()
        value = float(score())
        net.train()
        curve.append((rep.epoch, rep.elapsed - off[0], value))
        off[0] += time.perf_counter() - t0
        off[1] += time.process_time() - c0

    cpu0 = time.process_time()
    result = train(net, windows, train_cfg, rng, on_epoch=check)
    cpu = time.process_time() - cpu0 - off[1]
    return {
        "train_s": result.seconds - off[0],
        "train_cpu_s": cpu,  # CPU time: less inflated than wall time on a busy machine
        "score": curve[-1][2],
        "time_to_target_s": next((s for _, s, v in curve if v <= target), None),
        "epochs": len(curve),
        "curve": curve,
    }
