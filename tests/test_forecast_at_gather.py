"""evaluate.forecast_at's contexts and truths cut by one gather from all series laid end to
end: equal to slicing each row from its own series (what the loop over series did)."""

import numpy as np
import pytest

from wavecast.errors import ValidationError
from wavecast.evaluate.forecast_at import _contexts, _gather, _truth


def _by_row(xs, rows, starts, n):
    out = np.full((len(rows), n, xs[0].shape[1]), np.nan)
    for b, (i, s) in enumerate(zip(rows, starts, strict=True)):
        for t in range(n):
            if 0 <= s + t < len(xs[i]):
                out[b, t] = xs[i][s + t]
    return out


@pytest.mark.parametrize("n_f", [1, 2])
def test_gather_equals_each_row_sliced_from_its_series(n_f, monkeypatch):
    rng = np.random.default_rng(n_f)
    xs = [rng.normal(0, 1, (int(n), n_f)) for n in rng.integers(1, 30, 40)]
    xs[3] = np.full((6, n_f), 7.0)  # constant
    xs[4][:] = 0.0  # zeros
    rows = rng.integers(0, len(xs), 300)
    starts = rng.integers(-12, 35, 300)  # before the start and past the end: NaN
    monkeypatch.setattr("wavecast.evaluate.forecast_at.CONTEXT_BLOCK", 50)  # many blocks
    for n in (1, 5, 12):
        np.testing.assert_array_equal(_gather(xs, rows, starts, n), _by_row(xs, rows, starts, n))


def test_contexts_and_truth_pad_with_nan_and_keep_order():
    xs = [np.arange(1.0, 11.0)[:, None], np.arange(100.0, 104.0)[:, None]]  # lengths 10 and 4
    rows, at = np.array([1, 0, 1, 0]), np.array([4, 3, 2, 10])
    ctx = _contexts(xs, rows, at, 5)
    np.testing.assert_array_equal(ctx[:, :, 0], [[np.nan, 100, 101, 102, 103], [np.nan, np.nan, 1, 2, 3],
                                                 [np.nan] * 3 + [100, 101], [6, 7, 8, 9, 10]])
    np.testing.assert_array_equal(_truth(xs, rows, at, 3)[:, :, 0],
                                  [[np.nan] * 3, [4, 5, 6], [102, 103, np.nan], [np.nan] * 3])
    with pytest.raises(ValidationError, match="past its series' end"):
        _contexts(xs, np.array([1]), np.array([5]), 2)


def test_one_series_evenly_spaced_is_a_view_with_the_same_values():
    x = [np.arange(50.0)[:, None]]
    at = np.arange(3, 50, 4)
    view = _contexts(x, np.zeros(len(at), np.int64), at, 8, shared=True)  # whole histories, left-padded
    assert not view.flags.owndata
    np.testing.assert_array_equal(view, _by_row(x, np.zeros(len(at), np.int64), at - 8, 8))


def test_rows_of_each_series_as_a_scan_of_every_row_finds_them():
    from wavecast.evaluate.diagnose_many import rows_of

    rows = np.random.default_rng(0).integers(0, 9, 200)
    rows[rows == 4] = 3  # a series with no rows
    got = rows_of(rows, 11)  # and two past the last row's series
    assert len(got) == 11
    for i, sel in enumerate(got):
        np.testing.assert_array_equal(sel, np.flatnonzero(rows == i))
    assert [len(s) for s in rows_of(np.zeros(0, np.int64), 2)] == [0, 0]
