"""`wavecast forecast RUN`'s headline names the target column as the target: a one-series model
printed "of 1 series ('passengers')", the column's name where a series' id is read everywhere
else ("1 of 3 series ('b')"). Now "of 'passengers'", with the series' id when the file has an id
column ("of 'sales' for series 'a'"), and a panel "of 'sales' in 3 series"."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wavecast.cli import main


@pytest.mark.parametrize("shops, want", [
    ((), "of 'passengers' with LSTM primed on the last"),
    (("a",), "of 'passengers' for series 'a' with LSTM"),
    (("a", "b", "c"), "of 'passengers' in 3 series with LSTM"),
])
def test_the_forecast_headline_names_the_target_as_the_target(tmp_path, capsys, shops, want):
    n, rng = 36, np.random.default_rng(0)
    t = pd.date_range("2020-01", periods=n, freq="MS").strftime("%Y-%m-%d")
    one = lambda: 100 + 10 * np.sin(np.arange(n) * np.pi / 6) + rng.normal(0, 2, n)  # noqa: E731
    df = (pd.concat([pd.DataFrame({"month": t, "shop": s, "passengers": one()}) for s in shops]) if shops
          else pd.DataFrame({"month": t, "passengers": one()}))
    df.to_csv(tmp_path / "d.csv", index=False)
    assert main(["run", "--data", str(tmp_path / "d.csv"), *(["--id", "shop"] if shops else []), "--horizon", "3",
                 "--set", "direct.max_epochs=1", "--set", "train.epochs=1", "--quiet",
                 "--out", str(tmp_path / "o")]) == 0
    capsys.readouterr()
    assert main(["forecast", str(tmp_path / "o")]) == 0
    head = capsys.readouterr().out.splitlines()[0]
    assert head.startswith("forecast 3 steps (the model's horizon; --horizon N for another) " + want), head
    assert "series ('passengers')" not in head
