"""The benchmark harness runs end to end on a tiny task and writes valid JSON.

No timing is asserted: speed is measured by `make bench`, not by the test run.
"""

import json
import math
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # benchmarks/ is a top-level package beside src/

from benchmarks import __main__ as bench  # noqa: E402
from benchmarks import common  # noqa: E402
from benchmarks.table import render  # noqa: E402


def test_quick_window_section_writes_json_and_table(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(common, "RESULTS", tmp_path)
    assert bench.main(["--quick", "--runs", "1", "--only", "window", "--no-compare", "--out", "q.json"]) == 0
    data = json.loads((tmp_path / "q.json").read_text())  # strict JSON: no NaN (allow_nan=False)
    w = data["window"]
    assert w["wavecast"]["ok"] and w["seed004"]["ok"], (w["wavecast"], w["seed004"])
    assert math.isfinite(w["wavecast"]["mse"]) and w["wavecast"]["train_s"] > 0
    assert math.isfinite(w["seed004"]["mse"]) and w["seed004"]["runs"][0]["epochs"] == 1
    assert w["darts-block"]["skipped"].startswith("not asked")
    table = capsys.readouterr().out
    assert "| wavecast (`wavecast run`) |" in table and "| seed004 |" in table
    assert "QUICK" in table  # a harness check is never mistaken for a speed figure


def test_table_names_failures_and_skips():
    res = {"machine": {"cpu_count": 2, "torch": "x"}, "runs": 1,
           "window": {"wavecast": {"ok": True, "train_s": 1.0, "mse_all": [1e-6], "cli": {"whole_s": 3.0}},
                      "neuralforecast": {"skipped": "not installed (make bench COMPARE=1 builds .venv-compare)"}},
           "memory": {"rows": [{"layout": "long", "ok": False, "error": "MemoryError"}]}}
    text = render(res)
    assert "not installed" in text and "failed: MemoryError" in text


@pytest.mark.parametrize("argv", [["--only", "nonsense"]])
def test_unknown_section_is_a_usage_error(argv):
    with pytest.raises(SystemExit) as exc:
        bench.main(argv)
    assert exc.value.code == 2


def test_window_runs_systems_in_turn_and_pairs_ratios_seed_by_seed(monkeypatch):
    # The machine drifts over minutes: each seed runs every system before the next seed, and
    # each ratio to `wavecast run` comes from the same seed's pair. No process is started.
    calls = []
    whole = {"wavecast": 1.5, "cli": 2.0, "seed004": 5.0}

    def fake_one(argv, seed, timeout=600):
        name = "cli" if "run" in argv else argv[argv.index("benchmarks.window_task") + 1]
        calls.append((seed, name))
        return {"ok": True, "whole_s": whole[name] * (1 + seed), "mse": 1e-6, "train_s": 0.5}

    monkeypatch.setattr(bench, "_one", fake_one)
    w = bench.window(2, quick=False, compare=False)
    assert calls == [(0, "wavecast"), (0, "cli"), (0, "seed004"), (1, "wavecast"), (1, "cli"), (1, "seed004")]
    assert w["seed004"]["whole_vs_cli_all"] == [2.5, 2.5] and w["seed004"]["whole_vs_cli"] == 2.5
    assert w["wavecast"]["cli"]["whole_s"] == 3.0  # median of 2.0 and 4.0
    text = render({"machine": {"cpu_count": 2, "torch": "x"}, "runs": 2, "window": w})
    assert "| 2.50x (2.50-2.50) |" in text and "| 0.75x (0.75-0.75) |" in text
