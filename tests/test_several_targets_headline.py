"""With several targets (--target sales,price) the CLI's pooled headline table shows only the
unit-free scores (sMAPE, MASE): its MSE, RMSE and MAE pooled a price in dollars with sales in
thousands (the figures were the sales' error, halved), and so did its 'diverges at' (from the
pooled MSE by lead) and the intervals' mean width. Each target's MSE and MAE are in the table
under it, and the intervals are shown one block a target."""

from __future__ import annotations

import json

import pytest

from two_targets import two_targets
from wavecast.cli import main


def _two_targets(path) -> None:
    two_targets(path)


def _table(out: str, first: str) -> list[str]:
    """The lines of the printed table that starts with `first`, up to the next table or note."""
    lines = out.splitlines()
    at = next(i for i, ln in enumerate(lines) if ln.startswith(first))
    ends = ("target ", "series ", "prediction intervals", "note:", "diagnostic", "(each target")
    end = next((i for i in range(at + 2, len(lines)) if lines[i].startswith(ends)), len(lines))
    return lines[at:end]


@pytest.mark.parametrize("cmd", ["run", "backtest"])
def test_the_pooled_headline_of_several_targets_is_unit_free(tmp_path, capsys, cmd):
    _two_targets(tmp_path / "d.csv")
    assert main([cmd, "--data", str(tmp_path / "d.csv"), "--id", "shop", "--target", "sales,price", "--horizon", "3",
                 *(["--origins", "2"] if cmd == "backtest" else []), "--set", "train.epochs=1",
                 "--out", str(tmp_path / "o")]) == 0
    out = capsys.readouterr().out
    m = json.loads((tmp_path / "o" / "metrics.json").read_text())
    assert "(pooled over 2 targets ('sales', 'price'), which may be in different units: unit-free scores only" in out
    head = _table(out, "forecaster ")
    assert head[0].split() == ["forecaster", "sMAPE", "MASE"] and "diverges at" not in head[0]
    lstm = next(ln for ln in head if ln.startswith("LSTM"))
    assert lstm.split()[1:3] == [f"{m['forecasters']['LSTM'][k]:.4g}" for k in ("smape", "mase")]
    # each target's MSE in the table below, in its own units
    for target in ("sales", "price"):
        mse = m["by_target"][target]["forecasters"]["LSTM"]["mse"]
        assert f"{target}".ljust(8) + "LSTM".ljust(16) + f"{mse:12.4g}" in out
    # the intervals one block a target: the sales' 80% width is the sales' own, not pooled with the price's
    iv = _table(out, "prediction intervals")
    assert "each target's own" in iv[0] and iv[1].split()[:2] == ["target", "forecaster"]
    sales = next(ln for ln in iv if ln.startswith("sales"))
    want = m["by_target"]["sales"]["forecasters"]["LSTM"]["intervals"]["80"]["width"]
    assert sales.split()[1:3] == ["LSTM", "80"] and sales.split()[4] == f"{want:.4g}"
    assert f"{m['forecasters']['LSTM']['intervals']['80']['width']:.4g}" not in " ".join(ln.split()[4] for ln in iv[3:])
    # report.html alike: the pooled table unit-free, each target's own table and bands after it
    import re

    page = (tmp_path / "o" / "report.html").read_text()
    tables = re.findall(r"<caption>(.*?)</caption><tr>(.*?)</tr>", page)
    heads = [re.findall(r"<th>(.*?)</th>", row) for _, row in tables]
    assert heads[0] == ["forecaster", "sMAPE", "MASE"] and "unit-free scores only" in tables[0][0]
    assert [c.split(":")[0] for c, _ in tables if "prediction intervals" in c] == [
        "target &#x27;sales&#x27;", "target &#x27;price&#x27;"]
