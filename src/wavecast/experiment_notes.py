"""The notes a run (experiment.py) adds about the series it scored, and names them by: each
series in the user's words, its extreme training values, a future covariate the net was hardly
trained on at its held-out values; and the covariates the run was given, as its flags.
"""

from __future__ import annotations

from .config import Config
from .data.targets import STATIC as TARGET_STATIC
from .evaluate.drivers_pay import drivers_named


def series_names(dataset, ids: list[str]) -> list[str]:
    """How notes name each series: "series 'a'", "series 'a' (target 'b')", or "the series 'y'"
    (one series without an id: its target column; "the Series" or "the array" when the user gave
    it no name; the signal without a file: "the signal")."""
    if dataset is None:
        return ["the signal" for _ in ids]
    if getattr(dataset, "targets", ()):
        from .data.targets import id_and_target

        return [f"series {sid!r} (target {tg!r})" for sid, tg in (id_and_target(dataset, k) for k in ids)]
    from .data.dataset import unnamed

    # an unnamed Series or an array: "the Series", never its internal column 'value'
    one = dataset.source if unnamed(dataset) else f"the series {dataset.target!r}"
    return [f"series {k!r}" if k else one for k in ids]


def extreme_notes_of(t, dataset) -> list[str]:
    """Notes naming each scored series' extreme training values by time stamp and position."""
    from .evaluate.extremes import extreme_notes

    def at(i: int, pos: int) -> str:
        times = None if dataset is None else dataset.times[dataset.ids.index(t.ids[i])]
        if times is None or pos >= len(times):
            return f"point {pos + 1}"
        from .data.timesaid import describe

        # quarters or ISO weeks named as the data wrote them ('2012Q3'), as forecasts write them
        return f"{describe(times[pos], getattr(dataset, 'time_text', ''))} (point {pos + 1} of the series)"

    return extreme_notes([s[:, 0] for s in t.series], [sp.train_end for sp in t.splits],
                         series_names(dataset, list(t.ids)), at)


def rare_driver_notes_of(t, dataset, steps: int, horizon: int | None = None) -> list[str]:
    """Notes naming a future covariate the scored net was hardly trained on at its held-out values
    (the `steps` after each series' known part: a run's horizon, a backtest's every origin's),
    judged on every `horizon` of them (a backtest: each origin's forecast, not all steps at once)."""
    cov = getattr(dataset, "covariates", None)
    if cov is None or not cov.future:
        return []
    from .evaluate.covariate_range import rare_driver_notes

    cols = [cov.columns.index(c) for c in cov.future]
    rows = [cov.values[dataset.ids.index(k)][:, cols] for k in t.ids]
    return rare_driver_notes(list(cov.future), rows, [sp.val_end for sp in t.splits], steps,
                             series_names(dataset, list(t.ids)), window=horizon)


def drivers_given(cfg: Config, dataset) -> tuple[str, ...]:
    """The covariates the run was given, as its flags, for the advice to try without them: the
    config's, or those read into the dataset (wavecast.fit's keywords), not the other targets'."""
    d = cfg.data
    cov = getattr(dataset, "covariates", None)
    if d.past or d.future or d.static or d.calendar or d.holidays or cov is None:
        return drivers_named(d.past, d.future, d.calendar, d.holidays, d.static)
    past = tuple(c for c in cov.past if "->" not in c or not getattr(dataset, "targets", ()))
    # holidays= read the calendar too (api.read_for_fit), so its columns name holidays= alone, as
    # --holidays alone is said: the advice said "run it without calendar=True" to a fit given holidays="NYSE"
    code = _holiday_code(cov.calendar)
    # several targets: the static category naming each series' target is the panel's, not the
    # user's: the advice said "run it without --static __target__" to a run given no driver
    static = tuple(c for c in cov.static if not getattr(dataset, "targets", ()) or c != TARGET_STATIC)
    return drivers_named(past, cov.future, bool(cov.calendar) and not code, code, static=static)


def _holiday_code(names) -> str:
    """The --holidays code of a dataset's calendar columns: holiday_NYSE, holiday_close_NYSE (daily
    data), holidays_MS_AU (a count a period); '' where none is a holiday column."""
    return next((n.rsplit("_", 1)[1] for n in names or () if n.startswith(("holiday_", "holidays_"))), "")
