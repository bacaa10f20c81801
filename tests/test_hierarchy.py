"""wavecast.aggregate and wavecast.reconcile: the sums of a hierarchy, and forecasts made to respect them."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.errors import ValidationError
from wavecast.hierarchy import METHODS, Hierarchy, aggregate, projection, reconcile


def _bottom(n: int = 12, seed: int = 0) -> pd.DataFrame:
    """Six bottom series: 2 states x 3 regions, positive, monthly."""
    rng = np.random.default_rng(seed)
    t = pd.date_range("2020-01-01", periods=n, freq="MS")
    rows = [pd.DataFrame({"t": t, "state": s, "region": f"r{r}", "y": rng.uniform(1, 100, n)})
            for s in ("A", "B") for r in range(3)]
    return pd.concat(rows, ignore_index=True)


def _frame(h: Hierarchy, values: np.ndarray, times) -> pd.DataFrame:
    """A predict()-like frame: values (H, len(ids))."""
    return pd.DataFrame({"id": np.repeat(h.ids, len(times)), "t": np.tile(times, len(h.ids)),
                         "forecast": values.T.reshape(-1)})


def _wide(frame: pd.DataFrame, h: Hierarchy, col: str = "forecast") -> np.ndarray:
    return frame.pivot(index="t", columns="id", values=col)[list(h.ids)].to_numpy()


def test_aggregate_sums_each_level_from_the_bottom_series():
    data = _bottom()
    panel, h = aggregate(data, "y", "t", [["state"], ["state", "region"]])
    assert h.ids[:3] == ("total", "A", "B")
    assert h.bottom == tuple(f"{s}/r{r}" for s in "AB" for r in range(3))
    assert h.ids[3:] == h.bottom and h.S.shape == (9, 6)
    wide = panel.pivot(index="t", columns="id", values="y")
    by_state = data.groupby(["t", "state"])["y"].sum().unstack()
    np.testing.assert_allclose(wide["total"], data.groupby("t")["y"].sum())
    np.testing.assert_allclose(wide["A"], by_state["A"])
    np.testing.assert_allclose(wide["B/r2"], data[(data.state == "B") & (data.region == "r2")]["y"])
    assert h.keys_of[0] == () and h.keys_of[1] == ("state",) and h.keys_of[-1] == ("state", "region")


def test_a_grouped_structure_holds_every_cross():
    data = _bottom().rename(columns={"region": "kind"})
    _, h = aggregate(data, "y", "t", [["state"], ["kind"], ["state", "kind"]])
    assert len(h.ids) == 1 + 2 + 3 + 6  # total, states, kinds, bottom
    assert h.S[h.ids.index("r1")].sum() == 2 and h.S[h.ids.index("A")].sum() == 3


def test_ols_and_wls_struct_as_computed_by_hand():
    # total a, bottom b1 and b2; a^ = 10, b1^ = 3, b2^ = 4 (incoherent: 3 + 4 != 10).
    # OLS: P = (S'S)^-1 S' = [[1, 2, -1], [1, -1, 2]] / 3 -> b1 4, b2 5, total 9.
    # WLS (W = diag(2, 1, 1)): P = [[.25, .75, -.25], [.25, -.25, .75]] -> b1 3.75, b2 4.75, total 8.5.
    h = Hierarchy(("t", "b1", "b2"), ("b1", "b2"), np.array([[1.0, 1.0], [1.0, 0.0], [0.0, 1.0]]))
    f = _frame(h, np.array([[10.0, 3.0, 4.0]]), [0])
    np.testing.assert_allclose(_wide(reconcile(f, h, "ols"), h)[0], [9, 4, 5])
    np.testing.assert_allclose(_wide(reconcile(f, h, "wls_struct"), h)[0], [8.5, 3.75, 4.75])
    np.testing.assert_allclose(_wide(reconcile(f, h, "bottom_up"), h)[0], [7, 3, 4])


def test_wls_var_weighs_each_series_by_its_band():
    h = Hierarchy(("t", "b1", "b2"), ("b1", "b2"), np.array([[1.0, 1.0], [1.0, 0.0], [0.0, 1.0]]))
    f = _frame(h, np.array([[10.0, 3.0, 4.0]]), [0])
    # widths whose squares are 2 : 1 : 1 give the structural weights: wls_struct's 8.5, 3.75, 4.75
    f["lo-80"], f["hi-80"] = f["forecast"] - 1, f["forecast"] - 1 + np.sqrt([2.0, 1.0, 1.0])
    np.testing.assert_allclose(_wide(reconcile(f, h, "wls_var"), h)[0], [8.5, 3.75, 4.75])
    # a total known to 1e-3 of the bottom series' spread stays where it is; they take up the gap
    f["hi-80"] = f["lo-80"] + np.array([1e-3, 1.0, 1.0])
    w = _wide(reconcile(f, h, "wls_var"), h)[0]
    np.testing.assert_allclose(w, [10.0, 4.5, 5.5], atol=1e-5)
    with pytest.raises(ValidationError, match="level="):
        reconcile(f.drop(columns=["lo-80", "hi-80"]), h, "wls_var")


@pytest.mark.parametrize("method", [m for m in METHODS if m != "wls_var"])
def test_reconciled_forecasts_add_up_and_coherent_ones_stay(method):
    _, h = aggregate(_bottom(), "y", "t", [["state"], ["state", "region"]])
    rng = np.random.default_rng(1)
    times = pd.date_range("2021-01-01", periods=4, freq="MS")
    f = _frame(h, rng.normal(50, 20, (4, len(h.ids))), times)
    w = _wide(reconcile(f, h, method), h)
    np.testing.assert_allclose(w, w[:, -len(h.bottom):] @ h.S.T, rtol=1e-12, atol=1e-9)
    coherent = rng.normal(50, 20, (4, len(h.bottom))) @ h.S.T  # already coherent: unchanged
    np.testing.assert_allclose(_wide(reconcile(_frame(h, coherent, times), h, method), h), coherent, rtol=1e-12)
    S, P = h.S, projection(h, method)
    np.testing.assert_allclose(P @ S, np.eye(len(h.bottom)), atol=1e-12)  # what makes S P a projection


def test_bands_move_with_the_forecast_and_keep_their_widths_and_rows_their_order():
    _, h = aggregate(_bottom(), "y", "t", [["state"], ["state", "region"]])
    times = pd.date_range("2021-01-01", periods=3, freq="MS")
    f = _frame(h, np.random.default_rng(2).normal(50, 20, (3, len(h.ids))), times)
    f["lo-80"], f["hi-80"] = f["forecast"] - 5, f["forecast"] + 7
    f = f.sample(frac=1, random_state=0).reset_index(drop=True)  # any row order
    r = reconcile(f, h, nonneg=False)  # (widths kept whole: no lower bound stopped at 0)
    assert list(r["id"]) == list(f["id"]) and list(r["t"]) == list(f["t"])
    np.testing.assert_allclose(r["hi-80"] - r["forecast"], 7)
    np.testing.assert_allclose(r["forecast"] - r["lo-80"], 5)
    assert not np.allclose(r["forecast"], f["forecast"])


def test_from_parents_builds_the_same_sums_as_aggregate():
    _, h = aggregate(_bottom(), "y", "t", [["state"], ["state", "region"]])
    parents = {b: [b.split("/")[0]] for b in h.bottom} | {"A": ["total"], "B": ["total"]}
    g = Hierarchy.from_parents(parents)
    assert set(g.ids) == set(h.ids) and g.bottom == h.bottom
    rows = {k: g.S[i] for i, k in enumerate(g.ids)}
    np.testing.assert_array_equal(np.array([rows[k] for k in h.ids]), h.S)
    with pytest.raises(ValidationError, match="cycle"):
        Hierarchy.from_parents({"a": ["b"], "b": ["c"], "c": ["b"]})


def test_user_mistakes_are_one_line_errors():
    data = _bottom()
    _, h = aggregate(data, "y", "t", [["state"], ["state", "region"]])
    times = pd.date_range("2021-01-01", periods=2, freq="MS")
    f = _frame(h, np.ones((2, len(h.ids))), times)
    cases = [
        (lambda: aggregate(data, "y", "t", "state"), "list of lists"),
        (lambda: aggregate(data, "y", "t", [["shop"]]), "'shop' not in the data"),
        (lambda: aggregate(pd.concat([data, data.iloc[:1]]), "y", "t", [["state", "region"]]), "two rows"),
        (lambda: aggregate(data.drop(index=3), "y", "t", [["state", "region"]]), "lacks values"),
        (lambda: reconcile(f, h, "mint"), "method must be one of"),
        (lambda: reconcile(f[f["id"] != "A"], h), "1 series of the hierarchy have no forecast"),
        (lambda: reconcile(f.assign(forecast=np.where(f["id"] == "B", np.nan, 1.0)), h), "not a finite number"),
        (lambda: reconcile(f.iloc[:-1], h), "same times"),
        (lambda: reconcile(f, "h"), "must be a wavecast Hierarchy"),
    ]
    for call, said in cases:
        with pytest.raises(ValidationError, match=said) as e:
            call()
        assert "\n" not in str(e.value)


def test_a_fitted_panel_reconciled_is_coherent_and_keeps_the_baselines_coherent_too():
    panel, h = wavecast.aggregate(_bottom(n=40), "y", "t", [["state"], ["state", "region"]])
    with pytest.warns(wavecast.WavecastNote):
        f = wavecast.fit(panel, target="y", time="t", id="id", horizon=4, epochs=2, seed=0)
    pred = f.predict(4, level=[80], baselines=["seasonal naive"])
    for method in (*METHODS, "auto"):
        with warnings.catch_warnings(record=True) as said:
            warnings.simplefilter("always")
            r = wavecast.reconcile(pred, h, method, held_out=f)
        assert (method == "auto") == any("reconciled by" in str(w.message) for w in said)
        for col in ("forecast", "seasonal naive"):
            w = _wide(r, h, col)
            np.testing.assert_allclose(w, w[:, -len(h.bottom):] @ h.S.T, rtol=1e-9)
        np.testing.assert_allclose(r["hi-80"] - r["forecast"], pred["hi-80"] - pred["forecast"])
        # the lower bounds moved with it, stopping at 0 (every series here is a sum of positive ones)
        moved = r["forecast"] - (pred["forecast"] - pred["lo-80"])
        np.testing.assert_allclose(r["lo-80"], np.maximum(moved, 0.0))
        assert (r["forecast"] >= 0).all()


def _scored(h: Hierarchy, truth: np.ndarray, forecast: np.ndarray, past: np.ndarray):
    """A stand-in for wavecast.fit's forecaster: its result's held-out forecasts (H, len(ids))."""
    from types import SimpleNamespace

    n = len(h.ids)
    order = np.arange(n)[::-1]  # the result lists its series in another order than the hierarchy
    at = SimpleNamespace(forecasts={"LSTM": forecast.T[order, :, None]}, truth=truth.T[order, :, None],
                         series=np.arange(n), origins=np.full(n, len(past)))
    panel = [np.concatenate([past[:, i], truth[:, i]])[:, None] for i in order]
    result = SimpleNamespace(at=at, forecasters={"LSTM": None}, ids=[h.ids[i] for i in order], panel=panel,
                             metrics={"baselines": {"period": 1}})
    return SimpleNamespace(result=result)


def test_auto_chooses_the_method_that_scores_best_on_the_held_out_end():
    from wavecast.hierarchy import choose

    _, h = aggregate(_bottom(), "y", "t", [["state"], ["state", "region"]])
    rng = np.random.default_rng(3)
    past = rng.uniform(10, 20, (12, len(h.bottom))) @ h.S.T
    truth = rng.uniform(10, 20, (4, len(h.bottom))) @ h.S.T
    k = len(h.ids) - len(h.bottom)
    good_bottom = truth.copy()
    good_bottom[:, :k] += 25.0  # the aggregates far off, the bottom series exact: bottom-up is exact
    method, scores = choose(_scored(h, truth, good_bottom, past), h)
    assert method == "bottom_up" and scores["bottom_up"] == pytest.approx(0.0, abs=1e-12)
    assert min(scores["base"], scores["ols"], scores["wls_struct"]) > 0.1  # each spreads or keeps the 25 off
    f = _frame(h, good_bottom, pd.date_range("2021-01-01", periods=4, freq="MS"))
    with pytest.warns(wavecast.WavecastNote, match="reconciled by bottom_up"):
        r = reconcile(f, h, "auto", held_out=_scored(h, truth, good_bottom, past))
    np.testing.assert_allclose(_wide(r, h), truth, atol=1e-9)
    assert r.attrs["reconcile"]["method"] == "bottom_up"
    noisy_bottom = truth + rng.normal(0, 1, truth.shape) * (np.arange(len(h.ids)) >= k)  # now the aggregates are exact
    assert choose(_scored(h, truth, noisy_bottom, past), h)[0] != "bottom_up"
    with pytest.raises(ValidationError, match="held_out="):
        reconcile(f, h, "auto")


def test_the_benchmark_scores_every_method_at_every_level(monkeypatch):
    import benchmarks.hierarchy as bench

    def last_value(train: pd.DataFrame, seed: int):  # each series' last value over the horizon
        last = train.sort_values("t").groupby("id").tail(1)
        t = pd.date_range(train["t"].max(), periods=bench.HORIZON + 1, freq="QS")[1:]
        rows = [pd.DataFrame({"id": k, "t": t, "forecast": v, "lo-80": v - 1.0, "hi-80": v + 1.0 + i})
                for i, (k, v) in enumerate(zip(last["id"], last["y"], strict=True))]
        return pd.concat(rows, ignore_index=True), None

    data = _bottom(n=30)  # on quarters, the benchmark's frequency
    data["t"] = data.groupby(["state", "region"])["t"].transform(
        lambda s: pd.date_range("2015-01-01", periods=len(s), freq="QS"))
    monkeypatch.setitem(bench.SETS, "tiny", lambda: (data, [["state"], ["state", "region"]]))
    monkeypatch.setitem(bench.SYSTEMS, "naive", last_value)
    r = bench.run("tiny", ["naive"], origins=2, seed=0)
    assert set(r["mase"]) == {f"naive {m}" for m in ("base", *METHODS)}
    base, bu = r["mase"]["naive base"], r["mase"]["naive bottom_up"]
    assert list(base) == ["total", "state", "state x region", "all"]
    assert bu["state x region"] == base["state x region"]  # bottom-up keeps the bottom series
    assert bu["total"] == pytest.approx(base["total"])  # the last values add up already
    assert all(np.isfinite(v) for by in r["mase"].values() for v in by.values())
    assert all(0 <= v <= 1 for by in r["coverage_80"].values() for v in by.values())


def test_a_hierarchy_too_large_for_dense_matrices_is_refused_before_they_are_built(monkeypatch):
    import wavecast.hierarchy.structure as structure

    monkeypatch.setattr(structure, "MAX_CELLS", 80)  # 9 series x 6 bottom = 54 cells, 9 x 9 = 81 for S P
    with pytest.raises(ValidationError, match="9 series over 6 bottom series is too large") as e:
        aggregate(_bottom(), "y", "t", [["state"], ["state", "region"]])
    assert "\n" not in str(e.value)
    monkeypatch.setattr(structure, "MAX_CELLS", 81)
    assert len(aggregate(_bottom(), "y", "t", [["state"], ["state", "region"]])[1].ids) == 9


@pytest.mark.parametrize("levels", [[["state"], ["state", "region"]],  # 3 aggregates over 6: the constraints' form
                                    [["state"], ["region"], ["state", "region"]]])  # 6 over 6 and grouped
def test_coherent_is_the_projection_in_either_form(levels):
    from wavecast.hierarchy import coherent

    _, h = aggregate(_bottom(), "y", "t", levels)
    rng = np.random.default_rng(4)
    y = rng.normal(50, 20, (len(h.ids), 5))
    var = rng.uniform(0.5, 3.0, (len(h.ids), 5))
    for method in ("bottom_up", "ols", "wls_struct"):
        np.testing.assert_allclose(coherent(h, method, y), h.S @ projection(h, method) @ y, rtol=1e-10, atol=1e-9)
    by_step = np.column_stack([h.S @ projection(h, "wls_var", var[:, j]) @ y[:, j] for j in range(5)])
    np.testing.assert_allclose(coherent(h, "wls_var", y, var), by_step, rtol=1e-10, atol=1e-9)


def test_auto_chooses_on_a_backtests_origins_too():
    from wavecast.hierarchy import choose

    panel, h = wavecast.aggregate(_bottom(n=40), "y", "t", [["state"], ["state", "region"]])
    with pytest.warns(wavecast.WavecastNote):
        bt = wavecast.backtest(panel, target="y", time="t", id="id", horizon=3, origins=4, epochs=2, seed=0)
    method, scores = choose(bt, h)
    assert method == min(("wls_struct", "ols", "bottom_up"), key=scores.__getitem__)
    # the base score by hand: each series' MASE at each origin, its scale from the points before that origin
    f = bt.forecasts.assign(id=bt.forecasts["id"].astype(str))
    m = bt.result.result.metrics["baselines"]["period"]  # the season MASE's scale differences over
    assert m == 12
    mases = []
    for (k, cutoff), g in f.groupby(["id", "cutoff"]):
        past = panel[(panel["id"] == k) & (panel["t"] <= cutoff)]["y"].to_numpy()
        mases.append(np.mean(np.abs(g["y"] - g["LSTM"])) / np.mean(np.abs(past[m:] - past[:-m])))
    assert len(mases) == 4 * len(h.ids)
    assert scores["base"] == pytest.approx(np.mean(mases), rel=1e-12)


def test_a_backtest_reconciled_at_each_cutoff_every_forecaster_and_its_bands():
    panel, h = wavecast.aggregate(_bottom(n=40), "y", "t", [["state"], ["state", "region"]])
    with pytest.warns(wavecast.WavecastNote):
        bt = wavecast.backtest(panel, target="y", time="t", id="id", horizon=3, origins=3, epochs=2, seed=0,
                               level=[80])
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        r = wavecast.reconcile(bt, h, held_out=bt)
    assert any("reconciled by" in str(w.message) and w.filename == __file__ for w in said)  # at the user's line
    assert r.attrs["reconcile"]["method"] in ("wls_struct", "ols", "bottom_up")
    names = list(bt.result.forecasts)
    assert len(names) > 2 and list(r.columns) == list(bt.forecasts.columns)
    np.testing.assert_array_equal(r["y"], bt.forecasts["y"])  # the actual values stay
    for _, rows in r.assign(id=r["id"].astype(str)).groupby("cutoff"):
        for name in names:
            w = rows.pivot(index="t", columns="id", values=name)[list(h.ids)].to_numpy()
            np.testing.assert_allclose(w, w[:, -len(h.bottom):] @ h.S.T, rtol=1e-9, atol=1e-9)
    net = names[0]
    # the bands move with their forecast, their widths kept, where no lower band is clipped at 0
    # (a series that never went below 0: the clip shortens the band by what it cut)
    open_ = ((r[f"{net}-lo-80"] > 0) & (bt.forecasts[f"{net}-lo-80"] > 0)).to_numpy()
    assert open_.mean() > 0.5
    np.testing.assert_allclose((r[f"{net}-hi-80"] - r[f"{net}-lo-80"])[open_],
                               (bt.forecasts[f"{net}-hi-80"] - bt.forecasts[f"{net}-lo-80"])[open_])
    np.testing.assert_allclose(r[f"{net}-hi-80"] - r[net], bt.forecasts[f"{net}-hi-80"] - bt.forecasts[net])


def test_bottom_series_that_never_go_below_0_are_clipped_at_0_and_the_sums_kept():
    # a total forecast far under the sum of its stores: OLS pulls the small stores below 0
    t = pd.date_range("2020-01-01", periods=12, freq="MS")
    data = pd.DataFrame({"t": np.tile(t, 3), "store": np.repeat(["a", "b", "c"], 12),
                         "y": np.r_[np.full(12, 50.0), np.full(12, 1.0), np.arange(12) % 2]})
    _, h = aggregate(data, "y", "t", [["store"]])
    assert h.nonneg == (True, True, True)
    times = pd.date_range("2021-01-01", periods=2, freq="MS")
    f = _frame(h, np.tile([30.0, 50.0, 1.0, 0.2], (2, 1)), times)
    f["lo-80"], f["hi-80"] = np.maximum(f["forecast"] - 2, 0), f["forecast"] + 2
    for method in ("ols", "wls_struct"):
        kept = reconcile(f, h, method, nonneg=False)  # the projection as it was: below 0
        assert (_wide(kept, h, "forecast")[:, 2:] < 0).all()
        with pytest.warns(wavecast.WavecastNote, match="clipped at 0, and every aggregate summed again"):
            r = reconcile(f, h, method)
        w = _wide(r, h, "forecast")  # (H, len(ids)): total, a, b, c
        np.testing.assert_allclose(w[:, 2:], 0.0)  # b and c clipped
        np.testing.assert_allclose(w[:, 1], _wide(kept, h, "forecast")[:, 1])  # a as projected
        np.testing.assert_allclose(w[:, 0], w[:, 1:].sum(axis=1))  # the total their sum
        np.testing.assert_allclose(r["hi-80"] - r["forecast"], 2)  # the bands moved with it
        assert (r["lo-80"] >= 0).all() and (r["lo-80"] <= r["forecast"]).all()
    # a series that has been below 0 (a profit) is not clipped
    _, g = aggregate(data.assign(y=data["y"] - 0.5), "y", "t", [["store"]])
    assert g.nonneg == (True, True, False)
    with pytest.warns(wavecast.WavecastNote, match="of 1 bottom series"):
        r = reconcile(f, g, "ols")
    assert _wide(r, g, "forecast")[0, 3] < 0 and _wide(r, g, "forecast")[0, 2] == 0
    with pytest.raises(ValidationError, match="nonneg= must be True"):
        reconcile(f, h, nonneg="yes")
