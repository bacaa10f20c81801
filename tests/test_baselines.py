from pathlib import Path

import numpy as np
import pytest

from wavecast.data.signals import sine, sum_of_sines
from wavecast.errors import NotFittedError, ValidationError
from wavecast.forecasters.baselines import (
    LastValue,
    LinearAR,
    MeanForecast,
    SeasonalNaive,
    choose_ar_order,
    detect_period,
)


def _forecasters():
    train = sine(400, 20)
    return [
        MeanForecast().fit(train),
        LastValue().fit(train),
        SeasonalNaive(20).fit(train),
        LinearAR(3).fit(train),
    ]


@pytest.mark.parametrize("f", _forecasters(), ids=lambda f: f.name)
def test_contract_shapes_determinism_no_mutation(f):
    ctx = np.random.default_rng(0).normal(size=(4, 30, 1))
    before = ctx.copy()
    a, b = f.predict(ctx, 7), f.predict(ctx, 7)
    assert a.shape == (4, 7, 1)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(ctx, before)


@pytest.mark.parametrize("cls", [MeanForecast, LastValue, lambda: SeasonalNaive(3), lambda: LinearAR(2)])
def test_predict_before_fit_fails(cls):
    with pytest.raises(NotFittedError):
        cls().predict(np.zeros((1, 10, 1)), 3)


def test_values():
    ctx = np.arange(10.0)[None, :, None]
    np.testing.assert_array_equal(LastValue().fit().predict(ctx, 3)[0, :, 0], [9, 9, 9])
    np.testing.assert_array_equal(SeasonalNaive(4).fit().predict(ctx, 6)[0, :, 0], [6, 7, 8, 9, 6, 7])
    # A sine obeys an exact AR(2) recursion, so AR(2) continues it to rounding error.
    x = sine(300, 40)
    ar = LinearAR(2).fit(x[:200])
    np.testing.assert_allclose(ar.predict(x[None, :200, None], 100)[0, :, 0], x[200:], atol=1e-8)
    with pytest.raises(ValidationError, match="needs the last 4 values; got 2"):
        SeasonalNaive(4).fit().predict(np.zeros((1, 2, 1)), 1)


def _weekly_panel(path, years: float = 2.0, seed: int = 4):
    """3 shops x 2 targets of weekly values: an annual pattern (phase by series) and noise."""
    import pandas as pd

    rng = np.random.default_rng(seed)
    n = int(52 * years)
    t, k = pd.date_range("2018-01-07", periods=n, freq="W-SUN"), np.arange(n)
    pd.concat([pd.DataFrame({"shop": shop, "week": t.strftime("%Y-%m-%d"),
                             "sales": 100 + 20 * np.sin(2 * np.pi * k / 52.18 + rng.uniform(0, 6)) + rng.normal(0, 5, n),
                             "visits": 50 + 10 * np.sin(2 * np.pi * k / 52.18 + rng.uniform(0, 6)) + rng.normal(0, 3, n)})
               for shop in ("a", "b", "c")]).to_csv(path, index=False)
    return path


def test_a_bump_of_noise_on_a_slow_cycle_is_no_season(tmp_path):
    """A weekly panel of 2 years (52 does not fit twice before the 13-week test part, so the
    season is sought by autocorrelation): its smooth annual cycle's autocorrelation falls
    slowly, 0.828 at lag 1 and 0.855 at lag 2 by noise, and lag 2 was taken for a season
    (seasonal naive and deseasonalising by 2 on data with no 2-week cycle). A season's peak
    follows a dip; a real 2-week cycle (pay days) still is one."""
    from wavecast.config import load
    from wavecast.data.reader import read
    from wavecast.defaults import resolve

    ds = read(_weekly_panel(tmp_path / "w.csv"), "sales,visits", "week", "shop")
    probe = max(ds.values, key=len)
    assert detect_period(probe[: int(len(probe) * 0.8)]) is None  # was 2
    r = resolve(load(None, []), ds)
    assert r.season == 1 and "no other was found" in r.season_how, (r.season, r.season_how)
    rng = np.random.default_rng(1)
    k = np.arange(104)
    paydays = 100 + 20 * np.sin(2 * np.pi * k / 52) + 8 * (k % 2) + rng.normal(0, 2, 104)
    assert detect_period(paydays) == 2
    ds = read(_weekly_panel(tmp_path / "w3.csv", years=3), "sales,visits", "week", "shop")
    assert resolve(load(None, []), ds).season == 52  # a year fits twice: the frequency's season, as before


def test_detect_period_and_ar_order():
    assert detect_period(sine(800, 40)) == 40
    assert detect_period(sum_of_sines(1000, (50, 10), (1.0, 0.3))) == 50
    assert detect_period(np.random.default_rng(0).normal(size=500)) is None
    x = sine(400, 40)
    assert choose_ar_order(x[:300], x[300:], 20) == 2


def test_a_trend_does_not_hide_the_season():
    """The airline passengers (144 months, a trend and a growing season of 12) as a bare array,
    or with an integer time column: the first 80% (115 months) rise only 0.081 to their autocorrelation peak
    at 12 (under RISE), so no season was found. Where the series itself shows none, its
    trend-free views (minus its line, its differences) are read, and both must find the same
    significant peak: noise, a random walk and a trend alone still give no season."""
    import pandas as pd

    from wavecast.config import load
    from wavecast.data.reader import from_object
    from wavecast.defaults import resolve

    y = pd.read_csv(Path(__file__).parents[1] / "examples" / "air_passengers.csv")["passengers"].to_numpy(float)
    assert detect_period(y[: int(len(y) * 0.8)]) == 12  # was None
    assert detect_period(y[: int(len(y) * 0.8)], alpha=None) is None  # the series itself only: as before
    for data, time in ((y, ""), (pd.DataFrame({"t": np.arange(len(y)), "y": y}), "t")):
        r = resolve(load(None, []), from_object(data, "" if time == "" else "y", time))
        assert r.season == 12 and "autocorrelation" in r.season_how, (r.season, r.season_how)
    k = np.arange(300)
    for seed in range(20):
        rng = np.random.default_rng(seed)
        assert detect_period(rng.normal(size=300)) is None
        assert detect_period(np.cumsum(rng.normal(size=300))) is None
        assert detect_period(0.05 * k + rng.normal(size=300)) is None
        wave = np.sin(2 * np.pi * k / 7 + rng.uniform(0, 6)) + 0.3 * rng.normal(size=300)
        assert detect_period(wave) == 7
        assert detect_period(wave + 0.05 * k) == 7  # was None for 20 of 20: the trend hid it
