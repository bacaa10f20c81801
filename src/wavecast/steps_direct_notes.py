"""The notes the direct net's training step (steps_direct.py) says about what it read: the
covariates and targets and how they were scaled, constant series, series shorter than input_len
and their fallback, and whether the season was found and taken out before the net.
"""

from __future__ import annotations

import numpy as np

from .steps import baselines_read, constant_notes


def fitted_notes(f, cov, dataset, series, ids, keep: list[int], scored, splits) -> list[str]:
    """The notes on the scored net `f` just fitted on the scored series' parts before their test
    parts (splits): its covariates or targets, constant series, series shorter than its input_len."""
    notes: list[str] = []
    if cov is not None:
        schema = cov.schema()
        targets = getattr(dataset, "targets", ())
        if targets:  # the panel's own columns, said in the user's words
            from .data.targets import user_roles

            schema = {**schema, **{k: list(v) for k, v in user_roles(cov, targets).items() if k != "calendar"}}
            notes.append(f"several targets ({', '.join(targets)}): one net forecasts them jointly, each series of "
                         "a target reading the other targets' history as past covariates, its target as a static "
                         "category")
        said = "; ".join(f"{k} {', '.join(v)}" for k, v in schema.items() if v)
        if said:
            notes.append(f"covariates: {said}; scaled on each series' part before its test part; the target is "
                         "not logged (direct.log is ignored: a log makes an additive driver multiplicative); "
                         f"{baselines_read(targets)}")
        elif targets:
            notes.append("the targets are not logged (direct.log is ignored with several targets)")
        notes.extend(constant_notes(cov, series))
    flat = [(ids[i], s[: sp.train_end, 0]) for i, s, sp in zip(keep, scored, splits, strict=True)
            if np.ptp(s[: sp.train_end]) == 0]
    if flat:  # named: in a panel, which one is flat is what the user needs to know
        (sid, x), who = flat[0], (lambda k: f"series {k!r}" if k else "the series")
        first = f"{who(sid)}: all {len(x)} training values = {x[0]:g}"
        more = ", ".join(who(k) for k, _ in flat[1:6]) + (", ..." if len(flat) > 6 else "")
        which = f"series is constant ({first})" if len(flat) == 1 else \
            f"{len(flat)} series are constant ({first}; also {more})"
        notes.append(f"{which}; the forecast of a constant series is that constant")
    short = [sp.train_end for sp in splits if sp.train_end < f.input_len]
    if short:  # the one fallback each gets: seasonal naive, or its last value when shorter than a season
        from .forecasters.fallback import fallback_words

        how = " or ".join({fallback_words(n, f.season): None for n in short})
        how = f"{how[:-1]}; the direct net's named fallback)" if how.endswith(")") else \
            f"{how} (the direct net's named fallback)"
        notes.append(f"{len(short)} series shorter than input_len={f.input_len} before their test part: "
                     f"forecast by {how}")
    return notes


def season_found_note(season: int, found: int, n_series: int, drivers: bool = False, targets=(),
                      shortest: int = 0) -> str:
    """Whether the season was found (transforms.season: the Theta test; over 12, as weekly
    data's 52, also a held-out stretch) and taken out before the net, said on the part before
    the test: a season the test misses is left for the net to learn from its windows.
    drivers: past or future covariates (or other targets) were given, and the season is sought in
    what they leave unexplained (covariates.season_beside): a target whose season its driver
    carries (returns, a tenth of sales) has none left, which the note said was too short or noisy.
    targets: several targets (--target sales,price): the n_series are each series' targets, said
    as "2 targets" of one series, "6 targets of 3 series" (it said "2 series" of one).
    shortest: the shortest part the test read; where every one is long enough, the length is not
    named among the reasons (3,177 monthly sunspots were told the test needs 2 seasons and a point)."""
    # a season of 12 or under: two seasons and a point for its strength, three for the Theta test
    # (transforms.season); longer ones: the held-out stretch too
    how = "2 seasons and a point" if season <= 12 else "2 seasons and 13 points more"
    clear = ("a season clear of the noise in what the covariates leave unexplained (one they carry is theirs)"
             if drivers else "a season clear of the noise")
    # every test had its data: the Theta test's three seasons after the centred average's ends are cut
    # (transforms.season.theta_test), and the held-out stretch of a long season
    long_enough = shortest >= max(3 * season + 2 * (season // 2), 2 * season + 13 if season > 12 else 0)
    why = (f"long enough for the test, but it needs {clear}" if long_enough else
           f"the test needs at least {how}, and {clear}")
    if n_series == 1:
        return (f"season {season}: found in the series and taken out before the net" if found else
                f"season {season}: not found in the series ({why}); the net reads it as it is")
    whole = f"{n_series} series"
    t = len(targets)
    if t > 1 and n_series % t == 0:  # (some series left out: counted as they are, as words.series_counted)
        whole = f"{n_series} targets" if n_series == t else f"{n_series} targets of {n_series // t} series"
    if found == 0:
        return f"season {season}: not found in any of the {whole} ({why}); the net reads them as they are"
    if found == n_series:
        return f"season {season}: found and taken out before the net in all {whole}"
    why = why.replace("long enough for the test, but it needs", "each long enough for the test, but it needs")
    return (f"season {season}: found and taken out before the net in {found} of {whole}; the "
            f"others are read as they are ({why})")


def second_season_note(longer: int, season: int, found: int, n_series: int) -> str:
    """The longer season (direct.seasons: half-hourly data's week, 336, after its day, 48) found and
    taken out after the shorter one, in how many series. A user round's half-hourly demand
    (fpp2's elecdemand) read 'season 48: found ... and taken out' alone while the week was too."""
    where = "in the series" if n_series == 1 else f"in {found} of {n_series} series"
    return (f"season {longer}: found {where} too and taken out after season {season} (direct.seasons=2, "
            f"this frequency's default; --set direct.seasons=1 keeps one season)")
