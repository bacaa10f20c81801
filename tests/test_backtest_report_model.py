"""A backtest's report.html describes the net it scored: a direct net's row read "model LSTM,
hidden_size 50, 1 layer(s)", the recursive net's config, where the net was direct with hidden_size
16 (metrics.json's train.hidden_size): the run's report said it right, as it has a final model."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd

from wavecast.cli import main


def test_the_backtest_report_names_the_direct_net_and_its_size(tmp_path):
    n = 120
    y = 10 + 3 * np.sin(2 * np.pi * np.arange(n) / 7) + np.random.default_rng(0).normal(0, 0.5, n)
    pd.DataFrame({"date": pd.date_range("2023-01-01", periods=n, freq="D"), "y": y}).to_csv(tmp_path / "d.csv",
                                                                                          index=False)
    out = tmp_path / "bt"
    assert main(["backtest", "--data", str(tmp_path / "d.csv"), "--time", "date", "--origins", "2",
                 "--horizon", "7", "--set", "direct.max_epochs=1", "--out", str(out), "--quiet"]) == 0
    size = json.loads((out / "metrics.json").read_text())["train"]["hidden_size"]
    row = re.search(r"<th>model</th><td>([^<]*)</td>", (out / "report.html").read_text())[1]
    assert row == f"LSTM (direct: the whole horizon at once), hidden_size {size}, 1 layer(s)", row
