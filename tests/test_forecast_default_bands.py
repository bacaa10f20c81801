"""`wavecast forecast` carries the model's own prediction intervals when --level is not given (a
forecast is read beside its uncertainty, as run's future.png draws it): the same bands --level
80,95 gives, none with `--level none`, and none with a note when the horizon runs past the steps
they were calibrated on. It wrote the point forecast alone unless --level was given."""

import numpy as np
import pandas as pd
import pytest

from wavecast.cli import main

FAST = ["--set", "train.epochs=2", "--set", "model.hidden_size=6", "--set", "window.input_len=12",
        "--set", "window.horizon=6", "--set", "window.test_len=6", "--quiet"]


def _run(root, *extra) -> str:
    t = pd.date_range("2020-01-05", periods=60, freq="W-SUN")
    df = pd.DataFrame({"week": t.strftime("%Y-%m-%d"), "sold": 100 + 5 * np.sin(np.arange(60) / 2)})
    data = root / "sales.csv"
    df.to_csv(data, index=False)
    out = root / "run"
    assert main(["run", "--data", str(data), "--target", "sold", "--time", "week", "--out", str(out),
                 *FAST, *extra]) == 0
    return str(out)


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    return _run(tmp_path_factory.mktemp("bands"))


def test_the_default_forecast_has_the_models_own_bands(model, tmp_path):
    default, asked = tmp_path / "d.csv", tmp_path / "a.csv"
    assert main(["forecast", model, "--out", str(default), "--quiet"]) == 0
    assert main(["forecast", model, "--out", str(asked), "--level", "80,95", "--quiet"]) == 0
    d, a = pd.read_csv(default), pd.read_csv(asked)
    assert list(d.columns) == ["week", "forecast", "lo-80", "hi-80", "lo-95", "hi-95"] and len(d) == 6
    pd.testing.assert_frame_equal(d, a)  # the same bands as asking for the model's levels
    assert (d["lo-95"] <= d["lo-80"]).all() and (d["lo-80"] <= d["hi-80"]).all() and (d["hi-80"] <= d["hi-95"]).all()


def test_level_none_leaves_the_bands_out(model, tmp_path):
    out = tmp_path / "n.csv"
    assert main(["forecast", model, "--out", str(out), "--level", "none", "--quiet"]) == 0
    assert list(pd.read_csv(out).columns) == ["week", "forecast"]


def test_a_horizon_past_the_calibrated_one_has_no_bands_and_says_why(model, tmp_path, capsys):
    out = tmp_path / "long.csv"
    assert main(["forecast", model, "--out", str(out), "--horizon", "9"]) == 0
    said = capsys.readouterr().out
    assert list(pd.read_csv(out).columns) == ["week", "forecast"]
    assert "no prediction intervals: they were calibrated up to 6 steps" in said and "--horizon 6 gives them" in said
    # asked for, the same horizon is refused as before (one line, exit 2)
    assert main(["forecast", model, "--out", str(out), "--horizon", "9", "--level", "80", "--quiet"]) == 2


def test_a_model_without_intervals_forecasts_without_them_and_without_a_note(tmp_path, capsys):
    model = _run(tmp_path, "--set", "eval.levels=")
    out = tmp_path / "f.csv"
    capsys.readouterr()
    assert main(["forecast", model, "--out", str(out)]) == 0
    assert list(pd.read_csv(out).columns) == ["week", "forecast"]
    assert "prediction intervals" not in capsys.readouterr().out


def test_the_forecast_says_how_often_its_bands_held_the_held_out_end(model, tmp_path, capsys):
    import json
    from pathlib import Path

    capsys.readouterr()
    assert main(["forecast", model, "--out", str(tmp_path / "c.csv")]) == 0
    said = capsys.readouterr().out.splitlines()
    metrics = json.loads((Path(model) / "metrics.json").read_text())
    cov = metrics["forecasters"]["LSTM"]["intervals"]
    want = (f"on its held-out end, its 80% and 95% bands covered {cov['80']['coverage']:.1%} and "
            f"{cov['95']['coverage']:.1%} of {cov['80']['n']} points")
    k = metrics["intervals"]["saved"].get("stretch")  # the bands written: widened by the held-out errors
    if k:
        want += f"; the bands written here are those widened {k:.2f}x by its errors there"
    assert want in said, said
    assert main(["forecast", model, "--out", str(tmp_path / "n.csv"), "--level", "none"]) == 0
    assert "bands covered" not in capsys.readouterr().out  # no bands, no word of them


def test_the_coverage_line_reads_each_target_and_skips_levels_never_scored():
    from wavecast.evaluate.held_out import held_out_coverage_line

    def scores(c80):
        return {"forecasters": {"GRU": {"mase": 0.9, "intervals": {"80": {"coverage": c80, "n": 12}}},
                                "mean": {"mase": 1.1}}}

    one = {"baselines": {"names": ["mean"]}, **scores(0.75)}
    assert held_out_coverage_line(one, (80.0,)) == "on its held-out end, its 80% bands covered 75.0% of 12 points"
    assert held_out_coverage_line(one, (50.0,)) is None and held_out_coverage_line(one, ()) is None
    two = {"baselines": {"names": ["mean"]}, "targets": ["b", "a"], "by_target": {"a": scores(0.5), "b": scores(1.0)}}
    assert held_out_coverage_line(two, (80.0,)) == ("on its held-out end, by target: b: 80% bands covered 100.0% "
                                                   "of 12 points; a: 80% bands covered 50.0% of 12 points")


def test_json_gives_the_coverage_of_the_bands_it_wrote(model, tmp_path, capsys):
    import json
    from pathlib import Path

    capsys.readouterr()
    assert main(["forecast", model, "--out", str(tmp_path / "j.csv"), "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    cov = json.loads((Path(model) / "metrics.json").read_text())["forecasters"]["LSTM"]["intervals"]
    assert got["held_out_coverage"] == {k: {"coverage": cov[k]["coverage"], "n": cov[k]["n"]} for k in ("80", "95")}
    assert "lo-95" in got["forecast"][0]
    assert main(["forecast", model, "--out", str(tmp_path / "k.csv"), "--json", "--level", "none"]) == 0
    assert json.loads(capsys.readouterr().out)["held_out_coverage"] is None
