"""Issue 18, item 5: --device auto|cpu|cuda (train.device) for one process; tested on CPU."""

import json

import numpy as np
import pytest
import torch

import wavecast
from wavecast.cli import main
from wavecast.errors import ConfigError, ValidationError
from wavecast.training.device import resolve_device

FAST = ["--set", "train.epochs=1", "--set", "model.hidden_size=4", "--quiet"]
NO_GPU = not torch.cuda.is_available()


def test_cpu_and_auto_resolve():
    assert resolve_device("cpu").type == "cpu"
    assert resolve_device("auto").type == ("cuda" if torch.cuda.is_available() else "cpu")
    with pytest.raises(ConfigError, match="train.device"):
        wavecast.load_config(None, ["train.device=tpu"])


@pytest.mark.skipif(not NO_GPU, reason="checks the message given without a GPU")
def test_cuda_without_a_gpu_is_one_clear_line(tmp_path, capsys):
    assert main(["demo", "--device", "cuda", "--out", str(tmp_path / "d"), *FAST]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "torch sees no CUDA GPU" in err and "Traceback" not in err
    assert not (tmp_path / "d").exists()
    with pytest.raises(ValidationError, match="no CUDA GPU"):
        wavecast.fit(np.sin(np.arange(100) / 3), device="cuda", epochs=1, kind="recursive")


def test_auto_trains_and_the_model_forecasts_on_cpu(tmp_path, capsys):
    out = tmp_path / "d"
    assert main(["demo", "--device", "auto", "--out", str(out), *FAST]) == 0
    assert json.loads((out / "config.json").read_text())["train"]["device"] == "auto"
    capsys.readouterr()
    assert main(["forecast", str(out), "--horizon", "5", "--json", "--out", str(tmp_path / "f.csv")]) == 0
    assert len(json.loads(capsys.readouterr().out)["forecast"]) == 5
    f = wavecast.load(out)
    assert next(f.net.parameters()).device.type == "cpu"  # weights are saved (and loaded) on the CPU


@pytest.mark.skipif(NO_GPU, reason="needs a CUDA GPU")
def test_trained_on_gpu_forecasts_on_cpu(tmp_path):  # pragma: no cover - run where a GPU is lent
    s = wavecast.fit(np.sin(np.arange(200) / 3), device="cuda", epochs=2, kind="recursive", hidden_size=8)
    assert next(s.net.parameters()).device.type == "cuda"
    on_gpu = s.predict(5)
    s.save(tmp_path / "m")
    back = wavecast.load(tmp_path / "m")
    assert next(back.net.parameters()).device.type == "cpu"
    assert np.allclose(back.predict(5), on_gpu, atol=1e-4)
