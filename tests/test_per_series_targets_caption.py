"""The per-series table of one series with several targets says what its rows are, its targets
(words.series_counted): report.html's caption said "each series' MASE" and "the 20 worst of 25
series shown" of one series' 25 targets, and the CLI's table "... 2 more series in metrics.json"."""

from __future__ import annotations

import html
import re

from two_targets import run_one_shop
from wavecast.cli.output import per_series_table as cli_table
from wavecast.report.html_tables import PER_SERIES_ROWS, per_series_table


def _rows(series: list[str], targets: list[str]) -> list[dict]:
    """all_series.per_series of a run of several targets: a row a series and target."""
    out = []
    for s in series:
        for k, t in enumerate(targets):
            score = {"LSTM": float(len(out)), "naive": 1.5 + k}
            out.append({"id": f"{s}/{t}" if s else t, "series": s, "target": t, "mse": score, "mae": score,
                        "mase": score})
    return out


def _caption(table: str) -> str:
    return html.unescape(re.search(r"<caption>(.*?)</caption>", table).group(1))


def test_the_reports_table_of_one_series_targets_says_targets():
    targets = [f"t{i}" for i in range(PER_SERIES_ROWS + 5)]
    said = _caption(per_series_table({"per_series": _rows([""], targets), "ranked_by": "LSTM"}))
    assert said.startswith("each target's MASE, the worst by LSTM first"), said
    assert f"the {PER_SERIES_ROWS} worst of {len(targets)} targets shown, 5 left out" in said, said
    assert "series'" not in said and f"{len(targets)} series" not in said, said
    shop = _caption(per_series_table({"per_series": _rows(["a"], ["sales", "price"]), "ranked_by": "LSTM"}))
    assert shop.startswith("each target's MASE"), shop  # one series with an id: its targets too


def test_the_reports_table_of_a_panel_of_targets_says_series_by_target():
    rows = _rows([f"s{i}" for i in range(13)], ["sales", "price"])
    said = _caption(per_series_table({"per_series": rows, "ranked_by": "LSTM"}))
    assert said.startswith("each series' MASE by target, the worst by LSTM first"), said
    assert f"the {PER_SERIES_ROWS} worst of 13 series x 2 targets shown, 6 left out" in said, said


def test_the_clis_table_of_one_series_targets_counts_targets():
    rows = _rows([""], [f"t{i}" for i in range(12)])
    text = cli_table({"all_series": {"per_series": rows, "ranked_by": "LSTM", "best": "t0", "worst": "t11"}})
    assert "... 2 more targets in metrics.json (all_series.per_series); best 't0', worst 't11'" in text, text
    panel = _rows(["a", "b", "c", "d", "e", "f"], ["sales", "price"])
    assert "... 2 more series in metrics.json" in cli_table({"all_series": {"per_series": panel, "ranked_by": "LSTM"}})


def test_a_run_of_one_series_two_targets_says_each_targets_mase(tmp_path):
    run_one_shop(tmp_path)
    page = (tmp_path / "o" / "report.html").read_text()
    caps = [html.unescape(c) for c in re.findall(r"<caption>(.*?)</caption>", page)]
    assert any(c.startswith("each target's MASE, the worst by ") for c in caps), caps
    assert not any("each series' MASE" in c for c in caps), caps
