import numpy as np
import pytest

from wavecast.errors import ValidationError
from wavecast.evaluate.metrics import mase, naive_scale, score, smape


def test_score_overall_and_by_lead():
    truth = np.zeros((2, 3, 1))
    pred = np.array([1.0, 2.0, 3.0])[None, :, None].repeat(2, axis=0)
    s = score(pred, truth, scale=2.0)
    assert s["mse"] == pytest.approx((1 + 4 + 9) / 3)
    assert s["by_lead"]["mse"] == pytest.approx([1, 4, 9])
    assert s["mae"] == pytest.approx(2.0) and s["mase"] == pytest.approx(1.0)
    assert s["by_lead"]["rmse"] == pytest.approx([1, 2, 3])
    with pytest.raises(ValidationError, match="does not match"):
        score(pred, truth[:, :2])


def test_smape_and_mase_edges():
    assert smape(np.zeros(3), np.zeros(3)) == 0
    assert smape(np.array([1.0]), np.array([-1.0])) == pytest.approx(200)
    assert naive_scale(np.array([0.0, 1, 0, 1]), period=2) == 0
    assert np.isinf(mase(np.ones(2), np.zeros(2), 0.0))


def test_per_origin_tolerance_and_divergence_horizon():
    from wavecast.evaluate.metrics import divergence_horizon, evaluate, per_origin, tolerance

    truth = np.zeros((2, 4, 1))
    pred = np.stack([np.full((4, 1), 1.0), np.full((4, 1), 3.0)])
    assert per_origin(pred, truth) == {"mse": [1.0, 9.0], "mae": [1.0, 3.0]}
    assert tolerance(np.array([0.0, 2.0]), 1e-3) == pytest.approx(1e-3)  # variance 1
    assert tolerance(np.ones(5), 1e-3) > 0  # a constant series still gets a floor
    err, ref = [0.1, 0.2, 0.5, 0.9], [0.3, 0.3, 0.3, 0.3]
    assert divergence_horizon(err, ref) == 3  # 1-based: lead 3 is the first above
    assert divergence_horizon(err, ref, tol=0.7) is None
    assert divergence_horizon(err, ref, threshold=0.15) == 2
    assert divergence_horizon(err) is None
    ev = evaluate({"net": pred, "last value": np.ones_like(pred)}, truth)
    assert ev["divergence_horizon"] == {"net": 1, "last value": None}
    assert ev["forecasters"]["net"]["per_origin"]["mse"] == [1.0, 9.0]
