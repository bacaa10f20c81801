"""A constant series' run writes metrics.json. The random-walk evidence kept Dickey-Fuller's t of
a level that never varied as nan, and `wavecast run` of 60 fives with the recursive net ended in a
traceback, "Out of range float values are not JSON compliant: nan", writing metrics.json; the t
is null there now."""

import json

import numpy as np
import pandas as pd

from wavecast.cli import main
from wavecast.evaluate.random_walk import walk_evidence


def test_walk_evidence_of_a_constant_series_is_json():
    ev = walk_evidence(np.full(60, 5.0), 1, {"last value": {"mse": 0.0}, "mean": {"mse": 0.0}}, 1e-9)
    assert ev["dickey_fuller"]["t"] is None and ev["dickey_fuller"]["reverts"] is False
    json.dumps(ev, allow_nan=False)


def test_a_constant_series_run_writes_its_metrics(tmp_path):
    path = tmp_path / "flat.csv"
    pd.DataFrame({"time": pd.date_range("2020-01-01", periods=60), "v": 5.0}).to_csv(path, index=False)
    sets = ["train.epochs=1", "model.hidden_size=2", "train.rollout_steps=1", "eval.max_ar_order=3",
            "model.kind=recursive", "window.input_len=8", "window.horizon=4", "window.test_len=4"]
    argv = ["run", "--data", str(path), "--time", "time", "--out", str(tmp_path / "o"), "--quiet"]
    assert main([*argv, *(a for s in sets for a in ("--set", s))]) == 0
    json.loads((tmp_path / "o" / "metrics.json").read_text())
