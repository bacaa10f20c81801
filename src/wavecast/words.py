"""Counts said in words for messages and notes: '1 missing value', '2 missing values'."""


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
