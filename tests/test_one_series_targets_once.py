"""One series with several targets shows each target's scores once: a user round's run of
multi.csv (--target sales,returns, no id) printed a second "target (MSE)" table repeating the
per-target one, and report.html a "target 'returns' alone" table repeating that target's."""

from __future__ import annotations

import html
import re

from two_targets import run_one_shop, two_targets


def test_one_series_two_targets_prints_and_shows_each_target_once(tmp_path, capsys):
    run_one_shop(tmp_path)
    out = capsys.readouterr().out
    assert "target (MSE)" not in out, out  # the per-series table of its two targets
    scores = [ln for ln in out.splitlines() if re.match(r"(sales|price) +LSTM ", ln) and "%" not in ln]
    assert len(scores) == 2, out  # by_target's rows, once each (the intervals' rows have a coverage %)
    caps = [html.unescape(c) for c in re.findall(r"<caption>(.*?)</caption>", (tmp_path / "o" / "report.html").read_text())]
    assert [c for c in caps if c.startswith("target 'sales' (")] == ["target 'sales' (one series)"], caps
    assert not [c for c in caps if " alone (" in c], caps


def test_a_panel_of_two_targets_keeps_its_per_series_rows_and_first_series_table(tmp_path, capsys):
    from wavecast.cli import main

    two_targets(tmp_path / "two.csv")
    assert main(["run", "--data", str(tmp_path / "two.csv"), "--target", "sales,price", "--id", "shop",
                 "--horizon", "3", "--set", "train.epochs=1", "--out", str(tmp_path / "o")]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^series +target \(MSE\)", out, re.M), out  # 2 series x 2 targets: rows of their own
    page = html.unescape((tmp_path / "o" / "report.html").read_text())
    assert " alone (the first of " in page
