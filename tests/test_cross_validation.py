"""wavecast.backtest: the CLI's rolling-origin backtest in Python (NeuralForecast's cross_validation),
its forecasts as one long DataFrame, its scores those of run_backtest, nothing written."""

import json
import os
import re
import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.config import ConfigError
from wavecast.errors import ValidationError, WavecastNote

H, K, STRIDE, PERIOD = 4, 3, 2, 7
LENGTHS = {10: 60, 11: 80, 12: 50}  # int ids of unequal lengths: each series at its own last origins
FAST = dict(input_len=8, epochs=2, hidden_size=4, eval__period=PERIOD, seed=3)


def _panel(bump_last=0):
    """Daily seasonal series of unequal lengths; bump_last: the last that many points of each
    moved by +50 (what no forecast from before them may see)."""
    rows = []
    for k, (sid, n) in enumerate(LENGTHS.items()):
        rng = np.random.default_rng(k)
        y = (k + 1) * (3 + np.sin(2 * np.pi * np.arange(n) / PERIOD)) + rng.normal(0, 0.1, n)
        if bump_last:
            y[n - bump_last :] += 50.0
        rows.append(pd.DataFrame({"shop": sid, "day": pd.date_range("2021-03-01", periods=n, freq="D"), "y": y}))
    return pd.concat(rows, ignore_index=True)


def _backtest(data, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", WavecastNote)
        return wavecast.backtest(data, "y", "day", "shop" if "shop" in getattr(data, "columns", ()) else "",
                                 horizon=H, origins=K, stride=STRIDE, **FAST, **kw)


@pytest.fixture(scope="module")
def panel_bt():
    return _backtest(_panel())


def test_one_row_per_series_origin_and_lead_with_the_data_s_actuals(panel_bt):
    df, f = _panel(), panel_bt.forecasts
    assert len(f) == len(LENGTHS) * K * H
    assert list(f.columns[:4]) == ["shop", "cutoff", "day", "y"]
    assert f["shop"].dtype == df["shop"].dtype and f["day"].dtype == df["day"].dtype  # the user's ids and times
    # one column per forecaster, named as the scores (the CLI's table) name them, the net first,
    # then the bands of the levels scored
    names = list(panel_bt.scores.index)
    assert names == list(panel_bt.metrics["forecasters"])
    assert list(f.columns[4 : 4 + len(names)]) == names
    assert all(re.fullmatch(r".+-(lo|hi)-(80|95)", c) for c in f.columns[4 + len(names):])
    assert panel_bt.scores.index[0] == "LSTM" and "seasonal naive" in f.columns
    merged = f.merge(df, on=["shop", "day"], suffixes=("", "_data"), validate="many_to_one")
    assert len(merged) == len(f) and np.array_equal(merged["y"], merged["y_data"])
    for sid, n in LENGTHS.items():  # each series' own last K origins, its last forecast ending at its end
        rows = f[f["shop"] == sid]
        end = pd.Timestamp("2021-03-01") + pd.Timedelta(days=n - 1)
        assert rows["day"].max() == end and rows["cutoff"].nunique() == K
        assert sorted(rows["cutoff"].unique()) == [end - pd.Timedelta(days=H + STRIDE * j) for j in range(K - 1, -1, -1)]
    lead = (f["day"] - f["cutoff"]) / pd.Timedelta(days=1)
    assert (lead >= 1).all() and (lead <= H).all() and lead.value_counts().to_dict() == {i: len(LENGTHS) * K
                                                                                          for i in range(1, H + 1)}


def test_the_scores_are_the_frames_and_the_command_lines(panel_bt, tmp_path, capsys):
    f, s = panel_bt.forecasts, panel_bt.scores
    for name in s.index:  # pooled over every series, origin and lead: the frame's own errors
        assert ((f[name] - f["y"]) ** 2).mean() == pytest.approx(s.loc[name, "mse"], rel=1e-12)
        assert (f[name] - f["y"]).abs().mean() == pytest.approx(s.loc[name, "mae"], rel=1e-12)
    per = panel_bt.per_series
    assert per["shop"].dtype == np.int64 and len(per) == len(LENGTHS) * len(s)
    one = f[f["shop"] == 11]
    row = per[(per["shop"] == 11) & (per["forecaster"] == "LSTM")]
    assert ((one["LSTM"] - one["y"]) ** 2).mean() == pytest.approx(float(row["mse"].iloc[0]), rel=1e-12)
    # the same data, config and seed through `wavecast backtest`: the same pooled scores
    from wavecast.cli import main

    csv = tmp_path / "p.csv"
    _panel().to_csv(csv, index=False)
    assert main(["backtest", "--data", str(csv), "--target", "y", "--time", "day", "--id", "shop",
                 "--horizon", str(H), "--origins", str(K), "--stride", str(STRIDE), "--seed", "3",
                 "--set", "window.input_len=8", "--set", "direct.max_epochs=2", "--set", "direct.hidden_size=4",
                 "--set", f"eval.period={PERIOD}", "--out", str(tmp_path / "bt"), "--json"]) == 0
    cli = json.loads(capsys.readouterr().out)["forecasters"]
    assert list(cli) == list(s.index)
    for name in s.index:
        assert cli[name]["mse"] == pytest.approx(s.loc[name, "mse"], rel=1e-9)
        assert cli[name]["mase"] == pytest.approx(s.loc[name, "mase"], rel=1e-9)


def test_no_origin_s_truth_is_trained_on(panel_bt):
    """The test part is lengthened to hold every origin; moving every point after the first
    cutoff by +50 leaves the first origin's forecasts of every forecaster as they were."""
    need = H + STRIDE * (K - 1)
    assert panel_bt.config.window.test_len == need
    r = panel_bt.result.result
    for i, sid in enumerate(r.ids):  # every cutoff at or after the end of the part fitted on
        cut = panel_bt.forecasts.loc[panel_bt.forecasts["shop"] == int(sid), "cutoff"].min()
        assert cut >= pd.Timestamp("2021-03-01") + pd.Timedelta(days=r.splits[i].val_end - 1)
    bumped = _backtest(_panel(bump_last=need)).forecasts
    first = panel_bt.forecasts.groupby("shop")["cutoff"].transform("min") == panel_bt.forecasts["cutoff"]
    names = list(panel_bt.scores.index)
    assert np.array_equal(bumped.loc[first, names].to_numpy(), panel_bt.forecasts.loc[first, names].to_numpy())
    later = ~first  # and the later origins did see it: the bump is in their inputs (the check bites)
    assert not np.allclose(bumped.loc[later, "last value"], panel_bt.forecasts.loc[later, "last value"])


def test_without_level_the_bands_of_the_coverage_scored_are_in_the_frame(panel_bt):
    """backtest() without level= scored coverage-80 and coverage-95 (eval.levels, as the CLI)
    but wrote no band columns: the coverage could not be checked against the forecasts. Now the
    frame holds the bands of every level scored, and they give the scores' coverage."""
    f, scores = panel_bt.forecasts, panel_bt.scores
    scored = sorted(c for c in scores.columns if c.startswith("coverage-"))
    assert scored == ["coverage-80", "coverage-95"]
    for name in scores.index:
        for lv in (80, 95):
            if np.isnan(scores.loc[name, f"coverage-{lv}"]):
                assert f"{name}-lo-{lv}" not in f.columns  # no bands, no coverage
                continue
            lo, hi = f[f"{name}-lo-{lv}"], f[f"{name}-hi-{lv}"]
            assert (lo <= f[name]).all() and (f[name] <= hi).all()
            assert ((lo <= f["y"]) & (f["y"] <= hi)).mean() == pytest.approx(scores.loc[name, f"coverage-{lv}"])


def test_one_series_bands_and_nothing_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    one = _panel()
    one = one[one["shop"] == 10].drop(columns="shop")
    with pytest.warns(WavecastNote, match=r"test part lengthened from 4 to 8 .*\(test_len=8\)"):  # Python's words
        bt = wavecast.backtest(one, "y", "day", horizon=H, origins=K, stride=STRIDE, level=[80], **FAST)
    f = bt.forecasts
    assert len(f) == K * H and "shop" not in f.columns and bt.per_series is None
    assert (f["cutoff"] < f["day"]).all() and f["cutoff"].nunique() == K
    assert np.array_equal(f["y"], one.set_index("day").loc[f["day"], "y"])
    assert ((f["LSTM"] - f["y"]) ** 2).mean() == pytest.approx(bt.scores.loc["LSTM", "mse"], rel=1e-12)
    assert (f["LSTM-lo-80"] <= f["LSTM"]).all() and (f["LSTM"] <= f["LSTM-hi-80"]).all()
    covered = ((f["LSTM-lo-80"] <= f["y"]) & (f["y"] <= f["LSTM-hi-80"])).mean()
    assert covered == pytest.approx(bt.scores.loc["LSTM", "coverage-80"])  # the bands scored are these
    assert "coverage-95" not in bt.scores.columns
    assert "3 origins (2 apart), horizon 4" in repr(bt) and "LSTM" in repr(bt)
    assert os.listdir(tmp_path) == []  # no run folder, no file


def test_an_array_gives_step_positions_and_refit_every_retrains():
    y = _panel()["y"].to_numpy()[:60]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", WavecastNote)
        bt = wavecast.backtest(y, horizon=H, origins=K, stride=STRIDE, refit_every=2, **FAST)
    f = bt.forecasts
    assert list(f.columns[:3]) == ["cutoff", "step", "value"] and len(f) == K * H
    assert f["cutoff"].unique().tolist() == [60 - H - STRIDE * j - 1 for j in range(K - 1, -1, -1)]
    assert np.array_equal(f["value"], y[f["step"]])
    assert bt.metrics["backtest"]["trainings"] == 2 and "trained 2 times" in repr(bt)


@pytest.mark.parametrize("kw, error, said", [
    (dict(epoch=2), ConfigError, r"unknown argument 'epoch'"),
    (dict(origins=0), ValidationError, r"^origins= must be an integer >= 1 \(got 0\)$"),
    (dict(stride=1.5), ValidationError, r"^stride= must be an integer >= 1"),
    (dict(refit=True, refit_every=2), ValidationError, r"refit=True and refit_every= are two ways"),
    (dict(level=[150]), ValidationError, r"level 150 is outside \(0, 100\)"),
    (dict(sep=";"), ValidationError, r"sep= read a CSV or Parquet file"),
])
def test_a_bad_keyword_is_one_clear_error(kw, error, said):
    args = dict(horizon=H, origins=K, stride=STRIDE, **FAST)
    args.update(kw)
    with pytest.raises(error, match=said):
        wavecast.backtest(_panel(), "y", "day", "shop", **args)


def test_too_short_for_the_origins_is_said_in_python_words():
    with pytest.raises(ValidationError) as exc:
        wavecast.backtest(_panel(), "y", "day", "shop", horizon=H, origins=40, stride=2, **FAST)
    said = str(exc.value)
    assert "--" not in said and "window.test_len" not in said
    assert "fewer origins= (at most 32); a shorter stride= (at most 1)" in said


def test_the_notes_are_warnings_at_the_callers_line():
    with pytest.warns(WavecastNote) as caught:
        wavecast.backtest(_panel(), "y", "day", "shop", horizon=H, origins=K, stride=STRIDE, **FAST)
    assert {os.path.basename(w.filename) for w in caught} == {"test_cross_validation.py"}
    assert any("backtest of every series: 3 series x 3 origins" in str(w.message) for w in caught)


def test_several_targets_and_refit():
    df = _panel()
    df["z"] = 2 * df["y"] + 1
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", WavecastNote)
        both = wavecast.backtest(df, ["y", "z"], "day", "shop", horizon=H, origins=K, stride=STRIDE, **FAST)
        refit = _backtest(df, refit=True)
    f = both.forecasts  # each id and target its own rows; the truth in "actual"
    assert list(f.columns[:5]) == ["shop", "target", "cutoff", "day", "actual"] and f["shop"].dtype == np.int64
    assert len(f) == 2 * len(LENGTHS) * K * H and set(f["target"]) == {"y", "z"}
    m = f.merge(df, on=["shop", "day"], validate="many_to_one")
    assert np.array_equal(np.where(m["target"] == "y", m["y"], m["z"]), m["actual"])
    assert set(both.per_series["target"]) == {"y", "z"}
    g = refit.forecasts  # refitted before each origin: the same rows, the refit's forecasts scored
    assert len(g) == len(LENGTHS) * K * H and refit.metrics["backtest"]["refit"] is True
    assert ((g["LSTM"] - g["y"]) ** 2).mean() == pytest.approx(refit.scores.loc["LSTM", "mse"], rel=1e-12)
    assert "every forecaster refitted before each origin" in repr(refit)



def test_a_column_named_as_one_wavecast_writes_is_refused_before_training_not_overwritten():
    """bt.forecasts of a target named 'mean' held the mean baseline's forecasts in its place (the
    actual values lost), an id named 'cutoff' the origins; predict of a time named 'forecast' a
    frame of the forecasts alone."""
    y = 100 + np.sin(np.arange(60) * 2 * np.pi / 12)
    df = pd.DataFrame({"month": pd.date_range("2015-01-01", periods=60, freq="MS"), "mean": y, "shop": "a"})
    epochs = dict(horizon=3, origins=2, direct__max_epochs=1)
    with pytest.raises(ValidationError, match=r"^column 'mean' \(target=\) has the name of a column wavecast writes "
                       r"beside it \(the mean baseline's forecasts\), which would overwrite it; rename it"):
        wavecast.backtest(df, target="mean", time="month", **epochs)
    with pytest.raises(ValidationError, match=r"^column 'cutoff' \(id=\) .*\(each forecast's origin\)"):
        wavecast.backtest(df.rename(columns={"shop": "cutoff"}), target="mean", time="month", id="cutoff", **epochs)
    with pytest.raises(ValidationError, match=r"^column 'forecast' \(time=\) .*\(the forecasts\)"):
        wavecast.fit(df.rename(columns={"month": "forecast"}), target="mean", time="forecast", horizon=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bt = wavecast.backtest(df.rename(columns={"mean": "sales"}), target="sales", time="month", **epochs)
    assert np.array_equal(bt.forecasts["sales"].to_numpy(), y[-4:][[0, 1, 2, 1, 2, 3]])  # the actual values


def test_a_target_named_theta_is_refused_before_training():
    """The theta baseline (0e99375) writes a 'theta' column too: a target of that name was
    refused only after the whole backtest had trained, in words without the fix."""
    y = 100 + np.sin(np.arange(60) * 2 * np.pi / 12)
    df = pd.DataFrame({"month": pd.date_range("2015-01-01", periods=60, freq="MS"), "theta": y})
    epochs = []
    with pytest.raises(ValidationError, match=r"^column 'theta' \(target=\) has the name of a column wavecast "
                       r"writes beside it \(the theta baseline's forecasts\), which would overwrite it; rename it"):
        wavecast.backtest(df, target="theta", time="month", horizon=3, origins=2, direct__max_epochs=1,
                          on_epoch=epochs.append)
    assert epochs == []  # refused before any training
