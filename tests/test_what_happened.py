"""Issue 18, item 7: the run says what happened, one line each: early stopping (kept epoch N of
M), interpolated stamps, filled values; through the CLI and as warnings in the API."""

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.cli import main
from wavecast.steps import training_note


def test_training_note_says_which_epoch_was_kept():
    assert training_note({"epochs": 5, "max_epochs": 20, "best_epoch": 3, "stopped_early": True}) == \
        "stopped early: no better validation loss after epoch 3; kept epoch 3 of 5 run (20 allowed)"
    assert "kept epoch 4 of 6" in training_note({"epochs": 6, "max_epochs": 6, "best_epoch": 4,
                                                  "stopped_early": False})
    # the direct net's info (GlobalNetForecaster.info_): epochs chosen on the last horizon
    direct = training_note({"val_steps_run": 600, "max_epochs": 40, "epochs": 3.5, "steps": 70,
                            "best_val": 0.2})
    assert "chosen on each series' last horizon" in direct and "took 600 optimizer steps" in direct
    assert "40 epochs allowed" in direct
    assert "trained the same 3.5 epochs on all windows" in direct and "(70 steps)" in direct
    assert training_note({"epochs": 10.0, "steps": 20, "max_epochs": 10}) == \
        "trained 10 epochs (20 optimizer steps; no validation, no early stopping)"


def test_early_stopping_is_said_in_the_cli(tmp_path, capsys):
    assert main(["demo", "--out", str(tmp_path / "d"), "--set", "train.epochs=30",
                 "--set", "train.patience=1", "--set", "window.val_fraction=0.2",
                 "--set", "model.hidden_size=4", "--set", "train.lr=0.5"]) == 0
    out = capsys.readouterr().out
    assert "note: stopped early" in out or "note: trained all 30 epochs" in out
    assert "kept epoch" in out or "kept the last" in out


def test_inserted_stamps_and_filled_values_are_said(tmp_path, capsys):
    t = pd.date_range("2020-01-01", periods=80, freq="D")
    y = np.sin(np.arange(80) / 3) + 2
    df = pd.DataFrame({"day": t, "y": y}).drop(index=[10, 11])
    df.loc[30, "y"] = np.nan
    path = tmp_path / "gaps.csv"
    df.to_csv(path, index=False)
    argv = ["run", "--data", str(path), "--time", "day", "--fill-missing-dates", "--fill", "linear",
            "--horizon", "5", "--out", str(tmp_path / "r"), "--set", "direct.max_epochs=1"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "note: 2 missing time stamps inserted, values interpolated linearly" in out
    assert "note: 1 missing value filled linearly\n" in out
    with pytest.warns(wavecast.WavecastNote, match="2 missing time stamps inserted"):
        wavecast.fit(path, time="day", fill_missing_dates=True, fill="linear", horizon=5, epochs=1)


def test_a_count_of_one_in_the_notes_is_said_in_the_singular():
    # Was "trained 1 epochs", "... 1 more rows in forecast.csv".
    from wavecast.cli.output import forecast_table

    assert training_note({"epochs": 1}) == "trained 1 epoch"
    assert training_note({"epochs": 1.0, "steps": 3, "max_epochs": 1}).startswith("trained 1 epoch (3 optimizer steps")
    assert training_note({"epochs": 2.5, "steps": 7, "max_epochs": 5}).startswith("trained 2.5 epochs (7 optimizer")
    frame = pd.DataFrame({"id": ["a"] * 13, "step": range(13)})
    assert forecast_table(frame, "f.csv").endswith("\n... 1 more row in f.csv")
    assert forecast_table(pd.concat([frame, frame]), "f.csv").endswith("\n... 14 more rows in f.csv")


def test_the_training_note_counts_one_epoch_in_the_singular():
    # "(1 epochs)" and "the final model 1 epochs on all the data" read wrong (seen by the CLI probes)
    from wavecast.steps import training_note

    info = {"val_steps_run": 7, "val_steps_allowed": 7, "stopped_early": False, "max_epochs": 1, "steps": 7,
            "final_epochs": 1}
    note = training_note(info)
    assert "(1 epoch; early stopping" in note and " 1 epoch on all the data" in note and "1 epochs" not in note
    assert "(2 epochs; " in training_note({**info, "max_epochs": 2})
