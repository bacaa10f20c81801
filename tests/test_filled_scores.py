"""The scores leave out the truths the reader filled (--fill linear, --fill-missing-dates).

A line drawn between two measurements is no measurement: a forecast scored against it is judged
partly on the reader's drawing. R's airquality (`--fill linear`): 4 of a backtest's 280 scored
truths were filled; a file with a long gap in its last weeks had most of its test part drawn
(docs/evaluation.md, "Filled values and short series"). Every score of a run and a backtest
(MSE, MAE, sMAPE, MASE, by lead, per origin, per series, pooled, the intervals' coverage) is
over the measured truths; the forecasts and the training are as before.
"""

import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.evaluate.forecast_at import Forecasts
from wavecast.evaluate.metrics import score
from wavecast.evaluate.pooled import pooled_scores


def test_score_is_over_the_known_truths_and_null_where_none_is():
    rng = np.random.default_rng(0)
    pred, truth = rng.normal(size=(3, 4, 1)), rng.normal(size=(3, 4, 1))
    gone = np.zeros((3, 4, 1), dtype=bool)
    gone[:, 1] = True  # lead 2: no measured truth at any origin
    gone[0, 3] = True
    s = score(pred, np.where(gone, np.nan, truth), scale=2.0)
    d = (pred - truth)[~gone]
    assert s["mse"] == pytest.approx(np.mean(d ** 2)) and s["mae"] == pytest.approx(np.mean(np.abs(d)))
    assert s["mase"] == pytest.approx(np.mean(np.abs(d)) / 2.0)
    assert s["by_lead"]["mse"][1] is None and s["by_lead"]["mase"][1] is None
    assert s["by_lead"]["mse"][3] == pytest.approx(np.mean((pred - truth)[1:, 3] ** 2))


def test_pooled_series_rows_are_over_their_measured_truths():
    rng = np.random.default_rng(1)
    pred, truth = rng.normal(size=(4, 3, 1)), rng.normal(size=(4, 3, 1))
    gone = np.zeros_like(truth, dtype=bool)
    gone[0, :2] = True  # series 0: its first row keeps one truth of three
    at = Forecasts({"f": pred}, np.where(gone, np.nan, truth), np.array([0, 0, 1, 1]), np.array([5, 6, 5, 6]))
    p = pooled_scores(at, ["a", "b"], scales=np.array([1.0, 1.0]))
    d = (pred - truth)[:2][~gone[:2]]
    row = p["per_series"][0]
    assert row["mse"]["f"] == pytest.approx(np.mean(d ** 2)) and row["mae"]["f"] == pytest.approx(np.mean(np.abs(d)))
    assert p["forecasters"]["f"]["mse"] == pytest.approx(np.mean((pred - truth)[~gone] ** 2))


def _gappy(n: int = 90, ids=("",)) -> tuple[pd.DataFrame, list[np.ndarray]]:
    """Daily series, noise around a weekly wave, with 2 of every 3 values missing from the last 15
    (a long gap the reader fills with straight lines): the frame and each series' missing mask."""
    frames, masks = [], []
    for k, sid in enumerate(ids):
        rng = np.random.default_rng(k)
        y = 20 + 5 * np.sin(2 * np.pi * np.arange(n) / 7) + rng.normal(0, 1, n)
        miss = np.zeros(n, dtype=bool)
        miss[n - 15 : n - 1] = np.arange(14) % 3 != 0
        frames.append(pd.DataFrame({"date": pd.date_range("2024-01-01", periods=n, freq="D"),
                                    "y": np.where(miss, np.nan, y), **({"id": sid} if sid else {})}))
        masks.append(miss)
    return pd.concat(frames, ignore_index=True), masks


def _backtest(df, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return wavecast.backtest(df, target="y", time="date", horizon=3, origins=4, epochs=1, fill="linear",
                                 level=[80], **kw)


def _check_against_frame(bt, names):
    fc = bt.forecasts
    assert fc["filled"].dtype == bool and fc["filled"].any() and not fc["filled"].all()
    kept = fc[~fc["filled"]]
    for name in names:
        err = kept[name] - kept["y"]
        row = bt.scores.loc[name]
        assert row["mse"] == pytest.approx(np.mean(err ** 2), rel=1e-12)
        assert row["mae"] == pytest.approx(np.mean(np.abs(err)), rel=1e-12)
        lo, hi = kept[f"{name}-lo-80"], kept[f"{name}-hi-80"]
        assert row["coverage-80"] == pytest.approx(np.mean((kept["y"] >= lo) & (kept["y"] <= hi)), rel=1e-12)
    # the frame's actual values are the reader's: the filled ones shown, marked, not scored
    assert fc.loc[fc["filled"], "y"].notna().all()


def test_a_backtest_scores_only_measured_truths_and_its_frame_marks_the_filled_ones():
    df, masks = _gappy()
    bt = _backtest(df)
    h = 3
    origins = np.asarray(bt.result.origins)
    filled = sum(int(masks[0][o : o + h].sum()) for o in origins)
    assert filled > 0 and int(bt.forecasts["filled"].sum()) == filled
    _check_against_frame(bt, ["mean", "last value", "LSTM"])
    said = [n for n in bt.notes if n.startswith("scores leave out")]
    assert len(said) == 1 and f"{filled} filled values of the backtest's forecasts, of {len(origins) * h}" in said[0]
    # per_origin (per_origin.csv): each origin's MSE over its own measured truths
    fc = bt.forecasts
    for i, (_cutoff, rows) in enumerate(fc.groupby("cutoff", sort=True)):
        kept = rows[~rows["filled"]]
        got = bt.metrics["forecasters"]["mean"]["per_origin"]["mse"][i]
        assert (got is None) if kept.empty else got == pytest.approx(np.mean((kept["mean"] - kept["y"]) ** 2))


def test_a_panel_backtest_scores_each_series_on_its_measured_truths():
    df, _ = _gappy(ids=("a", "b"))
    bt = _backtest(df, id="id")
    _check_against_frame(bt, ["mean", "LSTM"])
    fc = bt.forecasts
    for sid, rows in fc.groupby("id"):
        kept = rows[~rows["filled"]]
        mine = bt.per_series[(bt.per_series["id"] == sid) & (bt.per_series["forecaster"] == "mean")]
        assert float(mine["mse"].iloc[0]) == pytest.approx(np.mean((kept["mean"] - kept["y"]) ** 2), rel=1e-12)


def test_a_run_scores_its_test_part_without_the_filled_truths():
    from wavecast.api import read_for_fit
    from wavecast.experiment import run

    df, masks = _gappy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cfg, ds, _, _ = read_for_fit(df, "y", "date", "", None, ("direct.max_epochs=1", "window.horizon=6"), (),
                                     (), (), None, {"fill": "linear", "seed": 0}, None, "")
        r = run(cfg, dataset=ds, final=False)
    o, h = r.split.val_end, 6
    keep = ~masks[0][o : o + h]
    assert 0 < keep.sum() < h
    truth = ds.values[0][o : o + h]
    for name, m in r.metrics["forecasters"].items():
        err = (r.forecasts[name][:, 0] - truth)[keep]
        assert m["mse"] == pytest.approx(np.mean(err ** 2), rel=1e-12)
        assert [v is None for v in m["by_lead"]["mse"]] == (~keep).tolist()
    assert any(n.startswith(f"scores leave out {h - keep.sum()} filled values of the test part") for n in r.notes)


def test_the_cli_backtest_leaves_an_origin_of_filled_truths_unscored(tmp_path, capsys):
    # an origin whose every truth was drawn by the reader has no score: metrics.json says null
    # (it holds no NaN), per_origin.csv an empty cell, and the lead-time figure is still drawn
    import json

    from wavecast.cli import main

    df, _ = _gappy()
    y = df["y"].to_numpy().copy()
    y[-9:-4] = np.nan  # five days running: the origin at the first of them forecasts three filled days
    df.assign(y=y).to_csv(tmp_path / "g.csv", index=False)
    out = tmp_path / "bt"
    assert main(["backtest", "--data", str(tmp_path / "g.csv"), "--target", "y", "--fill", "linear", "--horizon",
                 "3", "--origins", "4", "--set", "direct.max_epochs=1", "--out", str(out)]) == 0
    assert "scores leave out" in capsys.readouterr().out
    per = json.loads((out / "metrics.json").read_text())["forecasters"]["mean"]["per_origin"]["mse"]
    lines = (out / "per_origin.csv").read_text().splitlines()
    assert None in per and len(lines) == len(per) + 1
    assert ",," in lines[1 + per.index(None)] and (out / "lead_time.png").exists()
