"""The CPU threads torch computes on for one call: train.threads, the caller's given back after.

The tensors here are small (a few hundred windows of a few dozen steps): on a busy 2-core machine
two threads wait on each other longer than they compute, so every call, training or forecasting,
runs on train.threads (1 by default) without changing what the rest of the user's process uses.
"""

from __future__ import annotations

from contextlib import contextmanager


@contextmanager
def torch_threads(n: int, blas: bool = False):
    """torch.set_num_threads(n) for the block (and NumPy's BLAS too with blas=True)."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(n)
    try:
        if blas:
            from threadpoolctl import threadpool_limits

            with threadpool_limits(limits=n, user_api="blas"):
                yield
        else:
            yield
    finally:
        torch.set_num_threads(before)


def default_workers(workers: int | None) -> int:
    """direct.workers resolved: None (auto) -> 2 where this process may run on two CPUs or
    more, else 1."""
    if workers:
        return int(workers)
    import os

    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform (macOS)
        cpus = os.cpu_count() or 1
    return 2 if cpus >= 2 else 1
