"""report.html counts one series' several targets as the CLI does (words.series_of_targets,
series_counted): it said "all 2 series pooled", "target 'sales' (its 1 series pooled)", "on the
test part of 1 series", "(the first of 2)" and "pooled over 2 series" of one series' two targets."""

from __future__ import annotations

import html
import re

from two_targets import run_one_shop
from wavecast.report.html import _lead_caption


def _captions(page: str) -> list[str]:
    return [html.unescape(c) for c in re.findall(r"<(?:fig)?caption>(.*?)</(?:fig)?caption>", page)]


def test_report_of_one_series_two_targets_says_one_series_and_its_targets(tmp_path):
    run_one_shop(tmp_path)
    caps = _captions((tmp_path / "o" / "report.html").read_text())
    assert caps[0].startswith("3-step forecast of the held-out part, one series, targets 'sales', 'price'; "), caps
    assert "target 'sales' (one series)" in caps and "target 'price' (one series)" in caps, caps
    assert any(c.startswith("target 'sales': prediction intervals") and " on the test part of one series;" in c
               for c in caps), caps
    assert not [c for c in caps if " alone (" in c], caps  # the first target's table, said once above
    assert "Error by lead time, pooled over 2 targets from one origin each" in caps, caps
    assert not [c for c in caps if re.search(r"\b[12] series\b|\(the first of 2\)", c)], caps


def test_lead_caption_counts_a_panel_of_targets_as_series_and_targets():
    m = {"n_series": 6, "targets": ["sales", "price"]}
    assert _lead_caption(m) == "Error by lead time, pooled over 3 series x 2 targets from one origin each"
    assert _lead_caption({**m, "n_origins": 2}).startswith(
        "Error by lead time, the mean over 3 series x 2 targets x 2 backtest origins each ")
    assert _lead_caption({"n_series": 5}) == "Error by lead time, pooled over 5 series from one origin each"
