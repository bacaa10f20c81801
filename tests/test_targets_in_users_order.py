"""Several targets are listed in the order the user gave them (--target sales,price), not in the
sorted order of the panel's internal keys ('a/price' < 'a/sales'): the pooled headline's note,
each target's table, the intervals' blocks, report.html, metrics.json's by_target and the held-out
line of `wavecast forecast` all read 'sales' before 'price'. No figure changes: only the order."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd

from two_targets import two_targets
from wavecast.cli import main


def _two_targets(path) -> None:
    two_targets(path, n=48, seed=1)


def _first_column(lines: list[str], start: str) -> list[str]:
    """The target labels of the table that starts with `start`, in the order they are printed."""
    at = next(i for i, ln in enumerate(lines) if ln.startswith(start))
    at = next(i for i in range(at, len(lines)) if lines[i].startswith("---"))  # the rule under the head
    out = []
    for ln in lines[at + 1:]:
        if not ln.startswith((" ", "sales", "price")):
            break
        if ln[:1] != " ":
            out.append(ln.split()[0])
    return out


def test_several_targets_are_listed_in_the_users_order(tmp_path, capsys):
    _two_targets(tmp_path / "d.csv")
    assert main(["run", "--data", str(tmp_path / "d.csv"), "--id", "shop", "--target", "sales,price",
                 "--horizon", "3", "--set", "train.epochs=1", "--out", str(tmp_path / "o")]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    m = json.loads((tmp_path / "o" / "metrics.json").read_text())
    assert m["targets"] == ["sales", "price"] and list(m["by_target"]) == ["sales", "price"]
    assert "(pooled over 2 targets ('sales', 'price'), which may be in different units" in out
    assert _first_column(lines, "target  forecaster") == ["sales", "price"]  # each target's MSE and MAE
    assert _first_column(lines, "prediction intervals") == ["sales", "price"]
    # the figures are each target's own, as before: only their order moved
    lstm = {t: next(ln for ln in lines if ln.startswith(t) and "LSTM" in ln) for t in ("sales", "price")}
    for t in ("sales", "price"):
        assert lstm[t].startswith(t.ljust(8) + "LSTM".ljust(16) + f"{m['by_target'][t]['forecasters']['LSTM']['mse']:12.4g}")
    page = (tmp_path / "o" / "report.html").read_text()
    caps = [c.split(":")[0] for c in re.findall(r"<caption>(.*?)</caption>", page) if "prediction intervals" in c]
    assert caps == ["target &#x27;sales&#x27;", "target &#x27;price&#x27;"]
    assert main(["forecast", str(tmp_path / "o")]) == 0
    held = next(ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("on its held-out end"))
    assert held.index("sales:") < held.index("price:")


def test_fit_with_a_list_of_targets_keeps_its_order():
    import wavecast

    n, rng = 48, np.random.default_rng(2)
    t = pd.date_range("2020-01", periods=n, freq="MS")
    df = pd.DataFrame({"t": t, "sales": 1000 + rng.normal(0, 20, n).cumsum(), "price": 2 + rng.normal(0, 0.02, n)})
    f = wavecast.fit(df, target=["sales", "price"], time="t", horizon=3, epochs=1)
    assert list(f.metrics["by_target"]) == ["sales", "price"]


def test_a_saved_models_held_out_line_follows_its_targets_order():
    # metrics.json of a model saved before: by_target in the keys' sorted order, targets in the user's
    from wavecast.evaluate.held_out import held_out_line

    def scores(net, base):
        return {"forecasters": {"LSTM": {"mase": net}, "theta": {"mase": base}}}

    m = {"baselines": {"names": ["theta"]}, "targets": ["sales", "price"],
         "by_target": {"price": scores(1.5, 0.9), "sales": scores(1.1, 1.0)}}
    line = held_out_line(m)
    assert line.index("sales: LSTM MASE 1.1") < line.index("price: LSTM MASE 1.5")
