"""metrics.backtest.trainings counts the network's trainings of a --refit backtest: the direct net
is trained again before each origin, yet it said 1 (and the CLI printed no count), as if one model
had made every forecast. Counted here against the trainings that happened."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.cli import main
from wavecast.forecasters.direct import DirectForecaster


def _monthly(n: int = 60) -> pd.DataFrame:
    t = pd.date_range("2020-01", periods=n, freq="MS").strftime("%Y-%m-%d")
    return pd.DataFrame({"t": t, "y": 10 + np.sin(np.arange(n) * np.pi / 6) + 0.1 * np.arange(n)})


def _counted(monkeypatch) -> list:
    """One entry a training: a run of the experiment (its net trained, its length chosen on a
    validation run first), a fit of the direct net outside any run (a refit before an origin),
    and "bands": the run fitted one horizon before the first origin for the bands' held-out
    errors (experiment_backtest_bands.saved_model_bands), which metrics.backtest.trainings does not count (it
    counts the models that forecast; metrics.intervals.backtest_bands records that one)."""
    import wavecast.experiment_backtest as experiment  # the backtest's runs are made there

    calls, inside, real_run, real_fit = [], [], experiment.run, DirectForecaster.fit
    real_bands = experiment.saved_model_bands

    def bands(*a, **k):
        calls.append("bands")
        inside.append(1)
        try:
            return real_bands(*a, **k)
        finally:
            inside.pop()

    def run(*a, **k):
        calls.append("run")
        inside.append(1)
        try:
            return real_run(*a, **k)
        finally:
            inside.pop()

    def fit(self, *a, **k):
        if not inside:
            calls.append("refit")
        return real_fit(self, *a, **k)

    monkeypatch.setattr(experiment, "run", run)
    monkeypatch.setattr(experiment, "saved_model_bands", bands)
    monkeypatch.setattr(DirectForecaster, "fit", fit)
    return calls


@pytest.mark.parametrize("panel", [False, True])
def test_a_refit_backtest_counts_each_training_of_the_direct_net(tmp_path, monkeypatch, capsys, panel):
    df = _monthly()
    if panel:
        df = pd.concat([df.assign(id="a"), df.assign(id="b", y=2 * df["y"])])
    df.to_csv(tmp_path / "d.csv", index=False)
    calls = _counted(monkeypatch)
    assert main(["backtest", "--data", str(tmp_path / "d.csv"), *(["--id", "id"] if panel else []), "--horizon", "3",
                 "--origins", "3", "--refit", "--set", "train.epochs=1", "--out", str(tmp_path / "bt")]) == 0
    info = json.loads((tmp_path / "bt" / "metrics.json").read_text())["backtest"]
    # the run's training, the bands' run, then one before each origin
    assert calls == ["run", "bands", "refit", "refit", "refit"]
    assert info["refit"] and info["trainings"] == len(calls) - 1
    out = capsys.readouterr().out
    assert "then trained again before each of the 3 origins (4 trainings in all;" in out
    assert "the network trained 4 times, once and again before each origin" in out


def test_the_api_says_it_and_the_recursive_nets_refit_trains_once(monkeypatch):
    calls = _counted(monkeypatch)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bt = wavecast.backtest(_monthly(), target="y", time="t", horizon=3, origins=2, refit=True, epochs=1, seed=0)
        assert calls == ["run", "bands", "refit", "refit"]
        assert bt.metrics["backtest"]["trainings"] == bt.result.n_trainings == len(calls) - 1
        assert "the network trained 3 times" in repr(bt)
        # the recursive net's refit fits its scalers before each origin, not its weights: one training
        rec = wavecast.backtest(_monthly(), target="y", time="t", horizon=3, origins=2, refit=True, epochs=1, seed=0,
                                model__kind="recursive")
    assert calls[4:] == ["run", "bands"]
    assert rec.metrics["backtest"]["trainings"] == rec.result.n_trainings == 1 and "trained" not in repr(rec)
