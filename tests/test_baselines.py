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


def test_detect_period_and_ar_order():
    assert detect_period(sine(800, 40)) == 40
    assert detect_period(sum_of_sines(1000, (50, 10), (1.0, 0.3))) == 50
    assert detect_period(np.random.default_rng(0).normal(size=500)) is None
    x = sine(400, 40)
    assert choose_ar_order(x[:300], x[300:], 20) == 2
