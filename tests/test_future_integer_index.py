"""future= with its times in an index named as the model's time column is read for an integer
time axis too, as a DatetimeIndex is: a Series of the driver indexed by the steps
(df.set_index("t")["lead"].loc[141:], R's BJsales with its leading indicator) was refused as
"future= has no column 't'"."""

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.errors import ValidationError


def _sales(n: int = 80) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    lead = 10 + np.cumsum(rng.normal(0, 0.3, n))
    sales = 200 + 3 * np.r_[lead[0], lead[0], lead[:-2]] + rng.normal(0, 0.5, n)
    return pd.DataFrame({"t": np.arange(1, n + 1), "sales": sales, "lead": lead})


def test_future_times_in_an_index_named_as_the_time_column():
    df = _sales()
    f = wavecast.fit(df.iloc[:70], target="sales", time="t", future=["lead"], horizon=5, epochs=2, hidden_size=4,
                     seed=0)
    rows = df.iloc[70:75][["t", "lead"]]
    want = f.predict(5, future=rows)
    pd.testing.assert_frame_equal(f.predict(5, future=rows.set_index("t")), want)
    pd.testing.assert_frame_equal(f.predict(5, future=df.set_index("t")["lead"].loc[71:75]), want)
    # the rows matched by their steps, not their order
    pd.testing.assert_frame_equal(f.predict(5, future=rows.set_index("t").iloc[::-1]), want)
    with pytest.raises(ValidationError, match="future= has no column 't'"):  # an index of other numbers
        f.predict(5, future=rows.set_index("t").rename_axis("step"))


def test_future_steps_made_floats_are_the_models_steps():
    # a merge leaves the steps 141.0, 142.0: refused as "cannot parse 't' at row 1 of future=:
    # '141.0'; use one format, e.g. 2021-02-19", a date's advice for whole-number steps
    df = _sales()
    f = wavecast.fit(df.iloc[:70], target="sales", time="t", future=["lead"], horizon=5, epochs=2, hidden_size=4,
                     seed=0)
    rows = df.iloc[70:75][["t", "lead"]]
    pd.testing.assert_frame_equal(f.predict(5, future=rows.astype({"t": float})), f.predict(5, future=rows))
    with pytest.raises(ValidationError):  # a step between two is no step
        f.predict(5, future=rows.assign(t=rows["t"] + 0.5))
