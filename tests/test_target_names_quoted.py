"""A table of several numeric columns is refused naming how to forecast them jointly; a name the
shell must quote ('unit sales') is quoted in the command line's words and a string in Python's
(it read --target unit sales,price and target='unit' sales,price: neither runs)."""

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.api_words import python_words
from wavecast.cli import main
from wavecast.errors import ValidationError


def _two_numeric() -> pd.DataFrame:
    n = 30
    rng = np.random.default_rng(0)
    return pd.DataFrame({"week": pd.date_range("2020-01-06", periods=n, freq="W-MON"),
                         "unit sales": rng.normal(100, 5, n), "price": rng.normal(10, 1, n)})


def test_python_names_the_targets_as_a_list_of_strings():
    with pytest.raises(ValidationError) as exc:
        wavecast.fit(_two_numeric(), time="week", epochs=1)
    assert str(exc.value).endswith("forecast them jointly with target=['unit sales', 'price']"), str(exc.value)


def test_the_command_line_quotes_a_name_for_the_shell(tmp_path, capsys):
    path = tmp_path / "sales.csv"
    _two_numeric().to_csv(path, index=False)
    assert main(["run", "--data", str(path), "--time", "week", "--out", str(tmp_path / "run")]) == 2
    err = capsys.readouterr().err
    assert "forecast them jointly with --target 'unit sales',price" in err, err


def test_plain_names_read_as_before():
    assert python_words("jointly with --target sales,price") == "jointly with target=['sales', 'price']"
    assert python_words("choose one with --target sales; or") == "choose one with target='sales'; or"
