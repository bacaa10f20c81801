"""The direct net stopped (SIGTERM after a checkpoint) and resumed: the final model and
metrics.json equal an uninterrupted run's, bit for bit (CPU, same torch, one thread).

The direct net trains in stages (the validation run, the final nets, the raw-value view, then
the same on all the data): each test stops a run in the middle of one stage and then in
another, resumes to the end and compares every file that must not notice.
"""

import contextlib
import json
import signal

import numpy as np
import pandas as pd
import pytest
import torch

from wavecast.cli import main
from wavecast.io import checkpoint as ck

# small and fast: a validation run of 80 steps (one batch an epoch; small data may choose from 20
# on), then the nets; enough steps in every stage for the stops below; seconds in all
QUICK = ["--set", "direct.max_epochs=80", "--set", "direct.hidden_size=4", "--set", "window.input_len=8",
         "--horizon", "4", "--set", "window.test_len=4", "--quiet"]


def _plain(seed=0, n_series=4, n=60):
    """Positive monthly series with a trend and a season of 12 (the logged and the raw view)."""
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    return pd.concat([pd.DataFrame({"id": f"s{k}", "t": pd.date_range("2010-01-01", periods=n, freq="MS"),
                                    "y": (50 + 20 * k) * (1 + 0.01 * t) * (1 + 0.2 * np.sin(2 * np.pi * t / 12))
                                    * np.exp(0.03 * rng.standard_normal(n))})
                      for k in range(n_series)], ignore_index=True)


def _driven(seed=0, n_series=4, n=60):
    """y_t = 2 x_t + noise, x a random walk known ahead (a future covariate)."""
    rng = np.random.default_rng(seed)
    out = []
    for k in range(n_series):
        x = np.cumsum(rng.normal(0, 1, n))
        out.append(pd.DataFrame({"id": f"s{k}", "t": pd.date_range("2020-01-06", periods=n, freq="W-MON"),
                                 "y": 2 * x + rng.normal(0, 0.5, n), "x": x}))
    return pd.concat(out, ignore_index=True)


PANELS = {"plain": (_plain, []), "future covariate": (_driven, ["--future", "x"])}


def _argv(tmp_path, panel, out, *extra):
    make, flags = PANELS[panel]
    csv = tmp_path / "data.csv"
    if not csv.exists():
        make().to_csv(csv, index=False)
    return ["run", "--data", str(csv), "--time", "t", "--id", "id", *flags, *QUICK, "--out", str(out), *extra]


def _files(out):
    """What must be bit-identical: the final model's files and metrics.json."""
    return {name: (out / name).read_bytes() for name in ("model/weights.safetensors", "model/model.json",
                                                         "metrics.json")}


def _stop_at(monkeypatch, n):
    """SIGTERM to this process right after the n-th checkpoint write (the real signal handler runs)."""
    saves, real = [], ck.write_checkpoint_bytes

    def write_then_stop(path, data):
        real(path, data)
        saves.append(1)
        if len(saves) == n:
            signal.raise_signal(signal.SIGTERM)

    monkeypatch.setattr(ck, "write_checkpoint_bytes", write_then_stop)
    return saves


@pytest.mark.exactbits
@pytest.mark.parametrize("panel", list(PANELS))
def test_stopped_twice_then_resumed_equals_the_uninterrupted_run(panel, tmp_path, monkeypatch, capsys):
    ref = tmp_path / "ref"
    assert main(_argv(tmp_path, panel, ref)) == 0
    assert (ref / ck.FILENAME).is_file()  # stage ends always write
    cut = tmp_path / "cut"
    # 1st stop inside the validation run (a checkpoint every step), 2nd after more stages
    for n, extra in ((7, []), (90, ["--resume"])):
        _stop_at(monkeypatch, n)
        capsys.readouterr()
        assert main(_argv(tmp_path, panel, cut, "--checkpoint-every", "1", *extra)) == 143
        err = capsys.readouterr().err
        assert "interrupted by SIGTERM" in err and err.rstrip().endswith("--resume") and "Traceback" not in err
        monkeypatch.undo()
    state = ck.load(cut / ck.FILENAME)
    assert state["kind"] == "direct" and len(state["stages"]) >= 1 and state["current"] is not None
    assert main(_argv(tmp_path, panel, cut, "--checkpoint-every", "1", "--resume")) == 0
    assert _files(cut) == _files(ref)
    assert not list(cut.glob(".*.tmp"))


@pytest.mark.exactbits
def test_a_stop_between_steps_of_every_stage_resumes_the_same(tmp_path, monkeypatch, capsys):
    """Stopped after every 23rd write of each process (about 140 in all: a write a step and
    one at each of the 5 stages' ends), resumed each time: stops land in every stage."""
    ref = tmp_path / "ref"
    assert main(_argv(tmp_path, "plain", ref)) == 0
    cut, extra, stops = tmp_path / "cut", [], 0
    while True:
        _stop_at(monkeypatch, 23)
        code = main(_argv(tmp_path, "plain", cut, "--checkpoint-every", "1", *extra))
        monkeypatch.undo()
        if code == 0:
            break
        assert code == 143
        stops, extra = stops + 1, ["--resume"]
    assert stops >= 3, "the run ended before three stops; lengthen it"
    assert _files(cut) == _files(ref)


def test_resume_of_another_config_or_data_is_refused_in_one_line(tmp_path, monkeypatch, capsys):
    cut = tmp_path / "cut"
    _stop_at(monkeypatch, 5)
    assert main(_argv(tmp_path, "future covariate", cut, "--checkpoint-every", "1")) == 143
    monkeypatch.undo()
    capsys.readouterr()
    assert main([*_argv(tmp_path, "future covariate", cut), "--set", "direct.lr=0.01", "--resume"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot resume from" in err and "direct.lr 0.003 (the default) -> 0.01" in err
    df = _driven()
    df.loc[3, "x"] += 1.0  # one covariate value changed
    df.to_csv(tmp_path / "data.csv", index=False)
    assert main([*_argv(tmp_path, "future covariate", cut), "--resume"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot resume from" in err and "data_sha256" in err


def test_torchrun_stays_refused_for_the_direct_net():
    from types import SimpleNamespace

    from wavecast.config import load
    from wavecast.errors import ValidationError
    from wavecast.steps_direct import train_direct

    with pytest.raises(ValidationError, match="torchrun is not supported for the direct net"):
        train_direct(load(None, []), [np.zeros((30, 1))], None, None, 1, [], None, None,
                      SimpleNamespace(active=True))


def test_a_finished_checkpoint_resumes_without_training(tmp_path, monkeypatch):
    """--resume of a finished run replays every stage from the checkpoint: no optimizer step."""
    ref = tmp_path / "ref"
    assert main(_argv(tmp_path, "plain", ref)) == 0
    before = _files(ref)
    steps = []
    real = torch.optim.Adam.step
    monkeypatch.setattr(torch.optim.Adam, "step", lambda self, *a, **k: steps.append(1) or real(self, *a, **k))
    assert main(_argv(tmp_path, "plain", ref, "--resume")) == 0
    assert steps == [] and _files(ref) == before
    assert json.loads((ref / "metrics.json").read_text())["train"]["steps"] > 0


@pytest.mark.exactbits
def test_killed_process_then_resume_is_bit_identical(tmp_path):
    """SIGKILL of a real process once it has written checkpoints (no chance to save), then
    --resume here: it continues from the last checkpoint written and ends the same."""
    import os
    import subprocess
    import sys
    import time

    ref = tmp_path / "ref"
    assert main(_argv(tmp_path, "future covariate", ref)) == 0
    cut = tmp_path / "cut"
    proc = subprocess.Popen([sys.executable, "-m", "wavecast", *_argv(tmp_path, "future covariate", cut,
                                                                        "--checkpoint-every", "1")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ))
    path, last, changes, deadline = cut / ck.FILENAME, None, 0, time.monotonic() + 120
    while changes < 3:  # written, then replaced twice: training is under way
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "no checkpoint written"
        with contextlib.suppress(FileNotFoundError):
            ino = os.stat(path).st_ino
            changes, last = changes + (ino != last), ino
        time.sleep(0.002)
    proc.kill()
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert ck.load(path)["kind"] == "direct"
    assert main(_argv(tmp_path, "future covariate", cut, "--checkpoint-every", "1", "--resume")) == 0
    assert _files(cut) == _files(ref)
