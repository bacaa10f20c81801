"""Shared test set-up: one torch thread and one BLAS thread (fastest on these 2-core machines;
2-thread OpenBLAS was up to 600x slower on a busy machine)."""

import os
import signal

import pytest

# A launcher that starts the suite with SIGINT ignored (a background job, some CI runners)
# would make Python skip its KeyboardInterrupt handler; the graceful-stop tests need it.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

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


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A tiny finished run folder (the output-safety and traceback tests copy it)."""
    from test_output_safety import TINY
    from wavecast.cli import main

    out = tmp_path_factory.mktemp("trained") / "run"
    assert main(["run", "--out", str(out), *TINY]) == 0
    return out


@pytest.fixture
def run_dir(trained, tmp_path):
    import shutil

    out = tmp_path / "run"
    shutil.copytree(trained, out)
    return out


@pytest.fixture
def drawn(monkeypatch):
    """Every figure the report path draws, kept open (the real save_png still writes the PNG)."""
    from wavecast.report import pyplot_png

    figs = []
    real = pyplot_png.save_png

    def keep(fig, path, software="wavecast"):
        figs.append(fig)
        real(fig, path, software)

    monkeypatch.setattr(pyplot_png, "save_png", keep)
    return figs


def pytest_collection_modifyitems(config, items):
    """The slow tests first. `pytest -n 2` hands tests out in collection order, so a long one
    collected late (the lstm-cell-future recipe, 3-6 minutes, sits at about 75% of the
    alphabetical order) kept one process busy long after the other had run out of work; begun
    first, it runs beside everything else. The order within each group stays as collected."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)  # stable sort
