"""Issue 18, items 5 and 8 for the direct net (the default for file data): --device / train.device
moves its training, it forecasts on the CPU; its progress goes through the same hooks as the
recursive net's (the CLI's tqdm bar, on_epoch and the "wavecast" logger in the API).
Tested on the CPU (cpu, and auto on a machine without a GPU); the CUDA test runs where a GPU is."""

import json
import logging
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

import wavecast
from test_forecast_cmd import _Tty  # a stream that says whether it is a terminal
from wavecast.cli import main
from wavecast.forecasters import global_net_epochs, global_net_members
from wavecast.models.direct import DirectNet
from wavecast.training.device import resolve_device

AIR = str(Path(__file__).parents[1] / "examples" / "air_passengers.csv")
TINY = ["--time", "month", "--horizon", "6", "--set", "direct.max_epochs=2", "--set", "direct.hidden_size=4"]
NO_GPU = not torch.cuda.is_available()
Y = 100 + 10 * np.sin(np.arange(96) * 2 * np.pi / 12) + np.arange(96)  # a small seasonal series


@pytest.fixture
def devices(monkeypatch):
    """The device of every net the direct net's training loop is given; devices.moved: the
    devices DirectNet.to was asked for (on a CPU-only machine the only sign of the threading)."""
    real, real_to = global_net_members.train, DirectNet.to

    def spy(net, *a, **k):
        seen.append(next(net.parameters()).device.type)
        return real(net, *a, **k)

    def to(self, *a, **k):
        seen.moved.append(a[0] if a else k.get("device"))
        return real_to(self, *a, **k)

    seen = _Seen()
    for where in (global_net_epochs, global_net_members):  # the validation run, the final nets
        monkeypatch.setattr(where, "train", spy)
    monkeypatch.setattr(DirectNet, "to", to)
    return seen


class _Seen(list):
    def __init__(self):
        super().__init__()
        self.moved = []


@pytest.mark.parametrize("device", ["cpu", "auto"])
def test_run_trains_the_direct_net_on_the_chosen_device_and_forecasts_on_cpu(device, devices, tmp_path, capsys):
    out = tmp_path / "r"
    assert main(["run", "--data", AIR, "--device", device, "--out", str(out), "--quiet", *TINY]) == 0
    where = "cuda" if device == "auto" and not NO_GPU else "cpu"
    assert devices and set(devices) == {where}  # early stopping, the net, the final model
    assert devices.moved == [resolve_device(device)] * len(devices)  # each net sent to train.device
    assert "trains on the CPU for now" not in capsys.readouterr().out
    assert json.loads((out / "config.json").read_text())["train"]["device"] == device
    assert main(["forecast", str(out), "--horizon", "3", "--json", "--out", str(tmp_path / "f.csv")]) == 0
    assert len(json.loads(capsys.readouterr().out)["forecast"]) == 3
    f = wavecast.load(out)
    assert {next(n.parameters()).device.type for n in f.direct.model.nets_} == {"cpu"}


@pytest.mark.skipif(not NO_GPU, reason="checks the message given without a GPU")
def test_direct_net_on_cuda_without_a_gpu_is_one_clear_line(tmp_path, capsys):
    assert main(["run", "--data", AIR, "--device", "cuda", "--out", str(tmp_path / "r"), "--quiet", *TINY]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "torch sees no CUDA GPU" in err and "Traceback" not in err
    with pytest.raises(wavecast.errors.ValidationError, match="no CUDA GPU"):
        wavecast.fit(Y, device="cuda", kind="direct", direct__max_epochs=1)


@pytest.mark.skipif(NO_GPU, reason="needs a CUDA GPU")
def test_direct_net_trained_on_gpu_forecasts_on_cpu(devices, tmp_path):  # pragma: no cover - GPU only
    f = wavecast.fit(Y, device="cuda", kind="direct", direct__max_epochs=3, direct__hidden_size=4)
    assert set(devices) == {"cuda"}
    assert {next(n.parameters()).device.type for n in f.direct.model.nets_} == {"cpu"}
    before = f.predict(6)
    f.save(tmp_path / "m")
    assert np.allclose(wavecast.load(tmp_path / "m").predict(6), before)


def test_run_draws_a_bar_for_each_stage_of_the_direct_net_only_on_a_terminal(tmp_path, monkeypatch):
    err = _Tty(True)
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(sys, "stdout", _Tty(True))
    assert main(["run", "--data", AIR, "--out", str(tmp_path / "a"), *TINY]) == 0
    bars = err.text
    # the final model starts from the scored nets and trains a part of their epochs (direct.final_warm)
    for stage in ("early stopping: epoch", "training: epoch 2/2", "final model: training: epoch 1/1"):
        assert stage in bars, stage
    assert "steps [" in bars and "step/s" in bars and "loss " in bars  # rate, time left, loss
    for argv, tty in ((["--quiet"], True), ([], False)):  # --quiet, or stdout piped: no bar
        err = _Tty(True)
        monkeypatch.setattr(sys, "stderr", err)
        monkeypatch.setattr(sys, "stdout", _Tty(tty))
        assert main(["run", "--data", AIR, "--out", str(tmp_path / f"q{tty}"), *TINY, *argv]) == 0
        assert "step/s" not in err.text and "epoch" not in err.text


def test_api_reports_the_direct_nets_epochs_to_on_epoch_and_the_logger(caplog):
    reports = []
    wavecast.fit(Y, kind="direct", horizon=6, test_len=6, direct__max_epochs=2, on_epoch=reports.append)
    by_stage = {}
    for r in reports:
        by_stage.setdefault(r.stage, []).append((r.epoch, r.epochs))
    # Y is positive: log="both" trains a raw view beside each logged one (in a second thread
    # where two CPUs are free, direct.workers: their reports may come in turn), named so; the
    # final model starts from the scored nets and trains a part of their epochs (direct.final_warm)
    assert by_stage == {"early stopping": [(1, 2), (2, 2)], "training": [(1, 2), (2, 2)],
                        "training, raw values": [(1, 2), (2, 2)], "final model: training": [(1, 1)],
                        "final model: training, raw values": [(1, 1)]}
    stages = [r.stage for r in reports]
    assert stages[:2] == ["early stopping"] * 2  # the scored model's stages, then the final model's
    assert all(s.startswith("final model") for s in stages[-2:])
    assert all(np.isfinite(r.train_loss) and r.elapsed >= 0 for r in reports)
    with caplog.at_level(logging.INFO, logger="wavecast"):
        wavecast.Forecaster(kind="direct", horizon=6, test_len=6, direct__max_epochs=1).fit(Y)
    lines = [r.getMessage() for r in caplog.records if r.name == "wavecast"]
    assert any(m.startswith("early stopping: epoch 1/1 loss") for m in lines)
    assert any(m.startswith("final model: training: epoch 1/1 loss") for m in lines)


def test_bar_shows_on_a_terminal_that_reports_no_size():
    """A pty of 0 x 0 (a CI runner, `script` without a size): tqdm hid the bar below row 0."""
    import os
    import pty

    code = ("from wavecast.cli.progress import Progress\n"
            "p = Progress(mininterval=0)\np.begin('training', 4)\n"
            "for b in range(1, 5):\n    p.on_step(1, b, 4, 1)\np.close()\n")
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.execv(sys.executable, [sys.executable, "-c", code])
    out = b""
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.waitpid(pid, 0)
    assert b"training: epoch 1/1" in out and b"4/4 steps" in out, out
