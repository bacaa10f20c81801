import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wavecast.data.scaling import Scaler
from wavecast.data.windows import WindowSet, make_windows, n_windows, split_in_time
from wavecast.errors import NotFittedError, ValidationError

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
    if x.max() != x.min() and x.std() < np.finfo(np.float64).tiny:  # varies within subnormals: refused
        with pytest.raises(ValidationError, match="subnormal numbers"):
            Scaler().fit(x)
        return
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


def _old_starts(lengths, input_len, target_len, stride):
    """Start offsets as WindowSet.from_segments stored them before the lazy index, one a window."""
    out, at = [], 0
    for n in lengths:
        out.append(at + stride * np.arange(n_windows(n, input_len, target_len, stride)))
        at += n
    return np.concatenate(out).astype(np.int32)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(0, 30), min_size=1, max_size=8), st.integers(1, 5), st.integers(1, 3),
       st.integers(1, 4), st.data())
def test_lazy_index_gives_the_starts_and_batches_of_the_explicit_array(lengths, input_len, target_len,
                                                                       stride, data):
    import hashlib

    import torch

    from wavecast.training.batches import Batches as _Batches

    span = input_len + target_len
    if not any(n >= span for n in lengths):
        with pytest.raises(ValidationError, match="no training window fits"):
            WindowSet.from_segments([np.zeros(n) for n in lengths], input_len, target_len, stride)
        return
    raw = np.arange(float(sum(lengths))) ** 1.5
    segs = np.split(raw, np.cumsum(lengths)[:-1])  # empty and short segments included
    ws = WindowSet.from_segments(segs, input_len, target_len, stride)
    ref = _old_starts(lengths, input_len, target_len, stride)
    old = WindowSet(raw, ref, input_len, target_len)
    assert ws.lazy and not old.lazy and len(ws) == len(ref)
    np.testing.assert_array_equal(ws.starts, ref)
    idx = np.array(data.draw(st.lists(st.integers(0, len(ref) - 1), min_size=1, max_size=20)))
    for a, b in zip(ws.gather(idx), old.gather(idx), strict=True):
        np.testing.assert_array_equal(a, b)
    lazy_b, old_b = (_Batches(w, torch.float32, torch.device("cpu")) for w in (ws, old))
    for sel in (torch.as_tensor(idx.astype(np.int32)), slice(1, None, 2), slice(None)):
        for a, b in zip(lazy_b.get(sel), old_b.get(sel), strict=True):
            assert torch.equal(a, b)
    # The identity hash reads the same bytes as hashing the series and the starts array whole.
    h_old = hashlib.sha256()
    for arr in (np.ascontiguousarray(old.series), ref):
        h_old.update(arr.dtype.str.encode())
        h_old.update(arr.tobytes())
    h_new = hashlib.sha256()
    for block in ws.fingerprint_blocks(chunk=3):  # small chunks: the seams are exercised
        h_new.update(block)
    assert h_new.hexdigest() == h_old.hexdigest()
    with pytest.raises(IndexError):
        ws.locate(np.array([len(ws)]))


def test_lazy_index_stores_nothing_per_window():
    import tracemalloc

    rows = list(np.zeros((1000, 1040)))  # 1000 series: 1,000,000 windows of 40 + 1
    tracemalloc.start()
    ws = WindowSet.from_segments(rows, 40, 1)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(ws) == 1_000_000
    assert peak < 400_000, peak  # the int32 starts alone were 4,000,000 bytes
    per_window = [k for k, v in vars(ws).items() if isinstance(v, np.ndarray) and k != "series" and v.size > 1000]
    assert per_window == []
