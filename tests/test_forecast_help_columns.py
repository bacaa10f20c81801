"""`wavecast forecast --help` names the table's columns as they are written: it said '(id, time,
forecast)', where the file holds the data's own id and time columns (sku, month), a target column
with several targets, lo-80/hi-80 with --level and a column a baseline with --baselines."""

from __future__ import annotations

from wavecast.cli import main


def test_forecast_help_names_the_columns_it_writes(capsys):
    assert main(["forecast", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "(id, time, forecast)" not in text
    for said in ("the data's id and time columns", "a target column with several targets",
                 "lo-L and hi-L at the levels the model was calibrated at", "a column a baseline with --baselines"):
        assert said in text, text
