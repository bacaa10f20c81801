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


# NeuralForecast's and Darts' model and covariate keywords given to fit were told only "unknown
# argument 'hist_exog_list': not a shortcut (...)": each now names wavecast's keyword.
@pytest.mark.parametrize(("name", "value", "said"), [
    ("hist_exog_list", ["x"], "did you mean past=[...] (NeuralForecast's hist_exog_list"),
    ("futr_exog_list", ["x"], "did you mean future=[...] (NeuralForecast's futr_exog_list"),
    ("stat_exog_list", ["x"], "did you mean static=[...] (NeuralForecast's stat_exog_list"),
    ("static_df", None, "did you mean static=[...] (NeuralForecast's static_df"),
    ("past_covariates", None, "did you mean past=[...] (Darts' past_covariates"),
    ("future_covariates", None, "did you mean future=[...] (Darts' future_covariates"),
    ("input_size", 12, "did you mean input_len= (NeuralForecast's input_size)"),
    ("input_chunk_length", 12, "did you mean input_len= (Darts' input_chunk_length)"),
    ("output_chunk_length", 3, "did you mean horizon= (Darts' output_chunk_length)"),
    ("max_steps", 100, "did you mean epochs= (NeuralForecast's max_steps counts batches"),
    ("n_epochs", 2, "did you mean epochs= (Darts' n_epochs)"),
    ("learning_rate", 1e-3, "did you mean lr= (NeuralForecast's learning_rate)"),
    ("random_state", 0, "did you mean seed= (Darts' random_state)"),
    ("encoder_hidden_size", 16, "did you mean hidden_size= (NeuralForecast's encoder_hidden_size)"),
    ("n_rnn_layers", 2, "did you mean num_layers= (Darts' n_rnn_layers)"),
    ("model", "LSTM", "did you mean cell='lstm', 'gru' or 'rnn' (Darts' RNNModel(model='LSTM'))")])
def test_model_and_covariate_names_point_to_wavecasts(name, value, said):
    df = pd.DataFrame({"t": pd.date_range("2020-01-01", periods=60, freq="D"), "y": np.sin(np.arange(60.0))})
    with pytest.raises(ConfigError, match=rf"unknown argument '{name}'.*{re.escape(said)}"):
        wavecast.fit(df, target="y", time="t", **{name: value})


def test_darts_historical_forecasts_names_point_to_wavecasts():
    df = pd.DataFrame({"t": pd.date_range("2020-01-01", periods=60, freq="D"), "y": np.sin(np.arange(60.0))})
    with pytest.raises(ConfigError, match=re.escape("did you mean horizon= (Darts' forecast_horizon)")):
        wavecast.backtest(df, target="y", time="t", origins=2, forecast_horizon=3)
    with pytest.raises(ConfigError, match=re.escape("did you mean refit=True or refit_every=K")):
        wavecast.backtest(df, target="y", time="t", origins=2, retrain=True)


# predict(n=12) (Darts), predict(h=12), num_samples=: "predict() has no keyword n=", no hint
@pytest.mark.parametrize(("name", "said"), [("n", "(did you mean horizon= (Darts' predict(n))?)"),
                                            ("h", "(did you mean horizon= (statsforecast's"),
                                            ("num_samples", "(did you mean level=[80, 95] (bands at these levels, not sample paths"),
                                            ("df", "(did you mean data= (newer history; NeuralForecast's df)?)"),
                                            ("series", "(did you mean data= (newer history; Darts' series)?)"),
                                            ("past_covariates", "(did you mean data= (the history with its past covariates'")])
def test_predict_names_of_other_libraries_point_to_wavecasts(name, said):
    from wavecast.errors import ValidationError

    y = pd.Series(np.sin(np.arange(60.0)), index=pd.date_range("2020-01-01", periods=60, freq="D"))
    f = wavecast.fit(y, horizon=3, epochs=1)
    with pytest.raises(ValidationError, match=rf"^predict\(\) has no keyword {name}= " + re.escape(said)):
        f.predict(3, **{name: 100})


# NeuralForecast's cross_validation(refit=2) retrains every 2 windows; backtest(refit=2) was read as
# refit=True, a refit at every origin, and said nothing
@pytest.mark.parametrize(("refit", "said"), [(2, "refit= is True or False (got 2); to train again every 2 origins "
                                                 "pass refit_every=2 (NeuralForecast's refit=2)"),
                                             (np.int64(3), "pass refit_every=3"),
                                             ("yes", "refit= is True or False (got 'yes'); to train again every K")])
def test_backtest_refit_as_a_count_points_to_refit_every(refit, said):
    from wavecast.errors import ValidationError

    df = pd.DataFrame({"t": pd.date_range("2020-01-01", periods=60, freq="D"), "y": np.sin(np.arange(60.0))})
    with pytest.raises(ValidationError, match=re.escape(said)):
        wavecast.backtest(df, target="y", time="t", origins=4, refit=refit, epochs=1)


# f.cross_validation(df, n_windows=3) (NeuralForecast), model.historical_forecasts(series) (Darts):
# "'SeriesForecaster' object has no attribute 'cross_validation'", wavecast.backtest unnamed
@pytest.mark.parametrize("name", ["cross_validation", "historical_forecasts", "backtest"])
def test_other_libraries_methods_name_wavecast_backtest(name):
    import copy
    import pickle

    y = pd.Series(np.sin(np.arange(60.0)), index=pd.date_range("2020-01-01", periods=60, freq="D"))
    f = wavecast.fit(y, horizon=3, epochs=1)
    est = wavecast.Forecaster(horizon=3, epochs=1)
    for model in (f, est, est.fit(y)):
        with pytest.raises(AttributeError, match=rf"^'\w+' object has no attribute '{name}'; use wavecast\.backtest\("):
            getattr(model, name)
        assert not hasattr(model, name)
    with pytest.raises(AttributeError, match=r"^'SeriesForecaster' object has no attribute 'nothing'$"):
        f.nothing  # noqa: B018
    assert pickle.loads(pickle.dumps(est)).get_params() == est.get_params()
    assert copy.deepcopy(wavecast.Forecaster(horizon=3)).get_params()["horizon"] == 3
