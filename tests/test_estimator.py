"""Issue 18, item 6: wavecast.Forecaster follows scikit-learn's conventions; the API speaks
Python (argument names, warnings, logging)."""

import logging
from pathlib import Path

import numpy as np
import pytest

import wavecast
from wavecast.errors import ConfigError, NotFittedError, ValidationError

AIR = str(Path(__file__).parents[1] / "examples" / "air_passengers.csv")
SINE = np.sin(2 * np.pi * np.arange(160) / 20)
FAST = dict(kind="recursive", hidden_size=4, epochs=1, input_len=20, horizon=5, test_len=5)


def test_params_repr_and_set_params():
    f = wavecast.Forecaster(cell="gru", num_layers=2, train__lr=1e-3, **{"direct.loss": "mse"})
    p = f.get_params()
    assert p["cell"] == "gru" and p["num_layers"] == 2 and p["train__lr"] == 1e-3 and p["direct__loss"] == "mse"
    assert repr(f) == "Forecaster(cell='gru', num_layers=2, train__lr=0.001, direct__loss='mse')"
    assert f.set_params(num_layers=1, model__dropout=0.0) is f and f.get_params()["num_layers"] == 1
    assert f.get_params()["model__dropout"] == 0.0
    # a clone the scikit-learn way: the class called with get_params()
    assert repr(type(f)(**f.get_params())) == repr(f)
    with pytest.raises(ConfigError, match="unknown argument 'train__lrr'"):
        wavecast.Forecaster(train__lrr=1)


def test_fit_returns_self_and_predicts_like_the_input(tmp_path):
    f = wavecast.Forecaster(**FAST)
    with pytest.raises(NotFittedError, match=r"call fit\(data\) first"):
        f.predict(3)
    assert f.fit(SINE) is f
    assert f.config_.model.cell == "lstm" and f.config_.model.hidden_size == 4 and "forecasters" in f.metrics_
    out = f.predict(3)
    assert out.shape == (3,) and np.isfinite(out).all()
    f.save(tmp_path / "m")
    g = wavecast.Forecaster.load(tmp_path / "m")
    assert np.allclose(g.predict(3), out) and g.get_params()["hidden_size"] == 4


def test_every_config_key_is_a_keyword_and_shortcuts_reach_both_nets():
    f = wavecast.Forecaster(cell="lstm", num_layers=2, hidden_size=5, epochs=1, horizon=4,
                            direct__n_ensemble=1, **{"train.lr": 1e-3})
    f.fit(AIR, time="month")
    c = f.config_
    assert c.model.kind == "direct" and c.direct.cell == "lstm" and c.direct.num_layers == 2
    assert c.direct.hidden_size == 5 and c.train.lr == 1e-3 and c.window.horizon == 4
    assert len(f.predict(4)) == 4


def test_short_fit_takes_config_keywords_too():
    # was TypeError: from_frame() got an unexpected keyword argument 'num_layers'
    s = wavecast.fit(SINE, num_layers=2, **FAST)
    assert s.config.model.num_layers == 2
    with pytest.raises(ConfigError, match="unknown argument 'num_layer'"):
        wavecast.fit(SINE, num_layer=2)


def test_errors_speak_python_argument_names(tmp_path):
    import pandas as pd

    df = pd.DataFrame({"a": np.arange(50.0), "b": np.arange(50.0)})
    with pytest.raises(ValidationError, match=r"choose one with target=\.\.\.") as e:
        wavecast.fit(df)
    assert "--" not in str(e.value)


def test_notes_are_warnings_and_progress_is_logged(caplog):
    with pytest.warns(wavecast.WavecastNote, match="linear AR order"), \
            caplog.at_level(logging.INFO, logger="wavecast"):
        wavecast.Forecaster(**FAST).fit(SINE)
    assert any("epoch 1/1" in r.getMessage() for r in caplog.records)
    seen = []
    wavecast.Forecaster(on_epoch=seen.append, **FAST).fit(SINE)
    assert [r.epoch for r in seen] == [1]
