"""Same seed, same command, twice (F14, figure D1): identical weights, forecasts and
metrics.json on CPU. Wall times live in timings.json, the one file allowed to differ."""

import json

import numpy as np
import pytest
import torch

from wavecast.cli import main
from wavecast.io import checkpoint as ck

ARGS = ["--quiet", "--set", "model.hidden_size=6", "--set", "train.epochs=3", "--set", "signal.kind=noisy_sine",
        "--set", "signal.noise_std=0.05", "--set", "signal.length=300", "--set", "window.input_len=20",
        "--set", "window.horizon=20", "--set", "window.test_len=20", "--set", "window.val_fraction=0.2",
        "--set", "model.num_layers=2", "--set", "model.dropout=0.1"]


@pytest.mark.exactbits
def test_same_seed_twice_gives_identical_files(tmp_path, capsys):
    outs = []
    for name in ("a", "b"):
        out = tmp_path / name
        assert main(["run", "--out", str(out), "--seed", "3", *ARGS]) == 0
        assert main(["forecast", str(out), "--horizon", "15", "--quiet"]) == 0
        outs.append(out)
    a, b = outs
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert {"metrics.json", "config.json", "model/weights.safetensors", "model/model.json",
            "forecast.csv", "timings.json"} <= {str(f) for f in files}
    differ = [str(f) for f in files if (a / f).read_bytes() != (b / f).read_bytes()]
    # Only wall times may differ: timings.json, and the checkpoint's per-epoch seconds.
    assert set(differ) <= {"timings.json", ck.FILENAME}, differ
    ca, cb = ck.load(a / ck.FILENAME), ck.load(b / ck.FILENAME)
    for k in ca["model"]:
        assert torch.equal(ca["model"][k], cb["model"][k]), k
    assert ca["loop"]["history"]["train_loss"] == cb["loop"]["history"]["train_loss"]
    m = json.loads((a / "metrics.json").read_text())
    assert np.isfinite(m["forecasters"]["LSTM"]["mse"])


@pytest.mark.exactbits
def test_another_seed_gives_other_weights(tmp_path, capsys):
    for name, seed in (("a", "3"), ("b", "4")):
        assert main(["run", "--out", str(tmp_path / name), "--seed", seed, *ARGS]) == 0
    wa, wb = ((tmp_path / n / "model" / "weights.safetensors").read_bytes() for n in "ab")
    assert wa != wb  # the test above could not pass by ignoring the seed
