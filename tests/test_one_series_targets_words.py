"""One series with several targets (--target sales,price, no --id) is said as one series and its
targets: the run's headline said "forecast of the held-out part, pooled over 2 series", its
tables "(each target pooled over its 1 series ...)" and "prediction intervals (..., 2 series,
...)", metrics' scores "pooled over 2 series", the model's repr "1 series x 2 targets" and the
forecast "of 1 series x 2 targets (sales, price)". Now "one series, targets 'sales', 'price'"
(a panel: "2 series, each with targets ..."), counted as "2 targets" where origins multiply; the
checks over its series "in 1 of 2 targets ('price')" (they said "in 1 of 2 series ('' (target
'price'))", an id it has not got)."""

from __future__ import annotations

import json

import numpy as np

import wavecast
from two_targets import run_one_shop
from wavecast.cli import main
from wavecast.evaluate.diagnose_many import diagnose_series
from wavecast.words import series_counted, series_of_targets


def test_the_series_of_several_targets_are_said_as_the_user_gave_them():
    assert series_of_targets(2, ["sales", "price"]) == "one series, targets 'sales', 'price'"
    assert series_of_targets(6, ["sales", "price"]) == "3 series, each with targets 'sales', 'price'"
    assert series_of_targets(1, []) == "1 series" and series_of_targets(5, ["y"]) == "5 series"
    assert series_counted(2, ["sales", "price"]) == "2 targets"
    assert series_counted(6, ["sales", "price"]) == "3 series x 2 targets"
    assert series_counted(5, ["sales", "price"]) == "5 series"  # a series left out: counted as it is


def test_one_series_of_two_targets_is_one_series_in_run_forecast_and_repr(tmp_path, capsys):
    run_one_shop(tmp_path)
    out = capsys.readouterr().out
    assert "forecast of the held-out part, one series, targets 'sales', 'price':\n" in out, out
    assert "(one series: each target's own; metrics.json: by_target)" in out
    assert "prediction intervals (conformal, signed errors, one series, each target's own):" in out
    assert "2 series" not in out.split("note:")[0] and "1 series" not in out, out
    m = json.loads((tmp_path / "o" / "metrics.json").read_text())
    assert m["scores"].startswith("pooled over 2 targets (")
    assert repr(wavecast.load(tmp_path / "o" / "model")) == (
        "<SeriesForecaster: direct LSTM, horizon 3, one series, targets 'sales', 'price'>")
    # the checks over its series count its targets, never an id it has not got ('')
    many = [d["message"] for d in m["diagnostics"] if " of 2 " in d["message"]]
    assert many and all(" of 2 targets (" in s and "''" not in s for s in many), many
    assert main(["forecast", str(tmp_path / "o"), "--out", str(tmp_path / "f.csv")]) == 0
    said = capsys.readouterr().out.splitlines()[0]
    assert " of one series, targets 'sales', 'price', with LSTM " in said, said


def test_the_checks_over_one_series_targets_name_each_target():
    t = np.arange(40)
    truth = np.stack([np.sin(t[30:36] / 2 + k) for k in range(2)])[:, :, None]  # (2, H, 1)
    last = np.array([[0.5], [-0.4]])
    net = truth.copy()
    net[1] = last[1]  # the second target: its last value repeated
    out = diagnose_series({"LSTM": net, "last value": np.repeat(last[:, None], 6, axis=1)}, truth, last,
                          ["/price", "/sales"], np.array([1e-6, 1e-6]), ["last value"],
                          names=["'price'", "'sales'"], unit="targets")
    (copy,) = [d for d in out if d["name"] == "lagged copy"]
    assert copy["message"].startswith("in 1 of 2 targets ('sales'); in target 'sales': LSTM "), copy["message"]
