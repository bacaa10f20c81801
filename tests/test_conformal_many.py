"""forecasters.conformal_many: every series' scale, floor and sign at once, equal bit for bit
to error_scale.series_scale and nonneg_of called a series at a time (what calibration did)."""

import numpy as np
import pytest

from wavecast.forecasters.conformal_many import series_scales
from wavecast.forecasters.error_scale import nonneg_of, series_scale


def _panel(rng, n_f):
    """Series of mixed lengths and kinds: the cases each branch of series_scale takes."""
    out = []
    for _ in range(60):
        n = int(rng.integers(1, 40))
        out.append(rng.uniform(1, 100) * np.exp(rng.normal(0, 0.3, (n, n_f))))  # > 0: relative
        out.append(rng.normal(0, 5, (n, n_f)))  # crosses 0: additive
    season = 12 + 3 * np.sin(2 * np.pi * np.arange(48) / 12)
    out += [
        np.full((30, n_f), 5.0),  # constant: every lag's MAE is 0, |mean|
        np.zeros((20, n_f)),  # all zeros: scale 1
        np.column_stack([season] * n_f),  # a pure season repeats to 1e-15 at lag 12
        np.abs(rng.normal(0, 1, (12, n_f))) + 0.1,  # no longer than its season: lag 1
        np.abs(rng.normal(0, 1, (5, n_f))),  # shorter than the season
        np.r_[np.zeros((3, n_f)), rng.uniform(1, 2, (9, n_f))],  # zeros then positive: additive, >= 0
        -rng.uniform(1, 2, (15, n_f)),  # negative
        np.full((1, n_f), 3.0),  # one point
        np.zeros((0, n_f)),  # no values
        np.r_[rng.normal(0, 1, (10, n_f)), np.full((1, n_f), np.nan)],  # a NaN
        np.r_[rng.uniform(1, 2, (10, n_f)), np.full((1, n_f), np.inf)],  # an inf
        np.array([[1e300], [-1e300], [1e300], [-1e300]] * 3).repeat(n_f, axis=1),  # std's square overflows
        np.full((7, n_f), np.nan),  # no finite value
    ]
    if n_f > 1:
        out.append(np.column_stack([np.linspace(1, 9, 25), np.linspace(-3, 3, 25)] + [np.ones(25)] * (n_f - 2)))
    return out


@pytest.mark.parametrize("n_f", [1, 3])
@pytest.mark.parametrize(("period", "relative"), [(12, True), (1, True), (4, False), (12, False)])
def test_all_series_at_once_equal_one_at_a_time_bit_for_bit(n_f, period, relative):
    panel = _panel(np.random.default_rng(n_f + period), n_f)
    scales, floors, nonneg = series_scales(panel, period, relative)
    with np.errstate(all="ignore"):
        one = [series_scale(x, period, relative) for x in panel]
    assert scales.shape == floors.shape == nonneg.shape == (len(panel), n_f)
    np.testing.assert_array_equal(scales, np.stack([s for s, _ in one]), strict=True)
    np.testing.assert_array_equal(floors, np.stack([f for _, f in one]), strict=True)
    np.testing.assert_array_equal(nonneg, np.stack([nonneg_of(x) for x in panel]), strict=True)
    assert (scales > 0).all() and np.isfinite(scales).all()


def test_one_dimensional_series_as_one_feature():
    rng = np.random.default_rng(5)
    panel = [rng.uniform(1, 3, n) for n in (3, 12, 13, 13, 40)]
    scales, floors, nonneg = series_scales(panel, 12)
    for i, x in enumerate(panel):
        s, f = series_scale(x, 12)
        assert scales[i, 0] == s[0] and floors[i, 0] == f[0] and nonneg[i, 0] == nonneg_of(x)[0]
