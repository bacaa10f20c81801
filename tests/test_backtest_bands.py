"""A backtest scores the bands wavecast.fit's saved model would have given at its first origin
(evaluate.backtest_bands): the in-sample bands of the same run fitted one horizon earlier,
re-decided by held_out_bands.held_out on its errors over the horizon before that origin. It scored
the in-sample bands alone, which are optimistic (M3 quarterly panels of 20 series, 4 origins:
70.0% at 80%, 88.4% at 95%; docs/evaluation.md, "Backtest bands"). The forecasts stay the
backtest's own, bit for bit."""

import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.config import override
from wavecast.errors import WavecastNote
from wavecast.evaluate.calibration import calibrate
from wavecast.evaluate.held_out_bands import held_out
from wavecast.experiment import run

H, K = 6, 8
FAST = dict(input_len=8, epochs=2, hidden_size=4, eval__period=7, seed=0)


def _frame(n: int = 90, ids=("a",)) -> pd.DataFrame:
    """Daily series with a weekly season and AR(1) noise, one a shop."""
    rows = []
    for k, sid in enumerate(ids):
        rng = np.random.default_rng(k)
        e = np.zeros(n)
        for t in range(1, n):
            e[t] = 0.6 * e[t - 1] + rng.normal(0, 1.0)
        y = 20 + 3 * np.sin(2 * np.pi * np.arange(n) / 7) + e
        rows.append(pd.DataFrame({"shop": sid, "day": pd.date_range("2021-03-01", periods=n, freq="D"), "y": y}))
    return pd.concat(rows, ignore_index=True)


def _backtest(data, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", WavecastNote)
        return wavecast.backtest(data, "y", "day", "shop" if "shop" in data.columns else "", horizon=H,
                                 origins=K, **{**FAST, **kw})


def _assert_shops_bands(f: pd.DataFrame, conf, ids: list) -> None:
    """Each shop's 80% bands in the backtest's frame f are conf's around its LSTM forecasts."""
    for shop in ("a", "b", "c"):
        rows = f[f["shop"] == shop]
        point = rows["LSTM"].to_numpy().reshape(K, H, 1)
        lo, hi = conf.bands(point, series=np.full(K, ids.index(shop)), levels=[80])[80]
        assert np.array_equal(rows["LSTM-lo-80"].to_numpy(), lo.reshape(-1))
        assert np.array_equal(rows["LSTM-hi-80"].to_numpy(), hi.reshape(-1))


def test_one_series_bands_are_held_out_of_a_run_fitted_a_horizon_earlier():
    one = _backtest(_frame().drop(columns="shop"), level=[80, 95])
    info = one.metrics["intervals"]["backtest_bands"]
    assert info["test_len"] == H + (K - 1) + H  # the backtest's test part, one horizon longer
    r = one.result.result
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", WavecastNote)
        shadow = run(override(one.config, f"window.test_len={info['test_len']}"), dataset=r.dataset, final=False)
    first = r.splits[0].val_end  # the backtest's first origin
    assert shadow.splits[0].val_end == first - H
    saved = held_out(shadow.intervals["LSTM"], shadow.at.forecasts["LSTM"], shadow.at.truth,
                        [r.panel[0][:first]])
    assert info["stretch"] and info["stretch"] > 1  # here its errors there were larger than in sample
    f = one.forecasts
    point = f["LSTM"].to_numpy().reshape(K, H, 1)
    in_sample = calibrate(r.forecasters["LSTM"], r.panel, H, (80, 95), ends=[first], period=7,
                             n_origins=1000, ids=r.ids)
    for lv in (80, 95):
        lo, hi = saved.bands(point, series=np.zeros(K, dtype=int), levels=[lv])[lv]
        assert np.array_equal(f[f"LSTM-lo-{lv}"].to_numpy(), lo.reshape(-1))
        assert np.array_equal(f[f"LSTM-hi-{lv}"].to_numpy(), hi.reshape(-1))
        # not the in-sample bands it scored before (the backtest run's own rolling origins): wider
        lo0, hi0 = in_sample.bands(point, series=np.zeros(K, dtype=int), levels=[lv])[lv]
        assert not np.array_equal(lo, lo0) and (hi - lo).mean() > (hi0 - lo0).mean()
        # and the scores are of these bands
        assert one.metrics["forecasters"]["LSTM"]["intervals"][str(lv)]["width"] == pytest.approx(
            float((hi - lo).mean()), rel=1e-12)
    assert any("made as wavecast.fit's saved ones" in n for n in one.notes)
    # the run fitted earlier leaves the backtest's forecasts as they are without bands, bit for bit
    bare = _backtest(_frame().drop(columns="shop"), eval__levels=())  # no bands: no second run
    assert "backtest_bands" not in (bare.metrics.get("intervals") or {})
    for name in ("LSTM", "seasonal naive", "theta"):
        assert np.array_equal(one.forecasts[name].to_numpy(), bare.forecasts[name].to_numpy())


def test_panel_bands_are_held_out_of_a_run_fitted_a_horizon_earlier():
    bt = _backtest(_frame(ids=("a", "b", "c")), level=[80])
    info = bt.metrics["intervals"]["backtest_bands"]
    assert info["n_series"] == 3 and info["test_len"] == 2 * H + K - 1
    r = bt.result.result
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", WavecastNote)
        shadow = run(override(bt.config, f"window.test_len={info['test_len']}"), dataset=r.dataset, final=False)
    assert shadow.ids == r.ids
    firsts = [sp.val_end for sp in r.splits]  # each series' first origin
    saved = held_out(shadow.intervals["LSTM"], shadow.at.forecasts["LSTM"], shadow.at.truth,
                        [s[:o] for s, o in zip(r.panel, firsts, strict=True)])
    f = bt.forecasts
    _assert_shops_bands(f, saved, r.ids)
    width = (f["LSTM-hi-80"] - f["LSTM-lo-80"]).to_numpy()
    assert bt.metrics["forecasters"]["LSTM"]["intervals"]["80"]["width"] == pytest.approx(width.mean(), rel=1e-12)


def test_a_series_too_short_for_the_earlier_run_widens_this_runs_own_bands():
    # c's 30 points hold the backtest's test part (13) but not the earlier run's (19): that run's
    # quantiles, of a and b alone, are not c's; this run's own bands (pooled over a, b and c) are
    # widened by its factor instead
    df = pd.concat([_frame(ids=("a", "b")), _frame(n=30, ids=("c",))], ignore_index=True)
    bt = _backtest(df, level=[80])
    info = bt.metrics["intervals"]["backtest_bands"]
    assert info["made"] == "widened" and info["n_series"] == 2 and info["stretch"] > 1
    r = bt.result.result
    own = calibrate(r.forecasters["LSTM"], r.panel, H, (80,), ends=[sp.val_end for sp in r.splits], period=7,
                       n_origins=1000, ids=r.ids)  # the in-sample bands the backtest scored before
    own.lo_, own.hi_ = own.lo_ * info["stretch"], own.hi_ * info["stretch"]
    f = bt.forecasts
    _assert_shops_bands(f, own, r.ids)
    assert any("widened" in n and "2 of 3 series" in n for n in bt.notes)


def test_too_short_for_the_earlier_run_keeps_in_sample_bands_and_says_so():
    # 30 points: room for the backtest's run (input 8 + horizon 6 before a test part of 13), none
    # for one with a test part of 19
    bt = _backtest(_frame(n=30).drop(columns="shop"), level=[80])
    info = bt.metrics["intervals"]["backtest_bands"]
    assert info["source"] == "in-sample"
    assert any("the backtest's intervals are in-sample ones" in n for n in bt.notes)


def test_the_note_says_whose_bands_it_describes():
    # Nile (--origins 10 --stride 6) read "the in-sample bands of the same run ..., not widened" beside the
    # over-coverage note's "linear AR(3) 3.00x": the first spoke of the net's bands alone, unsaid
    from wavecast.evaluate.held_out_bands import stretch_words

    one = _backtest(_frame().drop(columns="shop"), level=[80, 95])
    note = next(n for n in one.notes if "made as wavecast.fit's saved ones" in n)
    assert note.startswith("the backtest's intervals are made as wavecast.fit's saved ones: LSTM's, the in-sample "
                           "bands of the same run fitted 6 points before the first origin"), note
    assert "; the other forecasters' bands made the same way from their own errors there" in note, note
    wide = [f"{n} {stretch_words(c)[0]}" for n, c in one.result.result.intervals.items()
            if n != "LSTM" and getattr(c, "stretch_", None)]
    assert wide and f"(widened: {'; '.join(wide)})" in note, (wide, note)
    assert note.endswith("; scored around this backtest's forecasts")
    assert one.metrics["intervals"]["backtest_bands"]["how"].startswith("LSTM's, the in-sample bands")
