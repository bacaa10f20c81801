"""Five gaps a forecasting user met: wavecast.backtest's scores of several targets pooled a target in
dollars with one in units; ids 1 and '1' refused as a duplicated timestamp; a driver of text
categories told to be a yes/no flag; `backtest --refit`'s headline counting the first training
alone; and '<- best' marked on one of several forecasters that tie."""

import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.cli import main
from wavecast.cli.output import best_of, metrics_table
from wavecast.errors import ValidationError

FAST = dict(horizon=4, epochs=2, hidden_size=4, input_len=8)
CLI_FAST = ["--horizon", "4", "--set", "direct.max_epochs=2", "--set", "direct.hidden_size=4",
            "--set", "direct.n_ensemble=1"]


def _dollars_and_units(n: int = 60) -> pd.DataFrame:
    """Two targets a thousand times apart in scale: a in dollars, b in units."""
    rng = np.random.default_rng(0)
    out = []
    for s in range(3):
        t = np.arange(n)
        a = 1000 * (3 + np.sin(2 * np.pi * t / 6 + s)) + rng.normal(0, 100, n)
        b = 3 + np.sin(2 * np.pi * t / 6) + rng.normal(0, 0.3, n)
        out.append(pd.DataFrame({"shop": f"s{s}", "day": pd.date_range("2021-01-01", periods=n), "a": a, "b": b}))
    return pd.concat(out, ignore_index=True)


def test_backtest_scores_of_several_targets_are_one_table_a_target_not_pooled_across_units():
    """bt.scores pooled MSE and MAE over a target in dollars and one in units (one figure, neither
    target's); now indexed by (target, forecaster) as fit's scores are, each target's errors and
    coverage from its own rows of bt.forecasts."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bt = wavecast.backtest(_dollars_and_units(), target=["a", "b"], time="day", id="shop", origins=2,
                               level=[80], **FAST)
    s = bt.scores
    assert s.index.names == ["target", "forecaster"]
    assert sorted(s.index.get_level_values("target").unique()) == ["a", "b"]
    f = bt.forecasts
    for target in ("a", "b"):
        rows = f[f["target"] == target]
        for name in ("LSTM", "mean", "last value"):
            err = rows[name] - rows["actual"]
            assert s.loc[(target, name), "mse"] == pytest.approx(float(np.mean(err ** 2)))
            assert s.loc[(target, name), "mae"] == pytest.approx(float(np.mean(np.abs(err))))
            inside = (rows[f"{name}-lo-80"] <= rows["actual"]) & (rows["actual"] <= rows[f"{name}-hi-80"])
            assert s.loc[(target, name), "coverage-80"] == pytest.approx(float(inside.mean()))
    # a's errors in dollars are not b's in units: one pooled figure would be neither
    assert s.loc[("a", "mean"), "mae"] > 100 * s.loc[("b", "mean"), "mae"]
    assert "each target pooled over its series" in repr(bt)


def test_ids_of_two_types_that_read_the_same_are_refused_naming_why_and_the_fix():
    """1 (int) and '1' (str) in one id column: refused as 'timestamp ... appears twice for id
    '1'; drop the duplicates', which named no duplicate the user could see."""
    n = 30
    df = pd.DataFrame({"id": [1] * n + ["1"] * n, "t": list(pd.date_range("2021-01-01", periods=n)) * 2,
                       "y": np.r_[np.sin(np.arange(n)), np.cos(np.arange(n))]})
    with pytest.raises(ValidationError) as e:
        wavecast.fit(df, target="y", time="t", id="id", **FAST)
    msg = str(e.value)
    assert "\n" not in msg
    assert "1 (int) and '1' (str)" in msg and "one type" in msg and "df['id'] = df['id'].astype(str)" in msg
    # ids of two types that read apart are two series, as before
    df2 = df.assign(id=[1] * n + ["2"] * n)
    assert len(wavecast.fit(df2, target="y", time="t", id="id", **{**FAST, "epochs": 1}).predict(2)) == 4


def _colours(values) -> pd.DataFrame:
    n = 40
    return pd.DataFrame({"t": pd.date_range("2021-01-01", periods=n), "y": np.sin(np.arange(n)),
                         "c": [values[i % len(values)] for i in range(n)]})


def test_a_driver_of_text_categories_is_told_to_make_one_hot_columns_and_the_target_is_not():
    """A driver of 4 colours was told 'give numbers only: ... a yes/no flag as 1/0'. The target's
    text, a yes/no driver and a driver of numbers with a few stray marks keep the flag's hint: a
    target is never one-hot, two values are a flag, 'n/a' is no category."""
    for role in ("past", "future"):
        with pytest.raises(ValidationError) as e:
            wavecast.fit(_colours(["red", "green", "blue", "grey"]), target="y", time="t", **{role: ["c"]}, **FAST)
        msg = str(e.value)
        assert "a category of 4 values ('red', 'green', 'blue', ...)" in msg
        assert "pd.get_dummies(df['c'], prefix='c', dtype=int)" in msg
    target = _colours(["red", "green", "blue", "grey"]).assign(y=lambda d: d["c"])
    with pytest.raises(ValidationError, match="a yes/no flag as 1/0") as e:
        wavecast.fit(target, target="y", time="t", **FAST)
    assert "get_dummies" not in str(e.value)
    with pytest.raises(ValidationError, match="a yes/no flag as 1/0") as e:
        wavecast.fit(_colours(["yes", "no"]), target="y", time="t", past=["c"], **FAST)
    assert "get_dummies" not in str(e.value)
    marks = _colours([*(str(v) for v in range(30)), "n/a", "-", "?"])
    with pytest.raises(ValidationError) as e:
        wavecast.fit(marks, target="y", time="t", past=["c"], **FAST)
    assert "get_dummies" not in str(e.value)


def _csv(tmp_path, y) -> str:
    path = tmp_path / "d.csv"
    pd.DataFrame({"t": pd.date_range("2021-01-01", periods=len(y)), "y": y}).to_csv(path, index=False)
    return str(path)


def test_backtest_refit_headline_counts_every_training(tmp_path, capsys):
    """--refit trains the direct net again before each origin; the headline said 'LSTM trained in
    0.09 s', the first training's time alone."""
    y = 3 + np.sin(2 * np.pi * np.arange(80) / 7) + np.random.default_rng(0).normal(0, 0.2, 80)
    assert main(["backtest", "--data", _csv(tmp_path, y), "--target", "y", "--time", "t", "--origins", "3",
                 "--refit", "--out", str(tmp_path / "bt"), *CLI_FAST]) == 0
    head = capsys.readouterr().out.splitlines()[0]
    assert "then trained again before each of the 3 origins" in head, head
    assert "the training note is the first training's" in head


def test_no_best_is_marked_when_every_forecaster_ties(tmp_path, capsys):
    """A constant series: every forecaster at MSE 0, and the net (the first row) was marked best."""
    assert main(["backtest", "--data", _csv(tmp_path, np.full(80, 5.0)), "--target", "y", "--time", "t",
                 "--origins", "3", "--out", str(tmp_path / "bt"), *CLI_FAST]) == 0
    out = capsys.readouterr().out
    assert "<- best" not in out.replace("no '<- best'", "")
    assert "no '<- best': LSTM, mean, last value, seasonal naive" in out


def test_best_of_marks_a_single_lowest_and_none_for_a_tie():
    rows = {"net": {"mse": 1.0}, "naive": {"mse": 2.0}, "ar": {"mse": 1.00001}}
    assert best_of(rows, 1) == (None, "")  # 1 and 1.00001 print the same at 4 digits
    rows["ar"]["mse"] = 1.5
    assert best_of(rows, 1) == ("net", "  <- best (MSE)")
    # within the run's tolerance of 0 both are exact: a tie, though they print apart
    table = metrics_table({"forecasters": {"net": {"mse": 1e-12}, "naive": {"mse": 0.0}},
                           "tolerance": {"mse": 1e-9}})
    assert "<- best" not in table.replace("no '<- best'", "") and "net, naive tie" in table
