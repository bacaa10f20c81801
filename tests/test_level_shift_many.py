"""evaluate.level_shift_many: the level-shift check of every series at once, equal bit for bit to
breaks.level_shift_finding called a series at a time (what diagnose_many did)."""

import numpy as np
import pytest

from wavecast.evaluate.breaks import level_shift_finding
from wavecast.evaluate.level_shift_many import level_shift_findings

H = 6


def _panel(rng, n_f: int, period: int) -> list[np.ndarray]:
    """Series of several lengths and kinds, about half of them with a break in their last H points."""
    out = []
    for _ in range(80):
        n = int(rng.integers(2, 70))
        x = 100 + np.cumsum(rng.normal(0, 1, (n, n_f)), axis=0) + 5 * np.sin(2 * np.pi * np.arange(n) / period)[:, None]
        if rng.random() < 0.5 and n > H:
            x[n - int(rng.integers(1, H + 1)):] += rng.choice([-1, 1]) * rng.uniform(20, 200)  # a break
        out.append(x)
    step = np.r_[np.full(40, 10.0), np.full(H, 50.0)]
    out += [
        np.full((46, n_f), 7.0),  # constant: scale from 1e-6 of its size, no shift
        np.zeros((46, n_f)),  # all zeros: not judged
        np.r_[np.zeros((40, n_f)), np.full((H, n_f), 9.0)],  # mostly zeros, then a jump: not judged
        np.column_stack([step] * n_f),  # a clean step
        np.column_stack([-step] * n_f),  # negatives: a step down
        np.column_stack([step * 1e300] * n_f),  # differences overflow to inf
        np.full((1, n_f), 3.0),  # one point
        np.zeros((0, n_f)),  # no values
        np.r_[np.full((3, n_f), np.nan), np.column_stack([step] * n_f)],  # NaN before the history
        np.r_[np.column_stack([step[:20]] * n_f), np.full((2, n_f), np.nan), np.column_stack([step[20:]] * n_f)],
        np.r_[np.column_stack([step[:-2]] * n_f), np.full((1, n_f), np.nan), np.column_stack([step[-1:]] * n_f)],  # NaN truth
        np.column_stack([np.r_[np.arange(30.0), np.full(16, -300.0)]] * n_f),  # a trend, then a break
    ]
    if n_f > 1:
        out.append(np.column_stack([np.full(46, 1.0), step] + [np.ones(46)] * (n_f - 2)))  # the second feature shifts
    return out


@pytest.mark.parametrize("n_f", [1, 2])
@pytest.mark.parametrize("period", [1, 4, 12])
def test_all_series_at_once_equal_one_at_a_time_bit_for_bit(n_f, period):
    rng = np.random.default_rng(n_f * 100 + period)
    panel = _panel(rng, n_f, period)
    rows, origins = [], []
    for i, x in enumerate(panel):  # one origin a series (a held-out end), several (a backtest), or none
        k = [max(0, len(x) - H)] if i % 3 else sorted(rng.integers(0, len(x) + 1, int(rng.integers(0, 4))).tolist())
        rows += [i] * len(k)
        origins += k
    rows, origins = np.array(rows), np.array(origins)
    perm = rng.permutation(len(rows))  # rows in any order: each series' origins keep theirs
    rows, origins = rows[perm], origins[perm]
    got = level_shift_findings(panel, rows, origins, H, period)
    with np.errstate(all="ignore"):
        want = {i: f for i in range(len(panel))
                if (f := level_shift_finding(panel[i], origins[rows == i], H, period)) is not None}
    assert len(want) > 10  # the check fires on many of them, so the equality is about something
    assert got.keys() == want.keys()
    for i, f in want.items():
        assert got[i] == f, i  # every field: the step, the shift and scale (floats, ==), the message


def test_one_dimensional_series_and_one_origin_each():
    x = [np.r_[np.full(40, 10.0), np.full(H, 50.0)], np.arange(46.0), np.full(46, 2.0)]
    got = level_shift_findings(x, np.arange(3), np.full(3, 40), H, 1)
    assert list(got) == [0] and got[0] == level_shift_finding(x[0], [40], H, 1)
    assert got[0].details["step"] == 1 and got[0].details["shift"] == 40.0
