"""Where a value lies on a whole-number time axis: R's time() of a ts started at 1 (WWWusage,
BJsales: rownames, time 1..n, value) put the row and its equal time side by side, "first at row
68 (68)", and a time from 0 said "row 68 (67)", a number beside the row's that read as the same."""

import numpy as np
import pandas as pd
import pytest

from wavecast.data import reader
from wavecast.errors import ValidationError


@pytest.mark.parametrize(("start", "said"), [(1, "first at row 68; "), (0, "first at row 68 (time 67); "),
                                             (1870, "first at row 68 (time 1937); ")])
def test_a_missing_value_on_a_whole_number_axis_is_said_once(tmp_path, start, said):
    df = pd.DataFrame({"time": np.arange(100) + start, "value": np.linspace(80.0, 220.0, 100)})
    df.loc[67, "value"] = np.nan
    p = tmp_path / "www.csv"
    df.to_csv(p, index=False)
    with pytest.raises(ValidationError) as err:
        reader.read(p, target="value", time="time")
    assert str(err.value) == (f"column 'value' in {p} has 1 missing value (1 inside), {said}fill or drop them, "
                              "or pass --fill linear"), err.value


def test_dates_keep_their_stamp_beside_the_row(tmp_path):
    df = pd.DataFrame({"date": pd.date_range("2020-01-01", periods=30), "value": np.arange(30.0)})
    df.loc[9, "value"] = np.nan
    with pytest.raises(ValidationError, match=r"first at row 10 \(2020-01-10\); "):
        reader.from_frame(df, "value", "date")
