"""The training note says the step the direct net's validation run chose: a user round's
run with --set direct.max_epochs=3 read "the validation run took all 3 steps allowed ...; the
scored net(s) then trained 1 step", as if the two contradicted, the chosen step never said."""

from __future__ import annotations

import html
import json

import numpy as np
import pandas as pd

from wavecast.steps import training_note


def test_a_short_run_says_the_step_chosen_and_that_the_scored_net_trains_as_many_epochs(tmp_path, capsys):
    from wavecast.cli import main

    rng = np.random.default_rng(0)
    t = np.arange(120)
    y = 50 + 10 * np.sin(2 * np.pi * t / 12) + rng.normal(0, 2, len(t))
    path = tmp_path / "m.csv"
    pd.DataFrame({"month": pd.date_range("2010-01-01", periods=len(t), freq="MS"), "sales": y}).to_csv(path, index=False)
    out_dir = tmp_path / "r"
    assert main(["run", "--data", str(path), "--target", "sales", "--time", "month", "--out", str(out_dir),
                 "--set", "direct.max_epochs=3"]) == 0
    note = next(line for line in capsys.readouterr().out.splitlines() if "chosen on each series' last horizon" in line)
    assert " and chose step " in note, note
    train = json.loads((out_dir / "metrics.json").read_text())["train"]
    chosen = max(train["val_best_step"], train["least_steps"])
    assert 1 <= chosen <= train["val_steps_run"]
    assert f"and chose step {chosen:,}" in note, note
    epochs = f"{round(train['chosen_epochs'], 2):g}"
    assert f"the scored net(s) then trained the same {epochs} epoch" in note, note
    assert f"before the test part ({train['steps']:,} step" in note, note
    page = html.unescape((out_dir / "report.html").read_text())
    assert f"it chose step {chosen:,}" in page


def test_a_step_raised_to_the_fewest_allowed_says_where_the_loss_was_lowest():
    info = {"val_steps_run": 600, "val_steps_allowed": 600, "max_epochs": 6, "stopped_early": False,
            "val_best_step": 40, "least_steps": 150, "epochs": 1.5, "steps": 300, "final_epochs": 2}
    said = training_note(info)
    # it read "chose step 150, the fewest it may choose (its validation loss was lowest at step 40)"
    assert ("and chose step 150: its validation loss was lowest at step 40, but no fewer than 150 steps are "
            "chosen (a floor: the validation loss of a few windows a series is noisy and alone picks too few); "
            "the scored net(s)") in said, said
    assert "fewest it may choose" not in said, said
    assert "the scored net(s) then trained the same 1.5 epochs on all windows before the test part (300 steps, not 150:" \
        in said, said
    said = training_note({**info, "val_best_step": 400})
    assert "and chose step 400, where its validation loss was lowest;" in said, said


def test_more_steps_than_the_step_chosen_says_why():
    """fpp2's elecdemand (half-hourly, wavecast run): "chose step 1,500 ... (1,522 steps)", the two
    numbers left to the reader to square; the same count says nothing more."""
    info = {"val_steps_run": 1513, "val_steps_allowed": 1972, "max_epochs": 29, "stopped_early": True,
            "val_best_step": 408, "least_steps": 1500, "epochs": 22.06, "steps": 1522, "final_epochs": 23}
    said = training_note(info)
    assert ("chose step 1,500: its validation loss was lowest at step 408, but no fewer than 1,500 steps are "
            "chosen (a floor: the validation loss of a few windows a series is noisy and alone picks too few); the scored "
            "net(s) then trained the same 22.06 epochs on all windows before the test part (1,522 steps, not 1,500: "
            "there are more windows than in the validation run, so an epoch takes more steps); the final model") in said, said
    said = training_note({**info, "steps": 1500})
    assert "before the test part (1,500 steps); the final model" in said, said


def test_the_report_pages_comment_says_the_floor_as_the_note_does():
    """report/html.py's comment read '(the fewest it may choose at least)', the words 0e4d7cd took out
    of the note (a floor, 'no fewer than N steps are chosen'); the code beside it takes the larger of
    the lowest validation step and least_steps."""
    from pathlib import Path

    import wavecast.report.html as html

    text = Path(html.__file__).read_text()
    assert "the fewest it may choose" not in text
    assert "where its validation loss was lowest, but no fewer than least_steps (a floor" in text
