"""Several targets (`--target a,b`): a frame with targets a, b becomes a panel keyed (id, target).

Series (id, "a") holds a's values; the other targets' histories are its past covariates and a
static category `target` says which target it is, so one global direct net forecasts every
target jointly (shared weights, each target seeing the others' history). A past covariate
"b->a" holds b's values on the series of target a and 0 on the others: the other targets enter
as an interaction with the target, so the net's linear path is one linear model a target (a
VAR's rows) rather than one shared by all of them. Every covariate the user gives applies to
every target. The composite key is internal: outputs carry the id and the target apart.
"""

from __future__ import annotations

import numpy as np

from ..errors import ValidationError
from ..words import closest_column, shell_word

KEY = "__series__"  # the panel's id column (composite key)
STATIC = "__target__"  # the static category naming each series' target
SEP = "/"
BASE = "__id__"  # predict(future=df): the user's id of each row of the expanded frame (for messages)


def parse_targets(target) -> tuple[str, ...] | None:
    """The targets asked for: a list, a tuple or "a,b"; None for one target (a plain column name)."""
    if isinstance(target, (list, tuple)):
        names = [str(t).strip() for t in target]
    elif isinstance(target, str) and "," in target:
        names = [t.strip() for t in target.split(",")]
    else:
        return None
    if any(not t for t in names):
        raise ValidationError("an empty name in --target; list the target columns separated by commas (a,b)")
    seen = set()
    for t in names:
        if t in seen:
            raise ValidationError(f"column {t!r} is listed twice in --target; give each target once")
        seen.add(t)
    return tuple(names)


def flag_value(targets) -> str:
    """The targets as --target takes them, a name the shell would split quoted: 'unit price',qty
    (it echoed --target unit price,qty, two words to the shell; words.shell_word's rule)."""
    return ",".join(shell_word(t) for t in targets)


def cross_name(other: str, target: str) -> str:
    """The past covariate holding target `other`'s history on the series of `target`."""
    return f"{other}->{target}"


def cross_columns(targets) -> list[str]:
    return [cross_name(u, t) for t in targets for u in targets if u != t]


def key(sid: str, target: str) -> str:
    return f"{sid}{SEP}{target}" if sid else target


def melt(df, targets: tuple[str, ...], time: str, id: str, src: str, fill: str = "none"):
    """The frame as a panel keyed (id, target): one block of rows a (series, target), in the
    order of the ids, then the targets. -> (frame, cross columns, each panel row's row in df).

    fill="linear": the other targets' histories (past covariates, which are never filled) are
    interpolated inside each series, as the reader fills the target itself."""
    import pandas as pd

    cols = list(df.columns)
    missing = [t for t in targets if t not in df.columns]
    if missing:  # every one named, with the list given (it named the first, as if one target were meant)
        shown = cols if len(cols) <= 12 else [*cols[:10], "..."]
        said = ", ".join(repr(t) for t in missing[:10]) + (f" and {len(missing) - 10} more" if len(missing) > 10 else "")
        near = closest_column(missing[0], cols) if len(missing) == 1 else None
        raise ValidationError(f"column{'s' if len(missing) > 1 else ''} {said} (--target {flag_value(targets)}) "
                              f"not found in {src}; " + (f"did you mean {near!r}? " if near is not None else "")
                              + f"columns are {shown}")
    keep = [c for c in df.columns if c not in targets]
    cross = cross_columns(targets)
    if "target" in (id, time):
        raise ValidationError(f"column 'target' is the {'id' if id == 'target' else 'time'} column; with several "
                              "targets the forecasts have a 'target' column of their own: rename it")
    clash = [c for c in (KEY, STATIC, ",".join(targets), *cross) if c in df.columns]
    if clash:
        raise ValidationError(f"column {clash[0]!r} in {src} clashes with a name wavecast uses for several "
                              "targets; rename it")
    if id:
        codes, _ = pd.factorize(df[id].astype(str), sort=False)
        base = df[id].astype(str).to_numpy()
    else:
        codes, base = np.zeros(len(df), dtype=np.int64), np.full(len(df), "", dtype=object)
    history = {u: df[u].astype(np.float64) for u in targets}
    if fill == "linear":
        groups = df[id].astype(str) if id else pd.Series(0, index=df.index)
        history = {u: h.groupby(groups, sort=False).transform(lambda x: x.interpolate(limit_area="inside"))
                   for u, h in history.items()}
    blocks = []
    value = ",".join(targets)
    for j, t in enumerate(targets):
        b = df[keep].copy()
        b[value] = df[t].to_numpy()
        b[KEY] = [key(s, t) for s in base]
        b[STATIC] = t
        for u in targets:
            for t2 in targets:
                if u != t2:
                    b[cross_name(u, t2)] = history[u].to_numpy(dtype=np.float64, na_value=np.nan) if t2 == t else 0.0
        b["__order__"] = codes * len(targets) + j
        blocks.append(b)
    out = pd.concat(blocks, ignore_index=True)
    order = np.argsort(out["__order__"].to_numpy(), kind="stable")
    out = out.iloc[order].drop(columns="__order__")
    return out.reset_index(drop=True), cross, np.tile(np.arange(len(df)), len(targets))[order]


def fill_inserted(ds, rows_of, targets: tuple[str, ...], base_of: dict[str, tuple[str, str]]) -> None:
    """The panel's own past columns on the dates --fill-missing-dates inserted (rows_of[i]: the
    file's rows of series i, -1 on such a date, where the reader read nothing: NaN), in place.

    'u->t' on series (id, t) takes target u's value of that date, the one series (id, u) was
    interpolated to: the column is u's history read beside t, so on any date it must hold what
    u's own series holds, or the net would read two values of u for one day (a NaN there was
    refused as a gap of the column; interpolating the column apart would be a second reckoning
    of the same value that only agrees by luck). 'u->t2' of another target t2 is the 0 it holds
    on every row of the series (the interaction), never invented. Series of an id share their
    dates (the file's rows of the id): a date another target's series lacks stays NaN, refused
    by the reader's check as before."""
    cov = ds.covariates
    at = {base_of[k]: i for i, k in enumerate(ds.ids)}
    col = {c: j for j, c in enumerate(cov.past)}
    for i, k in enumerate(ds.ids):
        new = np.flatnonzero(np.asarray(rows_of[i][: len(ds.values[i])]) < 0)  # history rows only
        if not len(new):
            continue
        sid, t = base_of[k]
        v = cov.values[i]  # (rows, columns)
        for u in targets:
            for t2 in targets:
                if u == t2:
                    continue
                j = col[cross_name(u, t2)]
                if t2 != t:
                    v[new, j] = 0.0
                    continue
                o = at[(sid, u)]
                pos = ds.times[o].get_indexer(ds.times[i][new])  # its dates in u's series, -1 if absent
                ok = pos >= 0
                v[new[ok], j] = ds.values[o][pos[ok]]


def tag(ds, targets: tuple[str, ...], id: str, base_of: dict[str, tuple[str, str]]) -> None:
    """Mark a panel Dataset read from a melted frame: its targets, each series' id and target."""
    ds.targets = tuple(targets)
    ds.series_ids = [base_of[k][0] for k in ds.ids]
    ds.series_targets = [base_of[k][1] for k in ds.ids]
    ds.id = id


def id_and_target(ds, key: str) -> tuple[str, str | None]:
    """The user's id and target column of series `key` of ds (its internal key with several
    targets); (key, None) for a panel of one target."""
    if ds is not None and getattr(ds, "targets", ()) and key in ds.ids:
        i = ds.ids.index(key)
        return ds.series_ids[i], ds.series_targets[i]
    return key, None


def check_names(ds, keys) -> tuple[list[str] | None, str]:
    """How the checks over many series name each of ds's series `keys`, and what they count:
    (None, "series") for one target (their ids); several, ["'a' (target 'sales')", ...] and
    "series"; one series without an id, its targets (["'sales'", "'price'"], "targets"), said
    "in 1 of 2 targets ('price'); in target 'price': ..." (it was "in 1 of 2 series ('' (target
    'price')); in series '' (target 'price'): ...", an id the user never gave)."""
    if not getattr(ds, "targets", ()):
        return None, "series"
    who = [id_and_target(ds, k) for k in keys]
    if all(sid == "" for sid, _ in who):
        return [repr(tg) for _, tg in who], "targets"
    return [f"{sid!r} (target {tg!r})" for sid, tg in who], "series"


def said(sid: str, target: str | None = None) -> str:
    """A series named in a sentence, in the user's words: "series 's0'", "series 's0', target
    'a'", or "target 'a'" (several targets, no id column)."""
    if target is None:
        return f"series {sid!r}"
    return f"series {sid!r}, target {target!r}" if sid else f"target {target!r}"


def user_words(message: str, targets, base_of: dict[str, tuple[str, str]], rows=None) -> str:
    """A reader's message about the panel said of the file: column 'a,b' for id 's0/a' becomes
    column 'a' for id 's0'; the panel's rows are the file's (rows: each panel row's in the file,
    from 0; melt), and left out beside a time stamp. They were the panel's: a file of 100 rows
    said 'first at row 171' of its second target's row 71."""
    import re

    if rows is not None:  # (a future row's count after the series' end is no row of the file)
        message = re.sub(r"(?<!future )\b(rows?) (\d+(?:, \d+)*)", lambda m: f"{m[1]} " + ", ".join(
            str(int(rows[int(k) - 1]) + 1) if 0 < int(k) <= len(rows) else k for k in m[2].split(", ")), message)

    joined = ",".join(targets)
    # the panel's own past column 'u->t' (target u read beside target t) missing: said of target
    # u, as its gap (was "column 'ret->sold' (--past) ... fill them (covariates are not filled for you)")
    cross = re.match(r"column '([^']*)->([^']*)' \(--past\) in (.*?) has (\d[\d,]* missing values?) for series "
                     r"'([^']*)'.*?, first at (?:row \d+ )?\(?([^);]*)\)?; fill them", message)
    if cross and cross[1] in targets and cross[2] in targets:
        u, t, src, count, sid = cross[1], cross[2], cross[3], cross[4], cross[5]
        who = f" for id {base_of[sid][0]!r}" if sid in base_of and base_of[sid][0] else ""
        return (f"column {u!r} (--target) in {src} has {count}{who} where {t!r} has values, first at {cross[6]}; "
                f"several targets are read side by side, so each needs a value on every row of the others' "
                "history (--fill linear fills gaps inside a target, not its empty start or end): fill them, or drop "
                "those rows")

    def one(m):
        sid, t = base_of.get(m[2], ("", m[2]))
        return f"column {t!r}{m[1]}" + (f" for id {sid!r}" if sid else "")

    message = re.sub(rf"column '{re.escape(joined)}'(.*?) for id '([^']*)'", one, message)
    message = re.sub(r"series '([^']*)'", lambda m: (f"series {base_of[m[1]][0]!r} (target {base_of[m[1]][1]!r})"
                                                     if m[1] in base_of else m[0]), message)
    def rest(m):
        if m[1] not in base_of:
            return m[0]
        sid, t = base_of[m[1]]
        return f"for id {sid!r} (target {t!r})" if sid else f"for target {t!r}"

    message = re.sub(r"for id '([^']*)'", rest, message)
    return re.sub(r"first at row \d+ \(([^)]*)\)", r"first at \1", message)


def user_roles(cov, targets) -> dict:
    """The covariate roles a user gave (the panel's own past and static columns left out)."""
    internal = {*cross_columns(targets), STATIC}
    return {"past": tuple(c for c in cov.past if c not in internal), "future": tuple(cov.future),
            "static": tuple(c for c in cov.static if c not in internal), "calendar": tuple(cov.calendar)}


def expand_future(frame, targets, id: str):
    """predict(future=df) for a panel: df's rows of series s repeated for each target under the
    composite key. -> (frame, its id column)."""
    import pandas as pd

    base = frame[id].astype(str) if id else pd.Series([""] * len(frame), index=frame.index)
    parts = []
    for t in targets:
        b = frame.copy()
        b[KEY] = [key(s, t) for s in base]
        b[BASE] = base.to_numpy()
        parts.append(b)
    return pd.concat(parts, ignore_index=True), KEY
