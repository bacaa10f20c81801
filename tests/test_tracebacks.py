"""Issue 13, item 6: inputs and faults that ended in a traceback now end in one clear line.

Each case: exit code 2 through main([...]) (or a WavecastError through the API), a message
naming the offending item, no traceback, and no file changed (the folder hashed before/after).
"""

import errno
import json
import math
import os
import re

import numpy as np
import pandas as pd
import pytest

import wavecast
from test_output_safety import TINY, _hashes, _refused
from wavecast.cli import main
from wavecast.errors import ConfigError, ModelFileError, ValidationError


def test_a_20_digit_seed(tmp_path, capsys):
    _refused(["run", "--out", str(tmp_path / "o"), *TINY, "--seed", "99999999999999999999"], capsys,
             r"seed must be an integer from 0 to 18446744073709551615 \(got 99999999999999999999\)", tmp_path)
    assert not (tmp_path / "o").exists()
    with pytest.raises(ConfigError, match=r"seed must be an integer from 0 to 18446744073709551615"):
        wavecast.fit(np.sin(np.arange(60) / 3), input_len=5, horizon=2, test_len=2, epochs=1, seed=10**20)


def test_a_20_digit_seed_for_a_recipe(tmp_path, capsys):
    _refused(["recipe", "elman-by-hand", "--quick", "--out", str(tmp_path / "o"), "--seed", "9" * 20], capsys,
             r"--seed must be an integer from 0 to 18446744073709551615", tmp_path)


def test_a_huge_learning_rate_with_adam(tmp_path, capsys):
    _refused(["run", "--out", str(tmp_path / "o"), *TINY, "--set", "train.lr=1e38"], capsys,
             r"train\.lr must be a number > 0 and <= 1e\+30 \(got 1e\+38\)", tmp_path)
    with pytest.raises(ConfigError, match=r"^lr must be a number > 0"):  # Python's keyword, not train.lr
        wavecast.fit(np.sin(np.arange(60) / 3), input_len=5, horizon=2, test_len=2, epochs=1,
                     overrides=["train.lr=1e38"])


def test_the_largest_learning_rate_allowed_trains_or_stops_cleanly(tmp_path, capsys):
    rc = main(["run", "--out", str(tmp_path / "o"), *TINY, "--set", "train.lr=1e30"])
    err = capsys.readouterr().err
    assert rc in (0, 2) and "Traceback" not in err and err.count("\n") <= 1, err


def test_a_signal_of_10_to_the_11_samples(tmp_path, capsys):
    _refused(["run", "--out", str(tmp_path / "o"), *TINY, "--set", "signal.length=100000000000"], capsys,
             r"signal\.length must be an integer from 1 to 100000000 \(got 100000000000\)", tmp_path)


def test_a_5000_digit_override(tmp_path, capsys):
    _refused(["run", "--out", str(tmp_path / "o"), *TINY, "--set", "train.epochs=" + "9" * 5000], capsys,
             r"train\.epochs must be an integer \(got '9{40}'\.\.\. \(5000 characters\)\)", tmp_path)


def test_forecast_out_to_a_directory(run_dir, tmp_path, capsys):
    _refused(["forecast", str(run_dir), "--horizon", "3", "--out", str(run_dir / "model"), "--quiet"],
             capsys, rf"--out {re.escape(str(run_dir / 'model'))} is a directory", tmp_path)


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES])
def test_forecast_out_on_a_read_only_file_system(run_dir, tmp_path, capsys, monkeypatch, code):
    import wavecast.io.atomic as atomic

    def refuse(*a, **k):  # tests run as root: chmod would not bite, so the OS call fails here
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)
    out = tmp_path / "ro" / "f.csv"
    (tmp_path / "ro").mkdir()
    # the plot is written first (then the table it vouches for): the first file that cannot be written
    _refused(["forecast", str(run_dir), "--horizon", "3", "--out", str(out), "--quiet"], capsys,
             rf"^wavecast: error: {re.escape(str(out.with_name('f_plot.png')))}: {os.strerror(code)}; choose another --out",
             tmp_path)


def test_forecast_out_on_a_full_file_system(run_dir, tmp_path, capsys, monkeypatch):
    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    out = run_dir / "forecast_plot.png"  # written first, then the table: the old pair is kept whole
    assert main(["forecast", str(run_dir), "--horizon", "3", "--quiet"]) == 0  # an old forecast to keep
    monkeypatch.setattr(os, "fsync", full)
    _refused(["forecast", str(run_dir), "--horizon", "4", "--quiet"], capsys,
             rf"^wavecast: error: {re.escape(str(out))}: No space left on device; free some space", tmp_path)
    assert not list(run_dir.glob(".*.tmp"))


def test_recipe_out_onto_a_file(tmp_path, capsys):
    target = tmp_path / "notes.txt"
    target.write_text("mine")
    _refused(["recipe", "elman-by-hand", "--quick", "--out", str(target)], capsys,
             rf"--out {re.escape(str(target))} is a file, not a folder", tmp_path)


@pytest.mark.parametrize("env, pattern", [
    ({"WORLD_SIZE": "abc"}, r"environment variable WORLD_SIZE='abc' must be a whole number"),
    ({"WORLD_SIZE": "2"}, r"WORLD_SIZE=2 is set but RANK is not; start the processes with torchrun"),
    ({"WORLD_SIZE": "2", "RANK": "x1"}, r"environment variable RANK='x1' must be a whole number"),
    ({"WORLD_SIZE": "2", "RANK": "5"}, r"RANK=5 must be below WORLD_SIZE=2"),
])
def test_bad_torchrun_environment(tmp_path, capsys, monkeypatch, env, pattern):
    monkeypatch.delenv("RANK", raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    _refused(["run", "--out", str(tmp_path / "o"), *TINY], capsys, pattern, tmp_path)
    assert not (tmp_path / "o").exists()


def _csv_with(tmp_path, cell: str, header: str = "value", row: int = 50):
    lines = [header] + [str(i % 7) if "," not in header else f"{i},{i % 7}" for i in range(120)]
    lines[row] = cell
    path = tmp_path / "data.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_a_400_digit_integer_in_a_csv(tmp_path, capsys):
    data = _csv_with(tmp_path, "1" + "0" * 399)
    _refused(["run", "--data", str(data), "--out", str(tmp_path / "o"), *TINY], capsys,
             r"value at row 50 of column 'value' in .*data\.csv is an integer of 400 digits; it does not fit "
             r"in float32", tmp_path)


def test_a_400_digit_integer_beside_a_time_column_is_not_skipped(tmp_path, capsys):
    # Without the check the huge value made 'value' an object column and 'time' was trained on.
    data = _csv_with(tmp_path, "49," + "1" + "0" * 399, header="time,value")
    _refused(["run", "--data", str(data), "--out", str(tmp_path / "o"), *TINY], capsys,
             r"value at row 50 of column 'value' .* integer of 400 digits", tmp_path)


def test_a_400_digit_integer_through_the_api():
    df = pd.DataFrame({"v": [10**399, *range(100)]})
    with pytest.raises(ValidationError, match=r"row 1 of column 'v' .* integer of 400 digits"):
        wavecast.fit(df, target="v", input_len=5, horizon=2, test_len=2, epochs=1)


@pytest.mark.parametrize("target", ["a", ""])
def test_two_columns_with_the_same_name(target):
    x = np.sin(np.arange(80) / 3)
    df = pd.DataFrame(np.c_[x, x, x], columns=["t", "a", "a"])
    with pytest.raises(ValidationError, match=r"the DataFrame has 2 columns named 'a'; give every column"):
        wavecast.fit(df, target=target, input_len=5, horizon=2, test_len=2, epochs=1)


def test_a_5000_digit_integer_in_model_json(run_dir, tmp_path, capsys):
    path = run_dir / "model" / "model.json"
    text = path.read_text()
    path.write_text(re.sub(r'"input_len": \d+', '"input_len": ' + "9" * 5000, text, count=1))
    _refused(["forecast", str(run_dir), "--horizon", "3", "--quiet"], capsys,
             rf"{re.escape(str(path))} is damaged: Exceeds the limit \(4300 digits\)", tmp_path)
    with pytest.raises(ModelFileError, match="is damaged"):
        wavecast.load(run_dir)


def test_subnormal_values_write_a_strict_metrics_json(tmp_path, capsys):
    # Was "Out of range float values are not JSON compliant: inf" after training (MASE's scale
    # was subnormal). Now the run is written with finite metrics, or refused in one line.
    x = np.sin(np.arange(120) / 3) * 1e-310
    data = tmp_path / "sub.csv"
    pd.DataFrame({"value": x}).to_csv(data, index=False)
    out = tmp_path / "o"
    rc = main(["run", "--data", str(data), "--out", str(out), *TINY])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if rc == 2:  # refused up front: one line naming the column
        assert err.count("\n") == 1 and "'value'" in err and not out.exists()
        return
    assert rc == 0, err

    def finite(node):
        if isinstance(node, dict):
            return all(finite(v) for v in node.values())
        if isinstance(node, list):
            return all(finite(v) for v in node)
        return not isinstance(node, float) or math.isfinite(node)

    metrics = json.loads((out / "metrics.json").read_text(), parse_constant=lambda c: pytest.fail(c))
    assert finite(metrics)


def test_subnormal_values_through_the_api():
    x = np.sin(np.arange(120) / 3) * 1e-310
    try:
        f = wavecast.fit(x, input_len=10, horizon=5, test_len=5, epochs=1)
    except ValidationError:
        return
    json.dumps(f.metrics, allow_nan=False)  # strict JSON: no inf, no nan


def test_an_unexpected_os_error_is_one_line_naming_the_path(run_dir, tmp_path, capsys, monkeypatch):
    import wavecast.api as api

    def eio(*a, **k):
        raise OSError(errno.EIO, os.strerror(errno.EIO), str(run_dir / "model" / "weights.safetensors"))

    monkeypatch.setattr(api, "load", eio)
    _refused(["forecast", str(run_dir), "--horizon", "3", "--quiet"], capsys,
             rf"^wavecast: error: {re.escape(str(run_dir))}/model/weights\.safetensors: Input/output error$",
             tmp_path)


def test_hashes_see_a_changed_file(tmp_path):
    # The no-file-changed assertion of every test above must be able to fail.
    (tmp_path / "a").write_text("1")
    before = _hashes(tmp_path)
    (tmp_path / "a").write_text("2")
    assert _hashes(tmp_path) != before


@pytest.mark.parametrize("item, pattern", [
    ("model.hidden_size=1000000000000", r"model\.hidden_size must be an integer from 1 to 65536"),
    ("model.hidden_size=20000", r"model\.hidden_size 20000 x model\.num_layers 1 makes about 11\.9 GiB of lstm "
                                r"weights; at most 4 GiB"),
    ("model.num_layers=1000000000000", r"model\.num_layers must be an integer from 1 to 1000"),
    ("train.threads=1000000", r"train\.threads must be an integer from 1 to 1024"),
    ("window.stride=" + "1" * 21, r"window\.stride must be an integer from 1 to 1000000000"),
    ("train.lbfgs_history=" + "1" * 15, r"train\.lbfgs_history must be an integer from 1 to 10000"),
])
def test_model_and_thread_sizes_torch_cannot_allocate(tmp_path, capsys, item, pattern):
    # Were: torch's allocator traceback, a hang building 10^12 layers, oneDNN's "could not
    # create a primitive".
    _refused(["run", "--out", str(tmp_path / "o"), *TINY, "--set", item], capsys, pattern, tmp_path)


@pytest.mark.parametrize("code, fix", [(errno.EPERM, "choose another --out or fix the permissions"),
                                       (errno.EROFS, "choose another --out on a writable file system")])
def test_run_out_in_a_folder_it_may_not_write_says_what_to_do(tmp_path, capsys, monkeypatch, code, fix):
    """run --out in a folder it may not write (read-only, immutable) said 'cannot create the lock
    file ...: Operation not permitted' and no more; forecast's --out said what to do."""
    import wavecast.io.rundir as rundir

    real = os.open

    def refuse(path, *a, **k):  # tests run as root: chmod would not bite, so the OS call fails here
        if str(path).endswith(".wavecast-lock"):
            raise OSError(code, os.strerror(code))
        return real(path, *a, **k)

    monkeypatch.setattr(rundir.os, "open", refuse)
    _refused(["run", "--out", str(tmp_path / "o"), *TINY], capsys,
             rf"^wavecast: error: cannot create the lock file .*: {os.strerror(code)}; {fix}$", tmp_path)


@pytest.mark.parametrize("command", [["run"], ["backtest", "--origins", "2"], ["demo"]])
def test_a_negative_seed_is_refused_in_the_flags_words(tmp_path, capsys, command):
    """--seed -5 said 'seed must be an integer >= 0 (got -5)', the config key's words (run,
    backtest, demo); recipe said --seed."""
    _refused([*command, "--out", str(tmp_path / "o"), *TINY, "--seed", "-5"], capsys,
             r"^wavecast: error: --seed must be an integer from 0 to 18446744073709551615 \(got -5\)$", tmp_path)
    assert not (tmp_path / "o").exists()
