"""wavecast run given drivers says what the drivers check's own training cost, as a backtest does:
a user round's fpp2 elecdemand with --future Temperature,WorkDay printed 'LSTM trained in 104.99 s'
and 'wrote ed1/ ... in 289.1 s', the check's 125.8 s (timings.json without_drivers) unsaid; the
line names the switch that skips it. Without drivers, no such line."""

import json

import numpy as np
import pandas as pd

from wavecast.cli import main

FAST = ["--set", "direct.max_epochs=2", "--set", "direct.hidden_size=4", "--horizon", "6"]


def _data(tmp_path):
    rng = np.random.default_rng(0)
    n = 72
    x = rng.normal(size=n)
    y = 10 + 3 * np.sin(2 * np.pi * np.arange(n) / 12) + 2 * x
    pd.DataFrame(
        {"month": pd.date_range("2000-01-01", periods=n, freq="MS"), "y": y, "x": x}
    ).to_csv(tmp_path / "d.csv", index=False)
    return str(tmp_path / "d.csv")


def test_the_checks_seconds_are_printed(tmp_path, capsys):
    data = _data(tmp_path)
    assert (
        main(
            [
                "run",
                "--data",
                data,
                "--target",
                "y",
                "--past",
                "x",
                "--out",
                str(tmp_path / "a"),
                *FAST,
            ]
        )
        == 0
    )
    printed = capsys.readouterr().out.splitlines()
    seconds = json.loads((tmp_path / "a" / "timings.json").read_text())["without_drivers"]
    assert (
        f"LSTM without drivers: the same net fitted without the drivers, {seconds:.2f} s "
        "(--set eval.without_drivers=false skips it)"
    ) in printed
    assert main(["run", "--data", data, "--target", "y", "--out", str(tmp_path / "b"), *FAST]) == 0
    assert "the same net fitted without the drivers" not in capsys.readouterr().out
