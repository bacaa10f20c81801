"""One short seasonal series: each window's level is its exponentially smoothed level.

R's USAccDeaths (72 months, a strong season) fitted alone by wavecast.fit scored MASE 1.25 on its
held-out end where seasonal naive scored 0.72: each window was moved to its last deseasonalised
value, and the noise of one last month moved the whole forecast (the Seatbelts drivers killed to
1982 were forecast at half their level). Under SMALL_DATA windows, with a season and without
covariates, the level is now "smooth": each series' own simple-exponential-smoothing weight (1, the
last value, for a random walk) (docs/real-series.md, "One short seasonal series")."""

import json
import warnings

import numpy as np
import pandas as pd

import wavecast
from wavecast.forecasters.global_net import GlobalNetForecaster

H, M = 6, 12
FAST = dict(hidden_size=4, max_epochs=4)


def seasonal(n=72, last_jump=0.0, seed=0):
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    y = 100 + 10 * np.sin(2 * np.pi * t / M) + rng.standard_normal(n)
    y[-1] += last_jump
    return y


def test_one_seasonal_series_takes_the_smoothed_level():
    one = GlobalNetForecaster(seed=0, **FAST).fit([seasonal()], H, M)
    assert one.resolved_["level"] == "smooth" and one.raw_.resolved_["level"] == "smooth"
    # without a season, or with a level asked for: the last value, as before
    assert GlobalNetForecaster(seed=0, **FAST).fit([seasonal()], H, 1).resolved_["level"] == "last"
    assert GlobalNetForecaster(seed=0, level="last", **FAST).fit([seasonal()], H, M).resolved_["level"] == "last"
    many = [seasonal(96, seed=k) for k in range(30)]  # 2,000 windows or more, as M3's panels: unchanged
    big = GlobalNetForecaster(seed=0, hidden_size=4, max_epochs=1, log="positive").fit(many, H, M)
    assert big.info_["n_windows"] >= 2_000 and big.resolved_["level"] == "last"


def test_one_noisy_last_month_does_not_move_the_whole_forecast(tmp_path):
    """A last month 12 noise sd off moved every lead of the forecast by about as much; the
    smoothed level moves by its weight times it. A saved model forecasts alike."""
    from safetensors.torch import load_file, save_file

    y = seasonal(last_jump=12.0)
    truth = 100 + 10 * np.sin(2 * np.pi * np.arange(72, 72 + H) / M)
    model = GlobalNetForecaster(seed=0, **FAST).fit([y], H, M)
    f = model.predict([y], H)[0]
    assert abs(np.mean(f - truth)) < 4.0
    tensors, meta = model.state()
    save_file(tensors, tmp_path / "m.safetensors", metadata={"meta": json.dumps(meta)})
    again = GlobalNetForecaster.from_state(load_file(tmp_path / "m.safetensors"), json.loads(json.dumps(meta)))
    np.testing.assert_array_equal(again.predict([y], H)[0], f)


def test_wavecast_fit_reads_a_short_monthly_series_by_its_smoothed_level():
    y = seasonal()
    df = pd.DataFrame({"date": pd.date_range("1973-01-01", periods=len(y), freq="MS"), "y": y})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = wavecast.fit(df, target="y", time="date", horizon=H, overrides=["direct.max_epochs=4"])
    assert f.direct.model.resolved_["level"] == "smooth"
    assert f.result.net.model.resolved_["level"] == "smooth"  # the scored model as the final one


def test_a_saved_model_reads_each_series_fitted_smoothing_weight(tmp_path):
    """The saved model keeps only each series' last values: its smoothing weight is the one fit
    chose on the whole training part (model.json's smoothing), not one read from that tail, so
    the loaded model forecasts the same bits."""
    y = seasonal(96)
    df = pd.DataFrame({"date": pd.date_range("1973-01-01", periods=len(y), freq="MS"), "y": y})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = wavecast.fit(df, target="y", time="date", horizon=H, overrides=["direct.max_epochs=4"])
        f.save(tmp_path / "run")
        g = wavecast.load(tmp_path / "run")
        assert f.direct.model.smoothing_[0] < 1  # white noise about a season: averaged
        pd.testing.assert_frame_equal(g.predict(H), f.predict(H))
