"""The Theta baseline (forecasters/theta.py): SES with drift b0/2 on the deseasonalised series."""

from __future__ import annotations

import numpy as np
import pytest

from wavecast.errors import NotFittedError, ValidationError
from wavecast.evaluate.forecast_at import forecast_at
from wavecast.forecasters import theta as th
from wavecast.forecasters.theta import Theta


def _plain_theta(y: np.ndarray, horizon: int, alpha: float) -> np.ndarray:
    """Hyndman and Billah's formula written out point by point (no season), as a reference."""
    level = y[0]
    for v in y[1:]:
        level = alpha * v + (1 - alpha) * level
    t = np.arange(len(y))
    b0 = np.polyfit(t, y, 1)[0]
    n = len(y)
    return np.array([level + b0 / 2 * (h - 1 + (1 - (1 - alpha) ** n) / alpha) for h in range(1, horizon + 1)])


def _plain_alpha(y: np.ndarray) -> float:
    """The weight of ALPHAS with the least one-step squared error, by a loop over the grid."""
    best, best_sse = None, np.inf
    for a in th.ALPHAS:
        level, sse = y[0], 0.0
        for v in y[1:]:
            sse += (v - level) ** 2
            level += a * (v - level)
        if sse <= best_sse:  # ties to the larger weight, as the module does
            best, best_sse = a, sse
    return float(best)


def test_a_series_without_season_is_ses_with_half_the_slope_as_drift():
    rng = np.random.default_rng(0)
    y = 50 + 0.3 * np.arange(60) + np.cumsum(rng.normal(0, 1, 60)) * 0.5
    f = Theta().fit(y[:, None])
    assert f.alpha_[0, 0] == pytest.approx(_plain_alpha(y))
    got = f.predict(y[None, :, None], 8)[0, :, 0]
    np.testing.assert_allclose(got, _plain_theta(y, 8, _plain_alpha(y)), rtol=1e-12)


def test_on_a_line_the_forecast_is_the_last_value_plus_half_the_trend():
    """The Theta method's known damping: a straight line is continued at half its slope (every
    one-step error is least with weight 1, the last value, and the drift is b0 / 2 a step)."""
    y = 10.0 + 2.0 * np.arange(30)
    f = Theta().fit(y[:, None])
    assert f.alpha_[0, 0] == 1.0
    np.testing.assert_allclose(f.predict(y[None, :, None], 4)[0, :, 0], y[-1] + 1.0 * np.arange(1, 5), rtol=1e-12)


def test_a_constant_series_is_forecast_as_that_constant():
    y = np.full(20, 7.5)
    np.testing.assert_allclose(Theta(4).fit(y).predict(y[None, :, None], 6)[0, :, 0], 7.5)


def test_a_multiplicative_season_is_put_back_in_its_phase_at_every_origin():
    """y = 100 x a fixed season of 12 (no trend, no noise): deseasonalised it is flat, so from
    any origin the forecast is the season continued, whatever the phase the origin falls on;
    forecast_at pads the shorter histories with NaN on the left."""
    season = np.array([0.8, 0.9, 1.0, 1.1, 1.3, 1.2, 1.0, 0.9, 0.85, 0.95, 1.05, 0.95])
    y = 100 * np.tile(season, 8)
    f = Theta(12).fit(y[:72, None])
    assert f.mult_[0, 0] and np.any(f.indices_[0, 0] != 0)
    origins = np.array([60, 61, 67, 72, 79, 84])
    at = forecast_at({"theta": f}, [y], [origins], 12)
    np.testing.assert_allclose(at.forecasts["theta"][:, :, 0], np.stack([y[o : o + 12] if o + 12 <= len(y) else
                                                                       100 * season[(o + np.arange(12)) % 12]
                                                                       for o in origins]), rtol=1e-9)


def test_rows_of_a_batch_are_each_series_own_forecast():
    """Series of different lengths in one batch (NaN-padded on the left), each with its own
    season and weight, give what each gives alone."""
    rng = np.random.default_rng(1)
    ys = [np.exp(rng.normal(0, 0.05, n).cumsum()) * (5 + np.sin(2 * np.pi * np.arange(n) / 4)) for n in (20, 33, 48)]
    f = Theta(4).fit(ys)
    at = forecast_at({"theta": f}, ys, [len(y) for y in ys], 5)
    for i, y in enumerate(ys):
        alone = Theta(4).fit(y).predict(y[None, :, None], 5)
        np.testing.assert_allclose(at.forecasts["theta"][i], alone[0], rtol=1e-12)


def test_only_the_newest_points_are_read():
    """A context longer than MAX_POINTS forecasts as its newest MAX_POINTS placed in their season."""
    rng = np.random.default_rng(2)
    y = 20 + rng.normal(0, 1, th.MAX_POINTS + 37) + 3 * np.sin(2 * np.pi * np.arange(th.MAX_POINTS + 37) / 7)
    f = Theta(7).fit(y)
    whole = f.predict(y[None, :, None], 3)[0]
    newest = f.predict(y[None, -th.MAX_POINTS:, None], 3, starts=[37])[0]
    np.testing.assert_allclose(whole, newest, rtol=1e-12)
    assert not np.allclose(whole, f.predict(y[None, -th.MAX_POINTS:, None], 3)[0])  # the phase matters


@pytest.mark.parametrize("period", [0, -1, 2.5, True])
def test_a_bad_period_is_refused(period):
    with pytest.raises(ValidationError, match="seasonal period must be an integer >= 1"):
        Theta(period)


def test_misuse_is_said_in_one_line():
    with pytest.raises(NotFittedError, match="not fitted"):
        Theta().predict(np.ones((1, 5, 1)), 2)
    with pytest.raises(ValidationError, match="at least 2 training points"):
        Theta().fit(np.ones(1))
    f = Theta().fit(np.arange(10.0))
    with pytest.raises(ValidationError, match="fitted on 1 features; the context has 2"):
        f.predict(np.ones((1, 5, 2)), 2)
    with pytest.raises(ValidationError, match="at least one value before each origin"):
        f.predict(np.full((1, 5, 1), np.nan), 2)


def test_each_feature_is_its_own_series():
    """A (N, 2) series (the recursive net's several features) gives each column's forecast alone."""
    rng = np.random.default_rng(3)
    x = np.column_stack([30 + rng.normal(0, 1, 40).cumsum(), 5 + np.sin(np.arange(40) * np.pi / 2) + rng.normal(0, .1, 40)])
    both = Theta(4).fit(x).predict(x[None], 6)[0]
    for f in range(2):
        alone = Theta(4).fit(x[:, f]).predict(x[None, :, f : f + 1], 6)[0, :, 0]
        np.testing.assert_allclose(both[:, f], alone, rtol=1e-12)


def test_a_missing_training_value_keeps_the_season_in_phase():
    """A gap in the training part is filled in place for the fit: dropping it rotated the
    seasonal indices of every point after it (a season of 12 with y[30] missing forecast 50.16,
    57.27, 61.83 where the whole series gives 50.00, 58.09, 64.83)."""
    t = np.arange(60)
    y = 50 * np.exp(0.3 * np.sin(2 * np.pi * t / 12))
    gap = y.copy()
    gap[30] = np.nan
    whole = Theta(12).fit(y).predict(y[None, :, None], 4)[0, :, 0]
    # the filled point is a straight line where the season bends: the indices move by about 2e-4,
    # the rotated ones were off by 1-8%
    np.testing.assert_allclose(Theta(12).fit(gap).predict(y[None, :, None], 4)[0, :, 0], whole, rtol=1e-3)
