"""benchmarks.bands_vs_ets's interval score (Winkler's) on a hand case; no fitting, no statsforecast."""

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # benchmarks/ is a top-level package beside src/

from benchmarks.bands_vs_ets import interval_score  # noqa: E402


def test_interval_score_is_width_plus_two_over_alpha_times_the_miss():
    y = np.array([0.0, 5.0, 12.0])
    lo, hi = np.full(3, 2.0), np.full(3, 10.0)
    # width 8; below by 2 and above by 2 each cost 2/alpha * 2: 40 * 2 at 95%, 10 * 2 at 80%
    np.testing.assert_allclose(interval_score(y, lo, hi, 95), [88.0, 8.0, 88.0])
    np.testing.assert_allclose(interval_score(y, lo, hi, 80), [28.0, 8.0, 28.0])
