"""A backtest's timings.json holds its training's wall time and the whole command's (up to its
files), as a run's does, beside each forecaster's forecasting seconds: a user round's 44 s backtest
of R's sunspot.month (12 origins) found 0.01 s of it there, its forecasts' seconds alone."""

import json
from pathlib import Path

from wavecast.cli import main

AIR = str(Path(__file__).parents[1] / "examples" / "air_passengers.csv")
FAST = ["--set", "direct.max_epochs=2", "--set", "direct.hidden_size=4"]


def test_backtest_timings_hold_the_training_and_the_whole(tmp_path):
    out = tmp_path / "bt"
    assert (
        main(["backtest", "--data", AIR, "--origins", "2", "--out", str(out), "--quiet", *FAST])
        == 0
    )
    times = json.loads((out / "timings.json").read_text())
    assert times["train"] > 0 and times["total"] >= times["train"]
    assert set(times["predict_seconds"]) >= {"LSTM", "last value"}
