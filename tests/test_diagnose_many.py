"""Issue 18, point 2 (diagnostics): with many series the forecast checks run on every series at its
own scale and each finding says in how many series, and which, it fired; the net's own checks
say they ran on the first series. Through the unit, main([...]) and the API."""

import json

import numpy as np
import pandas as pd

import wavecast
from wavecast.cli import main
from wavecast.evaluate.diagnose_many import diagnose_series

H = 6


def test_a_finding_in_one_series_of_three_names_that_series():
    t = np.arange(40)
    truth = np.stack([np.sin(t[30:36] / 2 + k) for k in range(3)])[:, :, None] * [[[1.0]], [[100.0]], [[1.0]]]  # (3, H, 1)
    last = np.array([[0.5], [-40.0], [0.2]])
    net = truth.copy()
    net[1] = last[1]  # series 'b' (the large one): the last value repeated
    out = diagnose_series({"LSTM": net, "last value": np.repeat(last[:, None], H, axis=1)}, truth, last,
                          ["a", "b", "c"], np.array([1e-6, 1e-2, 1e-6]), ["last value"])
    (copy,) = [d for d in out if d["name"] == "lagged copy"]
    assert copy["details"]["n_series"] == 1 and copy["details"]["of"] == 3 and copy["details"]["series"] == ["b"]
    assert copy["message"].startswith("in 1 of 3 series ('b'); in series 'b': LSTM ")
    assert not [d for d in out if "'a'" in d["message"]]  # the first series is fine and not blamed


def _panel() -> pd.DataFrame:
    """Four monthly series; 'b'..'d' repeat exactly every 12 months (seasonal naive is exact there).
    The fits below keep the season in (direct.deseason off): taken out, as 54 points now have it
    (transforms.season's strength), the net of 2 epochs forecasts them exactly too."""
    rng = np.random.default_rng(1)
    t = pd.date_range("2000-01-01", periods=60, freq="MS")
    season = 10 + 3 * np.sin(np.arange(60) * 2 * np.pi / 12)
    vals = {"a": season + np.cumsum(rng.normal(size=60)), "b": season, "c": 2 * season, "d": season + 5}
    return pd.DataFrame([(k, tt, v) for k, y in vals.items() for tt, v in zip(t, y, strict=True)],
                        columns=["shop", "month", "sales"])


def _check_pooled(diagnostics, first_series):
    pooled = [d for d in diagnostics if "of" in d.get("details", {})]
    assert pooled and all(d["details"]["of"] == 4 for d in pooled)
    beaten = [d for d in pooled if d["name"] == "no better than a baseline"]
    assert beaten and {"b", "c", "d"} <= set(beaten[0]["details"]["series"])  # not the first series' alone
    assert f"in {beaten[0]['details']['n_series']} of 4 series" in beaten[0]["message"]
    assert isinstance(first_series["diagnostics"], list)  # the first series' own findings, kept aside


def test_api_diagnostics_count_the_series(recwarn):
    f = wavecast.fit(_panel(), target="sales", time="month", id="shop", horizon=H, test_len=H,
                     direct__max_epochs=2, direct__hidden_size=4, direct__deseason=False)
    _check_pooled(f.metrics["diagnostics"], f.metrics["first_series"])


def test_cli_diagnostics_count_the_series(tmp_path, capsys):
    csv = tmp_path / "shops.csv"
    _panel().to_csv(csv, index=False)
    argv = ["run", "--data", str(csv), "--target", "sales", "--id", "shop", "--time", "month", "--horizon", str(H),
            "--set", "direct.max_epochs=2", "--set", "direct.hidden_size=4", "--set", f"window.test_len={H}",
            "--set", "direct.deseason=false"]
    assert main([*argv, "--out", str(tmp_path / "r"), "--json"]) == 0
    m = json.loads(capsys.readouterr().out)
    _check_pooled(m["diagnostics"], m["first_series"])
    assert main([*argv, "--out", str(tmp_path / "r2")]) == 0
    printed = capsys.readouterr().out
    assert "diagnostic: no better than a baseline (LSTM): in " in printed and " of 4 series (" in printed
    assert " of 4 series (" in (tmp_path / "r2" / "report.html").read_text()
