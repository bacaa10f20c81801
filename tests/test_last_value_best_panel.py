"""A panel's pooled lagged copy of the last value, where no baseline beat the last value on its example
series, is no fault, as that series alone is told (tests/test_lagged_copy_last_value_best.py): the
pooled finding kept "the net learned 'tomorrow = today' ... more epochs (direct.max_epochs)". Judged
on the example series, as the walk is (walk_many); how many of the listed series share it is said."""

from types import SimpleNamespace

import numpy as np

from wavecast.config import Config
from wavecast.evaluate.advice import advise
from wavecast.evaluate.diagnose_many import pool_diagnostics

H, N = 8, 200


def _pooled(near_last: list[bool], origins_each: int = 1) -> dict:
    """Three series of noise around 50 whose last trained value is 53 (no random walk: the level
    reverts), each held-out end near its last value (near_last) or back at the mean; a net that
    repeats the last value a hair off it; baselines last value and mean. origins_each: a backtest's."""
    rng = np.random.default_rng(0)
    series, rows, origins = [], [], []
    for i, near in enumerate(near_last):
        y = 50 + rng.normal(size=N + H * origins_each)
        for k in range(origins_each):
            o = N + k * H
            y[o - 1] = 53.0
            y[o : o + H] = (53.0 if near else 50.0) + 0.1 * rng.normal(size=H)
            rows.append(i)
            origins.append(o)
        series.append(y[:, None])
    origins = np.array(origins)
    truth = np.stack([series[i][o : o + H] for i, o in zip(rows, origins, strict=True)])  # (B, H, 1)
    last = np.stack([series[i][o - 1] for i, o in zip(rows, origins, strict=True)])  # (B, 1)
    copy = np.repeat(last[:, None, :], H, axis=1)
    mean = np.stack([np.full((H, 1), series[i][:N].mean()) for i in rows])
    at = SimpleNamespace(series=np.array(rows), origins=origins, truth=truth,
                         forecasts={"LSTM": copy * 1.0001, "last value": copy, "mean": mean})
    names = ["last value", "mean"]
    metrics = {"diagnostics": [], "baselines": {"names": names, "period": 1}}
    pool_diagnostics(metrics, at, series, [SimpleNamespace(train_end=N)] * 3, ["a", "b", "c"], names, Config().eval)
    advise(metrics, "direct", input_len=8)
    return {d["name"]: d for d in metrics["diagnostics"]}


def test_a_panels_copy_of_a_last_value_no_baseline_beat_is_no_fault():
    copy = _pooled([True, True, True])["lagged copy"]
    said = copy["advice"]
    assert said.startswith("in series 'a' (3 of the 3 series listed), no baseline beat the last value on its "
                           "held-out end, so repeating it is no fault there"), said
    assert "tomorrow" not in said and "max_epochs" not in said and "use the last value" in said
    assert copy["details"]["last_value_best"] is True and "random_walk" not in copy["details"]
    found = _pooled([False, False, False])  # the mean beat the last value in every series: the advice stays
    assert found["lagged copy"]["advice"].startswith("the net learned 'tomorrow = today'")
    assert "last_value_best" not in found["lagged copy"]["details"]


def test_the_series_that_share_it_are_counted_and_a_backtest_says_its_origins():
    said = _pooled([True, False, True])["lagged copy"]["advice"]
    assert said.startswith("in series 'a' (2 of the 3 series listed), no baseline beat"), said
    said = _pooled([True, True, True], origins_each=3)["lagged copy"]["advice"]
    assert "no baseline beat the last value over its 3 origins" in said and "One held-out end" not in said, said


def test_a_panels_flat_line_at_a_last_value_no_baseline_beat_is_no_fault():
    from wavecast.evaluate.last_value_many import last_value_pooled

    truth = np.array([[[1.0], [-1.0], [1.0], [-1.0]]])  # (1, 4, 1): around the last value, 0
    zero = np.zeros_like(truth)
    at = SimpleNamespace(series=np.array([0]), truth=truth,
                         forecasts={"LSTM": zero + 0.01, "last value": zero, "theta": 0.5 * truth[:, ::-1]})
    flat = {"name": "flat line", "forecaster": "LSTM", "advice": "the net predicts the mean. Train longer",
            "details": {"n_series": 1, "series": ["a"], "example": {"series": "a"}}}
    said = last_value_pooled([flat], at, ["a"], ["'a'"], np.array([0.01]), ["last value", "theta"])[0]
    assert said["advice"].startswith("in series 'a', no baseline beat the last value on its held-out end, which is "
                                     "as flat as this forecast, so the flatness is no fault there"), said["advice"]
    at.forecasts["theta"] = 0.5 * truth  # a baseline that moves with the truth beat the last value: the advice stays
    assert last_value_pooled([flat], at, ["a"], ["'a'"], np.array([0.01]), ["last value", "theta"])[0] is flat
