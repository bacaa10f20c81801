"""Interval calibration leaves out the errors whose truth was filled, not measured (--fill linear).

A value interpolated between two measurements has no noise of its own: a forecaster's errors
against it are smaller than against a measurement, and bands sized on them under-cover (R's
airquality, a third of its calibration truths filled in June: the net's 80% band covered 53.6%
of a backtest, 66.1% with them left out; docs/evaluation.md).
"""

import warnings
from statistics import NormalDist

import numpy as np
import pandas as pd

from wavecast.evaluate.calibration import calibrate
from wavecast.forecasters.baselines import MeanForecast


def _filled_noise(n: int, measured: int = 8, gap: int = 12, seed: int = 0):
    """10 + N(0, 1) noise with `gap` values of every `measured + gap` replaced by the straight
    line between their measured neighbours (what --fill linear makes of missing values), and
    the mask of those values."""
    y = 10 + np.random.default_rng(seed).normal(size=n)
    mask = np.zeros(n, dtype=bool)
    for start in range(measured, n - gap, measured + gap):
        mask[start : start + gap] = True
    idx = np.arange(n)
    y[mask] = np.interp(idx[mask], idx[~mask], y[~mask])
    return y, mask


def _coverage(conf, mean: float, horizon: int) -> float:
    """The 80% band's coverage of fresh measurements, N(10, 1), exactly (normal cdf), averaged
    over the leads: the mean forecaster's band is the same wherever it forecasts from."""
    lo, hi = conf.bands(np.full((1, horizon, 1), mean), series=[0], levels=[80])[80]
    phi = NormalDist(10, 1).cdf
    return float(np.mean([phi(h) - phi(lo_) for lo_, h in zip(lo.ravel(), hi.ravel(), strict=True)]))


def test_bands_cover_their_level_on_measured_truths_when_filled_ones_are_left_out():
    # 60% of the known part filled: 1,600 measured truths a lead of 4,000 calibration forecasts.
    # The mean forecaster's errors at measured truths are exchangeable with those of fresh
    # measurements, so its 80% band covers 80% up to the spread of a conformal band's coverage
    # on n errors, sqrt(p (1 - p) / n) = 0.010 at n = 1,600: 0.03 is three of them.
    horizon, n = 3, 4000 + 3
    y, mask = _filled_noise(n)
    f = MeanForecast().fit([y[:, None]])
    mean = float(f.means_[0, 0])
    kept = calibrate(f, [y], horizon, (80,), n_origins=4000, relative=False, filled=[mask])
    as_before = calibrate(f, [y], horizon, (80,), n_origins=4000, relative=False)
    assert kept.skipped_ == int(sum(mask[o : o + horizon].sum() for o in range(1, n - horizon + 1)))
    assert abs(_coverage(kept, mean, horizon) - 0.80) < 0.03
    # the same errors with the filled truths kept (the calibration before): about 0.72, well
    # under its level, so the setting above is one where leaving them out matters
    assert _coverage(as_before, mean, horizon) < 0.77


def test_a_run_leaves_out_the_errors_against_values_the_data_marks_filled():
    # Through experiment.run: Dataset.filled (the reader's record of --fill linear) reaches the
    # calibration of every forecaster, matched by id, and a note says so.
    from wavecast.api import read_for_fit
    from wavecast.experiment import run

    y, mask = _filled_noise(160, measured=10, gap=6, seed=1)
    raw = np.where(mask, np.nan, y)
    df = pd.DataFrame({"y": raw, "date": pd.date_range("2024-01-01", periods=len(y), freq="D")})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cfg, ds, _, _ = read_for_fit(df, "y", "date", "", None, ("direct.max_epochs=1",), (), (), (), None,
                                     {"fill": "linear", "seed": 0}, None, "")
        np.testing.assert_allclose(ds.values[0], y)  # the reader's fill is the line the mask marks
        ds.filled = None
        before = run(cfg, dataset=ds, final=False)
        ds.filled = [mask]
        after = run(cfg, dataset=ds, final=False)
    conf = after.intervals["mean"]
    end, h = after.split.val_end, after.config.window.horizon
    origins = conf.origins([end], 1, h)[0]
    assert conf.skipped_ == int(sum(mask[o : o + h].sum() for o in origins)) > 0
    assert not getattr(before.intervals["mean"], "skipped_", 0)
    assert any(n.startswith("intervals calibrated without the errors against filled values (--fill linear")
               for n in after.notes)
    # the errors left out were the small ones: the band sized without them is wider at every lead
    assert (conf.hi_ - conf.lo_ > before.intervals["mean"].hi_ - before.intervals["mean"].lo_)[
        conf.levels_.index(80)].all()


def test_the_reader_marks_the_values_it_filled_and_the_stamps_it_inserted(tmp_path):
    # Dataset.filled is what calibration leaves out: --fill linear's interpolated values and
    # --fill-missing-dates' inserted days, each series its own mask (None where nothing was filled).
    import pandas as pd

    from wavecast.data.reader import read

    days = pd.date_range("2020-01-01", periods=30, freq="D")
    y = np.arange(30, dtype=float) + 1
    y[[5, 6, 20]] = np.nan
    keep = np.ones(30, bool)
    keep[[10, 11]] = False  # two days missing from the file
    df = pd.DataFrame({"date": days[keep].strftime("%Y-%m-%d"), "y": y[keep], "id": "a"})
    whole = pd.DataFrame({"date": days.strftime("%Y-%m-%d"), "y": np.arange(30.0) + 1, "id": "b"})
    path = tmp_path / "gaps.csv"
    pd.concat([df, whole]).to_csv(path, index=False)
    ds = read(path, target="y", time="date", id="id", fill="linear", fill_missing_dates=True)
    a = ds.ids.index("a")
    assert np.flatnonzero(ds.filled[a]).tolist() == [5, 6, 10, 11, 20]
    assert ds.filled[1 - a] is None and len(ds.values[a]) == 30
    whole.to_csv(tmp_path / "whole.csv", index=False)
    assert read(tmp_path / "whole.csv", target="y", time="date").filled is None
