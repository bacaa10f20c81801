"""Issue 18, point 10 (the rest): legends beside the axes, never over the data; no tick label
clipped; history and forecast lines joined; titles from the data file and which series of how
many; a linear axis within a decade; lead-time captions that say what they rest on; the saved
model's forecast past the end of the data, with its bands, in the report (the same numbers as
`predict`)."""

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.cli import main
from wavecast.report import figures, pyplot_png

AIR = str(Path(__file__).parents[1] / "examples" / "air_passengers.csv")
TINY = ["--time", "month", "--horizon", "6", "--quiet", "--set", "direct.max_epochs=2", "--set",
        "direct.hidden_size=4"]
MONTHS = pd.date_range("1990-01-01", periods=60, freq="MS").to_numpy()


def _draw_all(tmp_path):
    y = 100 + 50 * np.sin(np.arange(60) / 2)
    band = {80.0: (y[48:] - 5, y[48:] + 5)}
    figures.forecast_figure(tmp_path / "f.png", y[:48], y[48:], {"LSTM": y[48:] + 1, "mean": y[48:] * 0 + 1e4,
                                                                 "seasonal naive": y[48:] - 1},
                            start=48, time=MONTHS, bands=band, title="f")
    figures.future_figure(tmp_path / "u.png", [(MONTHS[:48], y[:48])], [(MONTHS[48:], y[48:])], [""],
                          bands={80.0: (band[80.0][0][None], band[80.0][1][None])})
    figures.split_figure(tmp_path / "s.png", y, 40, 48, MONTHS)
    figures.lead_time_figure(tmp_path / "l.png", {"LSTM": list(np.linspace(1, 2, 12)), "mean": [50.0] * 12})
    figures.loss_figure(tmp_path / "o.png", {"train_loss": [1.0, 0.8, 0.7], "val_loss": [1.1, 0.9, 0.8]})
    figures.coverage_figure(tmp_path / "c.png", {"LSTM": {"80": [0.8] * 12, "95": [0.9] * 12}})


def test_legends_beside_the_data_and_no_tick_label_clipped(drawn, tmp_path):
    _draw_all(tmp_path)
    assert len(drawn) == 6
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    for fig in drawn:
        FigureCanvasAgg(fig).draw()  # closed by _finish: a canvas of its own again
        r = fig.canvas.get_renderer()
        (ax,) = fig.axes
        box, page = ax.get_window_extent(r), fig.bbox
        leg = ax.get_legend().get_window_extent(r)
        assert leg.x0 >= box.x1, f"{ax.get_title()!r}: legend over the axes"
        assert leg.x1 <= page.x1 + 0.5 and leg.y0 >= page.y0 - 0.5
        (x0, x1), (y0, y1) = sorted(ax.get_xlim()), sorted(ax.get_ylim())
        shown = [lb for lb, v in zip(ax.get_xticklabels(), ax.get_xticks(), strict=True) if x0 <= v <= x1]
        shown += [lb for lb, v in zip(ax.get_yticklabels(), ax.get_yticks(), strict=True) if y0 <= v <= y1]
        for label in shown:  # the tick labels drawn (within the view)
            if label.get_visible() and label.get_text():
                e = label.get_window_extent(r)
                assert page.x0 - 0.5 <= e.x0 and e.x1 <= page.x1 + 0.5, f"{label.get_text()!r} clipped"


def test_forecast_lines_start_where_the_history_ends(drawn, tmp_path):
    _draw_all(tmp_path)
    for fig in drawn[:2]:  # the held-out part's forecast, the future's
        lines = fig.axes[0].get_lines()
        hist = lines[0]
        x_end, y_end = hist.get_xdata()[-1], hist.get_ydata()[-1]
        after = [ln for ln in lines[1:] if len(ln.get_xdata()) > 2]
        assert after and all(ln.get_xdata()[0] == x_end and ln.get_ydata()[0] == y_end for ln in after)
    labels = [t.get_text() for t in drawn[0].axes[0].get_legend().get_texts()]
    assert "mean (off the scale)" in labels and "seasonal naive" in labels  # a far baseline: not the scale
    assert drawn[0].axes[0].get_ylim()[1] < 1e3


def test_log_axis_only_across_a_decade(drawn, tmp_path):
    _draw_all(tmp_path)
    loss, lead = drawn[4].axes[0], drawn[3].axes[0]
    assert loss.get_yscale() == "linear" and lead.get_yscale() == "log"  # 0.7..1.1 ; 1..50


@pytest.fixture(scope="module")
def air_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("air") / "r"
    assert main(["run", "--data", AIR, "--out", str(out), *TINY]) == 0
    return out


def test_report_holds_the_future_forecast_with_its_band(air_run):
    page = (air_run / "report.html").read_text()
    assert 'alt="future.png"' in page and "forecast past the end of the data" in page
    assert "Error by lead time of one forecast (one origin" in page
    assert (air_run / "future.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # the facts say which net ran, with its loss (the direct net keeps its epochs' losses)
    assert "(direct: the whole horizon at once), hidden_size 4" in page and "final loss &mdash;" not in page
    assert "Training loss by epoch (scaled units) of the direct net fitted on each series" in page


def test_one_forecasts_lead_time_error_marks_no_divergence(drawn, tmp_path):
    from wavecast.experiment_files import lead_time_figure

    rows = {"LSTM": {"by_lead": {"mse": [1.0, 5.0, 2.0]}}, "mean": {"by_lead": {"mse": [9.0, 9.0, 9.0]}}}
    for n_origins, dots in ((1, 0), (20, 1)):
        lead_time_figure(tmp_path / "l.png", {"forecasters": rows, "divergence_horizon": {"LSTM": 2},
                                              "n_origins": n_origins})
        ax = drawn[-1].axes[0]
        assert sum(len(ln.get_xdata()) == 1 for ln in ax.get_lines()) == dots
        assert ("dot: divergence" in ax.get_title()) == bool(dots)


def test_figure_titles_name_the_file_and_the_series(tmp_path, monkeypatch):
    import matplotlib.axes

    titles = []
    orig = matplotlib.axes.Axes.set_title
    monkeypatch.setattr(matplotlib.axes.Axes, "set_title",
                        lambda self, t, *a, **k: (titles.append(t), orig(self, t, *a, **k))[1])
    rng = np.random.default_rng(0)
    rows = [(sid, t, 10 + 3 * np.sin(k / 2) + rng.normal()) for sid in ("a", "b", "c")
            for k, t in enumerate(pd.date_range("2000-01-01", periods=48, freq="MS"))]
    csv = tmp_path / "shops.csv"
    pd.DataFrame(rows, columns=["shop", "month", "sales"]).to_csv(csv, index=False)
    assert main(["run", "--data", str(csv), "--target", "sales", "--id", "shop", "--out", str(tmp_path / "r"),
                 *TINY]) == 0
    ours = [t for t in titles if t.startswith("shops.csv")]
    assert any(re.fullmatch(r"shops\.csv, series 'a' \(1 of 3\): 6-step forecast of the held-out part.*", t)
               for t in ours), titles
    assert any("series 'a' (1 of 3): 6-step forecast past the end of the data" in t for t in ours), titles
    assert not any(t.startswith("experiment") for t in titles)


def test_backtest_report_rests_its_lead_time_error_on_its_origins(tmp_path):
    out = tmp_path / "b"
    assert main(["backtest", "--data", AIR, "--origins", "5", "--out", str(out), *TINY]) == 0
    page = (out / "report.html").read_text()
    assert "the mean over 5 backtest origins" in page


@pytest.mark.parametrize("kind", ["direct", "recursive"])
def test_the_reports_future_is_what_predict_gives(kind):
    from wavecast.future import future_of_first

    y = 100 + 10 * np.sin(np.arange(96) * 2 * np.pi / 12) + np.arange(96)
    f = wavecast.fit(y, kind=kind, horizon=6, test_len=6, epochs=2, hidden_size=4, direct__max_epochs=2,
                     eval__levels=[80])
    fut = future_of_first(f.result)
    assert np.allclose(fut["forecast"][1], f.predict(6))
    frame = f.predict(6, level=[80])
    lo, hi = fut["bands"][80.0]
    assert np.allclose(lo[0], frame["lo-80"]) and np.allclose(hi[0], frame["hi-80"])
    assert list(fut["forecast"][0]) == list(range(96, 102)) and len(fut["history"][1]) == 18


def test_lead_time_caption_says_what_it_rests_on():
    from wavecast.report.html import _lead_caption

    assert _lead_caption({"n_origins": 1}).startswith("Error by lead time of one forecast (one origin")
    assert _lead_caption({"n_origins": 1, "n_series": 50}).startswith("Error by lead time, pooled over 50 series")
    many = _lead_caption({"n_origins": 20, "backtest": {"series": "shop_1"}})
    assert many.startswith("Error by lead time, the mean over 20 backtest origins of series 'shop_1'")


def test_a_glyph_the_font_lacks_raises_no_warning(tmp_path):
    """An id with an emoji leaked matplotlib's "Glyph 128640 (\\N{ROCKET}) missing from font(s)"
    to stderr, --quiet or not: the figure is drawn (a box for the glyph) and nothing is warned."""
    import warnings

    from wavecast.report import figures

    t = np.arange(20)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        figures.future_figure(tmp_path / "e.png", [(t[:16], np.sin(t[:16]))], [(t[16:], np.sin(t[16:]))],
                              ["rocket \N{ROCKET}"], title="v \N{ROCKET}")
    assert (tmp_path / "e.png").stat().st_size > 0
    assert not [w for w in seen if "Glyph" in str(w.message)], [str(w.message) for w in seen]


def test_a_forecast_of_series_in_different_units_draws_each_on_its_own_scale(tmp_path, monkeypatch):
    """wavecast forecast's plot of a panel drew every series on one axes: fpp3's us_employment,
    'Total Private' near 120,000 beside four sectors of 8,000-18,000, left those four flat lines at
    the bottom. Each series now has its own panel and scale, as wavecast.plot draws them; the PNG
    keeps its tag (by which a later forecast knows the CSV beside it for wavecast's)."""
    drawn = []
    save = pyplot_png.save_png
    monkeypatch.setattr(pyplot_png, "save_png", lambda fig, path, software="wavecast": (drawn.append((fig, software)),
                                                                                      save(fig, path, software))[1])
    t = MONTHS
    big, small = 120_000 + 500 * np.sin(np.arange(60)), 9_000 + 50 * np.sin(np.arange(60))
    bands = {80.0: (np.stack([big[48:] - 300, small[48:] - 30]), np.stack([big[48:] + 300, small[48:] + 30]))}
    figures.future_figure(tmp_path / "p.png", [(t[:48], big[:48]), (t[:48], small[:48])],
                          [(t[48:], big[48:]), (t[48:], small[48:])], ["Total Private", "Retail"],
                          title="Employed: 12-step forecast", bands=bands, tag="sha256=ab12")
    (fig, software), = drawn
    axes = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title() for ax in axes] == ["Total Private", "Retail"] and software == "wavecast forecast sha256=ab12"
    for ax, y in zip(axes, (big, small), strict=True):
        lo, hi = ax.get_ylim()
        assert lo <= y[36:].min() and y.max() <= hi and hi - lo < 4 * np.ptp(y)  # each filled by its own series
    assert b"wavecast forecast sha256=ab12" in (tmp_path / "p.png").read_bytes()
