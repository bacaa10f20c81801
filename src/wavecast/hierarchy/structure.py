"""A hierarchy's structure: its series, the summing matrix S, and `aggregate`, which builds every
level's series from the bottom ones. Pure NumPy and pandas."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import ValidationError

TOTAL = "total"
MAX_CELLS = 50_000_000  # S (series x bottom series) and S P (series x series) are dense: 400 MB each at this size


def _check_size(n: int, m: int) -> None:
    if max(n * m, n * n) > MAX_CELLS:
        raise ValidationError(f"a hierarchy of {n:,} series over {m:,} bottom series is too large to reconcile as one "
                              f"(its dense {n:,} x {max(n, m):,} matrices); reconcile each top-level branch (a state, "
                              "a region) alone")


@dataclass(frozen=True)
class Hierarchy:
    """Every series of a hierarchy: ids (the total, each aggregate level in turn, the bottom
    series last), the bottom ones, and S (len(ids), len(bottom)): S[i, j] = 1 where bottom
    series j is part of series i."""

    ids: tuple[str, ...]
    bottom: tuple[str, ...]
    S: np.ndarray
    keys_of: tuple[tuple[str, ...], ...] = ()  # each series' key columns (() the total); () when not known
    nonneg: tuple[bool, ...] = ()  # each bottom series held no negative value (aggregate's data); () when not known

    def __post_init__(self):
        if self.S.shape != (len(self.ids), len(self.bottom)):
            raise ValidationError(f"S must be ({len(self.ids)}, {len(self.bottom)}): a row a series, "
                                  f"a column a bottom series (got {self.S.shape})")
        if self.nonneg and len(self.nonneg) != len(self.bottom):
            raise ValidationError(f"nonneg must hold one flag a bottom series ({len(self.bottom)}; got {len(self.nonneg)})")
        if len(set(self.ids)) != len(self.ids):
            raise ValidationError("a hierarchy's ids must be distinct")

    @classmethod
    def from_parents(cls, parents: dict) -> Hierarchy:
        """A hierarchy from {series: [the series it adds into]} (Darts' form: each child names its
        parents; the bottom series are those no series names as a parent)."""
        if not isinstance(parents, dict) or not parents:
            raise ValidationError("parents must be a non-empty dict {series id: [its parents' ids]}")
        named = {str(k): [*dict.fromkeys(str(p) for p in ([v] if isinstance(v, str) else v))]
                 for k, v in parents.items()}
        _refuse_cycles(named)
        uppers = {p for ps in named.values() for p in ps}
        bottom = tuple(k for k in named if k not in uppers)
        order = [*dict.fromkeys(p for ps in named.values() for p in ps)]
        ids = tuple(order + list(bottom))
        _check_size(len(ids), len(bottom))
        index = {k: i for i, k in enumerate(ids)}
        S = np.zeros((len(ids), len(bottom)))
        for j, b in enumerate(bottom):  # each bottom series adds into its parents, theirs, and so on, once each
            seen, todo = set(), [b]  # a grouped structure reaches the total by several paths: no cycle
            while todo:
                k = todo.pop()
                if k not in seen:
                    seen.add(k)
                    todo.extend(named.get(k, []))
            S[[index[k] for k in seen], j] = 1.0
        return cls(ids, bottom, S)


def _refuse_cycles(named: dict) -> None:
    """One line naming a series that adds into itself through its parents (a cycle, wherever it
    lies: one no bottom series reaches would be an aggregate of nothing, and a hierarchy of
    cycles alone would have no bottom series)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in named:
        if state.get(start):
            continue
        path, stack = [start], [iter(named.get(start, ()))]
        state[start] = 1
        while stack:
            k = next(stack[-1], None)
            if k is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(k) == 1:
                loop = " -> ".join(map(repr, [*path[path.index(k):], k]))
                raise ValidationError(f"series {k!r} adds into itself through its parents ({loop}): "
                                      "a hierarchy has no cycle")
            elif not state.get(k):
                state[k] = 1
                path.append(k)
                stack.append(iter(named.get(k, ())))


def _label(values: tuple, sep: str) -> str:
    return sep.join(str(v) for v in values)


def _two_rows(data: pd.DataFrame, keys: tuple, target: str, time: str, sep: str) -> str:
    """The refusal of two rows for one bottom series at one time, naming the columns that tell
    them apart, which no level names: levels that left out a key (a store column under
    ["state", "region"]) were told only "sum or drop them first", the key they missed unsaid."""
    dup = data[data.duplicated([*keys, time], keep=False)]
    row = dup.iloc[0]
    same = dup[(dup[list(keys)] == row[list(keys)]).all(axis=1) & (dup[time] == row[time])]
    apart = [str(c) for c in data.columns
             if c not in (target, time, *keys) and same[c].nunique(dropna=False) > 1]
    said = f"two rows for the bottom series {_label(tuple(row[list(keys)]), sep)!r} at {row[time]}"
    if not apart:
        return f"{said}: sum or drop them first"
    shown = [repr(c) for c in apart[:3]] + ([f"{len(apart) - 3} more"] if len(apart) > 3 else [])
    cols = shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"
    return (f"{said}, told apart by column{'s' if len(apart) > 1 else ''} {cols}, which no level names: "
            f"if {'it is a key' if len(apart) == 1 else 'one is a key'}, add it to the levels "
            f"(e.g. {[*keys, apart[0]]}); if not, sum or drop the rows first")


def aggregate(data: pd.DataFrame, target: str, time: str, levels, sep: str = "/",
              id: str = "id") -> tuple[pd.DataFrame, Hierarchy]:
    """Every level's series from the bottom ones: a long frame (id, time, target), its ids
    "total", then each level's keys joined by sep ("NSW", "NSW/Metro"), and their Hierarchy.

    data: the bottom series in long form, one row a series and time, a column for each key.
    levels: lists of key columns, each a level of aggregates (["state"], ["state", "region"]);
    the columns of all of them together name the bottom series. A grouped structure is fine
    (["state"], ["sex"], ["state", "sex"]). The total is always added."""
    if not isinstance(data, pd.DataFrame):
        raise ValidationError(f"aggregate takes a pandas DataFrame of the bottom series (got {type(data).__name__})")
    if isinstance(levels, str) or not levels or not all(isinstance(lv, (list, tuple)) and lv for lv in levels):
        raise ValidationError('levels must be a list of lists of key columns, e.g. [["state"], ["state", "region"]]')
    levels = [tuple(str(c) for c in lv) for lv in levels]
    keys = tuple(dict.fromkeys(c for lv in levels for c in lv))
    missing = [c for c in (target, time, *keys) if c not in data.columns]
    if missing:
        raise ValidationError(f"column(s) {', '.join(map(repr, missing))} not in the data "
                              f"(it has {', '.join(map(repr, map(str, data.columns)))})")
    if id in (target, time, *keys):
        raise ValidationError(f"id={id!r} is also a column of the data: pass another name for the id column")
    if data[list(keys)].isna().any().any():
        raise ValidationError("a key column holds empty values: each row must name its bottom series")
    for c in (c for c in keys if not pd.api.types.is_numeric_dtype(data[c])):  # "" or spaces name no series
        blank = data[c].astype(str).str.strip().eq("").to_numpy()
        if blank.any():
            raise ValidationError(f"key column {c!r} holds {int(blank.sum())} blank value(s) (first at index "
                                  f"{data.index[int(np.flatnonzero(blank)[0])]!r}): each row must name its bottom series")
    values_read = pd.to_numeric(data[target], errors="coerce")
    not_number = values_read.isna().to_numpy() & data[target].notna().to_numpy()
    if not_number.any():  # to_numpy(dtype=float) below would end in a bare ValueError
        i = int(np.flatnonzero(not_number)[0])
        raise ValidationError(f"column {target!r} holds {data[target].iloc[i]!r} (index {data.index[i]!r}), not a "
                              "number: aggregate adds the target up; convert the column to numbers first")
    data = data.assign(**{target: values_read})
    if data.duplicated([*keys, time]).any():
        raise ValidationError(_two_rows(data, keys, target, time, sep))
    wide = data.pivot(index=time, columns=list(keys), values=target).sort_index()
    wide.columns = wide.columns.to_flat_index() if len(keys) > 1 else [(k,) for k in wide.columns]
    if wide.isna().any().any():  # a sum over a missing value is no sum
        first = wide.columns[int(np.flatnonzero(wide.isna().any().to_numpy())[0])]
        raise ValidationError(f"bottom series {_label(first, sep)!r} lacks values at some times the others have "
                              "(or holds empty ones): every bottom series needs a value at every time; fill them first")
    bottom_keys = list(wide.columns)
    rows, labels, level_of = [np.ones(len(bottom_keys))], [TOTAL], [()]
    coded = []  # each aggregate level: its columns, each bottom series' group, the groups
    for lv in levels:
        if set(lv) != set(keys):  # the bottom level itself is added below, once
            pos = [keys.index(c) for c in lv]
            coded.append((lv, *pd.factorize(pd.Series([tuple(k[p] for p in pos) for k in bottom_keys]))))
    _check_size(1 + sum(len(g) for *_, g in coded) + len(bottom_keys), len(bottom_keys))
    for lv, codes, groups in coded:
        rows.extend(np.equal.outer(np.arange(len(groups)), codes).astype(float))  # a row a group: its bottom series
        labels.extend(_label(g, sep) for g in groups)
        level_of.extend([lv] * len(groups))
    bottom = [_label(k, sep) for k in bottom_keys]
    S = np.vstack([*rows, np.eye(len(bottom))])
    ids = [*labels, *bottom]
    if len(set(ids)) != len(ids):
        dup = next(k for k in ids if ids.count(k) > 1)
        raise ValidationError(f"two series would both be named {dup!r}: pass another sep= (now {sep!r}) "
                              "or rename the keys")
    nonneg = tuple(bool(v) for v in (wide.to_numpy(dtype=float) >= 0).all(axis=0))  # reconcile clips these at 0
    h = Hierarchy(tuple(ids), tuple(bottom), S, (*level_of, *[keys] * len(bottom)), nonneg)
    values = wide.to_numpy(dtype=float) @ S.T  # (T, len(ids)): each series the sum of its bottom ones
    out = pd.DataFrame({id: np.repeat(ids, len(wide)), time: np.tile(wide.index.to_numpy(), len(ids)),
                        target: values.T.reshape(-1)})
    return out, h
