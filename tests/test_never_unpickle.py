"""wavecast never unpickles (F4-F6, figures S1 and S2): a static scan of the package, a run
with every unpickler booby-trapped, and pickles that would create a marker file if run."""

import ast
import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import torch

from wavecast.cli import main

SRC = Path(__file__).resolve().parents[1] / "src" / "wavecast"
BANNED_MODULES = {"pickle", "_pickle", "cPickle", "dill", "cloudpickle", "joblib", "shelve", "marshal"}
BANNED_CALLS = {("torch", "load"), ("pickle", "load"), ("pickle", "loads"), ("joblib", "load"),
                ("pd", "read_pickle"), ("pandas", "read_pickle"), ("marshal", "loads")}


def _hits(tree: ast.AST, where: str) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [f"{where}:{node.lineno} import {a.name}" for a in node.names
                      if a.name.split(".")[0] in BANNED_MODULES]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in BANNED_MODULES:
            found.append(f"{where}:{node.lineno} from {node.module} import ...")
        elif isinstance(node, (ast.Name, ast.Attribute)):
            name = node.id if isinstance(node, ast.Name) else node.attr
            if name in ("Unpickler", "read_pickle", "_load_from_bytes"):
                found.append(f"{where}:{node.lineno} {name}")
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and (node.value.id, node.attr) in BANNED_CALLS):
                found.append(f"{where}:{node.lineno} {node.value.id}.{node.attr}")
        elif isinstance(node, ast.Call):
            for kw in node.keywords:  # np.load(..., allow_pickle=True), torch.load(weights_only=False)
                if kw.arg == "allow_pickle" and not (isinstance(kw.value, ast.Constant) and kw.value.value is False):
                    found.append(f"{where}:{node.lineno} allow_pickle")
                if kw.arg == "weights_only":
                    found.append(f"{where}:{node.lineno} weights_only (a torch.load)")
    return found


def test_static_scan_finds_no_unpickling_code():
    files = sorted(SRC.rglob("*.py"))
    assert len(files) > 20  # the scan really walks the package
    hits = [h for f in files for h in _hits(ast.parse(f.read_text()), str(f.relative_to(SRC)))]
    assert hits == []


def test_the_scan_bites():
    code = ("import pickle\nimport torch, numpy as np\nfrom joblib import load\n"
            "torch.load('m.pt')\nnp.load('a.npy', allow_pickle=True)\npd.read_pickle('x')\n"
            "u = pickle.Unpickler\n")
    lines = {h.split()[0] for h in _hits(ast.parse(code), "x")}
    assert lines == {"x:1", "x:3", "x:4", "x:5", "x:6", "x:7"}


@pytest.fixture
def trapped(monkeypatch):
    """Every unpickler raises; any call fails the test wherever it hides."""
    calls = []

    def trap(name):
        def fail(*a, **k):
            calls.append(name)
            raise AssertionError(f"{name} called")
        return fail

    monkeypatch.setattr(pickle, "load", trap("pickle.load"))
    monkeypatch.setattr(pickle, "loads", trap("pickle.loads"))

    class TrapUnpickler(pickle.Unpickler):  # a real subclass: modules that subclass it still import
        def __init__(self, *a, **k):
            trap("pickle.Unpickler")()

    monkeypatch.setattr(pickle, "Unpickler", TrapUnpickler)
    monkeypatch.setattr(torch, "load", trap("torch.load"))
    monkeypatch.setattr(pd, "read_pickle", trap("pd.read_pickle"))
    real_np_load = np.load
    monkeypatch.setattr(np, "load", lambda *a, allow_pickle=False, **k: trap("np.load(allow_pickle)")()
                        if allow_pickle else real_np_load(*a, **k))
    return calls


@pytest.mark.parametrize("kind", ["recursive", "direct"])
def test_train_save_load_forecast_report_run_untouched(trapped, tmp_path, capsys, kind):
    csv = tmp_path / "s.csv"
    t = np.arange(120)
    pd.DataFrame({"time": pd.date_range("2021-01-01", periods=120, freq="D"),
                  "value": np.sin(t / 4)}).to_csv(csv, index=False)
    run = tmp_path / "run"
    fast = ["--set", "train.epochs=2", "--set", "model.hidden_size=4", "--set", "window.input_len=10",
            "--set", "window.horizon=5", "--set", "window.test_len=5", "--set", f"model.kind={kind}", "--quiet"]
    assert main(["run", "--data", str(csv), "--time", "time", "--out", str(run), *fast]) == 0
    assert main(["run", "--data", str(csv), "--time", "time", "--out", str(run), *fast, "--resume"]) == 0
    assert (run / "checkpoint.safetensors").exists()
    assert main(["forecast", str(run), "--horizon", "7", "--quiet"]) == 0
    assert (run / "model" / "weights.safetensors").exists()
    assert (run / "report.html").stat().st_size > 0 and (run / "forecast.png").stat().st_size > 0
    assert len(pd.read_csv(run / "forecast.csv")) == 7
    assert trapped == []


def test_torch_and_lightning_style_checkpoints_are_refused_and_never_run(tmp_path, capsys):
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    files = []
    for name in ("model.pt", "epoch=3-step=40.ckpt"):  # torch.save zip, Lightning's name
        torch.save({"state_dict": {"w": torch.ones(2)}, "hyper_parameters": Evil()}, tmp_path / name)
        files.append(tmp_path / name)
    folder = tmp_path / "m"
    folder.mkdir()  # a pickle under our own names
    (folder / "model.json").write_bytes(pickle.dumps(Evil()))
    (folder / "weights.safetensors").write_bytes(pickle.dumps(Evil()))
    files.append(folder)
    for f in files:
        capsys.readouterr()
        assert main(["forecast", str(f), "--horizon", "3"]) == 2
        err = capsys.readouterr().err
        assert "never unpickles files (they can run code)" in err and "Traceback" not in err, err
    ckpt = tmp_path / "run"
    ckpt.mkdir()  # a run folder of wavecast's (its marker) whose checkpoint was replaced by a pickle
    (ckpt / ".wavecast-run.json").write_text('{"wavecast": "run folder", "kind": "run"}\n')
    torch.save({"w": Evil()}, ckpt / "checkpoint.safetensors")
    assert main(["run", "--out", str(ckpt), "--resume", "--quiet"]) == 2
    assert "never unpickles" in capsys.readouterr().err
    assert not marker.exists()
