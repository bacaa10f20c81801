"""transforms.rows: many rows transformed and inverted at once, each by its own series' transform,
equal bit for bit to SeriesTransform.transform / inverse a row at a time (what forecast_rows did);
global_net.constant_rows equal to np.ptp(row) == 0 a row at a time."""

import numpy as np
import pytest

from wavecast.forecasters.global_net import constant_rows
from wavecast.transforms import SeriesTransform
from wavecast.transforms.rows import inverse_rows, transform_rows


def _fitted(rng, season: int):
    """Transforms of every kind: log on and off, seasons subtracted, divided out or none, a second season."""
    out = []
    t = np.arange(120)
    for k in range(40):
        level = rng.uniform(5, 500)
        y = level * (1 + 0.3 * np.sin(2 * np.pi * t / season)) + rng.normal(0, 0.05 * level, len(t))
        if k % 5 == 1:
            y -= 2 * level  # negatives: no log
        if k % 5 == 2:
            y = rng.normal(0, 1, len(t))  # noise: no season
        mode = ("additive", "multiplicative", "smoother")[k % 3]
        log = ("positive", "never")[k % 2]
        out.append((SeriesTransform(season, log, season_mode=mode).fit(y[: int(rng.integers(30, 120))]), y))
    y2 = 50 + 10 * np.sin(2 * np.pi * t / 4) + 5 * np.sin(2 * np.pi * t / 24) + rng.normal(0, 0.1, len(t))
    out.append((SeriesTransform(4, "never", season2=24).fit(y2), y2))  # a second season: on its own
    return out


@pytest.mark.parametrize("season", [1, 4, 12])
def test_rows_at_once_equal_one_at_a_time_bit_for_bit(season):
    rng = np.random.default_rng(season)
    fitted = _fitted(rng, season)
    trs, rows, starts = [], [], []
    for _ in range(300):  # rows of several lengths, from anywhere in their series
        t, y = fitted[int(rng.integers(len(fitted)))]
        n = int(rng.choice([1, 2, 12, 13, 30]))
        a = int(rng.integers(0, len(y) - n))
        row = y[a:a + n].copy()
        if rng.random() < 0.1:
            row[int(rng.integers(n))] = rng.choice([np.nan, 0.0, -5.0])  # NaN, or a value under the log's floor
        trs.append(t)
        rows.append(row)
        starts.append(a)
    with np.errstate(all="ignore"):
        got = transform_rows(trs, rows, starts)
        want = [t.transform(r, start=s) for t, r, s in zip(trs, rows, starts, strict=True)]
    assert any(t.log_.on_ for t in trs) and (season == 1 or any(t.season_.on_ and t.season_.mult_ for t in trs))
    for g, w in zip(got, want, strict=True):
        np.testing.assert_array_equal(g, w, strict=True)
    z = rng.normal(0, 0.5, (len(trs), 7)) + np.array([np.log(40.0) if t.log_.on_ else 40.0 for t in trs])[:, None]
    with np.errstate(all="ignore"):
        back = inverse_rows(trs, z, starts)
        want = np.stack([t.inverse(r, start=s) for t, r, s in zip(trs, z, starts, strict=True)])
    np.testing.assert_array_equal(back, want, strict=True)


def test_constant_rows_as_ptp_row_by_row():
    rows = [np.full(5, 2.0), np.arange(5.0), np.zeros(0), np.full(1, 7.0), np.array([1.0, np.nan, 1.0]),
            np.full(3, -1.0), np.array([3.0, 3.0, 3.0 + 1e-15]), np.full(5, np.nan), np.full(5, 2, dtype=np.float32)]
    with np.errstate(all="ignore"):
        want = [b for b, r in enumerate(rows) if len(r) and np.ptp(r) == 0]
    assert constant_rows(rows) == want == [0, 3, 5, 8]
