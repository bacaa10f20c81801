"""An empty path argument is refused in one line (exit 2), not read as one left out: `forecast
--out ''` wrote MODEL_DIR/forecast.csv, `run --data ''` trained on the demo's sine wave and
`forecast --data ''` forecast the model's own data, each without a word."""
import pytest

from wavecast.cli import main


@pytest.mark.parametrize("flags, flag", [
    (["--out", ""], "--out"),
    (["--out", "  "], "--out"),
    (["--data", ""], "--data"),
])
def test_forecast_refuses_an_empty_path(run_dir, capsys, flags, flag):
    before = sorted(p.name for p in run_dir.iterdir())
    assert main(["forecast", str(run_dir), "--horizon", "2", *flags]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"wavecast: error: {flag} is empty (") and err.count("\n") == 1
    assert err.rstrip().endswith(f"give a path, or leave {flag} off")
    assert sorted(p.name for p in run_dir.iterdir()) == before  # was: forecast.csv and its plot written


def test_forecast_refuses_an_empty_model_dir(capsys):
    assert main(["forecast", ""]) == 2
    assert capsys.readouterr().err == "wavecast: error: MODEL_DIR is empty (''): give the folder a run saved its model in\n"


def test_run_refuses_an_empty_data_or_out(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)  # run --out '' was the working folder
    assert main(["run", "--data", "", "--out", "r", "--set", "train.epochs=1"]) == 2  # was: the demo's sine
    assert capsys.readouterr().err == "wavecast: error: --data is empty (''): give a path, or leave --data off\n"
    assert main(["demo", "--out", "", "--set", "train.epochs=1"]) == 2
    assert capsys.readouterr().err == "wavecast: error: --out is empty (''): give a path, or leave --out off\n"
    assert list(tmp_path.iterdir()) == []
