"""A column named as years holding two-digit years (Ecdat's Cigar: state, year 63..92, sales, ...)
left unused is said as such, with the way to read it as the time: it was "column 'year' is not
used; pass --past or --future to use it", the panel read as steps with no frequency."""

import numpy as np
import pandas as pd

from wavecast.data.reader import read


def _cigar(tmp_path, years):
    df = pd.concat(
        [
            pd.DataFrame(
                {
                    "state": s,
                    "year": years,
                    "price": 30.0 + np.arange(len(years)),
                    "sales": 100.0 + s + np.sin(np.arange(len(years))),
                }
            )
            for s in (1, 2, 3)
        ]
    )
    df.to_csv(tmp_path / "cigar.csv", index=False)
    return tmp_path / "cigar.csv"


def test_two_digit_years_are_said_with_the_way_to_read_them(tmp_path):
    ds = read(_cigar(tmp_path, np.arange(63, 93)), target="sales", id="state")
    assert (
        "column 'year' is not used and the rows are steps 0, 1, 2, ...: if it holds years written with two "
        "digits (63 to 92), write them with four (1963 for 63) and it is read as the time, with yearly "
        "defaults; --time year reads them as plain steps"
    ) in ds.notes
    assert "column 'price' is not used; pass --past or --future to use it" in ds.notes


def test_four_digit_years_are_the_time_as_before(tmp_path):
    ds = read(_cigar(tmp_path, np.arange(1963, 1993)), target="sales", id="state")
    assert not any("two digits" in n for n in ds.notes) and ds.freq is not None
