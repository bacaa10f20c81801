"""Golden numbers for short, well-conditioned computations: the first epochs' losses of a small
float64 training with each optimizer. These are the golden figures that hold on any CPU: a few
steps in float64 move by ~1e-16 per rounding, and nothing chaotic amplifies it. (The recipes'
long trainings are checked against their goals and a loose band: tests/test_recipes.py.)

Regenerate on the path CI's second pass takes, so that pass compares every bit (and say why
in the commit): WAVECAST_REGEN_GOLDEN=1 ATEN_CPU_CAPABILITY=avx2 MKL_CBWR=COMPATIBLE pytest ...
"""

import json
import os
from pathlib import Path

import numpy as np
import pytest
import torch

from cpu_path import cpu_path
from wavecast.config import TrainConfig
from wavecast.data.signals import sine
from wavecast.data.windows import WindowSet
from wavecast.models.recurrent import RecurrentNet
from wavecast.training.loop import train

GOLDEN = Path(__file__).parent / "golden" / "first_losses.json"
CONFIGS = {
    "adam": TrainConfig(optimizer="adam", lr=0.02, epochs=3, rollout_steps=2, dtype="float64"),
    "sgd": TrainConfig(optimizer="sgd", lr=0.3, momentum=0.9, epochs=3, rollout_steps=0, dtype="float64"),
    "lbfgs": TrainConfig(optimizer="lbfgs", lr=1.0, epochs=3, rollout_steps=0, dtype="float64"),
}
# Across CPU paths (MKL's branches COMPATIBLE, SSE2, AVX2, AVX-512; torch's default, AVX2 and
# AVX-512 kernels) Adam's losses kept every bit, SGD's moved by an ulp and LBFGS's (whose
# second and third losses are 1e-4 and 1e-5, small differences of large terms) by at most
# 7e-12 relative. 1e-9 leaves 100x room and still catches any change in the model, the loss,
# the optimizer or the data (each moves these losses by 1e-4 or more).
RTOL = 1e-9


def _losses(name: str) -> list[float]:
    cfg = CONFIGS[name]
    net = RecurrentNet("lstm", 1, 8).double()
    # Start weights from NumPy in float64: torch's float32 uniform_ rounds differently with and
    # without FMA (its AVX2 and default kernels: 1 ulp), which moved the first loss by 1e-8.
    rng = np.random.default_rng(0)
    with torch.no_grad():
        for p in net.parameters():
            p.copy_(torch.from_numpy(rng.uniform(-0.35, 0.35, tuple(p.shape))))
    windows = WindowSet.from_segments([sine(200, 20)], input_len=20, target_len=max(1, cfg.rollout_steps))
    return train(net, windows, cfg, np.random.default_rng(0)).history["train_loss"]


@pytest.mark.exactbits
@pytest.mark.parametrize("name", list(CONFIGS))
def test_first_losses_match_golden_on_any_cpu(name):
    got = _losses(name)
    if os.environ.get("WAVECAST_REGEN_GOLDEN") == "1":
        golden = json.loads(GOLDEN.read_text()) if GOLDEN.exists() else {}
        golden[name] = [float(x).hex() for x in got]
        golden["cpu_path"] = cpu_path()
        GOLDEN.write_text(json.dumps(golden, indent=1, sort_keys=True) + "\n")
    golden = json.loads(GOLDEN.read_text())
    want = [float.fromhex(h) for h in golden[name]]
    assert len(got) == len(want) == CONFIGS[name].epochs
    np.testing.assert_allclose(got, want, rtol=RTOL, atol=0)
    if cpu_path() == golden["cpu_path"]:  # the machine and path that wrote them: every bit
        assert [x.hex() for x in got] == golden[name]
