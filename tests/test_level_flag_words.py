"""--level's words in the CLI: a level the model was not calibrated at names the flag, and a
trailing '%' on a level is read as the percent it says."""
import argparse

import pytest

from wavecast.cli import main
from wavecast.cli.flags import level_override, parse_levels
from wavecast.errors import ValidationError


def test_uncalibrated_level_names_the_flag(trained, tmp_path, capsys):
    """forecast --level 99.9 said 'level 99.9 was not calibrated; ...' with no word of --level,
    unlike every other --level error."""
    assert main(["forecast", str(trained / "model"), "--level", "99.9", "--out", str(tmp_path / "f.csv")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert err.startswith("wavecast: error: --level: 99.9 was not calibrated"), err
    assert "1..99" in err, err


def test_levels_with_a_percent_sign_are_read():
    """--level 80%,95% was refused ('--level must be numbers in percent ...'); run, backtest, demo
    and forecast all read --level through parse_levels."""
    assert parse_levels("80%,95%") == (80.0, 95.0)
    assert parse_levels("80 %, 95") == (80.0, 95.0)
    assert level_override(argparse.Namespace(level="50%,90%")) == ["eval.levels=50,90"]
    with pytest.raises(ValidationError, match="^--level must be numbers"):
        parse_levels("80%%")


def test_forecast_reads_levels_with_a_percent_sign(trained, tmp_path):
    out = tmp_path / "f.csv"
    assert main(["forecast", str(trained / "model"), "--level", "80%,95%", "--out", str(out), "--quiet"]) == 0
    head = out.read_text().splitlines()[0].split(",")
    assert {"lo-80", "hi-80", "lo-95", "hi-95"} <= set(head), head
