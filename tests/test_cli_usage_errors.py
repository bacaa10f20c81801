"""Usage errors are one line on stderr and exit code 2, naming the flag, the value given and
`wavecast CMD --help` (argparse printed the command's whole usage first: 12 lines for run)."""

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
         "wavecast run: --horizon must be an integer (got 'abc'); see wavecast run --help"),
        (["run", "--bogus"], "wavecast run: unknown flag --bogus; see wavecast run --help"),
        (["run", "--data", AIR, "--horizn", "3"],
         "wavecast run: unknown flag --horizn (did you mean --horizon?); see wavecast run --help"),
        (["run", "--fill", "cubic"],
         "wavecast run: --fill must be one of none, linear (got 'cubic'); see wavecast run --help"),
        (["run", "--sort=yes"], "wavecast run: --sort takes no value (got 'yes'); see wavecast run --help"),
        (["run", "--data", AIR, "extra"], "wavecast run: unexpected argument 'extra'; see wavecast run --help"),
        (["forecast", "--bogus"], "wavecast forecast: unknown flag --bogus; see wavecast forecast --help"),
        (["forecast"], "wavecast forecast: MODEL_DIR is required; see wavecast forecast --help"),
        (["forecast", "m", "--horizon", "2.5"],
         "wavecast forecast: --horizon must be an integer (got '2.5'); see wavecast forecast --help"),
        (["backtest", "--origins", "many"],
         "wavecast backtest: --origins must be an integer (got 'many'); see wavecast backtest --help"),
        (["backtest", "--level"], "wavecast backtest: --level needs a value (L1,L2); see wavecast backtest --help"),
        (["backtest", "--refit", "--refit-every", "2"],
         "wavecast backtest: --refit-every cannot be given with --refit; see wavecast backtest --help"),
        (["demo", "--seed", "x"], "wavecast demo: --seed must be an integer (got 'x'); see wavecast demo --help"),
        (["demo", "--checkpoint-seconds", "soon"],
         "wavecast demo: --checkpoint-seconds must be a number (got 'soon'); see wavecast demo --help"),
        (["demo", "--device", "gpu"],
         "wavecast demo: --device must be one of auto, cpu, cuda (got 'gpu'); see wavecast demo --help"),
        (["recipes", "--bogus"], "wavecast recipes: unknown flag --bogus; see wavecast recipes --help"),
        (["recipes", "nosuch"], "wavecast recipes: unexpected argument 'nosuch'; see wavecast recipes --help"),
        (["recipe"], "wavecast recipe: NAME is required; see wavecast recipe --help"),
        (["nosuchcommand"], "wavecast: unknown command 'nosuchcommand'; choose from demo, run, backtest, "
         "forecast, recipes, recipe; see wavecast --help"),
        ([], "wavecast: a command is needed: demo, run, backtest, forecast, recipes, recipe; see wavecast --help"),
        (["--bogus"], "wavecast: unknown flag --bogus; see wavecast --help"),
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
    assert proc.stderr.splitlines() == ["wavecast run: --horizon must be an integer (got 'abc'); see wavecast run --help"]


@pytest.mark.parametrize("command", [[], ["run"], ["forecast"], ["backtest"], ["demo"], ["recipes"], ["recipe"]])
def test_help_is_still_argparses_whole_usage(command, capsys):
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args([*command, "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: {' '.join(['wavecast', *command])}") and "options:" in out
