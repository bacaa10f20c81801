"""The training note counts one step as one: a user round's monthly run (--set
direct.max_epochs=3) read "the scored net(s) then trained 1 steps on all windows before the test part"."""

from __future__ import annotations

from wavecast.steps import training_note


def test_one_step_is_said_singular_and_many_keep_the_plural_and_the_thousands():
    info = {"val_steps_run": 3, "val_steps_allowed": 3, "max_epochs": 3, "steps": 1, "final_epochs": 1}
    said = training_note(info)
    assert "the scored net(s) then trained 1 step on all windows before the test part" in said, said
    said = training_note({**info, "steps": 1200})
    assert "then trained 1,200 steps on all windows" in said, said
