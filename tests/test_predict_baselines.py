"""predict(h, baselines=...) and `wavecast forecast --baselines`: the baselines' forecasts beside
the net's, the numbers the baseline forecasters give with the model's season and AR order, and
the held-out line that says which did better."""

import json
import re
import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.cli import main
from wavecast.errors import ValidationError
from wavecast.evaluate.held_out import held_out, held_out_line
from wavecast.forecasters.baselines import LastValue, LinearAR, MeanForecast, SeasonalNaive
from wavecast.forecasters.future_baselines import future_forecasts
from wavecast.forecasters.theta import Theta

FAST = dict(horizon=6, epochs=2, seed=0)


def _shops() -> pd.DataFrame:
    rng = np.random.default_rng(1)
    t = pd.date_range("2016-01-01", periods=72, freq="MS")
    return pd.concat([pd.DataFrame({"shop": s, "month": t, "sold": 50 + 5 * k + 8 * np.sin(np.arange(72) * np.pi / 6)
                                    + 0.3 * np.arange(72) + rng.normal(0, 1, 72)}) for k, s in enumerate("abc")],
                     ignore_index=True)


@pytest.fixture(scope="module")
def fitted():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", wavecast.WavecastNote)
        return wavecast.fit(_shops(), target="sold", time="month", id="shop", **FAST)


def _own(name: str, setup: dict, y: np.ndarray, h: int) -> np.ndarray:
    f = {"mean": MeanForecast(), "last value": LastValue(), "seasonal naive": SeasonalNaive(setup["period"]),
         "theta": Theta(setup["period"])}.get(name) or LinearAR(setup["ar_order"])
    return f.fit(y[:, None]).predict(y[None, :, None], h)[0, :, 0]


def test_every_baseline_beside_the_net_as_its_forecaster_gives_it(fitted):
    df, setup = _shops(), fitted.metrics["baselines"]
    fc = fitted.predict(6, baselines=True)
    assert list(fc.columns) == ["shop", "month", "forecast", *setup["names"]]
    assert setup["period"] == 12 and len(setup["names"]) == 5 and setup["names"][-1] == "theta"
    for shop, rows in fc.groupby("shop"):
        y = df.loc[df["shop"] == shop, "sold"].to_numpy()
        for name in setup["names"]:
            np.testing.assert_allclose(rows[name].to_numpy(), _own(name, setup, y, 6), rtol=0, atol=1e-9)
        np.testing.assert_allclose(rows["last value"], y[-1])
        np.testing.assert_allclose(rows["seasonal naive"], y[-12:-6])
    plain = fitted.predict(6)
    np.testing.assert_array_equal(fc["forecast"].to_numpy(), plain["forecast"].to_numpy())  # the net's untouched


def test_names_pick_some_and_the_bands_come_first(fitted):
    fc = fitted.predict(3, level=[80], baselines=["Seasonal Naive", "linear AR"])
    ar = next(n for n in fitted.metrics["baselines"]["names"] if n.startswith("linear AR("))
    assert list(fc.columns)[2:] == ["forecast", "lo-80", "hi-80", "seasonal naive", ar]
    assert list(fitted.predict(3, baselines=[]).columns) == ["shop", "month", "forecast"]


@pytest.mark.parametrize("asked, said", [(["bogus"], "'bogus' is not a baseline of the model"),
                                         (3, "must be True, False or baseline names")])
def test_a_wrong_baselines_value_is_one_line(fitted, asked, said):
    with pytest.raises(ValidationError, match=said) as exc:
        fitted.predict(3, baselines=asked)
    assert "\n" not in str(exc.value)


def test_a_series_too_short_for_a_baseline_is_left_empty_with_a_note():
    setup = {"period": 4, "ar_order": 5}
    out, notes = future_forecasts(["seasonal naive", "linear AR(5)"], setup, [np.arange(20.0), np.arange(3.0)], 2,
                                  ["long", "short"])
    np.testing.assert_array_equal(out["seasonal naive"][0], [16.0, 17.0])
    assert np.isnan(out["seasonal naive"][1]).all() and np.isnan(out["linear AR(5)"][1]).all()
    assert np.isfinite(out["linear AR(5)"][0]).all()
    assert notes == ["seasonal naive left empty for 1 series too short for it ('short')",
                     "linear AR(5) left empty for 1 series too short for it ('short')"]


def test_the_held_out_line_names_the_better_of_the_net_and_its_best_baseline():
    m = {"baselines": {"names": ["mean", "seasonal naive"]},
         "forecasters": {"LSTM": {"mase": 1.2}, "mean": {"mase": 3.0}, "seasonal naive": {"mase": 0.9}}}
    assert held_out(m) == {"net": "LSTM", "net_mase": 1.2, "baseline": "seasonal naive", "baseline_mase": 0.9}
    assert held_out_line(m) == ("on its held-out end: LSTM MASE 1.2, best baseline seasonal naive 0.9 "
                                "(better than the net there)")
    m["forecasters"]["LSTM"]["mase"] = 0.5
    assert held_out_line(m).endswith("seasonal naive 0.9")
    several = {"baselines": m["baselines"], "by_target": {"a": {"forecasters": m["forecasters"]}}}
    assert held_out_line(several).startswith("on its held-out end: a: LSTM MASE 0.5")
    assert held_out_line({"forecasters": {}}) is None and held_out_line(None) is None


def test_the_command_line_writes_the_baselines_and_says_the_held_out_scores(tmp_path, capsys):
    data = tmp_path / "shops.csv"
    _shops().to_csv(data, index=False)
    run = tmp_path / "run"
    assert main(["run", "--data", str(data), "--target", "sold", "--time", "month", "--id", "shop", "--horizon", "6",
                 "--out", str(run), "--quiet", "--set", "direct.max_epochs=2"]) == 0
    capsys.readouterr()
    out = tmp_path / "fc.csv"
    assert main(["forecast", str(run), "--data", str(data), "--out", str(out), "--baselines"]) == 0
    said = capsys.readouterr().out
    metrics = json.loads((run / "metrics.json").read_text())
    assert held_out_line(metrics) in said.splitlines()
    fc = pd.read_csv(out)
    assert list(fc.columns) == ["shop", "month", "forecast", "lo-80", "hi-80", "lo-95", "hi-95", *metrics["baselines"]["names"]]
    y = _shops().query("shop == 'b'")["sold"].to_numpy()
    np.testing.assert_allclose(fc.loc[fc["shop"] == "b", "last value"], y[-1])
    assert main(["forecast", str(run), "--out", str(tmp_path / "fc2.csv"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["held_out"] == held_out(metrics)


def test_a_loaded_model_leaves_out_the_baselines_its_kept_tails_cannot_fit(fitted, tmp_path):
    # fpp3 souvenirs: the saved model keeps input_len points a series, and its mean and AR were
    # fitted on them (mean 27,120 against the whole series' 14,316; an AR(15) on 23 points)
    fitted.save(tmp_path / "m")
    loaded = wavecast.load(tmp_path / "m")
    ar = next(n for n in fitted.metrics["baselines"]["names"] if n.startswith("linear AR("))
    # theta too: its slope, season and SES weight read the whole series (on a tail of 15 points
    # air_passengers' theta was a line without its season)
    with pytest.warns(wavecast.WavecastNote, match=rf"mean, {re.escape(ar)} and theta left empty: the saved model "
                      rf"keeps the last {loaded.input_len} points of each series.*--data FILE, or "
                      r"predict\(h, data=\.\.\.\)"):
        own = loaded.predict(6, baselines=True)
    assert own["mean"].isna().all() and own[ar].isna().all() and own["theta"].isna().all()
    assert not any("too short" in n for n in loaded.notes)  # the tails' note says why, once
    whole = fitted.predict(6, baselines=True)
    for name in ("last value", "seasonal naive"):  # the last season is in the tail: as before
        np.testing.assert_allclose(own[name].to_numpy(), whole[name].to_numpy())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", wavecast.WavecastNote)
        given = loaded.predict(6, data=_shops(), baselines=True)  # the series given: every baseline as scored
    for name in fitted.metrics["baselines"]["names"]:
        np.testing.assert_allclose(given[name].to_numpy(), whole[name].to_numpy(), atol=1e-9)


def test_a_model_saved_before_theta_forecasts_the_others_and_refuses_theta_in_one_line(fitted, tmp_path):
    # a model saved before the theta baseline (0e99375) holds the four others in its set-up
    fitted.save(tmp_path / "m")
    old = wavecast.load(tmp_path / "m")
    setup = old.metrics["baselines"]
    setup["names"] = [n for n in setup["names"] if n != "theta"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", wavecast.WavecastNote)
        fc = old.predict(6, data=_shops(), baselines=True)
    assert list(fc.columns) == ["shop", "month", "forecast", *setup["names"]] and "theta" not in fc.columns
    said = (r"^baselines=: the model has no theta baseline: it was saved before wavecast had one \(its baselines: "
            r"'mean', 'last value', 'seasonal naive', 'linear AR\(\d+\)'\); fit it again for theta, or ask for "
            r"the others$")
    with pytest.raises(ValidationError, match=said):
        old.predict(6, baselines=["theta"])
    with pytest.raises(ValidationError, match=said):
        wavecast.plot(_shops(), fc, baselines=["Theta", "mean"], model=old)
