"""`wavecast run --data` then `wavecast forecast`: the files they write and their one-line errors."""

import json
import re

import numpy as np
import pandas as pd
import pytest

from wavecast.cli import main

FAST = ["--set", "train.epochs=2", "--set", "model.hidden_size=6", "--set", "window.input_len=12",
        "--set", "window.horizon=6", "--set", "window.test_len=6", "--quiet"]


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A long-format CSV of two series and a run folder trained on it."""
    root = tmp_path_factory.mktemp("fc")
    t = pd.date_range("2020-01-01", periods=50, freq="W-SUN")
    df = pd.concat([pd.DataFrame({"shop": k, "week": t.strftime("%Y-%m-%d"),
                                  "sold": lvl + 5 * np.sin(np.arange(50) / 2)})
                    for k, lvl in (("a", 100), ("b", 120))])
    data = root / "sales.csv"
    df.to_csv(data, index=False)
    out = root / "run"
    code = main(["run", "--data", str(data), "--target", "sold", "--time", "week", "--id", "shop",
                 "--out", str(out), *FAST])
    assert code == 0
    return data, out


def test_run_writes_model_report_and_pooled_metrics(trained):
    _, out = trained
    for name in ("model/weights.safetensors", "model/model.json", "report.html", "data.png"):
        assert (out / name).stat().st_size > 0, name
    meta = json.loads((out / "model" / "model.json").read_text())
    assert meta["data"]["freq"] == "W-SUN" and [s["id"] for s in meta["data"]["series"]] == ["a", "b"]
    assert meta["config"]["data"]["id"] == "shop" and len(meta["data_sha256"]) == 64
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["all_series"]["n_series"] == 2


def test_forecast_writes_csv_with_extended_times(trained, tmp_path, capsys):
    data, out = trained
    csv = tmp_path / "f.csv"
    assert main(["forecast", str(out), "--data", str(data), "--horizon", "3", "--out", str(csv)]) == 0
    f = pd.read_csv(csv)
    assert list(f.columns) == ["shop", "week", "forecast", "lo-80", "hi-80", "lo-95", "hi-95"] and len(f) == 6  # the model's own bands
    assert f["week"].iloc[0] == "2020-12-20" and f["shop"].tolist() == ["a"] * 3 + ["b"] * 3
    assert np.isfinite(f["forecast"]).all() and csv.with_name(f"{csv.stem}_plot.png").stat().st_size > 0
    assert "2020-12-20" in capsys.readouterr().out
    # Without --data the model continues the tails it stored: the same numbers.
    assert main(["forecast", str(out), "--horizon", "3", "--out", str(tmp_path / "g.csv"), "--quiet"]) == 0
    g = pd.read_csv(tmp_path / "g.csv")
    np.testing.assert_allclose(g["forecast"], f["forecast"], rtol=1e-12)  # float text round trip


@pytest.mark.parametrize(
    "argv, message",
    [
        (["run", "--data", "{missing}", "--out", "{tmp}/x"], r"cannot read data file .*missing.csv: no such file"),
        (["run", "--data", "{data}", "--target", "nope", "--out", "{tmp}/x"],
         r"column 'nope' \(--target\) not found in .*; columns are \['shop', 'week', 'sold'\]"),
        (["run", "--data", "{data}", "--target", "sold", "--time", "week", "--out", "{tmp}/x"],
         r"looks like 2 series stacked in long format: its time stamps repeat and column 'shop' holds 2 "
         r"values in blocks; pass --id shop"),  # was "timestamp ... appears twice" (issue 18)
        (["forecast", "{tmp}/nomodel", "--horizon", "3"], r"model folder .*nomodel does not exist"),
        (["forecast", "{run}", "--horizon", "0"], r"--horizon must be an integer >= 1 \(got 0\)"),
    ],
)
def test_errors_are_one_line_exit_2(trained, tmp_path, capsys, argv, message):
    data, out = trained
    argv = [a.format(missing=tmp_path / "missing.csv", tmp=tmp_path, data=data, run=out) for a in argv]
    assert main([*argv, "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert __import__("re").search(message, err), err


class _Tty:
    def __init__(self, tty):
        self.tty, self.text = tty, ""

    def isatty(self):
        return self.tty

    def write(self, s):
        self.text += s

    def flush(self):
        pass


def test_progress_bar_shows_epoch_losses_and_time_only_on_a_terminal(monkeypatch):
    from types import SimpleNamespace

    from wavecast.cli.progress import Progress

    rep = SimpleNamespace(epoch=2, epochs=4, train_loss=0.5, val_loss=0.25, elapsed=1.5)
    out = _Tty(True)
    p = Progress(stream=out, mininterval=0)
    for batch in range(1, 4):  # issue 18: the bar moves within the epoch (tqdm), rate and time left
        p.on_step(2, batch, 10, 4)
    assert "epoch 2/4" in out.text and "3/40 steps" in out.text and "step/s" in out.text and "<" in out.text
    p(rep)
    assert "loss 0.5" in out.text and "val 0.25" in out.text
    p.close()
    for quiet, tty in ((True, True), (False, False)):
        out = _Tty(tty)
        p = Progress(quiet=quiet, stream=out)
        p.on_step(1, 1, 10, 4)
        p(rep)
        assert out.text == ""
    monkeypatch.setattr("sys.stderr", _Tty(True))
    monkeypatch.setattr("sys.stdout", _Tty(False))  # stdout piped: no bar on stderr either
    assert not Progress().enabled


def _write(df: pd.DataFrame, path) -> str:
    df.to_csv(path, index=False)
    return str(path)


def test_a_panel_with_one_short_series_forecasts_it_by_the_fallback_and_the_rest_by_the_net(trained, tmp_path,
                                                                                           capsys):
    import wavecast

    data, out = trained
    df = pd.read_csv(data)
    short = _write(df[(df["shop"] == "a") | (df.index >= len(df) - 3)], tmp_path / "short.csv")  # b: 3 rows
    full = tmp_path / "full.csv"
    assert main(["forecast", str(out), "--data", str(data), "--horizon", "4", "--out", str(full), "--quiet"]) == 0
    csv = tmp_path / "f.csv"
    assert main(["forecast", str(out), "--data", short, "--horizon", "4", "--out", str(csv)]) == 0  # was exit 2
    printed = capsys.readouterr().out
    # b's 3 points are shorter than a season: its last value, said so (was: "by seasonal naive"); the
    # headline counts the series the net forecast (was: "of each")
    assert re.search(r"note: 1 series shorter than input_len=\d+ \('b'\): forecast by its last value \(shorter "
                     r"than a season of \d+; the direct net's named fallback\)", printed), printed
    assert re.search(r"with LSTM primed on the last \d+ points of 1 of 2 series\n", printed), printed
    f, g = pd.read_csv(csv), pd.read_csv(full)
    np.testing.assert_allclose(f["forecast"][:4], g["forecast"][:4], rtol=1e-6)  # a: the net (float32, batch of 1)
    last_b = df[df["shop"] == "b"]["sold"].iloc[-1]  # b: 3 points, shorter than a season: its last value
    np.testing.assert_allclose(f["forecast"][4:], last_b, rtol=1e-12)
    # The Python API: the same layer, the same forecasts and note.
    m = wavecast.load(out)
    p = m.predict(4, short, time="week", id="shop", target="sold")
    np.testing.assert_allclose(p["forecast"], f["forecast"], rtol=1e-12)
    assert any("('b'): forecast by its last value (shorter than a season of" in n for n in m.notes), m.notes


def test_a_recursive_model_forecasts_a_short_series_by_seasonal_naive(tmp_path, capsys):
    t = pd.date_range("2020-01-01", periods=40, freq="D")
    df = pd.concat([pd.DataFrame({"shop": k, "day": t.strftime("%Y-%m-%d"),
                                  "y": lvl + np.sin(np.arange(40) * 2 * np.pi / 7)}) for k, lvl in (("a", 5), ("b", 9))])
    data = _write(df, tmp_path / "d.csv")
    run = tmp_path / "run"
    assert main(["run", "--data", data, "--target", "y", "--time", "day", "--id", "shop", "--out", str(run),
                 "--set", "model.kind=recursive", "--set", "train.epochs=1", *FAST[2:]]) == 0
    short = _write(df[(df["shop"] == "a") | (df["day"] >= "2020-02-01")], tmp_path / "s.csv")  # b: 9 points
    csv = tmp_path / "f.csv"
    assert main(["forecast", str(run), "--data", short, "--horizon", "3", "--out", str(csv)]) == 0
    assert "('b'): forecast by seasonal naive" in capsys.readouterr().out
    b = df[df["shop"] == "b"]["y"].to_numpy()
    np.testing.assert_allclose(pd.read_csv(csv)["forecast"][3:], b[-7:-4], rtol=1e-12)  # season 7, repeated
    none = _write(df[df["day"] >= "2020-02-01"], tmp_path / "none.csv")  # no series holds a window: refused
    assert main(["forecast", str(run), "--data", none, "--horizon", "3", "--out", str(csv), "--quiet"]) == 2
    assert re.search(r"model needs the last 12 values; got 9 \(series '[ab]'\)", capsys.readouterr().err)


def test_data_of_another_frequency_is_refused_naming_both(trained, tmp_path, capsys):
    import wavecast
    from wavecast.errors import ValidationError

    data, out = trained
    df = pd.read_csv(data)
    monthly = pd.date_range("2020-01-01", periods=50, freq="MS").strftime("%Y-%m-%d")
    df["week"] = np.tile(monthly, 2)
    other = _write(df, tmp_path / "monthly.csv")
    assert main(["forecast", str(out), "--data", other, "--horizon", "3", "--out", str(tmp_path / "f.csv")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "weekly (W-SUN)" in err and "monthly (MS)" in err, err
    with pytest.raises(ValidationError, match=r"trained on weekly \(W-SUN\) data; the data given is monthly"):
        wavecast.load(out).predict(3, other, time="week", id="shop", target="sold")
    # Weekly on Mondays is weekly, but its forecast would be dated off the model's Sundays: refused,
    # naming both weekdays (it was forecast on Mondays without a word)
    df["week"] = np.tile(pd.date_range("2020-01-06", periods=50, freq="W-MON").strftime("%Y-%m-%d"), 2)
    mondays = _write(df, tmp_path / "mondays.csv")
    assert main(["forecast", str(out), "--data", mondays, "--horizon", "3", "--out", str(tmp_path / "g.csv"),
                 "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Sundays (W-SUN)" in err and "Mondays (W-MON)" in err, err


def test_out_parquet_writes_parquet_and_other_suffixes_are_refused(trained, tmp_path, capsys):
    data, out = trained
    pq, csv = tmp_path / "fc.parquet", tmp_path / "fc.csv"
    for path in (pq, csv, pq):  # the second .parquet replaces the first: wavecast's own tag
        assert main(["forecast", str(out), "--horizon", "3", "--out", str(path), "--quiet"]) == 0
    assert pq.read_bytes()[:4] == b"PAR1"
    a, b = pd.read_parquet(pq), pd.read_csv(csv)
    assert list(a.columns) == list(b.columns) == ["shop", "week", "forecast", "lo-80", "hi-80", "lo-95", "hi-95"]
    np.testing.assert_allclose(a["forecast"], b["forecast"], rtol=1e-12)
    mine = tmp_path / "mine.parquet"
    a.to_parquet(mine)  # a user's Parquet file: never replaced
    before = mine.read_bytes()
    for name, message in ((mine, r"exists and is not a forecast wavecast wrote"),
                          (tmp_path / "fc.txt", r"--out .*fc.txt ends in '.txt'; the forecast is written as .csv "
                                                r"or .parquet"),
                          (tmp_path / "fc", r"--out .*fc has no suffix")):
        assert main(["forecast", str(out), "--horizon", "3", "--out", str(name), "--quiet"]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and re.search(message, err), err
    assert mine.read_bytes() == before and not (tmp_path / "fc.txt").exists()
    from wavecast.io.own_files import foreign_files

    # what a run's --overwrite would keep: the user's file; fc.csv is still wavecast's, its plot
    # fc_plot.png left alone by the .parquet's, fc_plot.parquet.png (tests/test_forecast_plot_shared_name.py)
    assert foreign_files(tmp_path) == ["mine.parquet"]


def test_a_cut_console_table_says_how_many_rows_are_left_out_and_where(trained, tmp_path, capsys):
    _, out = trained
    csv = tmp_path / "fc.csv"
    assert main(["forecast", str(out), "--horizon", "9", "--out", str(csv)]) == 0  # 18 rows, 12 shown
    printed = capsys.readouterr().out
    assert f"... 6 more rows in {csv}" in printed and printed.count("\n   b ") + printed.count("\n  b ") < 9
    assert main(["forecast", str(out), "--horizon", "6", "--out", str(csv)]) == 0  # 12 rows: all shown
    assert "more rows" not in capsys.readouterr().out


def test_a_short_series_gets_the_bands_of_the_fallback_that_forecasts_it(tmp_path, capsys):
    """A panel of a daily series A (60 points, season 7) and two series too short for the net's
    window, left out of the run's scores: B (3 points, shorter than a season: seasonal naive
    repeats its last value) and C (7 points: one season). With --level their bands are those of
    the baseline each forecast equals, calibrated with the model, and the note says so (was:
    the net's bands around the fallback's forecast, said as series 'the model never saw')."""
    import wavecast
    from wavecast.forecasters.conformal import Conformal

    t = pd.date_range("2020-01-01", periods=60, freq="D")
    a = 20 + 3 * np.sin(np.arange(60) * 2 * np.pi / 7) + np.random.default_rng(0).normal(0, 0.5, 60)
    df = pd.concat([pd.DataFrame({"shop": "A", "date": t.strftime("%Y-%m-%d"), "value": a}),
                    pd.DataFrame({"shop": "B", "date": t[-3:].strftime("%Y-%m-%d"), "value": [7.0, 8.0, 9.0]}),
                    pd.DataFrame({"shop": "C", "date": t[-7:].strftime("%Y-%m-%d"),
                                  "value": [5.0, 6.0, 8.0, 7.0, 6.0, 5.0, 4.0]})])
    data = _write(df, tmp_path / "panel3.csv")
    run = tmp_path / "R"
    assert main(["run", "--data", data, "--target", "value", "--time", "date", "--id", "shop", "--level", "80,95",
                 "--out", str(run), "--set", "train.epochs=2", "--set", "window.input_len=8", "--quiet"]) == 0
    csv = tmp_path / "f.csv"
    assert main(["forecast", str(run), "--data", data, "--horizon", "8", "--level", "80,95", "--out", str(csv)]) == 0
    printed = capsys.readouterr().out
    assert "never saw" not in printed
    # the one fallback each got, as the note on short series names it (B's said "seasonal naive" and
    # "the last-value baseline" at once)
    assert re.search(r"note: intervals of 1 series forecast by its last value \(shorter than a season of 7; 'B'\): "
                     r"the last-value baseline's own calibrated bands\n", printed), printed
    assert re.search(r"note: 2 series shorter than input_len=8 \('B', 'C'\), forecast by the \w+ net's named "
                     r"fallback: 'B' by its last value \(shorter than a season of 7\), 'C' by seasonal naive", printed), printed
    assert re.search(r"note: intervals of 1 series forecast by seasonal naive \('C'\): the seasonal naive "
                     r"baseline's own calibrated bands", printed), printed
    f = pd.read_csv(csv)
    meta = json.loads((run / "model" / "model.json").read_text())
    for sid, name, values in (("B", "last value", [7.0, 8.0, 9.0]), ("C", "seasonal naive", df["value"][-7:])):
        conf = Conformal.from_dict(meta["fallback_intervals"][name])
        rows = f[f["shop"] == sid]
        scale, floor = conf.scale_of(np.asarray(values))
        want = conf.bands(rows["forecast"].to_numpy()[None, :, None], levels=[80, 95], scales=scale[None],
                          floors=floor[None], nonneg=np.array([[True]]))  # B and C never go below 0
        for level, (lo, hi) in want.items():
            np.testing.assert_allclose(rows[f"lo-{level:g}"], lo[0, :, 0], rtol=1e-9)
            np.testing.assert_allclose(rows[f"hi-{level:g}"], hi[0, :, 0], rtol=1e-9)
    # A, forecast by the net, keeps the net's own bands: the same as when it is forecast alone
    alone = tmp_path / "a.csv"
    assert main(["forecast", str(run), "--data", _write(df[df["shop"] == "A"], tmp_path / "A.csv"), "--horizon", "8",
                 "--level", "80,95", "--out", str(alone), "--quiet"]) == 0
    a_alone = pd.read_csv(alone)  # (float32 batches of other sizes: rounding apart)
    np.testing.assert_allclose(f[f["shop"] == "A"][a_alone.columns[2:]], a_alone[a_alone.columns[2:]], rtol=1e-5, atol=1e-4)
    # The Python API: the same bands and notes; a model saved without the fallback's bands gives
    # the net's pooled ones, and says that too
    m = wavecast.load(run)
    p = m.predict(8, data, level=[80, 95])
    np.testing.assert_allclose(p[["lo-80", "hi-95"]], f[["lo-80", "hi-95"]], rtol=1e-12)
    assert any("('C'): the seasonal naive baseline's own calibrated bands" in n for n in m.notes), m.notes
    m.fallback_intervals = {}
    m.predict(8, data, level=[80, 95])
    for said in ("its last value (shorter than a season of 7; 'B')", "seasonal naive ('C')"):
        assert any(f"intervals of 1 series forecast by {said}: the net's bands, its errors pooled "
                   "over the panel's calibrated series" in n for n in m.notes), m.notes


def test_ids_with_leading_zeros_or_na_words_come_back_as_written(tmp_path, capsys):
    """ids "007" and "NA" were 7 and refused (a missing id): metrics, the model and forecast.csv
    say them as the file does, and forecast --data matches the saved model's ids as text."""
    t = pd.date_range("2020-01-01", periods=40, freq="D")
    df = pd.concat([pd.DataFrame({"sid": sid, "day": t.strftime("%Y-%m-%d"),
                                  "v": lvl + np.sin(np.arange(40) * 2 * np.pi / 7)})
                    for sid, lvl in (("007", 5), ("NA", 9))])
    data = _write(df, tmp_path / "ids.csv")
    run = tmp_path / "run"
    assert main(["run", "--data", data, "--target", "v", "--time", "day", "--id", "sid", "--out", str(run),
                 "--set", "direct.max_epochs=1", "--horizon", "3", "--quiet"]) == 0
    metrics = json.loads((run / "metrics.json").read_text())
    assert sorted(r["id"] for r in metrics["all_series"]["per_series"]) == ["007", "NA"]
    meta = json.loads((run / "model" / "model.json").read_text())
    assert [s["id"] for s in meta["data"]["series"]] == ["007", "NA"]
    csv = tmp_path / "f.csv"
    assert main(["forecast", str(run), "--data", data, "--horizon", "2", "--out", str(csv)]) == 0
    assert "never saw" not in capsys.readouterr().out  # both ids matched the model's, as text
    assert pd.read_csv(csv, dtype={"sid": str}, keep_default_na=False)["sid"].tolist() == ["007"] * 2 + ["NA"] * 2


def _european(df: pd.DataFrame, path, time: str) -> str:
    """df as a European CSV: ';'-separated, decimal commas, dates written 31/01/2020."""
    out = df.assign(**{time: pd.to_datetime(df[time]).dt.strftime("%d/%m/%Y")})
    out.to_csv(path, sep=";", decimal=",", index=False)
    return str(path)


def test_forecast_data_honours_sep_decimal_and_date_order_and_a_model_keeps_its_own(tmp_path, capsys):
    """The last 12 days of January (01/01/2020 ... 12/01/2020) read both ways: day-first daily,
    month-first monthly, so auto refuses them; --date-order day-first reads them as the model's
    days, and the forecast is the one of the same rows written the plain way."""
    t = pd.date_range("2019-11-14", periods=60, freq="D")
    df = pd.DataFrame({"day": t.strftime("%Y-%m-%d"), "y": np.round(5 + np.sin(np.arange(60) / 3), 4)})
    run = tmp_path / "run"
    comma = _write(df, tmp_path / "d.csv")
    assert main(["run", "--data", comma, "--target", "y", "--time", "day",
                 "--out", str(run), *FAST]) == 0
    tail = df.iloc[-12:]
    plain, euro = _write(tail, tmp_path / "plain.csv"), _european(tail, tmp_path / "euro.csv", "day")
    want, got = tmp_path / "want.csv", tmp_path / "got.csv"
    assert main(["forecast", str(run), "--data", plain, "--horizon", "3", "--out", str(want), "--quiet"]) == 0
    flags = ["--sep", ";", "--decimal", ","]
    assert main(["forecast", str(run), "--data", euro, *flags, "--date-order", "day-first", "--horizon", "3",
                 "--out", str(got), "--quiet"]) == 0
    pd.testing.assert_frame_equal(pd.read_csv(got), pd.read_csv(want))
    capsys.readouterr()
    for extra, message in (([], r"seems to be separated by ';', not commas .*; pass --sep ';' --decimal ','$"),
                           (flags, r"are ambiguous: .* or pass --date-order day-first or month-first$"),
                           ([*flags, "--date-order", "month-first"], r"trained on daily .* the data given is monthly"),
                           (["--sep", "|"], r"seems to be separated by ';', not '\|'"),
                           (["--sep", ":"], r"data\.sep \(--sep\) must be ',', ';', '\|' or a tab")):
        assert main(["forecast", str(run), "--data", euro, *extra, "--horizon", "3", "--out", str(got)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and re.search(message, err.strip()), (extra, err)
    # A model trained on the European file reads the next one the same way without being told
    whole = _european(df, tmp_path / "whole.csv", "day")
    euro_run = tmp_path / "euro_run"
    assert main(["run", "--data", whole, *flags, "--target", "y", "--time", "day", "--out", str(euro_run),
                 *FAST]) == 0
    saved = json.loads((euro_run / "config.json").read_text())["data"]
    assert (saved["sep"], saved["decimal"], saved["date_order"]) == (";", ",", "auto")
    assert main(["forecast", str(euro_run), "--data", whole, "--horizon", "3", "--out", str(got), "--quiet"]) == 0
    assert main(["forecast", str(euro_run), "--data", comma, "--horizon", "3", "--out", str(want), "--quiet"]) == 2
    assert "pass --sep ','" in capsys.readouterr().err
    assert main(["forecast", str(euro_run), "--data", comma, "--sep", ",", "--decimal", ".", "--horizon", "3",
                 "--out", str(want), "--quiet"]) == 0
    pd.testing.assert_frame_equal(pd.read_csv(got), pd.read_csv(want))


def test_a_saved_run_knows_the_scale_of_every_series_it_fitted(tmp_path, capsys):
    """`wavecast run` saves the bands' scale of every series it fitted, the ones too short to
    score too (Conformal.covering, as wavecast.fit does): `forecast --level` said of two fitted
    series 'intervals of 2 series the model never saw' and scaled them by the values given."""
    rng = np.random.default_rng(0)
    rows = []
    for k, n in enumerate([120, 110, 100, 30]):
        t = pd.date_range("2010-01-04", periods=n, freq="W-MON")
        y = 50 + 10 * k + 5 * np.sin(2 * np.pi * np.arange(n) / 13) + rng.normal(0, 1, n)
        rows.append(pd.DataFrame({"shop": f"S{k}", "week": t, "sold": y}))
    data = tmp_path / "w.csv"
    pd.concat(rows).to_csv(data, index=False)
    out = tmp_path / "run"
    assert main(["run", "--data", str(data), "--target", "sold", "--time", "week", "--id", "shop",
                 "--set", "direct.max_epochs=2", "--out", str(out), "--quiet"]) == 0
    saved = json.loads((out / "model" / "model.json").read_text())["intervals"]
    assert sorted(saved["ids"]) == ["S0", "S1", "S2", "S3"]
    capsys.readouterr()
    assert main(["forecast", str(out), "--horizon", "3", "--level", "80", "--out", str(tmp_path / "f.csv")]) == 0
    said = capsys.readouterr()
    assert "never saw" not in said.out + said.err


def test_a_future_covariate_model_forecast_without_data_says_to_give_data(tmp_path, capsys):
    rng = np.random.default_rng(0)
    price = 10 + rng.normal(0, 1, 120)
    data = tmp_path / "fut.csv"
    pd.DataFrame({"day": pd.date_range("2023-01-01", periods=120, freq="D"), "sold": 50 - 2 * price,
                  "price": price}).to_csv(data, index=False)
    run = tmp_path / "run"
    assert main(["run", "--data", str(data), "--future", "price", "--out", str(run), "--quiet",
                 "--set", "direct.max_epochs=1"]) == 0
    capsys.readouterr()
    assert main(["forecast", str(run), "--out", str(tmp_path / "fc.csv")]) == 2
    err = capsys.readouterr().err.strip()
    # it said to add rows after the series' end, with no file of the user's to add them to
    assert "\n" not in err and "add rows" not in err
    assert err.endswith("pass --data FILE with each series' history and, after its end, one row a step holding "
                        "price and an empty target")


def test_a_column_the_model_does_not_read_is_not_told_to_be_passed_as_a_flag_forecast_refuses(trained, tmp_path,
                                                                                               capsys):
    """forecast --data FILE whose file holds a column the model was not trained on printed the
    reader's note 'column 'visits' is not used; pass --past or --future to use it', and forecast
    refuses --past and --future ('chosen when the model is trained')."""
    data, out = trained
    df = pd.read_csv(data)
    new = tmp_path / "new.csv"
    df.assign(visits=np.arange(len(df)) % 7, size=np.where(df["shop"] == "a", 10, 20)).to_csv(new, index=False)
    capsys.readouterr()
    assert main(["forecast", str(out), "--data", str(new), "--horizon", "3", "--out", str(tmp_path / "f.csv")]) == 0
    notes = [line for line in capsys.readouterr().out.splitlines() if line.startswith("note:")]
    said = [n for n in notes if "'visits'" in n or "'size'" in n]
    assert len(said) == 2 and not any(re.search(r"pass --(past|future|static)", n) for n in notes), notes
    assert all("the model was trained without it (wavecast run --past" in n for n in said), said


def test_level_of_a_model_without_intervals_is_refused_in_the_cli_words(trained, tmp_path, capsys):
    """A model trained with eval.levels empty, forecast --level 80: the line said 'retrain it to get
    level=...', Python's keyword, not the flag."""
    data, _ = trained
    out = tmp_path / "run"
    assert main(["run", "--data", str(data), "--target", "sold", "--time", "week", "--id", "shop", "--out", str(out),
                 "--set", "eval.levels=[]", "--set", "direct.max_epochs=1", "--set", "direct.n_ensemble=1",
                 "--horizon", "3", "--quiet"]) == 0
    capsys.readouterr()
    assert main(["forecast", str(out), "--level", "80", "--out", str(tmp_path / "f.csv")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "level=" not in err, err
    assert err.startswith("wavecast: error: --level: this model has no calibrated intervals") and \
        "wavecast run --level 80,95" in err, err
    assert not (tmp_path / "f.csv").exists()


def test_forecast_of_a_backtest_or_a_stopped_run_says_why_there_is_no_model(trained, tmp_path, capsys):
    """forecast BACKTEST_DIR said 'is not a wavecast model folder: model.json not found', and so did
    a run stopped by Ctrl-C before its model was saved: each folder is wavecast's, and says what to do."""
    from wavecast.io.run_marker import write_marker

    data, _ = trained
    bt = tmp_path / "bt"
    assert main(["backtest", "--data", str(data), "--target", "sold", "--time", "week", "--id", "shop", "--out",
                 str(bt), "--origins", "2", "--horizon", "3", "--set", "direct.max_epochs=1", "--set",
                 "direct.n_ensemble=1", "--set", "eval.without_drivers=false", "--quiet"]) == 0
    capsys.readouterr()
    assert main(["forecast", str(bt)]) == 2
    err = capsys.readouterr().err
    assert err == f"wavecast: error: {bt} holds a backtest, which saves no model; train and save one with " \
                  "wavecast run --out DIR (wavecast.fit and save in Python) and forecast from that\n", err
    stopped = tmp_path / "stopped"  # what Ctrl-C leaves of a first run: the marker and the checkpoint
    stopped.mkdir()
    write_marker(stopped, "run")
    (stopped / "checkpoint.safetensors").write_bytes(b"")
    assert main(["forecast", str(stopped)]) == 2
    err = capsys.readouterr().err
    assert "holds a run stopped before it saved its model" in err and "--resume" in err, err
    assert main(["forecast", str(tmp_path)]) == 2  # any other folder: as before
    assert "is not a wavecast model folder: model.json not found" in capsys.readouterr().err
