"""Usage errors are one line on stderr and exit code 2, naming the flag, the value given and
`wavecast CMD --help` (argparse printed the command's whole usage first: 12 lines for run), with
the prefix of every other user error, `wavecast: error: ` (they read `wavecast run: ...`)."""

import subprocess
import sys
from pathlib import Path

import pytest

from wavecast.cli import build_parser, main

AIR = str(Path(__file__).parents[1] / "examples" / "air_passengers.csv")


@pytest.mark.parametrize(
    "argv, line",
    [
        (["run", "--data", AIR, "--horizon", "abc"],
         "wavecast: error: --horizon must be an integer (got 'abc'); see wavecast run --help"),
        (["run", "--bogus"], "wavecast: error: unknown flag --bogus; see wavecast run --help"),
        (["run", "--data", AIR, "--horizn", "3"],
         "wavecast: error: unknown flag --horizn (did you mean --horizon?); see wavecast run --help"),
        (["run", "--fill", "cubic"],
         "wavecast: error: --fill must be one of none, linear (got 'cubic'); see wavecast run --help"),
        (["run", "--sort=yes"], "wavecast: error: --sort takes no value (got 'yes'); see wavecast run --help"),
        (["run", "--data", AIR, "extra"], "wavecast: error: unexpected argument 'extra'; see wavecast run --help"),
        (["forecast", "--bogus"], "wavecast: error: unknown flag --bogus; see wavecast forecast --help"),
        (["forecast"], "wavecast: error: MODEL_DIR is required; see wavecast forecast --help"),
        (["forecast", "m", "--horizon", "2.5"],
         "wavecast: error: --horizon must be an integer (got '2.5'); see wavecast forecast --help"),
        (["backtest", "--origins", "many"],
         "wavecast: error: --origins must be an integer (got 'many'); see wavecast backtest --help"),
        (["backtest", "--level"], "wavecast: error: --level needs a value (L1,L2); see wavecast backtest --help"),
        (["backtest", "--refit", "--refit-every", "2"],
         "wavecast: error: --refit-every cannot be given with --refit; see wavecast backtest --help"),
        (["demo", "--seed", "x"], "wavecast: error: --seed must be an integer (got 'x'); see wavecast demo --help"),
        (["demo", "--checkpoint-seconds", "soon"],
         "wavecast: error: --checkpoint-seconds must be a number (got 'soon'); see wavecast demo --help"),
        (["demo", "--device", "gpu"],
         "wavecast: error: --device must be one of auto, cpu, cuda (got 'gpu'); see wavecast demo --help"),
        (["recipes", "--bogus"], "wavecast: error: unknown flag --bogus; see wavecast recipes --help"),
        (["recipes", "nosuch"], "wavecast: error: unexpected argument 'nosuch'; see wavecast recipes --help"),
        (["recipe"], "wavecast: error: NAME is required; see wavecast recipe --help"),
        (["nosuchcommand"], "wavecast: error: unknown command 'nosuchcommand'; choose from demo, run, backtest, "
         "forecast, recipes, recipe; see wavecast --help"),
        ([], "wavecast: error: a command is needed: demo, run, backtest, forecast, recipes, recipe; see wavecast --help"),
        (["--bogus"], "wavecast: error: unknown flag --bogus; see wavecast --help"),
    ],
)
def test_a_usage_error_is_one_line_naming_the_flag_and_the_help(argv, line, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)  # nothing may be written, even by mistake
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert err == line + "\n" and out == ""
    assert list(tmp_path.iterdir()) == []


def test_the_console_script_says_it_in_one_line_too():
    proc = subprocess.run([sys.executable, "-m", "wavecast", "run", "--data", AIR, "--horizon", "abc"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.splitlines() == ["wavecast: error: --horizon must be an integer (got 'abc'); see wavecast run --help"]


@pytest.mark.parametrize("command", [[], ["run"], ["forecast"], ["backtest"], ["demo"], ["recipes"], ["recipe"]])
def test_help_is_still_argparses_whole_usage(command, capsys):
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args([*command, "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: {' '.join(['wavecast', *command])}") and "options:" in out


def test_a_usage_error_and_a_bad_value_share_one_prefix(tmp_path, capsys):
    """`wavecast backtest --horizon x` said 'wavecast backtest: ...' and `wavecast backtest --data
    nope.csv` 'wavecast: error: ...': two prefixes for a user's error, one command."""
    said = []
    for argv in (["backtest", "--horizon", "x"], ["backtest", "--data", str(tmp_path / "nope.csv")]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1, err
        said.append(err)
    assert all(err.startswith("wavecast: error: ") for err in said), said
    assert said[0].endswith("; see wavecast backtest --help\n"), said[0]
