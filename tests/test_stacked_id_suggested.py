"""A long file read without --id is refused with the --id that reads it: a column whose series
hold each time stamp once. HistData's CholeraDeaths1849 (month, cause_of_death, day_of_month,
deaths, date; each month's days for the two causes) was told "column 'month' holds 12 values in
blocks; pass --id month", which repeats every date within each month; the causes interleave
month by month, so no column lay in blocks for the right one."""

import numpy as np
import pandas as pd
import pytest

from wavecast.data.reader import read
from wavecast.errors import ValidationError


def _cholera() -> pd.DataFrame:
    days = pd.date_range("1849-01-01", "1849-12-31", freq="D")
    rng = np.random.default_rng(0)
    parts = [pd.DataFrame({"month": d.dt.strftime("%b"), "cause_of_death": cause, "day_of_month": d.dt.day,
                           "deaths": rng.poisson(20, len(d)), "date": d.dt.strftime("%Y-%m-%d")})
             for _, d in pd.Series(days).groupby(days.month) for cause in ("Cholera", "Diarrhaea")]
    return pd.concat(parts, ignore_index=True)


def test_the_id_offered_reads_each_date_once_a_series(tmp_path):
    _cholera().to_csv(tmp_path / "cholera.csv", index=False)
    said = (r"looks like 2 series stacked in long format: its time stamps repeat and column 'cause_of_death' "
            r"holds 2 values on rows that interleave, each time stamp once a value; pass --id cause_of_death")
    with pytest.raises(ValidationError, match=said + "$"):
        read(tmp_path / "cholera.csv", target="deaths")
    with pytest.raises(ValidationError, match=said + " and --target COLUMN"):
        read(tmp_path / "cholera.csv")
    ds = read(tmp_path / "cholera.csv", target="deaths", id="cause_of_death")  # the advice runs
    assert ds.ids == ["Cholera", "Diarrhaea"] and ds.freq == "D" and [len(v) for v in ds.values] == [365, 365]
    # a panel in blocks is said as before
    df = _cholera().sort_values(["cause_of_death", "date"]).drop(columns="month")
    df.to_csv(tmp_path / "blocks.csv", index=False)
    with pytest.raises(ValidationError, match=r"column 'cause_of_death' holds 2 values in blocks; "
                       r"pass --id cause_of_death$"):
        read(tmp_path / "blocks.csv", target="deaths")
