"""forecast_at: every forecaster from every origin of every series, by one path."""

import numpy as np
import pytest

from wavecast.errors import ValidationError
from wavecast.evaluate.forecast_at import forecast_at
from wavecast.forecasters.baselines import LinearAR, MeanForecast, SeasonalNaive


class History:
    """Forecasts (last value, length of the history it was given): shows what each row got."""

    context_len = None
    name = "history"

    def fit(self, train, val=None):
        return self

    def predict(self, context, horizon, series=None):
        n = (~np.isnan(context[:, :, 0])).sum(axis=1)
        return np.repeat(np.stack([context[:, -1, 0], n], axis=1)[:, None, :], horizon, axis=1)


def test_rows_get_their_own_series_history_up_to_the_origin():
    xs = [np.arange(10.0), np.arange(100.0, 125.0)]
    at = forecast_at({"h": History()}, xs, [np.array([5, 8]), np.array([20])], 3)
    np.testing.assert_array_equal(at.series, [0, 0, 1])
    np.testing.assert_array_equal(at.origins, [5, 8, 20])
    # last value before the origin; the whole history (NaN-padded to the longest) and no more
    np.testing.assert_array_equal(at.forecasts["h"][:, 0], [[4, 5], [7, 8], [119, 20]])
    np.testing.assert_array_equal(at.truth[:, :, 0], [[5, 6, 7], [8, 9, np.nan], [120, 121, 122]])


def test_per_series_state_matches_a_loop_over_series():
    rng = np.random.default_rng(0)
    xs = [rng.standard_normal(60).cumsum() + 10 * k for k in range(4)]
    parts = [x[:48] for x in xs]
    fs = {"mean": MeanForecast().fit(parts), "ar": LinearAR(3).fit(parts), "snaive": SeasonalNaive(12).fit()}
    at = forecast_at(fs, xs, 48, 12)
    for name, f in fs.items():
        for i, x in enumerate(xs):
            alone = f.predict(x[None, 48 - f.context_len : 48, None], 12, series=[i])
            np.testing.assert_array_equal(at.forecasts[name][i], alone[0])


def test_refit_fits_a_copy_on_the_history_before_each_origin():
    x = np.concatenate([np.zeros(20), np.ones(20)])
    at = forecast_at({"mean": MeanForecast()}, [x], [np.array([20, 30, 40])], 1, refit=True)
    np.testing.assert_allclose(at.forecasts["mean"][:, 0, 0], [0.0, 10 / 30, 0.5])


def test_a_context_longer_than_the_history_is_refused():
    with pytest.raises(ValidationError, match="needs 12 points of context; origin 5"):
        forecast_at({"snaive": SeasonalNaive(12).fit()}, [np.arange(30.0)], 5, 3)



@pytest.mark.parametrize("origins", [np.arange(19_800, 20_000),  # evenly spaced: one strided view
                                     np.r_[19_700, np.arange(19_801, 20_000)]])  # else a copy
def test_whole_history_contexts_are_built_without_a_second_copy(origins):
    """Rows of whole histories (context_len None) were cut as view[starts], a copy as large as
    the contexts themselves, before landing in them: 1,000 calibration rows of a 50,000-point
    series, 400 MB twice. Evenly spaced origins of one series (conformal calibration) are now
    the strided view itself, others copied in blocks; the rows are the same."""
    import tracemalloc

    class Nothing(History):
        def predict(self, context, horizon, series=None):
            return np.zeros((len(context), horizon, 1))

    x = np.arange(20_000.0)
    tracemalloc.start()
    try:
        forecast_at({"n": Nothing()}, [x], [origins], 1)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    ctx_bytes = len(origins) * int(origins.max()) * 8
    even = len(set(np.diff(origins).tolist())) == 1
    assert peak < (0.25 if even else 1.5) * ctx_bytes, f"{peak / 1e6:.0f} MB for {ctx_bytes / 1e6:.0f} MB of contexts"
    at = forecast_at({"h": History()}, [x], [origins], 1)
    np.testing.assert_array_equal(at.forecasts["h"][:, 0, 0], origins - 1)  # each row's last value
    np.testing.assert_array_equal(at.forecasts["h"][:, 0, 1], origins)  # and its whole history
