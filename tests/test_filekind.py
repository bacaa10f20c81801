"""filekind: formats told apart by their structure, and inputs that are not regular files.

A safetensors file starts with its header length (u64, little-endian); lengths such as 640
(80 02 00 ...) start like a pickle, and wavecast refused its own models when a header had
such a length (issue 13: 14 of 960 configurations). Every class of header length is tried.
"""

import hashlib
import json
import pickle
import struct

import numpy as np
import pytest
import torch
from safetensors.torch import save as st_save

from wavecast.cli import main
from wavecast.config import load as load_config
from wavecast.data import filekind
from wavecast.data.scaling import Scaler
from wavecast.errors import ModelFileError
from wavecast.io import modelfile, modelformat, modelsave
from wavecast.models.recurrent import build_model

# Header lengths whose first bytes spell another format's magic or a pickle opcode.
LOOKALIKES = {
    "80-00": 0x80, "80-02 (pickle 2)": 0x280, "80-03": 0x380, "80-04": 0x480, "80-05": 0x580,
    "'{'": 0x7B, "'#'": 0x23, "'.' (STOP)": 0x2E, "'\\n'": 0x0A, "'{\"'": 0x227B,
    "'PK'": 0x4B50, "'c\\n'": 0x0A63, "'(d'": 0x6428, "'(l'": 0x6C28, "'}d'": 0x647D, "']l'": 0x6C5D,
    "'PK\\3\\4' (zip)": 0x04034B50,
}  # 'PK\5\6' (an empty zip) is 101 MB, beyond safetensors' 100 MB header limit: a zip there


def _padded(blob: bytes, n: int) -> bytes:
    """The same safetensors file with a header of n bytes: JSON whitespace before its last '}'."""
    (n0,) = struct.unpack("<Q", blob[:8])
    text = blob[8 : 8 + n0].rstrip(b" ")
    assert n >= len(text) and text.endswith(b"}")
    return struct.pack("<Q", n) + text[:-1] + b" " * (n - len(text)) + b"}" + blob[8 + n0 :]


@pytest.mark.parametrize("n", LOOKALIKES.values(), ids=LOOKALIKES.keys())
def test_every_header_length_class_is_safetensors(n, tmp_path):
    blob = st_save({"w": torch.zeros(1)}) if n >= 80 else st_save({})
    path = tmp_path / "w.safetensors"
    if n < 100_000:
        path.write_bytes(_padded(blob, n))
    else:  # 67 MB of padding: written sparse (the sniffer reads the header's two ends only)
        (n0,) = struct.unpack("<Q", blob[:8])
        text = blob[8 : 8 + n0].rstrip(b" ")
        with open(path, "wb") as f:
            f.write(struct.pack("<Q", n) + text[:-1])
            f.seek(8 + n - 8)
            f.write(b" " * 7 + b"}" + blob[8 + n0 :])
    size = path.stat().st_size
    assert path.read_bytes()[:8] == struct.pack("<Q", n)
    assert filekind.kind(path, size) == "safetensors"


def _seal(folder, blob: bytes) -> None:
    (folder / "weights.safetensors").write_bytes(blob)
    meta = json.loads((folder / "model.json").read_text())
    meta["weights_sha256"] = hashlib.sha256(blob).hexdigest()
    meta["meta_sha256"] = modelformat._meta_digest(meta)
    (folder / "model.json").write_text(json.dumps(meta))


@pytest.mark.parametrize("n", [v for v in LOOKALIKES.values() if 640 <= v < 100_000],
                         ids=[k for k, v in LOOKALIKES.items() if 640 <= v < 100_000])
def test_a_saved_model_with_any_header_length_loads(n, tmp_path):
    cfg = load_config(None, ["model.hidden_size=3", "model.cell=rnn"])
    torch.manual_seed(0)
    net = build_model(cfg.model)
    folder = modelsave.save(tmp_path / "m", net, cfg, Scaler().fit(np.arange(5.0)[:, None]), input_len=4)
    _seal(folder, _padded((folder / "weights.safetensors").read_bytes(), n))
    m = modelfile.load(folder)
    assert all(torch.equal(m.net.state_dict()[k], v) for k, v in net.state_dict().items())


def test_the_issue_s_model_saves_and_loads(tmp_path, capsys, monkeypatch):
    # hidden 128 with an 8-unit head: a 640-byte header, taken for a pickle before.
    from wavecast.report import pyplot_png

    monkeypatch.setattr(pyplot_png, "save_png", lambda fig, path, *a, **k: path.write_bytes(b""))  # not drawn: fast
    out = tmp_path / "x"
    assert main(["run", "--set", "model.hidden_size=128", "--set", "model.head_hidden=8", "--set",
                 "train.epochs=1", "--set", "signal.length=200", "--out", str(out), "--quiet"]) == 0
    assert (out / "model" / "weights.safetensors").read_bytes()[:2] == b"\x80\x02"  # the case itself
    assert main(["forecast", str(out), "--horizon", "3", "--quiet"]) == 0
    assert len((out / "forecast.csv").read_text().splitlines()) == 4


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_pickles_of_every_protocol_are_still_refused(protocol, tmp_path):
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    path = tmp_path / "w.safetensors"
    path.write_bytes(pickle.dumps(Evil(), protocol=protocol))
    assert filekind.kind(path, path.stat().st_size).startswith("a Python pickle")
    assert not marker.exists()


@pytest.mark.parametrize("zipped", [True, False], ids=["zip", "legacy"])
def test_torch_save_files_are_still_refused(zipped, tmp_path):
    path = tmp_path / "m.pt"
    torch.save({"w": torch.zeros(2)}, path, _use_new_zipfile_serialization=zipped)
    kind = filekind.kind(path, path.stat().st_size)
    assert kind == ("a PyTorch pickle checkpoint (zip)" if zipped else "a Python pickle")
    with pytest.raises(ModelFileError, match=r"m\.pt is a (PyTorch|Python) pickle.*never unpickles"):
        modelfile.load(path)


def test_text_and_truncated_safetensors_are_neither():
    # A header length that does not fit the file, or no '{' after it: not safetensors, not pickle.
    blob = st_save({"w": torch.zeros(1)})
    assert filekind.safetensors_header_len(blob[:16], len(blob) - 20) is None  # cut short
    assert filekind.safetensors_header_len(b"time,value\n1,2\n", 15) is None
    assert filekind.pickle_kind(b"(d", b"x") is None  # protocol-0 look, no STOP at the end
