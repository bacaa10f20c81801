"""The console's tables (cli/output.py): which forecaster is marked best."""

from wavecast.cli.output import by_target_table, metrics_table, per_series_table


def _rows(mase_net=3.68):
    # the practitioner round's 8 Australian states with the price index as a driver: the net's
    # pooled MSE the lowest (New South Wales, the largest, decides it), its MASE not
    return {"LSTM": {"mse": 1598.0, "rmse": 40.0, "mae": 31.8, "mase": mase_net},
            "mean": {"mse": 25270.0, "rmse": 159.0, "mae": 114.7, "mase": 8.14},
            "seasonal naive": {"mse": 3357.0, "rmse": 57.9, "mae": 39.3, "mase": 2.81}}


def _marked(text: str) -> list[str]:
    return [line for line in text.splitlines() if "<- best" in line]


def test_many_series_mark_the_best_mase_not_the_largest_series_mse():
    table = metrics_table({"forecasters": _rows(), "n_series": 8})
    [line] = _marked(table)
    assert line.startswith("seasonal naive") and line.endswith("<- best (MASE)")
    # one series: the lowest MSE, as before; many without a MASE for every row: MSE too
    assert _marked(metrics_table({"forecasters": _rows(), "n_series": 1}))[0].startswith("LSTM")
    [line] = _marked(metrics_table({"forecasters": _rows(None), "n_series": 8}))
    assert line.startswith("LSTM") and line.endswith("<- best (MSE)")
    # several targets, each pooled over its series
    text = by_target_table({"by_target": {"takings": {"forecasters": _rows(), "n_series": 8}}})
    assert _marked(text)[0].split()[:2] == ["seasonal", "naive"] and _marked(text)[0].endswith("(MASE)")


def test_one_series_mark_names_its_metric():
    # a bare '<- best' on the lowest MSE sat beside a forecast's held-out line naming its "best
    # baseline" by MASE: two rows called best, read as a contradiction
    [line] = _marked(metrics_table({"forecasters": _rows(), "n_series": 1}))
    assert line.startswith("LSTM") and line.endswith("  <- best (MSE)")
    text = by_target_table({"by_target": {"takings": {"forecasters": _rows(), "n_series": 1}}})
    [line] = _marked(text)
    assert line.split()[1] == "LSTM" and line.endswith("  <- best (MSE)")


def test_several_targets_of_one_series_without_an_id_leave_out_the_blank_series_column():
    # uschange's Consumption and Income (one quarterly series, no id column): a 'series' column
    # of blanks headed the table
    rows = [{"id": f"/{t}", "series": "", "target": t, "mse": {"LSTM": 0.1, "mean": 0.05}}
            for t in ("Consumption", "Income")]
    head, _, first, second = per_series_table({"all_series": {"per_series": rows}}).splitlines()
    assert head.split()[:2] == ["target", "(MSE)"] and first.split()[0] == "Consumption"
    assert second.split() == ["Income", "0.1", "0.05"]
    rows[1]["series"] = "b"  # with ids the column stays
    assert per_series_table({"all_series": {"per_series": rows}}).split()[:3] == ["series", "target", "(MSE)"]
