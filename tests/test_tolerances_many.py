"""metrics.tolerances and extremes.may_have_extremes: every training part at once, the same as
metrics.tolerance bit for bit, and never a part extremes.extreme_points finds a point in left out."""

import numpy as np
import pytest

from wavecast.evaluate.extremes import extreme_notes, extreme_points, may_have_extremes
from wavecast.evaluate.metrics import tolerance, tolerances


def _parts(rng, n_f: int) -> list[np.ndarray]:
    """Training parts of several lengths and kinds: each branch of robust_variance and extreme_points."""
    out = []
    for _ in range(60):
        n = int(rng.integers(1, 40))
        x = rng.uniform(1, 1e4) * (1 + np.cumsum(rng.normal(0, 0.05, (n, n_f)), axis=0))
        if rng.random() < 0.3 and n > 8:
            x[int(rng.integers(1, n - 1))] *= rng.choice([-50, 50])  # a spike: clipped, and an extreme point
        out.append(x)
    out += [
        np.full((30, n_f), 5.0),  # constant: its own magnitude
        np.zeros((20, n_f)),  # all zeros: the smallest float
        np.r_[np.zeros((15, n_f)), np.ones((3, n_f))],  # MAD 0: not clipped
        -np.abs(rng.normal(0, 3, (25, n_f))),  # negatives
        np.full((1, n_f), 3.0),  # one point
        np.r_[rng.normal(0, 1, (10, n_f)), np.full((1, n_f), np.nan)],  # a NaN
        np.r_[rng.normal(0, 1, (10, n_f)), np.full((1, n_f), np.inf)],  # an inf
        np.r_[np.full((6, n_f), 2.0), np.full((1, n_f), 1e6), np.full((6, n_f), 2.0)],  # steps: no scale
        np.r_[np.arange(20.0), [500.0], np.arange(21.0, 40.0)][:, None].repeat(n_f, axis=1),  # a spike on a trend
    ]
    return out


@pytest.mark.parametrize("n_f", [1, 3])
@pytest.mark.parametrize("rel_tol", [1e-2, 1e-9])
def test_every_part_at_once_equals_one_at_a_time_bit_for_bit(n_f, rel_tol):
    parts = _parts(np.random.default_rng(n_f), n_f)
    with np.errstate(all="ignore"):
        want = np.array([tolerance(x, rel_tol) for x in parts])
        got = tolerances(parts, rel_tol)
    np.testing.assert_array_equal(got, want, strict=True)  # NaN where the part has one, as tolerance
    assert np.isfinite(want).sum() > 60


def test_one_dimensional_parts():
    parts = [np.arange(n, dtype=float) ** 2 for n in (1, 5, 5, 12)]
    assert tolerances(parts, 0.1).tolist() == [tolerance(x, 0.1) for x in parts]


@pytest.mark.parametrize("n_f", [1, 2])
def test_the_screen_keeps_every_part_with_an_extreme_point(n_f):
    parts = _parts(np.random.default_rng(10 + n_f), n_f)
    with np.errstate(all="ignore"):
        found = [i for i, x in enumerate(parts) if extreme_points(x)]
        kept = may_have_extremes(parts).tolist()
    assert len(found) > 5 and set(found) <= set(kept)
    assert len(kept) < len(parts) // 2  # it screens: most parts never reach extreme_points
    names = [f"'s{i}'" for i in range(len(parts))]
    notes = extreme_notes(parts, [len(x) for x in parts], names, lambda i, p: f"point {p}")
    assert notes[0].startswith(f"extreme value in the training data: {names[found[0]]} at point ")
    assert f"of {len(found) - 3} more series" in notes[-1]
