"""Forecasts do not depend on the order in which the series (ids) are given: the same panel with
its series' blocks in another order trains, scores and forecasts each id alike, bit for bit
(the reader keeps the series in their ids' canonical order, data.dataset.canonical), and every
output still lists the series in the user's order (their order of appearance)."""

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.cli import main

FAST = dict(horizon=4, test_len=4, epochs=2, overrides=["model.hidden_size=4", "direct.hidden_size=4"])
IDS = ["a", "b", "c", "d", "e"]


def _panel(order: str) -> pd.DataFrame:
    """Five seasonal monthly series, the blocks of their rows in `order` (the values are the same)."""
    rng = np.random.default_rng(0)
    t = pd.date_range("2018-01-01", periods=48, freq="MS")
    blocks = {}
    for k, sid in enumerate(IDS):
        y = 10 * (k + 1) + 3 * np.sin(2 * np.pi * np.arange(48) / 12 + k) + rng.normal(0, 0.3, 48)
        blocks[sid] = pd.DataFrame({"store": sid, "date": t, "y": y})
    return pd.concat([blocks[s] for s in order], ignore_index=True)


def _by_id(frame: pd.DataFrame) -> dict:
    return {sid: rows.drop(columns="store").reset_index(drop=True) for sid, rows in frame.groupby("store")}


@pytest.mark.parametrize("kind", ["recursive", "direct"])
def test_the_same_panel_in_another_order_forecasts_each_id_alike(kind, tmp_path):
    f = wavecast.fit(_panel("abcde"), target="y", time="date", id="store", kind=kind, **FAST)
    g = wavecast.fit(_panel("dbeac"), target="y", time="date", id="store", kind=kind, **FAST)
    out_f, out_g = f.predict(4, level=[80]), g.predict(4, level=[80])
    assert out_g["store"].unique().tolist() == list("dbeac")  # listed as given
    assert out_f["store"].unique().tolist() == list("abcde")
    a, b = _by_id(out_f), _by_id(out_g)
    for sid in IDS:  # forecasts and bands, bit for bit
        pd.testing.assert_frame_equal(a[sid], b[sid], check_exact=True)
    assert [r["id"] for r in g.metrics["all_series"]["per_series"]] == list("dbeac")
    mse = {r["id"]: r["mse"] for r in f.metrics["all_series"]["per_series"]}
    assert all(r["mse"] == mse[r["id"]] for r in g.metrics["all_series"]["per_series"])
    # new data is forecast in its own order, each id as from the data fitted on
    new = g.predict(4, data=_panel("ecadb"))
    assert new["store"].unique().tolist() == list("ecadb")
    c = _by_id(new)
    for sid in IDS:
        pd.testing.assert_series_equal(c[sid]["forecast"], b[sid]["forecast"], check_exact=True)
    # a reloaded model gives the same forecasts, in the user's order too
    g.save(tmp_path / "g")
    pd.testing.assert_frame_equal(wavecast.load(tmp_path / "g").predict(4, level=[80]), out_g, check_exact=True)


def test_the_command_line_forecasts_each_id_alike_from_files_in_two_orders(tmp_path):
    flags = ["--id", "store", "--time", "date", "--target", "y", "--horizon", "4", "--set", "window.test_len=4",
             "--set", "model.kind=recursive", "--set", "train.epochs=2", "--set", "model.hidden_size=4"]
    out = {}
    for order in ("abcde", "ceabd"):
        data = tmp_path / f"{order}.csv"
        _panel(order).to_csv(data, index=False)
        assert main(["run", "--data", str(data), "--out", str(tmp_path / order), "--quiet", *flags]) == 0
        csv = tmp_path / f"{order}-forecast.csv"
        assert main(["forecast", str(tmp_path / order), "--horizon", "4", "--out", str(csv), "--quiet"]) == 0
        out[order] = pd.read_csv(csv)
    assert out["ceabd"]["store"].unique().tolist() == list("ceabd")
    a, b = _by_id(out["abcde"]), _by_id(out["ceabd"])
    for sid in IDS:
        pd.testing.assert_frame_equal(a[sid], b[sid], check_exact=True)
