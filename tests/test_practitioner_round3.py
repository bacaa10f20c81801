"""A practitioner's third round (intermittent demand, ragged panels, drivers, breaks, notebook
use): what got in the way, pinned. Each test failed on the code before its fix."""

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.errors import NotFittedError, ValidationError


def _panel(n_series=3, n=60, seed=0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    weeks = pd.date_range("2022-01-02", periods=n, freq="W-SUN")
    return pd.DataFrame([(f"item{i}", w, float(v)) for i in range(n_series)
                         for w, v in zip(weeks, (rng.random(n) < 0.3) * rng.integers(1, 6, n), strict=True)],
                        columns=["item", "week", "sold"])


@pytest.fixture(scope="module")
def fitted():
    df = _panel()
    est = wavecast.Forecaster(horizon=4, epochs=1, hidden_size=4, seed=0)
    with pytest.warns(wavecast.WavecastNote):
        est.fit(df, target="sold", time="week", id="item")
    return est, df


def test_estimator_predict_given_data_second_is_one_line_naming_data(fitted, tmp_path):
    # Forecaster.predict(horizon, level, data): predict(4, df), wavecast.fit's order, read the frame
    # as the levels and the error printed the whole frame (dozens of lines)
    est, df = fitted
    with pytest.raises(ValidationError) as e:
        est.predict(4, df)
    msg = str(e.value)
    assert "\n" not in msg and "DataFrame of 180 rows" in msg and "predict(4, data=...)" in msg
    path = tmp_path / "sales.csv"
    df.to_csv(path, index=False)
    for given in (str(path), path):
        with pytest.raises(ValidationError, match=r"got the file '.*sales\.csv': give the data by keyword"):
            est.predict(4, given)
    # levels still read as levels, by position too; the data by keyword still continues it
    assert list(est.predict(4, [80, 95]).columns[-4:]) == ["lo-80", "hi-80", "lo-95", "hi-95"]
    assert len(est.predict(4, data=df)) == 12


def test_a_frame_given_as_level_is_named_in_one_line_everywhere(fitted):
    est, df = fitted
    with pytest.raises(ValidationError) as e:
        est.forecaster_.predict(4, level=df)  # wavecast.fit's model, level= by keyword
    assert "\n" not in str(e.value) and "got a DataFrame of 180 rows" in str(e.value)


def test_estimator_has_the_scores_table(fitted):
    # wavecast.fit(...).scores is the README's table; the estimator had no such attribute
    est, _ = fitted
    assert est.scores_.equals(est.forecaster_.scores) and est.scores.equals(est.scores_)
    assert est.scores.index[0] == "LSTM" and "mase" in est.scores.columns
    with pytest.raises(NotFittedError, match="not fitted"):
        _ = wavecast.Forecaster().scores_
