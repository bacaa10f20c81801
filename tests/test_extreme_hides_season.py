"""One extreme value hides a clear season from the seasonality test, and the note on it says so.
A user round's monthly series (season 12 of amplitude 10, noise 2, 120 points) with one value of
1000 among values near 100 read "season 12: not found in the series" beside an extreme-value note
that named only the scaling and the tolerance; the same series without it: "found"."""

from __future__ import annotations

import numpy as np
import pandas as pd

from wavecast.cli import main


def _run(tmp_path, capsys, y, name):
    pd.DataFrame({"month": pd.date_range("2012-01-01", periods=len(y), freq="MS"), "value": y}).to_csv(
        tmp_path / name, index=False)
    assert main(["run", "--data", str(tmp_path / name), "--time", "month", "--set", "direct.max_epochs=1",
                 "--set", "direct.hidden_size=4", "--out", str(tmp_path / name.replace(".csv", ""))]) == 0
    return capsys.readouterr().out


def test_the_extreme_value_note_says_it_can_hide_the_season(tmp_path, capsys):
    n = 120
    y = 100 + 10 * np.sin(2 * np.pi * np.arange(n) / 12) + np.random.default_rng(0).normal(0, 2, n)
    assert "season 12: found in the series" in _run(tmp_path, capsys, y, "clean.csv")
    y[60] = 1000.0
    out = _run(tmp_path, capsys, y, "spike.csv")
    # an isolated spike no longer hides it (transforms.season.without_spikes); a run of extreme
    # values still can, which the note says
    assert "season 12: found in the series" in out
    note = next(ln for ln in out.splitlines() if ln.startswith("note: extreme value in the training data"))
    assert "can hide the series' season from the test that looks for it" in note, note
