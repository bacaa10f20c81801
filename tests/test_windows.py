import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wavecast.errors import NotFittedError, ValidationError
from wavecast.windows import Scaler, WindowSet, make_windows, n_windows, split_in_time

SETTINGS = settings(max_examples=200, derandomize=True, deadline=None)


@SETTINGS
@given(
    n=st.integers(2, 300),
    input_len=st.integers(1, 50),
    horizon=st.integers(1, 20),
    stride=st.integers(1, 7),
    n_features=st.integers(1, 3),
)
def test_window_count_and_alignment(n, input_len, horizon, stride, n_features):
    series = np.arange(n * n_features, dtype=float).reshape(n, n_features)
    if n < input_len + horizon:
        with pytest.raises(ValidationError, match="needs >="):
            make_windows(series, input_len, horizon, stride)
        return
    x, y = make_windows(series, input_len, horizon, stride)
    assert x.shape == (n_windows(n, input_len, horizon, stride), input_len, n_features)
    assert y.shape == (len(x), horizon, n_features)
    starts = stride * np.arange(len(x))
    np.testing.assert_array_equal(x[:, 0, 0], series[starts, 0])
    # The target starts exactly where the inputs end.
    np.testing.assert_array_equal(y[:, 0], series[starts + input_len])
    assert np.shares_memory(x, series)  # a view, not a copy
    assert starts[-1] + input_len + horizon <= n < starts[-1] + stride + input_len + horizon


@SETTINGS
@given(n=st.integers(10, 400), test_len=st.integers(1, 40), val=st.floats(0, 0.5))
def test_no_window_crosses_a_split(n, test_len, val):
    if test_len >= n - 2:
        return
    split = split_in_time(n, test_len, val)
    assert 0 < split.train_end <= split.val_end == n - test_len
    series = np.arange(n, dtype=float)
    train, valid, test = split.parts(series)
    assert len(train) + len(valid) + len(test) == n
    if len(train) >= 3:
        x, y = make_windows(train, 2, 1)
        assert y.max() < split.train_end  # every target lies in the training part


@SETTINGS
@given(
    data=st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=2, max_size=100),
    shift=st.floats(-1e3, 1e3),
)
def test_scaler_round_trip(data, shift):
    x = np.asarray(data)[:, None]
    s = Scaler().fit(x)
    back = s.inverse_transform(s.transform(x + shift))
    np.testing.assert_allclose(back, x + shift, rtol=1e-9, atol=1e-6)


def test_scaler_uses_train_only_and_handles_constants():
    s = Scaler().fit(np.array([1.0, 2.0, 3.0]))
    assert s.mean_[0] == 2.0
    c = Scaler().fit(np.full(10, 5.0))
    assert c.constant_[0] and c.scale_[0] == 1.0
    np.testing.assert_array_equal(c.transform(np.full((3, 1), 5.0)), 0.0)
    with pytest.raises(NotFittedError):
        Scaler().transform(np.zeros(3))


def test_windowset_matches_make_windows_and_respects_segments():
    a, b = np.arange(10.0), 100 + np.arange(7.0)
    ws = WindowSet.from_segments([a, b], input_len=3, target_len=2)
    assert len(ws) == n_windows(10, 3, 2) + n_windows(7, 3, 2)
    x, y = ws.gather(np.arange(len(ws)))
    xa, ya = make_windows(a, 3, 2)
    np.testing.assert_array_equal(x[: len(xa)], xa)
    np.testing.assert_array_equal(y[: len(ya)], ya)
    # No window mixes the two series.
    mixed = (x.min(axis=(1, 2)) < 100) & (y.max(axis=(1, 2)) >= 100)
    assert not mixed.any()
    with pytest.raises(ValidationError, match="no training window fits"):
        WindowSet.from_segments([np.arange(3.0)], 3, 2)


def test_split_errors():
    with pytest.raises(ValidationError):
        split_in_time(10, 10)
    with pytest.raises(ValidationError, match="needs >= 45"):
        split_in_time(50, 10, 0.0, min_train=45)


def test_segments_back_to_back_in_memory_are_joined_without_a_copy():
    raw = np.arange(30.0)
    rows = list(raw.reshape(3, 10))
    ws = WindowSet.from_segments(rows, input_len=3, target_len=1)
    assert np.shares_memory(ws.series, raw)
    np.testing.assert_array_equal(ws.series[:, 0], raw)
    # Not back to back (reversed order, or separate arrays): a copy with the same values.
    rev = WindowSet.from_segments(rows[::-1], input_len=3, target_len=1)
    assert not np.shares_memory(rev.series, raw)
    np.testing.assert_array_equal(rev.series[:, 0], np.concatenate(rows[::-1]))
    apart = WindowSet.from_segments([np.arange(5.0), np.arange(5.0, 10.0)], 2, 1)
    np.testing.assert_array_equal(apart.series[:, 0], np.arange(10.0))
    assert len(ws) == 3 * (10 - 3 - 1 + 1) and ws.starts.dtype == np.int32
