"""An empty column flag is refused in one line (exit 2), as an empty path is (7d170e2): `--past ''`,
`--static ''`, `--time ''` and `--id ''` were read as left off (exit 0, the covariate or the panel
dropped without a word), and `--past 'x, '` as `--past x`."""
import pytest

from wavecast.cli import main

COLUMNS = ["--target", "--time", "--id", "--past", "--future", "--static"]


@pytest.fixture
def panel(tmp_path):
    rows = ["id,date,y,x,region"] + [f"{s},2020-{m:02d}-01,{m + (s == 'b')},{m % 3},{r}"
                                     for s, r in (("a", "north"), ("b", "south")) for m in range(1, 13)]
    (tmp_path / "p.csv").write_text("\n".join(rows) + "\n")
    return tmp_path


def _given(flag: str, value: str) -> list[str]:
    keys = {"--target": "y", "--time": "date", "--id": "id"}
    return [*(a for f, v in keys.items() if f != flag for a in (f, v)), flag, value]


@pytest.mark.parametrize("command", ["run", "backtest"])
@pytest.mark.parametrize("flag", COLUMNS)
@pytest.mark.parametrize("value", ["", "  "])
def test_an_empty_column_flag_is_refused(panel, capsys, monkeypatch, command, flag, value):
    monkeypatch.chdir(panel)
    argv = [command, "--data", "p.csv", *_given(flag, value), "--out", "r", "--set", "train.epochs=1"]
    assert main(argv) == 2
    assert capsys.readouterr().err == (f"wavecast: error: {flag} is empty ({value!r}): give a column name, "
                                       f"or leave {flag} off\n")
    assert not (panel / "r").exists()


@pytest.mark.parametrize("value", ["x,,x", "x, ", ",x"])
@pytest.mark.parametrize("flag", ["--past", "--future", "--static", "--target"])
def test_a_list_with_an_empty_name_is_refused(panel, capsys, monkeypatch, flag, value):
    monkeypatch.chdir(panel)
    argv = ["run", "--data", "p.csv", *_given(flag, value), "--out", "r", "--set", "train.epochs=1"]
    assert main(argv) == 2
    assert capsys.readouterr().err == (f"wavecast: error: {flag} has an empty column name ({value!r}): give the "
                                       f"names separated by commas, e.g. {flag} a,b\n")


def test_forecast_refuses_an_empty_column_flag(run_dir, capsys):
    assert main(["forecast", str(run_dir), "--horizon", "2", "--time", ""]) == 2
    assert capsys.readouterr().err == "wavecast: error: --time is empty (''): give a column name, or leave --time off\n"


@pytest.mark.parametrize("command", ["run", "backtest"])
@pytest.mark.parametrize("value", ["", "  "])
def test_an_empty_holidays_flag_is_refused(panel, capsys, monkeypatch, command, value):
    """run/backtest --holidays '' was read as left off (no holidays, exit 0); --level '', --horizon '',
    --origins '' and --set '' were refused already (argparse's int, parse_levels, the override's form)."""
    monkeypatch.chdir(panel)
    argv = [command, "--data", "p.csv", *_given("--holidays", value), "--out", "r", "--set", "train.epochs=1"]
    assert main(argv) == 2
    assert capsys.readouterr().err == (f"wavecast: error: --holidays is empty ({value!r}): give a country's or "
                                       f"market's code, e.g. US or NYSE, or leave --holidays off\n")
    assert not (panel / "r").exists()
