"""Many series: per-series scaling, windows packed into one array, per-series and pooled scores."""

import json

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.config import load
from wavecast.data.prepare import windows_of
from wavecast.data.scaling import Scaler
from wavecast.data.windows import split_in_time
from wavecast.experiment import run
from wavecast.experiment_files import save
from wavecast.forecasters.contract import fit_scalers as _fit_scalers
from wavecast.forecasters.contract import stack


def fit_scalers(ps, scaling):
    return _fit_scalers([s[: sp.train_end] for s, sp in ps], scaling)


def scaled_windows(ps, scs, cfg, target_len):
    return windows_of([s for s, _ in ps], [sp for _, sp in ps], scs, cfg, target_len)

# Per-series scaling is the recursive net's; the direct net logs and deseasonalises per series.
FAST = dict(input_len=8, horizon=4, test_len=4, epochs=1, overrides=["model.hidden_size=4", "model.kind=recursive"])


def _frame(levels=(1.0, 100.0, 10_000.0), n=48):
    t = np.arange(n)
    return pd.concat([pd.DataFrame({"sensor": f"s{k}", "y": lvl + lvl * 0.1 * np.sin(t / 3.0 + k)})
                      for k, lvl in enumerate(levels)])


def _parts(levels=(1.0, 100.0, 10_000.0), n=48, test_len=4):
    segs = [(lvl + lvl * 0.1 * np.sin(np.arange(n) / 3.0 + k))[:, None] for k, lvl in enumerate(levels)]
    return [(s, split_in_time(n, test_len)) for s in segs]


def test_each_series_is_scaled_by_its_own_training_part():
    ps = _parts()
    scs = fit_scalers(ps, "per_series")
    for (s, sp), sc in zip(ps, scs, strict=True):
        train = s[: sp.train_end]
        np.testing.assert_allclose(sc.mean_, train.mean(axis=0), rtol=1e-12)
        np.testing.assert_allclose(sc.scale_, train.std(axis=0), rtol=1e-12)
    # global: one scaler over all training parts, as Scaler.fit on them concatenated
    glob = Scaler().fit(np.concatenate([s[: sp.train_end] for s, sp in ps]))
    for sc in fit_scalers(ps, "global"):
        np.testing.assert_allclose(sc.mean_, glob.mean_, rtol=1e-12)  # two-pass sum vs numpy's: rounding only
        np.testing.assert_allclose(sc.scale_, glob.scale_, rtol=1e-12)


def test_one_series_is_the_same_under_both_scalings():
    cfg = load(None, ["train.epochs=1", "model.hidden_size=4", "signal.length=120", "window.input_len=10",
                      "window.horizon=10", "window.test_len=10"])
    a = run(cfg)
    b = run(load(None, ["train.epochs=1", "model.hidden_size=4", "signal.length=120", "window.input_len=10",
                        "window.horizon=10", "window.test_len=10", "data.scaling=global"]))
    assert a.metrics["forecasters"] == b.metrics["forecasters"]


def test_windows_are_scaled_slices_of_their_own_series_only():
    ps = _parts()
    scs = fit_scalers(ps, "per_series")
    cfg = load(None, ["window.input_len=8", "window.stride=1", "train.dtype=float64"])
    ws, val = scaled_windows(ps, scs, cfg, target_len=5)
    assert val is None
    per = [sp.train_end - 13 + 1 for _, sp in ps]  # windows of span 13 in each training part
    assert len(ws) == sum(per)
    x, t = ws.gather(np.arange(len(ws)))
    k = 0
    for (s, sp), sc, count in zip(ps, scs, per, strict=True):
        z = sc.transform(s[: sp.train_end])
        for j in (0, count - 1):  # first and last window of each series: no window crosses over
            np.testing.assert_array_equal(x[k + j], z[j : j + 8])
            np.testing.assert_array_equal(t[k + j], z[j + 8 : j + 13])
        k += count
    # float32 training: the same values, stored as float32 (the loop casts each batch anyway)
    ws32, _ = scaled_windows(ps, scs, load(None, ["window.input_len=8"]), target_len=5)
    assert ws32.series.dtype == np.float32
    np.testing.assert_array_equal(ws32.series, ws.series.astype(np.float32))


def test_stacked_scaler_transforms_a_batch_of_series():
    ps = _parts()
    scs = fit_scalers(ps, "per_series")
    st = stack(scs)
    assert st.mean_.shape == (3, 1, 1)
    batch = np.stack([s[:10] for s, _ in ps])  # (S, T, 1)
    for i, sc in enumerate(scs):
        np.testing.assert_allclose(st.transform(batch)[i], sc.transform(batch[i]), rtol=1e-15)
    np.testing.assert_allclose(st.inverse_transform(st.transform(batch)), batch, rtol=1e-12)


def test_per_series_rows_pooled_scores_and_report(tmp_path):
    f = wavecast.fit(_frame(), target="y", id="sensor", **FAST)
    a = f.metrics["all_series"]
    assert a["n_series"] == 3 and [r["id"] for r in a["per_series"]] == ["s0", "s1", "s2"]
    net = a["ranked_by"]
    mses = {r["id"]: r["mse"][net] for r in a["per_series"]}
    assert a["best"] == min(mses, key=mses.get) and a["worst"] == max(mses, key=mses.get)
    # pooled MSE is the mean of the per-series MSEs (every series has the same horizon)
    for name, m in a["forecasters"].items():
        assert m["mse"] == pytest.approx(np.mean([r["mse"][name] for r in a["per_series"]]), rel=1e-12)
    save(f.result, tmp_path / "run")
    page = (tmp_path / "run" / "report.html").read_text()
    assert (tmp_path / "run" / "series_best.png").is_file() and (tmp_path / "run" / "series_worst.png").is_file()
    assert "all 3 series pooled" in page and "The best series of 3" in page and "The worst series of 3" in page


def test_per_series_scaling_beats_one_scaler_on_series_of_different_levels():
    # Levels 1, 100 and 10,000: one global scaler squashes the small series to ~0, so its
    # errors are those of the largest; per-series scaling keeps each in its own unit.
    kw = dict(FAST, epochs=3)
    per = wavecast.fit(_frame(), target="y", id="sensor", **kw)
    glob = wavecast.fit(_frame(), target="y", id="sensor", **{**kw, "overrides": [*kw["overrides"], "data.scaling=global"]})
    small = lambda f: f.metrics["all_series"]["per_series"][0]["mse"]["LSTM"]  # noqa: E731
    assert small(per) < small(glob) / 10


def test_model_file_keeps_each_series_scaler_and_unseen_ids_use_their_own_data(tmp_path):
    f = wavecast.fit(_frame(), target="y", id="sensor", **FAST)
    pred = f.predict(4)
    f.save(tmp_path / "m")
    meta = json.loads((tmp_path / "m" / "model" / "model.json").read_text())
    rows = meta["data"]["series"]
    assert meta["data"]["scaling"] == "per_series"
    train = _frame().query("sensor == 's2'")["y"].to_numpy()[:-4]
    assert rows[2]["mean"] == pytest.approx([train.mean()], rel=1e-12)
    assert rows[2]["scale"] == pytest.approx([train.std()], rel=1e-12)
    g = wavecast.load(tmp_path / "m")
    pd.testing.assert_frame_equal(g.predict(4), pred)
    assert g.notes == []
    # an id the model never saw, at a new level: scaled by its own values, and said so
    new = pd.DataFrame({"sensor": "new", "y": 5e5 + 5e4 * np.sin(np.arange(20) / 3.0)})
    out = g.predict(4, data=new)
    assert len(g.notes) == 1 and "1 series the model never saw ('new')" in g.notes[0]
    assert np.all(np.abs(out["forecast"].to_numpy() - 5e5) < 2e5)  # in its own unit, not the training ids'


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("scaling", ["per_series", "global"])
def test_scaling_as_gathered_gives_the_bits_of_a_scaled_copy(dtype, scaling):
    import torch

    from wavecast.data.prepare import _pack
    from wavecast.training import state as train_state
    from wavecast.training.batches import Batches as _Batches

    rng = np.random.default_rng(0)
    lengths = [60, 45, 80, 52]
    buf = np.concatenate([rng.uniform(-1e4, 1e4) + rng.uniform(1e-3, 1e3) * rng.standard_normal(n)
                          for n in lengths])  # one buffer, as a file's values
    segs = np.split(buf, np.cumsum(lengths)[:-1])
    ps = [(s[:, None], split_in_time(len(s), 6, 0.2, min_train=11)) for s in segs]
    cfg = load(None, ["window.input_len=8", "window.stride=2", f"train.dtype={dtype}"])
    scs = fit_scalers(ps, scaling)
    ws, val = scaled_windows(ps, scs, cfg, target_len=3)
    assert ws.lazy and ws.mean is not None and np.shares_memory(ws.series, buf)  # no scaled copy
    np_dtype = np.dtype(dtype)
    old = _pack([(s[: sp.train_end], sc) for (s, sp), sc in zip(ps, scs, strict=True)], 8, 3, 2, np_dtype)
    old_val = _pack([(s[sp.train_end - 8 : sp.val_end], sc) for (s, sp), sc in zip(ps, scs, strict=True)],
                    8, 3, 1, np_dtype)
    for new_ws, old_ws in ((ws, old), (val, old_val)):
        assert len(new_ws) == len(old_ws)
        for a, b in zip(new_ws.gather(slice(None)), old_ws.gather(slice(None)), strict=True):
            assert a.dtype == b.dtype == np_dtype and a.tobytes() == b.tobytes()
        nb, ob = (_Batches(w, getattr(torch, dtype), torch.device("cpu")) for w in (new_ws, old_ws))
        idx = torch.as_tensor(rng.permutation(len(new_ws)).astype(np.int32))
        for sel in (idx, slice(None), slice(3, 17)):
            for a, b in zip(nb.get(sel), ob.get(sel), strict=True):
                assert a.dtype == b.dtype and a.numpy().tobytes() == b.numpy().tobytes()
    # checkpoints written with the scaled copy and a starts array still resume: the same digest
    from wavecast.data.windows import WindowSet

    explicit = [WindowSet(w.series, w.starts, 8, 3) for w in (old, old_val)]
    assert not explicit[0].lazy
    assert (train_state.identity(ws, val, cfg.train, {})["data_sha256"]
            == train_state.identity(*explicit, cfg.train, {})["data_sha256"])
