"""Kill a real training process and resume it: the result must not notice (F8-F10, R1-R3).

One chain of processes trains a tiny LSTM, checkpointing after every step. Each link is
stopped at a random moment of its training (SIGKILL x5, SIGKILL inside the write window
through the test-only hook) and the next link resumes it; then SIGTERM and SIGINT stop two
resumes run in this process, and the last resume runs to the end. The final weights and metrics.json must equal an uninterrupted run's
bit for bit (CPU, same torch, one thread). A non-atomic writer must fail the same check.

Processes are waited for by polling the checkpoint file: the only way to catch a moment
inside another process's training. Each `python -m wavecast` costs ~3 s of imports, so the
killed processes are forked from a server that paid them once (tests/faults.py --serve).
"""

import contextlib
import json
import os
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch

from wavecast.cli import main
from wavecast.io import checkpoint as ck

CONFIG = """name = "resume-test"
[signal]
length = 200
period = 20.0
[window]
input_len = 10
horizon = 10
test_len = 10
[model]
hidden_size = 4
[train]
epochs = 60
batch_size = 16
rollout_steps = 2
[eval]
max_ar_order = 5
"""


@pytest.fixture
def config(tmp_path):
    path = tmp_path / "tiny.toml"
    path.write_text(CONFIG)
    return path


def _argv(config, out, *extra):
    return ["run", "--config", str(config), "--out", str(out), "--quiet", *extra]


FAULTS = str(Path(__file__).parent / "faults.py")  # the fault hooks live there, not in wavecast


class _Forked:
    """One `wavecast ARGV` run forked by the server: the parts of subprocess.Popen used here."""

    def __init__(self, server, argv, fault, err: Path):
        self.server, self.err, self.returncode = server, err, None
        server.send({"argv": [str(a) for a in argv], "fault": fault, "err": str(err)})
        self.pid = server.receive(None)["pid"]

    def poll(self):
        if self.returncode is None:
            answer = self.server.receive(0.0)
            if answer is not None:
                self.returncode = answer["returncode"]
        return self.returncode

    def wait(self, timeout):
        if self.returncode is None:
            answer = self.server.receive(timeout)
            if answer is None:
                raise subprocess.TimeoutExpired(f"wavecast (pid {self.pid})", timeout)
            self.returncode = answer["returncode"]
        return self.returncode

    def send_signal(self, sig):
        os.kill(self.pid, sig)

    def communicate(self, timeout=None):
        self.wait(timeout)
        return "", self.err.read_text()


class _Server:
    """tests/faults.py --serve: imports wavecast once, forks one run at a time."""

    def __init__(self, folder: Path):
        self.folder, self.n, self.buf = folder, 0, b""
        self.proc = subprocess.Popen([sys.executable, FAULTS, "--serve"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, env=dict(os.environ))

    def send(self, request):
        self.proc.stdin.write((json.dumps(request) + "\n").encode())
        self.proc.stdin.flush()

    def receive(self, timeout):
        """The server's next answer, or None if none came within `timeout` s (None: wait)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        while b"\n" not in self.buf:
            left = None if deadline is None else max(deadline - time.monotonic(), 0.0)
            if not select.select([fd], [], [], left)[0]:
                return None
            chunk = os.read(fd, 4096)
            assert chunk, "the fork server ended"
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def spawn(self, argv, fault=None):
        self.n += 1
        return _Forked(self, argv, fault, self.folder / f"stderr-{self.n}.txt")

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    s = _Server(tmp_path_factory.mktemp("forked"))
    yield s
    s.close()


def _inode(path):
    try:
        return os.stat(path).st_ino
    except FileNotFoundError:
        return None


def _wait_for_new_checkpoint(proc, path, old, timeout=120.0):
    """Poll until `proc` has replaced the checkpoint at least once (it is training)."""
    deadline = time.monotonic() + timeout
    while _inode(path) in (None, old):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "no checkpoint written"
        time.sleep(0.005)


def _final_state(out):
    return ck.load(out / ck.FILENAME)["model"], (out / "metrics.json").read_text()


def _resumed_equal(config, out, reference) -> bool:
    """The check of F8/F9: resume to the end; same weights and metrics as `reference`."""
    if main(_argv(config, out, "--checkpoint-every", "1", "--resume")) != 0:
        return False
    weights, metrics = _final_state(out)
    ref_weights, ref_metrics = reference
    same = weights.keys() == ref_weights.keys() and all(torch.equal(weights[k], ref_weights[k]) for k in weights)
    return same and metrics == ref_metrics


@pytest.fixture
def reference(config, tmp_path):
    out = tmp_path / "reference"
    assert main(_argv(config, out)) == 0
    return _final_state(out)


def _signal_in_process(config, out, sig, delay, capsys):
    """Run --resume here; a helper thread sends `sig` to this process once training has
    replaced the checkpoint, after `delay` s. Returns (exit code, stderr, seconds to stop)."""
    import threading

    path = out / ck.FILENAME
    old, sent = _inode(path), {}

    def fire():
        deadline = time.monotonic() + 120
        while _inode(path) == old and time.monotonic() < deadline:
            time.sleep(0.002)
        time.sleep(delay)
        sent["t"] = time.perf_counter()
        os.kill(os.getpid(), sig)

    capsys.readouterr()
    thread = threading.Thread(target=fire, daemon=True)
    thread.start()
    code = main(_argv(config, out, "--checkpoint-every", "1", "--resume"))
    stopped = time.perf_counter() - sent["t"]
    thread.join()
    return code, capsys.readouterr().err, stopped


def test_kills_at_random_moments_then_resume_is_bit_identical(config, tmp_path, reference, server, capsys):
    """5 SIGKILLs of real processes at random moments, 1 inside the write window; then a
    SIGTERM and a SIGINT (in this process: the handler is the same, the imports are not
    paid twice more); the last resume runs to the end here."""
    rnd = random.Random(20240607)
    out = tmp_path / "run"
    path = out / ck.FILENAME
    for i, how in enumerate(["kill"] * 5 + ["write"]):
        argv = _argv(config, out, "--checkpoint-every", "1", *(["--resume"] if i else []))
        if how == "write":  # SIGKILL by the process itself between temp write and rename
            proc = server.spawn(argv, fault="kill-in-write:3")
        else:
            old = _inode(path)
            proc = server.spawn(argv)
            _wait_for_new_checkpoint(proc, path, old)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=rnd.uniform(0.0, 0.3))
            assert proc.poll() is None, "training ended before the kill; lengthen CONFIG"
            proc.send_signal(signal.SIGKILL)
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == -signal.SIGKILL, err
        if how == "write":
            temps = list(out.glob(f".{ck.FILENAME}.*.tmp"))
            assert len(temps) == 1, "the kill did not land inside the write window"
            ck.load(path)  # the previous checkpoint is whole
    stops = {}
    for sig, code in ((signal.SIGTERM, 143), (signal.SIGINT, 130)):
        got, err, stops[sig.name] = _signal_in_process(config, out, sig, rnd.uniform(0.0, 0.3), capsys)
        assert got == code, err
        assert f"interrupted by {sig.name} at epoch" in err and "checkpoint saved to" in err
        assert "resume with: wavecast run --config" in err and err.rstrip().endswith("--resume")
        assert "Traceback" not in err and err.count("\n") == 2
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # handlers restored
    assert _resumed_equal(config, out, reference)
    assert not list(out.glob("*.tmp")) and not list(out.glob(".*.tmp"))
    # R3: a graceful stop takes one step and one save (~10-20 ms here); 2 s allows for load.
    assert max(stops.values()) < 2.0, stops
    capsys.readouterr()
    print(f"R3 time to stop: {json.dumps(stops)}", file=sys.stderr)


def test_a_non_atomic_writer_fails_the_same_check(config, tmp_path, reference, server):
    """The control: the same kill inside the write window, with the file written in place."""
    out = tmp_path / "control"
    proc = server.spawn(_argv(config, out, "--checkpoint-every", "1"), fault="nonatomic-kill:3")
    proc.communicate(timeout=120)
    assert proc.returncode == -signal.SIGKILL
    assert not _resumed_equal(config, out, reference)


TINY = ["--quiet", "--set", "model.hidden_size=2", "--set", "train.epochs=1", "--set", "signal.length=120",
        "--set", "window.input_len=10", "--set", "window.horizon=5", "--set", "window.test_len=5"]


def _one_line_error(argv, capsys) -> str:
    capsys.readouterr()
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    return err


def test_an_existing_run_is_kept_unless_overwrite_or_resume(tmp_path, capsys):
    out = tmp_path / "run"
    assert main(["run", "--out", str(out), *TINY]) == 0
    err = _one_line_error(["run", "--out", str(out), *TINY], capsys)
    assert "already holds a run (metrics.json, checkpoint.safetensors); pass --overwrite" in err
    assert main(["run", "--out", str(out), *TINY, "--overwrite"]) == 0
    err = _one_line_error(["run", "--out", str(tmp_path / "new"), *TINY, "--resume"], capsys)
    assert "nothing to resume: " in err and "checkpoint.safetensors does not exist; run without --resume" in err
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    err = _one_line_error(["run", "--out", str(blocker / "sub"), *TINY], capsys)
    assert f"cannot create the output folder {blocker / 'sub'}: Not a directory" in err


def test_disk_full_while_saving_leaves_every_file_whole(tmp_path, capsys, monkeypatch):
    """F12/R5: the fault hits the first output write; every file keeps its previous bytes."""
    import errno

    out = tmp_path / "run"
    assert main(["run", "--out", str(out), *TINY]) == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    err = _one_line_error(["run", "--out", str(out), *TINY, "--resume"], capsys)
    assert f"cannot write the run folder {out}: No space left on device; files already there are intact" in err
    monkeypatch.undo()
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before  # no partial file, no temp file, nothing changed
