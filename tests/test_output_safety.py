"""Issue 13, item 3: wavecast never overwrites what it did not write.

Each case: exit code 2 with one line naming the offending path (no traceback), and every file
that was there before byte-identical after (hashed). A tiny run is trained once per module and
copied into each test.
"""

import errno
import hashlib
import os
import re
import signal
import stat

import pytest

from wavecast.cli import main
from wavecast.io.run_marker import MARKER
from wavecast.io.rundir import RunFolder

TINY = ["--quiet", "--set", "model.hidden_size=2", "--set", "train.epochs=1", "--set", "signal.length=120",
        "--set", "window.input_len=10", "--set", "window.horizon=5", "--set", "window.test_len=5"]


def _hashes(root) -> dict:
    """Every path under root (files, links, folders) -> what it holds: the tree's fingerprint."""
    out = {}
    for dirpath, dirs, files in os.walk(root):
        for name in dirs + files:
            p = os.path.join(dirpath, name)
            st = os.lstat(p)
            if stat.S_ISREG(st.st_mode):
                with open(p, "rb") as f:
                    out[p] = hashlib.sha256(f.read()).hexdigest()
            elif stat.S_ISLNK(st.st_mode):
                out[p] = "link:" + os.readlink(p)
            else:
                out[p] = stat.S_IFMT(st.st_mode)
    return out


def _refused(argv, capsys, pattern: str, root) -> str:
    """main(argv) exits 2 with one line matching pattern, and nothing under root changed."""
    before = _hashes(root)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("\n") == 1, err
    assert re.search(pattern, err), err
    assert _hashes(root) == before
    return err


def test_a_run_folder_carries_its_marker_and_leaves_no_temporaries(run_dir):
    import json

    assert json.loads((run_dir / MARKER).read_text())["kind"] == "run"
    assert sorted(p.name for p in run_dir.parent.iterdir()) == ["run"]  # no lock, no staging


def test_forecast_refuses_to_write_over_its_input_csv(run_dir, tmp_path, capsys):
    data = tmp_path / "in.csv"
    data.write_text("value\n" + "\n".join(str(i % 7) for i in range(40)) + "\n")
    _refused(["forecast", str(run_dir), "--data", str(data), "--horizon", "3", "--out", str(data), "--quiet"],
             capsys, rf"--out {re.escape(str(data))} is the input file", tmp_path)


def test_forecast_refuses_to_write_over_the_model_json(run_dir, tmp_path, capsys):
    target = run_dir / "model" / "model.json"
    _refused(["forecast", str(run_dir), "--horizon", "3", "--out", str(target), "--quiet"],
             capsys, rf"--out {re.escape(str(target))} is the input file", tmp_path)


def test_forecast_refuses_a_device_node(run_dir, tmp_path, capsys):
    dev = tmp_path / "full"
    try:  # a copy of /dev/full's node: replacing it was the bug (as root); never the real one
        os.mknod(dev, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    except (PermissionError, AttributeError):
        pytest.skip("creating a device node needs root")
    _refused(["forecast", str(run_dir), "--horizon", "3", "--out", str(dev), "--quiet"],
             capsys, rf"--out {re.escape(str(dev))} is not a regular file \(a device", tmp_path)
    assert stat.S_ISCHR(os.lstat(dev).st_mode)


def test_forecast_refuses_a_fifo(run_dir, tmp_path, capsys):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    _refused(["forecast", str(run_dir), "--horizon", "3", "--out", str(fifo), "--quiet"],
             capsys, rf"--out {re.escape(str(fifo))} is not a regular file", tmp_path)


def test_forecast_refuses_to_write_through_a_symlink(run_dir, tmp_path, capsys):
    precious = tmp_path / "precious.csv"
    precious.write_text("time,forecast\n1,2\n")  # even one that looks like a forecast
    link = tmp_path / "link.csv"
    link.symlink_to(precious)
    _refused(["forecast", str(run_dir), "--horizon", "3", "--out", str(link), "--quiet"],
             capsys, rf"--out {re.escape(str(link))} is a symbolic link", tmp_path)


def test_forecast_refuses_a_users_csv_it_did_not_write(run_dir, tmp_path, capsys):
    mine = tmp_path / "sales.csv"
    mine.write_text("date,sales\n2021-01-01,5\n")
    _refused(["forecast", str(run_dir), "--horizon", "3", "--out", str(mine), "--quiet"],
             capsys, rf"--out {re.escape(str(mine))} exists and is not a forecast wavecast wrote", tmp_path)


def test_forecast_refuses_a_users_png_where_its_plot_would_go(run_dir, tmp_path, capsys):
    photo = tmp_path / "f_plot.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n a holiday photo")
    _refused(["forecast", str(run_dir), "--horizon", "3", "--out", str(tmp_path / "f.csv"), "--quiet"],
             capsys, rf"--out \(its plot\) {re.escape(str(photo))} exists and is not a forecast", tmp_path)
    assert not (tmp_path / "f.csv").exists()


def test_forecast_keeps_the_runs_own_forecast_png_and_replaces_its_own_files(run_dir, capsys):
    figure = (run_dir / "forecast.png").read_bytes()
    for _ in range(2):  # the second time it replaces the files it wrote the first time
        assert main(["forecast", str(run_dir), "--horizon", "3", "--quiet"]) == 0
    assert (run_dir / "forecast.png").read_bytes() == figure
    assert (run_dir / "forecast.csv").is_file() and (run_dir / "forecast_plot.png").is_file()


def test_run_never_writes_into_a_users_folder_even_with_overwrite(tmp_path, capsys):
    out = tmp_path / "mine"
    out.mkdir()
    for name in ("config.json", "report.html", "forecast.png"):
        (out / name).write_text(f"the user's own {name}")
    for extra in ([], ["--overwrite"]):
        _refused(["run", "--out", str(out), *TINY, *extra], capsys,
                 rf"--out {re.escape(str(out))} is not empty and was not written by wavecast", tmp_path)


def test_backtest_does_not_mix_its_files_into_a_run_folder(run_dir, tmp_path, capsys):
    _refused(["backtest", "--out", str(run_dir), *TINY, "--origins", "2"], capsys,
             rf"--out {re.escape(str(run_dir))} holds a wavecast run folder, not a backtest; .*--overwrite",
             tmp_path)


def test_demo_does_not_replace_a_trained_model(run_dir, tmp_path, capsys):
    _refused(["demo", "--out", str(run_dir), *TINY], capsys,
             rf"--out {re.escape(str(run_dir))} holds a wavecast run folder, not a demo", tmp_path)


def test_a_second_writer_fails_at_once_with_one_line(run_dir, tmp_path, capsys):
    holder = RunFolder(run_dir, "run", overwrite=True)
    holder.open()  # another process would hold this lock while it trains
    try:
        _refused(["run", "--out", str(run_dir), *TINY, "--overwrite"], capsys,
                 rf"another wavecast process is writing {re.escape(str(run_dir))} \(lock ", run_dir)
    finally:
        holder.close()
    assert not list(tmp_path.glob(".run.wavecast-*"))


def test_overwrite_replaces_the_whole_run_and_leaves_nothing_aside(run_dir, capsys):
    assert main(["forecast", str(run_dir), "--horizon", "3", "--quiet"]) == 0  # a file of the old run
    old_weights = (run_dir / "model" / "weights.safetensors").read_bytes()
    assert main(["run", "--out", str(run_dir), *TINY, "--overwrite", "--set", "model.hidden_size=3"]) == 0
    assert not (run_dir / "forecast.csv").exists()  # the old run went whole, not file by file
    assert (run_dir / "model" / "weights.safetensors").read_bytes() != old_weights
    assert sorted(p.name for p in run_dir.parent.iterdir()) == ["run"]


def test_disk_full_during_overwrite_leaves_the_old_run_whole(run_dir, tmp_path, capsys, monkeypatch):
    import wavecast.experiment_files as experiment  # save writes the model there

    real = experiment.save_model

    def full(result, folder):  # the new weights get written, then the disk fills up
        real(result, folder)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(folder / "model.json"))

    monkeypatch.setattr(experiment, "save_model", full)
    _refused(["run", "--out", str(run_dir), *TINY, "--overwrite", "--set", "model.hidden_size=3"], capsys,
             rf"cannot write the run folder {re.escape(str(run_dir))}: No space left on device; the previous "
             "run in it is unchanged", tmp_path)


def test_sigterm_while_writing_removes_the_half_built_run(run_dir, tmp_path, capsys, monkeypatch):
    import wavecast.experiment_files as experiment  # save writes the model there

    real = experiment.save_model

    def terminated(result, folder):
        real(result, folder)
        os.kill(os.getpid(), signal.SIGTERM)  # as `kill PID` would, mid-save

    monkeypatch.setattr(experiment, "save_model", terminated)
    before = _hashes(tmp_path)
    assert main(["run", "--out", str(run_dir), *TINY, "--overwrite"]) == 143
    assert "terminated" in capsys.readouterr().err
    assert _hashes(tmp_path) == before  # no staging folder, no temp file, no lock; the old run whole
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


def test_the_report_embeds_only_the_figures_its_run_drew(run_dir, capsys):
    import base64

    photo = b"\x89PNG\r\n\x1a\n" + b"my holiday photo" * 20
    (run_dir / "photo.png").write_bytes(photo)
    # --resume rewrites the finished run in place (the folder is wavecast's): the photo stays a
    # file of the folder but never becomes part of the report.
    assert main(["run", "--out", str(run_dir), *TINY, "--resume"]) == 0
    page = (run_dir / "report.html").read_text()
    assert base64.b64encode(photo).decode()[:40] not in page and "photo" not in page
    assert page.count("<img ") == 5  # data, loss, forecast, future, lead time


def test_the_api_saves_only_into_a_folder_of_its_own(tmp_path):
    import numpy as np

    import wavecast
    from wavecast.errors import ValidationError

    f = wavecast.fit(np.sin(np.arange(60) / 3), input_len=5, horizon=2, test_len=2, epochs=1,
                     overrides=["model.hidden_size=2"])
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("mine")
    before = _hashes(mine)
    with pytest.raises(ValidationError, match=r"folder .*mine is not empty and was not written by wavecast"):
        f.save(mine, overwrite=True)
    out = tmp_path / "saved"
    f.save(out)
    assert _hashes(mine) == before
    with pytest.raises(ValidationError, match=r"already holds a run \(model/\); pass overwrite=True"):
        f.save(out)
    weights = (out / "model" / "weights.safetensors").read_bytes()
    f.save(out, overwrite=True)  # replaced whole; the same model, the same bytes
    assert (out / "model" / "weights.safetensors").read_bytes() == weights
    assert np.allclose(wavecast.load(out).predict(2), f.predict(2))


def test_an_interrupted_overwrite_keeps_the_old_run_and_resumes_into_the_new(run_dir, tmp_path, capsys,
                                                                              monkeypatch):
    import wavecast.experiment as experiment
    from wavecast.errors import TrainingInterrupted
    from wavecast.io.checkpoint import FILENAME

    real = experiment.run

    def stopped(cfg, checkpoint=None, **kw):  # trains (checkpointing), then SIGTERM's exception
        real(cfg, checkpoint=checkpoint, **kw)
        raise TrainingInterrupted(signal.SIGTERM, 1, 3, checkpoint.path)

    monkeypatch.setattr(experiment, "run", stopped)
    before = _hashes(run_dir)
    new = ["run", "--out", str(run_dir), *TINY, "--set", "model.hidden_size=3"]
    assert main([*new, "--overwrite"]) == 143
    err = capsys.readouterr().err
    assert f"resume with: wavecast {' '.join(new[:1])}" in err and err.rstrip().endswith("--resume")
    assert _hashes(run_dir) == before  # the old run whole
    staged = tmp_path / ".run.wavecast-new"
    assert (staged / FILENAME).is_file()  # what --resume continues
    monkeypatch.setattr(experiment, "run", real)
    assert main([*new, "--resume"]) == 0
    assert not staged.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["run"]
    assert wavecast_hidden(run_dir) == 3


def wavecast_hidden(folder) -> int:
    import json

    return json.loads((folder / "config.json").read_text())["model"]["hidden_size"]


def test_a_failed_swap_puts_the_old_run_back(run_dir, tmp_path, capsys, monkeypatch):
    real = os.rename

    def fail_the_second(src, dst):  # the old run moves aside, then the new one cannot move in
        if str(src).endswith(".wavecast-new"):
            raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))
        return real(src, dst)

    monkeypatch.setattr(os, "rename", fail_the_second)
    _refused(["run", "--out", str(run_dir), *TINY, "--overwrite", "--set", "model.hidden_size=3"], capsys,
             rf"cannot replace {re.escape(str(run_dir))}: Invalid cross-device link; the previous run is kept",
             tmp_path)


def test_overwrite_refuses_a_run_folder_holding_a_users_file(run_dir, tmp_path, capsys):
    assert main(["forecast", str(run_dir), "--horizon", "3", "--quiet"]) == 0  # wavecast's: fine
    (run_dir / "notes.txt").write_text("what I found in this run")
    (run_dir / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"a photo" * 50)
    _refused(["run", "--out", str(run_dir), *TINY, "--overwrite"], capsys,
             rf"--out {re.escape(str(run_dir))} holds files wavecast did not write \(notes\.txt, photo\.png\); "
             "replacing the folder would delete them", tmp_path)


def test_overwrite_replaces_only_forecast_csvs_wavecast_vouched_for(run_dir, tmp_path, capsys):
    """A CSV in a run folder was taken for wavecast's forecast by its header alone: a user's own
    'day,forecast' file was deleted by `run --overwrite` (exit 0). Now only a CSV whose plot
    (NAME_plot.png) carries its SHA-256, as `forecast --out` asks, is wavecast's to replace."""
    assert main(["forecast", str(run_dir), "--horizon", "3", "--quiet"]) == 0  # forecast.csv + its plot
    (run_dir / "mine.csv").write_text("step,forecast\n120,0.5\n121,0.7\n")  # a user's, with the same header
    _refused(["run", "--out", str(run_dir), *TINY, "--overwrite"], capsys,
             rf"--out {re.escape(str(run_dir))} holds files wavecast did not write \(mine\.csv\); ", tmp_path)
    (run_dir / "mine.csv").unlink()
    with open(run_dir / "forecast.csv", "a") as f:  # wavecast's forecast, edited since: the user's now
        f.write("999,1.0\n")
    _refused(["run", "--out", str(run_dir), *TINY, "--overwrite"], capsys,
             r"holds files wavecast did not write \(forecast\.csv\); ", tmp_path)
    (run_dir / "forecast.csv").unlink()
    assert main(["forecast", str(run_dir), "--horizon", "3", "--quiet"]) == 0
    assert main(["run", "--out", str(run_dir), *TINY, "--overwrite"]) == 0  # its own, as written: replaced
    assert not (run_dir / "forecast.csv").exists()


def test_a_forecast_with_baselines_is_wavecasts_to_replace(run_dir, tmp_path, capsys):
    """`forecast --baselines` adds 'mean', 'last value', ... after the forecast (and its bands):
    that header was not known for wavecast's, so the same command run again refused its own
    file ('not a forecast wavecast wrote') and `run --overwrite` called it the user's."""
    argv = ["forecast", str(run_dir), "--horizon", "3", "--level", "80", "--baselines", "--quiet"]
    assert main(argv) == 0
    header = (run_dir / "forecast.csv").read_text().splitlines()[0]
    assert header.startswith("step,forecast,lo-80,hi-80,mean,last value,"), header
    assert main(argv) == 0, capsys.readouterr().err  # its own file, replaced
    assert main(["run", "--out", str(run_dir), *TINY, "--overwrite"]) == 0, capsys.readouterr().err
    assert not (run_dir / "forecast.csv").exists()


def test_forecast_out_under_a_file_is_refused_before_the_work_naming_the_file(run_dir, tmp_path, capsys):
    """forecast --out afile/f.csv, afile a file: the forecast was made, then the writer's mkdir
    said only 'afile: File exists'."""
    afile = tmp_path / "afile"
    afile.write_text("mine\n")
    for out in (afile / "f.csv", afile / "sub" / "f.csv"):
        _refused(["forecast", str(run_dir), "--horizon", "3", "--out", str(out)], capsys,
                 rf"--out {re.escape(str(out))}: {re.escape(str(afile))} is a file, not a folder; ", tmp_path)


def test_a_forecast_of_the_model_folder_is_wavecasts_to_replace(run_dir, tmp_path, capsys):
    """`forecast RUN/model` (MODEL_DIR may be the model/ folder) writes model/forecast.csv and its
    plot; `run --overwrite` then refused the folder, calling them files wavecast did not write.
    A user's own file in model/ is still refused."""
    assert main(["forecast", str(run_dir / "model"), "--horizon", "3", "--quiet"]) == 0
    assert (run_dir / "model" / "forecast.csv").is_file() and (run_dir / "model" / "forecast_plot.png").is_file()
    (run_dir / "model" / "mine.csv").write_text("step,forecast\n120,0.5\n")
    _refused(["run", "--out", str(run_dir), *TINY, "--overwrite"], capsys,
             rf"--out {re.escape(str(run_dir))} holds files wavecast did not write \(model/mine\.csv\); ", tmp_path)
    (run_dir / "model" / "mine.csv").unlink()
    assert main(["run", "--out", str(run_dir), *TINY, "--overwrite"]) == 0, capsys.readouterr().err
    assert sorted(p.name for p in (run_dir / "model").iterdir()) == ["model.json", "weights.safetensors"]
