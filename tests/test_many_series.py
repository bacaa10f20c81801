"""Issue 18, item 3: with many series the headline, --json and metrics["forecasters"] are the
pooled scores, say how many series, and the first series' table is metrics["first_series"]."""

import json
import re

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.cli import main

FAST = ["--set", "model.kind=recursive", "--set", "train.epochs=1", "--set", "model.hidden_size=4",
        "--set", "window.input_len=8", "--horizon", "4", "--set", "window.test_len=4"]


def _long(tmp_path, levels=(1.0, 100.0, 10_000.0), n=48):
    t = np.arange(n)
    rows = [pd.DataFrame({"sensor": f"s{i}", "t": t, "y": lv * (2 + np.sin(2 * np.pi * t / 12))})
            for i, lv in enumerate(levels)]
    path = tmp_path / "long.csv"
    pd.concat(rows).to_csv(path, index=False)
    return path


def _check_pooled(m, n):
    a = m["all_series"]
    assert m["n_series"] == n == a["n_series"] and "pooled over" in m["scores"]
    for name, row in m["forecasters"].items():
        assert row["mse"] == a["forecasters"][name]["mse"]
        assert row["mse"] == pytest.approx(np.mean([r["mse"][name] for r in a["per_series"]]), rel=1e-12)
    first = m["first_series"]
    assert first["id"] == a["per_series"][0]["id"]
    for name, row in first["forecasters"].items():  # the same baselines in every table
        assert row["mse"] == pytest.approx(a["per_series"][0]["mse"][name], rel=1e-9)


def test_cli_headline_and_json_are_pooled(tmp_path, capsys):
    path = _long(tmp_path)
    assert main(["run", "--data", str(path), "--id", "sensor", "--time", "t", "--out", str(tmp_path / "r"),
                 *FAST]) == 0
    printed = capsys.readouterr().out
    assert "pooled over 3 series" in printed and "series (MSE)" in printed and "\ns2 " in printed
    assert main(["run", "--data", str(path), "--id", "sensor", "--time", "t", "--out", str(tmp_path / "j"),
                 "--json", *FAST]) == 0
    _check_pooled(json.loads(capsys.readouterr().out), 3)
    page = (tmp_path / "r" / "report.html").read_text()
    assert "all 3 series pooled" in page and "series &#x27;s0&#x27; alone" in page
    table = re.search(r"<table><caption>each series&#x27; MASE.*?</table>", page, flags=re.S).group(0)
    assert all(f"<tr><th>{sid}</th>" in table for sid in ("s0", "s1", "s2"))  # one row a series
    assert "left out" not in table  # 3 rows: none cut


def test_api_metrics_are_pooled(tmp_path):
    f = wavecast.fit(str(_long(tmp_path)), target="y", id="sensor", time="t", input_len=8, horizon=4,
                     test_len=4, epochs=1, overrides=["model.hidden_size=4", "model.kind=recursive"])
    _check_pooled(f.metrics, 3)


def test_one_series_has_no_pooled_table(tmp_path):
    f = wavecast.fit(np.sin(np.arange(120) / 3), input_len=8, horizon=4, test_len=4, epochs=1,
                     overrides=["model.hidden_size=4", "model.kind=recursive"])
    assert "first_series" not in f.metrics and "n_series" not in f.metrics


def test_backtest_of_many_series_says_it_scores_every_one(tmp_path, capsys):
    """It backtested the first series only and said so ("backtest of the first series ('s0') of
    3"); now every series (the recursive net here), and the note says how many."""
    path = _long(tmp_path, n=60)
    assert main(["backtest", "--data", str(path), "--id", "sensor", "--time", "t", "--origins", "3",
                 "--out", str(tmp_path / "bt"), *FAST]) == 0
    assert "note: backtest of every series: 3 series x 3 origins" in capsys.readouterr().out
    m = json.loads((tmp_path / "bt" / "metrics.json").read_text())
    assert m["backtest"]["n_series"] == 3 and m["first_series"]["id"] == "s0"
    assert [r["id"] for r in m["all_series"]["per_series"]] == ["s0", "s1", "s2"]
