"""The command line says what it did and nothing else: --quiet the same on every command, the
"wrote" line the files written, flags that cannot apply refused (forecast --calendar, --refit
with --refit-every), a backtest's too-short advice in its own flags (--origins, --stride)."""

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from wavecast.cli import build_parser, main
from wavecast.cli.flags import QUIET_HELP

AIR = str(Path(__file__).parents[1] / "examples" / "air_passengers.csv")
FAST = ["--set", "direct.max_epochs=2", "--set", "direct.n_ensemble=1"]


def _panel(tmp_path, n_series: int = 4, n: int = 30, ids=None) -> str:
    """n_series daily series of n points each (columns sid, day, v), like the user's p200.csv."""
    rng = np.random.default_rng(0)
    ids = ids or [str(i + 1) for i in range(n_series)]
    rows = [pd.DataFrame({"sid": sid, "day": pd.date_range("2024-01-01", periods=n, freq="D"),
                          "v": 10 + np.sin(2 * np.pi * np.arange(n) / 7) + rng.normal(0, 0.3, n)}) for sid in ids]
    path = tmp_path / "panel.csv"
    pd.concat(rows).to_csv(path, index=False)
    return str(path)


def _wrote(printed: str) -> str:
    return next(line for line in printed.splitlines() if line.startswith("wrote "))


def _listed(folder: Path) -> set:
    return {p.name + ("/" if p.is_dir() else "") for p in folder.iterdir() if not p.name.startswith(".")}


# 1. forecast --calendar was accepted and ignored (the same output as without it)
def test_forecast_refuses_calendar_as_it_refuses_past_and_static(run_dir, tmp_path, capsys):
    out = tmp_path / "f.csv"
    assert main(["forecast", str(run_dir), "--horizon", "3", "--calendar", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--calendar is chosen when the model is trained (wavecast run --calendar)" in err
    assert not out.exists()


# 2. --refit and --refit-every were both accepted, with two notes that contradict
def test_backtest_refit_and_refit_every_exclude_each_other(tmp_path, capsys):
    assert main(["backtest", "--data", AIR, "--refit", "--refit-every", "2", "--out", str(tmp_path / "b")]) == 2
    assert capsys.readouterr().err == ("wavecast: error: --refit-every cannot be given with --refit; "
                                       "see wavecast backtest --help\n")
    assert not (tmp_path / "b").exists()


# 3. the backtest's too-short advice: --origins, --stride, --horizon, input_len; never window.test_len
def test_backtest_too_short_advice_names_origins_and_stride_with_numbers_that_fit(tmp_path, capsys):
    data = _panel(tmp_path)
    base = ["backtest", "--data", data, "--time", "day", "--id", "sid", "--target", "v", "--quiet", *FAST]
    said = ("the longest of 4 series has 30 points; the direct net needs 32: input_len 10 + horizon 10 = 20 before a "
            "test part of 12 (3 origins 1 apart, the last one's 10 steps) (any one of: fewer --origins (at most 1); "
            "a shorter --horizon (at most 9); --set window.input_len=8)")
    args = [*base, "--horizon", "10", "--origins", "3", "--set", "window.input_len=10"]
    assert main([*args, "--out", str(tmp_path / "a")]) == 2
    assert said in capsys.readouterr().err
    # window.test_len=10 was advised, and gave the same error: the backtest sets its test part
    assert main([*args, "--set", "window.test_len=10", "--out", str(tmp_path / "a")]) == 2
    err = capsys.readouterr().err
    assert said in err and "test_len=" not in err
    # a stride too long: the stride that fits is named
    strided = [*base, "--horizon", "5", "--origins", "3", "--stride", "10", "--set", "window.input_len=9"]
    assert main([*strided, "--out", str(tmp_path / "a")]) == 2
    err = capsys.readouterr().err
    assert "before a test part of 25 (3 origins 10 apart, the last one's 5 steps)" in err
    assert "(any one of: fewer --origins (at most 2); a shorter --stride (at most 5))" in err
    # each fix it names fits
    for fix in (["--origins", "1"], ["--horizon", "9"], ["--set", "window.input_len=8"]):
        assert main([*args, *fix, "--out", str(tmp_path / "ok")]) == 0, fix
    for fix in (["--origins", "2"], ["--stride", "5"]):
        assert main([*strided, *fix, "--out", str(tmp_path / "ok")]) == 0, fix
    # one series, 500 origins: was "(pass --set window.test_len=103)"; 107 since a season the
    # series does not hold twice before the test part is dropped (104..107 were refused)
    assert main(["backtest", "--data", AIR, "--origins", "500", "--out", str(tmp_path / "b"), "--quiet", *FAST]) == 2
    err = capsys.readouterr().err
    assert err.endswith("before a test part of 517 (500 origins 1 apart, the last one's 18 steps) "
                        "(pass fewer --origins (at most 107)); input_len 2 is the default shrunk to fit that test "
                        "part: give --origins 86 or fewer to keep a run's input_len 23\n"), err
    assert main(["backtest", "--data", AIR, "--origins", "107", "--out", str(tmp_path / "b"), "--quiet", *FAST]) == 0


def test_backtest_derives_input_len_for_its_own_test_part(tmp_path, capsys):
    """input_len left to the defaults is capped to fit before the test part: the backtest's
    (lengthened) one, not the run's (was: input_len 10 for a test part of 10, then refused)."""
    data = _panel(tmp_path)
    out = tmp_path / "bt"
    assert main(["backtest", "--data", data, "--time", "day", "--id", "sid", "--target", "v", "--horizon", "10",
                 "--origins", "3", "--out", str(out), *FAST]) == 0
    printed = capsys.readouterr().out
    assert "test part lengthened from 10 to 12 samples to hold 3 origins 1 apart (window.test_len=12); " \
        "input_len 8, derived for it (was 10)" in printed
    assert json.loads((out / "config.json").read_text())["window"]["input_len"] == 8


# 4. the "wrote" lines list the files written; backtest --help lists what it can write
def test_run_wrote_line_leaves_out_a_future_png_it_could_not_draw_and_says_why(tmp_path, capsys):
    d = pd.read_csv(AIR)
    d["promo"] = (np.arange(len(d)) % 3 == 0).astype(int)  # no rows after the series' end
    d.to_csv(tmp_path / "promo.csv", index=False)
    out = tmp_path / "r"
    assert main(["run", "--data", str(tmp_path / "promo.csv"), "--time", "month", "--target", "passengers",
                 "--future", "promo", "--horizon", "6", "--out", str(out), *FAST]) == 0
    printed = capsys.readouterr().out
    assert not (out / "future.png").exists() and "future.png" not in _wrote(printed)
    assert "note: no future.png: the future covariate(s) promo have no rows past the end of the data" in printed
    line = _wrote(printed)
    listed = set(line[line.index("(") + 1: line.rindex(")")].split(", "))
    assert listed == _listed(out) and {"report.html", "model/", "data.png"} <= listed


def test_backtest_wrote_line_and_help_list_every_file(tmp_path, capsys):
    out = tmp_path / "bt"
    assert main(["backtest", "--data", _panel(tmp_path, 10), "--time", "day", "--id", "sid", "--target", "v",
                 "--horizon", "5", "--origins", "3", "--out", str(out), *FAST]) == 0
    line = _wrote(capsys.readouterr().out)
    listed = set(line[line.index("(") + 1: line.rindex(")")].split(", "))
    assert listed == _listed(out) and {"data.png", "coverage.png", "timings.json"} <= listed
    assert main(["backtest", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    for name in ("report.html", "metrics.json", "per_origin.csv", "config.json", "timings.json", "data.png",
                 "lead_time.png", "coverage.png"):
        assert name in text, name


# 5 and 6. --quiet prints nothing but errors, on every command; matplotlib's glyph warning too
def test_quiet_prints_nothing_on_every_command_and_json_still_prints(tmp_path, capsys):
    data = _panel(tmp_path, ids=["a \N{ROCKET}", "b", "c"])
    flags = ["--data", data, "--time", "day", "--id", "sid", "--target", "v", "--horizon", "3", *FAST]
    run = tmp_path / "r"
    assert main(["run", *flags, "--out", str(run), "--quiet"]) == 0
    assert capsys.readouterr() == ("", "") and (run / "report.html").is_file()
    assert main(["backtest", *flags, "--origins", "2", "--out", str(tmp_path / "b"), "--quiet"]) == 0
    assert capsys.readouterr() == ("", "") and (tmp_path / "b" / "metrics.json").is_file()
    out = tmp_path / "fq.csv"
    with warnings.catch_warnings(record=True) as seen:  # pytest keeps warnings off stderr: caught here
        warnings.simplefilter("always")
        assert main(["forecast", str(run), "--horizon", "2", "--out", str(out), "--quiet"]) == 0
    assert capsys.readouterr() == ("", "") and out.is_file()
    assert not [w for w in seen if "Glyph" in str(w.message)]  # was: the missing-glyph UserWarning on stderr
    assert main(["backtest", *flags, "--origins", "2", "--out", str(tmp_path / "b"), "--quiet", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["backtest"]["origins"] == 2


@pytest.mark.parametrize("command", ["run", "demo", "backtest", "forecast"])
def test_quiet_help_reads_true_for_its_command(command):
    """run, demo and backtest's --quiet help named 'the note on a column left empty (forecast
    --baselines)', a flag they do not have; forecast's named a progress bar it never shows."""
    sub = next(a for a in build_parser()._actions if a.__class__.__name__ == "_SubParsersAction")
    parser = sub.choices[command]
    quiet = next(a for a in parser._actions if "--quiet" in a.option_strings)
    assert quiet.help.startswith("print nothing but errors")
    flags = {s for a in parser._actions for s in a.option_strings}
    assert ("--baselines" in quiet.help) == ("--baselines" in flags)
    assert ("progress bar" in quiet.help) == (command != "forecast")
    assert (quiet.help == QUIET_HELP) == (command != "forecast")  # run, demo and backtest's the same


def test_recursive_backtest_too_short_advice_and_its_default_input_len(tmp_path, capsys):
    """The recursive net's too-short error said "lower window.input_len or window.test_len" in a
    backtest too; and its default input_len left no room for its 8 training targets (input_len
    13 + 8 + a test part of 12 > 30: the default refused itself)."""
    data = _panel(tmp_path)
    base = ["backtest", "--data", data, "--time", "day", "--id", "sid", "--target", "v", "--horizon", "10",
            "--set", "model.kind=recursive", "--set", "train.epochs=1", "--set", "model.hidden_size=4", "--quiet"]
    assert main([*base, "--origins", "3", "--out", str(tmp_path / "d")]) == 0  # was: "needs >= 33"
    cfg = json.loads((tmp_path / "d" / "config.json").read_text())["window"]
    assert cfg["input_len"] + 8 + cfg["test_len"] <= 30
    args = [*base, "--origins", "3", "--stride", "5", "--set", "window.input_len=10"]
    assert main([*args, "--out", str(tmp_path / "a")]) == 2
    err = capsys.readouterr().err
    assert err.endswith("the shortest of 4 series has 30 points; the recursive net needs 38: input_len 10 + 8 training "
                        "target(s) before a test part of 20 (3 origins 5 apart, the last one's 10 steps) (any one of: "
                        "fewer --origins (at most 1); a shorter --stride (at most 1); a shorter --horizon (at most 2); "
                        "--set window.input_len=2)\n"), err
    for fix in (["--origins", "1"], ["--stride", "1"], ["--horizon", "2"], ["--set", "window.input_len=2"]):
        assert main([*args, *fix, "--out", str(tmp_path / "ok")]) == 0, fix
