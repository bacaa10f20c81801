"""A panel with a series of one row: one point shows no frequency, and it was refused as of
another one ("series in the DataFrame have different frequencies (MS, None)"). It is read on the
panel's frequency, as a series of two rows is, and forecast by the short series' named fallback;
a one-row series whose time is off that frequency is refused naming its id."""

import numpy as np
import pandas as pd
import pytest

from wavecast.data.fromframe import from_frame
from wavecast.errors import ValidationError


def _panel(one_at: str, one_id: str = "one") -> pd.DataFrame:
    months = pd.date_range("2000-01-01", periods=48, freq="MS")
    long = pd.DataFrame({"month": months, "value": np.arange(48.0) % 12 + 1.0, "series": "long"})
    return pd.concat([long, pd.DataFrame({"month": [pd.Timestamp(one_at)], "value": [5.0], "series": [one_id]})])


@pytest.mark.parametrize("one_id", ["one", "aaa"])  # after the long series, and first of the ids
def test_one_row_series_is_read_on_the_panels_frequency(one_id):
    ds = from_frame(_panel("2003-12-01", one_id), "value", "month", "series")
    assert ds.freq == "MS"
    assert sorted(ds.ids) == sorted(["long", one_id])


def test_one_row_series_off_the_frequency_is_refused_by_its_id():
    with pytest.raises(ValidationError) as e:
        from_frame(_panel("2003-12-15"), "value", "month", "series")
    msg = str(e.value)
    assert "id 'one'" in msg and "one row" in msg and "different frequencies" not in msg and "\n" not in msg
