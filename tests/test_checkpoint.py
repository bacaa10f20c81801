"""Checkpoints: round trip, resume from any saved moment bit for bit, refusals, damage."""

import errno
import json
import os
import pickle

import numpy as np
import pytest
import torch

from wavecast.config import TrainConfig
from wavecast.data.signals import sine
from wavecast.data.windows import WindowSet
from wavecast.errors import ModelFileError, ValidationError, WavecastError
from wavecast.io import checkpoint as ck
from wavecast.io.checkpoint import CheckpointPlan
from wavecast.models.recurrent import RecurrentNet
from wavecast.training.loop import train

CONFIGS = {
    "adam": TrainConfig(epochs=3, batch_size=16, rollout_steps=2),
    "sgd": TrainConfig(optimizer="sgd", lr=0.1, momentum=0.9, epochs=3, batch_size=16,
                       rollout_steps=0, schedule="none"),
    "lbfgs": TrainConfig(optimizer="lbfgs", lr=1.0, epochs=3, rollout_steps=0, lbfgs_history=5),
    "adam-patience": TrainConfig(epochs=4, batch_size=16, rollout_steps=1, patience=1),
}


def _windows(n=80, phase=0.0, target_len=2):
    return WindowSet.from_segments([sine(n, 20, phase=phase)], input_len=10, target_len=target_len)


def _fit(cfg, plan=None, seed=0, windows=None, val=None, cell="lstm", hidden=4):
    torch.manual_seed(seed)
    net = RecurrentNet(cell, 1, hidden)
    res = train(net, windows or _windows(), cfg, np.random.default_rng(seed), val=val, checkpoint=plan)
    return net, res


def _same_weights(a, b):
    sa, sb = a.state_dict(), b.state_dict()
    return sa.keys() == sb.keys() and all(torch.equal(sa[k], sb[k]) for k in sa)


def test_encode_decode_keeps_int_keys_tuples_none_and_tensors():
    state = {"state": {0: {"step": torch.tensor(3.0), "al": [None, torch.ones(2)]}},
             "param_groups": [{"betas": (0.9, 0.999), "params": [0], "foreach": None}]}
    back = ck.loads(ck.dumps(state))
    assert list(back["state"]) == [0] and back["param_groups"][0]["betas"] == (0.9, 0.999)
    assert back["state"][0]["al"][0] is None and torch.equal(back["state"][0]["al"][1], torch.ones(2))


@pytest.mark.exactbits
@pytest.mark.parametrize("name", list(CONFIGS))
def test_resume_from_every_kind_of_moment_is_bit_identical(name, tmp_path, monkeypatch):
    """Record every checkpoint of a run; resuming from a mid-epoch one and from an epoch-end
    one must end with exactly the weights of the uninterrupted run."""
    cfg = CONFIGS[name]
    val = _windows(40, phase=1.0) if cfg.patience else None
    saved = []
    real_save = ck.save
    monkeypatch.setattr(ck, "save", lambda p, s: (real_save(p, s), saved.append(p.read_bytes())))
    path = tmp_path / ck.FILENAME
    ref, ref_res = _fit(cfg, CheckpointPlan(path, every=2), val=val)
    monkeypatch.setattr(ck, "save", real_save)
    assert len(saved) >= 3
    picks = sorted({1, len(saved) // 2, len(saved) - 2})
    for i in picks:
        path.write_bytes(saved[i])
        net, res = _fit(cfg, CheckpointPlan(path, every=2, resume=True), seed=1, val=val)
        assert _same_weights(net, ref), (name, i)
        assert res.history["train_loss"] == ref_res.history["train_loss"]
        assert res.n_steps == ref_res.n_steps and res.best_epoch == ref_res.best_epoch


@pytest.mark.exactbits
def test_checkpointing_does_not_change_the_result(tmp_path):
    cfg = CONFIGS["adam"]
    plain, _ = _fit(cfg)
    ckpt, _ = _fit(cfg, CheckpointPlan(tmp_path / ck.FILENAME, every=1))
    assert _same_weights(plain, ckpt)


def test_resume_with_other_data_or_config_is_refused_naming_it(tmp_path):
    path = tmp_path / ck.FILENAME
    cfg = CONFIGS["adam"]
    _fit(cfg, CheckpointPlan(path, identity={"config": {"train": {"lr": 0.01}}}))
    with pytest.raises(ValidationError, match=r"different run \(data_sha256 "):
        _fit(cfg, CheckpointPlan(path, resume=True, identity={"config": {"train": {"lr": 0.01}}}),
             windows=_windows(phase=0.5))
    with pytest.raises(ValidationError, match=r"train\.lr 0\.01 -> 0\.02"):
        _fit(cfg, CheckpointPlan(path, resume=True, identity={"config": {"train": {"lr": 0.02}}}))


def test_resume_under_another_torch_or_thread_count_is_refused(tmp_path, monkeypatch):
    path = tmp_path / ck.FILENAME
    _fit(CONFIGS["adam"], CheckpointPlan(path))
    monkeypatch.setattr(torch, "__version__", "9.9.9")
    with pytest.raises(ValidationError, match=r"torch 2\.\S+ -> 9\.9\.9"):
        _fit(CONFIGS["adam"], CheckpointPlan(path, resume=True))
    monkeypatch.undo()
    torch.set_num_threads(2)  # bit-identity holds for one thread count only (1 vs 2: ~5e-7)
    try:
        with pytest.raises(ValidationError, match=r"threads 1 -> 2"):
            _fit(CONFIGS["adam"], CheckpointPlan(path, resume=True))
    finally:
        torch.set_num_threads(1)


def test_resume_into_another_architecture_is_a_model_file_error(tmp_path):
    path = tmp_path / ck.FILENAME
    _fit(CONFIGS["adam"], CheckpointPlan(path))
    with pytest.raises(ModelFileError, match="does not fit this model"):
        _fit(CONFIGS["adam"], CheckpointPlan(path, resume=True), hidden=5)


def _small_checkpoint(tmp_path) -> bytes:
    path = tmp_path / ck.FILENAME
    _fit(TrainConfig(optimizer="sgd", epochs=1, rollout_steps=0, batch_size=64),
         CheckpointPlan(path), cell="rnn", hidden=2)
    return path.read_bytes()


def _equal(a, b) -> bool:
    if isinstance(a, torch.Tensor):
        return isinstance(b, torch.Tensor) and a.dtype == b.dtype and torch.equal(a, b)
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(map(_equal, a, b))
    return a == b and type(a) is type(b)


def test_every_truncation_and_byte_flip_is_detected(tmp_path):
    """S3 for checkpoints: identical state or ModelFileError; nothing else, nothing slow."""
    import time

    data = _small_checkpoint(tmp_path)
    ref = ck.loads(data)
    outcomes = {"identical": 0, "refused": 0}
    worst = 0.0
    mutants = [data[:n] for n in range(len(data))]
    mutants += [data[:i] + bytes([data[i] ^ 0xFF]) + data[i + 1 :] for i in range(len(data))]
    for m in mutants:
        t0 = time.perf_counter()
        try:
            got = ck.loads(m)
        except ModelFileError:
            outcomes["refused"] += 1
        else:
            assert _equal(got, ref), "a damaged checkpoint loaded with different contents"
            outcomes["identical"] += 1
        worst = max(worst, time.perf_counter() - t0)
    assert outcomes["refused"] == len(mutants), outcomes  # every flip changes hashed bytes
    assert worst < 2.0


def test_a_pickle_is_refused_and_never_run(tmp_path):
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    path = tmp_path / ck.FILENAME
    path.write_bytes(pickle.dumps({"model": Evil()}))
    with pytest.raises(ModelFileError, match="pickle .*never unpickles"):
        ck.load(path)
    assert not marker.exists()


def test_disk_full_keeps_the_previous_checkpoint_and_leaves_no_temp(tmp_path, monkeypatch):
    path = tmp_path / ck.FILENAME
    ck.save(path, {"w": torch.ones(3)})
    before = path.read_bytes()

    def full(*a, **k):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)  # the temp file's data cannot reach the disk
    with pytest.raises(ValidationError, match=r"cannot write .*checkpoint\.safetensors: the disk is full"):
        ck.save(path, {"w": torch.zeros(3)})
    monkeypatch.undo()
    assert path.read_bytes() == before and os.listdir(tmp_path) == [ck.FILENAME]
    monkeypatch.setattr(os, "replace", lambda a, b: (_ for _ in ()).throw(PermissionError(13, "Permission denied")))
    with pytest.raises(ValidationError, match="Permission denied; the previous file is kept"):
        ck.save(path, {"w": torch.zeros(3)})
    assert path.read_bytes() == before and os.listdir(tmp_path) == [ck.FILENAME]


def test_non_finite_state_is_never_written(tmp_path):
    with pytest.raises(ValueError, match="non-finite"):
        ck.save(tmp_path / "c", {"w": torch.tensor([1.0, float("nan")])})
    with pytest.raises(ValueError):
        ck.save(tmp_path / "c", {"loss": float("inf")})
    assert not (tmp_path / "c").exists()


def test_stale_temp_files_are_removed_when_training_starts(tmp_path):
    path = tmp_path / ck.FILENAME
    stale = tmp_path / f".{ck.FILENAME}.12345.tmp"
    stale.write_bytes(b"half a checkpoint")
    _fit(CONFIGS["adam"], CheckpointPlan(path))
    assert not stale.exists() and path.exists()


def test_a_newer_format_is_refused_with_an_upgrade_hint():
    import safetensors.torch as st

    payload = json.dumps({"format": ck.FORMAT, "format_version": ck.FORMAT_VERSION + 1, "tree": {"v": 1}})
    data = st.save({}, metadata={"wavecast_checkpoint": payload, "sha256": ck._digest(payload, {})})
    with pytest.raises(ModelFileError, match=f"format {ck.FORMAT_VERSION + 1}; this wavecast reads"):
        ck.loads(data)


def test_damage_messages_are_wavecast_errors():
    for junk in (b"", b"a,b\n1,2\n", b"\x00" * 16, os.urandom(64)):
        with pytest.raises(WavecastError):
            ck.loads(junk)


@pytest.mark.parametrize("min_seconds, writes", [(0.0, 3), (1e9, 1)])
def test_epoch_end_checkpoints_respect_min_seconds(min_seconds, writes, tmp_path, monkeypatch):
    # 0: every epoch's end writes; a long interval: only the last epoch does.
    count, real = [0], ck.write_checkpoint_bytes
    monkeypatch.setattr(ck, "write_checkpoint_bytes", lambda p, d: (count.__setitem__(0, count[0] + 1), real(p, d)))
    plan = CheckpointPlan(tmp_path / "ck.safetensors", min_seconds=min_seconds)
    _fit(TrainConfig(epochs=3, rollout_steps=2), plan=plan)
    assert count[0] == writes
    assert (tmp_path / "ck.safetensors").exists()
