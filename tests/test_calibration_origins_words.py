"""The intervals' note says the calibration origins allowed are a series' (eval.calibration_origins
is a count a series): of a panel it read "(828 forecasts a forecaster; eval__calibration_origins
allows 653)", as if 828 forecasts broke a limit of 653 (Ecdat Cigar, 46 states, a practitioner round)."""

import warnings

import numpy as np
import pandas as pd

import wavecast


def test_the_origins_allowed_are_counted_a_series():
    rng = np.random.default_rng(0)
    n = 48
    df = pd.DataFrame({"shop": np.repeat(["a", "b", "c"], n),
                       "month": np.tile(pd.date_range("2015-01-01", periods=n, freq="MS"), 3),
                       "sold": 50 + rng.normal(0, 3, 3 * n).cumsum() / 4})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        wavecast.fit(df, target="sold", time="month", id="shop", horizon=3, epochs=2, hidden_size=4, seed=0,
                     eval__calibration_origins=5)
    said = [str(w.message) for w in caught if str(w.message).startswith("prediction intervals: conformal")]
    assert len(said) == 1
    assert said[0].endswith("(15 forecasts a forecaster; eval__calibration_origins allows 5 a series)"), said[0]


def test_one_origin_is_said_in_the_singular():
    """A series with room for one calibration origin read 'from up to 1 origins ... (1 forecasts a
    forecaster'."""
    from wavecast.config import Config
    from wavecast.evaluate.calibration_run import calibrate_all
    from wavecast.forecasters.baselines import MeanForecast

    series = [np.sin(np.arange(4.0))]  # horizon 3 after a context of 1: one origin
    _, notes = calibrate_all({"mean": MeanForecast().fit(series)}, series, np.array([4]), 3, Config().eval)
    assert notes[0].startswith("prediction intervals: conformal (signed errors), from up to 1 origin a series "
                               "at the end of its known part (1 forecast a forecaster;"), notes
