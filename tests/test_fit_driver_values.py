"""fit's past=/future=/static= name columns of the data; the drivers' values given there (a
DataFrame X beside a Series y, as sktime and darts take them) are refused in one line that says
where they go, not read as their column names and blamed on the data."""

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.errors import ValidationError


def _daily(n: int = 120) -> pd.DataFrame:
    """Demand driven by temperature a day (fpp2's elecdaily in miniature)."""
    rng = np.random.default_rng(0)
    temp = 20 + 5 * np.sin(np.arange(n) / 9) + rng.normal(0, 1, n)
    return pd.DataFrame({"Demand": 100 + 3 * temp + rng.normal(0, 1, n), "Temperature": temp},
                        index=pd.date_range("2014-01-01", periods=n, freq="D", name="date"))


@pytest.mark.parametrize("role", ["future", "past", "static"])
def test_a_frame_of_driver_values_is_refused_saying_where_they_go(role):
    df = _daily()
    with pytest.raises(ValidationError) as err:
        wavecast.fit(df["Demand"], **{role: df[["Temperature"]]}, epochs=1, horizon=7)
    said = str(err.value)
    # was: "column 'Temperature' (future=) not found in the Series; columns are ['date', 'Demand']"
    assert said.startswith(f"{role}= takes the names of columns in the data, not their values (got a DataFrame "
                           f"of 120 rows, ['Temperature']): join them to the data and name them, "
                           f"wavecast.fit(y.to_frame().join(X), target=..., {role}=['Temperature'])")
    assert "\n" not in said


def test_a_series_of_values_is_refused_and_a_series_of_names_is_read():
    df = _daily()
    with pytest.raises(ValidationError, match=r"^past= takes the names of columns in the data, not their values "
                                              r"\(got a Series of 120 rows, \['Temperature'\]\)"):
        wavecast.fit(df, target="Demand", past=df["Temperature"], epochs=1, horizon=7)
    f = wavecast.fit(df, target="Demand", past=pd.Series(["Temperature"]), epochs=1, horizon=7)
    assert len(f.predict(7)) == 7
