"""The lagged-copy shift test from few points (evaluate.shift_bar): on one series with a horizon of
6, a forecast unrelated to the truth matched it shifted, MSE under half, by chance (P(F(5, 5) < 0.5)
is 0.23 a shift, three shifts tried), and drift, AutoTheta and AutoETS were called lagged copies in
106-148 of M3's 645 yearly series; R's Nile's best net was one "shifted by 3 steps" from 3 points.
The bar is now the F quantile that unrelated errors pass with 5% chance over the shifts tried; the
truth a step late is still found, one series or many, and from many points the bar is half as before."""

import numpy as np

from wavecast.evaluate.diagnose_many import diagnose_series
from wavecast.evaluate.net_checks import lagged_copy
from wavecast.evaluate.shift_bar import ALPHA, RATIO, shift_bar

H, N = 6, 400  # a yearly horizon; N series of white noise


def _panel(seed: int = 0):
    rng = np.random.default_rng(seed)
    truth = rng.standard_normal((N, H, 1))
    unrelated = rng.standard_normal((N, H, 1))  # a forecast that knows nothing of the truth
    last = rng.standard_normal((N, 1))
    late = np.concatenate([last[:, None], truth[:, :-1]], axis=1)  # the truth a step late
    return truth, unrelated, late, last


def _shift_found(pred, truth, last) -> int:
    """Series (one at a time) whose shift test (lag >= 1) fires."""
    return sum((f := lagged_copy("net", pred[i][None], truth[i][None], last[i][None], 1e-9)) is not None
               and f.details["lag"] >= 1 for i in range(N))


def test_an_unrelated_short_forecast_is_rarely_called_a_lagged_copy():
    truth, unrelated, _, last = _panel()
    # 5% over the shifts tried under the F model; 8% leaves 2.6 binomial sds at N = 400 (the code
    # before called 40% of them lagged copies)
    assert _shift_found(unrelated, truth, last) < 0.08 * N


def test_the_truth_a_step_late_is_still_found_and_the_panel_agrees_with_one_series_at_a_time():
    truth, unrelated, late, last = _panel()
    assert _shift_found(late, truth, last) == N
    ids = [str(i) for i in range(N)]
    for pred, want in ((late, N), (unrelated, _shift_found(unrelated, truth, last))):
        found = diagnose_series({"net": pred, "mean": np.zeros_like(truth)}, truth, last, ids, np.full(N, 1e-9),
                                ["mean"])
        copy = [d for d in found if d["name"] == "lagged copy"]  # unrelated noise is never the last value
        assert (copy[0]["details"]["n_series"] if copy else 0) == want


def test_a_noisy_lagged_copy_over_many_rows_meets_the_old_bar():
    """Ten origins of one series (a backtest's rows) give 50 points a shift: the bar is half again,
    and a copy a step late with noise half the truth's sd is found."""
    truth, _, late, last = _panel(1)
    noisy = late + 0.5 * np.random.default_rng(2).standard_normal(late.shape)
    assert shift_bar(10 * (H - 1), 3) == RATIO
    found = lagged_copy("net", noisy[:10], truth[:10], last[:10], 1e-9)
    assert found is not None and found.details["lag"] == 1 and found.details["ratio_bar"] == RATIO


def test_the_bar_is_the_f_quantile():
    """The share of F(5, 5) draws (ratios of two chi-squares of 5) below the bar is ALPHA / lags."""
    rng = np.random.default_rng(0)
    ratio = rng.chisquare(5, 400_000) / rng.chisquare(5, 400_000)
    for lags in (1, 3):
        # binomial sd at 400,000 draws: under 3.5e-4; 2e-3 is over 5 of them
        assert abs(np.mean(ratio < shift_bar(5, lags)) - ALPHA / lags) < 2e-3
    assert shift_bar(5, 3) < shift_bar(5, 1) < RATIO
