"""The intermittent note's advice for totals names a command that gives the mean baseline's
forecast. It said 'wavecast forecast --baselines', and that command (a user round, a Poisson(0.3)
daily series) wrote the mean's column empty: the saved model keeps each series' last input_len
points alone, too few for the mean as scored; with --data FILE the column is filled."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from wavecast.cli import main


def test_the_command_the_intermittent_note_names_fills_the_mean_column(tmp_path, capsys):
    n = 200
    pd.DataFrame({"date": pd.date_range("2023-01-01", periods=n, freq="D"),
                  "demand": np.random.default_rng(0).poisson(0.3, n)}).to_csv(tmp_path / "d.csv", index=False)
    run = tmp_path / "run"
    assert main(["run", "--data", str(tmp_path / "d.csv"), "--time", "date", "--horizon", "7",
                 "--set", "direct.max_epochs=1", "--set", "direct.hidden_size=4", "--out", str(run)]) == 0
    out = capsys.readouterr().out
    said = re.search(r"its forecast: wavecast forecast ([^)]*)\)", out)
    assert said, out
    args = ["forecast", *said[1].replace("RUN", str(run)).replace("FILE", str(tmp_path / "d.csv")).split()]
    if str(run) not in args:  # the note named no run folder: the command as a user would complete it
        args.insert(1, str(run))
    assert main([*args, "--out", str(tmp_path / "f.csv"), "--quiet"]) == 0
    fc = pd.read_csv(tmp_path / "f.csv")
    assert "mean" in fc.columns and fc["mean"].notna().all(), fc.head()
