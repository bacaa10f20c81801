"""The line under a scores table that marks no best names each tied figure truly. `wavecast demo`
printed `no '<- best': LSTM, seasonal naive, linear AR(2), theta tie at the lowest MSE (3.188e-29)`
under an LSTM row of MSE 4.56e-06: they tie as exact (each under the run's tolerance of 0), and
3.188e-29 was theta's figure, not the LSTM's."""

from wavecast.cli.output import metrics_table, tied_best

DEMO = {"LSTM": {"mse": 4.56e-06}, "mean": {"mse": 0.5}, "last value": {"mse": 0.5245},
        "seasonal naive": {"mse": 4.793e-29}, "linear AR(2)": {"mse": 1.432e-26}, "theta": {"mse": 3.188e-29}}


def test_a_tie_within_the_tolerance_gives_the_range_and_the_tolerance():
    table = metrics_table({"forecasters": DEMO, "tolerance": {"mse": 5e-4}})
    line = table.splitlines()[-1]
    assert line.startswith("no '<- best': LSTM, seasonal naive, linear AR(2), theta tie as exact"), line
    assert "(MSE 3.188e-29 to 4.56e-06, each under the run's tolerance of 0.0005)" in line, line
    assert "tie at the lowest MSE (3.188e-29)" not in table


def test_figures_that_print_the_same_keep_the_lowest_figure():
    rows = {"net": {"mse": 0.0}, "naive": {"mse": 0.0}, "ar": {"mse": 1.0}}
    assert tied_best(rows, 1, 1e-9) == "no '<- best': net, naive tie at the lowest MSE (0)"
