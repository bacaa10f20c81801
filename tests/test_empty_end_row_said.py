"""--fill linear's note on an empty end names the row and time of the series' last value where an
empty start was left out too. A user round's fpp3 prices, melted (year, id, value) and read with
--id id --fill linear, said 'the series ends at its last value, row 94 (time 1893)' of eggs, whose
last price is 1993 at row 194: the row was counted in the series cut at its first value (100 empty
years before it), not in the file."""

import numpy as np
import pandas as pd

from wavecast.data.reader import read


def test_the_empty_end_names_the_last_value_s_own_row_and_time(tmp_path):
    years = np.arange(1800, 1830)
    price = np.arange(30, dtype=float) + 10
    price[:4] = np.nan  # the series starts at 1804 (row 5)
    price[-2:] = np.nan  # and ends at 1827 (row 28)
    pd.DataFrame({"year": years, "price": price}).to_csv(tmp_path / "p.csv", index=False)
    notes = read(tmp_path / "p.csv", target="price", time="year", fill="linear").notes
    assert any("starts at its first value, row 5 (time 1804)" in n for n in notes)
    assert any(
        "ends at its last value, row 28 (time 1827), and is forecast from there" in n for n in notes
    )


def test_a_panel_s_series_names_its_rows_in_the_file(tmp_path):
    years = np.arange(1900, 1920)
    a = np.arange(20, dtype=float)
    b = a + 100
    b[:3], b[-1] = np.nan, np.nan  # b: rows 21..40 of the file, values 1903..1918 (rows 24..39)
    df = pd.concat(
        [
            pd.DataFrame({"year": years, "id": "a", "v": a}),
            pd.DataFrame({"year": years, "id": "b", "v": b}),
        ]
    )
    df.to_csv(tmp_path / "panel.csv", index=False)
    notes = read(tmp_path / "panel.csv", target="v", time="year", id="id", fill="linear").notes
    assert any("for id 'b' at the end left out" in n and "row 39 (time 1918)" in n for n in notes)
