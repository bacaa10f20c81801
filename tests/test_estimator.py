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


def test_a_loaded_forecaster_keeps_every_parameter_given_and_a_clone_trains_the_same(tmp_path):
    """Was: Forecaster.load gave back the shortcuts from the config alone, so direct__max_epochs
    and direct__loss were lost and a clone trained 'auto' epochs with the l1 loss."""
    import json

    import pandas as pd

    from wavecast.io.modelformat import _meta_digest

    df = pd.read_csv(AIR)
    given = dict(horizon=6, seed=1, direct__max_epochs=2, direct__loss="mse", hidden_size=8)
    f = wavecast.Forecaster(**given).fit(df, target="passengers", time="month")
    f.save(tmp_path / "m")
    loaded = wavecast.Forecaster.load(tmp_path / "m")
    assert loaded.get_params() == f.get_params() and repr(loaded) == repr(f)
    clone = type(loaded)(**loaded.get_params(deep=False)).fit(df, target="passengers", time="month")
    assert clone.config_ == f.config_
    np.testing.assert_array_equal(clone.predict(6)["forecast"], f.predict(6)["forecast"])  # bit for bit
    # a model saved without them (wavecast run, or before they were kept): every setting that
    # differs from the defaults comes back from the config it trained with
    path = tmp_path / "m" / "model" / "model.json"
    meta = json.loads(path.read_text())
    del meta["params"]
    meta["meta_sha256"] = _meta_digest(meta)
    path.write_text(json.dumps(meta))
    old = wavecast.Forecaster.load(tmp_path / "m").get_params()
    assert old["direct__max_epochs"] == 2 and old["direct__loss"] == "mse" and old["hidden_size"] == 8
    again = wavecast.Forecaster(**old).fit(df, target="passengers", time="month")
    np.testing.assert_array_equal(again.predict(6)["forecast"], f.predict(6)["forecast"])


def test_wavecast_fit_keeps_overrides_and_a_config_as_keywords(tmp_path):
    from wavecast.config import load as load_config

    cfg = load_config(None, ["train.lr=0.003"])
    s = wavecast.fit(SINE, config=cfg, overrides=["model.hidden_size=4"], **FAST)
    assert s.params["train__lr"] == 0.003 and s.params["model__hidden_size"] == 4 and s.params["epochs"] == 1
    s.save(tmp_path / "m")
    g = wavecast.Forecaster.load(tmp_path / "m")
    assert g.get_params()["train__lr"] == 0.003 and g.get_params()["kind"] == "recursive"
    clone = wavecast.Forecaster(**g.get_params()).fit(SINE)
    assert clone.config_ == s.config
    np.testing.assert_array_equal(clone.predict(5), s.predict(5))


def test_notes_speak_python_and_say_the_capped_horizon_plainly():
    """Was: "...set it with --horizon" and "no frequency: 10 steps would be 10: capped ..."."""
    with pytest.warns(wavecast.WavecastNote) as caught:
        f = wavecast.Forecaster(epochs=2).fit(np.array([3.0, 5, 4, 6, 5]))
    for notes in (f.notes_, [str(w.message) for w in caught if w.category is wavecast.WavecastNote]):
        assert not any("--" in n for n in notes), notes
        assert ("horizon 1 (no frequency: 10 steps, capped at a third of the longest series, 5 points; "
                "set it with horizon=...)") in notes



def test_the_direct_nets_note_names_the_section_keys_given():
    """The README's Forecaster(..., train__lr=1e-3) said "the direct net reads lr=0.001 as lr"
    (train.lr and direct.lr are both the shortcut lr): the keys given and read, in Python's words."""
    with pytest.warns(wavecast.WavecastNote) as caught:
        f = wavecast.Forecaster(train__lr=1e-3, model__cell="gru", epochs=1, horizon=5).fit(SINE)
    said = "the direct net reads model__cell='gru' as direct__cell, train__lr=0.001 as direct__lr"
    assert said in f.notes_ and said in [str(w.message) for w in caught]
    assert (f.config_.direct.lr, f.config_.direct.cell) == (1e-3, "gru")

def test_a_parameter_given_to_fit_is_refused_in_one_line_naming_set_params():
    f = wavecast.Forecaster(**FAST)
    # it was a TypeError "got multiple values for keyword argument 'epochs'" from inside wavecast
    with pytest.raises(ValidationError, match=r"^epochs= is a parameter of the Forecaster, not of fit\(\): give it "
                       r"to Forecaster\(\.\.\.\) or set_params\(\.\.\.\)"):
        f.fit(SINE, epochs=3)
    # and one the Forecaster lacked was trained with, unseen by get_params: a clone trained otherwise
    with pytest.raises(ValidationError, match=r"^train__lr= is a parameter of the Forecaster"):
        f.fit(SINE, train__lr=1e-3)
    assert f.fit(SINE, fill="linear") is f  # the reader's options stay fit()'s
