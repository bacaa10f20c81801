"""Two descriptions that fell behind the code: conformal's docstring said a higher level's band
"stays wider" where an unresolved level is widened to at least a normal band (it may equal the
lower one's, never fall below it), and docs/architecture.md's evaluate/ row described
last_value_many without the no-better case e1a50b3 added (use the last value, not more epochs)."""

from pathlib import Path

import wavecast.forecasters.conformal as conformal

ARCH = Path(__file__).parents[1] / "docs" / "architecture.md"


def test_conformal_says_a_higher_level_is_never_narrower():
    assert "a higher level is never narrower" in conformal.__doc__
    assert "stays wider" not in conformal.__doc__


def test_architecture_names_last_value_many_no_better_case():
    row = next(line for line in ARCH.read_text().splitlines() if line.startswith("| `evaluate/` |"))
    said = row.split("`last_value_many` (", 1)[1].split(")", 1)[0]
    assert "advised as no fault" in said and "no-better finding" in said and "not more epochs" in said, said
