"""The checks of a run judged the same at any unit and despite one wild value: the tolerance,
the extreme-value note, the divergence said alike on the console and in metrics.json, the
linear AR's order and forecast, and the series the pooled MASE leaves out (user test ux4)."""

import json

import numpy as np
import pandas as pd
import pytest

from wavecast.cli import main
from wavecast.evaluate import metrics
from wavecast.evaluate.metrics import tolerance
from wavecast.forecasters.baselines import LinearAR, choose_ar_order

FAST = ["--set", "direct.max_epochs=3"]


def _y(n=120):
    """The user test's series: 50 + 10 sin(2 pi i / 12) + N(0, 1), seed 1."""
    i = np.arange(n)
    return 50 + 10 * np.sin(2 * np.pi * i / 12) + np.random.default_rng(1).normal(0, 1, n)


def _csv(path, y):
    pd.DataFrame({"month": pd.date_range("2015-01-01", periods=len(y), freq="MS"), "y": y}).to_csv(path, index=False)
    return str(path)


def _run(tmp_path, name, y, capsys, extra=()):
    out = tmp_path / f"r_{name}"
    capsys.readouterr()
    assert main(["run", "--data", _csv(tmp_path / f"{name}.csv", y), "--time", "month", "--target", "y",
                 *FAST, *extra, "--out", str(out)]) == 0
    return json.loads((out / "metrics.json").read_text()), capsys.readouterr().out


def test_tolerance_ignores_one_spike_and_keeps_the_plain_variance_otherwise():
    y = _y()[:84]
    spiked = y.copy()
    spiked[60] = 1e9
    assert tolerance(y, 1e-3) == pytest.approx(1e-3 * np.var(y))  # nothing clipped: as before
    info = metrics.tolerance_info(spiked, 1e-3)
    assert info["n_clipped"] == 1 and "clipped" in info["how"]
    assert info["mse"] < 3 * tolerance(y, 1e-3)  # was 1e-3 x var = 1.1e13


@pytest.mark.parametrize("c", [1e-11, 1e-9, 2e10])
def test_tolerance_is_scale_free(c):
    y = _y()[:84]
    assert tolerance(c * y, 1e-3) == pytest.approx(c**2 * tolerance(y, 1e-3), rel=1e-9)
    assert metrics.tolerance_info(c * y, 1e-3)["how"] == "rel_tol x variance of the training part"  # no floor decided
    flat = np.full(30, 5.0)
    assert 0 < tolerance(c * flat, 1e-3) == pytest.approx(c**2 * tolerance(flat, 1e-3), rel=1e-9)
    assert "constant" in metrics.tolerance_info(flat, 1e-3)["how"]


def test_extreme_points_find_the_spike_and_nothing_in_clean_data():
    from wavecast.evaluate.extremes import extreme_points

    y = _y()
    assert extreme_points(y) == [] and extreme_points(1e-11 * y) == []
    y[60] = 1e9
    (pos, value, scales), = extreme_points(y)
    assert (pos, value) == (60, 1e9) and scales > 1e6
    assert extreme_points(np.arange(50.0) ** 3) == []  # a steep smooth trend is not a spike


def test_one_outlier_fires_no_better_and_is_named(tmp_path, capsys):
    y = _y()
    y[60] = 1e9
    m, out = _run(tmp_path, "outlier", y, capsys)
    assert m["tolerance"]["mse"] < 1  # was 1.1e13: every forecast "as good as" the baseline
    assert "no better than a baseline" in {d["name"] for d in m["diagnostics"]}, m["diagnostics"]
    said = [n for n in m["notes"] if n.startswith("extreme value")]
    assert len(said) == 1 and "'y'" in said[0] and "2020-01-01" in said[0] and "1e+09" in said[0]
    assert "extreme value in the training data" in out and "diagnostics: none" not in out


def test_diagnostics_do_not_depend_on_the_unit(tmp_path, capsys):
    # each window's last value as its level: a net of 3 epochs that diagnostics fire on (the
    # smoothed level, one seasonal series' default, leaves this one none to compare)
    last = ["--set", "direct.level=last"]
    unit, _ = _run(tmp_path, "unit", _y(), capsys, last)
    tiny, _ = _run(tmp_path, "tiny", 1e-11 * _y(), capsys, last)
    assert {d["name"] for d in unit["diagnostics"]} == {d["name"] for d in tiny["diagnostics"]} != set()
    assert unit["divergence_horizon"] == tiny["divergence_horizon"]
    assert tiny["tolerance"]["mse"] == pytest.approx(1e-22 * unit["tolerance"]["mse"], rel=1e-6)


def test_console_and_metrics_json_say_the_same_divergence(tmp_path, capsys):
    m, out = _run(tmp_path, "unit", _y(), capsys)
    div = m["divergence_horizon"]
    assert any(div.values())
    for name, h in div.items():
        line = next(v for v in out.splitlines() if v.startswith(name + "  "))  # its row of the first table
        assert (f"step {h}" in line) if h else ("step" not in line)
    assert m["divergence_forecasts_per_lead"]["n"] == 1 and not m["divergence_forecasts_per_lead"]["enough"]
    assert "not judged" not in out and "diverges at: from 1 forecast(s) a lead time" in out
    rollout = [d for d in m["diagnostics"] if d["name"] == "diverging rollout"]
    assert all("too few to rely on" in d["message"] for d in rollout)


@pytest.mark.parametrize("c", [1e-9, 2e10])
def test_linear_ar_is_scale_equivariant(c):
    y = _y()[:, None]
    train, holdout = y[:84], y[84:102]
    p = choose_ar_order(train, holdout, 40)
    assert choose_ar_order(c * train, c * holdout, 40) == p
    for order in (p, 17, 26):
        f = LinearAR(order).fit(train).predict(train[None], 18)
        fc = LinearAR(order).fit(c * train).predict(c * train[None], 18)
        np.testing.assert_allclose(fc, c * f, rtol=1e-8)


def test_linear_ar_of_a_constant_series_is_that_constant():
    f = LinearAR(3).fit(np.full(40, 7.0)).predict(np.full((1, 5, 1), 7.0), 4)
    np.testing.assert_allclose(f, 7.0)


def test_the_pooled_mase_says_which_series_it_leaves_out(tmp_path, capsys):
    rng, n = np.random.default_rng(1), 100
    t = pd.date_range("2020-01-05", periods=n, freq="W-SUN")
    frames = [pd.DataFrame({"id": k, "week": t, "y": np.full(n, 5.0) if k == "flat" else
                            20 + 3 * np.sin(2 * np.pi * np.arange(n) / 13) + rng.normal(0, 1, n)})
              for k in ("a", "b", "c", "flat")]
    pd.concat(frames).to_csv(tmp_path / "w.csv", index=False)
    capsys.readouterr()
    assert main(["run", "--data", str(tmp_path / "w.csv"), "--time", "week", "--target", "y", "--id", "id",
                 *FAST, "--out", str(tmp_path / "r")]) == 0
    out = capsys.readouterr().out
    m = json.loads((tmp_path / "r" / "metrics.json").read_text())
    assert m["all_series"]["mase_left_out"] == ["flat"]
    assert "series is constant (series 'flat': all 87 training values = 5)" in out
    said = next(n for n in m["notes"] if n.startswith("pooled MASE"))
    assert "3 of 4 series" in said and "'flat'" in said and said in out
