"""A fresh-eyes safety review's findings: each a way past the promise (one line and exit 2, no
traceback; nothing a user owns overwritten; no hang, no unbounded read) and the check that holds it."""

import re

import pytest

from wavecast.cli import main


@pytest.mark.parametrize("out", [".", "/"])
def test_forecast_out_a_folder_by_name_alone_is_one_line(run_dir, tmp_path, capsys, monkeypatch, out):
    # Path('.').with_name raised ValueError: a traceback and exit 1
    monkeypatch.chdir(tmp_path)
    assert main(["forecast", str(run_dir), "--horizon", "3", "--out", out, "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("\n") == 1, err
    assert re.search(rf"--out {re.escape(out)} is a directory; give a file name", err), err


@pytest.fixture
def alarm():
    """Fail, not hang, where a read blocks (a FIFO): SIGALRM after 10 s raises in the main thread."""
    import signal

    def late(signum, frame):
        raise TimeoutError("blocked for 10 s")

    old = signal.signal(signal.SIGALRM, late)
    signal.alarm(10)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def test_config_on_a_fifo_is_refused_without_blocking(tmp_path, capsys, alarm):
    import os

    fifo = tmp_path / "cfg.toml"
    os.mkfifo(fifo)  # was opened and read: the run waited for a writer forever
    assert main(["run", "--config", str(fifo), "--out", str(tmp_path / "o"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and re.search(r"cannot read config file .*cfg\.toml: it is a FIFO", err), err


def test_a_huge_config_is_refused_before_it_is_read(tmp_path):
    from wavecast.config import load
    from wavecast.errors import ConfigError

    big = tmp_path / "big.toml"
    with open(big, "wb") as f:
        f.truncate(20_000_000)  # sparse: /dev/zero read the same way until memory ran out
    with pytest.raises(ConfigError, match=r"big\.toml is 20\.0 MB, more than the 10 MB wavecast reads"):
        load(big)


def test_resume_from_a_checkpoint_that_is_a_fifo_is_refused_without_blocking(run_dir, capsys, alarm):
    import os

    from test_output_safety import TINY

    ck = run_dir / "checkpoint.safetensors"
    ck.unlink()
    os.mkfifo(ck)  # was read_bytes(): --resume waited for a writer forever (and /dev/zero ate memory)
    assert main(["run", "--out", str(run_dir), *TINY, "--resume"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and re.search(r"cannot read checkpoint .*checkpoint\.safetensors: it is a FIFO", err), err


def test_weights_far_larger_than_model_json_lists_are_refused_before_the_read(run_dir, capsys):
    weights = run_dir / "model" / "weights.safetensors"
    with open(weights, "r+b") as f:
        f.truncate(50_000_000)  # sparse; 3 GB the same way was read whole (3.4 GB resident) to fail its checksum
    assert main(["forecast", str(run_dir), "--horizon", "3", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and re.search(
        r"weights\.safetensors is 50\.0 MB, more than the [\d.]+ MB the tensors model\.json lists can take", err), err


@pytest.mark.parametrize("signum", ["SIGINT", "SIGTERM"])
def test_a_forecast_interrupted_while_drawing_its_plot_leaves_a_matching_pair(run_dir, capsys, monkeypatch, signum):
    import os
    import signal

    from wavecast.cli import forecast_cmd
    from wavecast.io.own_files import _vouched

    assert main(["forecast", str(run_dir), "--horizon", "3", "--quiet"]) == 0
    real = forecast_cmd._plot

    def interrupted(*args, **kwargs):
        os.kill(os.getpid(), getattr(signal, signum))  # Ctrl-C (or kill PID) as the plot is drawn
        return real(*args, **kwargs)

    monkeypatch.setattr(forecast_cmd, "_plot", interrupted)
    assert main(["forecast", str(run_dir), "--horizon", "5", "--quiet"]) in (130, 143)
    capsys.readouterr()
    csv, png = run_dir / "forecast.csv", run_dir / "forecast_plot.png"
    # the table and its plot agree: the new table beside the old plot (it showed the 3-step forecast and
    # vouched for its table) made the next forecast to the same file refused as not wavecast's
    assert _vouched(csv, png) and len(csv.read_text().splitlines()) == 1 + 5  # both written, then the stop
    monkeypatch.setattr(forecast_cmd, "_plot", real)
    assert main(["forecast", str(run_dir), "--horizon", "4", "--quiet"]) == 0, capsys.readouterr().err


def test_a_backtest_interrupted_while_writing_leaves_no_folder(tmp_path, capsys, monkeypatch):
    import wavecast.experiment_files as files
    from test_output_safety import TINY

    def stopped(bt, out):  # Ctrl-C as report.html is written, after config.json and metrics.json
        raise KeyboardInterrupt

    monkeypatch.setattr(files, "save_backtest", stopped)
    out = tmp_path / "bt"
    assert main(["backtest", "--out", str(out), *TINY, "--origins", "2"]) == 130
    capsys.readouterr()
    # built in place, it left bt/ with some of its files (a backtest for a whole one, said nowhere)
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_model_save_interrupted_in_python_leaves_no_folder(tmp_path, monkeypatch):
    import numpy as np

    import wavecast
    import wavecast.io.modelsave as modelsave

    f = wavecast.fit(np.sin(np.arange(60) / 3), input_len=5, horizon=2, test_len=2, epochs=1,
                     overrides=["model.hidden_size=2"])

    def stopped(path, meta):  # Ctrl-C in a notebook after the weights, before model.json
        raise KeyboardInterrupt

    monkeypatch.setattr(modelsave.jsonstream, "write_json", stopped)
    with pytest.raises(KeyboardInterrupt):
        f.save(tmp_path / "saved")
    # built in place, it left saved/model/weights.safetensors without model.json: not loadable, and the
    # next f.save(same folder) was refused as 'already holds a run (model/)'
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    monkeypatch.undo()
    f.save(tmp_path / "saved")
    assert np.allclose(wavecast.load(tmp_path / "saved").predict(2), f.predict(2))


@pytest.mark.parametrize("signum, code, how", [("SIGINT", 130, "interrupted by SIGINT"),
                                               ("SIGTERM", 143, "terminated by SIGTERM")])
def test_a_new_run_stopped_while_its_files_are_written_says_it_is_incomplete(tmp_path, capsys, monkeypatch,
                                                                             signum, code, how):
    import os
    import signal

    import wavecast.experiment_files as files
    from test_output_safety import TINY

    real = files.save_model

    def stopped(result, folder):  # after metrics.json and the model, before the figures and report.html
        real(result, folder)
        os.kill(os.getpid(), getattr(signal, signum))

    monkeypatch.setattr(files, "save_model", stopped)
    out = tmp_path / "run"
    assert main(["run", "--out", str(out), *TINY]) == code
    err = capsys.readouterr().err
    # it said only 'wavecast: interrupted', beside a folder with metrics.json and model/ and no report.html
    assert not (out / "report.html").exists() and (out / "metrics.json").exists()
    assert f"wavecast: {how} while {out} was written: it is incomplete" in err, err
    assert re.search(r"\nresume with: wavecast run .*--resume\n$", err), err
    monkeypatch.undo()
    assert main(["run", "--out", str(out), *TINY, "--resume"]) == 0  # the command it gives finishes the run
    assert (out / "report.html").is_file()


def _resealed(folder, tensors: dict, listed: dict | None = None) -> None:
    """Rewrite folder's weights with `tensors` and re-seal model.json (both checksums) as a tool would."""
    import hashlib
    import json

    from safetensors.torch import save

    from wavecast.io.modelformat import _meta_digest

    blob = save(tensors, metadata={"format": "wavecast-model"})
    (folder / "weights.safetensors").write_bytes(blob)
    meta = json.loads((folder / "model.json").read_text())
    meta["tensors"].update(listed or {})
    meta["weights_sha256"] = hashlib.sha256(blob).hexdigest()
    meta["meta_sha256"] = _meta_digest(meta)
    (folder / "model.json").write_text(json.dumps(meta))


@pytest.fixture(scope="module")
def direct_model(tmp_path_factory):
    import numpy as np

    import wavecast

    f = wavecast.fit(np.sin(np.arange(60) / 3), input_len=5, horizon=2, test_len=2, epochs=1,
                     overrides=["model.hidden_size=2"])
    assert f.direct is not None
    return f.save(tmp_path_factory.mktemp("direct") / "saved")


def test_an_extra_tensor_in_a_direct_model_is_named_as_unexpected(direct_model, tmp_path):
    import shutil

    import torch
    from safetensors.torch import load

    import wavecast
    from wavecast.errors import ModelFileError

    m = tmp_path / "model"
    shutil.copytree(direct_model, m)
    tensors = load((m / "weights.safetensors").read_bytes())
    _resealed(m, {**tensors, "evil.extra": torch.zeros(3)}, {"evil.extra": {"shape": [3], "dtype": "float32"}})
    # was "tensor evil.extra has shape (3,), model.json's settings say None"
    with pytest.raises(ModelFileError, match=r"weights\.safetensors does not match model\.json's settings: "
                                             r"unexpected tensor 'evil\.extra'"):
        wavecast.load(m)


def test_integer_weights_are_named_as_such_not_as_non_finite(direct_model, tmp_path):
    import shutil

    import torch
    from safetensors.torch import load

    import wavecast
    from wavecast.errors import ModelFileError

    m = tmp_path / "model"
    shutil.copytree(direct_model, m)
    tensors = load((m / "weights.safetensors").read_bytes())
    name = sorted(tensors)[0]
    _resealed(m, {**tensors, name: tensors[name].to(torch.int32)})
    # was "contains non-finite weights (tensor ...)" of a tensor of whole numbers
    with pytest.raises(ModelFileError, match=rf"holds tensor '{re.escape(name)}' of int32; a model's weights are "
                                             "floating point"):
        wavecast.load(m)


def test_a_file_without_rows_names_its_columns_in_one_short_line(tmp_path, capsys):
    junk = tmp_path / "junk.csv"
    junk.write_bytes(b"\xd8" * 100_000)  # binary junk without a NUL byte, read as latin-1 as the advice says
    assert main(["run", "--data", str(junk), "--encoding", "latin-1", "--out", str(tmp_path / "o"), "--quiet"]) == 2
    err = capsys.readouterr().err
    # it printed the 100,000-character 'column name' whole
    assert err.count("\n") == 1 and len(err) < 400, len(err)
    assert re.search(r"junk\.csv has no data rows \(columns: Ø{39}…\)", err), err
    wide = tmp_path / "wide.csv"
    wide.write_text(",".join(f"c{i}" for i in range(500)) + "\n")
    assert main(["run", "--data", str(wide), "--out", str(tmp_path / "o"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "(columns: c0, c1, c2, c3, c4, c5, c6, c7, c8, c9 and 490 more)" in err, err
