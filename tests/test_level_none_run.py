"""`--level none` on run, backtest and demo, as on forecast: no bands. forecast took it; run and
backtest refused it as "--level must be numbers in percent separated by commas, e.g. 80,95 (got
'none')", and a run without bands needed --set eval.levels=."""

import json
from pathlib import Path

import pandas as pd

from wavecast.cli import main

AIR = str(Path(__file__).parents[1] / "examples" / "air_passengers.csv")
FAST = ["--set", "direct.max_epochs=2", "--set", "direct.n_ensemble=1", "--seed", "0", "--quiet"]


def test_backtest_level_none_scores_no_bands(tmp_path):
    out = tmp_path / "bt"
    assert main(["backtest", "--data", AIR, "--origins", "2", "--level", "none", "--out", str(out), *FAST]) == 0
    cols = pd.read_csv(out / "forecasts.csv").columns
    assert not [c for c in cols if "-lo-" in c or "-hi-" in c], list(cols)
    assert json.loads((out / "config.json").read_text())["eval"]["levels"] == []


def test_run_level_none_saves_a_model_without_bands(tmp_path):
    run = tmp_path / "r"
    assert main(["run", "--data", AIR, "--level", "None", "--out", str(run), *FAST]) == 0
    assert main(["forecast", str(run), "--out", str(tmp_path / "f.csv"), "--quiet"]) == 0
    assert list(pd.read_csv(tmp_path / "f.csv").columns) == ["month", "forecast"]
