"""Data-parallel training: the pieces on one process, then 2 CPU processes over loopback (torchrun)."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import torch

import wavecast
from wavecast.config import load
from wavecast.experiment import run
from wavecast.io import checkpoint
from wavecast.training import distributed

# A run small enough for 3 torchrun launches in the test budget: 176 training windows,
# global batch 15 (shards of 8 and 7: uneven, so the loss weighting is exercised), 24 steps.
SETS = ["train.epochs=2", "train.batch_size=15", "model.hidden_size=8", "signal.length=200",
        "window.input_len=10", "window.horizon=10", "window.test_len=10"]


def test_single_process_is_untouched():
    d = distributed.from_env() if "WORLD_SIZE" not in os.environ else distributed.SINGLE
    assert d is distributed.SINGLE and not d.active and d.is_main
    idx = np.arange(10)
    assert distributed.shard(idx, d) is idx
    assert distributed.agree(1.5, True, d) == (1.5, True)
    net = torch.nn.Linear(2, 1)
    assert distributed.wrap(net, d) is net


def test_shards_cover_the_global_batch_once():
    idx = np.array([7, 3, 9, 1, 4])
    parts = [distributed.shard(idx, distributed.Dist(rank=r, world_size=2)) for r in range(2)]
    assert sorted(np.concatenate(parts)) == sorted(idx) and [len(p) for p in parts] == [3, 2]


def test_empty_shard_joins_with_a_zero_loss():
    net = torch.nn.Linear(1, 1)
    m = distributed.loss_module(net, lambda n, x, t: ((n(x) - t) ** 2).mean())
    loss = m(torch.zeros(0, 1), torch.zeros(0, 1), 1.0)
    loss.backward()
    assert float(loss.detach()) == 0.0 and all(float(p.grad.abs().sum()) == 0.0 for p in net.parameters())
    x, t = torch.ones(4, 1), torch.zeros(4, 1)
    with torch.no_grad():
        assert float(m(x, t, 0.5)) == pytest.approx(0.5 * float(((net(x) - t) ** 2).mean()), rel=1e-7)


def _torchrun(out, *extra, env=None, timeout=90, fault=None):
    # fault: tests/faults.py arms it in each rank (the hooks are not in wavecast itself)
    prog = [str(Path(__file__).parent / "faults.py"), fault, "--"] if fault else ["-m", "wavecast"]
    cmd = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node=2",
           *prog, "run", "--out", str(out), "--checkpoint-every", "2",
           *[a for s in SETS for a in ("--set", s)], *extra]
    e = {**os.environ, "OMP_NUM_THREADS": "1", **(env or {})}
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, env=e, timeout=timeout)
    return p, time.perf_counter() - t0


def _step_losses(folder):
    return checkpoint.load(folder / checkpoint.FILENAME)["loop"]["history"]["step_loss"]


@pytest.fixture(scope="module")
def ddp_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("ddp") / "run"
    p, _ = _torchrun(out)
    assert p.returncode == 0, p.stderr[-2000:]
    return out, p


def test_two_processes_match_one_process_step_for_step(ddp_run, tmp_path):
    out, p = ddp_run
    single = run(load(None, SETS))
    a = np.array(single.train.history["step_loss"][:20])
    b = np.array(_step_losses(out)[:20])
    assert len(a) == len(b) == 20
    # float32 training: the two shards' gradients are summed in another order than the whole
    # batch's, a rounding difference of ~3e-7 on losses of ~2 (measured); the issue asks 1e-6.
    np.testing.assert_allclose(b, a, rtol=0, atol=1e-6)
    assert p.stdout.count("trained in") == 1  # rank 0 alone prints


def test_saved_model_has_the_single_process_format_and_loads(ddp_run, tmp_path):
    out, _ = ddp_run
    from wavecast.experiment_files import save

    single = save(run(load(None, SETS)), tmp_path / "single")
    m_ddp = json.loads((out / "model" / "model.json").read_text())
    m_one = json.loads((single / "model" / "model.json").read_text())
    assert set(m_ddp) == set(m_one) and m_ddp["format_version"] == m_one["format_version"]
    assert m_ddp["tensors"] == m_one["tensors"]
    f = wavecast.load(out)  # one process, no process group
    assert np.isfinite(f.predict(5)).all()
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".wavecast-run.json"]  # the marker; no stray temp files


def test_a_failing_rank_stops_all_and_resume_finishes_the_same(ddp_run, tmp_path):
    out, _ = ddp_run
    broken = tmp_path / "broken"
    p, seconds = _torchrun(broken, env={distributed.TIMEOUT_ENV: "20"}, fault="fail-rank:1:5")
    assert p.returncode != 0 and seconds < 60  # well within the 20 s collective timeout + start-up
    assert "rank 1 failed on purpose before step 5 (tests/faults.py)" in p.stderr
    assert "rank 0 of 2: another process failed or did not answer within 20 s" in p.stderr
    assert not (broken / "metrics.json").exists()
    assert len(_step_losses(broken)) == 4  # rank 0's checkpoint after step 4
    p, _ = _torchrun(broken, "--resume")
    assert p.returncode == 0, p.stderr[-2000:]
    assert _step_losses(broken) == _step_losses(out)  # bit for bit, as if never stopped
