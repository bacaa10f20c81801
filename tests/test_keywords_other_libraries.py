"""A NeuralForecast user's cross_validation keywords given to wavecast.backtest are pointed to
wavecast's own: backtest(..., n_windows=3, step_size=2) was told only "unknown argument
'n_windows': not a shortcut (cell, num_layers, ...), a data option (...) or a config key"."""

import re

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.config import ConfigError


@pytest.mark.parametrize(("name", "said"), [("n_windows", "did you mean origins= (wavecast.backtest's"),
                                            ("step_size", "did you mean stride= (wavecast.backtest's"),
                                            ("h", "did you mean horizon=")])
def test_cross_validation_names_point_to_wavecasts(name, said):
    df = pd.DataFrame({"t": pd.date_range("2020-01-01", periods=60, freq="D"), "y": np.sin(np.arange(60.0))})
    with pytest.raises(ConfigError, match=rf"unknown argument '{name}'.*{re.escape(said)}"):
        wavecast.backtest(df, target="y", time="t", origins=2, **{name: 3})
