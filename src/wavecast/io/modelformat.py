"""A model folder's names, its format tag and version, and model.json's seal (meta_sha256):
what the writer (modelsave) stamps and the reader (modelcheck) checks."""

from __future__ import annotations

import hashlib

from . import jsonstream

FORMAT_TAG = "wavecast-model"
# 1: the recursive net; 2: adds the direct net (model_kind "direct"); 3: adds covariates (the
# direct net's covariate schema and scalers, each series' covariate tail). A file is written
# with the lowest version that holds it, so recursive models still load in wavecast 0.1.
# 4: adds several targets (data.targets, each series' id and target): a reader of format 3
# would take the panel's internal keys and columns for the user's.
# 5: adds the recursive net with covariates or several targets (recursive_inputs: the targets,
# the covariate schema and scalers; output_size below input_size): a reader of format 4 would
# build a net of the wrong width; and the direct covariate net's window level as an input
# (covariates.n_level), which a reader of format 4 would not feed. A recursive net with past
# covariates (each one more output, forecast jointly and fed back) tags its recursive_inputs
# section wavecast.recursive_inputs/2 (its columns and each series' scaler under "past"): a
# reader that knows /1 only refuses it rather than build a net of the wrong width; /1 files load.
# 6: adds the direct net's second view (direct.raw, log="both"): a reader of format 5 would
# forecast with half the model.
# 7: adds the covariate net's gains (covariates.n_gain: statics scaling the future covariates'
# effects), written only where a model has both: a reader of format 6 would call the file damaged.
FORMAT_VERSION = 7
WEIGHTS = "weights.safetensors"
META = "model.json"


def _meta_digest(meta: dict, allow_nan: bool = True) -> str:
    """SHA-256 of model.json's content without this field: the scaler and config are covered too.

    The text hashed is json.dumps(body, sort_keys=True), fed to the hash in pieces (jsonstream):
    the same digest without the whole string. The caller digests what json.loads gives back
    when a key is not a str (int keys sort differently once they are strings).
    """
    body = {k: v for k, v in meta.items() if k != "meta_sha256"}
    h = hashlib.sha256()
    for block in jsonstream.blocks(body, sort_keys=True, allow_nan=allow_nan):
        h.update(block)
    return h.hexdigest()
