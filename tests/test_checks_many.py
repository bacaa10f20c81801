"""evaluate.checks_many through diagnose_many.diagnose_series: the forecast checks of every series
at once give the findings of the checks run a series at a time (what diagnose_series did), bit
for bit, on awkward series and near the checks' thresholds."""

import json

import numpy as np
import pytest

from wavecast.evaluate import diagnose_many as dm
from wavecast.evaluate.checks_many import SURE, Tri, _cmp


def _one_at_a_time(forecasts, truth, last, ids, tols, baselines, threshold, rows, period):
    """diagnose_series as it was: each series' checks in turn (dm._series_findings), every finding kept."""
    err = {k: np.mean((np.asarray(v, dtype=np.float64) - truth) ** 2, axis=2) for k, v in forecasts.items()}
    hits = {}
    for i, sel in enumerate(dm.rows_of(rows, len(ids))):
        if len(sel):
            for f in dm._series_findings(i, sel, forecasts, truth, last, err, float(tols[i]), baselines, threshold, period):
                hits.setdefault((f.name, f.forecaster), []).append((i, f))
    return [dm._summary(found, ids, [repr(i) for i in ids]) for found in hits.values()]


def _case(rng, h: int, n_f: int, max_rows: int):
    """Series of 0..max_rows rows each; truths and forecasts of every kind a check looks at."""
    n_s = 90
    rows = np.concatenate([np.full(int(rng.integers(0 if i % 11 == 0 else 1, max_rows + 1)), i) for i in range(n_s)])
    rows = rows[rng.permutation(len(rows))]
    b = len(rows)
    size = rng.choice([1e-12, 1.0, 1e3, 1e12], n_s)[rows][:, None, None]
    truth = size * (rng.normal(0, 1, (b, h, n_f)) + np.linspace(0, 3, h)[None, :, None])
    last = truth[:, 0] - size[:, 0] * rng.normal(0, 1, (b, n_f))
    kinds = rows % 9
    truth[kinds == 1] = 5.0  # constant
    truth[kinds == 2] = -np.abs(truth[kinds == 2])  # negatives
    truth[kinds == 3, : (h + 1) // 2 + 1] = 0.0  # intermittent: mostly 0
    net = truth + size * rng.normal(0, rng.uniform(0.01, 3), (b, 1, 1))
    net[kinds == 4] = last[kinds == 4][:, None, :]  # the last value repeated
    net[kinds == 5, 1:] = truth[kinds == 5, :-1]  # the truth a step late
    net[kinds == 6] = truth[kinds == 6].mean(axis=1, keepdims=True)  # flat
    net[kinds == 7] += size[kinds == 7] * np.linspace(0, 9, h)[None, :, None] ** 2  # diverging
    net[(kinds == 8) & (rows % 2 == 0), 0, 0] = np.nan  # a NaN forecast
    fc = {"LSTM": net, "last value": np.repeat(last[:, None], h, axis=1),
          "drift": truth + size * rng.normal(0, 1, (b, h, n_f)), "GRU": net[::-1].copy()}
    tols = 1e-2 * np.array([np.var(truth[rows == i]) if (rows == i).any() else 1.0 for i in range(n_s)])
    return fc, truth, last, [f"s{i}" for i in range(n_s)], tols, rows


@pytest.mark.parametrize("h", [1, 2, 3, 6, 12])
@pytest.mark.parametrize(("n_f", "max_rows", "period", "threshold"),
                         [(1, 1, 12, None), (1, 3, 1, None), (2, 2, 4, None), (1, 2, 12, 0.5)])
def test_every_series_at_once_equals_one_at_a_time_bit_for_bit(h, n_f, max_rows, period, threshold):
    rng = np.random.default_rng(h * 10 + n_f + max_rows)
    fc, truth, last, ids, tols, rows = _case(rng, h, n_f, max_rows)
    for baselines in (["last value", "drift"], ["drift"]):  # with and without the last value's reference
        with np.errstate(all="ignore"):
            want = _one_at_a_time(fc, truth, last, ids, tols, baselines, threshold, rows, period)
            got = dm.diagnose_series(fc, truth, last, ids, tols, baselines, threshold, rows=rows, period=period)
        if h >= 6:
            assert len(want) >= 4  # findings of several checks and both nets: the equality is about something
        assert json.dumps(got) == json.dumps(want)  # floats by repr (exact), NaN as NaN, the order kept


def test_a_comparison_too_close_to_call_goes_to_the_per_series_checks():
    a = np.array([1.0, 1.0, 1.0, 1.0, np.nan, np.inf])
    t = _cmp(a, np.array([2.0, 1.0 + SURE / 4, 1.0, 0.5, 1.0, 1.0]), np.less)
    assert t.value[:2].tolist() == [True, True] and t.unsure.tolist() == [False, True, True, False, True, True]
    yes, no, maybe = (Tri(np.array([v]), np.array([u])) for v, u in ((True, False), (False, False), (False, True)))
    assert not (no & maybe).unsure[0] and (yes & maybe).unsure[0]  # false and anything is false
    assert not (yes | maybe).unsure[0] and (no | maybe).unsure[0]  # true or anything is true
