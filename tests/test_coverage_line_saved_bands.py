"""wavecast forecast's line on how the net's bands held its held-out end says how the bands it
writes differ from those scored: a user round's sunspot.month model (one series) printed 'its 80%
and 95% bands covered 27.8% and 83.3% of 18 points' beside bands the saved model had widened
2.24x by those very errors (metrics.json intervals.saved.stretch), read as the bands written."""

from wavecast.evaluate.held_out import held_out_coverage_line


def _metrics(saved):
    return {
        "baselines": {"names": ["mean"]},
        "intervals": {"saved": saved},
        "forecasters": {
            "LSTM": {"mase": 1.1, "intervals": {"80": {"coverage": 0.278, "n": 18}}},
            "mean": {"mase": 0.5},
        },
    }


def test_widened_bands_are_said_widened():
    said = held_out_coverage_line(_metrics({"source": "in-sample", "stretch": 2.2375}), (80.0,))
    assert said == (
        "on its held-out end, its 80% bands covered 27.8% of 18 points; the bands written here "
        "are those widened 2.24x by its errors there"
    )


def test_held_out_quantiles_are_said_and_unwidened_bands_say_nothing_more():
    said = held_out_coverage_line(_metrics({"source": "held-out"}), (80.0,))
    assert said.endswith(
        "of 18 points; the bands written here take their quantiles from its errors there"
    )
    assert held_out_coverage_line(_metrics({"source": "in-sample"}), (80.0,)) == (
        "on its held-out end, its 80% bands covered 27.8% of 18 points"
    )
