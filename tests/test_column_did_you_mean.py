"""A column not found is offered its near twin: 'Value' against a file holding 'value' was told
the columns and nothing more (a practitioner round on R's datasets, where names are often
capitalised), so the user had to spot the case difference in the list."""

import numpy as np
import pandas as pd
import pytest

from wavecast.cli import main
from wavecast.errors import ValidationError
from wavecast.words import closest_column


def test_closest_column_takes_case_spaces_and_typos_and_nothing_far():
    cols = ["date", "value", "unit price", "Store ID"]
    assert closest_column("Value", cols) == "value"
    assert closest_column("unitprice", cols) == "unit price"
    assert closest_column("store id", cols) == "Store ID"
    assert closest_column("valeu", cols) == "value"
    assert closest_column("sales", cols) is None
    assert closest_column("x", [f"column_{i}" for i in range(5000)]) is None


@pytest.mark.parametrize("flags, said", [
    (["--target", "Value"], "column 'Value' (--target) not found in"),
    (["--target", "value", "--time", "Date"], "column 'Date' (--time) not found in"),
    (["--target", "value", "--id", "Store"], "column 'Store' (--id) not found in"),
    (["--target", "value", "--past", "Price"], "column 'Price' (--past) not found in"),
    (["--target", "value,Sold"], "column 'Sold' (--target value,Sold) not found in"),
])
def test_the_cli_offers_the_near_column(tmp_path, capsys, flags, said):
    p = tmp_path / "shop.csv"
    pd.DataFrame({"date": pd.date_range("2024-01-01", periods=40).strftime("%Y-%m-%d"), "store": "a",
                  "value": np.arange(40.0), "price": 1.0, "sold": 2.0}).to_csv(p, index=False)
    assert main(["run", "--data", str(p), *flags, "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and said in err
    near = {"Value": "value", "Date": "date", "Store": "store", "Price": "price", "Sold": "sold"}
    wrong = next(w for w in near if f"'{w}'" in said)
    assert f"did you mean '{near[wrong]}'? columns are [" in err


def test_python_is_offered_it_too():
    import wavecast

    df = pd.DataFrame({"date": pd.date_range("2024-01-01", periods=40).strftime("%Y-%m-%d"), "value": np.arange(40.0)})
    with pytest.raises(ValidationError, match=r"column 'Value' \(target=\.\.\.\) not found in the DataFrame; "
                       r"did you mean 'value'\? columns are"):
        wavecast.fit(df, target="Value")


def test_a_name_cut_short_is_offered_the_one_column_it_begins():
    """fpp2's elecdaily given --future Temp was told the columns only: difflib rates 'Temp' against
    'Temperature' 0.53, under its 0.8. The one column a name of 3 or more characters begins is
    offered; a start two columns share, or one too short to mean anything, is not."""
    cols = ["date", "Demand", "WorkDay", "Temperature"]
    assert closest_column("Temp", cols) == "Temperature"
    assert closest_column("work", cols) == "WorkDay"
    assert closest_column("De", cols) is None  # two characters: too short to say
    assert closest_column("Temp", ["Temp_min", "Temp_max"]) is None  # two columns begin so
