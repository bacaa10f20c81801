"""--level's words in the CLI: a level the model was not calibrated at names the flag."""
from wavecast.cli import main


def test_uncalibrated_level_names_the_flag(trained, tmp_path, capsys):
    """forecast --level 99.9 said 'level 99.9 was not calibrated; ...' with no word of --level,
    unlike every other --level error."""
    assert main(["forecast", str(trained / "model"), "--level", "99.9", "--out", str(tmp_path / "f.csv")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert err.startswith("wavecast: error: --level: 99.9 was not calibrated"), err
    assert "1..99" in err, err
