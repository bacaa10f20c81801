"""Rough edges a user round found: a wide table refused without a hint, the missing columns of
several targets, forecast's --horizon, a series that ended early, and the caller's torch threads."""

import re
import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.cli import main
from wavecast.data.reader import from_object
from wavecast.errors import ValidationError


def wide(n=60) -> pd.DataFrame:
    """Three monthly series side by side: time, A, B, C."""
    rng = np.random.default_rng(0)
    return pd.DataFrame({"time": pd.date_range("2018-01-01", periods=n, freq="MS"),
                         **{c: rng.normal(10 * (k + 1), 1, n) for k, c in enumerate("ABC")}})


def test_a_wide_frame_is_told_to_melt_or_to_name_several_targets():
    df = wide()
    with pytest.raises(ValidationError) as e:
        wavecast.fit(df)
    said = str(e.value)
    assert "\n" not in said and "--" not in said
    assert said.startswith("the DataFrame has 3 numeric columns (A, B, C); choose one with target=...")
    assert "target=['A', 'B', 'C']" in said  # the list form, in Python's words
    # the pandas call it gives is one that works: its long form reads as three series
    call = re.search(r"long form \(id, time, value\): (df\..*?\)), then fit that with id='id' and "
                     r"target='value'", said)
    assert call, said
    long = eval(call[1], {"df": df})
    ds = from_object(long, target="value", id="id")
    assert sorted(ds.ids) == ["A", "B", "C"] and ds.freq == "MS"
    np.testing.assert_array_equal(ds.values[ds.ids.index("B")], df["B"].to_numpy())
    # a frame whose index is the time: the call starts from it as a column
    for frame in (df.set_index("time"), df.set_index("time").rename_axis(None)):
        with pytest.raises(ValidationError) as e:
            wavecast.fit(frame)
        call = re.search(r"long form \(id, time, value\): (df\..*?\)), then", str(e.value))
        ds = from_object(eval(call[1], {"df": frame}), target="value", id="id")
        assert sorted(ds.ids) == ["A", "B", "C"] and ds.freq == "MS"


def test_a_wide_file_in_the_cli_names_melt_and_the_list_of_targets(tmp_path, capsys):
    path = tmp_path / "wide.csv"
    wide().to_csv(path, index=False)
    capsys.readouterr()
    assert main(["run", "--data", str(path), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "Traceback" not in err
    assert f"pd.read_csv('{path}').melt(id_vars='time', var_name='id', value_name='value')" in err
    assert "--id id and --target value" in err and "forecast them jointly with --target A,B,C" in err
    # a long file with several value columns: the list form, no melt
    long = wide().melt(id_vars="time", var_name="shop", value_name="sold").assign(price=1.0)
    long.to_csv(path, index=False)
    assert main(["run", "--data", str(path), "--id", "shop", "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "choose one with --target, or forecast several jointly with --target sold,price" in err
    assert "melt" not in err


@pytest.fixture(scope="module")
def two_targets(tmp_path_factory):
    """A model of targets A and B fitted on wide(), saved: (forecaster, its folder)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", wavecast.WavecastNote)
        f = wavecast.fit(wide(), target=["A", "B"], time="time", direct__max_epochs=1, horizon=3)
    folder = tmp_path_factory.mktemp("two") / "run"
    f.save(folder)
    return f, folder


def test_several_targets_missing_are_all_named_with_the_list_given(tmp_path, capsys):
    with pytest.raises(ValidationError) as e:
        wavecast.fit(wide(), target=["A", "D", "E"])
    assert str(e.value) == ("columns 'D', 'E' (target=['A', 'D', 'E']) not found in the DataFrame; columns are "
                            "['time', 'A', 'B', 'C']")
    path = tmp_path / "wide.csv"
    wide().to_csv(path, index=False)
    capsys.readouterr()
    assert main(["run", "--data", str(path), "--target", "A,D", "--out", str(tmp_path / "o")]) == 2
    assert f"column 'D' (--target A,D) not found in {path}" in capsys.readouterr().err


def test_a_model_of_several_targets_names_its_missing_columns_and_its_list(two_targets, tmp_path, capsys):
    f, folder = two_targets
    df = wide()
    with pytest.raises(ValidationError) as e:
        f.predict(2, df.drop(columns=["B"]))
    said = str(e.value)
    assert said.startswith("the model's target column 'B' is not in the DataFrame; columns are ['time', 'A', 'C']")
    assert "target=['A', 'B'] jointly" in said and "'COLUMN'" not in said  # was target='COLUMN'
    with pytest.raises(ValidationError, match=r"^the model's target columns 'A', 'B' are not in the DataFrame"):
        f.predict(2, df.drop(columns=["A", "B"]))
    # target= naming other columns renames none of them: said so, not in the panel's internal columns
    with pytest.raises(ValidationError, match=r"target=\['A', 'X'\] cannot rename them; give the data columns "
                                              r"'A', 'B'") as e:
        f.predict(2, df.rename(columns={"B": "X"}), target=["A", "X"])
    assert "->" not in str(e.value)
    path = tmp_path / "noB.csv"
    df.drop(columns=["B"]).to_csv(path, index=False)
    capsys.readouterr()
    assert main(["forecast", str(folder), "--data", str(path), "--horizon", "2",
                 "--out", str(tmp_path / "f.csv")]) == 2
    err = capsys.readouterr().err
    assert f"the model's target column 'B' is not in {path}" in err and "--target A,B jointly" in err
    assert "--target COLUMN" not in err
    df.rename(columns={"B": "X"}).to_csv(path, index=False)
    assert main(["forecast", str(folder), "--data", str(path), "--target", "A,X", "--horizon", "2",
                 "--out", str(tmp_path / "f.csv")]) == 2
    assert "--target A,X cannot rename them" in capsys.readouterr().err
    assert f.predict(2, df).shape == (4, 3)  # the model's own columns: forecast


def test_forecast_without_horizon_takes_the_models_own(two_targets, tmp_path, capsys):
    f, folder = two_targets
    assert f.horizon_ == 3 and f.config.window.horizon == 3
    capsys.readouterr()
    out = tmp_path / "f.csv"
    assert main(["forecast", str(folder), "--out", str(out)]) == 0  # --horizon was required
    said = capsys.readouterr().out
    assert said.startswith("forecast 3 steps (the model's horizon; --horizon N for another) of one series, targets 'A', 'B'")
    table = pd.read_csv(out)
    assert len(table) == 2 * 3 and table.groupby("target").size().tolist() == [3, 3]
    np.testing.assert_allclose(table["forecast"].to_numpy(),  # the same as predict's, asked for 3 steps
                               f.predict(3)["forecast"].to_numpy(), rtol=1e-12)
    assert main(["forecast", str(folder), "--horizon", "2", "--out", str(out)]) == 0  # an explicit one wins
    assert capsys.readouterr().out.startswith("forecast 2 steps of one series, targets 'A', 'B'")
    assert len(pd.read_csv(out)) == 2 * 2
    assert main(["forecast", "--help"]) == 0
    assert "default: the model's horizon" in " ".join(capsys.readouterr().out.split())


def test_predict_without_horizon_takes_the_models_own(two_targets):
    import warnings

    f, folder = two_targets
    pd.testing.assert_frame_equal(f.predict(), f.predict(3))
    pd.testing.assert_frame_equal(wavecast.load(folder).predict(), f.predict(3))
    pd.testing.assert_frame_equal(wavecast.Forecaster.load(folder).predict(), f.predict(3))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", wavecast.WavecastNote)
        r = wavecast.fit(np.sin(np.arange(120) / 4) + 2, kind="recursive", epochs=1, horizon=5, input_len=12)
    assert r.horizon_ == 5 and r.predict().shape == (5,)


def ragged(drop: int = 12) -> pd.DataFrame:
    """Four monthly shops, 'c' ending `drop` months before the others (2020-12)."""
    rng = np.random.default_rng(1)
    parts = []
    for sid in "abcd":
        t = pd.date_range("2015-01-01", periods=72 - (drop if sid == "c" else 0), freq="MS")
        y = 50 + 10 * np.sin(np.arange(len(t)) * 2 * np.pi / 12) + rng.normal(0, 1, len(t))
        parts.append(pd.DataFrame({"shop": sid, "month": t, "sold": y}))
    return pd.concat(parts, ignore_index=True)


def test_a_series_that_ended_early_is_named_in_a_note_and_forecast_as_before(tmp_path, capsys):
    said = ("1 of 4 series ends before the panel's last time 2020-12-01: 'c' at 2019-12-01 (12 steps earlier); "
            "it is forecast from its own end, so its forecast starts in the other series' past")
    with pytest.warns(wavecast.WavecastNote) as fitted:
        f = wavecast.fit(ragged(), target="sold", time="month", id="shop", direct__max_epochs=1, horizon=3)
    assert said in [str(w.message) for w in fitted]  # the run's notes
    with warnings.catch_warnings(record=True) as told:  # fit said it: predict does not say it again
        warnings.simplefilter("always")
        fc = f.predict(3)
    assert [str(w.message) for w in told] == [] and f.notes == [said]
    # the forecast itself is as it was: each series from its own end
    starts = fc.groupby("shop")["month"].min()
    assert starts["c"] == pd.Timestamp("2020-01-01") and (starts.drop("c") == pd.Timestamp("2021-01-01")).all()
    # the command line prints it, for the model's own series and for a file's
    f.save(tmp_path / "run")
    ragged().to_csv(tmp_path / "r.csv", index=False)
    for data in ([], ["--data", str(tmp_path / "r.csv")]):
        capsys.readouterr()
        assert main(["forecast", str(tmp_path / "run"), *data, "--out", str(tmp_path / "f.csv")]) == 0
        assert f"note: {said}\n" in capsys.readouterr().out
    # a panel that ends together says nothing of it
    f.predict(3, ragged(0))
    assert not any("before the panel's last time" in n for n in f.notes)


def test_the_note_counts_and_ranges_many_early_series():
    from wavecast.data.reader import from_object
    from wavecast.forecast_checks import early_ends_note

    df = ragged(0)
    late = [df[df.shop == "a"].iloc[: 72 - k].assign(shop=f"e{k}") for k in range(1, 8)]
    note = early_ends_note(from_object(pd.concat([df, *late]), target="sold", time="month", id="shop"))
    assert note.startswith("7 of 11 series end before the panel's last time 2020-12-01, by 1 to 7 steps: "
                           "'e7' at 2020-05-01 (7 steps earlier), 'e6' at 2020-06-01 (6 steps earlier), ")
    assert "'e3' at 2020-09-01 (3 steps earlier) and 2 more; each is forecast from its own end" in note
    assert early_ends_note(from_object(df, target="sold", time="month", id="shop")) == ""
    steps = pd.DataFrame({"id": ["a"] * 30 + ["b"] * 25, "t": [*range(0, 60, 2), *range(0, 50, 2)],
                          "y": np.arange(55.0)})  # an integer axis of step 2: 'b' ends 5 steps early
    assert "'b' at 48 (5 steps earlier)" in early_ends_note(from_object(steps, target="y", time="t", id="id"))
    # several a month short alike (ggplot2's txhousing: 6 cities end in 2015-06): the count said once
    same = [df[df.shop == "a"].iloc[:71].assign(shop=f"s{k}") for k in range(3)]
    note = early_ends_note(from_object(pd.concat([df, *same]), target="sold", time="month", id="shop"))
    assert note.startswith("3 of 7 series end before the panel's last time 2020-12-01, each by 1 step: 's0' at "
                           "2020-11-01, 's1' at 2020-11-01, 's2' at 2020-11-01; each is forecast from its own end")


def test_fit_and_run_give_the_callers_torch_threads_back(monkeypatch):
    """train.threads (1) for the run, the caller's count after: wavecast sets torch's threads and
    gives them back itself (training.threads.torch_threads), as predict and run_backtest do. Here
    threadpoolctl gives back the BLAS threads alone, as where it does not see torch's OpenMP (a
    torch of its own thread pool): the run's restore of every library it saw was what gave torch's
    count back, by chance, and without it the caller was left on 1 thread."""
    import threadpoolctl
    import torch

    from wavecast.config import load
    from wavecast.experiment import run

    def blas_only(limits=None, user_api=None):
        return threadpoolctl.ThreadpoolController().select(user_api="blas").limit(limits=limits)

    monkeypatch.setattr(threadpoolctl, "threadpool_limits", blas_only)
    before = torch.get_num_threads()
    try:
        torch.set_num_threads(3)
        with pytest.warns(wavecast.WavecastNote):
            f = wavecast.fit(np.sin(np.arange(150) / 4) + 2, horizon=4, direct__max_epochs=1)
        assert torch.get_num_threads() == 3 and f.config.train.threads == 1
        run(load(None, ["train.epochs=1", "model.hidden_size=4"]))
        assert torch.get_num_threads() == 3
    finally:
        torch.set_num_threads(before)
