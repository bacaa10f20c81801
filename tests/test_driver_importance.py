"""Which drivers mattered (driver_importance.py, evaluate/driver_permutation.py): the run's trained
net scored again on the held-out end with one driver permuted, the change of its headline MASE.
A driver the target depends on matters far more than a noise column; the figures come from the
seed; a run without drivers has none; the run's other outputs are the same bits with it or
without it. Small series, few epochs: fast."""

import json
import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.cli import main
from wavecast.data.covariates import Covariates
from wavecast.errors import ValidationError
from wavecast.evaluate.driver_permutation import drivers_of, permuted

N, H = 120, 7
FAST = dict(horizon=H, direct__max_epochs=2, direct__n_ensemble=1, eval__without_drivers=False)


def _daily(n: int = N) -> pd.DataFrame:
    """y = 20 + 4 x + small noise: x drives it (a future covariate), z is noise beside it."""
    rng = np.random.default_rng(0)
    x, z = rng.normal(size=n), rng.normal(size=n)
    y = 20 + 4 * x + 0.3 * rng.normal(size=n)
    return pd.DataFrame(
        {"t": pd.date_range("2020-01-01", periods=n, freq="D"), "y": y, "x": x, "z": z}
    )


def _fit(df, seed=0, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return wavecast.fit(df, target="y", time="t", seed=seed, **{**FAST, **kw})


def _cli_run(tmp_path, *drivers) -> list[str]:
    """`wavecast run`'s arguments on _daily() written to tmp_path, short training (--out to add)."""
    path = tmp_path / "d.csv"
    _daily().to_csv(path, index=False)
    return ["run", "--data", str(path), "--time", "t", "--target", "y", *drivers, "--horizon", str(H),
            "--set", "direct.max_epochs=2", "--set", "direct.n_ensemble=1", "--set", "eval.without_drivers=false"]


def test_a_driver_the_target_depends_on_matters_far_more_than_noise():
    f = _fit(_daily(), future=["x", "z"])
    d = f.metrics["driver_importance"]
    assert d["metric"] == "mase" and d["permutations"] == 5
    # the intact inputs score as the run's headline: the same net, the same forecast
    assert d["intact"] == f.metrics["forecasters"]["LSTM"]["mase"]
    imp = {r["driver"]: r for r in d["drivers"]}
    assert [r["driver"] for r in d["drivers"]] == ["x", "z"]  # the largest change first
    # x holds nearly all of y's variance (16 of 16.09): permuted, the net's errors are of 4 x's
    # size (seed 0: +0.84 of MASE from 0.06); z's change is noise (+0.003). 20x leaves a wide margin.
    assert imp["x"]["change"] > 0.3 and imp["x"]["change"] > 20 * abs(imp["z"]["change"])
    assert (
        imp["x"]["min_change"] > imp["z"]["max_change"]
    )  # every permutation of x beyond every one of z
    table = f.driver_importance
    assert list(table.index) == ["x", "z"] and table.loc["x", "change"] == imp["x"]["change"]
    assert table.loc["x", "mase"] == imp["x"]["mean"] and table.loc["x", "role"] == "future"


def test_the_figures_come_from_the_seed():
    a, b = _fit(_daily(), future=["x", "z"]), _fit(_daily(), future=["x", "z"])
    assert a.metrics["driver_importance"] == b.metrics["driver_importance"]
    scores = [r["scores"] for r in a.metrics["driver_importance"]["drivers"]]
    assert all(len(set(s)) > 1 for s in scores)  # each permutation its own draw, their spread shown


def test_no_drivers_no_importance(tmp_path):
    f = _fit(_daily())
    assert "driver_importance" not in f.metrics
    with pytest.raises(ValidationError, match="without drivers"):
        _ = f.driver_importance
    off = _fit(_daily(), future=["x"], eval__driver_importance=0)
    assert "driver_importance" not in off.metrics
    base = _cli_run(tmp_path)
    assert main([*base, "--out", str(tmp_path / "bare")]) == 0
    assert "driver importance" not in (tmp_path / "bare" / "report.html").read_text().lower()


def test_it_changes_no_output_the_run_writes(tmp_path, capsys):
    base = _cli_run(tmp_path, "--future", "x,z")
    assert main([*base, "--out", str(tmp_path / "on")]) == 0
    out = capsys.readouterr().out
    assert "driver importance: LSTM's MASE on the held-out part with each driver permuted" in out
    assert "Which drivers mattered" in (tmp_path / "on" / "report.html").read_text()
    assert main([*base, "--out", str(tmp_path / "off"), "--set", "eval.driver_importance=0"]) == 0
    assert "driver importance" not in capsys.readouterr().out
    on, off = (json.loads((tmp_path / k / "metrics.json").read_text()) for k in ("on", "off"))
    assert "driver_importance" in on and "driver_importance" not in off
    del on["driver_importance"]
    assert on == off  # every score, note and finding: the same
    for name in ("model/weights.safetensors", "forecast.png"):
        assert (tmp_path / "on" / name).read_bytes() == (tmp_path / "off" / name).read_bytes(), name
    assert main([*base, "--out", str(tmp_path / "quiet"), "--quiet"]) == 0
    assert capsys.readouterr().out == ""


def _cov() -> Covariates:
    """Two series of 6 known rows and 2 future rows: past p, future f, calendar and holidays, a static."""
    values = [np.arange(8 * 6, dtype=float).reshape(8, 6) + 100 * i for i in range(2)]
    return Covariates(
        past=("p",),
        future=("f",),
        static=("size",),
        calendar=("dayofweek_sin", "dayofweek_cos", "holiday_US", "holiday_close_US"),
        values=values,
        statics=[[1.0], [2.0]],
        ids=["a", "b"],
    )


def test_calendar_and_holidays_are_one_driver_each_and_permuted_whole():
    cov = _cov()
    ds = drivers_of(cov)
    assert [(d.name, d.role, d.columns) for d in ds] == [
        ("p", "past", ("p",)),
        ("f", "future", ("f",)),
        ("calendar", "calendar", ("dayofweek_sin", "dayofweek_cos")),
        ("holidays", "holidays", ("holiday_US", "holiday_close_US")),
        ("size", "static", ("size",)),
    ]
    cal = permuted(cov, ds[2], [6, 6], np.random.default_rng(0))
    for v, w in zip(cov.values, cal.values, strict=True):
        assert (w[6:] == v[6:]).all() and (
            w[:, [0, 1, 4, 5]] == v[:, [0, 1, 4, 5]]
        ).all()  # else untouched
        assert sorted(map(tuple, w[:6, 2:4])) == sorted(
            map(tuple, v[:6, 2:4])
        )  # the rows' pairs kept
        assert not (w[:6, 2:4] == v[:6, 2:4]).all()
    size = permuted(cov, ds[4], [6, 6], np.random.default_rng(1))
    assert sorted(s[0] for s in size.statics) == [1.0, 2.0] and cov.statics == [[1.0], [2.0]]
    assert drivers_of(cov, own=("p", "size"))[0].name == "f"  # the panel's own columns left out
