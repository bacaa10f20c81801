"""modelfile: round trip, and every damaged/unsafe file refused with a ModelFileError."""

import hashlib
import json
import pickle

import numpy as np
import pytest
import torch

from wavecast.config import load as load_config
from wavecast.data.scaling import Scaler
from wavecast.errors import ModelFileError
from wavecast.io import modelcheck, modelfile, modelformat, modelsave
from wavecast.models.recurrent import build_model


@pytest.fixture
def saved(tmp_path):
    cfg = load_config(None, ["model.hidden_size=4", "model.cell=gru"])
    torch.manual_seed(0)
    net = build_model(cfg.model)
    scaler = Scaler().fit(np.arange(10.0)[:, None])
    folder = modelsave.save(tmp_path / "model", net, cfg, scaler, input_len=7, fingerprint="ab" * 32,
                            metrics={"mse": float("nan"), "ok": 1.0})
    return folder, net, cfg


def test_round_trip_is_exact(saved):
    folder, net, cfg = saved
    m = modelfile.load(folder)
    assert m.config == cfg and m.input_len == 7 and m.meta["data_sha256"] == "ab" * 32
    for k, v in net.state_dict().items():
        assert torch.equal(m.net.state_dict()[k], v), k
        assert m.net.state_dict()[k].device.type == "cpu"
    np.testing.assert_array_equal(m.scaler.mean_, [4.5])
    meta = m.meta
    assert meta["format"] == "wavecast-model" and meta["format_version"] == 1
    assert meta["metrics"]["mse"] is None  # NaN is written as null: model.json stays strict JSON
    assert meta["torch_version"] == torch.__version__ and meta["tensors"]["rnn.weight_hh_l0"]["shape"] == [12, 4]
    # The run folder itself is accepted too (it holds model/).
    assert modelfile.load(folder.parent).input_len == 7
    assert not list(folder.glob("*.tmp"))  # atomic writes leave no temp files


def _edit_meta(folder, **changes):
    """Edit model.json and re-seal it, as a forger (or a buggy tool) would: checks past the
    checksum must still catch the problem."""
    path = folder / "model.json"
    meta = json.loads(path.read_text())
    meta.update(changes)
    meta["meta_sha256"] = modelformat._meta_digest(meta)
    path.write_text(json.dumps(meta))


def test_an_edited_model_json_is_refused(saved):
    folder, _, _ = saved
    path = folder / "model.json"
    path.write_text(path.read_text().replace('"mean": [\n      4.5', '"mean": [\n      5.5'))
    with pytest.raises(ModelFileError, match=r"model.json is damaged or edited: checksum mismatch"):
        modelfile.load(folder)


def test_pickles_are_refused_and_never_run(tmp_path, saved):
    folder, _, _ = saved
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    blob = pickle.dumps(Evil())
    (folder / "weights.safetensors").write_bytes(blob)
    with pytest.raises(ModelFileError, match=r"is a Python pickle; this tool never unpickles files "
                                             r"\(they can run code\). Re-save the model with wavecast."):
        modelfile.load(folder)
    pt = tmp_path / "model.pt"
    torch.save({"w": torch.zeros(2)}, pt)  # a zip of pickles
    with pytest.raises(ModelFileError, match=r"model.pt is a PyTorch pickle checkpoint"):
        modelfile.load(pt)
    assert not marker.exists()


def test_damage_is_detected(saved):
    folder, _, _ = saved
    w = folder / "weights.safetensors"
    good = w.read_bytes()
    flipped = bytearray(good)
    flipped[-3] ^= 0x01
    w.write_bytes(bytes(flipped))
    with pytest.raises(ModelFileError, match=r"is damaged: checksum mismatch \(expected [0-9a-f]{12}…, got"):
        modelfile.load(folder)
    w.write_bytes(good[: len(good) // 2])
    with pytest.raises(ModelFileError, match=r"checksum mismatch"):
        modelfile.load(folder)


def test_truncated_file_with_matching_checksum_is_still_refused(saved):
    folder, _, _ = saved
    w = folder / "weights.safetensors"
    cut = w.read_bytes()[:100]
    w.write_bytes(cut)
    _edit_meta(folder, weights_sha256=hashlib.sha256(cut).hexdigest())
    with pytest.raises(ModelFileError, match=r"is damaged"):
        modelfile.load(folder)


def test_format_tag_version_and_shapes(saved, tmp_path):
    folder, net, cfg = saved
    assert json.loads((folder / "model.json").read_text())["format_version"] == 1  # a recursive net: v1 holds it
    _edit_meta(folder, format_version=8)
    with pytest.raises(ModelFileError, match=r"uses model format 8; this wavecast 0.1.0 reads format 7; upgrade wavecast"):
        modelfile.load(folder)
    _edit_meta(folder, format_version=1, format="something-else")
    with pytest.raises(ModelFileError, match=r"is not a wavecast model \(format tag missing\)"):
        modelfile.load(folder)
    _edit_meta(folder, format="wavecast-model", config={**json.loads((folder / "model.json").read_text())["config"],
                                                        "model": {"cell": "gru", "hidden_size": 8}})
    with pytest.raises(ModelFileError, match=r"tensor rnn.weight_ih_l0 has shape \(12, 1\), config says \(24, 1\)"):
        modelfile.load(folder)
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelFileError, match=r"model.json not found"):
        modelfile.load(tmp_path / "empty")


def test_non_finite_weights_are_refused(tmp_path):
    cfg = load_config(None, ["model.hidden_size=4"])
    net = build_model(cfg.model)
    scaler = Scaler().fit(np.arange(4.0))
    folder = modelsave.save(tmp_path / "m", net, cfg, scaler, 3)
    # Write NaN weights behind save's back, with a valid checksum: load must still refuse.
    from safetensors.torch import save as st_save

    tensors = {k: v.clone() for k, v in net.state_dict().items()}
    tensors["head.bias"][0] = float("nan")
    blob = st_save(tensors)
    (folder / "weights.safetensors").write_bytes(blob)
    _edit_meta(folder, weights_sha256=hashlib.sha256(blob).hexdigest())
    with pytest.raises(ModelFileError, match=r"contains non-finite weights \(tensor head.bias\)"):
        modelfile.load(folder)
    with torch.no_grad():
        net.head.bias.fill_(float("inf"))
    with pytest.raises(ModelFileError, match=r"refusing to save: tensor head.bias has non-finite values"):
        modelsave.save(tmp_path / "m2", net, cfg, scaler, 3)


def test_the_fallbacks_bands_round_trip_and_damaged_ones_are_refused(saved):
    """model.json's fallback_intervals (the seasonal naive and last-value baselines' bands, for
    the series the fallback forecasts): read back as saved; an unknown name or a damaged band is
    a ModelFileError; a file without them (older) gives {}."""
    from wavecast.forecasters.conformal import Conformal

    folder, _, _ = saved
    assert modelfile.load(folder).fallback_intervals == {}
    conf = Conformal((80,)).fit_errors(np.random.default_rng(0).normal(size=(30, 3, 1)))
    conf.scales_, conf.floors_, conf.ids_ = np.ones((2, 1)), np.zeros((2, 1)), ["a", "b"]
    d = conf.to_dict()
    _edit_meta(folder, fallback_intervals={"last value": d})
    got = modelfile.load(folder).fallback_intervals["last value"]
    np.testing.assert_array_equal(got.hi_, conf.hi_)
    assert got.ids_ == ["a", "b"]
    _edit_meta(folder, fallback_intervals={"mean": d})
    with pytest.raises(ModelFileError, match=r"is damaged: fallback_intervals must map seasonal naive or last value"):
        modelfile.load(folder)
    _edit_meta(folder, fallback_intervals={"seasonal naive": {**d, "lo": [[[1.0]]]}})
    with pytest.raises(ModelFileError, match=r"is damaged: intervals: shapes do not agree"):
        modelfile.load(folder)


# Each top-level field of model.json set to a wrong JSON type (null where it may not be null),
# the checksum recomputed: refused in one line by the schema check, never a traceback deep in
# the loader (was: config null -> AttributeError in from_dict; data null -> forecast of no rows).
_WRONG = {dict: [[], "x", 1], str: [[], {}, 1], int: ["5", 1.5, True, [], {}], bool: [1, "true", []]}
_TAMPERED = [(key, bad) for key, types in modelcheck.SCHEMA.items()
             for bad in ([] if None in types else [None]) + _WRONG[types[0]]]


@pytest.mark.parametrize(("key", "bad"), _TAMPERED, ids=[f"{k}={v!r}" for k, v in _TAMPERED])
def test_each_field_of_a_wrong_type_is_refused_even_re_sealed(saved, key, bad):
    folder, _, _ = saved
    _edit_meta(folder, **{key: bad})
    with pytest.raises(ModelFileError, match=rf"model.json is damaged: {key} is (null|a |an |true)") as e:
        modelfile.load(folder)
    assert "\n" not in str(e.value)


@pytest.mark.parametrize(("changes", "message"), [
    ({"model_kind": "transformer"}, r"model_kind 'transformer' is not direct or recursive"),
    ({"input_len": -1}, r"input_len -1 is not in 1\.\.10,000,000"),
    ({"tensors": {}}, r"it lists the tensors \[\], weights.safetensors holds \['head.bias'"),
    ({"params": {"hidden size": 4}}, r"params has 'hidden size'=4, not a keyword and a value"),
    ({"params": {"hidden_size": {"a": 1}}}, r"params has 'hidden_size'=\{'a': 1\}"),
])
def test_named_values_are_checked_too(saved, changes, message):
    folder, _, _ = saved
    _edit_meta(folder, **changes)
    with pytest.raises(ModelFileError, match=rf"model.json is damaged: {message}"):
        modelfile.load(folder)


def test_a_required_field_missing_is_named(saved):
    folder, _, _ = saved
    path = folder / "model.json"
    meta = json.loads(path.read_text())
    del meta["config"]
    meta["meta_sha256"] = modelformat._meta_digest(meta)
    path.write_text(json.dumps(meta))
    with pytest.raises(ModelFileError, match=r"model.json is damaged: config missing"):
        modelfile.load(folder)
