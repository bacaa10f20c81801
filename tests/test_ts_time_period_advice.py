"""The note on R's time() of a ts (a column of 1990, 1990.0192, ... in steps of 1/52: no dates)
ends with the advice to set the season to R's frequency, --set eval.period=52 (eval__period=52
in Python). A user who had set just that was told it again; the note now leaves it out where the
user's setting already says it, and keeps it for a user who set none or another."""

import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.cli import main

TINY = dict(epochs=1, hidden_size=2, horizon=4, test_len=4, seed=0, direct__n_ensemble=1)


@pytest.fixture
def weekly(tmp_path):
    k = np.arange(160)
    path = tmp_path / "weekly.csv"
    pd.DataFrame({"time": (1990 + k / 52).round(4), "value": 10 + np.sin(2 * np.pi * k / 52)}).to_csv(path, index=False)
    return path


def _notes(path, **kwargs) -> list[str]:
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        wavecast.fit(path, **TINY, **kwargs)
    return [str(w.message) for w in seen if issubclass(w.category, wavecast.WavecastNote)]


@pytest.mark.parametrize(("given", "advised"), [({"eval__period": 52}, False), ({}, True), ({"eval__period": 4}, True)])
def test_the_advice_is_left_out_where_the_user_gave_it(weekly, given, advised):
    note = next(n for n in _notes(weekly, **given) if "R's time()" in n)
    assert note.startswith("column 'time' holds R's time() of a ts of frequency 52 (1990, 1990.0192, ...), not dates")
    assert note.endswith("; for a season of R's frequency, eval__period=52") is advised, note
    assert note.endswith("the rows are read as steps 0, 1, 2, ...") is not advised, note


def test_the_command_line_leaves_it_out_too(weekly, tmp_path, capsys):
    code = main(["run", "--data", str(weekly), "--out", str(tmp_path / "run"), "--set", "eval.period=52",
                 "--set", "direct.max_epochs=1", "--set", "direct.hidden_size=2", "--set", "direct.n_ensemble=1",
                 "--set", "window.test_len=4", "--horizon", "4"])
    err = capsys.readouterr()
    out = err.out + err.err
    assert code == 0 and "holds R's time() of a ts of frequency 52" in out
    assert "--set eval.period=52" not in out, out
    # a forecast of new data by that model: the season was set when it was fitted
    code = main(["forecast", str(tmp_path / "run"), "--data", str(weekly), "--out", str(tmp_path / "fc.csv")])
    err = capsys.readouterr()
    out = err.out + err.err
    assert code == 0 and "holds R's time() of a ts of frequency 52" in out and "eval.period=52" not in out, out


def test_predict_of_a_file_leaves_it_out_for_a_model_fitted_with_it(weekly):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", wavecast.WavecastNote)
        f = wavecast.fit(weekly, eval__period=52, **TINY)
        f.predict(4, data=weekly)
    note = next(n for n in f.notes if "R's time()" in n)
    assert note.endswith("the rows are read as steps 0, 1, 2, ...") and "eval" not in note, note


def test_a_forecast_of_a_file_is_never_told_to_set_the_season(weekly, tmp_path, capsys):
    """Setting eval.period to forecast does nothing (the model's season was fixed when it was
    fitted), so a model fitted without it reads the file's note without the advice, in Python and
    on the command line; the fit itself kept it (test_the_advice_is_left_out_where_the_user_gave_it)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", wavecast.WavecastNote)
        f = wavecast.fit(weekly, **TINY)
        f.save(tmp_path / "m")
        f.predict(4, data=weekly)
    note = next(n for n in f.notes if "R's time()" in n)
    assert note.endswith("the rows are read as steps 0, 1, 2, ...") and "eval" not in note, note
    code = main(["forecast", str(tmp_path / "m"), "--data", str(weekly), "--out", str(tmp_path / "fc.csv")])
    out = "".join(capsys.readouterr())
    assert code == 0 and "holds R's time() of a ts of frequency 52" in out and "eval.period" not in out, out
