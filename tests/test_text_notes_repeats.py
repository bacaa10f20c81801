"""A text column left unused by a file without a time axis is offered as --time only where its
values could be times: each once (a series). ISLR's Weekly (Year, Lag1, ..., Today, Direction)
was told "column 'Direction' is not used and the rows are steps ...; pass --time Direction if it
holds the times" of its Up and Down."""

import numpy as np
import pandas as pd

from wavecast.data.reader import read


def test_text_that_repeats_is_not_offered_as_the_time(tmp_path):
    rng = np.random.default_rng(0)
    today = rng.normal(0, 2, 60)
    pd.DataFrame({"Year": 1990 + np.arange(60) // 52, "Today": today,
                  "Direction": np.where(today > 0, "Up", "Down")}).to_csv(tmp_path / "weekly.csv", index=False)
    notes = read(tmp_path / "weekly.csv", target="Today").notes
    assert not any("Direction" in n for n in notes), notes
    # labels each once a series are still said (an unrecognised date, perhaps), with --id too
    k = np.arange(20)
    panel = pd.DataFrame({"shop": np.repeat(["a", "b"], 10), "when": [f"wk {i % 10}" for i in k], "y": k * 1.0})
    panel.to_csv(tmp_path / "panel.csv", index=False)
    assert any("pass --time when if it holds the times" in n
               for n in read(tmp_path / "panel.csv", target="y", id="shop").notes)
