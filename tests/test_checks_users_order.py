"""The checks over many series list the series in the order the data gives them: a panel whose
file gives shops 'd', 'c', 'b' said "no better than a baseline (LSTM): in 3 of 4 series ('b', 'c',
'd'); in series 'b': ..." (their ids' canonical order, which the run keeps so that what it learns
never depends on the order of the rows). Now "('d', 'c', 'b'); in series 'd'", as the tables of
each series (all_series.per_series) already list them."""

from __future__ import annotations

import numpy as np
import pandas as pd

import wavecast
from wavecast.evaluate.diagnose_many import diagnose_series

H = 6


def test_a_findings_series_follow_the_rank_given():
    t = np.arange(40)
    truth = np.stack([np.sin(t[30:36] / 2 + k) for k in range(3)])[:, :, None]  # (3, H, 1)
    last = np.array([[0.5], [-0.4], [0.2]])
    net = np.repeat(last[:, None], H, axis=1)  # every series: its last value repeated
    out = diagnose_series({"LSTM": net, "last value": np.repeat(last[:, None], H, axis=1)}, truth, last,
                          ["a", "b", "c"], np.full(3, 1e-6), ["last value"], rank=np.array([2, 1, 0]))
    (copy,) = [d for d in out if d["name"] == "lagged copy"]
    assert copy["message"].startswith("in 3 of 3 series ('c', 'b', 'a'); in series 'c': "), copy["message"]
    assert copy["details"]["series"] == ["c", "b", "a"] and copy["details"]["example"]["series"] == "c"
    plain = diagnose_series({"LSTM": net, "last value": np.repeat(last[:, None], H, axis=1)}, truth, last,
                            ["a", "b", "c"], np.full(3, 1e-6), ["last value"])  # no rank: the ids' order
    assert [d for d in plain if d["name"] == "lagged copy"][0]["details"]["series"] == ["a", "b", "c"]


def _panel() -> pd.DataFrame:
    """Four monthly series given 'a', 'd', 'c', 'b' (tests/test_diagnose_many's panel, reordered):
    'b'..'d' repeat exactly every 12 months, so seasonal naive beats the net in each."""
    rng = np.random.default_rng(1)
    t = pd.date_range("2000-01-01", periods=60, freq="MS")
    season = 10 + 3 * np.sin(np.arange(60) * 2 * np.pi / 12)
    vals = {"a": season + np.cumsum(rng.normal(size=60)), "d": season + 5, "c": 2 * season, "b": season}
    return pd.DataFrame([(k, tt, v) for k, y in vals.items() for tt, v in zip(t, y, strict=True)],
                        columns=["shop", "month", "sales"])


def test_a_panels_findings_list_its_series_in_the_datas_order(recwarn):
    f = wavecast.fit(_panel(), target="sales", time="month", id="shop", horizon=H, test_len=H,
                     direct__max_epochs=2, direct__hidden_size=4, direct__deseason=False)
    beaten = [d for d in f.metrics["diagnostics"] if d["name"] == "no better than a baseline" and "of" in d["details"]]
    assert beaten, f.metrics["diagnostics"]
    got = beaten[0]["details"]["series"]
    assert {"b", "c", "d"} <= set(got) and got == [s for s in ["a", "d", "c", "b"] if s in got], got
    first = got[0]
    assert f"; in series {first!r}: " in beaten[0]["message"] and beaten[0]["details"]["example"]["series"] == first
    listed = ", ".join(repr(s) for s in got)
    assert f" series ({listed}); " in beaten[0]["message"], beaten[0]["message"]
