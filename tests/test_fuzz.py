"""Property-based fuzzing (F2, F3; figures V2 and S3): the data loader, the config parser and
the model loader either succeed with finite results or raise a WavecastError, never anything
else. 500 derandomized examples a property; no training, so each property takes seconds."""

import dataclasses
import json
import math
import os
import time
import typing

import numpy as np
import pandas as pd
import pytest
import torch
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from wavecast.config import Config, WindowConfig, override, to_dict
from wavecast.data import reader as datamod
from wavecast.data.scaling import Scaler
from wavecast.data.windows import make_windows
from wavecast.errors import ModelFileError, WavecastError
from wavecast.io import modelfile, modelformat, modelsave
from wavecast.models.recurrent import build_model

FUZZ = settings(max_examples=500, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

ODD_CELLS = ["nan", "NaN", "inf", "-inf", "Infinity", "1e39", "-1e39", "5e-324", "2.2e-308", "-0",
             "abc", "1,234", "12,5", "True", "false", "", "NA", "null", "None", "2021-01-01", " 3 ",
             "0x10", "1e", "--1", "1_000", "\u00e9", '"', "1;2"]
cell = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.floats(min_value=-1e6, max_value=1e6).map(lambda x: f"{x:.6g}"),
    st.sampled_from(ODD_CELLS),
    st.booleans().map(str),
    st.text(max_size=6).filter(lambda s: "\n" not in s and "\r" not in s),
)
stamp = st.integers(0, 60).map(lambda d: f"{pd.Timestamp('2021-01-01') + pd.Timedelta(days=d):%Y-%m-%d}")


@st.composite
def csv_files(draw):
    n = draw(st.integers(0, 40))
    clean = st.floats(min_value=-1e30, max_value=1e30, allow_subnormal=True).map(repr)
    # A third clean, a third clean with a few odd cells, a third anything: both outcomes occur.
    mode = draw(st.sampled_from(["clean", "few", "any"]))
    values = draw(st.lists(cell if mode == "any" else clean, min_size=n, max_size=n))
    if mode == "few" and n:
        for _ in range(draw(st.integers(1, 3))):
            values[draw(st.integers(0, n - 1))] = draw(cell)
    with_time = draw(st.booleans())
    if with_time:  # mostly regular days, sometimes duplicated, unsorted, gapped or junk
        regular = [f"{pd.Timestamp('2021-01-01') + pd.Timedelta(days=i):%Y-%m-%d}" for i in range(n)]
        times = draw(st.one_of(st.just(regular), st.lists(st.one_of(stamp, cell), min_size=n, max_size=n)))
        rows = [f"{t},{v}" for t, v in zip(times, values, strict=True)]
        head = "time,value"
    else:
        rows, head = values, "value"
    text = "\n".join([head, *rows]) + "\n"
    return text.encode("utf-8", "surrogatepass"), with_time


def _ok_or_wavecast(fn, what=""):
    try:
        out = fn()
    except WavecastError as exc:
        if what:
            event(f"{what}: refused ({type(exc).__name__})")
        return None
    if what:
        event(f"{what}: accepted")
    return out


@pytest.mark.filterwarnings("ignore:Could not infer format")  # pandas, on junk time stamps
@FUZZ
@given(csv=csv_files(), fill=st.sampled_from(["none", "linear"]), sort=st.booleans(),
       input_len=st.integers(-2, 30), horizon=st.integers(-2, 30), test_len=st.integers(-1, 20))
def test_data_loader_and_windows(tmp_path, csv, fill, sort, input_len, horizon, test_len):
    raw, with_time = csv
    path = tmp_path / "fuzz.csv"
    path.write_bytes(raw)
    ds = _ok_or_wavecast(lambda: datamod.read(path, target="value", time="time" if with_time else "",
                                              fill=fill, sort=sort), "data")
    if ds is None:
        return
    for v in ds.values:
        assert np.isfinite(v).all() and v.dtype == np.float64 and np.abs(v).max(initial=0) <= 3.5e38
    w = _ok_or_wavecast(lambda: WindowConfig(input_len=input_len, horizon=horizon, test_len=test_len))
    if w is None:
        return
    if _ok_or_wavecast(lambda: datamod.check_lengths(ds, w.input_len, 1, w.test_len, 0.0) or True,
                       "lengths") is None:
        return
    series = ds.values[0][: -w.test_len]
    z = Scaler().fit(series[:, None]).transform(series[:, None])
    assert np.isfinite(z).all()  # scaling never overflows for float32-sized values
    x, y = make_windows(z, w.input_len, 1)
    assert x.shape[1:] == (w.input_len, 1) and np.isfinite(x).all()


def _keys(cls=Config, prefix=""):
    out = []
    for f in dataclasses.fields(cls):
        tp = typing.get_type_hints(cls)[f.name]
        out += _keys(tp, f"{prefix}{f.name}.") if dataclasses.is_dataclass(tp) else [prefix + f.name]
    return out


KEYS = _keys()
VALUES = ["nan", "inf", "-inf", "-1", "0", "1", "0.5", "1e39", "1e-320", "True", "false", "()", "(1,2)",
          "(0,)", "[3, -1]", "lstm", "lstmm", "", " ", "=", "1e400", "9" * 30, "0x10", "sgd", "none"]
overrides = st.one_of(
    st.text(max_size=30),
    st.builds(lambda k, v: f"{k}={v}", st.sampled_from([*KEYS, "train", "x.y", "train.lr.z", ""]),
              st.one_of(st.sampled_from(VALUES), st.text(max_size=10), st.integers().map(str),
                        st.floats().map(repr))),
)


@FUZZ
@given(items=st.lists(overrides, min_size=1, max_size=3))
def test_config_parser(items):
    cfg = Config()
    for item in items:
        cfg = _ok_or_wavecast(lambda cfg=cfg, item=item: override(cfg, item), "override")
        if cfg is None:
            return
    # Accepted configs hold only finite numbers: they are written to config.json as is.
    json.dumps(to_dict(cfg), allow_nan=False)


@pytest.fixture(scope="module")
def small_model(tmp_path_factory):
    """A tiny reference model: RNN, 2 hidden units; both files a few hundred bytes."""
    from wavecast.config import load as load_config

    cfg = load_config(None, ["model.cell=rnn", "model.hidden_size=2"])
    torch.manual_seed(0)
    net = build_model(cfg.model)
    folder = modelsave.save(tmp_path_factory.mktemp("m") / "model", net, cfg,
                            Scaler().fit(np.arange(10.0)[:, None]), input_len=4)
    files = {n: (folder / n).read_bytes() for n in (modelformat.WEIGHTS, modelformat.META)}
    return folder, files, net.state_dict()


def _put(path, data: bytes) -> None:
    """Overwrite in place without O_TRUNC: re-creating a file by truncation costs ~3 ms on
    ext4 (it flushes), which would make 6,000 mutants take 20 s instead of 1."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        os.pwrite(fd, data, 0)
        os.ftruncate(fd, len(data))
    finally:
        os.close(fd)


def _load_outcome(folder, ref) -> str:
    """'identical' or 'refused'; anything else fails the test."""
    t0 = time.perf_counter()
    try:
        m = modelfile.load(folder)
    except ModelFileError:
        outcome = "refused"
    else:
        got = m.net.state_dict()
        assert got.keys() == ref.keys() and all(torch.equal(got[k], ref[k]) for k in ref), "wrong weights"
        outcome = "identical"
    assert time.perf_counter() - t0 < 2.0
    return outcome


def test_every_truncation_and_byte_flip_of_a_model_file(small_model, tmp_path):
    """S3: every truncation offset and every single-byte flip of both files: identical weights
    or ModelFileError; 0 wrong weights, 0 crashes, 0 loads over 2 s. The one identical load
    is model.json without its final newline: the same JSON."""
    src, files, ref = small_model
    folder = tmp_path / "model"
    counts = {"identical": 0, "refused": 0}
    for name, good in files.items():
        other = {n: b for n, b in files.items() if n != name}
        folder.mkdir(exist_ok=True)
        for n, b in other.items():
            _put(folder / n, b)
        mutants = [good[:k] for k in range(len(good))]
        mutants += [good[:i] + bytes([good[i] ^ 0xFF]) + good[i + 1 :] for i in range(len(good))]
        for m in mutants:
            _put(folder / name, m)
            counts[_load_outcome(folder, ref)] += 1
        _put(folder / name, good)
    total = 2 * sum(len(b) for b in files.values())
    assert counts["refused"] + counts["identical"] == total
    assert counts["identical"] <= 1, counts


@FUZZ
@given(target=st.sampled_from([modelformat.WEIGHTS, modelformat.META]),
       edits=st.lists(st.tuples(st.sampled_from(["replace", "insert", "delete"]), st.floats(0, 1),
                                st.binary(min_size=1, max_size=8)), min_size=1, max_size=4))
def test_model_loader_on_random_mutations(small_model, tmp_path, target, edits):
    _, files, ref = small_model
    folder = tmp_path / "model"
    folder.mkdir(exist_ok=True)
    for n, b in files.items():
        _put(folder / n, b)
    data = bytearray(files[target])
    for op, where, blob in edits:
        i = min(int(where * len(data)), len(data))
        if op == "replace":
            data[i : i + len(blob)] = blob
        elif op == "insert":
            data[i:i] = blob
        else:
            del data[i : i + len(blob)]
    _put(folder / target, bytes(data))
    _load_outcome(folder, ref)


def test_fuzz_strategies_reach_both_outcomes(tmp_path):
    """The data property is no vacuous pass: some files load, some are refused."""
    good = tmp_path / "good.csv"
    good.write_text("value\n" + "\n".join(str(math.sin(i)) for i in range(30)) + "\n")
    assert datamod.read(good, target="value").values[0].shape == (30,)
    bad = tmp_path / "bad.csv"
    bad.write_text("value\n1\n1e39\n")
    with pytest.raises(WavecastError):
        datamod.read(bad, target="value")
