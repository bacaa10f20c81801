"""wavecast forecast RUN --baselines --quiet says why a baseline column is left empty: a user
round's forecast without --data left mean, linear AR(p) and theta empty (a saved model keeps each
series' last input_len points alone), and --quiet hid the note saying so: the file, all --quiet
shows, held empty columns with no word why."""

from __future__ import annotations

import numpy as np
import pandas as pd

from wavecast.cli import main


def test_quiet_forecast_names_every_empty_baseline_column_on_stderr(tmp_path, capsys):
    rng = np.random.default_rng(0)
    t = np.arange(96)
    path = tmp_path / "m.csv"
    pd.DataFrame({"month": pd.date_range("2015-01-01", periods=len(t), freq="MS"),
                  "sales": 50 + 10 * np.sin(2 * np.pi * t / 12) + rng.normal(0, 2, len(t))}).to_csv(path, index=False)
    run = tmp_path / "r"
    assert main(["run", "--data", str(path), "--target", "sales", "--time", "month", "--out", str(run),
                 "--horizon", "6", "--set", "direct.max_epochs=2", "--quiet"]) == 0
    capsys.readouterr()
    out = tmp_path / "f.csv"
    assert main(["forecast", str(run), "--baselines", "--out", str(out), "--quiet"]) == 0
    said = capsys.readouterr()
    frame = pd.read_csv(out)
    empty = [c for c in frame.columns if frame[c].isna().all()]
    assert empty and "forecast" not in empty and "seasonal naive" not in empty, frame.columns
    assert said.out == ""  # still nothing on stdout
    notes = [line for line in said.err.splitlines() if line.startswith("note: ")]
    assert len(notes) == 1 and " left empty: " in notes[0] and "--data FILE" in notes[0], said.err
    assert all(c in notes[0].split(" left empty")[0] for c in empty), (empty, notes)
    # with the series (--data), nothing is empty and --quiet prints nothing at all
    assert main(["forecast", str(run), "--baselines", "--data", str(path), "--out", str(out), "--quiet"]) == 0
    assert capsys.readouterr() == ("", "") and not pd.read_csv(out).isna().all().any()
