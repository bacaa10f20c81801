"""A net that copies the last value, where no baseline beat the last value, and scores worse than it:
its lagged copy read "use the last value" (no fault, LAST_BEST) while its no-better line a step below
read "... or more epochs (direct.max_epochs)" (recursive: "more epochs (train.epochs)"). More epochs do
not mend a net that copies its input: the no-better line now says what the copy says, for one series,
over a backtest's origins and in a panel's pooled findings."""

from types import SimpleNamespace

import numpy as np
import pytest

from wavecast.config import Config
from wavecast.evaluate.advice import advise
from wavecast.evaluate.diagnose_many import pool_diagnostics
from wavecast.evaluate.metrics import evaluate
from wavecast.evaluate.net_checks import diagnose_forecasts

H = 6
COPY = "and the net, which repeats it (its lagged copy), scores worse than it; more epochs will not help"


def _one(off_sign: float, mean_at: float | None = 110.0, kind: str = "direct") -> dict:
    """One series' truth near its last value 100; the net the last value a hair off, on the side
    that makes it worse (off_sign 1) or better (-1); the mean at mean_at (None: the truth's mean)."""
    rng = np.random.default_rng(0)
    last = np.array([[100.0]])  # (B, F)
    truth = last[:, None, :] + rng.normal(0, 1, (1, H, 1))  # (B, H, F)
    lv = np.repeat(last[:, None, :], H, axis=1)
    lv_err = float(np.mean((lv - truth) ** 2))
    off = off_sign * 0.13 * np.sqrt(lv_err) * np.sign(float(np.mean(lv - truth)))  # within 2% of lv_err in MSE
    forecasts = {"last value": lv, "mean": np.full((1, H, 1), truth.mean() if mean_at is None else mean_at), "LSTM": lv + off}
    names = ["last value", "mean"]
    ev = evaluate(forecasts, truth, None, tol=1e-3)
    m = {"diagnostics": [f.to_dict() for f in diagnose_forecasts(forecasts, truth, last, ev, names, 1e-3)]}
    advise(m, kind, input_len=8)
    return {d["name"]: d for d in m["diagnostics"]}


@pytest.mark.parametrize("kind", ["direct", "recursive"])
def test_a_copy_behind_the_last_value_is_told_what_its_copy_is_told(kind):
    found = _one(1.0, kind=kind)
    copy, behind = found["lagged copy"], found["no better than a baseline"]
    assert copy["details"]["last_value_best"] is True and behind["details"]["baseline"] == "last value"
    said = behind["advice"]
    assert said.startswith(f"no baseline beat the last value on this held-out end, {COPY}"), said
    assert "epochs (" not in said and "use the last value, or give the net drivers" in said
    assert behind["details"]["last_value_best"] is True


def test_where_a_baseline_beat_the_last_value_the_advice_stays():
    found = _one(1.0, mean_at=None)  # the mean (at the truth's level) beats the last value
    assert "last_value_best" not in found["lagged copy"]["details"]
    assert found["no better than a baseline"]["advice"].startswith("use the baseline, or give the net")


def test_a_backtests_copy_behind_the_last_value_says_its_origins():
    from wavecast.evaluate.finding import make_finding
    from wavecast.evaluate.net_checks import copy_behind_last_value

    copy = make_finding("lagged copy", "LSTM", "LSTM repeats the last observed value", lag=0, last_value_best=True)
    f = make_finding("no better than a baseline", "LSTM", "last value beats LSTM", baseline="last value")
    said = copy_behind_last_value(f, copy, 8).advice
    assert said.startswith(f"no baseline beat the last value over these 8 origins, {COPY}"), said
    assert "held-out end" not in said and said.endswith("(--past, --future).")


def _pooled(offs: list[float]) -> dict:
    """Three series of noise around 50 whose last trained value is 53 and whose held-out ends stay near
    it (below it, in this draw); a net that repeats the last value off by offs (3,), worse where below
    0; baselines last value and mean."""
    n = 200
    rng = np.random.default_rng(0)
    series = []
    for _ in range(3):
        y = 50 + rng.normal(size=n + H)
        y[n - 1] = 53.0
        y[n:] = 53.0 + rng.normal(size=H)
        series.append(y[:, None])
    rows, origins = np.arange(3), np.full(3, n)
    truth = np.stack([s[n:] for s in series])  # (B, H, 1)
    copy = np.repeat(np.stack([s[n - 1] for s in series])[:, None, :], H, axis=1)
    mean = np.stack([np.full((H, 1), s[:n].mean()) for s in series])
    at = SimpleNamespace(series=rows, origins=origins, truth=truth,
                         forecasts={"LSTM": copy + np.array(offs)[:, None, None], "last value": copy, "mean": mean})
    names = ["last value", "mean"]
    metrics = {"diagnostics": [], "baselines": {"names": names, "period": 1}}
    pool_diagnostics(metrics, at, series, [SimpleNamespace(train_end=n)] * 3, ["a", "b", "c"], names, Config().eval)
    advise(metrics, "direct", input_len=8)
    return {d["name"]: d for d in metrics["diagnostics"]}


@pytest.mark.parametrize(("offs", "sid"), [([-0.1] * 3, "a"), ([0.1, -0.1, -0.1], "b")])
def test_a_panels_copy_behind_the_last_value_is_told_what_its_copy_is_told(offs, sid):
    """Judged on the no-better finding's example series, which need not be the copy's ('a')."""
    found = _pooled(offs)
    copy = found["lagged copy"]
    assert copy["details"]["example"]["series"] == "a" and copy["details"]["last_value_best"] is True
    behind = found["no better than a baseline"]
    assert behind["details"]["example"]["series"] == sid
    said = behind["advice"]
    assert said.startswith(f"in series '{sid}'") and f"no baseline beat the last value on its held-out end, {COPY}" in said, said
    assert "epochs (" not in said and behind["details"]["last_value_best"] is True
