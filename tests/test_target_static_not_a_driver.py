"""Several targets: the static category naming each series' target is the panel's own, not a
driver the user gave. A user round's run of `--target sales,returns` (no driver given) was told
'Or run it without --static __target__ (the same keywords in Python) and compare'."""

import warnings

import numpy as np
import pandas as pd

from wavecast.cli import main
from wavecast.config import Config
from wavecast.data import reader
from wavecast.experiment_notes import drivers_given


def _two_targets(n=60):
    rng = np.random.default_rng(0)
    a = 3 * np.sin(2 * np.pi * np.arange(n) / 6) + rng.normal(0, 0.3, n)
    return pd.DataFrame({"day": pd.date_range("2021-01-01", periods=n, freq="D"),
                         "a": a, "b": 0.5 * a + rng.normal(0, 0.3, n)})


def test_the_targets_own_static_category_is_no_driver_of_the_run():
    ds = reader.from_frame(_two_targets(), ["a", "b"], "day", None)
    assert drivers_given(Config(), ds) == ()


def test_a_run_of_two_targets_never_names_the_internal_column(tmp_path, capsys):
    _two_targets().to_csv(tmp_path / "m.csv", index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert main(["run", "--data", str(tmp_path / "m.csv"), "--target", "a,b", "--time", "day",
                     "--horizon", "4", "--set", "direct.max_epochs=1", "--set", "direct.hidden_size=4",
                     "--out", str(tmp_path / "run")]) == 0
    out = capsys.readouterr().out
    assert "diagnostic:" in out and "  try: " in out  # the advice that named the drivers
    assert "__target__" not in out
    assert "__target__" not in (tmp_path / "run" / "metrics.json").read_text()
