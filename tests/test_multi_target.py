"""Several targets (issue 17, item 3): `--target a,b` and target=[...] train one direct net on
the panel keyed (id, target); metrics per target, forecasts with id and target columns,
save/load, intervals, future covariates beside them, and the one-line errors. Small panels,
few epochs: fast."""

import json
import re
import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.cli import main
from wavecast.data import reader
from wavecast.errors import ValidationError

S, N, H = 3, 60, 4
FAST = dict(horizon=H, test_len=H, epochs=3, hidden_size=4, input_len=8)
QUICK = ["--horizon", str(H), "--set", "window.test_len=4", "--set", "window.input_len=8",
         "--set", "direct.max_epochs=3", "--set", "direct.hidden_size=4"]


def _pair(seed=0, future_rows=0):
    """a: a season of period 6 plus noise; b_t = a_(t-3) + noise; x: a future-known driver of a."""
    rng = np.random.default_rng(seed)
    out = []
    for s in range(S):
        n = N + future_rows
        x = rng.normal(0, 1, n)
        a = 3 * np.sin(2 * np.pi * np.arange(n) / 6 + s) + 0.5 * x + rng.normal(0, 0.3, n)
        b = np.r_[rng.normal(0, 1, 3), a[:-3]] + rng.normal(0, 0.3, n)
        a[N:], b[N:] = np.nan, np.nan
        out.append(pd.DataFrame({"shop": f"s{s}", "day": pd.date_range("2021-01-01", periods=n, freq="D"),
                                 "a": a, "b": b, "x": x}))
    return pd.concat(out, ignore_index=True)


def _fit(df, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return wavecast.fit(df, **{"time": "day", "id": "shop", **FAST, **kw})


def test_the_panel_keeps_ids_and_targets_apart_and_the_other_targets_as_past():
    ds = reader.from_frame(_pair(), ["a", "b"], "day", "shop")
    assert ds.targets == ("a", "b") and len(ds.values) == 2 * S
    assert ds.series_ids == ["s0", "s0", "s1", "s1", "s2", "s2"] and ds.series_targets == ["a", "b"] * S
    df = _pair()
    s1 = df[df["shop"] == "s1"]
    np.testing.assert_array_equal(ds.values[2], s1["a"].to_numpy())
    np.testing.assert_array_equal(ds.values[3], s1["b"].to_numpy())
    cov = ds.covariates
    assert cov.past == ("b->a", "a->b") and cov.static == ("__target__",)
    # on a's series, b's history (and 0 for the column that serves b's series); and the reverse
    np.testing.assert_array_equal(cov.values[2][:, 0], s1["b"].to_numpy())
    assert (cov.values[2][:, 1] == 0).all() and (cov.values[3][:, 0] == 0).all()
    np.testing.assert_array_equal(cov.values[3][:, 1], s1["a"].to_numpy())
    assert [r[0] for r in cov.statics] == ["a", "b"] * S


def test_cli_run_and_forecast_with_two_targets(tmp_path, capsys):
    _pair().to_csv(tmp_path / "p.csv", index=False)
    run = tmp_path / "run"
    assert main(["run", "--data", str(tmp_path / "p.csv"), "--target", "a,b", "--time", "day", "--id", "shop",
                 "--out", str(run), *QUICK]) == 0
    out = capsys.readouterr().out
    assert "target  forecaster" in out and "metrics.json: by_target" in out
    m = json.loads((run / "metrics.json").read_text())
    assert m["targets"] == ["a", "b"] and list(m["by_target"]) == ["a", "b"]
    for t in ("a", "b"):
        g = m["by_target"][t]
        assert g["n_series"] == S and np.isfinite(g["forecasters"]["LSTM"]["mse"])
    # each target's MSE pools its own series: their mean is the headline's (same counts)
    both = np.mean([m["by_target"][t]["forecasters"]["LSTM"]["mse"] for t in ("a", "b")])
    assert both == pytest.approx(m["forecasters"]["LSTM"]["mse"], rel=1e-9)
    report = (run / "report.html").read_text()
    assert "target &#x27;a&#x27; (its 3 series pooled)" in report and "target &#x27;b&#x27;" in report
    rows = m["all_series"]["per_series"]
    assert {(r["series"], r["target"]) for r in rows} == {(f"s{s}", t) for s in range(S) for t in "ab"}
    csv = tmp_path / "f.csv"
    assert main(["forecast", str(run), "--data", str(tmp_path / "p.csv"), "--horizon", str(H), "--level", "80",
                 "--out", str(csv), "--quiet"]) == 0
    f = pd.read_csv(csv)
    assert list(f.columns) == ["shop", "target", "day", "forecast", "lo-80", "hi-80"]
    assert len(f) == 2 * S * H and set(f["target"]) == {"a", "b"} and set(f["shop"]) == {"s0", "s1", "s2"}
    assert np.isfinite(f["forecast"]).all() and (f["lo-80"] <= f["hi-80"]).all()
    # the saved tails give the same forecast as the file
    assert main(["forecast", str(run), "--horizon", str(H), "--out", str(tmp_path / "g.csv"), "--quiet"]) == 0
    np.testing.assert_allclose(pd.read_csv(tmp_path / "g.csv")["forecast"], f["forecast"], rtol=1e-6)


def test_api_fit_predict_save_load_round_trip(tmp_path):
    f = _fit(_pair(), target=["a", "b"])
    assert set(f.metrics["by_target"]) == {"a", "b"}
    p = f.predict(H)
    assert list(p.columns) == ["shop", "target", "day", "forecast"] and len(p) == 2 * S * H
    assert list(p["target"][: 2 * H]) == ["a"] * H + ["b"] * H
    bands = f.predict(H, level=[80])
    assert (bands["lo-80"] <= bands["forecast"]).all() and (bands["forecast"] <= bands["hi-80"]).all()
    f.save(tmp_path / "m")
    meta = json.loads((tmp_path / "m" / "model" / "model.json").read_text())
    assert meta["data"]["targets"] == ["a", "b"]
    g = wavecast.load(tmp_path / "m")
    assert g.dataset.targets == ("a", "b")
    np.testing.assert_array_equal(g.predict(H)["forecast"], p["forecast"])
    np.testing.assert_array_equal(g.predict(H, data=_pair())["forecast"], p["forecast"])


def test_the_other_targets_history_is_read():
    """b's forecast moves when a's past moves (the joint net reads it), a's own values alone fixed."""
    f = _fit(_pair(), target=["a", "b"])
    df = _pair()
    moved = df.assign(a=np.where(df["day"] >= df["day"].max() - pd.Timedelta(days=4), df["a"] + 5.0, df["a"]))
    base, other = f.predict(H, data=df), f.predict(H, data=moved)
    b0, b1 = (x[x["target"] == "b"]["forecast"].to_numpy() for x in (base, other))
    assert np.abs(b1 - b0).max() > 1e-3


def test_future_covariates_serve_every_target():
    f = _fit(_pair(), target=["a", "b"], future=["x"])
    fut = _pair(future_rows=H)
    fut = fut[fut["a"].isna()][["shop", "day", "x"]]
    p = f.predict(H, future=fut)
    assert len(p) == 2 * S * H and np.isfinite(p["forecast"]).all()
    q = f.predict(H, future=fut.assign(x=fut["x"] + 5.0))
    assert np.abs(q["forecast"].to_numpy() - p["forecast"].to_numpy()).max() > 1e-3


def test_without_an_id_column_the_targets_are_the_series(tmp_path):
    df = _pair()
    one = df[df["shop"] == "s0"].drop(columns="shop")
    f = _fit(one, target=["a", "b"], id="")
    p = f.predict(H)
    assert list(p.columns) == ["target", "day", "forecast"] and list(p["target"]) == ["a"] * H + ["b"] * H


@pytest.mark.parametrize("extra, said", [
    (["--target", "a,a"], "column 'a' is listed twice in --target; give each target once"),
    (["--target", "a,b", "--past", "b"], "column 'b' is the target; it cannot also be a covariate (--past)"),
    (["--target", "a,b", "--future", "a"], "column 'a' is the target; it cannot also be a covariate (--future)"),
    (["--target", "a,nope"], "column 'nope' (--target a,nope) not found in"),
])
def test_cli_errors_are_one_line(extra, said, tmp_path, capsys):
    _pair().to_csv(tmp_path / "p.csv", index=False)
    assert main(["run", "--data", str(tmp_path / "p.csv"), "--time", "day", "--id", "shop", *extra,
                 "--out", str(tmp_path / "r"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert said in err and len(err.strip().splitlines()) == 1, err
    assert not (tmp_path / "r").exists()


def test_api_errors_speak_python():
    with pytest.raises(ValidationError, match=r"column 'a' is listed twice in target="):
        wavecast.fit(_pair(), target=["a", "a"], time="day", id="shop")
    with pytest.raises(ValidationError, match=r"column 'zz' \(target=\['a', 'zz'\]\) not found in the DataFrame"):
        wavecast.fit(_pair(), target=["a", "zz"], time="day", id="shop")
    with pytest.raises(ValidationError, match=r"column 'b' is the target; it cannot also be a covariate \(static=\)"):
        wavecast.fit(_pair(), target=["a", "b"], time="day", id="shop", static=["b"])
    with pytest.raises(ValidationError, match="target= must be a column name or a list of them"):
        wavecast.fit(_pair(), target=["a", 3], time="day", id="shop")


def test_a_model_with_several_targets_is_format_5_and_a_damaged_target_list_is_refused(tmp_path):
    from wavecast.errors import ModelFileError
    from wavecast.io import modelformat

    f = _fit(_pair(), target=["a", "b"])
    f.save(tmp_path / "m")
    path = tmp_path / "m" / "model" / "model.json"
    meta = json.loads(path.read_text())
    assert meta["format_version"] == 5  # 4 holds several targets; 5 the covariate net's level input
    meta["data"]["series_targets"] = meta["data"]["series_targets"][:-1]
    meta["meta_sha256"] = modelformat._meta_digest(meta)
    path.write_text(json.dumps(meta))
    with pytest.raises(ModelFileError, match="data section is damaged"):
        wavecast.load(tmp_path / "m")


def test_a_missing_target_value_is_named_by_its_column_and_id_and_fill_linear_fills_its_history():
    df = _pair()
    df.loc[[N + 10, N + 11], "b"] = np.nan  # series s1, target b
    with pytest.raises(ValidationError, match=r"^column 'b' in the data for id 's1' has 2 missing values "
                                              r"\(2 inside\), first at 2021-01-11"):
        reader.from_frame(df, ["a", "b"], "day", "shop")
    ds = reader.from_frame(df, ["a", "b"], "day", "shop", fill="linear")
    i = ds.ids.index("s1/b")
    assert np.isfinite(ds.values[i]).all()
    np.testing.assert_array_equal(ds.covariates.values[i - 1][:, 0], ds.values[i])  # b's history on a's series
    # the note names the user's id and target, not the panel's key (was "for id 's1/b' filled linearly")
    assert "2 missing values for id 's1' (target 'b') filled linearly" in ds.notes


def test_one_target_in_a_list_is_one_target_and_an_id_named_target_is_refused():
    ds = reader.from_frame(_pair(), ["a"], "day", "shop")
    assert ds.targets == () and ds.covariates is None and ds.ids == ["s0", "s1", "s2"]
    with pytest.raises(ValidationError, match="column 'target' is the id column; with several targets"):
        reader.from_frame(_pair().rename(columns={"shop": "target"}), ["a", "b"], "day", "target")


def test_cli_forecast_reads_future_rows_for_every_target(tmp_path):
    _pair(future_rows=H).to_csv(tmp_path / "p.csv", index=False)
    run = tmp_path / "run"
    assert main(["run", "--data", str(tmp_path / "p.csv"), "--target", "a,b", "--future", "x", "--time", "day",
                 "--id", "shop", "--out", str(run), *QUICK]) == 0
    assert main(["forecast", str(run), "--data", str(tmp_path / "p.csv"), "--horizon", str(H),
                 "--out", str(tmp_path / "f.csv"), "--quiet"]) == 0
    f = pd.read_csv(tmp_path / "f.csv")
    assert list(f.columns) == ["shop", "target", "day", "forecast", "lo-80", "hi-80", "lo-95", "hi-95"] and len(f) == 2 * S * H
    assert f["day"].min() == "2021-03-02"  # after each series' last value, on the future rows


def test_no_leak_the_other_targets_test_part_does_not_move_the_held_out_forecast():
    """b's values in the test part (after the origin) change; a's held-out forecast must not."""
    df = _pair()
    late = df["day"] > df["day"].max() - pd.Timedelta(days=H)
    moved = df.assign(b=np.where(late, df["b"] + 100.0, df["b"]))
    f, g = _fit(df, target=["a", "b"]), _fit(moved, target=["a", "b"])
    fa, ga = (x.result.at.forecasts["LSTM"] for x in (f, g))
    rows = [i for i, k in enumerate(f.dataset.ids) if k.endswith("/a")]
    np.testing.assert_array_equal(fa[rows], ga[rows])
    assert f.metrics["by_target"]["a"]["forecasters"]["LSTM"] == g.metrics["by_target"]["a"]["forecasters"]["LSTM"]
    assert not np.array_equal(f.result.at.truth, g.result.at.truth)  # the change is in the test part


def test_tables_and_captions_say_the_users_id_and_target_not_the_internal_key(tmp_path, capsys):
    """The panel's internal key ('s0/a') appeared in the console's per-series table, the
    report's first-series caption and the backtest's note and captions; the user's id and
    target column appear there instead."""
    _pair().to_csv(tmp_path / "p.csv", index=False)
    data = ["--data", str(tmp_path / "p.csv"), "--target", "a,b", "--time", "day", "--id", "shop"]
    assert main(["run", *data, "--out", str(tmp_path / "run"), *QUICK]) == 0
    out = capsys.readouterr().out
    table = out[out.index("\nseries ") + 1 : out.index("prediction intervals")]
    assert table.split("\n")[0].split()[:2] == ["series", "target"]
    assert [ln.split()[:2] for ln in table.split("\n")[2:2 + 2 * S]] == [[f"s{s}", t] for s in range(S) for t in "ab"]
    assert main(["backtest", *data, "--origins", "2", "--out", str(tmp_path / "bt"), *QUICK]) == 0
    out += capsys.readouterr().out
    assert "backtest of every series: 3 series x 2 targets x 2 origins" in out  # it was the first series alone
    m = json.loads((tmp_path / "bt" / "metrics.json").read_text())
    assert (m["first_series"]["series"], m["first_series"]["target"]) == ("s0", "a")
    assert [(r["series"], r["target"]) for r in m["all_series"]["per_series"]] == \
        [(f"s{s}", t) for s in range(S) for t in "ab"]
    assert (tmp_path / "bt" / "per_origin.csv").read_text().startswith("series,target,origin,")
    # the figures' base64 bytes left out: "s1/b" may occur in them by chance (it did on one machine)
    for page in (re.sub(r"data:image/[^\"]+", "", (tmp_path / d / "report.html").read_text()) for d in ("run", "bt")):
        assert "series &#x27;s0&#x27;, target &#x27;a&#x27;" in page
        for s in range(S):
            for t in "ab":
                assert f"s{s}/{t}" not in page
    for s in range(S):
        for t in "ab":
            assert f"s{s}/{t}" not in out


def test_future_in_a_datetime_index_serves_every_target_and_its_notes_name_the_users_ids():
    f = _fit(_pair(), target=["a", "b"], future=["x"])
    fut = _pair(future_rows=H)
    fut = fut[fut["a"].isna()][["shop", "day", "x"]]
    p = f.predict(H, future=fut)
    # the times in a DatetimeIndex, as for one target (it was refused: "future= has no column 'day'")
    q = f.predict(H, future=fut.set_index("day"))
    assert np.array_equal(p["forecast"].to_numpy(), q["forecast"].to_numpy())
    extra = pd.concat([fut, fut[fut["shop"] == "s0"].assign(shop="zz")], ignore_index=True)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        f.predict(H, future=extra)
    said = [str(x.message) for x in w if issubclass(x.category, wavecast.WavecastNote)]
    # the id column is no unknown column, and the id not forecast is named (it was not)
    assert said == ["future= held rows of 1 id(s) not forecast ('zz'): not read"]


def test_several_targets_given_as_an_index_or_an_array_are_several_targets():
    df = _pair()
    for target in (df.columns[2:4], np.array(["a", "b"])):  # ['a', 'b']
        f = _fit(df, target=target)
        assert list(f.dataset.targets) == ["a", "b"]


def test_a_series_too_short_for_the_recursive_net_is_named_by_its_id_and_target_not_the_internal_key():
    df = _pair()
    df = df[(df["shop"] != "s2") | (df["day"] < df["day"].min() + pd.Timedelta(days=9))]  # s2: 9 days
    with pytest.raises(ValidationError, match=r"^series 's2' \(target '[ab]'\) in the DataFrame has 9 points") as e:
        _fit(df, target=["a", "b"], kind="recursive")
    assert "s2/" not in str(e.value)
