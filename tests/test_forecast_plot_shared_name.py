"""forecast --out NAME.parquet drew its plot to NAME_plot.png, the plot of a NAME.csv beside it:
the CSV's plot was replaced by one of another forecast (and had to vouch for the CSV still, or
the next `forecast --out NAME.csv` was refused as 'not a forecast wavecast wrote (or was changed
since)'). A Parquet table's plot is now NAME_plot.parquet.png; NAME.csv's stays NAME_plot.png."""

from wavecast.cli import main
from wavecast.io.own_files import foreign_files


def test_a_parquet_forecast_leaves_the_plot_of_its_csv_twin_alone(run_dir, tmp_path):
    here = tmp_path / "out"
    csv, parquet, png = here / "fc.csv", here / "fc.parquet", here / "fc_plot.png"
    assert main(["forecast", str(run_dir), "--horizon", "3", "--out", str(csv), "--quiet"]) == 0
    csv_plot = png.read_bytes()
    assert main(["forecast", str(run_dir), "--horizon", "5", "--out", str(parquet), "--quiet"]) == 0
    assert png.read_bytes() == csv_plot  # was: redrawn with the Parquet table's 5 steps
    assert (here / "fc_plot.parquet.png").is_file()
    assert sorted(p.name for p in here.iterdir()) == ["fc.csv", "fc.parquet", "fc_plot.parquet.png", "fc_plot.png"]
    assert foreign_files(here) == []  # all four wavecast's, for a run's --overwrite
    assert main(["forecast", str(run_dir), "--horizon", "4", "--out", str(csv), "--quiet"]) == 0
    # a CSV of the user's beside it is not made wavecast's by the Parquet forecast's plot
    csv.write_text("week,forecast\n1,2\n")
    assert main(["forecast", str(run_dir), "--horizon", "3", "--out", str(parquet), "--quiet"]) == 0
    assert foreign_files(here) == ["fc.csv"]
    assert main(["forecast", str(run_dir), "--horizon", "3", "--out", str(csv), "--quiet"]) == 2
    assert csv.read_text() == "week,forecast\n1,2\n" and png.exists()


def test_no_parquet_plot_is_a_csvs():
    from wavecast.io.forecastfile import plot_path

    names = ["a.csv", "a.CSV", "a.parquet", "a.Parquet", "a.parquet.csv", "a_parquet.csv", "a_plot.parquet.csv",
             "a_plot.csv", "a.csv.parquet"]
    plots = {n: plot_path(n).name for n in names}
    assert plots["a.csv"] == "a_plot.png" and plots["a.parquet"] == "a_plot.parquet.png"
    parquet = {plots[n] for n in names if n.lower().endswith(".parquet")}
    csv = {plots[n] for n in names if not n.lower().endswith(".parquet")}
    assert not parquet & csv and len(parquet) == 3
