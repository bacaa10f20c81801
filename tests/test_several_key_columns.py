"""A long file whose series are named by several columns together (fpp2's prisonLF: state, gender
and legal status name 32 quarterly series) is refused with the pandas line that joins them into
one id column. It was told "timestamp 2005-03-01 appears 32 times (rows 1, 49, ...); drop the
duplicates" (without --id), "... appears 4 times ... for id 'ACT'; drop the duplicates" (--id
state), and --id state,gender,legal was "column 'state,gender,legal' (--id) not found"."""

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.cli import main
from wavecast.data.reader import read
from wavecast.errors import ValidationError

JOIN = (
    "join them into one, df['series'] = df['state'].astype(str) + '/' + df['gender'].astype(str), "
    "and pass --id series"
)


def _prison(tmp_path):
    t = pd.date_range("2005-03-01", periods=16, freq="QS-MAR").strftime("%Y-%m-%d")
    rows = [
        (s, g, d, 100.0 + 10 * i + k)
        for i, (s, g) in enumerate([(s, g) for s in ("ACT", "NSW") for g in ("Female", "Male")])
        for k, d in enumerate(t)
    ]
    df = pd.DataFrame(rows, columns=["state", "gender", "t", "count"])
    df.to_csv(tmp_path / "prison.csv", index=False)
    return df, tmp_path / "prison.csv"


def _err(capsys, args):
    assert main(["run", *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    return err


def test_the_cli_names_the_join_without_id_with_one_key_and_with_several(tmp_path, capsys):
    _, path = _prison(tmp_path)
    out = ["--out", str(tmp_path / "r")]
    err = _err(capsys, ["--data", str(path), "--target", "count", *out])
    assert (
        "looks like 4 series stacked in long format" in err
        and "columns state, gender together" in err
    )
    assert err.rstrip().endswith(JOIN)
    err = _err(capsys, ["--data", str(path), "--target", "count", "--id", "state", *out])
    assert "repeat within each id of column 'state', and gender tell those rows apart" in err
    assert err.rstrip().endswith(JOIN)
    err = _err(capsys, ["--data", str(path), "--target", "count", "--id", "state,gender", *out])
    assert (
        "one column names the series (--id), not 2 (state, gender)" in err
        and err.rstrip().endswith(JOIN)
    )


def test_python_says_it_in_keywords_and_the_join_runs(tmp_path):
    df, _ = _prison(tmp_path)
    with pytest.raises(
        ValidationError, match=r"one column names the series \(id=\.\.\.\): .*and pass id='series'$"
    ):
        wavecast.fit(df, target="count", time="t", id="state")
    df["series"] = df["state"].astype(str) + "/" + df["gender"].astype(str)
    df.to_csv(tmp_path / "joined.csv", index=False)
    ds = read(tmp_path / "joined.csv", target="count", id="series")
    assert sorted(ds.ids) == ["ACT/Female", "ACT/Male", "NSW/Female", "NSW/Male"]
    assert all(len(v) == 16 for v in ds.values) and np.isfinite(np.concatenate(ds.values)).all()


def test_a_true_duplicate_is_still_a_duplicate(tmp_path):
    df, _ = _prison(tmp_path)
    one = df[(df.state == "ACT") & (df.gender == "Male")]
    twice = pd.concat([one, one.iloc[[3]]]).sort_values("t", kind="stable")
    twice.to_csv(tmp_path / "dup.csv", index=False)
    with pytest.raises(ValidationError, match="appears twice .*drop the duplicates"):
        read(tmp_path / "dup.csv", target="count", time="t")
