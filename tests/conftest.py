"""Shared test set-up: one torch thread and one BLAS thread (fastest on these 2-core machines;
2-thread OpenBLAS was up to 600x slower on a busy machine)."""

import os

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # also inherited by the CLI subprocesses tests start


@pytest.fixture(autouse=True, scope="session")
def _one_thread():
    import torch
    from threadpoolctl import threadpool_limits

    torch.set_num_threads(1)
    with threadpool_limits(limits=1, user_api="blas"):
        yield
