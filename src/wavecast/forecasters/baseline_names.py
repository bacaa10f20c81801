"""The baselines' names as a run's scores, a forecast's columns and a backtest's give them
(experiment.make_baselines), in one pattern: a forecast file's columns are recognised as
wavecast's by it (io.own_files) and a backtest's baseline columns found by it (plotting_baselines).
No imports: the CLI's file checks read it without NumPy."""

NAMES = r"mean|last value|seasonal naive|linear AR\(\d+\)|theta"


def saved_before(want, there: list[str], how: str = "baselines=") -> str | None:
    """The refusal of a model's baselines `want` (True or names) that names theta where the
    model's `there` lacks it: a model saved before theta was a baseline (0e99375), whose
    set-up holds the four others. None where that is not so."""
    if want is True or "theta" in there or not any(n.strip().lower() == "theta" for n in want):
        return None
    return (f"{how}: the model has no theta baseline: it was saved before wavecast had one (its baselines: "
            f"{', '.join(repr(n) for n in there)}); fit it again for theta, or ask for the others")
