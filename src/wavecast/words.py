"""Counts said in words for messages and notes: '1 missing value', '2 missing values'."""

import re


def shell_word(name) -> str:
    """A column's name as a command line's flag takes it: quoted where the shell would split or
    read it ('Unnamed: 0', 'unit sales'), as it is otherwise (sales). Advice said '--time
    Unnamed: 0', which the shell passes as two words."""
    import shlex

    return shlex.quote(str(name))


def counted(n, noun: str, plural: str = "") -> str:
    """n as written and its noun, singular for one: counted(1, "missing value") -> '1 missing value'.
    n may be text already formatted ('1', '2.5'); 1.0 is written '1.0' and keeps the plural. The
    plural adds an 's' unless given (counted(n, "series", "series"))."""
    shown = str(n)
    return f"{shown} {noun if shown == '1' else plural or noun + 's'}"


def series_of_targets(n: int, targets=()) -> str:
    """The series of a run said as the user gave them: n internal series, one a series and target.
    Several targets: the user's own series and their targets, "one series, targets 'sales',
    'price'" or "2 series, each with targets 'sales', 'price'" (it was "1 series x 2 targets",
    or "2 series" of one series' two targets); one target: "1 series", "12 series"."""
    targets = list(targets)
    if len(targets) < 2 or n % len(targets):  # (some series left out: counted as they are)
        return counted(n, "series", "series")
    k, said = n // len(targets), ", ".join(map(repr, targets))
    return f"one series, targets {said}" if k == 1 else f"{k} series, each with targets {said}"


def series_counted(n: int, targets=()) -> str:
    """n internal series as a count in the user's words, for "pooled over ..." and "... x 4
    origins": "12 series"; several targets, "2 targets" of one series (it was "2 series") and
    "3 series x 2 targets" of a panel (it was "6 series")."""
    targets = list(targets)
    if len(targets) < 2 or n % len(targets):
        return counted(n, "series", "series")
    k = n // len(targets)
    return f"{len(targets)} targets" if k == 1 else f"{k} series x {len(targets)} targets"


# a note said of one series: its count, what, the id (a target), the rest ("1 missing value for id 's0' filled linearly")
_PER_SERIES = re.compile(r"(?P<n>\d[\d,]*) (?P<noun>.+?) for id (?P<id>'[^']*'|\"[^\"]*\")"
                         r"(?P<target> \(target (?:'[^']*'|\"[^\"]*\")\))? (?P<rest>.+)")


def folded_series_notes(notes: list[str], at_least: int = 4) -> list[str]:
    """Notes of one kind said for each of many series said once: "1 missing value for id 's0'
    filled linearly", repeated for 12 shops, becomes "12 missing values filled linearly, in 12
    series ('s0', 's1', 's2', 's3', 's4' and 7 more; 1 each)", in the place of the first. A panel
    of 50 chicks read with --fill-missing-dates printed 50 such lines, one of 1,000 stores 2,000.
    Notes whose words differ beyond the count and the id (a row, a date) stay as they are, and so
    does a kind said for fewer than at_least series."""
    groups: dict[tuple, list[tuple[int, int, str]]] = {}
    for i, note in enumerate(notes):
        m = _PER_SERIES.fullmatch(note)
        if m:
            n = int(m["n"].replace(",", ""))
            noun = m["noun"] if n == 1 or not m["noun"].endswith("s") else m["noun"][:-1]
            groups.setdefault((noun, m["target"] or "", m["rest"]), []).append((i, n, m["id"]))
    first, dropped = {}, set()
    for (noun, target, rest), said in groups.items():
        if len({who for _, _, who in said}) < at_least:
            continue
        counts = [n for _, n, _ in said]
        who = [w for _, _, w in said]
        shown = ", ".join(who[:5]) + (f" and {len(who) - 5:,} more" if len(who) > 5 else "")
        each = f"{counts[0]:,} each" if min(counts) == max(counts) else f"{min(counts):,} to {max(counts):,} a series"
        first[said[0][0]] = (f"{counted(f'{sum(counts):,}', noun)}{target} {rest}, in {len(who):,} series "
                             f"({shown}; {each})")
        dropped.update(i for i, _, _ in said[1:])
    return [first.get(i, note) for i, note in enumerate(notes) if i not in dropped]


def closest_column(wanted: str, cols: list) -> str | None:
    """The column `wanted` most likely meant: the same name in another case or with other
    spaces, else the one close match difflib finds (ratio 0.8 or more), else the one column whose
    name starts with it (3 characters or more: 'Temp' for 'Temperature', which difflib's 0.53
    missed: fpp2's elecdaily given --future Temp); None where none is."""
    key = "".join(str(wanted).split()).casefold()
    same = [c for c in cols if "".join(str(c).split()).casefold() == key]
    if same:
        return same[0]
    import difflib

    near = difflib.get_close_matches(str(wanted), [str(c) for c in cols], n=1, cutoff=0.8)
    if near:
        return next((c for c in cols if str(c) == near[0]), None)
    longer = [c for c in cols if len(key) >= 3 and "".join(str(c).split()).casefold().startswith(key)]
    return longer[0] if len(longer) == 1 else None
