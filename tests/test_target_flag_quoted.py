"""Several targets echoed as --target takes them: a name the shell would split is quoted
('unit price',qty), the rule of words.shell_word. The reader's refusal of a missing target and
the forecast's refusals of a model of several targets said '--target unit price,qty', which the
shell passes as two words (and Python's words read it as target='unit' price,qty)."""

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.cli import main
from wavecast.errors import ValidationError


def _frame(n: int = 40) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    return pd.DataFrame({"week": pd.date_range("2020-01-06", periods=n, freq="W-MON").strftime("%Y-%m-%d"),
                         "unit price": 10 + rng.normal(0, 0.1, n), "qty": 100 + rng.normal(0, 5, n)})


def test_a_missing_target_is_refused_with_the_list_quoted(tmp_path, capsys):
    path = tmp_path / "d.csv"
    _frame().to_csv(path, index=False)
    assert main(["run", "--data", str(path), "--target", "unit price,qtyx", "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert f"column 'qtyx' (--target 'unit price',qtyx) not found in {path}" in err, err
    with pytest.raises(ValidationError, match=r"\(target=\['unit price', 'qtyx'\]\) not found"):
        wavecast.fit(_frame(), time="week", target=["unit price", "qtyx"], epochs=1)


def test_forecast_names_the_models_targets_quoted(tmp_path, capsys):
    path = tmp_path / "d.csv"
    _frame().to_csv(path, index=False)
    assert main(["run", "--data", str(path), "--target", "unit price,qty", "--horizon", "2",
                 "--set", "train.epochs=1", "--out", str(tmp_path / "o")]) == 0
    capsys.readouterr()
    out = str(tmp_path / "f.csv")
    assert main(["forecast", str(tmp_path / "o"), "--data", str(path), "--target", "unit price,x",
                 "--out", out]) == 2
    err = capsys.readouterr().err
    assert ("this model forecasts --target 'unit price',qty jointly, reading those columns by name: "
            "--target 'unit price',x cannot rename them") in err, err
    _frame().drop(columns="qty").to_csv(path, index=False)
    assert main(["forecast", str(tmp_path / "o"), "--data", str(path), "--out", out]) == 2
    err = capsys.readouterr().err
    assert "--target 'unit price',qty jointly" in err, err
