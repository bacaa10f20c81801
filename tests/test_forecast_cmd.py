"""`wavecast run --data` then `wavecast forecast`: the files they write and their one-line errors."""

import json

import numpy as np
import pandas as pd
import pytest

from wavecast.cli import main

FAST = ["--set", "train.epochs=2", "--set", "model.hidden_size=6", "--set", "window.input_len=12",
        "--set", "window.horizon=6", "--set", "window.test_len=6", "--quiet"]


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A long-format CSV of two series and a run folder trained on it."""
    root = tmp_path_factory.mktemp("fc")
    t = pd.date_range("2020-01-01", periods=50, freq="W-SUN")
    df = pd.concat([pd.DataFrame({"shop": k, "week": t.strftime("%Y-%m-%d"),
                                  "sold": lvl + 5 * np.sin(np.arange(50) / 2)})
                    for k, lvl in (("a", 100), ("b", 120))])
    data = root / "sales.csv"
    df.to_csv(data, index=False)
    out = root / "run"
    code = main(["run", "--data", str(data), "--target", "sold", "--time", "week", "--id", "shop",
                 "--out", str(out), *FAST])
    assert code == 0
    return data, out


def test_run_writes_model_report_and_pooled_metrics(trained):
    _, out = trained
    for name in ("model/weights.safetensors", "model/model.json", "report.html", "data.png"):
        assert (out / name).stat().st_size > 0, name
    meta = json.loads((out / "model" / "model.json").read_text())
    assert meta["data"]["freq"] == "W-SUN" and [s["id"] for s in meta["data"]["series"]] == ["a", "b"]
    assert meta["config"]["data"]["id"] == "shop" and len(meta["data_sha256"]) == 64
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["all_series"]["n_series"] == 2


def test_forecast_writes_csv_with_extended_times(trained, tmp_path, capsys):
    data, out = trained
    csv = tmp_path / "f.csv"
    assert main(["forecast", str(out), "--data", str(data), "--horizon", "3", "--out", str(csv)]) == 0
    f = pd.read_csv(csv)
    assert list(f.columns) == ["shop", "week", "forecast"] and len(f) == 6
    assert f["week"].iloc[0] == "2020-12-20" and f["shop"].tolist() == ["a"] * 3 + ["b"] * 3
    assert np.isfinite(f["forecast"]).all() and csv.with_name(f"{csv.stem}_plot.png").stat().st_size > 0
    assert "2020-12-20" in capsys.readouterr().out
    # Without --data the model continues the tails it stored: the same numbers.
    assert main(["forecast", str(out), "--horizon", "3", "--out", str(tmp_path / "g.csv"), "--quiet"]) == 0
    g = pd.read_csv(tmp_path / "g.csv")
    np.testing.assert_allclose(g["forecast"], f["forecast"], rtol=1e-12)  # float text round trip


@pytest.mark.parametrize(
    "argv, message",
    [
        (["run", "--data", "{missing}", "--out", "{tmp}/x"], r"cannot read data file .*missing.csv: no such file"),
        (["run", "--data", "{data}", "--target", "nope", "--out", "{tmp}/x"],
         r"column 'nope' not found in .*; columns are \['shop', 'week', 'sold'\]"),
        (["run", "--data", "{data}", "--target", "sold", "--time", "week", "--out", "{tmp}/x"],
         r"looks like 2 series stacked in long format: its time stamps repeat and column 'shop' holds 2 "
         r"values in blocks; pass --id shop"),  # was "timestamp ... appears twice" (issue 18)
        (["forecast", "{tmp}/nomodel", "--horizon", "3"], r"model folder .*nomodel does not exist"),
        (["forecast", "{run}", "--horizon", "0"], r"--horizon must be an integer >= 1 \(got 0\)"),
    ],
)
def test_errors_are_one_line_exit_2(trained, tmp_path, capsys, argv, message):
    data, out = trained
    argv = [a.format(missing=tmp_path / "missing.csv", tmp=tmp_path, data=data, run=out) for a in argv]
    assert main([*argv, "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert __import__("re").search(message, err), err


class _Tty:
    def __init__(self, tty):
        self.tty, self.text = tty, ""

    def isatty(self):
        return self.tty

    def write(self, s):
        self.text += s

    def flush(self):
        pass


def test_progress_bar_shows_epoch_losses_and_time_only_on_a_terminal(monkeypatch):
    from types import SimpleNamespace

    from wavecast.cli.output import Progress

    rep = SimpleNamespace(epoch=2, epochs=4, train_loss=0.5, val_loss=0.25, elapsed=1.5)
    out = _Tty(True)
    p = Progress(stream=out, mininterval=0)
    for batch in range(1, 4):  # issue 18: the bar moves within the epoch (tqdm), rate and time left
        p.on_step(2, batch, 10, 4)
    assert "epoch 2/4" in out.text and "3/40 steps" in out.text and "step/s" in out.text and "<" in out.text
    p(rep)
    assert "loss 0.5" in out.text and "val 0.25" in out.text
    p.close()
    for quiet, tty in ((True, True), (False, False)):
        out = _Tty(tty)
        p = Progress(quiet=quiet, stream=out)
        p.on_step(1, 1, 10, 4)
        p(rep)
        assert out.text == ""
    monkeypatch.setattr("sys.stderr", _Tty(True))
    monkeypatch.setattr("sys.stdout", _Tty(False))  # stdout piped: no bar on stderr either
    assert not Progress().enabled
