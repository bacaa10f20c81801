"""The held-out coverage line beside a forecast's bands lists three or more levels as a list:
`wavecast forecast --level 50,80,95,99` (R's discoveries) printed 'its 50% and 80% and 95% and 99%
bands covered 0.0% and 33.3% and 100.0% and 100.0% of 6 points'."""

from wavecast.evaluate.held_out import held_out_coverage_line


def _metrics(covered: dict) -> dict:
    bands = {k: {"coverage": c, "n": 6} for k, c in covered.items()}
    return {"baselines": {"names": ["mean"]},
            "forecasters": {"LSTM": {"mase": 1.0, "intervals": bands}, "mean": {"mase": 1.2}}}


def test_four_levels_read_as_a_list_and_two_as_before():
    m = _metrics({"50": 0.0, "80": 2 / 6, "95": 1.0, "99": 1.0})
    assert held_out_coverage_line(m, (50.0, 80.0, 95.0, 99.0)) == (
        "on its held-out end, its 50%, 80%, 95% and 99% bands covered 0.0%, 33.3%, 100.0% and 100.0% of 6 points")
    assert held_out_coverage_line(m, (80.0, 95.0)) == (
        "on its held-out end, its 80% and 95% bands covered 33.3% and 100.0% of 6 points")
