"""Prediction intervals: conformal bands (forecasters.conformal), their calibration and scores
(evaluate.calibration, held_out_bands, band_scores, interval_metrics), through the API, the CLI and model.json."""

import json
import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import wavecast
from wavecast.cli import main
from wavecast.errors import ModelFileError, ValidationError
from wavecast.evaluate.band_scores import interval_scores
from wavecast.evaluate.calibration import calibrate
from wavecast.forecasters.baselines import LinearAR, MeanForecast
from wavecast.forecasters.conformal import Conformal
from wavecast.forecasters.conformal_quantile import order_stat
from wavecast.forecasters.interval_levels import check_levels
from wavecast.io import modelfile, modelformat

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # benchmarks/ is beside src/
from benchmarks.intervals_ar1 import measure  # noqa: E402

FAST = ["train.epochs=2", "model.hidden_size=6", "window.input_len=12", "window.horizon=6", "window.test_len=6"]


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 60), st.integers(1, 4), st.sampled_from(["signed", "symmetric"]),
       st.lists(st.floats(0.5, 99.5), min_size=1, max_size=4), st.integers(0, 2**31))
def test_quantiles_never_cross(n, h, method, levels, seed):
    err = np.random.default_rng(seed).standard_t(2, size=(n, h, 1)) * 10.0 ** np.random.default_rng(seed).integers(-3, 3)
    c = Conformal(levels, method).fit_errors(err)
    assert (c.lo_ <= c.hi_).all()
    assert (np.diff(c.lo_, axis=0) <= 0).all() and (np.diff(c.hi_, axis=0) >= 0).all()  # nested by level
    bands = c.bands(np.zeros((2, h, 1)), series=None, scales=np.ones((2, 1)))
    los = [bands[k][0] for k in sorted(bands)]
    assert all((a >= b).all() for a, b in zip(los, los[1:], strict=False))


def test_finite_sample_quantile_is_the_ceil_n_plus_1_order_statistic():
    e = np.arange(1.0, 20.0)[:, None]  # 19 errors 1..19
    assert order_stat(e, 0.9, upper=True)[0] == math.ceil(20 * 0.9)  # the 18th, not the 0.9 quantile 17.2
    assert order_stat(e, 0.975, upper=True)[0] == 19  # (n + 1) p > n: the largest
    assert order_stat(e, 0.05, upper=False)[0] == 1  # floor(20 * 0.05) = 1


def test_bands_widen_where_the_noise_is_larger_and_with_lead():
    rng = np.random.default_rng(0)
    quiet, loud = rng.normal(0, 1, 600), rng.normal(0, 5, 600)
    f = MeanForecast().fit([quiet, loud])
    conf = calibrate(f, [quiet, loud], 3, (80, 95), n_origins=300)
    lo, hi = conf.bands(np.zeros((2, 3, 1)), series=[0, 1])[95.0]
    ratio = (hi - lo)[1] / (hi - lo)[0]
    assert ratio.min() > 4 and ratio.max() < 6  # the noise is 5x larger
    x = rng.normal(size=3000)
    for t in range(1, 3000):
        x[t] += 0.9 * x[t - 1]
    ar = LinearAR(1).fit(x)
    lo, hi = calibrate(ar, [x], 8, (80,), n_origins=2000).bands(np.zeros((1, 8, 1)))[80.0]
    assert (np.diff((hi - lo)[0, :, 0]) > 0).all()  # an AR(1)'s error variance grows with lead


def test_ar1_coverage_within_binomial_tolerance_and_widths_within_10_percent():
    r = measure(phi=0.8, sigma=1.0, n_cal=4000, n_test=20000, horizon=10, seed=0)
    for level, v in r["levels"].items():
        assert v["ok_cov"], (level, v["coverage"], v["tol"])
        assert v["ok_width"], (level, v["width_ratio"])
        assert abs(v["pooled"] - level / 100) < 0.015


def test_msis_and_pinball_by_hand():
    y = np.array([[[0.0], [5.0], [-3.0]]])  # (1, 3, 1)
    lo, hi = np.full_like(y, -1.0), np.full_like(y, 1.0)
    s = interval_scores(np.zeros_like(y), {80.0: (lo, hi)}, y, np.array([2.0]))["80"]
    # width 2 each; misses: 0, 4 above, 2 below; 2 / alpha = 10
    assert s["coverage"] == pytest.approx(1 / 3) and s["width"] == 2.0
    assert s["msis"] == pytest.approx(np.mean([2, 2 + 40, 2 + 20]) / 2)
    assert s["by_lead"]["coverage"] == [1.0, 0.0, 0.0]
    # quantiles 0.1 (lo) and 0.9 (hi): tau (y - q) above q, (1 - tau) (q - y) below
    pin = np.mean([0.1 * 1 + 0.1 * 1, 0.1 * 6 + 0.9 * 4, 0.9 * 2 + 0.1 * 4]) / 2 / 2
    assert s["pinball"] == pytest.approx(pin)


@pytest.mark.parametrize("bad", [0, 100, -5, 150, float("nan")])
def test_levels_outside_0_100_refused_with_one_line(bad):
    with pytest.raises(ValidationError) as e:
        check_levels([80, bad])
    assert "\n" not in str(e.value) and "outside (0, 100)" in str(e.value)


@pytest.fixture(scope="module")
def fitted():
    t = pd.date_range("2020-01-01", periods=80, freq="D")
    rng = np.random.default_rng(1)
    df = pd.concat([pd.DataFrame({"id": k, "time": t, "y": lvl + amp * np.sin(np.arange(80) / 3)
                                  + rng.normal(0, amp / 5, 80)}) for k, lvl, amp in (("a", 10, 1), ("b", 500, 40))])
    return df, wavecast.fit(df, target="y", time="time", id="id", overrides=FAST)


def test_api_predict_level_columns_and_metrics(fitted):
    df, f = fitted
    out = f.predict(4, level=[80, 95])
    assert list(out.columns) == ["id", "time", "forecast", "lo-80", "hi-80", "lo-95", "hi-95"] and len(out) == 8
    assert (out["lo-95"] <= out["lo-80"]).all() and (out["hi-80"] <= out["hi-95"]).all()
    w = (out["hi-95"] - out["lo-95"]).to_numpy().reshape(2, 4)
    assert (w[1] > 5 * w[0]).all()  # series b is 40x noisier than a
    m = f.metrics["forecasters"]
    assert all(set(v["intervals"]) == {"80", "95"} for v in m.values())
    net = next(iter(m))  # data: the direct net (LSTM) by default
    assert 0 <= m[net]["intervals"]["95"]["coverage"] <= 1 and len(m[net]["intervals"]["95"]["by_lead"]["msis"]) == 6
    s = f.predict(4, data=df[df["id"] == "a"]["y"].reset_index(drop=True), level=90, time="", id="")
    assert list(s.columns) == ["step", "forecast", "lo-90", "hi-90"]
    with pytest.raises(ValidationError, match=r"outside \(0, 100\)"):
        f.predict(4, level=[100])
    with pytest.raises(ValidationError, match="calibrated up to 6 steps"):
        f.predict(7, level=[80])


def test_save_load_gives_the_same_intervals_bit_for_bit(fitted, tmp_path):
    _, f = fitted
    before = f.predict(6, level=[80, 95])
    f.save(tmp_path)
    after = wavecast.load(tmp_path).predict(6, level=[80, 95])
    for col in before.columns[2:]:
        assert before[col].to_numpy().tobytes() == after[col].to_numpy().tobytes(), col


def test_damaged_intervals_in_model_json_refused(fitted, tmp_path):
    _, f = fitted
    f.save(tmp_path)
    path = tmp_path / "model" / "model.json"
    for damage in ("nan", "shape", "cross"):
        meta = json.loads(path.read_text())
        iv = meta["intervals"]
        if damage == "nan":
            iv["scales"][0][0] = float("nan")
        elif damage == "shape":
            iv["lo"] = iv["lo"][:-1]
        else:
            iv["lo"], iv["hi"] = iv["hi"], iv["lo"]
        meta["meta_sha256"] = modelformat._meta_digest(meta)
        bad = tmp_path / f"bad_{damage}" / "model"
        bad.mkdir(parents=True)
        (bad / "model.json").write_text(json.dumps(meta))
        (bad / "weights.safetensors").write_bytes((tmp_path / "model" / "weights.safetensors").read_bytes())
        with pytest.raises(ModelFileError, match="damaged: intervals"):
            modelfile.load(bad)


def test_cli_level_on_run_forecast_and_backtest(tmp_path, capsys):
    t = pd.date_range("2020-01-01", periods=60, freq="D")
    pd.DataFrame({"time": t, "y": 10 + np.sin(np.arange(60) / 2)}).to_csv(tmp_path / "s.csv", index=False)
    sets = [a for s in FAST for a in ("--set", s)]
    assert main(["run", "--data", str(tmp_path / "s.csv"), "--time", "time", "--out", str(tmp_path / "r"),
                 "--quiet", "--level", "80,90", *sets]) == 0
    m = json.loads((tmp_path / "r" / "metrics.json").read_text())
    net = next(iter(m["forecasters"]))
    assert set(m["forecasters"][net]["intervals"]) == {"80", "90"} and m["intervals"]["levels"] == [80, 90]
    capsys.readouterr()
    assert main(["forecast", str(tmp_path / "r"), "--horizon", "3", "--level", "80,95", "--quiet"]) == 0
    fc = pd.read_csv(tmp_path / "r" / "forecast.csv")
    assert list(fc.columns) == ["time", "forecast", "lo-80", "hi-80", "lo-95", "hi-95"]
    assert (fc["lo-95"] <= fc["lo-80"]).all() and (fc["hi-80"] <= fc["hi-95"]).all()
    for bad in ("0,95", "80,100", "x"):
        assert main(["forecast", str(tmp_path / "r"), "--horizon", "3", "--level", bad]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "--level" in err, err
    assert main(["backtest", "--out", str(tmp_path / "b"), "--origins", "30", "--level", "80", "--quiet",
                 "--set", "train.epochs=1", "--set", "model.hidden_size=4"]) == 0
    b = json.loads((tmp_path / "b" / "metrics.json").read_text())
    assert b["forecasters"]["LSTM"]["intervals"]["80"]["n"] == 30 * b["horizon"]
    assert (tmp_path / "b" / "coverage.png").stat().st_size > 0


def test_under_covering_bands_are_noted_but_never_from_one_origin():
    from wavecast.evaluate.interval_metrics import coverage_notes

    many = {"LSTM": {"80": {"coverage": 0.5, "n": 300}, "95": {"coverage": 0.94, "n": 300}}}
    (note,) = coverage_notes(many, horizon=10)
    assert "LSTM 80%: 50.0%" in note and "95%" not in note
    assert coverage_notes({"LSTM": {"80": {"coverage": 0.0, "n": 90}}}, horizon=10) == []  # 9 origins
    assert coverage_notes(many, horizon=10, exact={"LSTM"}) == []  # rounding-level errors


def test_a_model_saved_without_intervals_says_so_in_one_line():
    old = wavecast.load(Path(__file__).parent / "fixtures" / "model_v1")  # format 1, before intervals
    assert old.intervals is None and len(old.predict(3)) == 3
    with pytest.raises(ValidationError, match="no calibrated intervals") as e:
        old.predict(3, level=[80])
    assert "\n" not in str(e.value)


def test_positive_series_get_relative_bands_that_follow_the_level():
    from wavecast.forecasters.error_scale import series_scale

    rng = np.random.default_rng(3)
    t = np.arange(400)
    growing = 50 * np.exp(0.005 * t + rng.normal(0, 0.05, 400))  # > 0: relative errors
    crossing = rng.normal(0, 1, 400)  # crosses 0: additive errors
    f = MeanForecast().fit([growing, crossing])
    conf = calibrate(f, [growing, crossing], 3, (80, 95), n_origins=200)
    assert conf.floors_[0, 0] == pytest.approx(growing.min() / 10) and conf.floors_[1, 0] == 0
    assert conf.scales_[0, 0] == pytest.approx(series_scale(growing)[0][0]) == pytest.approx(
        np.mean(np.abs(np.diff(np.log(growing)))))
    point = np.array([[[100.0], [100.0], [100.0]], [[200.0], [200.0], [200.0]]])  # (2, 3, 1)
    lo, hi = conf.bands(point, series=[0, 0])[95.0]
    np.testing.assert_allclose(lo[1] / point[1], lo[0] / point[0], rtol=1e-12)  # multiplicative:
    np.testing.assert_allclose(hi[1] - lo[1], 2 * (hi[0] - lo[0]), rtol=1e-12)  # twice the level, twice the width
    assert (lo > 0).all()  # a band of a positive series never reaches 0
    lo, hi = conf.bands(point, series=[1, 1])[95.0]
    np.testing.assert_allclose(hi[1] - lo[1], hi[0] - lo[0], rtol=1e-12)  # additive: the same width
    off = calibrate(f, [growing, crossing], 3, (80,), n_origins=200, relative=False)
    assert (off.floors_ == 0).all()


def test_the_scale_is_the_seasonal_naive_error_so_a_regular_season_is_not_counted_as_noise():
    from wavecast.forecasters.error_scale import series_scale

    rng = np.random.default_rng(0)
    x = 100 + 10 * np.sin(2 * np.pi * np.arange(240) / 12) + rng.normal(0, 0.1, 240)
    s12, fl = series_scale(x, 12, relative=False)
    s1, _ = series_scale(x, 1, relative=False)
    # |e_t - e_{t-12}| of N(0, 0.1) noise: mean 0.1 * 2 / sqrt(pi) = 0.113 (5% for 228 terms' spread)
    assert s12[0] == pytest.approx(0.2 / np.sqrt(np.pi), rel=0.1) and fl[0] == 0
    assert s1[0] > 20 * s12[0]  # lag 1 counts the season (~3.3) as noise
    assert series_scale(np.full(30, 5.0), 12, relative=False)[0][0] == 5.0  # constant: |mean|
    assert series_scale(x[:10], 12, relative=False)[0][0] == pytest.approx(np.mean(np.abs(np.diff(x[:10]))))


def test_held_out_errors_replace_the_in_sample_quantiles_only_when_there_are_enough():
    from wavecast.evaluate.held_out_bands import held_out

    rng = np.random.default_rng(1)
    series = [rng.normal(0, 1, 200) for _ in range(60)]
    f = MeanForecast().fit([s[:-4] for s in series])
    conf = calibrate(f, series, 4, (80, 95), ends=[196] * 60, n_origins=30)
    before = conf.to_dict()
    point = np.zeros((60, 4, 1))
    truth = rng.normal(0, 3, (60, 4, 1))  # the held-out part is 3x noisier than the known part
    honest = held_out(conf, point, truth, series)
    assert honest.source == "held-out" and honest.n_ == 60 and conf.to_dict() == before  # conf untouched
    wide = (honest.hi_ - honest.lo_)[honest.levels_.index(80.0)].mean()
    narrow = (conf.hi_ - conf.lo_)[conf.levels_.index(80.0)].mean()
    assert 2 < wide / narrow < 4.5  # 3x: the held-out quantiles, not the in-sample ones
    few = held_out(conf, point[:38], truth[:38], series[:38])  # 38 < 39: a 95% band would be clipped
    # too few for quantiles of their own: the in-sample ones, widened by how much larger the held-out
    # errors are (3x noisier: about 3, the cap), never narrowed (a held-out part as calm: as they were)
    assert few.source == "in-sample" and 2.5 < few.stretch_ <= 3.0
    np.testing.assert_allclose(few.lo_, conf.lo_ * few.stretch_)
    calm = held_out(conf, point[:38], truth[:38] / 6, series[:38])
    assert np.array_equal(calm.lo_, conf.lo_) and not hasattr(calm, "stretch_")
    # the scales are each whole series' (the data the model forecasts from), not the known part's
    from wavecast.forecasters.error_scale import series_scale

    assert few.scales_[0, 0] == series_scale(series[0])[0][0] != conf.scales_[0, 0]
    assert Conformal.from_dict(json.loads(json.dumps(honest.to_dict()))).to_dict() == honest.to_dict()


def test_old_model_files_keep_their_additive_bands():
    meta = json.loads((Path(__file__).parent / "fixtures" / "model_v2" / "model.json").read_text())
    iv = meta["intervals"]
    assert "floors" not in iv  # written before relative bands existed
    old = wavecast.load(Path(__file__).parent / "fixtures" / "model_v2")
    assert old.intervals.floors_ is None and not old.intervals.relative
    out = old.predict(5, level=[80])
    i = iv["grid"].index(80)
    lo = np.array(iv["lo"][i])[:, 0] * iv["scales"][0][0]
    np.testing.assert_array_equal(out["lo-80"].to_numpy(), out["forecast"].to_numpy() + lo)


def test_damaged_floors_refused():
    c = Conformal((80,)).fit_errors(np.random.default_rng(0).normal(size=(50, 2, 1)))
    c.scales_, c.floors_ = np.ones((2, 1)), np.ones((2, 1))
    d = c.to_dict()
    assert Conformal.from_dict(d).floors_.shape == (2, 1)
    for bad in ([[1.0]], [[-1.0], [1.0]], [[float("nan")], [1.0]]):
        with pytest.raises(ValueError, match="floors"):
            Conformal.from_dict({**d, "floors": bad})


def test_fit_saves_held_out_bands_with_enough_series_and_in_sample_ones_without(fitted):
    _, few = fitted  # 2 series: too few held-out errors for a 95% band
    assert few.intervals.source == "in-sample" and few.metrics["intervals"]["saved"]["source"] == "in-sample"
    t = pd.date_range("2020-01-01", periods=60, freq="D")
    rng = np.random.default_rng(2)
    df = pd.concat([pd.DataFrame({"id": f"s{k}", "time": t, "y": 20 + k + np.sin(np.arange(60) / 3)
                                  + rng.normal(0, 0.3, 60)}) for k in range(40)])
    with pytest.warns(wavecast.WavecastNote, match="quantiles from the test part's errors"):
        many = wavecast.fit(df, target="y", time="time", id="id", overrides=FAST)
    assert many.intervals.source == "held-out" and many.intervals.n_ == 40  # one origin a series
    scored = many.result.intervals[next(iter(many.result.forecasters))]  # the run's, before the test
    assert scored.source == "in-sample" and scored.n_ > 40
    assert many.metrics["intervals"]["saved"] == {**many.metrics["intervals"]["saved"], "source": "held-out",
                                                  "n_errors": 40}


def test_relative_or_additive_bands_chosen_by_their_score_in_sample_then_held_out():
    """Positive series: calibrate keeps relative (multiplicative) bands only where they score
    better on its forecasts, and held_out decides again on the held-out errors."""
    from wavecast.evaluate.held_out_bands import held_out

    rng = np.random.default_rng(3)
    levels = np.geomspace(10, 10_000, 60)
    # errors proportional to the level, series flat at very different levels: relative wins
    series = [lv * np.exp(rng.normal(0, 0.1, 120)) for lv in levels]
    ids = [f"s{i}" for i in range(60)]
    conf = calibrate(MeanForecast().fit([s[:-4] for s in series]), series, 4, (80, 95),
                     ends=[116] * 60, n_origins=20, ids=ids)
    assert conf.relative and (conf.floors_ > 0).all() and not conf.alternative_.relative
    # held-out errors that are additive (the same size at every level): additive wins there
    point = np.repeat(levels[:, None, None], 4, axis=1)
    truth = point + rng.normal(0, 5, point.shape)
    saved = held_out(conf, point, truth, series)
    assert saved.source == "held-out" and not saved.relative and not (saved.floors_ > 0).any()
    # the alternative kept still knows its series (without ids predict took all 60 for unseen)
    assert saved.ids_ == ids
    # multiplicative held-out errors: relative kept
    again = held_out(conf, point, point * np.exp(rng.normal(0, 0.1, point.shape)), series)
    assert again.relative and (again.floors_ > 0).all()
    # a positive series swinging from near 0 to far above (lynx-like) with additive errors:
    # additive bands score better in sample
    t = np.arange(300)
    swing = [200 + 190 * np.sin(2 * np.pi * t / 10 + k) + rng.normal(0, 5, 300) for k in range(3)]
    c2 = calibrate(MeanForecast().fit([s[:-4] for s in swing]), swing, 4, (80, 95), ends=[296] * 3,
                   n_origins=100)
    assert not c2.relative and c2.alternative_.relative


def test_relative_bands_stay_finite_with_an_extreme_quantile_or_a_huge_scale():
    """exp of a large log error overflowed to inf (silently: the warning was switched off); a
    relative band is capped at the largest float, finite, and no RuntimeWarning is raised."""
    import warnings

    rng = np.random.default_rng(0)
    c = Conformal((80, 99)).fit_errors(rng.standard_t(1, size=(200, 3, 1)))  # heavy tails: large q
    c.scales_, c.floors_ = np.ones((1, 1)), np.full((1, 1), 1e-3)  # relative
    point = np.full((2, 3, 1), 1e30)
    huge = np.array([[200.0], [1.0]])  # a series never seen with a log-scale of 200, one of 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a RuntimeWarning fails the test
        bands = c.bands(point, levels=[80, 99], scales=huge, floors=np.full((2, 1), 1e-3))
    for lo, hi in bands.values():
        assert np.isfinite(lo).all() and np.isfinite(hi).all() and (lo <= hi).all() and (lo >= 0).all()
    assert (bands[99.0][1][0] == np.finfo(np.float64).max).any()  # the huge scale's: capped, not inf
    # the scale of 1 stays exactly the product it was
    i = c.levels_.index(99.0)
    np.testing.assert_array_equal(bands[99.0][1][1], point[1] * np.exp(c.hi_[i]))
    # a huge additive series' scale: its std's square overflowed (a RuntimeWarning, then |mean|)
    from wavecast.forecasters.error_scale import series_scale

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert series_scale(np.tile([1e200, -1e200], 20), 1, relative=False)[0][0] == pytest.approx(2e200, rel=1e-12)


def test_relative_bands_that_overflow_fall_back_to_additive_with_a_note():
    """A positive series whose log swings are beyond exp's range (float64 data): calibrate
    raised TypeError comparing a None MSIS; now additive bands are chosen, said in a note, and
    no RuntimeWarning leaks."""
    import warnings
    from types import SimpleNamespace

    from wavecast.evaluate.calibration_run import calibrate_all
    from wavecast.evaluate.held_out_bands import held_out
    from wavecast.forecasters.baselines import LastValue

    t = np.arange(200)
    x = np.exp(np.where(t % 2, 300.0, -300.0) + 0.01 * t)  # > 0, log swings of 600 a step
    f = LastValue().fit([x])
    cfg = SimpleNamespace(levels=(80.0, 95.0), interval_method="signed", calibration_origins=100)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        out, notes = calibrate_all({"last value": f}, [x], [196], 4, cfg)
        conf = out["last value"]
        assert not conf.relative and conf.alternative_.relative  # additive chosen
        assert any("additive bands for last value" in n and "overflow" in n for n in notes)
        lo, hi = conf.bands(f.predict(x[None, -10:, None], 4), series=[0])[95.0]
        assert np.isfinite(lo).all() and np.isfinite(hi).all()
        # held_out on few series keeps conf's quantiles, on the whole series' scales
        saved = held_out(conf, f.predict(x[None, -14:-4, None], 4), x[None, -4:, None], [x])
        assert saved.source == "in-sample" and not saved.relative


def _quiet(call, *args, **kw):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return call(*args, **kw)


@pytest.mark.parametrize("call", ["predict", "backtest"])
def test_levels_given_as_fractions_are_refused_naming_the_percent(call):
    """level=0.9 (a 90% band, in the fraction some libraries take) was a 0.9% band in a backtest,
    its columns lo-0.9, without a word; predict said only 'level 0.9 was not calibrated'."""
    y = 10 + np.sin(np.arange(120) * 2 * np.pi / 12) + np.random.default_rng(0).normal(0, 0.2, 120)
    with pytest.raises(ValidationError, match=r"^level is in percent: 0\.8, 0\.95 asks for bands under 1% .*; for "
                       r"80%, 95% bands pass level=\[80, 95\]$"):
        if call == "predict":
            f = _quiet(wavecast.fit, y, horizon=4, input_len=12, direct__max_epochs=1, seed=0)
            f.predict(4, level=[0.8, 0.95])
        else:
            _quiet(wavecast.backtest, y, horizon=4, origins=2, direct__max_epochs=1, seed=0, level=[0.8, 0.95])
    assert check_levels([1, 80]) == (1.0, 80.0)  # 1 and more are percents


@pytest.mark.parametrize("level", [True, [True], [80, True], np.array([True])])
def test_a_flag_given_as_level_is_refused_not_read_as_a_1_percent_band(fitted, level):
    """predict(4, level=True), asking for 'the bands', read True as 1: columns lo-1, hi-1, a band
    of almost no width, without a word. The backtest read it so too."""
    _, f = fitted
    with pytest.raises(ValidationError, match=r"^level=.*: a level is a number in percent, not a flag .*; pass "
                       r"level=\[80, 95\] for 80% and 95% bands$"):
        f.predict(4, level=level)
    y = np.sin(np.arange(60) / 2)
    with pytest.raises(ValidationError, match="not a flag"):  # refused before any training
        wavecast.backtest(y, horizon=4, origins=2, level=level)


def test_a_stretch_that_rounds_to_one_is_said_with_its_digits():
    # the note said "widened 1.00x" of a stretch of 1.004: a widening that reads as none
    from types import SimpleNamespace

    from wavecast.evaluate.interval_metrics import attach_saved

    for k, said in ((1.004, "widened 1.0040x"), (1.07, "widened 1.07x")):
        c = SimpleNamespace(floors_=None, source="in-sample", n_=40, stretch_=k)
        metrics = {"intervals": {}}
        (note,) = attach_saved(metrics, {"LSTM": c})
        assert said in note and said in metrics["intervals"]["saved"]["how"]


def test_held_out_leaves_out_a_filled_truth_and_keeps_its_series_measured_ones():
    # A saved model's bands come from the held-out test part; a truth the reader filled is NaN in
    # the scores' view (evaluate.filled). Was: a series with one such truth lost all of its
    # held-out errors, and with one in every series the bands stayed in-sample.
    from wavecast.evaluate.held_out_bands import held_out

    rng = np.random.default_rng(2)
    series = [rng.normal(0, 1, 200) for _ in range(60)]
    f = MeanForecast().fit([s[:-4] for s in series])
    conf = calibrate(f, series, 4, (80, 95), ends=[196] * 60, n_origins=30)
    point = np.zeros((60, 4, 1))
    truth = rng.normal(0, 3, (60, 4, 1))
    gaps = truth.copy()
    gaps[np.arange(60), np.arange(60) % 4, 0] = np.nan  # one filled truth in every series
    got = held_out(conf, point, gaps, series)
    assert got.source == "held-out" and got.n_ == 45  # each lead: the 45 measured of 60
    from wavecast.evaluate.calibration import scaled_errors

    want = Conformal.from_dict(conf.to_dict())  # the quantiles of the measured truths' errors alone
    want.fit_errors(scaled_errors(conf, point, truth, np.arange(60)), np.isnan(gaps))
    np.testing.assert_allclose(got.lo_, want.lo_)
    np.testing.assert_allclose(got.hi_, want.hi_)


def test_a_stretch_the_cap_bound_says_so_and_the_ratio_measured():
    # elecdaily with its drivers: "widened 3.00x: ... its errors were that much larger", where 3.00
    # was the cap and the errors measured 4.03x the in-sample bands
    from wavecast.evaluate.held_out_bands import MAX_STRETCH, held_out
    from wavecast.evaluate.interval_metrics import attach_saved

    rng = np.random.default_rng(0)
    series = [rng.normal(0, 1, 200) for _ in range(10)]
    f = MeanForecast().fit([s[:-4] for s in series])
    conf = calibrate(f, series, 4, (80, 95), ends=[196] * 10, n_origins=30)
    truth = rng.normal(0, 8, (10, 4, 1))  # 8x noisier than in sample: past the cap
    few = held_out(conf, np.zeros((10, 4, 1)), truth, series)
    assert few.stretch_ == MAX_STRETCH < few.stretch_measured_
    metrics = {"intervals": {}}
    (note,) = attach_saved(metrics, {"LSTM": few})
    assert "widened 3.00x, the most it may be" in note and "that much larger" not in note
    assert f"its errors were {few.stretch_measured_:.2f}x larger" in note
    assert metrics["intervals"]["saved"]["stretch_measured"] == few.stretch_measured_
