"""`wavecast run --help` says what a run does and writes, as backtest's, forecast's, demo's and
recipe's do: it showed the usage and flags alone. Its --config said "defaults are the demo's",
which read as if a run on --data took the sine's settings; they come from the data."""

import argparse

from wavecast.cli import build_parser


def _help(command: str) -> str:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return " ".join(sub.choices[command].format_help().split())


def test_run_help_says_what_a_run_does_and_writes():
    text = _help("run")
    assert "The last horizon of each series is held out and forecast beside the baselines" in text
    assert "model/ (for wavecast forecast)" in text and "report.html, metrics.json" in text


def test_config_help_says_where_the_rest_comes_from():
    for command in ("run", "backtest"):
        text = _help(command)
        assert "defaults are the demo's" not in text
        assert "what it leaves out comes from the data with --data, else is the demo's" in text
