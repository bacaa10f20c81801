"""jsonstream: pieces that join to json.dumps's exact text; model.json digest without a round trip."""

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wavecast.config import load as load_config
from wavecast.data.scaling import Scaler
from wavecast.io import jsonstream, modelfile, modelformat, modelsave
from wavecast.models.recurrent import build_model

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text()
docs = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
                    | st.dictionaries(st.text(max_size=5), inner, max_size=4), max_leaves=40)


@settings(max_examples=300, deadline=None)
@given(docs, st.sampled_from([None, 0, 2, 3]), st.booleans())
def test_pieces_join_to_json_dumps(doc, indent, sort_keys):
    got = b"".join(jsonstream.blocks(doc, size=7, indent=indent, sort_keys=sort_keys)).decode()
    assert got == json.dumps(doc, indent=indent, sort_keys=sort_keys)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(max_size=5), docs, max_size=5))
def test_digest_without_round_trip_is_the_digest_of_what_load_sees(doc):
    doc = {**doc, "x": [np.float64(0.1), (1, 2.5), {"a": -0.0}]}  # float subclass, tuple, -0.0
    assert jsonstream.str_keys(doc)
    assert modelformat._meta_digest(doc) == modelformat._meta_digest(json.loads(json.dumps(doc)))


def test_str_keys_and_non_str_keys_fall_back(tmp_path):
    assert not jsonstream.str_keys({"a": [{"b": {1: 2}}]})
    assert jsonstream.str_keys({"a": [{"b": {"1": 2}}], "c": (1, [2])})
    cfg = load_config(None, ["model.hidden_size=4"])
    net = build_model(cfg.model)
    # int keys: "10" < "9" once loaded, so save digests the round trip; load must verify it
    modelsave.save(tmp_path, net, cfg, Scaler().fit(np.arange(5.0)[:, None]), 3, extra={"x": {10: 1, 9: 2}})
    assert modelfile.load(tmp_path).meta["x"] == {"10": 1, "9": 2}


def test_write_json_and_nan(tmp_path):
    doc = {"series": [{"id": f"s{i}", "context": np.linspace(0, 1, 7).tolist()} for i in range(50)],
           "n": 3, "empty": {}, "none": []}
    jsonstream.write_json(tmp_path / "m.json", doc)
    assert (tmp_path / "m.json").read_text() == json.dumps(doc, indent=2, allow_nan=False) + "\n"
    with pytest.raises(ValueError):
        jsonstream.write_json(tmp_path / "m.json", {"a": [{"b": float("nan")}]})
    assert (tmp_path / "m.json").read_text().startswith("{\n  \"series\"")  # old file left intact


def test_blocks_stay_near_their_size():
    """The document is never one string: blocks of about `size`, each short of size + one piece."""
    doc = {"data": {"series": [{"id": str(i), "context": list(range(40))} for i in range(2000)]}}
    sizes = [len(b) for b in jsonstream.blocks(doc, size=4096, indent=2)]
    assert len(sizes) > 100 and max(sizes) < 4096 + 100
