"""wavecast.load(folder) gives wavecast.fit's model, which had no get_params: the scikit-learn
style refit of a loaded model, wavecast.Forecaster(**m.get_params()) or sklearn.base.clone(m),
failed in a bare AttributeError (clone: SeriesForecaster(**params), a TypeError). It gives the
keywords it was fitted with, and clone gives the unfitted estimator of them."""

import json

import numpy as np

import wavecast

SINE = np.sin(2 * np.pi * np.arange(120) / 20)
FAST = dict(kind="recursive", hidden_size=3, epochs=1, input_len=20, horizon=4, test_len=4, seed=2)


def test_a_loaded_models_params_refit_as_it_trained(tmp_path):
    m = wavecast.fit(SINE, train__lr=0.003, **FAST)
    m.save(tmp_path / "m")
    loaded = wavecast.load(tmp_path / "m")
    assert loaded.get_params() == {**FAST, "train__lr": 0.003} == m.get_params()
    again = wavecast.Forecaster(**loaded.get_params()).fit(SINE)
    assert again.config_ == m.config
    np.testing.assert_array_equal(again.predict(4), m.predict(4))
    # sklearn.base.clone calls __sklearn_clone__ (scikit-learn >= 1.3): an unfitted Forecaster
    clone = loaded.__sklearn_clone__()
    assert isinstance(clone, wavecast.Forecaster) and not hasattr(clone, "forecaster_")
    assert clone.get_params()["train__lr"] == 0.003 and clone.get_params()["hidden_size"] == 3


def test_a_model_saved_without_its_keywords_gives_its_configs(tmp_path):
    from wavecast.io.modelformat import _meta_digest

    wavecast.fit(SINE, model__dropout=0.0, num_layers=2, **FAST).save(tmp_path / "m")
    path = tmp_path / "m" / "model" / "model.json"
    meta = json.loads(path.read_text())
    del meta["params"]  # as `wavecast run` saves it
    meta["meta_sha256"] = _meta_digest(meta)
    path.write_text(json.dumps(meta))
    params = wavecast.load(tmp_path / "m").get_params()
    assert params["num_layers"] == 2 and params["hidden_size"] == 3 and params["seed"] == 2
    assert params == {k: v for k, v in wavecast.Forecaster.load(tmp_path / "m").get_params().items()
                      if v is not None}
