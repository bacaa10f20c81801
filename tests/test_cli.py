import json

import pytest

from wavecast.cli import main

FAST = ["--set", "train.epochs=2", "--set", "model.hidden_size=8"]


def test_demo_writes_its_files(tmp_path, capsys):
    out = tmp_path / "demo"
    assert main(["demo", "--out", str(out), *FAST]) == 0
    for name in ("forecast.png", "loss.png", "metrics.json", "config.json"):
        assert (out / name).stat().st_size > 0, name
    metrics = json.loads((out / "metrics.json").read_text())
    names = set(metrics["forecasters"])
    assert {"LSTM", "last value", "seasonal naive", "mean"} <= names
    assert any(n.startswith("linear AR(") for n in names)
    for m in metrics["forecasters"].values():
        assert set(m) >= {"mse", "rmse", "mae", "by_lead"} and len(m["by_lead"]["mse"]) == 40
    cfg = json.loads((out / "config.json").read_text())
    assert cfg["name"] == "demo" and cfg["train"]["epochs"] == 2
    printed = capsys.readouterr().out
    assert "LSTM" in printed and "seasonal naive" in printed and "MSE" in printed


def test_run_with_config_and_overrides(tmp_path, capsys):
    cfg = tmp_path / "gru.toml"
    cfg.write_text('name = "gru-test"\n[model]\ncell = "gru"\n[window]\nhorizon = 20\n')
    out = tmp_path / "run"
    assert main(["run", "--config", str(cfg), "--out", str(out), "--json", *FAST]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert "GRU" in printed["forecasters"] and printed["horizon"] == 20
    assert json.loads((out / "config.json").read_text())["model"]["cell"] == "gru"


@pytest.mark.parametrize(
    "argv, message",
    [
        (["demo", "--set", "train.lr=nan"], "train.lr must be a finite number > 0 (got nan)"),
        (["demo", "--set", "model.cell=lstmm"], "unknown model.cell 'lstmm'; choose rnn, lstm or gru"),
        (["run", "--config", "/nonexistent.toml"], "cannot read config file /nonexistent.toml"),
    ],
)
def test_bad_input_exits_2_with_one_line(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and err.count("\n") == 1


def test_a_synthetic_run_never_imports_pandas_and_freezes_torchs_objects(tmp_path):
    # pandas costs 0.2-0.3 s of start-up; only files and time stamps need it. The frozen
    # objects (gc.freeze after torch) kept the collector from rescanning torch: -0.37 s.
    import subprocess
    import sys

    code = (
        "import gc, sys; from wavecast.cli import main; "
        "main(['recipes']); listed = (gc.get_freeze_count(), 'torch' in sys.modules); "
        f"rc = main(['demo', '--out', {str(tmp_path / 'd')!r}, '--quiet', '--set', 'train.epochs=1', "
        "'--set', 'model.hidden_size=4']); "
        "print(rc, 'pandas' in sys.modules, listed == (0, False), gc.get_freeze_count() > 10000)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.split()[-4:] == ["0", "False", "True", "True"], out.stdout + out.stderr
