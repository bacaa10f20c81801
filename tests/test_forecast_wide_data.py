"""A wide --data (a series a column) given to `wavecast forecast` of a model of long format is
refused with the melt to the model's own columns, which then forecasts. A model of ggplot2's
economics_long (--id variable --target value) given economics.csv (date, pce, pop, ...) was told
"the model's id column 'variable' is not in economics.csv; ...; pass --id COLUMN to name the
file's own": the file holds no such column."""

import numpy as np
import pandas as pd

from wavecast.cli import main


def _wide(n=48) -> pd.DataFrame:
    t = pd.date_range("2000-01-01", periods=n, freq="MS").strftime("%Y-%m-%d")
    k = np.arange(n)
    return pd.DataFrame({"date": t, "pce": 500 + 3.0 * k, "pop": 2000 + 5.0 * k + 10 * np.sin(k * 2 * np.pi / 12),
                         "psavert": 10 + np.cos(k * 2 * np.pi / 12)})


def test_a_wide_file_gets_the_melt_that_forecasts(tmp_path, capsys):
    wide = _wide()
    wide.to_csv(tmp_path / "economics.csv", index=False)
    wide.melt(id_vars="date", var_name="variable", value_name="value").to_csv(tmp_path / "long.csv", index=False)
    assert main(["run", "--data", str(tmp_path / "long.csv"), "--target", "value", "--id", "variable",
                 "--out", str(tmp_path / "run"), "--horizon", "3", "--quiet", "--set", "direct.max_epochs=1",
                 "--set", "model.hidden_size=4"]) == 0
    capsys.readouterr()
    out = str(tmp_path / "f.csv")
    assert main(["forecast", str(tmp_path / "run"), "--data", str(tmp_path / "economics.csv"), "--out", out]) == 2
    err = capsys.readouterr().err.strip()
    melt = (f"pd.read_csv({str(tmp_path / 'economics.csv')!r}).melt(id_vars='date', var_name='variable', "
            "value_name='value')")
    assert err.endswith(f"economics.csv holds the model's series as columns (pce, pop, psavert), a wide table: the "
                        f"model reads long format (--id variable); melt it: {melt}, then save that and pass it as "
                        "--data"), err
    eval(melt, {"pd": pd}).to_csv(tmp_path / "melted.csv", index=False)  # the advice, followed
    assert main(["forecast", str(tmp_path / "run"), "--data", str(tmp_path / "melted.csv"), "--out", out]) == 0
    assert set(pd.read_csv(out)["variable"]) == {"pce", "pop", "psavert"}


def test_predict_given_a_wide_frame_gets_the_melt():
    import pytest

    import wavecast
    from wavecast.errors import ValidationError

    wide = _wide()
    long = wide.melt(id_vars="date", var_name="variable", value_name="value")
    with pytest.warns(wavecast.WavecastNote):
        f = wavecast.fit(long, target="value", time="date", id="variable", horizon=3, direct__max_epochs=1,
                         hidden_size=4)
    with pytest.raises(ValidationError) as told:
        f.predict(3, data=wide)
    melt = "data.melt(id_vars='date', var_name='variable', value_name='value')"
    assert str(told.value) == ("data= holds the model's series as columns (pce, pop, psavert), a wide table: the "
                               f"model reads long format (id='variable'); melt it: {melt}, and pass that as data=")
    fc = f.predict(3, data=eval(melt, {"data": wide}))  # the advice, followed
    assert set(fc["variable"]) == {"pce", "pop", "psavert"} and len(fc) == 9
    # dates in the index: the melt resets it first
    with pytest.raises(ValidationError, match=r"melt it: data.reset_index\(\).melt\(id_vars='date'"):
        f.predict(3, data=wide.assign(date=pd.to_datetime(wide["date"])).set_index("date"))
