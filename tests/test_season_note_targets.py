"""The season note counts one series' several targets as targets: `--target sales,price` without
an id said "season 12: not found in any of the 2 series", a panel of 2 shops "... of the 4
series". The season decisions are not touched: only the words of the note."""

from __future__ import annotations

import json

from two_targets import run_one_shop
from wavecast.steps_direct_notes import season_found_note


def test_the_season_note_says_the_targets_of_one_series_and_of_a_panel():
    one = season_found_note(12, 0, 2, True, ("sales", "price"))
    assert one.startswith("season 12: not found in any of the 2 targets ("), one
    assert season_found_note(12, 2, 2, True, ("sales", "price")).endswith("in all 2 targets")
    assert season_found_note(12, 1, 2, True, ("sales", "price")).startswith(
        "season 12: found and taken out before the net in 1 of 2 targets; the others are read as they are")
    assert season_found_note(12, 0, 6, True, ("sales", "price")).startswith(
        "season 12: not found in any of the 6 targets of 3 series (")
    # one target, or a series left out (5 of 3 x 2): counted as series, as before
    assert season_found_note(12, 0, 4).startswith("season 12: not found in any of the 4 series (")
    assert season_found_note(12, 0, 5, True, ("sales", "price")).startswith("season 12: not found in any of the 5 series (")


def test_a_run_of_one_series_two_targets_says_its_targets_in_the_season_note(tmp_path, capsys):
    run_one_shop(tmp_path)
    notes = [n for n in capsys.readouterr().out.splitlines() if n.startswith("note: season 12: ")]
    assert notes and all(" 2 targets" in n and "series" not in n.split("(")[0] for n in notes), notes
    m = json.loads((tmp_path / "o" / "metrics.json").read_text())
    assert m["n_series"] == 2  # the two targets are still two series inside: only the words change
