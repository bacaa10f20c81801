"""wavecast.fit and wavecast.backtest say each diagnostic of the held-out forecasts as a warning
(WavecastDiagnostic), as `wavecast run` prints them: a net beaten by a baseline was kept silent
in metrics["diagnostics"] by the Python API."""

import warnings

import numpy as np
import pandas as pd

import wavecast
from wavecast.errors import WavecastDiagnostic, WavecastNote


def _ar2(n: int = 200) -> pd.DataFrame:
    # an AR(2) that a linear AR forecasts well and a one-epoch net does not: every run of this
    # series (seed 0) found 'no better than a baseline' among its diagnostics
    rng = np.random.default_rng(0)
    x = np.zeros(n)
    for i in range(2, n):
        x[i] = 1.6 * x[i - 1] - 0.8 * x[i - 2] + rng.normal(0, 1)
    return pd.DataFrame({"t": pd.date_range("2010-01-01", periods=n, freq="D"), "y": x + 20})


def _said(call):
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        out = call()
    return out, [w for w in rec if issubclass(w.category, WavecastDiagnostic)]


def _check(metrics, said):
    found = metrics["diagnostics"]
    assert any(d["name"] == "no better than a baseline" for d in found), found
    assert len(said) == len(found)  # each finding once
    for d, w in zip(found, said, strict=True):
        text = str(w.message)
        assert text.startswith(f"{d['name']} ({d['forecaster']}): ") and "; try: " in text
        assert "\n" not in text and "--" not in text  # one line, in the API's words (no CLI flags)
        assert w.filename == __file__  # pointed at the user's line, not inside wavecast


def test_fit_warns_each_diagnostic_in_python_words():
    f, said = _said(lambda: wavecast.fit(_ar2(), target="y", time="t", epochs=1, seed=0))
    _check(f.metrics, said)


def test_backtest_warns_each_diagnostic():
    bt, said = _said(lambda: wavecast.backtest(_ar2(), target="y", time="t", epochs=1, seed=0, horizon=7,
                                               origins=3, stride=7))
    _check(bt.metrics, said)


def test_a_filter_on_notes_silences_diagnostics_too():
    assert issubclass(WavecastDiagnostic, WavecastNote) and wavecast.WavecastDiagnostic is WavecastDiagnostic
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        warnings.simplefilter("ignore", WavecastNote)
        wavecast.fit(_ar2(), target="y", time="t", epochs=1, seed=0)
    assert not [w for w in rec if issubclass(w.category, WavecastNote)]
