"""The lagged-copy finding on a random walk (stock closes: stevedata's DJIA, fpp2's goog) says the
last value is the forecast to beat, not "a longer context, more epochs"; on a seasonal or
autocorrelated series the net merely copied, today's advice stays."""

import math
import re

import numpy as np
import pytest

from wavecast.api_words import python_words
from wavecast.config import load
from wavecast.data.windows import split_in_time
from wavecast.evaluate.advice import advise
from wavecast.evaluate.scoring import evaluate_forecasts
from wavecast.forecasters.baselines import LastValue, LinearAR, MeanForecast, SeasonalNaive

H = 14


def _advised(series: np.ndarray, period: int = 1, kind: str = "direct", net=None) -> dict:
    """A net that copies the last value (a hair off it), or net(forecasts) where given, scored beside
    the baselines the way a run scores them, advised in the keys of a `kind` net: {finding name: its dict}."""
    y = series[:, None]  # (N, 1)
    cfg = load(None, ["window.input_len=20", f"window.horizon={H}", f"window.test_len={H}"])
    split = split_in_time(len(y), H)
    o = split.val_end
    ctx = y[None, :o]  # (1, o, 1)
    base = {"last value": LastValue().fit(y[:o]), "mean": MeanForecast().fit(y[:o]),
            "linear AR(2)": LinearAR(2).fit(y[:o])}
    if period > 1:
        base["seasonal naive"] = SeasonalNaive(period).fit(y[:o])
    forecasts = {k: f.predict(ctx, H) for k, f in base.items()}
    forecasts["LSTM"] = forecasts["last value"] + 1e-3 * np.std(y[:o]) * np.cos(np.arange(H))[None, :, None]
    if net is not None:
        forecasts["LSTM"] = net(forecasts)
    info = {"names": list(base), "period": period, "period_how": "given"}
    m = evaluate_forecasts(forecasts, cfg, [], series=y, split=split, origins=np.array([o]), nets={}, baselines=info)
    advise(m, kind, input_len=20)
    return {d["name"]: d for d in m["diagnostics"] if d["forecaster"] == "LSTM"}


def _walk(n=600, seed=0):
    return 100 + np.cumsum(np.random.default_rng(seed).normal(size=n))


def test_a_random_walk_copied_is_told_the_last_value_is_the_forecast_to_beat():
    for kind, key in (("direct", "direct.max_epochs"), ("recursive", "train.rollout_steps")):
        found = _advised(_walk(), kind=kind)
        lag = found["lagged copy"]
        assert lag["advice"].startswith("the series moves like a random walk (")
        assert re.search(r"the last value is the forecast to beat( \(it scored best on the held-out part, MSE "
                         r".*?\))?; more epochs will not help", lag["advice"]), lag["advice"]
        assert key not in lag["advice"] and "\n" not in lag["advice"]
        lb = lag["details"]["random_walk"]["ljung_box"]
        assert lb["p_value"] >= 0.05 and f"Ljung-Box p = {lb['p_value']:.2g} over {lb['lags']} lags" in lag["advice"]
        # the no-better finding beside it no longer sends the user to more epochs either
        if "no better than a baseline" in found:
            assert "max_epochs" not in found["no better than a baseline"]["advice"]
            best = found["no better than a baseline"]["details"]["baseline"]
            assert found["no better than a baseline"]["advice"].startswith(f"use the baseline ({best}): the series moves like a random walk")


def test_the_walk_advice_in_python_names_keywords_not_flags():
    lag = _advised(_walk())["lagged copy"]
    assert "(--past, --future)" in lag["advice"]
    said = python_words(lag["advice"])
    assert "(past=, future=)" in said and "--" not in said


@pytest.mark.parametrize("case", ["seasonal", "autocorrelated changes", "noise around a level"])
def test_a_series_with_structure_copied_keeps_todays_advice(case):
    rng = np.random.default_rng(1)
    n, t = 300, np.arange(300)
    e = rng.normal(size=n)
    if case == "seasonal":  # a season the net merely copied past (seasonal naive beats the last value)
        y, period = 50 + 10 * np.sin(2 * np.pi * t / 12) + e, 12
    elif case == "autocorrelated changes":  # momentum: ARIMA(1,1,0), phi 0.8, which linear AR(2) reads
        a = np.zeros(n)
        for i in range(1, n):
            a[i] = 0.8 * a[i - 1] + e[i]
        y, period = 100 + np.cumsum(a), 1
    else:  # white noise: the mean is the forecast, the last value a poor one (changes' lag 1 is -0.5)
        y, period = 10 + e, 1
    lag = _advised(y, period)["lagged copy"]
    assert "random_walk" not in lag["details"]
    assert "direct.max_epochs" in lag["advice"] and "random walk" not in lag["advice"]
    from wavecast.evaluate.random_walk import walk_evidence

    assert walk_evidence(y[:-H], period, {"last value": {"mse": 1.0}, "seasonal naive": {"mse": 0.5}}, 1e-3) is None


def test_the_held_out_part_alone_can_call_a_walk():
    """DJIA 2015-2023's changes fail Ljung-Box on its crash days (lag 1 -0.15), yet the last value
    beat every baseline on its held-out end, and its changes explain 6% of the next: that is said."""
    from wavecast.evaluate.random_walk import LB_ALPHA, USABLE, walk_advice, walk_evidence

    y = _walk(2000)
    y[500:540] += np.array([1.0, -1.0] * 20)  # 40 days of swings that reverse: significant, small, no use ahead
    best = {"last value": {"mse": 2.0}, "theta": {"mse": 2.01}, "mean": {"mse": None}}
    ev = walk_evidence(y, 1, best, 0.0)
    lb = ev["ljung_box"]
    assert lb["p_value"] < LB_ALPHA and lb["explained"] < USABLE and ev["held_out"]["best_other"] == "theta"
    assert "(its past changes explain" in walk_advice(ev) and "MSE 2 against theta's 2.01);" in walk_advice(ev)
    assert "MSE 2 against theta's 2.01, and its past changes explain" in walk_advice(ev, "theta")
    assert "Ljung-Box" not in walk_advice(ev)
    assert walk_evidence(y, 1, {"last value": {"mse": 2.0}, "theta": {"mse": 1.5}}, 0.1) is None
    # one held-out end is one draw: where the changes carry structure, the last value's win there calls nothing
    e, a = np.random.default_rng(3).normal(size=600), np.zeros(600)
    for i in range(1, 600):
        a[i] = 0.6 * a[i - 1] + e[i]  # ARIMA(1,1,0): the changes explain ~36% of the next
    assert walk_evidence(np.cumsum(a), 1, best, 0.0) is None


def test_ljung_box_p_value_is_the_chi_square_tail():
    # the chi-square table's 5% points: 3.841 (1), 5.991 (2), 11.070 (5), 18.307 (10), 36.415 (24)
    from wavecast.evaluate.random_walk import _chi2_sf, ljung_box

    for k, q in ((1, 3.841), (2, 5.991), (5, 11.070), (10, 18.307), (24, 36.415)):
        assert _chi2_sf(q, k) == pytest.approx(0.05, abs=2e-4)
    x = np.random.default_rng(0).normal(size=400)
    q, p = ljung_box(x, 10)
    r1 = float(np.sum((x[1:] - x.mean()) * (x[:-1] - x.mean())) / np.sum((x - x.mean()) ** 2))
    assert q >= 400 * 402 * r1**2 / 399 and 0 < p <= 1
    assert ljung_box(np.ones(50), 10) == (0.0, 1.0) and math.isclose(ljung_box(np.diff(np.arange(50.0) ** 2), 5)[1], 0,
                                                                     abs_tol=1e-9)


def test_the_no_better_finding_beside_a_walks_copy_names_its_baseline_without_more_epochs():
    from wavecast.evaluate.finding import make_finding
    from wavecast.evaluate.random_walk import on_random_walk, walk_evidence

    ev = walk_evidence(_walk(), 1, {"last value": {"mse": 2.0}, "linear AR(1)": {"mse": 1.9}}, 0.01)
    lag = make_finding("lagged copy", "LSTM", "LSTM repeats the last observed value", lag=0)
    worse = make_finding("no better than a baseline", "LSTM", "linear AR(1) beats LSTM", baseline="linear AR(1)")
    other = make_finding("no better than a baseline", "GRU", "linear AR(1) beats GRU", baseline="linear AR(1)")
    m = {"diagnostics": [f.to_dict() for f in on_random_walk([lag, worse, other, None], ev) if f]}
    advise(m, "direct", input_len=20)
    said = {(d["name"], d["forecaster"]): d["advice"] for d in m["diagnostics"]}
    assert said[("no better than a baseline", "LSTM")].startswith(
        "use the baseline (linear AR(1)): the series moves like a random walk (no autocorrelation a model could use")
    assert "more epochs will not help" in said[("no better than a baseline", "LSTM")]
    # no copy of its own: a walk all the same, and more epochs no remedy for it either
    assert "direct.max_epochs" not in said[("no better than a baseline", "GRU")]
    assert said[("no better than a baseline", "GRU")].startswith("use the baseline (linear AR(1)): the series moves like")


def test_a_walk_the_net_did_not_copy_is_not_told_more_epochs():
    """R's LakeHuron (wavecast run, seed 1): the net did not copy the last value, and the no-better
    finding said 'more epochs (direct.max_epochs)' where the series moves like a random walk."""
    for kind, keys in (("direct", ("direct.max_epochs",)), ("recursive", ("train.epochs", "train.rollout_steps"))):
        found = _advised(_walk(), kind=kind, net=lambda f: f["mean"] + 0.3 * (f["last value"] - f["mean"]))
        assert "lagged copy" not in found
        said = found["no better than a baseline"]["advice"]
        assert said.startswith("use the baseline (") and "the series moves like a random walk (" in said, said
        assert "more epochs will not help" in said and not any(k in said for k in keys), said
        assert "random_walk" in found["no better than a baseline"]["details"]


def test_a_forecast_that_follows_a_walk_late_is_no_excuse_of_the_walk():
    """benchmarks/lagged_copy.py's case: a multi-step forecast that matches the truth shifted by a
    step follows moves it could not know of; on a random walk too, today's advice stays."""
    from wavecast.evaluate.finding import make_finding
    from wavecast.evaluate.random_walk import on_random_walk, walk_evidence

    ev = walk_evidence(_walk(), 1, {"last value": {"mse": 2.0}, "mean": {"mse": 9.0}}, 0.01)
    assert ev is not None
    late = make_finding("lagged copy", "LSTM", "LSTM matches the truth best when shifted by 1 step(s)", lag=1)
    late_no_better = make_finding("no better than a baseline", "LSTM", "last value beats LSTM", baseline="last value")
    one_step = make_finding("lagged copy", "LSTM (one-step)", "LSTM (one-step) matches ... shifted by 1", lag=1)
    out = on_random_walk([late, late_no_better, one_step], ev)
    assert [("random_walk" in f.details) for f in out] == [False, False, True]
    assert out[2].advice.startswith("the series moves like a random walk")


def test_dickey_fuller_is_the_least_squares_t_of_the_lagged_level():
    from wavecast.evaluate.random_walk import dickey_fuller

    rng = np.random.default_rng(3)
    y = np.cumsum(rng.normal(size=90))
    t, crit = dickey_fuller(y)
    x = np.column_stack([np.ones(89), y[:-1]])  # dy_t = a + gamma y_{t-1}: lstsq, its own way
    d = np.diff(y)
    beta, res, *_ = np.linalg.lstsq(x, d, rcond=None)
    se = np.sqrt(res[0] / (89 - 2) * np.linalg.inv(x.T @ x)[1, 1])
    assert t == pytest.approx(beta[1] / se, rel=1e-10)
    # MacKinnon (2010), constant, 5%, 89 changes: statsmodels' adfuller(y, maxlag=0, regression="c")
    # gives this t (-2.1660) and this critical value (-2.894607), read off when this test was written
    assert crit == pytest.approx(-2.894607, abs=1e-6) and t == pytest.approx(-2.166014, abs=1e-6)
    assert math.isnan(dickey_fuller(np.full(50, 3.0))[0]) and math.isnan(dickey_fuller(y[:8])[0])


def test_a_level_pulled_back_to_a_mean_is_no_walk():
    """A stationary AR(1) with phi 0.7 around 580 (LakeHuron-like, 120 points): its changes are
    barely autocorrelated, so Ljung-Box called it a walk in 144 of 200 seeds and the net's copy of
    the last value was told to forecast with it; Dickey-Fuller rejects its unit root."""
    from wavecast.evaluate.random_walk import walk_evidence

    called = 0
    for seed in range(20):
        rng = np.random.default_rng(seed)
        a = np.zeros(120)
        for i in range(1, 120):
            a[i] = 0.7 * a[i - 1] + rng.normal()
        called += walk_evidence(580 + a, 1, {}, 1e-3) is not None
    assert called == 0
    walks = sum(walk_evidence(np.cumsum(np.random.default_rng(s).normal(size=120)), 1, {}, 1e-3) is not None
                for s in range(20))
    assert walks >= 17  # a 5% test keeps the walks: 19 of these 20 seeds


def test_the_advice_says_where_the_held_out_end_disagrees_with_the_test():
    """R's LakeHuron: Ljung-Box calls a walk, the mean did 6x better than the last value on the
    held-out end, and the advice said 'the last value is the forecast to beat' without a word of it."""
    from wavecast.evaluate.random_walk import walk_advice

    lb = {"p_value": 0.068, "lags": 10, "explained": 0.05}
    ev = {"ljung_box": lb, "held_out": {"last_value_mse": 3.03, "best_other": "mean", "best_other_mse": 0.505,
                                        "last_value_best": False}}
    said = walk_advice(ev)
    assert ("the last value is the forecast to beat, though on this held-out end mean did better (MSE 0.505 "
            "against the last value's 3.03; one draw); more epochs will not help") in said
    assert "though on this held-out end mean did better" in walk_advice(ev, "mean")
    close = {"ljung_box": lb, "held_out": {**ev["held_out"], "best_other_mse": 2.0}}  # within 2x: no clause
    assert "though" not in walk_advice(close) and "though" not in walk_advice({"ljung_box": lb})
