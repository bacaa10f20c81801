"""Frozen model files (F7, figure S4): every released format keeps loading and reproduces
its stored forecast; a newer format is refused with an upgrade message.

tests/fixtures/model_vN/ was written by `wavecast run` (format 1: the recursive net; format 2:
the direct net; format 3: the direct net with covariates, here --calendar; format 4: two
targets, --target value,value2, forecast over the trained horizon 5; format 5: the recursive net
with two targets and --calendar; format 6: the direct net with its defaults, whose log="both"
adds the raw view; format 7: two series with a static size and --calendar, whose gains let the
size scale the calendar's effects) together with model_vN_forecast.json, the forecast it gave then, and the CPU
path that computed it (cpu_path.py). Regenerate only on purpose (N = the format versions to
write), on the path CI's second pass takes, so that pass compares bits:
    WAVECAST_REGEN_FIXTURES=2 ATEN_CPU_CAPABILITY=avx2 MKL_CBWR=COMPATIBLE \
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
from wavecast import api
from wavecast.errors import ModelFileError
from wavecast.io import modelfile, modelformat

FIXTURES = Path(__file__).parent / "fixtures"
V1 = FIXTURES / "model_v1"
HORIZON = 12
KIND = {1: "recursive", 2: "direct", 3: "direct", 4: "direct", 5: "recursive", 6: "direct", 7: "direct"}


def _regenerate(version: int) -> None:
    import pandas as pd

    from wavecast.cli import main

    work = FIXTURES / "_work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    t = np.arange(90)
    frame = pd.DataFrame({"time": pd.date_range("2021-01-01", periods=90, freq="D"),
                          "value": np.round(10 + 3 * np.sin(2 * np.pi * t / 15), 6)})
    if version in (4, 5):  # a second target: value three steps later, halved
        frame["value2"] = np.round(5 + 1.5 * np.sin(2 * np.pi * (t - 3) / 15), 6)
    if version == 7:  # a second series twice the first's swing, and each series' size
        other = frame.assign(value=np.round(10 + 6 * np.sin(2 * np.pi * t / 15), 6))
        frame = pd.concat([frame.assign(shop="a", size=1.0), other.assign(shop="b", size=2.0)])
    frame.to_csv(work / "s.csv", index=False)
    assert main(["run", "--data", str(work / "s.csv"), "--time", "time", "--out", str(work / "run"), "--quiet",
                 "--set", "model.hidden_size=4", "--set", "train.epochs=3", "--set", "window.input_len=15",
                 "--set", "window.horizon=5", "--set", "window.test_len=5", "--set", f"model.kind={KIND[version]}",
                 "--set", "direct.max_epochs=3", "--set", "direct.hidden_size=4",
                 *(["--calendar"] if version in (3, 5, 7) else []),
                 *(["--id", "shop", "--static", "size"] if version == 7 else []),
                 *(["--set", "direct.log=positive"] if version == 2 else []),  # one view: format 2
                 *(["--target", "value,value2"] if version in (4, 5) else [])]) == 0
    folder = FIXTURES / f"model_v{version}"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(work / "run" / "model", folder)
    shutil.rmtree(work)
    horizon = 5 if version == 4 else HORIZON  # past covariates (the other target): the trained horizon
    pred = np.asarray(api.load(folder).predict(horizon)["forecast"], dtype=np.float64)
    (FIXTURES / f"model_v{version}_forecast.json").write_text(json.dumps({
        "format_version": version, "horizon": horizon, "torch": torch.__version__, "cpu_path": cpu_path(),
        "forecast_hex": [float(x).hex() for x in pred], "forecast": pred.tolist()}, indent=1) + "\n")


for _v in os.environ.get("WAVECAST_REGEN_FIXTURES", "").replace(",", " ").split():
    _regenerate(int(_v))


# Across CPU paths: the forecast is 12 fed-back steps of a 4-unit float32 LSTM; another
# summation order moves each step by a float32 ulp or so (6e-8 relative), and the net is
# stable, so the forecast moves little more. Measured on an AVX-512 Xeon off the stored path
# (MKL's AVX2 and AVX-512 branches, torch's AVX2 and default kernels): 2.3e-9 relative.
# 1e-5 is ~100 float32 ulps: room for any CPU, and still 1000x tighter than a changed model
# (a retrained one differs by ~1e-2).
ACROSS_PATHS_RTOL = 1e-5


@pytest.mark.exactbits
@pytest.mark.parametrize("version", [1, 2, 3, 4, 5, 6, 7])
def test_format_fixture_reproduces_its_forecast_bit_for_bit(version):
    stored = json.loads((FIXTURES / f"model_v{version}_forecast.json").read_text())
    folder = FIXTURES / f"model_v{version}"
    assert json.loads((folder / "model.json").read_text())["format_version"] == stored["format_version"] == version
    pred = np.asarray(api.load(folder).predict(stored["horizon"])["forecast"], dtype=np.float64)
    want = np.array([float.fromhex(h) for h in stored["forecast_hex"]])
    np.testing.assert_allclose(pred, want, rtol=ACROSS_PATHS_RTOL)
    if cpu_path() == stored["cpu_path"]:  # the promise: same torch, threads and CPU path -> same bits
        assert pred.tobytes() == want.tobytes()


def test_a_newer_format_version_is_refused_with_an_upgrade_message(tmp_path):
    m = tmp_path / "m"
    shutil.copytree(V1, m)
    meta = json.loads((m / "model.json").read_text())
    meta["format_version"] = modelformat.FORMAT_VERSION + 1
    meta["meta_sha256"] = modelformat._meta_digest(meta)
    (m / "model.json").write_text(json.dumps(meta))
    with pytest.raises(ModelFileError, match=rf"uses model format {modelformat.FORMAT_VERSION + 1}; "
                                             rf"this wavecast \S+ reads format {modelformat.FORMAT_VERSION}; upgrade"):
        modelfile.load(m)


def test_every_released_format_has_a_fixture():
    assert sorted(p.name for p in FIXTURES.glob("model_v*") if p.is_dir()) == [
        f"model_v{v}" for v in range(1, modelformat.FORMAT_VERSION + 1)]
