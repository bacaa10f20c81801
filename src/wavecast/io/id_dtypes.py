"""The dtype of a DataFrame's id column, kept in model.json (data.id_dtype, data.id_ints) and
rebuilt from the ids' text when a model is loaded: a loaded model gives its forecasts' ids back
as the fitted one did (10, not '10'). A dtype is a name checked against a list and values parsed
by their kind, never evaluated or unpickled; its own module as the data section's other keys
neither need nor know it."""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from .modelcheck import _short

# The id dtypes model.json may name (data.id_dtype), each rebuilt from the ids' text by _typed:
# a name checked against this list and values parsed by their kind, never evaluated or unpickled
# (a time zone is a name: no dots, so no path). A category is an object naming its categories.
# No new format version: a wavecast before it ignores data.id_dtype and gives the text, as before.
# An object column mixing integers and text names its integer ids in data.id_ints (a wavecast
# before it reads "object" and gives every id as text, as it did).
_ID_DTYPES = re.compile(r"(u?int|U?Int)(8|16|32|64)|(float|Float)(32|64)|bool|boolean|str|string|object"
                        r"|datetime64\[(s|ms|us|ns)(, [A-Za-z][\w+\-/]{0,40})?\]", re.ASCII)
_INTEGER = re.compile(r"[+-]?\d{1,20}", re.ASCII)


def id_dtype(user: tuple[dict, object] | None, ids: list[str]) -> dict[str, Any]:
    """model.json's data.id_dtype: the dtype of the id column of a DataFrame fitted in Python
    (user: forecast_frame.user_ids), so a loaded model's forecasts carry the ids back as the
    fitted one's (10, not '10'). {} where the text is the id (a file's) or where the ids' text
    does not give back the very values and dtype (the loaded model then gives the text, as
    every model did before)."""
    if user is None or not ids or not all(i in user[0] for i in ids):
        return {}
    values, dtype = user
    import pandas as pd

    if isinstance(dtype, pd.CategoricalDtype):
        cats = dtype.categories
        spec: Any = {"name": "category", "categories": [str(c) for c in cats.astype(str)],
                     "of": str(cats.dtype), "ordered": bool(dtype.ordered)}
    else:
        spec = str(dtype)
    # an object column of integers and text (shops 1, 2 and 'web'): which ids are integers
    ints = [i for i in ids if isinstance(values[i], (int, np.integer)) and not isinstance(values[i], (bool, np.bool_))] \
        if spec == "object" else []
    try:
        back, back_dtype = typed_ids(spec, ids, ints)
        same = back_dtype == dtype and pd.Series([values[i] for i in ids], dtype=dtype).equals(
            pd.Series([back[i] for i in ids], dtype=back_dtype)) and all(
            type(back[i]) is int for i in ints)
    except (TypeError, KeyError, ValueError, OverflowError):
        return {}
    return ({"id_dtype": spec, **({"id_ints": ints} if ints else {})}) if same else {}


def typed_ids(spec, ids: list[str], ints=None) -> tuple[dict, object]:
    """model.json's id_dtype read back: each id's text mapped to its value, and the dtype (the
    pair forecast_frame.user_ids gives); a name or text that is not one id_dtype writes is a
    ValueError (or TypeError, OverflowError), said in one line. ints: data.id_ints, the ids of
    an object column that are integers (the others are text); None or [] for every other dtype."""
    import pandas as pd

    if ints:  # a column mixing integers and text: those ids integers, the rest their text
        if spec != "object" or not isinstance(ints, list) or not all(
                isinstance(t, str) and _INTEGER.fullmatch(t) for t in ints) or not set(ints) <= set(ids):
            raise ValueError(f"id_ints {_short(ints)} are not integer ids of an object column")
        whole = set(ints)
        column = pd.Series([int(t) if t in whole else t for t in ids], dtype=object)
        return dict(zip(ids, column, strict=True)), column.dtype

    if isinstance(spec, dict):  # a category: its categories' text and dtype, and its order
        if spec.get("name") != "category" or set(spec) != {"name", "categories", "of", "ordered"} \
                or not isinstance(spec["categories"], list) or not isinstance(spec["ordered"], bool):
            raise ValueError(f"{_short(spec)} is not a category wavecast writes (name, categories, of, ordered)")
        dtype = pd.CategoricalDtype(pd.Index(_typed(spec["of"], spec["categories"])), ordered=spec["ordered"])
        values = _typed(spec["of"], ids)
        if not values.isin(dtype.categories).all():
            raise ValueError("an id is not one of its categories")
        column = values.astype(dtype)
    else:
        column = _typed(spec, ids)
    return dict(zip(ids, column, strict=True)), column.dtype


def _typed(name, texts: list):
    """texts as a Series of the dtype named, each parsed by its kind (ints by their digits, bools
    by True/False, dates by pd.Timestamp, text as it is); ValueError where one is not."""
    import pandas as pd

    if not isinstance(name, str) or not _ID_DTYPES.fullmatch(name):
        raise ValueError(f"{_short(name)} is not a dtype wavecast writes")
    dtype = pd.api.types.pandas_dtype(name)  # an unknown time zone: TypeError
    if not all(isinstance(t, str) for t in texts):
        raise TypeError("its ids and categories must be text")
    kind = name.lower()
    if kind.startswith("datetime"):
        values: list = [pd.Timestamp(t) for t in texts]
    elif kind.removeprefix("u").startswith("int"):
        bad = [t for t in texts if not _INTEGER.fullmatch(t)]
        if bad:
            raise ValueError(f"id {_short(bad[0])} is not an integer, as {name} says")
        values = [int(t) for t in texts]
    elif kind.startswith("float"):
        values = [float(t) for t in texts]
    elif kind.startswith("bool"):
        bad = [t for t in texts if t not in ("True", "False")]
        if bad:
            raise ValueError(f"id {_short(bad[0])} is not True or False, as {name} says")
        values = [t == "True" for t in texts]
    else:  # text: the id is its text
        values = list(texts)
    return pd.Series(values, dtype=dtype)
