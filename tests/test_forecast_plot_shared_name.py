"""forecast --out NAME.parquet draws its plot to NAME_plot.png, the PNG by which wavecast knows a
NAME.csv beside it for its own forecast (its SHA-256 in the PNG). Redrawn, it no longer named the
CSV: the next `forecast --out NAME.csv` was refused as 'not a forecast wavecast wrote (or was
changed since)', though no one had changed it (a user round writing fc_emp.csv, then
fc_emp.parquet). The Parquet forecast's plot now vouches for the CSV still."""

from wavecast.cli import main
from wavecast.io.own_files import foreign_files


def test_a_parquet_forecast_keeps_its_csv_twin_known_for_wavecasts(run_dir, tmp_path):
    here = tmp_path / "out"
    csv, parquet, png = here / "fc.csv", here / "fc.parquet", here / "fc_plot.png"
    assert main(["forecast", str(run_dir), "--horizon", "3", "--out", str(csv), "--quiet"]) == 0
    assert main(["forecast", str(run_dir), "--horizon", "5", "--out", str(parquet), "--quiet"]) == 0
    assert foreign_files(here) == []  # fc.csv too is wavecast's, for a run's --overwrite
    assert main(["forecast", str(run_dir), "--horizon", "4", "--out", str(csv), "--quiet"]) == 0
    # a CSV of the user's beside it is not made wavecast's by the Parquet forecast's plot
    csv.write_text("week,forecast\n1,2\n")
    assert main(["forecast", str(run_dir), "--horizon", "3", "--out", str(parquet), "--quiet"]) == 0
    assert foreign_files(here) == ["fc.csv"]
    assert main(["forecast", str(run_dir), "--horizon", "3", "--out", str(csv), "--quiet"]) == 2
    assert csv.read_text() == "week,forecast\n1,2\n" and png.exists()
