"""Frozen model files (F7, figure S4): every released format keeps loading and reproduces
its stored forecast; a newer format is refused with an upgrade message.

tests/fixtures/model_v1/ was written by `wavecast run` (format 1) together with
forecast.json, the forecast it gave then, and the CPU path that computed it (cpu_path.py).
Regenerate only on purpose, on the path CI's second pass takes, so that pass compares bits:
    WAVECAST_REGEN_FIXTURES=1 ATEN_CPU_CAPABILITY=avx2 MKL_CBWR=COMPATIBLE \
        python -m pytest tests/test_model_fixtures.py
"""

import json
import os
import shutil
from pathlib import Path

import numpy as np
import pytest
import torch

from cpu_path import cpu_path
from wavecast import api, modelfile
from wavecast.errors import ModelFileError

FIXTURES = Path(__file__).parent / "fixtures"
V1 = FIXTURES / "model_v1"
HORIZON = 12


def _regenerate() -> None:
    import pandas as pd

    from wavecast.cli import main

    work = FIXTURES / "_work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    t = np.arange(90)
    pd.DataFrame({"time": pd.date_range("2021-01-01", periods=90, freq="D"),
                  "value": np.round(10 + 3 * np.sin(2 * np.pi * t / 15), 6)}).to_csv(work / "s.csv", index=False)
    assert main(["run", "--data", str(work / "s.csv"), "--time", "time", "--out", str(work / "run"), "--quiet",
                 "--set", "model.hidden_size=4", "--set", "train.epochs=3", "--set", "window.input_len=15",
                 "--set", "window.horizon=5", "--set", "window.test_len=5"]) == 0
    shutil.rmtree(V1, ignore_errors=True)
    shutil.copytree(work / "run" / "model", V1)
    shutil.rmtree(work)
    pred = np.asarray(api.load(V1).predict(HORIZON)["forecast"], dtype=np.float64)
    (FIXTURES / "model_v1_forecast.json").write_text(json.dumps({
        "format_version": 1, "horizon": HORIZON, "torch": torch.__version__, "cpu_path": cpu_path(),
        "forecast_hex": [float(x).hex() for x in pred], "forecast": pred.tolist()}, indent=1) + "\n")


if os.environ.get("WAVECAST_REGEN_FIXTURES"):
    _regenerate()


# Across CPU paths: the forecast is 12 fed-back steps of a 4-unit float32 LSTM; another
# summation order moves each step by a float32 ulp or so (6e-8 relative), and the net is
# stable, so the forecast moves little more. Measured on an AVX-512 Xeon off the stored path
# (MKL's AVX2 and AVX-512 branches, torch's AVX2 and default kernels): 2.3e-9 relative.
# 1e-5 is ~100 float32 ulps: room for any CPU, and still 1000x tighter than a changed model
# (a retrained one differs by ~1e-2).
ACROSS_PATHS_RTOL = 1e-5


@pytest.mark.exactbits
def test_format_1_fixture_reproduces_its_forecast_bit_for_bit():
    stored = json.loads((FIXTURES / "model_v1_forecast.json").read_text())
    assert json.loads((V1 / "model.json").read_text())["format_version"] == stored["format_version"] == 1
    pred = np.asarray(api.load(V1).predict(stored["horizon"])["forecast"], dtype=np.float64)
    want = np.array([float.fromhex(h) for h in stored["forecast_hex"]])
    np.testing.assert_allclose(pred, want, rtol=ACROSS_PATHS_RTOL)
    if cpu_path() == stored["cpu_path"]:  # the promise: same torch, threads and CPU path -> same bits
        assert pred.tobytes() == want.tobytes()


def test_a_newer_format_version_is_refused_with_an_upgrade_message(tmp_path):
    m = tmp_path / "m"
    shutil.copytree(V1, m)
    meta = json.loads((m / "model.json").read_text())
    meta["format_version"] = modelfile.FORMAT_VERSION + 1
    meta["meta_sha256"] = modelfile._meta_digest(meta)
    (m / "model.json").write_text(json.dumps(meta))
    with pytest.raises(ModelFileError, match=rf"uses model format {modelfile.FORMAT_VERSION + 1}; "
                                             rf"this wavecast \S+ reads format {modelfile.FORMAT_VERSION}; upgrade"):
        modelfile.load(m)


def test_every_released_format_has_a_fixture():
    assert sorted(p.name for p in FIXTURES.glob("model_v*") if p.is_dir()) == [
        f"model_v{v}" for v in range(1, modelfile.FORMAT_VERSION + 1)]
