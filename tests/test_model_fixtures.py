"""Frozen model files (F7, figure S4): every released format keeps loading and reproduces
its stored forecast; a newer format is refused with an upgrade message.

tests/fixtures/model_v1/ was written by `wavecast run` (format 1) together with
forecast.json, the forecast it gave then. Regenerate only on purpose:
    WAVECAST_REGEN_FIXTURES=1 python -m pytest tests/test_model_fixtures.py
"""

import json
import os
import shutil
from pathlib import Path

import numpy as np
import pytest
import torch

from wavecast import api
from wavecast.errors import ModelFileError
from wavecast.io import modelfile

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
        "format_version": 1, "horizon": HORIZON, "torch": torch.__version__,
        "forecast_hex": [float(x).hex() for x in pred], "forecast": pred.tolist()}, indent=1) + "\n")


if os.environ.get("WAVECAST_REGEN_FIXTURES"):
    _regenerate()


def test_format_1_fixture_reproduces_its_forecast_bit_for_bit():
    stored = json.loads((FIXTURES / "model_v1_forecast.json").read_text())
    assert json.loads((V1 / "model.json").read_text())["format_version"] == stored["format_version"] == 1
    pred = np.asarray(api.load(V1).predict(stored["horizon"])["forecast"], dtype=np.float64)
    want = np.array([float.fromhex(h) for h in stored["forecast_hex"]])
    if torch.__version__ == stored["torch"]:  # the promise: same torch, CPU -> same bits
        assert pred.tobytes() == want.tobytes()
    else:  # another torch may round differently in the last bits; the model is the same
        np.testing.assert_allclose(pred, want, rtol=1e-5)


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
