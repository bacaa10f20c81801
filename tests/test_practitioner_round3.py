"""A practitioner's third round (intermittent demand, ragged panels, drivers, breaks, notebook
use): what got in the way, pinned. Each test failed on the code before its fix."""

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.errors import NotFittedError, ValidationError


def _panel(n_series=3, n=60, seed=0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    weeks = pd.date_range("2022-01-02", periods=n, freq="W-SUN")
    return pd.DataFrame([(f"item{i}", w, float(v)) for i in range(n_series)
                         for w, v in zip(weeks, (rng.random(n) < 0.3) * rng.integers(1, 6, n), strict=True)],
                        columns=["item", "week", "sold"])


@pytest.fixture(scope="module")
def fitted():
    df = _panel()
    est = wavecast.Forecaster(horizon=4, epochs=1, hidden_size=4, seed=0)
    with pytest.warns(wavecast.WavecastNote):
        est.fit(df, target="sold", time="week", id="item")
    return est, df


def test_estimator_predict_given_data_second_is_one_line_naming_data(fitted, tmp_path):
    # Forecaster.predict(horizon, level, data): predict(4, df), wavecast.fit's order, read the frame
    # as the levels and the error printed the whole frame (dozens of lines)
    est, df = fitted
    with pytest.raises(ValidationError) as e:
        est.predict(4, df)
    msg = str(e.value)
    assert "\n" not in msg and "DataFrame of 180 rows" in msg and "predict(4, data=...)" in msg
    path = tmp_path / "sales.csv"
    df.to_csv(path, index=False)
    for given in (str(path), path):
        with pytest.raises(ValidationError, match=r"got the file '.*sales\.csv': give the data by keyword"):
            est.predict(4, given)
    # levels still read as levels, by position too; the data by keyword still continues it
    assert list(est.predict(4, [80, 95]).columns[-4:]) == ["lo-80", "hi-80", "lo-95", "hi-95"]
    assert len(est.predict(4, data=df)) == 12


def test_a_frame_given_as_level_is_named_in_one_line_everywhere(fitted):
    est, df = fitted
    with pytest.raises(ValidationError) as e:
        est.forecaster_.predict(4, level=df)  # wavecast.fit's model, level= by keyword
    assert "\n" not in str(e.value) and "got a DataFrame of 180 rows" in str(e.value)


def test_estimator_has_the_scores_table(fitted):
    # wavecast.fit(...).scores is the README's table; the estimator had no such attribute
    est, _ = fitted
    assert est.scores_.equals(est.forecaster_.scores) and est.scores.equals(est.scores_)
    assert est.scores.index[0] == "LSTM" and "mase" in est.scores.columns
    with pytest.raises(NotFittedError, match="not fitted"):
        _ = wavecast.Forecaster().scores_


def _seasonal(n=240, seed=3, shift=0.0, last=0):
    rng = np.random.default_rng(seed)
    y = 100 + 10 * np.sin(2 * np.pi * np.arange(n) / 7) + rng.normal(0, 2, n)
    y[n - last:] += shift if last else 0.0
    return y


def test_level_shift_fires_on_a_break_and_not_on_trends_walks_or_zeros():
    from wavecast.evaluate.breaks import level_shift

    y = _seasonal(shift=60.0, last=3)
    found = level_shift(y[:-14], y[-14:], 7)
    assert found is not None and found["step"] == 12 and abs(found["shift"] - 60) < 8
    y = _seasonal(shift=-60.0, last=8)
    assert level_shift(y[:-14], y[-14:], 7)["step"] == 7 and level_shift(y[:-14], y[-14:], 7)["shift"] < 0
    assert level_shift(*np.split(_seasonal(), [226]), 7) is None  # the same series without the break
    rng = np.random.default_rng(0)
    t = np.arange(200.0)
    quiet = [(5 * t + rng.normal(0, 1, 200), 1, 6),  # a steep trend, yearly-like
             (0.3 * t + 10 * np.sin(2 * np.pi * t / 12) + rng.normal(0, 1, 200), 12, 18),
             (np.exp(0.02 * t) * (1 + 0.1 * np.sin(2 * np.pi * t / 12)), 12, 18),  # growth
             (np.sin(2 * np.pi * t / 20), 20, 40),  # a pure sine (the demo's)
             ((rng.random(200) < 0.2) * rng.integers(1, 6, 200).astype(float), 52, 13)]  # intermittent
    for x, p, h in quiet:
        assert level_shift(x[:-h], x[-h:], p) is None
    walks = sum(level_shift(w[:-14], w[-14:], 1) is not None
                for w in np.random.default_rng(1).normal(0, 1, (300, 200)).cumsum(axis=1))
    assert walks <= 6  # a random walk's end is rarely a break (2% at most)


def test_a_break_in_the_held_out_end_is_named_before_the_nets_findings():
    # a level shift 3 points before the end: the diagnostics blamed the net (lagged copy, flat
    # line, diverging rollout) and advised tuning it; the break is named first now
    idx = pd.date_range("2020-01-01", periods=240, freq="D")
    with pytest.warns(wavecast.WavecastNote):
        f = wavecast.fit(pd.Series(_seasonal(shift=60.0, last=3), idx), horizon=14, epochs=1, hidden_size=4)
    first = f.metrics["diagnostics"][0]
    assert first["name"] == "level shift" and first["forecaster"] == "held-out data"
    assert "shifts by +6" in first["message"] and "from step 12 of 14" in first["message"]
    assert "before the break" in first["advice"]
    with pytest.warns(wavecast.WavecastNote):
        g = wavecast.fit(pd.Series(_seasonal(), idx), horizon=14, epochs=1, hidden_size=4)
    assert all(d["name"] != "level shift" for d in g.metrics["diagnostics"])


def test_a_break_in_one_series_of_a_panel_is_counted_and_named():
    idx = pd.date_range("2020-01-01", periods=240, freq="D")
    df = pd.concat([pd.DataFrame({"id": f"s{i}", "date": idx, "y": _seasonal(seed=10 + i, shift=-50.0,
                                                                           last=5 if i == 1 else 0)})
                    for i in range(3)])
    with pytest.warns(wavecast.WavecastNote):
        f = wavecast.fit(df, target="y", time="date", id="id", horizon=14, epochs=1, hidden_size=4)
    shift = [d for d in f.metrics["diagnostics"] if d["name"] == "level shift"]
    assert len(shift) == 1 and shift[0]["message"].startswith("in 1 of 3 series ('s1'); in series 's1': the truth shifts by -")
    assert shift[0]["details"]["series"] == ["s1"]


def test_advice_to_read_a_season_is_not_given_to_a_net_that_reads_one():
    # a panel with two short series capped input_len at 7, a season of 7: 'no better than a
    # baseline' still said "a context of at least one season (window.input_len >= period)"
    from wavecast.evaluate.advice import advise
    from wavecast.evaluate.finding import ADVICE

    def found(baseline):
        return {"baselines": {"period": 7},
                "diagnostics": [{"name": "no better than a baseline", "advice": ADVICE["no better than a baseline"],
                                 "details": {"n_series": 4, "example": {"baseline": baseline}}}]}

    m = found("linear AR(39)")
    advise(m, "direct", input_len=7)
    advice = m["diagnostics"][0]["advice"]
    assert "window.input_len >= period" not in advice
    assert "a longer context (window.input_len, now 7, a season 7; linear AR(39) reads 39 lags)" in advice
    m = found("seasonal naive")
    advise(m, "direct", input_len=3)  # shorter than the season: the advice stands
    assert "window.input_len >= period" in m["diagnostics"][0]["advice"]


def _ragged() -> pd.DataFrame:
    rng = np.random.default_rng(1)
    parts = []
    for sid, start, n in [("a", "2020-01-01", 200), ("b", "2020-06-01", 150), ("c", "2021-01-01", 60),
                          ("d", "2020-03-01", 10), ("e", "2020-02-01", 5), ("f", "2020-01-01", 120)]:
        y = 50 + 10 * np.sin(2 * np.pi * np.arange(n) / 7) + rng.normal(0, 2, n)
        parts.append(pd.DataFrame({"id": sid, "date": pd.date_range(start, periods=n, freq="D"), "y": y}))
    return pd.concat(parts, ignore_index=True)


def test_a_ragged_panels_backtest_chooses_an_ar_order_every_series_fits():
    # the AR order was chosen on the first series alone (200 points: AR(40)) and then fitted on
    # 'c', 32 training points before its 28-point test part: "linear AR(40) needs more than 41
    # training points; got 32", a line about no input the user gave
    with pytest.warns(wavecast.WavecastNote) as notes:
        bt = wavecast.backtest(_ragged(), target="y", time="date", id="id", horizon=14, origins=3, stride=7,
                               epochs=1, hidden_size=4, seed=0)
    ar = [c for c in bt.scores.index if c.startswith("linear AR(")]
    order = int(ar[0][len("linear AR("):-1])
    assert order <= 32 - 2 and set(bt.forecasts["id"]) == {"a", "b", "c", "f"}
    said = [str(n.message) for n in notes if str(n.message).startswith("linear AR order")]
    assert said and "among 1..30 (the most a series of 32 training points fits)" in said[0]


def test_an_ar_order_given_longer_than_a_series_names_the_setting(tmp_path, capsys):
    from wavecast.cli import main

    df = _ragged()  # 'c' has 46 training points before its test part of 14
    with pytest.raises(ValidationError) as e:
        wavecast.fit(df, target="y", time="date", id="id", horizon=14, epochs=1, hidden_size=4, eval__ar_order=45)
    assert str(e.value) == ("the AR order given (eval__ar_order=45) needs more than 46 training points a series; "
                            "the shortest series scored has 46: set eval__ar_order to 44 or less, or leave it out "
                            "to be chosen")  # was "linear AR(45) needs more than 46 training points; got 46"
    path = tmp_path / "ragged.csv"
    df.to_csv(path, index=False)
    assert main(["run", "--data", str(path), "--target", "y", "--time", "date", "--id", "id", "--horizon", "14",
                 "--set", "eval.ar_order=45", "--set", "train.epochs=1", "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1] == ("wavecast: error: the AR order given (--set eval.ar_order=45) needs more than 46 training "
                       "points a series; the shortest series scored has 46: set eval.ar_order to 44 or less, or "
                       "leave it out to be chosen")


def test_an_intermittent_series_forecast_at_its_median_is_no_lagged_copy():
    # the L1 net forecasts an intermittent item's median, 0, which is also its last value: a backtest
    # of 30 weekly items (5-30% of weeks with a sale) called 17 of them lagged copies ("the net
    # learned 'tomorrow = today'"), where flat_line already leaves such series alone
    from wavecast.evaluate.net_checks import lagged_copy

    truth = np.array([0, 0, 3, 0, 0, 0, 1, 0, 0, 0, 0, 5, 0], dtype=float)[None, :, None]  # (1, 13, 1)
    pred, last = np.zeros_like(truth), np.zeros((1, 1))
    assert lagged_copy("LSTM", pred, truth, last, tol=1e-3) is None
    # the same check still fires where the series is no intermittent one
    busy = truth + 2.0
    found = lagged_copy("LSTM", np.full_like(busy, 2.0), busy, last + 2.0, tol=1e-3)
    assert found is not None and found.name == "lagged copy"


def test_a_series_too_short_for_the_net_given_alone_is_forecast_as_in_its_panel(tmp_path):
    # 'e' (5 points) is forecast by its last value in predict(); its data alone, predict(7, df[df.id == 'e']),
    # was refused: "model needs the last 7 values; got 5 (series 'e')"
    df = _ragged()
    with pytest.warns(wavecast.WavecastNote):
        f = wavecast.fit(df, target="y", time="date", id="id", horizon=14, epochs=1, hidden_size=4, seed=0)
    with pytest.warns(wavecast.WavecastNote, match=r"shorter than input_len=7 \('e'\): forecast by its last value"):
        whole = f.predict(7, level=[80])
    e = df[df["id"] == "e"]
    # other data (e alone) than the predict above: its note is said again, though in the same words
    with pytest.warns(wavecast.WavecastNote, match=r"shorter than input_len=7 \('e'\): forecast by its last value"):
        alone = f.predict(7, e, level=[80])
    mine = whole[whole["id"] == "e"].reset_index(drop=True)
    pd.testing.assert_frame_equal(alone.reset_index(drop=True), mine)
    assert (alone["forecast"] == e["y"].iloc[-1]).all()
    f.save(tmp_path / "m")
    with pytest.warns(wavecast.WavecastNote):
        again = wavecast.load(tmp_path / "m").predict(7, e, level=[80])
    pd.testing.assert_frame_equal(again.reset_index(drop=True), mine)
    # a long series' last 5 points alone are still refused (the wrong data, most likely)
    with pytest.raises(ValidationError, match=r"model needs the last 7 values; got 5 \(series 'a'\)"):
        f.predict(7, df[df["id"] == "a"].tail(5))


def test_the_intermittent_note_says_where_the_mean_baselines_forecast_is(tmp_path, capsys):
    # "for totals use the mean baseline" named no way to get its forecast
    from wavecast.cli import main

    df = _panel()
    with pytest.warns(wavecast.WavecastNote) as notes:
        f = wavecast.fit(df, target="sold", time="week", id="item", horizon=4, epochs=1, hidden_size=4, seed=0)
    said = [str(n.message) for n in notes if "intermittent" in str(n.message)]
    assert said and "for totals use the mean baseline (its forecast: predict(h, baselines=['mean']))" in said[0]
    fc = f.predict(4, baselines=["mean"])  # the call the note names works as written
    assert "mean" in fc.columns and fc["mean"].notna().all()
    path = tmp_path / "items.csv"
    df.to_csv(path, index=False)
    assert main(["run", "--data", str(path), "--target", "sold", "--time", "week", "--id", "item", "--horizon", "4",
                 "--set", "train.epochs=1", "--out", str(tmp_path / "r")]) == 0
    assert ("for totals use the mean baseline (its forecast: wavecast forecast RUN --baselines --data FILE)"
            in capsys.readouterr().out)
