"""A future covariate the net was hardly trained on at its held-out values is named in a note
(evaluate.covariate_range): a flag at a rare value, a driver beyond its training range."""

import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.evaluate.covariate_range import rare_driver, rare_driver_notes

H = 12


def _monthly(law_from: int, n: int = 120, seed: int = 0) -> pd.DataFrame:
    """Deaths a month with a season, lower by 20 once a law (0/1) applies; a price with noise."""
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    law = (t >= law_from).astype(float)
    price = 1 + 0.1 * rng.standard_normal(n)
    y = 120 + 15 * np.sin(2 * np.pi * t / 12) - 20 * law + rng.normal(0, 4, n)
    return pd.DataFrame({"month": pd.date_range("1975-01-01", periods=n, freq="MS"), "deaths": y,
                         "law": law, "price": price})


def test_a_flag_at_a_value_few_training_points_had_is_named():
    # Seatbelts' law: 0 until 1983, 1 on every held-out month and on 11 training months
    law = np.r_[np.zeros(169), np.ones(23)]
    said = rare_driver(law, 180, H)
    assert said == ("is 1 on 12 of 12 held-out steps, a value on 11 of the 180 points the net was trained "
                    "on (6%)")
    assert rare_driver(law, 100, H) is None  # 0 on the held-out steps: most training points are
    workday = np.tile([1.0, 1, 1, 1, 1, 0, 0], 30)
    assert rare_driver(workday, 180, 14) is None  # both values common


def test_a_driver_beyond_its_training_range_is_named_not_one_inside_it():
    cpi = np.linspace(67, 109, 74)  # a price index rising every quarter
    assert rare_driver(cpi, 66, 8) == "lies above the range the net was trained on (67 to 104) on 8 of 8 held-out steps"
    temperature = 25 + 8 * np.sin(2 * np.pi * np.arange(365) / 365)
    assert rare_driver(temperature, 300, 14) is None
    notes = rare_driver_notes(["cpi"], [cpi[:, None], cpi[:, None] + 1], [66, 66], 8, ["series 'a'", "series 'b'"])
    assert notes == ["in 2 of 2 series ('a', 'b'); in series 'a': future covariate 'cpi' lies above the range the "
                     "net was trained on (67 to 104) on 8 of 8 held-out steps: the net learned its effect from few "
                     "windows or none, so its forecast may lean on it wrongly; compare the scores of a run without it"]


def _fit(df: pd.DataFrame):
    """A small, fast fit with the law and the price as future covariates."""
    return wavecast.fit(df, target="deaths", time="month", future=["law", "price"], horizon=H, test_len=H,
                        epochs=2, hidden_size=4, input_len=12, seed=0)


@pytest.mark.parametrize("law_from, named", [(108, True), (40, False)])
def test_fit_names_a_law_that_began_just_before_the_held_out_end(law_from, named):
    df = _monthly(law_from)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _fit(df)
    said = [str(w.message) for w in caught if issubclass(w.category, wavecast.WavecastNote)
            and "future covariate 'law'" in str(w.message)]
    if named:  # training ends at 108: the law is 1 on none of its points, on every held-out one
        assert said == ["future covariate 'law' is 1 on 12 of 12 held-out steps, a value on 0 of the 108 points "
                        "the net was trained on (0%): the net learned its effect from few windows or none, so its "
                        "forecast may lean on it wrongly; compare the scores of a run without it"]
    else:
        assert said == []
    assert not [w for w in caught if "future covariate 'price'" in str(w.message)]


def _law_notes(df, origins: int, stride: int) -> list[str]:
    """The notes on 'law' of a small backtest of df (horizon 6)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        wavecast.backtest(df, target="deaths", time="month", future=["law"], horizon=6, origins=origins,
                          stride=stride, epochs=2, hidden_size=4, input_len=12, seed=0)
    return [str(w.message) for w in caught if "future covariate 'law'" in str(w.message)]


def test_a_backtest_checks_every_origins_steps():
    # Seatbelts' backtest from 1981 (the practitioner round): the first origin's steps have the
    # law at 0, the later ones at 1, which no training point had; the run's note looked at the
    # first horizon alone and said nothing
    df = _monthly(110)  # the test part starts at 105: the first origin's 6 steps hold one 1
    said = _law_notes(df, origins=4, stride=3)
    assert said == ["future covariate 'law' is 1 on 10 of 15 held-out steps, a value on 0 of the 105 points the net "
                    "was trained on (0%): the net learned its effect from few windows or none, so its forecast may "
                    "lean on it wrongly; compare the scores of a run without it"]


def test_a_backtest_names_a_flag_its_last_origins_hold_though_most_steps_do_not():
    # R's Seatbelts, wavecast backtest --future law --horizon 12 --origins 6 --stride 12: the law
    # is 1 on the last origins' every month and on none of the 120 training months, but on 23 of
    # the 72 steps of the lengthened test part; judged over all 72 at once, the zeros outvoted it
    # and the backtest said nothing. Each origin's forecast is judged now.
    law = np.r_[np.zeros(169), np.ones(23)]
    assert rare_driver(law, 120, 72, window=12) == (
        "is 1 on 23 of 72 held-out steps, a value on 0 of the 120 points the net was trained on (0%)")
    assert rare_driver(law, 120, 72) is None  # all 72 steps at once, as before
    assert rare_driver(law, 60, 72, window=12) is None  # every window at 0, as every training point
    cpi = np.r_[np.linspace(67, 80, 60), np.full(26, 75.0), np.linspace(81, 90, 8)]  # above on the last 8
    assert rare_driver(cpi, 60, 34) is None  # all 34 steps at once: 8 above, outvoted
    assert rare_driver(cpi, 60, 34, window=8) == (
        "lies above the range the net was trained on (67 to 80) on 8 of 34 held-out steps")
    df = _monthly(112)  # 6 origins 6 apart: the test part starts at 84; the law is 1 from 112 on
    said = _law_notes(df, origins=6, stride=6)
    assert said == ["future covariate 'law' is 1 on 8 of 36 held-out steps, a value on 0 of the 84 points the net "
                    "was trained on (0%): the net learned its effect from few windows or none, so its forecast may "
                    "lean on it wrongly; compare the scores of a run without it"]


@pytest.mark.parametrize("law_from, named", [(114, True), (40, False)])
def test_a_forecast_names_a_driver_its_future_rows_hold_at_a_rare_value(law_from, named):
    # Was: the run's held-out end was checked, the forecast itself never (`predict(future=)`,
    # `wavecast forecast --data`): the law at 1 on every future month, as on 6 of 120 known ones
    df = _monthly(law_from)
    f = _fit(df)
    future = pd.DataFrame({"month": pd.date_range(df["month"].iloc[-1], periods=H + 1, freq="MS")[1:],
                           "law": 1.0, "price": 1.0})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pred = f.predict(H, future=future)
    assert len(pred) == H
    said = [str(w.message) for w in caught if "future covariate 'law'" in str(w.message)]
    if named:
        assert said == ["future covariate 'law' is 1 on 12 of 12 forecast steps, a value on 6 of the 120 points the "
                        "net was trained on (5%): the net learned its effect from few windows or none, so its "
                        "forecast may lean on it wrongly; compare the scores of a run without it"]
    else:
        assert said == []
    assert not [w for w in caught if "future covariate 'price'" in str(w.message)]
