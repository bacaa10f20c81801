import numpy as np
import pytest

from wavecast.data.signals import noisy_sine, phase_noise_floor_mse, sine, sum_of_sines
from wavecast.errors import ValidationError


def test_sine_has_its_period():
    x = sine(800, 40)
    assert x.shape == (800,)
    np.testing.assert_allclose(x[40:], x[:-40], atol=1e-12)
    assert x[10] == pytest.approx(1.0)


def test_noisy_sine_is_seeded_and_noisy():
    a = noisy_sine(500, 10, np.random.default_rng(1), phase_noise=0.2)
    b = noisy_sine(500, 10, np.random.default_rng(1), phase_noise=0.2)
    np.testing.assert_array_equal(a, b)
    assert np.abs(a - sine(500, 10)).max() > 0.05
    g = noisy_sine(20000, 10, np.random.default_rng(2), noise_std=0.1)
    assert np.std(g - sine(20000, 10)) == pytest.approx(0.1, rel=0.03)  # 3%: 20k samples


def test_phase_noise_floor_matches_monte_carlo():
    # The best predictor is sinc(r) * sin(w t); its MSE on 400k samples must match the
    # closed form to 2% (the Monte Carlo standard error is about 0.3%).
    r, n = 0.2, 400_000
    x = noisy_sine(n, 10, np.random.default_rng(0), phase_noise=r)
    best = np.sin(r) / r * sine(n, 10)
    assert np.mean((x - best) ** 2) == pytest.approx(phase_noise_floor_mse(r), rel=0.02)
    assert np.sqrt(phase_noise_floor_mse(r)) == pytest.approx(0.0814, abs=5e-4)


def test_sum_of_sines_and_bad_parameters():
    np.testing.assert_allclose(sum_of_sines(100, (40, 10)), sine(100, 40) + sine(100, 10))
    for kwargs in ({"length": 0, "period": 4}, {"length": 10, "period": 0}, {"length": 10, "period": -1}):
        with pytest.raises(ValidationError):
            sine(**kwargs)
    with pytest.raises(ValidationError, match="amplitude"):
        sine(10, 4, amplitude=float("nan"))
    with pytest.raises(ValidationError, match="phase_noise"):
        noisy_sine(10, 4, np.random.default_rng(0), phase_noise=-1)
