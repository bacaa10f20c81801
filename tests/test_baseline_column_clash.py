"""An id or time column named as a baseline ('mean', 'theta', ...) is refused where the baselines'
forecasts are written beside it (predict(h, baselines=...), `wavecast forecast --baselines`):
its values were silently replaced by that baseline's forecasts, the series' ids lost."""

import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.cli import main
from wavecast.errors import ValidationError


def _shops(id_name: str) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    t = pd.date_range("2016-01-01", periods=48, freq="MS")
    return pd.concat([pd.DataFrame({id_name: s, "month": t, "sold": 50 + 9 * k + 8 * np.sin(np.arange(48) * np.pi / 6)
                                    + rng.normal(0, 1, 48)}) for k, s in enumerate("ab")], ignore_index=True)


@pytest.fixture(scope="module")
def fitted():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", wavecast.WavecastNote)
        return wavecast.fit(_shops("theta"), target="sold", time="month", id="theta", horizon=3,
                            direct__max_epochs=1, seed=0)


def test_predict_refuses_an_id_column_named_as_a_baseline_it_writes(fitted):
    with pytest.raises(ValidationError, match=r"^column 'theta' \(the id column\) has the name of a column wavecast "
                       r"writes beside it \(the theta baseline's forecasts\), which would overwrite it; rename it"):
        fitted.predict(3, baselines=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", wavecast.WavecastNote)
        fc = fitted.predict(3, baselines=["mean", "last value"])  # the others: the ids kept
    assert fc["theta"].tolist() == ["a"] * 3 + ["b"] * 3
    assert list(fc.columns) == ["theta", "month", "forecast", "mean", "last value"]


def test_the_command_line_refuses_it_in_one_line(tmp_path, capsys):
    data = tmp_path / "shops.csv"
    _shops("mean").to_csv(data, index=False)
    run = tmp_path / "run"
    assert main(["run", "--data", str(data), "--target", "sold", "--time", "month", "--id", "mean", "--horizon", "3",
                 "--out", str(run), "--quiet", "--set", "direct.max_epochs=1"]) == 0
    capsys.readouterr()
    out = tmp_path / "fc.csv"
    assert main(["forecast", str(run), "--data", str(data), "--out", str(out), "--baselines"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "column 'mean' (the id column) has the name of a column wavecast writes" in err[0]
    assert not out.exists()
    assert main(["forecast", str(run), "--data", str(data), "--out", str(out)]) == 0  # without them: as before
    assert set(pd.read_csv(out)["mean"]) == {"a", "b"}
