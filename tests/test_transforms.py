"""Per-series transforms: exact inverses, no look at the test part, the seasonality test."""

from pathlib import Path

import numpy as np
import pytest
from benchmarks.m3_data import load
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from wavecast.transforms import (
    Deseasonalise,
    Log,
    SeriesTransform,
    seasonal_indices,
    seasonality_test,
    smoothing_weights,
    window_level,
)
from wavecast.transforms.season import acf

# exp(log(y)) and (y - s) + s round once or twice in float64: a relative error of a few ulps.
RTOL, ATOL = 1e-12, 1e-9

finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
positive = st.floats(1e-3, 1e6, allow_nan=False, allow_infinity=False)


def _series(elements, min_size=1):
    return st.integers(min_size, 80).flatmap(lambda n: arrays(np.float64, n, elements=elements))


@settings(max_examples=60, deadline=None)
@given(y=_series(positive), rule=st.sampled_from(["positive", "growing", "never"]))
def test_log_inverts_exactly(y, rule):
    t = Log(rule, season=4).fit(y)
    np.testing.assert_allclose(t.inverse(t.transform(y)), y, rtol=RTOL)
    assert t.on_ == (rule != "never") if rule != "growing" else True


@settings(max_examples=60, deadline=None)
@given(y=_series(finite, 2), season=st.integers(1, 13), start=st.integers(0, 50))
def test_deseasonalise_inverts_exactly(y, season, start):
    t = Deseasonalise(season, test=False).fit(y)
    z = t.transform(y[start % len(y):], start=start % len(y))
    np.testing.assert_allclose(t.inverse(z, start=start % len(y)), y[start % len(y):],
                               rtol=RTOL, atol=ATOL * (1 + np.abs(y).max()))


@settings(max_examples=60, deadline=None)
@given(y=_series(finite, 2), season=st.integers(2, 13), start=st.integers(0, 50))
def test_multiplicative_deseasonalise_inverts_exactly(y, season, start):
    """Positive series are divided by exp(index), the others stay additive: both invert."""
    for v in (y, np.abs(y) + 1e-3):
        t = Deseasonalise(season, test=False, multiplicative=True).fit(v)
        assert t.mult_ == (len(v) >= 2 * season + 1 and bool(np.all(v > 0)))
        z = t.transform(v[start % len(v):], start=start % len(v))
        np.testing.assert_allclose(t.inverse(z, start=start % len(v)), v[start % len(v):],
                                   rtol=RTOL, atol=ATOL * (1 + np.abs(v).max()))


@settings(max_examples=60, deadline=None)
@given(y=_series(positive, 2), season=st.sampled_from([1, 4, 12]), extra=st.integers(0, 30),
       log_rule=st.sampled_from(["positive", "never"]),
       season_mode=st.sampled_from(["additive", "multiplicative", "smoother"]))
def test_series_transform_inverts_exactly_on_later_points(y, season, extra, log_rule, season_mode):
    t = SeriesTransform(season, log_rule, season_mode=season_mode).fit(y)
    longer = np.concatenate([y, y[: extra % (len(y) + 1)] * 1.5])  # new points after the fit
    # atol as the tests above: an additive season of ~56 taken from 1e-3 and added back leaves
    # about eps x 56 (1.2e-15, 1.2e-12 relative: hypothesis found it), not a wrong inverse
    np.testing.assert_allclose(t.inverse(t.transform(longer)), longer, rtol=RTOL,
                               atol=ATOL * (1 + np.abs(longer).max()))
    t2 = SeriesTransform.from_params(t.params())  # parameters travel as JSON-able dicts
    np.testing.assert_array_equal(t2.transform(longer), t.transform(longer))


@settings(max_examples=40, deadline=None)
@given(y=_series(positive, 40), tail=arrays(np.float64, 12, elements=positive))
def test_no_parameter_sees_the_test_part(y, tail):
    """Fitted on the training part, the parameters are the same whatever the test part holds,
    and transforming the test part later changes none of them."""
    train = y[:-12]
    for log_rule, mode in (("positive", "additive"), ("never", "multiplicative"), ("never", "smoother")):
        a = SeriesTransform(12, log_rule, season_mode=mode).fit(train)
        b = SeriesTransform(12, log_rule, season_mode=mode).fit(train.copy())
        b.transform(np.concatenate([train, tail]))
        assert a.params() == b.params()


def test_m3_split_keeps_the_test_out_of_training():
    g = load("yearly")
    assert len(g.train) == len(g.test) == 645 and g.horizon == 6 and g.season == 1
    val = g.holdout()
    for tr, te, vtr, vte in zip(g.train[:50], g.test[:50], val.train[:50], val.test[:50], strict=True):
        assert len(te) == 6
        np.testing.assert_array_equal(np.concatenate([vtr, vte]), tr)  # validation inside train
    val2 = g.holdout(2)  # one horizon earlier; series left with under 12 points are dropped
    assert 0 < len(val2.train) < 645 and min(len(y) for y in val2.train) >= 12
    for k, vtr, vte in zip(val2.ids, val2.train, val2.test, strict=True):
        tr = g.train[g.ids.index(k)]
        np.testing.assert_array_equal(np.concatenate([vtr, vte, tr[len(vtr) + 6:]]), tr)
        assert len(vte) == 6 and len(tr) - len(vtr) == 12


def test_m3_short_split_cuts_a_fifth_to_the_tests_shortest_lengths():
    g = load("quarterly")
    lo, hi = g.short_lengths()
    assert lo == min(len(y) for y in g.train) and lo < hi < 50
    val = g.holdout()
    short = val.shortened((lo, hi))
    assert short.cut == val.shortened((lo, hi)).cut  # the same draw again
    longer = sum(len(y) > hi for y in val.train)  # a fifth of the series, or every one long enough
    assert len(short.cut) == min(longer, round(0.2 * len(val.train))) > 100
    assert short.cut == tuple(sorted(short.cut))
    for i, (y, s) in enumerate(zip(val.train, short.train, strict=True)):
        if i in short.cut:  # its last lo..hi points, from a series that was longer
            assert lo <= len(s) <= hi < len(y)
            np.testing.assert_array_equal(s, y[len(y) - len(s):])
        else:
            assert s is y
    assert all(a is b for a, b in zip(short.test, val.test, strict=True))  # the scored part unchanged


def test_seasonality_test_finds_a_season_and_rejects_noise():
    rng = np.random.default_rng(0)
    t = np.arange(96)
    seasonal = 10 + np.sin(2 * np.pi * t / 12) + 0.3 * rng.standard_normal(96)
    assert seasonality_test(seasonal, 12)
    assert not seasonality_test(rng.standard_normal(96), 12)
    assert not seasonality_test(seasonal, 1)  # no season to test
    assert not seasonality_test(seasonal[:24], 12)  # fewer than two seasons and a point


def test_short_series_take_their_season_by_its_strength():
    """2 to 5 seasons are too few for the Theta test on the detrended series (it read the raw
    series under 4 and missed even a clear season, and under 5 still most strong ones); the
    strength of the line-and-indices fit decides too, and rarely calls noise, random walks or
    trends seasonal."""
    from wavecast.transforms.season import SHORT_STRENGTH, season_strength, theta_test

    rng = np.random.default_rng(1)
    found = missed = 0
    for n, m in ((30, 12), (42, 12), (54, 12), (10, 4), (14, 4), (18, 4)):
        for _ in range(50):
            t = np.arange(n)
            y = 100 + 0.5 * t + 3 * np.sin(2 * np.pi * t / m + rng.uniform(0, 2 * np.pi)) + rng.standard_normal(n)
            found += seasonality_test(y, m)
            missed += not theta_test(y, m)
    assert found == 300 and missed >= 270  # the Theta test alone missed 285 of them
    false = 0
    for n, m in ((30, 12), (42, 12), (54, 12), (12, 4), (18, 4)):
        for _ in range(100):
            e = rng.standard_normal(n)
            for y in (e, np.cumsum(e), 0.3 * np.arange(n) + e):
                false += seasonality_test(y, m)
    # 1,500 series without a season: the strength's null gave 0-4% from 29 points (0.64 threshold)
    assert false <= 0.06 * 1500, false
    t = np.arange(42)
    assert season_strength(np.sin(2 * np.pi * t / 12), 12) > 0.99 > SHORT_STRENGTH
    assert season_strength(np.ones(42), 12) == 0.0
    # where the detrended series holds 4 seasons or more (60 months), the Theta test alone decides,
    # so a season it misses stays missed there (M3 monthly's longer series, as before)
    t = np.arange(60)
    faint = 0.4 * np.sin(2 * np.pi * t / 12) + rng.standard_normal(60)
    assert seasonality_test(faint, 12) == theta_test(faint, 12)
    sine = np.sin(2 * np.pi * t / 12)
    assert seasonality_test(sine, 12) == theta_test(sine, 12)


def test_seasonality_test_sees_a_season_under_a_trend():
    """The test reads the series minus its centred moving average: on the series itself a
    trend makes every autocorrelation up to lag m large, the limit with them, and the season
    is missed (the Theta method's own test, computed here, fails on this series)."""
    rng = np.random.default_rng(0)
    t = np.arange(60)
    y = 2.0 * t + 4 * np.sin(2 * np.pi * t / 12) + rng.standard_normal(60)
    r = acf(y, 12)
    assert abs(r[12]) < 1.645 * np.sqrt((1 + 2 * np.sum(r[1:12] ** 2)) / 60)  # the raw test misses it
    assert seasonality_test(y, 12)
    assert not seasonality_test(2.0 * t + rng.standard_normal(60), 12)  # a trend alone is no season


def test_seasonal_indices_recover_a_pattern_under_a_trend():
    pattern = np.array([3.0, -1.0, -2.5, 0.5])
    y = 0.2 * np.arange(40) + np.tile(pattern, 10)
    np.testing.assert_allclose(seasonal_indices(y, 4), pattern - pattern.mean(), atol=1e-12)
    t = Deseasonalise(4).fit(y)
    assert t.on_
    np.testing.assert_allclose(np.diff(t.transform(y)), 0.2, atol=1e-12)  # a straight line left


def test_season_window_takes_the_indices_from_the_last_seasons_in_the_series_phases():
    """A season whose shape changes: with window=w the indices are the last w seasons' shape,
    in the phases of the whole series (its length not a multiple of the season); the default
    (None, or 0) averages all of it; the test still reads all of it."""
    old, new = np.array([3.0, -1.0, -2.5, 0.5]), np.array([-2.0, 2.0, 1.0, -1.0])
    for n in (61, 62, 63, 64):
        phase = np.arange(n) % 4
        y = 0.2 * np.arange(n) + np.where(np.arange(n) < n - 24, old[phase], new[phase])
        t = Deseasonalise(4, window=5).fit(y)
        assert t.on_
        np.testing.assert_allclose(t.indices_, new - new.mean(), atol=1e-12)
        np.testing.assert_allclose(np.diff(t.transform(y[-20:], start=n - 20)), 0.2, atol=1e-12)
        every = Deseasonalise(4).fit(y)
        np.testing.assert_array_equal(Deseasonalise(4, window=0).fit(y).indices_, every.indices_)
        np.testing.assert_array_equal(every.indices_, seasonal_indices(y, 4))
        assert np.abs(every.indices_ - (new - new.mean())).max() > 1
        log = SeriesTransform(4, "never", season_window=5).fit(y + 50)
        np.testing.assert_allclose(log.season_.indices_, new - new.mean(), atol=1e-12)


def test_multiplicative_season_leaves_a_linear_trend_linear():
    """A season whose swings grow with a linear trend: divided out, a straight line is left (the
    log would bend it; additive indices would leave the growing swings)."""
    pattern = np.array([1.3, 0.8, 0.7, 1.2])
    trend = 10 + 0.5 * np.arange(48)
    y = trend * np.tile(pattern, 12)
    t = Deseasonalise(4, multiplicative=True).fit(y)
    assert t.on_ and t.mult_
    z = t.transform(y)
    np.testing.assert_allclose(z / z.mean(), trend / trend.mean(), rtol=0.02)
    additive = Deseasonalise(4).fit(y).transform(y)
    assert np.std(np.diff(z)) < 0.2 * np.std(np.diff(additive))
    assert SeriesTransform(4, "never", season_mode="multiplicative").fit(y).season_.mult_
    assert not SeriesTransform(4, "positive", season_mode="multiplicative").fit(y).season_.mult_  # logged


def test_smoother_season_mode_divides_only_where_it_leaves_a_markedly_smoother_series():
    """smoother: the airline's season grows with its level (divided out); a season of constant size
    on a trend is subtracted; an invalid mode is refused."""
    import pandas as pd

    from wavecast.transforms.series import MULTIPLICATIVE_GAIN, _roughness

    air = pd.read_csv(Path(__file__).parent.parent / "examples" / "air_passengers.csv")["passengers"].to_numpy(float)
    t = SeriesTransform(12, "never", season_mode="smoother").fit(air[:120])
    assert t.season_.on_ and t.season_.mult_
    add = SeriesTransform(12, "never", season_mode="additive").fit(air[:120])
    assert _roughness(t.transform(air[:120])) <= MULTIPLICATIVE_GAIN * _roughness(add.transform(air[:120]))
    rng = np.random.default_rng(0)
    steady = 100 + 0.5 * np.arange(96) + np.tile(10 * np.sin(np.arange(12) / 12 * 2 * np.pi), 8) \
        + rng.normal(0, 1, 96)
    s = SeriesTransform(12, "never", season_mode="smoother").fit(steady)
    assert s.season_.on_ and not s.season_.mult_
    with pytest.raises(ValueError, match="season_mode"):
        SeriesTransform(12, season_mode="both")


def test_log_rules():
    grow = np.exp(0.02 * np.arange(60)) * (1 + 0.2 * np.sin(np.arange(60)))
    assert Log("positive").fit(grow).on_ and Log("growing").fit(grow).on_
    assert not Log("never").fit(grow).on_
    assert not Log("positive").fit(grow - 2).on_  # not all positive: identity


def test_window_level():
    x = np.array([[1.0, 2.0, 6.0], [0.0, 0.0, 3.0]])
    np.testing.assert_array_equal(window_level(x, "last"), [[6.0], [3.0]])
    np.testing.assert_array_equal(window_level(x, "mean"), [[3.0], [1.0]])
    np.testing.assert_array_equal(window_level(x, "none"), [[0.0], [0.0]])
    with pytest.raises(ValueError, match="level"):
        window_level(x, "median")
    with pytest.raises(ValueError, match="smoothing weight"):
        window_level(x, "smooth")


def test_smooth_level_is_the_exponential_smoothing_recursion():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(4, 7))
    a = np.array([1.0, 0.5, 0.2, 0.05])
    want = x[:, 0].copy()
    for t in range(1, 7):  # level += a (value - level), started at the first input
        want = want + a * (x[:, t] - want)
    np.testing.assert_allclose(window_level(x, "smooth", a)[:, 0], want, rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(window_level(x[:1], "smooth", a[:1]), window_level(x[:1], "last"))


def test_smoothing_weights_follow_a_random_walk_and_smooth_noise():
    rng = np.random.default_rng(4)
    walk, noise = np.cumsum(rng.normal(size=300)), 5 + rng.normal(size=300)
    a = smoothing_weights([walk, noise, np.array([1.0, 2.0]), walk[:40]])
    assert a[0] >= 0.9  # a random walk's best level is (nearly) its last value
    assert a[1] <= 0.1  # white noise about a constant: a long average
    assert a[2] == 1.0  # too short to choose: the last value
    # each series' weight is its own: the same walk alone or among others, the same weight
    assert smoothing_weights([walk[:40]])[0] == a[3]
