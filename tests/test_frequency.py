"""data.frequency: whether a model's frequency and the data's name the same period."""

import pytest

from wavecast.data.frequency import describe_freq, nominal_days, same_period


@pytest.mark.parametrize("a, b", [("MS", "ME"), ("W-SUN", "W-MON"), ("QS-OCT", "QS-JAN"), ("7D", "W-SUN"),
                                  ("3MS", "QS-OCT"), ("YS-JAN", "12MS"), ("h", "60min"), ("BME", "MS"),
                                  ("MS", 1), (None, "D"), (7, 1), ("MS", "not-an-alias")])
def test_the_same_period_or_nothing_to_judge(a, b):
    assert same_period(a, b) and same_period(b, a)


@pytest.mark.parametrize("a, b", [("MS", "YS-JAN"), ("D", "B"), ("15min", "h"), ("D", "h"), ("W-SUN", "D"),
                                  ("QS-OCT", "MS"), ("30D", "MS")])
def test_different_periods(a, b):
    assert not same_period(a, b) and not same_period(b, a)


def test_words_and_lengths():
    assert describe_freq("MS") == "monthly (MS)" and describe_freq("YS-JAN") == "yearly (YS-JAN)"
    assert describe_freq("15min") == "15min-step" and describe_freq("W-SUN") == "weekly (W-SUN)"
    assert nominal_days("MS") == pytest.approx(30.436875) and nominal_days("2h") == pytest.approx(1 / 12)
