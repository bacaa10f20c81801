"""A practitioner's own data (user round): daily sales with drivers known ahead, and what the
messages say when something in the file is wrong. Small files, one epoch at most."""

import numpy as np
import pandas as pd

from wavecast.cli import main


def _daily_with_future(tmp_path, n=60, ahead=6, empty_from=None, shops=("",)):
    """sold = 50 - 2 price + noise, daily; `ahead` future rows (sold empty, price given); price
    left empty from future row `empty_from` (from 0) on. shops ('' : one series, no id column)."""
    rng = np.random.default_rng(0)
    out = []
    for shop in shops:
        t = pd.date_range("2024-01-01", periods=n + ahead, freq="D")
        price = np.round(10 + rng.normal(0, 1, n + ahead), 2)
        sold = np.round(50 - 2 * price + rng.normal(0, 1, n + ahead), 2)
        sold[n:] = np.nan
        if empty_from is not None:
            price[n + empty_from:] = np.nan
        df = pd.DataFrame({"date": t, "sold": sold, "price": price})
        out.append(df.assign(shop=shop) if shop else df)
    path = tmp_path / "sales.csv"
    pd.concat(out, ignore_index=True).to_csv(path, index=False)
    return path


def test_a_missing_future_driver_is_named_by_its_row_and_date_not_series_empty(tmp_path, capsys):
    # Was "column 'price' (--future) in sales.csv is missing for series '' at future row 5 after
    # its end; ..." for a file of one series: an empty series name and no row of the file.
    path = _daily_with_future(tmp_path, empty_from=4)
    assert main(["run", "--data", str(path), "--target", "sold", "--future", "price",
                 "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err.strip()
    rows = pd.read_csv(path)
    at = int(np.flatnonzero(rows["price"].isna())[0])  # from 0: the file's data row at + 1
    assert err.count("\n") == 0 and "series ''" not in err
    assert f"is missing at row {at + 1} ({rows['date'][at]}), future row 5 after the series' end" in err
    assert err.endswith("fill it, or drop that row and the ones after it (and forecast fewer steps)")
    # in a panel the series is named, and the row is the file's
    path = _daily_with_future(tmp_path, empty_from=2, shops=("a", "b"))
    assert main(["run", "--data", str(path), "--target", "sold", "--future", "price", "--id", "shop",
                 "--out", str(tmp_path / "p")]) == 2
    err = capsys.readouterr().err
    rows = pd.read_csv(path)
    at = int(np.flatnonzero(rows["price"].isna())[0])
    assert f"is missing for series 'a' at row {at + 1} ({rows['date'][at]}), future row 3 after" in err
