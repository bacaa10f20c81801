"""Bands clearly wider than their level are named, as bands clearly narrower are.

R's EuStockMarkets DAX (`wavecast backtest --origins 100 --stride 10 --level 80,95`, bands
widened 2.15x by the 10 errors before the first origin) covered 97.3% / 99.9% with the LSTM's 80%
/ 95% bands over 100 independent origins, and nothing said so: only under-coverage had a note.
The over-coverage note fires above p + 2 se (a t quantile for few units), se the largest of the
coverage's own, the one a band scaled to cover exactly p would have on these truths, and the
binomial one, from 10 units up.
"""

from statistics import NormalDist

import numpy as np

from wavecast.evaluate.band_scores import score_all
from wavecast.evaluate.interval_metrics import attach, coverage_notes, without_coverage_notes
from wavecast.forecasters.conformal import Conformal

OVER = "intervals over-cover the test"


class _Scaled(Conformal):
    """Bands k times as wide as exact ones for N(0, sd) errors (sd per lead), around any forecast."""

    def __init__(self, k=1.0, sd=None, stretch=None):
        self.k, self.sd = k, sd
        self.method, self.levels, self.origins_used_, self.n_origins, self.n_ = "signed", (80, 95), None, 10, 100
        if stretch:
            self.stretch_ = stretch

    def bands(self, point, series=None, levels=()):
        sd = 1.0 if self.sd is None else self.sd
        z = {lv: NormalDist().inv_cdf(0.5 + lv / 200) * self.k * sd for lv in levels}
        return {lv: (point - z[lv], point + z[lv]) for lv in levels}


def _panel(seed, rows=200, horizon=8, walk=False):
    e = np.random.default_rng(seed).standard_normal((rows, horizon, 1))
    return np.cumsum(e, axis=1) if walk else e


def _over(truth, conf, origins=None, levels=(80, 95)):
    """The over-coverage notes a run's metrics get (interval_metrics.attach) for these bands."""
    rows = np.arange(len(truth)) if origins is None else np.zeros(len(truth), dtype=int)
    scales = np.ones(len(truth))
    scores = score_all({"x": np.zeros_like(truth)}, truth, rows, {"x": conf}, levels, scales, origins)
    metrics = {"forecasters": {"x": {"mse": 1.0}}, "horizon": truth.shape[1], "notes": []}
    attach(metrics, scores, {"x": conf}, len(truth))
    return [n for n in metrics["notes"] if n.startswith(OVER)], scores


def test_bands_too_wide_are_named_with_their_coverage():
    for k in (1.5, 2.0):
        (note,), scores = _over(_panel(0), _Scaled(k))
        cov = scores["x"]["80"]["coverage"]
        assert cov > 0.93 and f"x 80%: {100 * cov:.1f}%" in note and "x 95%" in note
        assert "each over 2 standard errors above its level" in note and "lower level" in note


def test_exact_bands_are_rarely_called_too_wide():
    fired = sum(bool(_over(_panel(s), _Scaled(1.0))[0]) for s in range(100))
    assert fired <= 8  # 5; two levels, each about 1 in 40 by design
    sd = np.sqrt(np.arange(1, 25))[None, :, None]  # one series, 10 random-walk origins of 24: few units
    fired = sum(bool(_over(_panel(s, 10, 24, walk=True), _Scaled(1.0, sd))[0]) for s in range(100))
    assert fired <= 12  # 9; the coverage's own se alone (0 when every truth is inside) and 2: 32 of 100


def test_a_95_band_covering_every_one_of_30_points_is_no_evidence():
    truth = np.zeros((30, 1, 1))  # 30 points inside: 0.95^30 = 21% for a band that is right
    notes, scores = _over(truth, _Scaled(1.0), levels=(95,))
    assert scores["x"]["95"]["coverage"] == 1.0 and scores["x"]["95"]["units"] == 30 and notes == []


def test_overlapping_origins_count_as_one_unit_for_the_over_coverage_too():
    x = np.random.default_rng(3).standard_normal(19 + 12)  # 20 origins 1 apart, horizon 12: 2 units
    truth = np.array([x[o: o + 12] for o in range(20)])[..., None]
    notes, scores = _over(truth, _Scaled(3.0), origins=np.arange(20))
    assert scores["x"]["80"]["coverage"] == 1.0 and scores["x"]["80"]["units"] == 2 and notes == []


def test_the_under_coverage_note_alone_stays_as_it_was():
    truth = _panel(2)
    scores = score_all({"x": np.zeros_like(truth)}, truth, np.arange(200), {"x": _Scaled(2.0)}, (80, 95),
                       np.ones(200))
    assert coverage_notes(scores, 8) == []  # over-wide bands: the under-coverage note's function says nothing


def test_the_note_names_the_widening_and_is_replaced_with_the_backtests_notes():
    truth = _panel(1)
    conf = _Scaled(1.0, stretch=2.15)  # exact bands, but scored as k = 2.15 below
    metrics = {"forecasters": {"LSTM": {"mse": 1.0}}, "horizon": 8, "notes": []}
    scores = score_all({"LSTM": np.zeros_like(truth)}, truth, np.arange(200), {"LSTM": _Scaled(2.15)}, (80, 95),
                       np.ones(200))
    attach(metrics, scores, {"LSTM": conf}, 200)
    (note,) = [n for n in metrics["notes"] if n.startswith(OVER)]
    assert "LSTM 80%" in note and "widened by the errors of one short stretch the model never saw (LSTM 2.15x)" in note
    assert without_coverage_notes(metrics["notes"]) == []
