"""The M3 benchmark's scores (sMAPE, MASE) on hand-computed cases, and its harness: the
table, the medians over seeds, a library that is missing."""

import json

import numpy as np
import pytest
from benchmarks import m3
from benchmarks.m3_metrics import mase, mase_scale, score, smape


def test_smape_and_mase_by_hand():
    assert smape([100, 200], [110, 200]) == pytest.approx(100 * (20 / 210) / 2)
    assert smape([0.0], [0.0]) == 0.0
    insample = np.array([1.0, 2.0, 4.0, 8.0, 9.0])
    assert mase_scale(insample, 1) == pytest.approx((1 + 2 + 4 + 1) / 4)
    assert mase_scale(insample, 2) == pytest.approx((3 + 6 + 5) / 3)
    assert mase([10, 12], [11, 10], insample, 2) == pytest.approx(1.5 / (14 / 3))
    s = score([insample, insample], [np.array([10.0, 12.0])] * 2, np.array([[11, 10], [10, 12]]), 2)
    assert s["mase"] == pytest.approx(0.75 / (14 / 3)) and s["n_series"] == 2
    with pytest.raises(ValueError, match="non-finite"):
        score([insample], [np.array([1.0])], np.array([[np.nan]]), 1)


def _run(seed, mase_, wall):
    g = {"mase": mase_, "smape": 10.0 + seed, "wall_s": wall, "n_series": 2}
    return {"ok": True, "seed": seed, "groups": {"yearly": dict(g), "other": dict(g)}}


def test_summary_takes_medians_over_seeds_and_pools_groups():
    res = m3.summarise([_run(0, 1.0, 3.0), _run(1, 3.0, 1.0), _run(2, 2.0, 2.0)], ["yearly", "other"])
    assert res["groups"]["yearly"]["seed0"]["mase"] == 1.0
    assert res["groups"]["yearly"]["median"] == {"mase": 2.0, "smape": 11.0, "wall_s": 2.0}
    assert res["groups"]["all"]["seed0"]["wall_s"] == 6.0  # the groups' seconds add up
    text = m3.table({"wavecast": res, "autoets": {"ok": False, "error": "not installed (statsforecast)"}},
                    ["yearly", "other"])
    assert "| wavecast (median of 3 seeds) | all | 2.000 | 11.00 | 4.0 | — |" in text
    assert "not installed (statsforecast)" in text


def test_a_missing_library_is_a_row_not_a_failure(tmp_path, monkeypatch):
    monkeypatch.setattr(m3, "interpreter", lambda system: None)
    doc = m3.main(["--group", "other", "--systems", "autoets,naive", "--out", str(tmp_path)])
    assert doc["results"]["autoets"] == {"ok": False, "error": "not installed (statsforecast)"}
    saved = json.loads((tmp_path / "m3-other.json").read_text())
    assert "not installed" in saved["table"]


def test_gap_report_sums_per_series_differences(tmp_path):
    from benchmarks import m3_gap
    from benchmarks.m3_data import load

    data = load("other")
    naive = np.stack([np.repeat(y[-1], data.horizon) for y in data.train])
    worse = naive.copy()
    worse[:3] += 1000.0  # the net worse on three series only
    np.savez(tmp_path / "wavecast-other-s0.npz", forecast=worse, logged_view=worse, raw_view=naive,
             logged=np.ones(len(naive), bool), deseason=np.zeros(len(naive), bool), wall_s=1.0)
    np.savez(tmp_path / "autoets-other.npz", forecast=naive, wall_s=1.0)
    res = m3_gap.report("other", "autoets", False, 0, top=5, out=tmp_path)
    diffs = [mase(y, f, x, 1) - mase(y, g, x, 1)
             for x, y, f, g in zip(data.train[:3], data.test[:3], worse[:3], naive[:3], strict=True)]
    assert res["sum_gap"] == pytest.approx(sum(diffs)) and res["n_lose"] == 3
    assert res["share_top_losers_of_net_gap"][10] == pytest.approx(1.0)
    assert res["mase_raw_view"] == pytest.approx(res["mase_stat"])
    assert {r["i"] for r in res["top_losers"][:3]} == {0, 1, 2}


def test_view_weights_score_each_mixture_of_the_two_views(tmp_path):
    from benchmarks import m3_gap
    from benchmarks.m3_data import load

    data = load("other").holdout(2)  # an earlier origin: its files are named by it
    naive = np.stack([np.repeat(y[-1], data.horizon) for y in data.train])
    logged = naive + 10.0
    np.savez(tmp_path / "wavecast-other-val2-s0.npz", forecast=(naive + logged) / 2, logged_view=logged,
             raw_view=naive, logged=np.ones(len(naive), bool), deseason=np.zeros(len(naive), bool), wall_s=1.0)
    res = m3_gap.views("other", 2, 0, out=tmp_path)
    for w in m3_gap.VIEW_WEIGHTS:
        f = naive + 10.0 * w
        want = np.mean([mase(y, fi, x, 1) for x, y, fi in zip(data.train, data.test, f, strict=True)])
        assert res[f"w={w}"]["mase"] == pytest.approx(want)
    assert res["w=0.0"]["mase"] != pytest.approx(res["w=1.0"]["mase"])
