"""Defects a first-time user found (round of 2026-12-04): the default length rule, Ctrl-C at
start-up, the report's and console's words about training, and resume mismatch messages."""

from __future__ import annotations

import html
import re
import types

import numpy as np
import pandas as pd
import pytest

from wavecast.config import Config, override
from wavecast.defaults import resolve
from wavecast.steps_lengths import scorable


def _accepted(n: int, freq: str) -> bool:
    """Whether the direct net (the default for data) scores a series of n points with every
    default derived: what train_direct checks before it trains anything."""
    rng = np.random.default_rng(0)
    t = np.arange(n)
    y = 50 + 5 * np.sin(2 * np.pi * t / 12) + rng.normal(0, 1, n)
    data = types.SimpleNamespace(freq=freq, values=[y.reshape(-1, 1)])
    r = resolve(override(Config(), "model.kind=direct"), data)
    return scorable(n, r.config.window, r.season)


@pytest.mark.parametrize("freq", ["W-SUN", "MS", "D", "QS-JAN", "h"])
def test_a_longer_series_is_never_refused_when_a_shorter_one_fits(freq):
    # was: weekly 100 points fit, 104 and 110 refused (52 twice, not before the 13-week test
    # part), 120 fit; monthly 30 and 34 refused between 20 and 40
    ok = [n for n in range(4, 161) if _accepted(n, freq)]
    assert ok == list(range(ok[0], 161)), f"{freq}: refused {sorted(set(range(ok[0], 161)) - set(ok))}"
    assert ok[0] <= 8


def test_two_years_of_weekly_data_fit_with_the_defaults():
    import wavecast

    n = 104
    rng = np.random.default_rng(0)
    s = pd.Series(50 + rng.normal(0, 1, n), index=pd.date_range("2022-01-02", periods=n, freq="W-SUN"))
    f = wavecast.fit(s, epochs=1, seed=0)
    assert len(f.predict(3)) == 3


def _python(code: str, cwd):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_ctrl_c_while_the_cli_imports_its_commands_is_one_line(tmp_path):
    # SIGINT arrives while `wavecast.cli` imports run_cmd (what the console script does first);
    # was: a KeyboardInterrupt traceback
    code = """
import importlib.abc, os, signal, sys
class Interrupt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "wavecast.cli.run_cmd":
            os.kill(os.getpid(), signal.SIGINT)
        return None
sys.meta_path.insert(0, Interrupt())
from wavecast.cli import main
sys.exit(main(["run", "--out", "r"]))
"""
    p = _python(code, tmp_path)
    assert p.returncode == 130, p.stderr
    assert p.stderr.strip() == "wavecast: interrupted before training started; nothing was written", p.stderr
    assert not (tmp_path / "r").exists()


def test_ctrl_c_while_torch_imports_is_one_line(tmp_path):
    # SIGINT during torch's import (the first ~1.5 s of a run); was: a 22-line traceback out of it
    code = """
import os, signal, sys, time
import wavecast.cli as cli
def torch_import():
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(5)
cli._import_torch_and_freeze = torch_import
sys.exit(cli.main(["run", "--out", "r"]))
"""
    p = _python(code, tmp_path)
    assert p.returncode == 130, p.stderr
    assert p.stderr.strip() == "wavecast: interrupted before training started; nothing was written", p.stderr
    assert not (tmp_path / "r").exists()


def test_main_leaves_the_sigint_handler_as_it_found_it(tmp_path):
    import signal

    from wavecast.cli import main

    before = signal.getsignal(signal.SIGINT)
    assert main(["run", "--out", str(tmp_path / "r"), "--set", "train.epochs=1", "--quiet"]) == 0
    assert signal.getsignal(signal.SIGINT) is before


def _csv(tmp_path, n: int, freq: str, name: str = "d.csv"):
    rng = np.random.default_rng(0)
    t = np.arange(n)
    y = 100 + 0.5 * t + 10 * np.sin(2 * np.pi * t / 4) + rng.normal(0, 1, n)
    path = tmp_path / name
    pd.DataFrame({"when": pd.date_range("2021-01-01", periods=n, freq=freq), "y": y}).to_csv(path, index=False)
    return path


def _run(tmp_path, capsys, path, *more):
    import json
    import re

    from wavecast.cli import main

    out_dir = tmp_path / "r"
    assert main(["run", "--data", str(path), "--target", "y", "--time", "when", "--out", str(out_dir), *more]) == 0
    out = capsys.readouterr().out
    headline = int(re.search(r"trained in [\d.]+ s \((\d+) epochs", out)[1])
    train = json.loads((out_dir / "metrics.json").read_text())["train"]
    return out, headline, train, html.unescape((out_dir / "report.html").read_text())


def test_a_run_without_validation_says_so_in_the_report_too(tmp_path, capsys):
    # 12 quarterly points: the direct net trains a fixed number of epochs, no validation; was:
    # report.html's loss caption said its epochs were chosen by early stopping
    out, headline, train, page = _run(tmp_path, capsys, _csv(tmp_path, 12, "QS"), "--set", "direct.max_epochs=5")
    assert "val_steps_run" not in train
    assert f"note: trained {headline} epochs (" in out and "no validation, no early stopping" in out
    assert "no validation, no early stopping" in page
    assert "chosen by" not in page and "scored on the held-out part" not in page
    assert "the test part is never trained on" in page


def test_the_headline_and_the_note_give_the_same_epochs_and_say_whether_early_stopping_stopped(tmp_path, capsys):
    # was: headline "(108 epochs)", note "epochs chosen ...: 107.143 (... 143 epochs allowed)"
    # and no word on whether early stopping had stopped the run
    out, headline, train, page = _run(tmp_path, capsys, _csv(tmp_path, 120, "D"), "--set", "direct.max_epochs=4")
    note = next(line for line in out.splitlines() if "chosen on each series' last horizon" in line)
    assert f"the final model {headline} epochs on all the data" in note
    assert train["epochs"] == headline and isinstance(train["stopped_early"], bool)
    assert train["val_steps_run"] <= train["val_steps_allowed"]
    assert train["stopped_early"] == (train["val_steps_run"] < train["val_steps_allowed"])
    said = "early stopping stopped the validation run" if train["stopped_early"] else "early stopping did not stop it"
    assert said in note
    caption = "early stopping ended it" if train["stopped_early"] else "early stopping did not stop it"
    assert caption in page and "chosen by a validation run on each series' last window" in page
    assert not re.search(r"\d+\.\d+ \(the validation run", note)  # no fractional epoch count


def test_a_resume_mismatch_says_derived_none_and_default_values_as_such():
    # was: "train.epochs 12 -> 5" (12 never given), "data.id store -> " and "window.horizon None -> 6"
    from wavecast.config import to_dict
    from wavecast.io.checkpoint import differences

    saved = {"config": to_dict(override(Config(), "data.id=store"))}
    now = {"config": to_dict(override(override(Config(), "train.epochs=5"), "window.horizon=6"))}
    said = differences(saved, now)
    assert "data.id store -> (none)" in said
    assert "train.epochs 12 (the default) -> 5" in said
    assert "window.horizon (derived) -> 6" in said
    assert differences({"data_sha256": "a" * 64}, {"data_sha256": "b" * 64}) == ["data_sha256 aaaaaaaaaaaa… -> bbbbbbbbbbbb…"]


def test_a_too_short_series_is_told_its_fixes_in_python_words():
    # was: "a shorter horizon=... (at most 1, and window.test_len as short if it is set)"
    import wavecast
    from wavecast.errors import ValidationError

    with pytest.raises(ValidationError) as err:
        wavecast.fit(np.arange(10.0), input_len=8, horizon=4, epochs=1)
    assert "window." not in str(err.value) and "test_len=1" in str(err.value), str(err.value)


def test_the_dropped_season_is_said_with_the_points_before_the_test_part():
    n = 104
    y = 50 + np.random.default_rng(0).normal(0, 1, n)
    data = types.SimpleNamespace(freq="W-SUN", values=[y.reshape(-1, 1)])
    r = resolve(override(Config(), "model.kind=direct"), data)
    assert r.season == 1
    assert r.notes[0] == ("season 1 (the 'W-SUN' frequency's season 52 is longer than half the 91 points before "
                          "the test part, and no other was found)")
