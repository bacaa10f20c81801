"""Backtest of every series of a panel (panel_backtest.py): each series at its own last origins,
one batched forecast a forecaster (and a model: trained once, again every K origins, or refitted
before each origin), pooled and per-series scores, short series left out."""

import json
import math
import warnings

import numpy as np
import pandas as pd
import pytest

from wavecast.cli import main
from wavecast.evaluate.backtest import panel_origins

H, K, STRIDE, PERIOD = 4, 3, 2, 12
LENGTHS = {"s0": 60, "s1": 80, "s2": 50, "short": 20}  # unequal ends; "short" cannot hold the origins
FAST = ["--horizon", str(H), "--set", "window.input_len=8", "--set", "direct.max_epochs=2",
        "--set", "direct.hidden_size=4", "--set", "eval.period=12"]


def _panel(path, bump_from=None):
    """Seasonal series of unequal lengths, starts and levels; bump_from: every value at and after
    that distance from each series' end moved by +50 (what a forecast from before it must not see)."""
    rows = []
    for k, (sid, n) in enumerate(LENGTHS.items()):
        t = np.arange(n) + 7 * k
        rng = np.random.default_rng(k)
        y = (k + 1) * (3 + np.sin(2 * np.pi * t / PERIOD)) + rng.normal(0, 0.1, n)
        if bump_from is not None:
            y[n - bump_from :] += 50.0
        rows.append(pd.DataFrame({"shop": sid, "t": t, "y": y}))
    pd.concat(rows).to_csv(path, index=False)
    return path


def _config(path):
    from wavecast.config import Config, DataConfig, DirectConfig, EvalConfig, WindowConfig

    return Config(data=DataConfig(path=str(path), target="y", time="t", id="shop"),
                  window=WindowConfig(horizon=H, input_len=8, test_len=H), eval=EvalConfig(period=PERIOD),
                  direct=DirectConfig(max_epochs=2, hidden_size=4))


def _backtest(path, n_origins=K, **kw):
    from wavecast.experiment_backtest import run_backtest

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return run_backtest(_config(path), n_origins=n_origins, stride=STRIDE, **kw)


@pytest.fixture(scope="module")
def bt(tmp_path_factory):
    return _backtest(_panel(tmp_path_factory.mktemp("panel") / "p.csv"))


def test_panel_origins_end_at_each_series_end_and_leave_out_the_short():
    kept, o = panel_origins([60, 80, 20, 50], [52, 72, 13, 49], horizon=4, n_origins=3, stride=2)
    assert kept.tolist() == [True, True, False, False]  # 20: first origin 12 < 13; 50: 42 < 49
    assert o.tolist() == [[52, 54, 56], [72, 74, 76]]


def test_a_later_run_that_leaves_out_a_backtested_series_is_an_error():
    from wavecast.errors import ValidationError
    from wavecast.panel_backtest import _positions

    assert _positions(["new", "s0", "s1"], ["s0", "s1"], 4) == [1, 2]  # found by id, not by place
    with pytest.raises(ValidationError, match=r"4 points before each series' end left out series \['s2'\]"):
        _positions(["s0", "s1"], ["s0", "s2"], 4)


def test_every_series_at_its_own_last_origins_after_its_training_part(bt):
    r = bt.result
    assert r.ids == ["s0", "s1", "s2"] and bt.metrics["backtest"]["n_series"] == 3
    assert bt.series.tolist() == [0] * K + [1] * K + [2] * K
    for i, sid in enumerate(r.ids):
        n, sp = LENGTHS[sid], r.splits[i]
        o = bt.origins[bt.series == i]
        assert o.tolist() == [n - H - STRIDE * (K - 1) + STRIDE * j for j in range(K)]  # last ends at its end
        assert o[0] >= sp.val_end and sp.train_end <= sp.val_end  # never inside what the net trained on
        row = next(x for x in bt.metrics["all_series"]["per_series"] if x["id"] == sid)
        assert (row["first_origin"], row["last_origin"]) == (int(o[0]), int(o[-1]))


def test_batched_forecasts_equal_each_row_forecast_alone(bt):
    """One batched call over every series' origins gives what each row forecast alone gives."""
    r = bt.result
    net = r.forecasters["LSTM"]
    for b in (0, 4, 8):
        i, o = int(bt.series[b]), int(bt.origins[b])
        alone = net.predict(r.panel[i][None, :o], H, series=np.array([i]))
        np.testing.assert_allclose(bt.forecasts["LSTM"][b], alone[0], rtol=1e-6, atol=1e-6)
        ar = next(k for k in r.forecasters if k.startswith("linear AR"))
        f = r.forecasters[ar]
        alone = f.predict(r.panel[i][None, o - f.context_len : o], H, series=np.array([i]))
        np.testing.assert_allclose(bt.forecasts[ar][b], alone[0], rtol=1e-12)


def test_pooled_scores_are_the_mean_of_per_series_rows_computed_here(bt):
    from wavecast.evaluate.metrics import naive_scale

    r, m = bt.result, bt.metrics
    rows = {x["id"]: x for x in m["all_series"]["per_series"]}
    for name, pred in bt.forecasts.items():
        mse, mase = [], []
        for i, sid in enumerate(r.ids):
            s = r.panel[i][:, 0]
            sel = bt.series == i
            truth = np.stack([s[o : o + H] for o in bt.origins[sel]])  # (K, H)
            err = pred[sel][:, :, 0] - truth
            mse.append(np.mean(err**2))
            mase.append(np.mean(np.abs(err)) / naive_scale(s[: r.splits[i].train_end], PERIOD))
            assert rows[sid]["mse"][name] == pytest.approx(mse[-1], rel=1e-10)
            assert rows[sid]["mase"][name] == pytest.approx(mase[-1], rel=1e-10)
        assert m["forecasters"][name]["mse"] == pytest.approx(np.mean(mse), rel=1e-10)
        assert m["forecasters"][name]["mase"] == pytest.approx(np.mean(mase), rel=1e-10)
        assert len(m["forecasters"][name]["per_origin"]["mse"]) == 3 * K
    assert m["n_series"] == 3 and m["n_origins"] == K and "3 series x 3 origins" in m["scores"]


def test_a_too_short_series_is_left_out_with_a_note(bt):
    assert "short" not in bt.result.ids and bt.metrics["backtest"]["left_out"] == 1
    assert "backtest of every series: 3 series x 3 origins" in " ".join(bt.notes)
    # one note for the one short series: the run's, naming it and its length ("1 series of 4 too
    # short to hold 3 origins ...: left out of the backtest" said the same series again)
    about = [n for n in bt.notes if "'short'" in n or "too short to hold" in n]
    assert len(about) == 1 and "left out of the scores: 'short' (" in about[0], about
    assert "short" not in bt.metrics["backtest"]["per_origin"]["series"]


def test_a_forecast_never_sees_its_series_after_its_origin(tmp_path, bt):
    """Every value from the first origin on moved by +50: the forecasts from the first origin of
    each series stay the same (the net and the baselines were fitted before it), later ones move."""
    moved = _backtest(_panel(tmp_path / "moved.csv", bump_from=H + STRIDE * (K - 1)))
    first = np.array([np.flatnonzero(bt.series == i)[0] for i in range(3)])  # each series' first origin
    assert moved.origins.tolist() == bt.origins.tolist()
    for name in bt.forecasts:
        np.testing.assert_allclose(moved.forecasts[name][first], bt.forecasts[name][first], rtol=1e-9, atol=1e-9)
    assert not np.allclose(moved.forecasts["last value"], bt.forecasts["last value"])


def _counted(monkeypatch):
    """Count the whole runs run_backtest trains (the first, then one a group of origins): each
    run's test part and its forecasters' names."""
    import wavecast.experiment_backtest as ex  # the backtest's runs are made there

    calls, run = [], ex.run

    def counting(cfg, *a, **kw):
        r = run(cfg, *a, **kw)
        calls.append((cfg.window.test_len, list(r.forecasters)))
        return r

    monkeypatch.setattr(ex, "run", counting)
    return calls


def _fit_by_hand(result, lag):
    """The direct net trained by hand (the run's settings and seed) on every series of the run
    cut `lag` points before its own end: the data before an origin that far from each end."""
    from wavecast.forecasters.direct import DirectForecaster

    net = result.forecasters["LSTM"]
    hand = DirectForecaster(H, net.season, **net.model.settings)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return hand.fit([s[: len(s) - lag] for s in result.panel])


def _rows(bt, i):
    return np.flatnonzero(bt.series == i)


def test_refit_every_scores_every_series_each_origin_from_a_run_trained_before_it(tmp_path, monkeypatch):
    """--refit-every 1, 2 origins: every series scored, each row's forecast the one of the net
    trained by hand on every series cut before that origin; the mean baseline, fitted on the
    data before the origin, forecasts each series' own mean up to it; 2 trainings."""
    calls = _counted(monkeypatch)
    n = 2
    bt = _backtest(_panel(tmp_path / "p.csv"), refit_every=1, n_origins=n)
    r, m = bt.result, bt.metrics
    assert math.ceil(n / 1) == len(calls) == bt.n_trainings == m["backtest"]["trainings"] == 2
    assert r.ids == ["s0", "s1", "s2"] and bt.series.tolist() == [0] * n + [1] * n + [2] * n
    assert [x["id"] for x in m["all_series"]["per_series"]] == ["s0", "s1", "s2"]
    assert m["backtest"]["per_origin"]["series"] == ["s0"] * n + ["s1"] * n + ["s2"] * n
    assert m["backtest"]["every_series"] and m["backtest"]["refit_every"] == 1 and m["backtest"]["left_out"] == 1
    assert m["n_series"] == 3 and m["n_origins"] == n and len(m["forecasters"]["LSTM"]["per_origin"]["mse"]) == 3 * n
    for j in range(n):
        lag = H + STRIDE * (n - 1 - j)  # origin j lies lag points before each series' end
        assert calls[j][0] == lag  # the run before origin j: every series' test part starts there
        hand = _fit_by_hand(r, lag)
        for i, sid in enumerate(r.ids):
            b = _rows(bt, i)[j]
            o = int(bt.origins[b])
            assert o == LENGTHS[sid] - lag
            want = hand.predict_series([r.panel[i][:o, 0]], H, index=[i])[0]
            np.testing.assert_allclose(bt.forecasts["LSTM"][b, :, 0], want, rtol=1e-6, atol=1e-6)
            assert bt.forecasts["mean"][b, 0, 0] == pytest.approx(r.panel[i][:o, 0].mean(), rel=1e-12)
    # the second origin's net is not the first's: trained again
    assert not np.allclose(bt.forecasts["LSTM"][1], r.forecasters["LSTM"].predict(
        r.panel[0][None, : int(bt.origins[1])], H, series=np.array([0]))[0])
    assert any(x.startswith("the whole run trained 2 times: again every 1 origin(s)") for x in bt.notes)
    ar = [next(k for k in names if k.startswith("linear AR")) for _, names in calls]  # the order chosen again
    said = [x for x in bt.notes if x.startswith(f"{ar[0]}: the first run's name")]
    assert said == ([f"{ar[0]}: the first run's name; the runs after it chose again ({ar[1]} from later origins), "
                     "scored under the first name"] if ar[1] != ar[0] else [])


def test_refit_every_2_of_3_origins_trains_twice_each_group_from_its_own_run(tmp_path, monkeypatch):
    """3 origins, --refit-every 2: ceil(3 / 2) = 2 trainings; origins 0 and 1 of every series
    forecast by the first run's net, origin 2 by the net trained before it."""
    calls = _counted(monkeypatch)
    bt = _backtest(_panel(tmp_path / "p.csv"), refit_every=2)
    r = bt.result
    assert math.ceil(K / 2) == len(calls) == bt.n_trainings == 2 and len(bt.origins) == 3 * K
    hand = _fit_by_hand(r, H)  # the last origin lies H before each series' end
    first = r.forecasters["LSTM"]
    for i in range(3):
        rows = _rows(bt, i)
        for j, b in enumerate(rows):
            o = int(bt.origins[b])
            by_first = first.predict(r.panel[i][None, :o], H, series=np.array([i]))[0]
            if j < 2:
                np.testing.assert_allclose(bt.forecasts["LSTM"][b], by_first, rtol=1e-6, atol=1e-6)
            else:
                want = hand.predict_series([r.panel[i][:o, 0]], H, index=[i])[0]
                np.testing.assert_allclose(bt.forecasts["LSTM"][b, :, 0], want, rtol=1e-6, atol=1e-6)
                assert not np.allclose(bt.forecasts["LSTM"][b], by_first)


def test_refit_scores_every_series_as_the_one_series_refit_backtest_of_each(tmp_path, monkeypatch):
    """--refit on a panel: every series, each row equal to evaluate.backtest's refit backtest of
    that series alone (a copy fitted before each origin on every series cut there, forecasting
    as that series), for the net and every baseline; the run trained once."""
    from wavecast.evaluate.backtest import backtest

    calls = _counted(monkeypatch)
    bt = _backtest(_panel(tmp_path / "p.csv"), refit=True)
    r, m = bt.result, bt.metrics
    assert len(calls) == 1 and m["backtest"]["refit"] is True and m["backtest"]["every_series"]
    assert [x["id"] for x in m["all_series"]["per_series"]] == ["s0", "s1", "s2"]
    assert any(x.startswith("every forecaster refitted before each origin on every series' data") for x in bt.notes)
    for i in range(3):
        rows = _rows(bt, i)
        for name, f in r.forecasters.items():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                one = backtest(f, r.panel[i], H, K, STRIDE, refit=True, context_len=f.context_len,
                               first_origin=r.splits[i].val_end, panel=r.panel, row=i)
            assert one.origins.tolist() == bt.origins[rows].tolist()
            np.testing.assert_allclose(bt.forecasts[name][rows], one.forecasts, rtol=1e-6, atol=1e-6, err_msg=name)
    o = bt.origins[_rows(bt, 1)]
    np.testing.assert_allclose(bt.forecasts["mean"][_rows(bt, 1), 0, 0], [r.panel[1][:k, 0].mean() for k in o])


def test_cli_on_a_panel_csv_writes_per_series_rows(tmp_path, capsys):
    path = _panel(tmp_path / "p.csv")
    out = tmp_path / "bt"
    assert main(["backtest", "--data", str(path), "--id", "shop", "--time", "t", "--origins", str(K),
                 "--stride", str(STRIDE), "--out", str(out), *FAST]) == 0
    printed = capsys.readouterr().out
    assert "every series: 3 series x 3 origins" in printed and "series (MSE)" in printed
    assert "all 9 forecasts (3 series x 3 origins) in one batched rollout" in printed
    m = json.loads((out / "metrics.json").read_text())
    assert [r["id"] for r in m["all_series"]["per_series"]] == ["s0", "s1", "s2"]
    assert set(m["all_series"]["per_series"][0]["mse"]) == set(m["forecasters"])
    lines = (out / "per_origin.csv").read_text().splitlines()
    assert lines[0].startswith("series,origin,LSTM mse,LSTM mae") and len(lines) == 1 + 3 * K
    assert [ln.split(",")[:2] for ln in lines[1:4]] == [["s0", "52"], ["s0", "54"], ["s0", "56"]]
    assert lines[4].split(",")[:2] == ["s1", "72"]
    page = (out / "report.html").read_text()
    assert "all 3 series pooled" in page


def test_the_pooled_mase_note_names_the_constant_series_it_leaves_out(tmp_path, capsys):
    """A constant series' MASE scale is 0: the backtest's pooled MASE is over the others, and its
    printed and saved notes say so by the user's id (the run's note, carried: the same series)."""
    path = _panel(tmp_path / "p.csv")
    d = pd.read_csv(path)
    d.loc[d["shop"] == "s1", "y"] = 5.0
    d.to_csv(path, index=False)
    out = tmp_path / "bt"
    assert main(["backtest", "--data", str(path), "--id", "shop", "--time", "t", "--origins", str(K),
                 "--stride", str(STRIDE), "--out", str(out), *FAST]) == 0
    printed = capsys.readouterr().out
    m = json.loads((out / "metrics.json").read_text())
    assert m["all_series"]["mase_left_out"] == ["s1"]
    said = [n for n in m["notes"] if n.startswith("pooled MASE")]
    assert len(said) == 1 and "mean over 2 of 3 series" in said[0] and "series 's1'" in said[0]
    assert f"note: {said[0]}" in printed


def test_cli_refit_every_on_a_panel_csv_scores_every_series(tmp_path, capsys):
    path = _panel(tmp_path / "p.csv")
    out = tmp_path / "bt"
    assert main(["backtest", "--data", str(path), "--id", "shop", "--time", "t", "--origins", str(K),
                 "--stride", str(STRIDE), "--refit-every", "2", "--out", str(out), *FAST]) == 0
    printed = capsys.readouterr().out
    assert "(2 trainings); every series: 3 series x 3 origins" in printed
    assert "note: the whole run trained 2 times: again every 2 origin(s)" in printed
    assert "all 9 forecasts (3 series x 3 origins) (the whole run trained 2 times" in printed
    m = json.loads((out / "metrics.json").read_text())
    assert m["backtest"]["trainings"] == 2 and m["backtest"]["refit_every"] == 2 and m["backtest"]["every_series"]
    assert [r["id"] for r in m["all_series"]["per_series"]] == ["s0", "s1", "s2"]
    lines = (out / "per_origin.csv").read_text().splitlines()
    assert lines[0].startswith("series,origin,LSTM mse") and len(lines) == 1 + 3 * K
    assert "the whole run trained 2 times" in (out / "report.html").read_text()


def test_renamed_forecasters_are_noted_once_each():
    """A later run's AR order is scored under the first run's name, and a note says which."""
    from wavecast.panel_backtest import note_renamed, renamed_notes

    renamed = {}
    note_renamed(renamed, ["LSTM", "linear AR(14)"], ["LSTM", "linear AR(12)"])
    note_renamed(renamed, ["LSTM", "linear AR(14)"], ["LSTM", "linear AR(12)"])  # the same again: once
    note_renamed(renamed, ["LSTM", "linear AR(14)"], ["LSTM", "linear AR(14)"])
    assert renamed == {"linear AR(14)": ["linear AR(12)"]}
    assert renamed_notes(renamed) == ["linear AR(14): the first run's name; the runs after it chose again "
                                      "(linear AR(12) from later origins), scored under the first name"]
    with pytest.raises(ValueError):  # the runs' forecasters line up one to one
        note_renamed({}, ["LSTM"], ["LSTM", "mean"])


def test_a_backtest_trains_no_final_model_and_says_none(tmp_path, monkeypatch):
    """A backtest saves no model: the run behind it (experiment.run(final=False)) trains none on
    all the data (it did, and the employment panel's backtest took 1.26x the time) and its notes
    name none (they said 'the final model 15 epochs on all the data' and 'the saved model's
    intervals ...'), in one run and in each run of refit_every; a run still trains it."""
    import wavecast.experiment as ex

    trained = []
    real = ex.train_direct

    def counting(*a, **k):
        t = real(*a, **k)
        inner = t.refit
        t.refit = lambda: trained.append(1) or inner()
        return t

    monkeypatch.setattr(ex, "train_direct", counting)
    path = _panel(tmp_path / "p.csv")
    for kw in ({}, {"refit_every": 2}):
        trained.clear()
        b = _backtest(path, **kw)
        assert trained == [] and b.result.final is None
        said = " ".join([*b.notes, *b.metrics.get("notes", [])])  # what it prints and metrics.json holds
        assert "the final model" not in said and "the saved model" not in said
        assert "training length chosen" in said or "trained" in said
    from wavecast.experiment import run

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = run(_config(path))
    assert trained == [1] and r.final is not None
