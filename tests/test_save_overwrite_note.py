"""save(overwrite=True) says what went with the folder it replaced, as `wavecast run --overwrite`
does: it replaced a forecast written into the folder (the README's way) without a word."""

import warnings

import numpy as np
import pytest

import wavecast
from wavecast.cli import main


@pytest.fixture(scope="module")
def fitted():
    return wavecast.fit(np.sin(np.arange(60) / 3), input_len=5, horizon=2, test_len=2, epochs=1,
                        overrides=["model.hidden_size=2"])


def _notes(call) -> list[str]:
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        call()
    notes = [w for w in seen if issubclass(w.category, wavecast.WavecastNote)]
    assert all(w.filename == __file__ for w in notes)  # pointed at the caller's line
    return [str(w.message) for w in notes]


def test_save_over_a_folder_with_a_forecast_in_it_names_what_went(fitted, tmp_path, capsys):
    out = tmp_path / "saved"
    assert _notes(lambda: fitted.save(out)) == []  # a new folder: nothing replaced, nothing said
    assert main(["forecast", str(out), "--out", str(out / "forecast.csv"), "--quiet"]) == 0
    assert {"forecast.csv", "forecast_plot.png"} <= {p.name for p in out.iterdir()}
    notes = _notes(lambda: fitted.save(out, overwrite=True))
    assert notes == [f"{out} was replaced whole: forecast.csv, forecast_plot.png, written there before "
                     "(from the old run), went with it"]
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["model"]
    # the model alone replaced by a model: nothing of the folder's went, nothing said (as the CLI)
    assert _notes(lambda: fitted.save(out, overwrite=True)) == []


def test_save_over_a_cli_run_names_the_runs_files(fitted, tmp_path):
    run = tmp_path / "run"
    assert main(["demo", "--out", str(run), "--quiet", "--set", "train.epochs=1", "--set", "model.hidden_size=2"]) == 0
    old = sorted(p.name for p in run.iterdir() if not p.name.startswith(".") and p.name != "model")
    (note,) = _notes(lambda: fitted.save(run, overwrite=True))
    assert note.startswith(f"{run} was replaced whole: ") and note.endswith("went with it")
    shown = note.split(": ", 1)[1].split(", written there before")[0]
    assert shown == ", ".join(old[:5]) + (f" and {len(old) - 5} more" if len(old) > 5 else "")
    assert {"metrics.json", "report.html"} <= set(old)  # a run's own files, not a model's


def test_every_note_points_at_the_users_line_through_the_estimator_too(tmp_path):
    """Forecaster wraps fit, predict and save in calls of its own: a note still names this file
    (it named estimator.py, or series_forecaster.py, when a fixed stacklevel counted frames)."""
    f = wavecast.Forecaster(input_len=5, horizon=2, test_len=2, epochs=1, model__hidden_size=2)
    y = np.sin(np.arange(60) / 3)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        f.fit(y)
        f.save(tmp_path / "m")
        assert main(["forecast", str(tmp_path / "m"), "--out", str(tmp_path / "m" / "forecast.csv"), "--quiet"]) == 0
        f.save(tmp_path / "m", overwrite=True)
    notes = [w for w in seen if issubclass(w.category, wavecast.WavecastNote)]
    assert any("replaced whole" in str(w.message) for w in notes)
    assert {w.filename for w in notes} == {__file__}
