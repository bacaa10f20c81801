"""The direct net as wavecast runs it on data: defaults from the data, the final model on all
the data, short and constant series, save/load, damaged files."""

import json
import math
import re

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.cli import main
from wavecast.config import load
from wavecast.data.reader import from_object
from wavecast.defaults import resolve
from wavecast.errors import ModelFileError

QUICK = ["direct.max_epochs=3", "direct.hidden_size=8"]  # plumbing, not accuracy


def panel(n_series=12, n=72, seed=0, freq="MS"):
    """Positive monthly series with a trend and a multiplicative season of 12."""
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    rows = []
    for k in range(n_series):
        level = 50 + 40 * k
        y = level * (1 + 0.01 * (k % 4) * t) * (1 + 0.25 * np.sin(2 * np.pi * (t + k) / 12))
        y *= np.exp(0.03 * rng.standard_normal(n))
        rows.append(pd.DataFrame({"id": f"s{k:02d}", "t": pd.date_range("2010-01-01", periods=n, freq=freq),
                                  "y": y}))
    return pd.concat(rows, ignore_index=True)


def test_defaults_come_from_the_frequency_and_lengths():
    ds = from_object(panel(), "y", "t", "id")
    r = resolve(load(None, []), ds)
    w = r.config.window
    assert r.config.model.kind == "direct" and r.season == 12 and "'MS'" in r.season_how
    assert (w.horizon, w.test_len, w.input_len) == (18, 18, 23)  # M4's monthly horizon, 1.25 x 18
    # weekly data shorter than two years: the 52-week season cannot be learned, so not used
    weekly = from_object(panel(n_series=2, n=60, freq="W-SUN"), "y", "t", "id")
    r = resolve(load(None, []), weekly)
    assert r.season != 52 and (r.config.window.horizon, r.config.window.test_len) == (13, 13)
    # the synthetic signal keeps the recursive net and one period of it
    r = resolve(load(None, []))
    assert (r.config.model.kind, r.config.window.input_len, r.config.window.horizon) == ("recursive", 40, 40)


def test_input_len_is_capped_as_the_global_net_caps_it():
    """Yearly series of 14 to 41 points (M3 yearly's training parts), horizon 6 and a test part
    of 6: the cap is the 10th percentile of the lengths before the test part (15 - 6 = 9
    here), as GlobalNetForecaster caps its own, so input_len is 1.25 x 6 -> 8. The horizon was
    subtracted a second time before: 3 points here, 2 on M3 yearly (wavecast-fit MASE 2.93)."""
    rows = [pd.DataFrame({"id": f"s{k:02d}", "t": pd.date_range("1970-01-01", periods=n, freq="YS"),
                          "y": np.linspace(100, 200, n) + k})
            for k, n in enumerate(np.linspace(14, 41, 30).astype(int))]
    ds = from_object(pd.concat(rows, ignore_index=True), "y", "t", "id")
    w = resolve(load(None, ["window.horizon=6"]), ds).config.window
    assert (w.horizon, w.test_len, w.input_len) == (6, 6, 8)


def test_an_input_len_capped_by_short_series_is_said_with_the_way_out():
    """A ragged daily panel (5 to 200 points): the 10th percentile caps input_len at 7 where 1.25 x
    max(14, 7) = 18; the run said nothing of it. Uncapped panels say nothing either."""
    rng = np.random.default_rng(0)
    rows = [pd.DataFrame({"id": k, "t": pd.date_range("2024-01-01", periods=n, freq="D"),
                          "y": 20 + rng.normal(0, 1, n)}) for k, n in zip("abcdef", (5, 10, 60, 120, 150, 200), strict=True)]
    ragged = resolve(load(None, []), from_object(pd.concat(rows, ignore_index=True), "y", "t", "id"))
    assert ragged.config.window.input_len == 7
    assert ("input_len 7 (1.25 x max(horizon 14, season 7) = 18, capped by the 10th percentile of the series' "
            "lengths; to read 18: --set window.input_len=18)") in ragged.notes
    even = resolve(load(None, []), from_object(pd.concat(rows[2:], ignore_index=True), "y", "t", "id"))
    assert even.config.window.input_len == 18 and not any(n.startswith("input_len") for n in even.notes)


def test_an_input_len_capped_by_the_longest_series_room_says_so_not_the_10th_percentile():
    """One series of 30 points, horizon 12: input_len 6 is what the series holds before its test
    part and a horizon, but the note blamed the 10th percentile of the lengths (30 points) and
    advised --set window.input_len=15, which the same data then refused as too short."""
    y = 10 + np.sin(np.arange(30) / 2)
    res = resolve(load(None, ["window.horizon=12"]), from_object(y))
    assert res.config.window.input_len == 6
    assert ("input_len 6 (1.25 x max(horizon 12, season 1) = 15, capped by the longest series' 30 points less its "
            "test part (12) and a horizon (12), so that it holds a window; to read 15: longer series, or a shorter "
            "--horizon)") in res.notes

def test_default_pipeline_beats_seasonal_naive_on_trending_seasonal_series():
    """12 positive series with trends of 0-3% a month and a 25% season: the held-out 18 months.

    Seasonal naive repeats last year and misses a year of trend (up to ~36% on the fastest
    series), so the net must beat it clearly; the margin (0.8x) leaves room for seed noise:
    seeds 0-2 gave 0.19-0.25x here.
    """
    f = wavecast.fit(panel(), target="y", time="t", id="id", seed=0)
    pooled = f.metrics["all_series"]["forecasters"]
    assert pooled["LSTM"]["mase"] < 0.8 * pooled["seasonal naive"]["mase"], pooled


def test_input_length_comes_from_the_lengths_given_not_those_before_the_test_part():
    # 20 yearly series of 10..29 points: the 10th percentile of the lengths is 11, of the lengths
    # before the 6-point test part 5; the input is 1.25 x 6 = 8 points, as GlobalNetForecaster
    # reads on these series (on M3 yearly's validation split 5 -> 2 points cost 7% MASE)
    rows = [pd.DataFrame({"id": f"s{k:02d}", "t": pd.date_range("1990-01-01", periods=n, freq="YS"),
                          "y": 100 + 3 * np.arange(n) + k}) for k, n in enumerate(range(10, 30))]
    ds = from_object(pd.concat(rows, ignore_index=True), "y", "t", "id")
    w = resolve(load(None, []), ds).config.window
    assert (w.horizon, w.test_len, w.input_len) == (6, 6, 8)
    # one short series: the horizon is at most a third of it (M4's 18 would hold out 36% of 50
    # points), and the input leaves it room for a window before its test part
    one = panel(n_series=1, n=50)
    ds = from_object(one, "y", "t", "id")
    w = resolve(load(None, []), ds).config.window
    assert (w.horizon, w.test_len, w.input_len) == (16, 16, 18)  # 50 - 16 - 16
    f = wavecast.fit(one, target="y", time="t", id="id", overrides=QUICK)
    assert np.isfinite(f.metrics["forecasters"]["LSTM"]["mase"]) and len(f.predict(16)) == 16


def test_the_final_model_has_seen_all_the_data():
    df = panel(n_series=6)
    f = wavecast.fit(df, target="y", time="t", id="id", overrides=QUICK)
    evaluated, final = f.result.forecasters["LSTM"], f.direct
    assert final is not evaluated
    # the evaluated net was fitted without the last 18 points of each series; the final one with them
    assert final.model.info_["n_windows"] == evaluated.model.info_["n_windows"] + 6 * 18
    out = f.predict(3)
    assert out["t"].iloc[0] == pd.Timestamp("2016-01-01") and len(out) == 18


def test_the_final_model_starts_from_the_scored_one_for_a_part_of_the_epochs():
    df = panel(n_series=6)
    sets = ["direct.max_epochs=10", "direct.hidden_size=8"]
    warm = wavecast.fit(df, target="y", time="t", id="id", overrides=[*sets, "direct.final_warm=0.3"])
    cold = wavecast.fit(df, target="y", time="t", id="id", overrides=[*sets, "direct.final_warm=0"])
    scored = warm.result.forecasters["LSTM"].model.info_
    # the scored model's epochs, all of them from scratch, 30% of them (rounded up) from the scored net
    per_pass = -(-warm.direct.model.info_["n_windows"] // 256)
    epochs = math.ceil(scored["epochs"])  # the final model's epochs: the scored model's, rounded up
    assert cold.direct.model.info_["steps"] == epochs * per_pass
    assert warm.direct.model.info_["steps"] == math.ceil(epochs * 0.3) * per_pass
    assert warm.direct.model.info_["steps"] < cold.direct.model.info_["steps"]
    # same scored model, another final model (both keep the scored net as a second member)
    assert warm.metrics["all_series"] == cold.metrics["all_series"]
    assert len(warm.direct.model.nets_) == len(cold.direct.model.nets_) == 2
    assert not np.allclose(warm.predict(18)["forecast"], cold.predict(18)["forecast"])


def test_the_scored_and_the_final_model_share_one_size_chosen_on_all_the_data():
    """Near SMALL_DATA windows the scored part alone (41 series x 31 windows) would pick the
    small net and all the data (41 x 49) the large one: both get the size of all the data, so
    the final model starts from the scored one and keeps it as a member. The season mode
    (small data: "smoother") is chosen on all the data too."""
    from wavecast.forecasters.net_windows import SMALL_DATA, default_hidden_size

    df = panel(n_series=41)
    f = wavecast.fit(df, target="y", time="t", id="id", overrides=["direct.max_epochs=2"])
    scored, final = f.result.forecasters["LSTM"].model, f.direct.model
    assert scored.info_["n_windows"] < SMALL_DATA <= final.info_["n_windows"]
    assert default_hidden_size(scored.info_["n_windows"]) != default_hidden_size(final.info_["n_windows"])
    assert scored.info_["hidden_size"] == final.info_["hidden_size"] == default_hidden_size(final.info_["n_windows"])
    assert final.info_.get("warm_start") and len(final.nets_) == 2
    assert scored.resolved_["season_mode"] == final.resolved_["season_mode"] == "additive"
    # and the validation rule: the scored model validates as all the data would, one window a
    # series, not the small-data rule its own 41 x 31 windows would take
    assert scored.resolved_["small_data"] is False and scored.info_["val_windows"] == 41


def test_short_and_constant_series_do_not_fail_the_run(tmp_path):
    df = panel(n_series=6)
    short = pd.DataFrame({"id": "brief", "t": pd.date_range("2010-01-01", periods=14, freq="MS"),
                          "y": np.linspace(10, 20, 14)})
    flat = pd.DataFrame({"id": "flat", "t": pd.date_range("2010-01-01", periods=72, freq="MS"), "y": 7.0})
    # the short series first in the ids' order (the run's own, whatever the file's): the
    # headline is then the first series scored, not it
    f = wavecast.fit(pd.concat([short, df, flat]), target="y", time="t", id="id", overrides=QUICK)
    notes = " | ".join(f.result.notes)
    assert "series is constant (series 'flat': all 54 training values = 7)" in notes
    assert "pooled MASE is the mean over 6 of 7 series: it leaves out series 'flat'" in notes
    assert re.search(r"1 series of 8 shorter than \d+ points", notes) and f.metrics["all_series"]["n_series"] == 7
    out = f.predict(4)
    # the panel keeps its season: one series of 14 months does not take it from the others
    # (it is forecast by seasonal naive, named)
    assert any("('brief'): forecast by seasonal naive" in n for n in f.notes)
    assert f.direct.model.season_ == 12
    assert f.result.first == 1 and len(f.result.series) == 72
    # the final model's adopted scored net votes only for the 7 series it was fitted on
    assert f.direct.model.net_series_ == [None, [1, 2, 3, 4, 5, 6, 7]]
    from wavecast.experiment_files import save

    save(f.result, tmp_path / "run")
    assert (tmp_path / "run" / "report.html").stat().st_size > 0
    assert np.all(out.loc[out["id"] == "flat", "forecast"] == 7.0)
    assert np.isfinite(out["forecast"]).all()


def test_saved_direct_model_forecasts_the_same_bits(tmp_path):
    f = wavecast.fit(panel(n_series=4), target="y", time="t", id="id", overrides=QUICK)
    f.save(tmp_path / "run")
    meta = json.loads((tmp_path / "run" / "model" / "model.json").read_text())
    # log="both" by default: the positive panel gets the raw view too (format 6)
    assert meta["format_version"] == 6 and meta["model_kind"] == "direct" and meta["direct"]["raw"]["n_nets"] >= 1
    g = wavecast.load(tmp_path / "run")
    pd.testing.assert_frame_equal(g.predict(20), f.predict(20))  # past the trained 18: block by block


def _rewrite(folder, edit):
    from wavecast.io.modelformat import _meta_digest

    meta = json.loads((folder / "model.json").read_text())
    edit(meta)
    meta["meta_sha256"] = _meta_digest(meta)
    (folder / "model.json").write_text(json.dumps(meta))


@pytest.mark.parametrize("damage, regex", [
    ("huge", r"model\.json is damaged: hidden_size 12000000 is outside 1\.\.4096"),
    ("shape", r"tensor net0\.head\.weight has shape \(18, 8\), model\.json's settings say \(18, 16\)"),
    ("raw huge", r"model\.json is damaged: hidden_size 12000000 is outside 1\.\.4096"),
    ("raw shape", r"tensor raw\.net0\.head\.weight has shape \(18, 8\), model\.json's settings say \(18, 16\)"),
])
def test_a_direct_model_file_that_lies_is_refused_before_allocating(tmp_path, capsys, damage, regex):
    f = wavecast.fit(panel(n_series=3), target="y", time="t", id="id", overrides=QUICK)
    f.save(tmp_path / "run")
    folder = tmp_path / "run" / "model"
    size = 12_000_000 if "huge" in damage else 16

    def edit(meta):  # the logged view's settings, or the raw view's (log="both")
        state = meta["direct"]["raw"] if damage.startswith("raw") else meta["direct"]
        state["resolved"]["hidden_size"] = size

    _rewrite(folder, edit)
    with pytest.raises(ModelFileError, match=regex):
        wavecast.load(tmp_path / "run")
    assert main(["forecast", str(tmp_path / "run"), "--horizon", "3"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_the_note_on_short_series_names_them_and_says_what_the_final_model_does(tmp_path):
    """Three series too short to score (input_len 16 + horizon 18 before a test part of 18): 'net'
    (40 points) holds the net's window, 'sn' (14) a season of 12, 'lv' (8) not even that. The
    run's note names them and says how the final model forecasts each, and forecast does just
    that (was: "1 series of 5 ...: left out of the scores; the final model forecasts them by
    seasonal naive", of a series the net forecast, and naming none); a backtest, which trains no
    final model, says the note without that clause."""
    import warnings

    from wavecast.config import Config, DataConfig, DirectConfig, WindowConfig
    from wavecast.experiment_backtest import run_backtest
    from wavecast.forecasters.fallback import seasonal_naive

    df = panel(n_series=4)
    short = {"net": 40, "sn": 14, "lv": 8}
    df = pd.concat([df, *(df[df["id"] == "s01"].tail(n).assign(id=k) for k, n in short.items())], ignore_index=True)
    over = [*QUICK, "window.input_len=16"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = wavecast.fit(df, target="y", time="t", id="id", overrides=over)
    # (the series in the user's order: the data gives 'net', 'sn', 'lv'; predict's note names them alike)
    said = ("3 series of 7 shorter than 52 points (input_len 16 + horizon 18 = 34 before a test part of 18), left "
            "out of the scores: 'net' (40 points), 'sn' (14 points), 'lv' (8 points); the final model forecasts "
            "'net' by the net (at least input_len=16 points), 'sn' by seasonal naive, 'lv' by its last value "
            "(shorter than a season of 12)")
    assert said in f.result.notes, f.result.notes
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = f.predict(3)
    assert ("2 series shorter than input_len=16 ('sn', 'lv'), forecast by the direct net's named fallback: 'sn' "
            "by seasonal naive, 'lv' by its last value (shorter than a season of 12)") in f.notes, f.notes
    got = {k: out[out["id"] == k]["forecast"].to_numpy() for k in short}
    y = {k: df[df["id"] == k]["y"].to_numpy() for k in short}
    np.testing.assert_allclose(got["sn"], seasonal_naive(y["sn"], 3, 12), rtol=1e-12)
    np.testing.assert_allclose(got["lv"], y["lv"][-1], rtol=1e-12)
    assert not np.allclose(got["net"], seasonal_naive(y["net"], 3, 12))  # the net's own forecast
    path = tmp_path / "p.csv"
    df.to_csv(path, index=False)
    cfg = Config(data=DataConfig(path=str(path), target="y", time="t", id="id"),
                 window=WindowConfig(horizon=18, input_len=16, test_len=18), direct=DirectConfig(max_epochs=1,
                                                                                                   hidden_size=4))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bt = run_backtest(cfg, n_origins=2)
    left = [n for n in bt.notes if "left out of the scores" in n]
    assert left and not any("final model" in n for n in left), bt.notes
    assert left[0].endswith("'net' (40 points), 'sn' (14 points), 'lv' (8 points)"), left


def test_forecasts_from_whole_histories_copy_none_of_them():
    """Conformal calibration forecasts from up to 1,000 origins of each series, each row its
    whole history NaN-padded to the longest (forecast_at): predict copied each row without
    the NaN and transformed all of it, once a view (log="both"), though the nets read its last
    input_len points: a 50,000-point hourly series peaked at 2.0 GB. Rows from the series'
    start, so every point is placed in its season as fit placed it."""
    import tracemalloc

    from wavecast.forecasters.direct import DirectForecaster

    def hourly(n):
        t = np.arange(n)
        return 100 + 10 * np.sin(2 * np.pi * t / 24) + 0.01 * t

    f = DirectForecaster(12, 24, max_epochs=1, hidden_size=4, validate=False).fit([hourly(600)[:, None]])
    assert f.model.raw_ is not None  # both views forecast
    y, origins = hourly(20_000), np.arange(19_850, 20_000)
    ctx = np.full((len(origins), len(y), 1), np.nan)  # (B, T, 1), as forecast_at builds it
    for b, o in enumerate(origins):
        ctx[b, len(y) - o:, 0] = y[:o]
    tracemalloc.start()
    try:
        out = f.predict(ctx, 12)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert out.shape == (len(origins), 12, 1) and np.isfinite(out).all()
    assert peak < ctx.nbytes / 4, f"predict allocated {peak / 1e6:.0f} MB for {ctx.nbytes / 1e6:.0f} MB of contexts"
