"""A panel's pooled lagged-copy finding whose example series moves like a random walk gets the
random-walk advice, as that series alone does: EuStockMarkets' four indices in long form (wavecast
run --data eu_long.csv --id id --target value) read "the net learned 'tomorrow = today' ... more
epochs" for DAX, whose own run said the last value is the forecast to beat and more epochs will
not help. A panel of series with structure keeps the old advice."""

from types import SimpleNamespace

import numpy as np

from wavecast.config import Config
from wavecast.evaluate.diagnose_many import pool_diagnostics

H, N = 14, 300


def _pooled(make, net=None):
    rng = np.random.default_rng(0)
    series = [make(rng)[:, None] for _ in range(3)]
    origins = np.array([N] * 3)
    truth = np.stack([s[N : N + H] for s in series])  # (3, H, 1)
    last = np.stack([s[N - 1] for s in series])  # (3, 1)
    copy = np.repeat(last[:, None, :], H, axis=1)  # the net repeats the last value
    mean = np.stack([np.full((H, 1), s[:N].mean()) for s in series])
    at = SimpleNamespace(
        series=np.arange(3),
        origins=origins,
        truth=truth,
        forecasts={"LSTM": copy * 1.0001 if net is None else net(copy, mean), "last value": copy, "mean": mean},
    )
    splits = [SimpleNamespace(train_end=N) for _ in series]
    metrics = {"diagnostics": [], "baselines": {"names": ["last value", "mean"], "period": 1}}
    pool_diagnostics(
        metrics, at, series, splits, ["a", "b", "c"], ["last value", "mean"], Config().eval
    )
    return {d["name"]: d for d in metrics["diagnostics"]}


def test_a_panel_of_random_walks_is_advised_as_one_walk_is():
    found = _pooled(lambda rng: 100 + np.cumsum(rng.normal(size=N + H)))
    copy = found["lagged copy"]
    assert copy["advice"].startswith("series 'a' moves like a random walk (")
    assert "more epochs will not help" in copy["advice"] and "random_walk" in copy["details"]


def test_a_panel_with_structure_keeps_its_advice():
    t = np.arange(N + H)
    found = _pooled(lambda rng: 50 + 10 * np.sin(2 * np.pi * t / 12) + rng.normal(size=N + H))
    copy = found.get("lagged copy")
    assert copy is not None and "random walk" not in copy["advice"]


def test_a_panel_of_walks_the_net_did_not_copy_is_not_told_more_epochs():
    """The no-better finding of a net that did not copy the last value said "more epochs" on a panel
    of random walks (the single-series run, R's LakeHuron at seed 1, did too)."""
    found = _pooled(lambda rng: 100 + np.cumsum(rng.normal(size=N + H)), net=lambda copy, mean: mean + 0.3 * (copy - mean))
    assert "lagged copy" not in found
    said = found["no better than a baseline"]["advice"]
    assert said.startswith("use the baseline (") and "moves like a random walk (" in said, said
    assert "more epochs will not help" in said and "epochs (" not in said, said
