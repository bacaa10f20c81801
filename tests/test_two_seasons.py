"""Two seasons at once (`direct.seasons=2`): the shorter season's indices, then the longer
season's on what is left, both fitted on the training part only and inverted exactly; files
written before it load as one season."""

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from wavecast.config import Config, ConfigError, override
from wavecast.forecasters.global_net import GlobalNetForecaster
from wavecast.transforms import Deseasonalise, SeriesTransform
from wavecast.transforms.season import longer_season

RTOL, ATOL = 1e-12, 1e-9
positive = st.floats(1e-3, 1e6, allow_nan=False, allow_infinity=False)


def hourly(n_weeks=5, seed=0, week=True):
    """Positive hourly series: a daily profile, a weekend dip (the week) and noise."""
    rng = np.random.default_rng(seed)
    t = np.arange(168 * n_weeks)
    day = 10 * np.sin(2 * np.pi * t / 24)
    weekend = np.where((t // 24) % 7 >= 5, -15.0, 0.0) if week else 0.0
    return 100 + day + weekend + rng.standard_normal(len(t))


def seasonal(m1, m2):
    """A positive series of 3-5 of the longer season, with both seasons and hypothesis's noise."""
    def build(noise):
        t = np.arange(len(noise))
        return 50 + 5 * np.sin(2 * np.pi * t / m1) + 8 * ((t % m2) < m2 // 3) + noise
    return st.integers(3 * m2, 5 * m2).flatmap(
        lambda n: arrays(np.float64, n, elements=st.floats(0, 3, allow_nan=False))).map(build)


@settings(max_examples=40, deadline=None)
@given(y=st.one_of(seasonal(4, 12), st.integers(2, 80).flatmap(lambda n: arrays(np.float64, n, elements=positive))),
       extra=st.integers(0, 30), start=st.integers(0, 40),
       log_rule=st.sampled_from(["positive", "never"]),
       season_mode=st.sampled_from(["additive", "multiplicative", "smoother"]))
def test_two_seasons_invert_exactly_on_later_points_and_travel(y, extra, start, log_rule, season_mode):
    t = SeriesTransform(4, log_rule, season_mode=season_mode, season2=12).fit(y)
    longer = np.concatenate([y, y[: extra % (len(y) + 1)] * 1.5])  # new points after the fit
    k = start % len(longer)
    # (y - s1 - s2) + s2 + s1 rounds a few times in float64: relative to the series' size
    np.testing.assert_allclose(t.inverse(t.transform(longer[k:], k), k), longer[k:], rtol=RTOL,
                               atol=ATOL * (1 + np.abs(longer).max()))
    again = SeriesTransform.from_params(json.loads(json.dumps(t.params())))
    np.testing.assert_array_equal(again.transform(longer[k:], k), t.transform(longer[k:], k))
    np.testing.assert_array_equal(again.inverse(t.transform(longer), 0), t.inverse(t.transform(longer), 0))


@settings(max_examples=30, deadline=None)
@given(y=seasonal(4, 12), tail=arrays(np.float64, 12, elements=positive))
def test_the_second_season_never_sees_the_test_part(y, tail):
    train = y[:-12]
    a = SeriesTransform(4, "never", season2=12).fit(train)
    b = SeriesTransform(4, "never", season2=12).fit(train.copy())
    b.transform(np.concatenate([train, tail]), 0)
    assert a.params() == b.params()


def test_the_week_is_taken_out_of_what_the_day_leaves():
    """An hourly series with a weekend dip: the day (24) comes out first, then the week (168)
    of what is left, whose indices hold the dip; the remainder is flatter than with the day
    alone. A series without a week keeps one season, bit for bit the one-season transform."""
    y = hourly()
    one = SeriesTransform(24, "never").fit(y)
    two = SeriesTransform(24, "never", season2=longer_season(24)).fit(y)
    assert longer_season(24) == 168 and longer_season(48) == 336 and longer_season(7) == 365
    assert longer_season(12) is None and two.season_.on_ and two.season2_ is not None
    phase = np.arange(168)
    dip = two.season2_.indices_[(phase // 24) % 7 >= 5].mean() - two.season2_.indices_[(phase // 24) % 7 < 5].mean()
    assert -17 < dip < -13  # the weekend's -15
    assert np.std(two.transform(y)) < 0.3 * np.std(one.transform(y))
    assert set(two.params()) == {"log", "season", "season2"}
    flat = hourly(week=False)
    only_day = SeriesTransform(24, "never", season2=168).fit(flat)
    assert only_day.season2_ is None
    assert only_day.params() == SeriesTransform(24, "never").fit(flat).params()
    # fewer than three of the longer season: not looked for
    assert SeriesTransform(24, "never", season2=168).fit(y[: 3 * 168 - 1]).season2_ is None
    # a file written before it (no "season2") is one season
    old = {k: v for k, v in two.params().items() if k != "season2"}
    np.testing.assert_array_equal(SeriesTransform.from_params(old).transform(y), two.season_.transform(y))


def test_global_net_takes_the_second_season_out_and_loads_files_written_before_it():
    series = [hourly(seed=s) for s in range(3)]
    small = dict(hidden_size=8, max_epochs=2, batch_size=128, min_steps=0)
    two = GlobalNetForecaster(seed=0, seasons=2, **small).fit(series, 24, 24)
    one = GlobalNetForecaster(seed=0, **small).fit(series, 24, 24)
    assert two.info_["second_season"] == 3 and "second_season" not in one.info_
    assert all(t.season2_ is not None for net in (two, two.raw_) for t in net.transforms_)
    assert all(getattr(t, "season2_", None) is None for t in one.transforms_)
    assert two.resolved_["season2"] == 168 and "seasons" not in one.settings
    tensors, meta = two.state()
    again = GlobalNetForecaster.from_state(tensors, json.loads(json.dumps(meta)))
    np.testing.assert_array_equal(again.predict(series, 24), two.predict(series, 24))
    # a new series given at predict is transformed by the same settings (both seasons)
    new, idx, starts = [hourly(seed=9)], np.array([-1]), np.zeros(1, dtype=np.int64)
    np.testing.assert_array_equal(again.forecast_rows(new, idx, starts, 24), two.forecast_rows(new, idx, starts, 24))
    assert not np.array_equal(two.forecast_rows(new, idx, starts, 24), one.forecast_rows(new, idx, starts, 24))
    old = json.loads(json.dumps(one.state()[1]))  # as written before the setting
    np.testing.assert_array_equal(GlobalNetForecaster.from_state(one.state()[0], old).predict(series, 24),
                                  one.predict(series, 24))
    with pytest.raises(Exception, match=r"seasons=3 is invalid; allowed: 1 or 2"):
        GlobalNetForecaster(seasons=3)


def test_direct_seasons_key():
    assert Config().direct.seasons is None  # auto: from the frequency (defaults.default_seasons)
    assert override(Config(), "direct.seasons=2").direct.seasons == 2
    with pytest.raises(ConfigError, match=r"direct.seasons must be an integer from 1 to 2 \(got 3\)"):
        override(Config(), "direct.seasons=3")


def test_deseasonalise_alone_is_unchanged():
    """The first season's transform is the one it was: Deseasonalise on the logged values."""
    y = hourly()
    t = SeriesTransform(24, "never", season2=168).fit(y)
    np.testing.assert_array_equal(t.season_.indices_, Deseasonalise(24).fit(y).indices_)


@pytest.mark.parametrize(("freq", "want"), [("D", 2), ("30min", 2), ("h", 1), ("MS", 1), ("QS", 1), ("W", 1)])
def test_auto_takes_two_seasons_for_daily_and_half_hourly_data_only(freq, want):
    """direct.seasons auto: 2 where the run's season is its frequency's own and one of
    TWO_SEASONS (daily 7, half-hourly 48), else 1 (hourly data's did not pay); a value given
    is kept; the recursive net's run leaves it auto."""
    import pandas as pd

    from wavecast.config import load
    from wavecast.data.reader import from_object
    from wavecast.defaults import TWO_SEASONS, default_seasons, resolve

    assert sorted(TWO_SEASONS) == [7, 48] and default_seasons(None, 7) == 1 and default_seasons("D", 1) == 1
    n = {"D": 3 * 366, "30min": 48 * 70, "h": 24 * 60, "MS": 120, "QS": 60, "W": 300}[freq]
    y = 100 + 10 * np.sin(2 * np.pi * np.arange(n) / 7) + np.random.default_rng(0).standard_normal(n)
    data = from_object(pd.DataFrame({"t": pd.date_range("2020-01-01", periods=n, freq=freq), "y": y}), "y", "t")
    assert resolve(load(None, []), data).config.direct.seasons == want
    assert resolve(load(None, ["direct.seasons=1"]), data).config.direct.seasons == 1
    assert resolve(load(None, [])).config.direct.seasons is None  # the sine: the recursive net
