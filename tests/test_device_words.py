"""cuda without a GPU is refused in the words the user typed: "train.device is cuda ..." named the
config key to one who typed --device cuda on the command line or device="cuda" in Python."""

import numpy as np
import pytest
import torch

import wavecast
from wavecast.cli import main
from wavecast.errors import ValidationError


@pytest.fixture
def no_gpu(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)


def test_cuda_without_a_gpu_names_the_device_flag_or_keyword(no_gpu, tmp_path, capsys):
    assert main(["demo", "--device", "cuda", "--out", str(tmp_path / "d"), "--set", "train.epochs=1",
                 "--set", "model.hidden_size=4", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "(--device) is cuda but torch sees no CUDA GPU" in err and err.count("\n") == 1
    # Python's words: the keyword alone (not "device (device=...)", nor the flag)
    with pytest.raises(ValidationError) as e:
        wavecast.fit(np.sin(np.arange(100) / 3), device="cuda", epochs=1, kind="recursive")
    msg = str(e.value)
    assert msg.startswith("device is cuda but torch sees no CUDA GPU") and "--device" not in msg, msg
    assert "train.device" not in msg
