"""Issue 18, item 8 (part): the report's title, diagnostics as sentences, no noise-floor row or
[signal] section for file data; the many-series forecast plot says how many series it draws."""

from pathlib import Path

import numpy as np

from wavecast.cli import main

AIR = str(Path(__file__).parents[1] / "examples" / "air_passengers.csv")


def test_file_run_report_is_titled_by_its_file_and_speaks_in_sentences(tmp_path):
    out = tmp_path / "r"
    assert main(["run", "--data", AIR, "--time", "month", "--horizon", "6", "--out", str(out), "--quiet",
                 "--set", "direct.max_epochs=1"]) == 0
    page = (out / "report.html").read_text()
    assert "<title>wavecast report: air_passengers.csv</title>" in page
    assert "noise floor" not in page and "&quot;signal&quot;" not in page
    # a direct run's config: [direct] whole, [model] and [train] only where the direct net reads them
    assert "&quot;max_epochs&quot;" in page and "&quot;rollout_steps&quot;" not in page
    assert "&quot;hidden_size&quot;: 50" not in page and "&quot;device&quot;" in page
    assert '"diagnostics"' not in page and "&quot;advice&quot;" not in page
    if "<h2>Diagnostics</h2>" in page:
        assert "Try: " in page


def test_named_runs_keep_their_name(tmp_path):
    out = tmp_path / "d"
    assert main(["demo", "--out", str(out), "--quiet", "--set", "train.epochs=1", "--set", "model.hidden_size=4"]) == 0
    page = (out / "report.html").read_text()
    assert "<h1>wavecast report: demo</h1>" in page and "noise floor" in page and "&quot;signal&quot;" in page
    assert "&quot;rollout_steps&quot;" in page and "&quot;direct&quot;" not in page  # recursive: no [direct]


def test_future_figure_says_how_many_series_it_draws(tmp_path, monkeypatch):
    import matplotlib.axes
    import matplotlib.figure

    from wavecast.report import figures

    titles = []
    orig = matplotlib.axes.Axes.set_title
    monkeypatch.setattr(matplotlib.axes.Axes, "set_title", lambda self, t, *a, **k: (titles.append(t), orig(self, t, *a, **k))[1])
    sup = matplotlib.figure.FigureBase.suptitle
    monkeypatch.setattr(matplotlib.figure.FigureBase, "suptitle", lambda self, t, *a, **k: (titles.append(t), sup(self, t, *a, **k))[1])
    hist = [(np.arange(10), np.ones(10))] * 12
    fut = [(np.arange(10, 13), np.ones(3))] * 12
    figures.future_figure(tmp_path / "f.png", hist, fut, [f"s{i}" for i in range(12)], title="y: 3-step forecast")
    # a panel a series (titled by its id), the figure's title saying how many were drawn
    assert titles == [*(f"s{i}" for i in range(8)), "y: 3-step forecast (8 of 12 series drawn)"]


def test_loss_caption_says_what_the_run_had():
    from wavecast.report.html import _loss_caption

    assert _loss_caption({"train_loss": [1.0, 0.5], "val_loss": []}).startswith("Training loss by epoch")
    assert _loss_caption({"train_loss": [1.0], "val_loss": [0.9]}).startswith("Training and validation")
    assert _loss_caption({"train_loss": [float("nan")], "val_loss": [0.9]}).startswith("Validation loss")
