"""One conformance suite over every forecaster: the contract in wavecast/forecasters/contract.py."""

import numpy as np
import pytest
import torch

from wavecast.config import ModelConfig
from wavecast.data.signals import sine
from wavecast.errors import NotFittedError
from wavecast.forecasters.baselines import LastValue, LinearAR, MeanForecast, SeasonalNaive
from wavecast.forecasters.contract import Forecaster
from wavecast.forecasters.net import NetForecaster
from wavecast.forecasters.theta import Theta
from wavecast.models.recurrent import build_model
from wavecast.reference.forecaster import ReferenceForecaster


def _net():
    torch.manual_seed(0)
    return NetForecaster(build_model(ModelConfig(hidden_size=4), input_size=1), None, input_len=12)


MAKERS = {
    "net": _net,
    "reference": lambda: ReferenceForecaster("gru", 4, input_len=12, epochs=2, rng=np.random.default_rng(0)),
    "mean": MeanForecast,
    "last value": LastValue,
    "seasonal naive": lambda: SeasonalNaive(10),
    "linear AR": lambda: LinearAR(3),
    "theta": lambda: Theta(10),
}
SERIES = [sine(120, 10)[:, None] + 0.1 * k for k in range(3)]  # three series, (N, 1) each


def _contexts(f, n=40):
    n = f.context_len or n
    return np.stack([s[-n:] for s in SERIES])  # (3, n, 1): one context a series


@pytest.mark.parametrize("kind", MAKERS)
def test_every_forecaster_keeps_the_contract(kind):
    f = MAKERS[kind]()
    assert isinstance(f, Forecaster)
    assert f.context_len is None or (isinstance(f.context_len, int) and f.context_len >= 1)
    train = SERIES[:1] if kind == "reference" else SERIES  # the reference fits one series
    assert f.fit(train) is f
    ctx = _contexts(f)[: len(train)]
    before = ctx.copy()
    a = f.predict(ctx, 7)
    assert a.shape == (len(train), 7, 1) and np.isfinite(a).all()
    np.testing.assert_array_equal(ctx, before)  # the context is never changed
    np.testing.assert_array_equal(f.predict(ctx, 7), a)  # the same call, the same numbers
    # `series` picks each row's fitted series: one series' context twice gives its row twice
    rows = np.zeros(2, dtype=int)
    b = f.predict(np.repeat(ctx[:1], 2, axis=0), 7, series=rows)
    np.testing.assert_array_equal(b[1], b[0])  # two rows of one call: one kernel, the same bits
    # A batch of two may take another BLAS kernel than a batch of one (a matrix product against a
    # matrix-vector one): the NumPy reference's last bits differed by 4e-17 on an AVX2 EPYC. A row
    # forecast in another series' terms would be off by the series' 0.1 spacing, far beyond this.
    np.testing.assert_allclose(b[0], a[0], rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("kind", MAKERS)
def test_predict_before_fit_fails_clearly(kind):
    f = MAKERS[kind]()
    with pytest.raises(NotFittedError, match="not fitted"):
        f.predict(_contexts(f), 3)


@pytest.mark.parametrize("kind", ["mean", "linear AR", "theta", "net"])
def test_what_is_learned_per_series_stays_with_its_series(kind):
    """Fitted on three series of different levels, each row is forecast in its own series' terms."""
    f = MAKERS[kind]().fit(SERIES)
    ctx = _contexts(f)
    both = f.predict(ctx, 5)
    for i in range(3):
        alone = f.predict(ctx[i : i + 1], 5, series=[i])
        np.testing.assert_allclose(alone[0], both[i], rtol=1e-6, atol=1e-9)
    assert not np.allclose(both[0], both[2])  # levels 0.0 and 0.2 apart: different forecasts
