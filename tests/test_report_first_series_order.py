"""report.html's table of one series alone names it the first "in sorted order": the run keeps
its series in the sorted order of their ids (data.dataset.canonical), and a file listing 'zeta'
before 'alpha' was told "series 'alpha' alone (the first of 2 series)" while the console's
table of every series and the findings listed 'zeta' first."""

from __future__ import annotations

import html
import re

import numpy as np
import pandas as pd

from wavecast.cli import main


def test_the_first_series_table_says_it_is_first_in_sorted_order_not_the_files(tmp_path, capsys):
    rng = np.random.default_rng(0)
    frames = [pd.DataFrame({"shop": sid, "day": pd.date_range("2021-01-01", periods=40, freq="D"),
                            "sold": 10 + k + rng.normal(0, 1, 40)}) for k, sid in enumerate(["zeta", "alpha"])]
    pd.concat(frames).to_csv(tmp_path / "p.csv", index=False)
    assert main(["run", "--data", str(tmp_path / "p.csv"), "--target", "sold", "--time", "day", "--id", "shop",
                 "--horizon", "4", "--set", "direct.max_epochs=1", "--set", "direct.hidden_size=4",
                 "--out", str(tmp_path / "run"), "--quiet"]) == 0
    page = (tmp_path / "run" / "report.html").read_text()
    caps = [html.unescape(c) for c in re.findall(r"<(?:fig)?caption>(.*?)</(?:fig)?caption>", page)]
    alone = [c for c in caps if " alone (" in c]
    assert alone == ["series 'alpha' alone (the first of 2 series in sorted order)"], caps
