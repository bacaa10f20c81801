"""Whether the drivers pay (drivers_check.py): a run given covariates also fits its net without
them and scores it on the held-out end as "LSTM without drivers"; a finding when that scores
better, a note when the drivers pay; eval.without_drivers=false skips it, and the saved model and
its forecast are the same either way. Small series, few epochs: fast."""

import json
import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.cli import main
from wavecast.config import ConfigError, EvalConfig
from wavecast.evaluate.drivers_pay import PAY_MARGIN, WITHOUT_DRIVERS, drivers_do_not_pay

N, H = 72, 6
FAST = dict(horizon=H, epochs=30, hidden_size=8, seed=0)


def _monthly(driven: bool, future_rows: int = 0) -> pd.DataFrame:
    """A monthly season and small noise; x0..x2 pure noise, or y = season + 4 x0 (driven).
    future_rows: rows after the end holding the drivers, the target empty."""
    rng = np.random.default_rng(0)
    n = N + future_rows
    x = rng.normal(size=(n, 3))
    y = 10 + 3 * np.sin(2 * np.pi * np.arange(n) / 12) + rng.normal(0, 0.05, n) + (4 * x[:, 0] if driven else 0)
    y[N:] = np.nan
    return pd.DataFrame({"month": pd.date_range("2000-01-01", periods=n, freq="MS"), "y": y,
                         "x0": x[:, 0], "x1": x[:, 1], "x2": x[:, 2]})


def _fit(df, future, **kw):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        f = wavecast.fit(df, target="y", time="month", future=future, **{**FAST, **kw})
    return f, [str(w.message) for w in caught]


def test_drivers_of_pure_noise_are_found_not_to_pay():
    f, _ = _fit(_monthly(driven=False), ["x0", "x1", "x2"])
    rows = f.metrics["forecasters"]
    assert list(rows)[:2] == ["LSTM", "LSTM without drivers"]  # beside the net, before the baselines
    with_them, without = rows["LSTM"]["mase"], rows["LSTM without drivers"]["mase"]
    assert without < with_them
    found = {d["name"]: d for d in f.metrics["diagnostics"]}
    d = found["drivers do not pay"]
    assert d["forecaster"] == "LSTM" and f"{without:.4g}" in d["message"] and f"{with_them:.4g}" in d["message"]
    assert "run it without --future x0,x1,x2 (the same keywords in Python)" in d["advice"] and "backtest" in d["advice"]
    assert f.metrics["drivers_check"]["pay"] is False
    # the advice to drop them is said once, by this finding, not again by a net behind a baseline
    assert all(WITHOUT_DRIVERS not in x["advice"] for x in f.metrics["diagnostics"])
    assert "LSTM without drivers" in f.scores.index  # the API's table has the row too


def test_a_driver_that_drives_the_target_pays_and_is_said_to():
    f, said = _fit(_monthly(driven=True), ["x0"])
    rows = f.metrics["forecasters"]
    with_them, without = rows["LSTM"]["mase"], rows["LSTM without drivers"]["mase"]
    assert with_them < without
    assert "drivers do not pay" not in {d["name"] for d in f.metrics["diagnostics"]}
    note = [n for n in f.metrics["notes"] if n.startswith("the drivers pay")]
    assert len(note) == 1 and f"{with_them:.4g}" in note[0] and f"{without:.4g}" in note[0]
    assert any(s.startswith("the drivers pay") for s in said)  # a warning in Python, as every note


def test_no_covariates_no_check_and_the_switch_is_checked():
    f, _ = _fit(_monthly(driven=False), [])
    assert "LSTM without drivers" not in f.metrics["forecasters"] and "drivers_check" not in f.metrics
    with pytest.raises(ConfigError, match="eval.without_drivers must be true or false"):
        EvalConfig(without_drivers=1)


def _run(tmp_path, name: str, *more: str) -> tuple[int, str]:
    out = tmp_path / name
    code = main(["run", "--data", str(tmp_path / "d.csv"), "--time", "month", "--target", "y", "--future", "x0",
                 "--horizon", str(H), "--set", "direct.max_epochs=30", "--set", "direct.hidden_size=8",
                 "--seed", "0", "--out", str(out), *more])
    return code, out


def test_cli_row_switch_off_and_the_saved_model_unchanged(tmp_path, capsys):
    _monthly(driven=True, future_rows=H).to_csv(tmp_path / "d.csv", index=False)
    code, on = _run(tmp_path, "on")
    printed = capsys.readouterr().out
    assert code == 0 and "LSTM without drivers" in printed and "note: the drivers pay" in printed
    assert "LSTM without drivers" in (on / "report.html").read_text()
    assert "LSTM without drivers" in json.loads((on / "metrics.json").read_text())["forecasters"]
    assert "without_drivers" in json.loads((on / "timings.json").read_text())
    code, off = _run(tmp_path, "off", "--set", "eval.without_drivers=false", "--quiet")
    assert code == 0
    m = json.loads((off / "metrics.json").read_text())
    assert "LSTM without drivers" not in m["forecasters"] and "drivers_check" not in m
    assert "without_drivers" not in json.loads((off / "timings.json").read_text())  # no extra fit
    # a comparison only: the same weights, transforms and forecast (the config and metrics differ)
    assert (on / "model" / "weights.safetensors").read_bytes() == (off / "model" / "weights.safetensors").read_bytes()
    a, b = (json.loads((r / "model" / "model.json").read_text()) for r in (on, off))
    assert a["direct"] == b["direct"] and a.get("intervals") == b.get("intervals")
    forecasts = []
    for r in (on, off):
        assert main(["forecast", str(r), "--data", str(tmp_path / "d.csv"), "--out", str(r / "f.csv"),
                     "--quiet"]) == 0
        forecasts.append((r / "f.csv").read_bytes())
    assert forecasts[0] == forecasts[1]


def test_cli_refuses_a_switch_that_is_not_true_or_false(tmp_path, capsys):
    _monthly(driven=True).to_csv(tmp_path / "d.csv", index=False)
    code, _ = _run(tmp_path, "bad", "--set", "eval.without_drivers=maybe", "--quiet")
    assert code == 2
    assert "eval.without_drivers must be true or false" in capsys.readouterr().err


def test_a_difference_within_the_margin_is_no_finding():
    """One held-out end is one draw: Seatbelts' PetrolPrice at seed 2 (0.722 with it, 0.719
    without) was called a cost of 0.4%."""
    assert drivers_do_not_pay("LSTM", "LSTM without drivers", "mase", 0.722, 0.719) is None
    edge = 1.0 * (1 - PAY_MARGIN)
    assert drivers_do_not_pay("LSTM", "LSTM without drivers", "mase", 1.0, edge) is None
    found = drivers_do_not_pay("LSTM", "LSTM without drivers", "mase", 1.0, edge - 1e-9)
    assert found is not None and found.details["without_drivers"] == edge - 1e-9


def _backtest(df, future, **kw):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        bt = wavecast.backtest(df, target="y", time="month", future=future, origins=3, **{**FAST, **kw})
    return bt, [str(w.message) for w in caught]


def test_a_backtest_scores_the_net_without_its_drivers_at_every_origin():
    """The backtest's own check: the same backtest without the covariates, its net's row beside the
    net's, pooled over every origin; the row is that of a backtest of the data without them."""
    bt, said = _backtest(_monthly(driven=True), ["x0"])
    rows = bt.metrics["forecasters"]
    assert list(rows)[:2] == ["LSTM", "LSTM without drivers"] and list(bt.scores.index)[:2] == list(rows)[:2]
    with_them, without = rows["LSTM"]["mase"], rows["LSTM without drivers"]["mase"]
    assert with_them < without
    assert len(rows["LSTM without drivers"]["per_origin"]["mse"]) == 3  # every origin scored
    assert "intervals" not in rows["LSTM without drivers"]  # a check of the point forecasts
    assert bt.metrics["drivers_check"] == {"forecaster": "LSTM without drivers", "metric": "mase",
                                           "with_drivers": with_them, "without_drivers": without, "pay": True,
                                           "drivers": ["--future x0"]}
    note = [n for n in bt.metrics["notes"] if n.startswith("the drivers pay")]
    assert len(note) == 1 and "over 3 origins" in note[0] and f"{with_them:.4g}" in note[0]
    assert any(s.startswith("the drivers pay") for s in said)
    assert bt.result.without_drivers_seconds > 0
    # a backtest without covariates: no such row, no check; its net is the row above
    bare, _ = _backtest(_monthly(driven=True).drop(columns=["x0", "x1", "x2"]), [])
    assert "LSTM without drivers" not in bare.metrics["forecasters"] and "drivers_check" not in bare.metrics
    assert bare.result.without_drivers_seconds is None
    assert bare.metrics["forecasters"]["LSTM"]["mse"] == pytest.approx(rows["LSTM without drivers"]["mse"])


def test_a_backtest_finds_drivers_that_cost_the_net_and_advises_in_its_words():
    df = _monthly(driven=False)
    df.loc[N - H - 2 :, "x0"] += 10  # the origins' driver far outside the range it was trained on
    bt, _ = _backtest(df, ["x0"])
    rows = bt.metrics["forecasters"]
    without = rows["LSTM without drivers"]["mase"]
    assert without < rows["LSTM"]["mase"] * (1 - PAY_MARGIN)
    d = {x["name"]: x for x in bt.metrics["diagnostics"]}["drivers do not pay"]
    assert f"MASE {without:.4g} over 3 origins without the drivers (LSTM without drivers)" in d["message"]
    # already a backtest: not sent to run one, nor told its figure is one draw
    assert "pooled over this backtest's origins" in d["advice"] and "one held-out end" not in d["advice"]
    assert "run it without --future x0 (the same keywords in Python):" in d["advice"]
    assert bt.metrics["drivers_check"]["pay"] is False
    assert all(WITHOUT_DRIVERS not in x["advice"] for x in bt.metrics["diagnostics"])


def test_cli_backtest_of_a_panel_prints_and_writes_the_row_and_the_switch_skips_it(tmp_path, capsys):
    df = pd.concat([_monthly(driven=True).assign(shop=s) for s in ("a", "b")])
    df.loc[df.shop == "b", "y"] += 5
    df.to_csv(tmp_path / "d.csv", index=False)

    def backtest(name: str, *more: str):
        out = tmp_path / name
        code = main(["backtest", "--data", str(tmp_path / "d.csv"), "--time", "month", "--target", "y", "--id",
                     "shop", "--future", "x0", "--horizon", str(H), "--origins", "2", "--set", "direct.max_epochs=30",
                     "--set", "direct.hidden_size=8", "--seed", "0", "--out", str(out), *more])
        return code, out, capsys.readouterr().out

    code, on, printed = backtest("on")
    assert code == 0 and "note: the drivers pay: LSTM scores MASE" in printed and "over 2 series x 2 origins" in printed
    pooled, per_series = printed.split("\nseries (MSE)")[:2]  # the pooled table, then one row a series
    assert "\nLSTM without drivers " in pooled and "LSTM without drivers" in per_series.splitlines()[0]
    assert "LSTM without drivers: the same backtest without the drivers" in printed  # what it cost
    m = json.loads((on / "metrics.json").read_text())
    for table in (m, m["first_series"], m["all_series"]):
        assert list(table["forecasters"])[:2] == ["LSTM", "LSTM without drivers"]
    assert all("LSTM without drivers" in r["mse"] for r in m["all_series"]["per_series"])
    assert m["drivers_check"]["pay"] is True
    assert json.loads((on / "timings.json").read_text())["without_drivers"] > 0
    assert "LSTM without drivers mse" in (on / "per_origin.csv").read_text().splitlines()[0]
    assert "LSTM without drivers" in (on / "report.html").read_text()
    code, off, printed = backtest("off", "--set", "eval.without_drivers=false")
    assert code == 0 and "without drivers" not in printed
    m_off = json.loads((off / "metrics.json").read_text())
    assert "LSTM without drivers" not in m_off["forecasters"] and "drivers_check" not in m_off
    assert "without_drivers" not in json.loads((off / "timings.json").read_text())
    assert m_off["forecasters"]["LSTM"] == m["forecasters"]["LSTM"]  # the net's own scores unchanged


def test_a_fit_given_holidays_is_advised_in_its_own_keyword_not_calendar():
    """wavecast.fit(df, holidays='US') reads the calendar too; its drivers are holidays='US', as
    the CLI's --holidays US is said: the note and the advice said 'calendar=True', a keyword the
    user never gave, and a fit without it still read the holidays."""
    rng = np.random.default_rng(0)
    n = 150
    df = pd.DataFrame({"day": pd.date_range("2021-01-01", periods=n, freq="D"),
                       "y": 10 + 3 * np.sin(2 * np.pi * np.arange(n) / 7) + rng.normal(0, 0.5, n)})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        f = wavecast.fit(df, target="y", time="day", holidays="US", **{**FAST, "horizon": 7})
    said = [str(w.message) for w in caught if "drivers" in str(w.message)]
    assert f.metrics["drivers_check"]["drivers"] == ["--holidays US"]
    assert said and all("holidays='US'" in s and "calendar=True" not in s for s in said)


def test_the_note_that_drivers_pay_on_one_held_out_end_says_it_is_one_draw():
    """'the drivers pay' from one held-out end is one draw (DJIA with --holidays NYSE read 'pay' at
    one horizon and 'do not pay' at another); the note now says so and points to a backtest, as the
    finding that they do not pay did. A backtest's note, over its origins, does not."""
    f, said = _fit(_monthly(driven=True), ["x0"])
    (note,) = [n for n in f.metrics["notes"] if n.startswith("the drivers pay")]
    assert note.endswith("skips it); one held-out end is one draw: a backtest compares them over many "
                         "origins (wavecast backtest --origins N; wavecast.backtest(origins=N))")
    (warned,) = [s for s in said if s.startswith("the drivers pay")]
    assert warned.endswith("; one held-out end is one draw: a backtest compares them over many origins "
                           "(wavecast.backtest(origins=N))")  # Python's words
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bt = wavecast.backtest(_monthly(driven=True), target="y", time="month", future=["x0"], origins=2, **FAST)
    (note,) = [n for n in bt.metrics["notes"] if n.startswith("the drivers pay")]
    assert "over 2 origins" in note and "one draw" not in note


def test_forecast_png_draws_the_net_without_drivers_beside_the_net(tmp_path, monkeypatch):
    """The bare net is scored in the tables; forecast.png drew the net alone (a user round's
    Seatbelts: the net with --future law floored at 0, its better twin nowhere to be seen)."""
    from wavecast.report import figures

    drawn = {}
    real = figures.forecast_figure

    def spy(path, **kw):
        drawn[path.name] = kw["forecasts"]
        return real(path, **kw)

    monkeypatch.setattr(figures, "forecast_figure", spy)
    path = tmp_path / "m.csv"
    _monthly(driven=False).to_csv(path, index=False)
    base = ["run", "--data", str(path), "--time", "month", "--target", "y", "--horizon", str(H),
            "--set", "direct.max_epochs=2", "--quiet"]
    assert main([*base, "--future", "x0", "--out", str(tmp_path / "with")]) == 0
    metrics = json.loads((tmp_path / "with" / "metrics.json").read_text())
    bare = drawn["forecast.png"]["LSTM without drivers"]
    assert bare.shape == (H,) and np.isfinite(bare).all() and "LSTM" in drawn["forecast.png"]
    truth = (_monthly(driven=False)["y"].to_numpy()[N - H:])
    # the line drawn is the forecast scored as the row "LSTM without drivers"
    assert np.mean((bare - truth) ** 2) == pytest.approx(metrics["forecasters"]["LSTM without drivers"]["mse"])
    drawn.clear()
    assert main([*base, "--out", str(tmp_path / "plain")]) == 0  # no drivers: no such line
    assert "LSTM without drivers" not in drawn["forecast.png"]
