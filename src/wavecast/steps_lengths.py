"""Which series the direct net can score (a window and two seasons before the test part), and
what is said when series are too short: the direct and the recursive net's errors with the fixes
in the caller's flags (a run's or a backtest's), and the note on the series left out of the scores.
"""

from __future__ import annotations

import math

from .steps import FINAL_CLAUSE
from .words import counted


def scorable(n: int, window, season: int) -> bool:
    """Whether the direct net scores a series of n points: its part before the test part
    (window.test_len) holds one window (input_len + horizon) and two seasons (at least 3)."""
    return n - window.test_len >= max(window.input_len + window.horizon, 2 * season, 3)


def too_short(lengths: list[int], input_len: int, horizon: int, test_len: int, season: int,
              backtest: tuple[int, int, int] | None = None) -> str:
    """Why no series can be scored by the direct net: the rule that binds (a window of input_len
    + horizon, and two seasons for the seasonal baselines and the deseasonalising, before a test
    part of test_len), and each setting that alone would let the longest series hold it, in the
    CLI's words (wavecast.fit says them as its arguments).

    backtest: (origins, stride, the test_len set before the backtest lengthened it): the fixes
    are then --origins, --stride, --horizon and input_len (window.test_len is the backtest's)."""
    n, window, base = max(lengths), input_len + horizon, max(2 * season, 3)
    need = max(window, base)
    rule = _rule(input_len, horizon, season)
    fixes = []
    # the horizon offered leaves a context of a season at least: at 2 points (Seatbelts' 192
    # months, --horizon 100: "at most 95") the net forecast 95 months from the last 2
    ctx = max(input_len, season)
    if test_len == horizon:  # the test part is the horizon unless set: h + max(ctx + h, base) <= n
        h = min((n - ctx) // 2, n - base)
    else:
        h = min(n - test_len - ctx, test_len) if test_len + base <= n else 0
    if 1 <= h < horizon:
        # the test_len in flags, so Python's note says test_len= (was: "window.test_len as short")
        fixes.append(f"a shorter --horizon (at most {h}" + (f"; and, if you set it, --set window.test_len={h})"
                                                             if test_len == horizon else ")"))
    if 1 <= n - test_len - horizon < input_len and test_len + base <= n:
        fixes.append(f"--set window.input_len={n - test_len - horizon}")
    if horizon <= n - need < test_len:
        fixes.append(f"--set window.test_len={n - need}")
    if base > window and 1 <= (n - test_len) // 2 < season and window + test_len <= n:
        fixes.append(f"a season it holds twice, of at most {(n - test_len) // 2} samples (none: --set eval.period=1)")
    how = f"pass {fixes[0]}" if len(fixes) == 1 else f"any one of: {'; '.join(fixes)}" if fixes else \
        "shorten the horizon, input_len, test_len (window.*) or the season (eval.period) together"
    who = "series has" if len(lengths) == 1 else f"the longest of {len(lengths)} series has"
    held = ""
    if backtest is not None:  # the test part the backtest set: its fixes are its own flags
        k, stride, own = backtest
        fixes = _backtest_fixes(n, input_len, horizon, season, k, stride, own)
        how = f"pass {fixes[0]}" if len(fixes) == 1 else f"any one of: {'; '.join(fixes)}" if fixes else \
            "shorten --origins, --stride, --horizon, input_len (window.input_len) or the season (eval.period) together"
        held = f" ({k} origins {stride} apart, the last one's {horizon} steps)" if own <= horizon + stride * (k - 1) \
            else ""
    return f"{who} {counted(n, 'point')}; the direct net needs {need + test_len}: {rule} before a test part of {test_len}{held} ({how})"


def most_origins(n: int, input_len: int, horizon: int, season: int, stride: int, own: int) -> int:
    """The most origins stride apart a backtest fits on a series of n points with this input_len
    (a test part of max(horizon + stride (k - 1), own), before it a window and two seasons); 0: none."""
    room = n - max(input_len + horizon, max(2 * season, 3)) - horizon
    k = 1 + room // stride if room >= 0 else 0
    return k if k >= 1 and n - max(horizon + stride * (k - 1), own) >= max(input_len + horizon, 2 * season, 3) \
        else 0


def most_origins_recursive(facts: dict, input_len: int, horizon: int, stride: int, own: int) -> int:
    """The most origins stride apart a backtest of the recursive net fits with this input_len on the
    shortest series of facts' (data.check_lengths: a training window, a validation share besides,
    before a test part of max(horizon + stride (k - 1), own)); 0: none."""
    from .data.dataset import required_length

    n, train = min(facts["lengths"]), required_length(input_len, facts["target_len"], 0, facts["val_fraction"])
    room = n - train - horizon
    k = 1 + room // stride if room >= 0 else 0
    return k if k >= 1 and n - max(horizon + stride * (k - 1), own) >= train else 0


def kept_input_len(lag: int, input_len: int, fit: int, n_origins: int) -> str:
    """The too-many-origins refusal's last clause, either net's: where the default input_len shrank
    (lag, from a run's input_len) to fit the lengthened test part, how many origins (fit) keep it."""
    if lag == input_len or not 1 <= fit < n_origins:
        return ""
    return (f"; input_len {lag} is the default shrunk to fit that test part: give --origins {fit} or "
            f"fewer to keep a run's input_len {input_len}")


def _backtest_fixes(n: int, input_len: int, horizon: int, season: int, k: int, stride: int, own: int) -> list[str]:
    """too_short's fixes in a backtest of k origins stride apart on a series of n points: the
    test part is max(horizon + stride (k - 1), own) (own: window.test_len as set), and before
    it a window of input_len + horizon and two seasons. Each fix alone fits, checked."""
    base = max(2 * season, 3)

    def fits(h=horizon, lag=input_len, kk=k, s=stride) -> bool:
        return n - max(h + s * (kk - 1), own) >= max(lag + h, base)

    room = n - max(input_len + horizon, base) - horizon  # the points the origins after the first may span
    fixes = []
    if room >= 0 and 1 + room // stride < k and fits(kk=1 + room // stride):
        fixes.append(f"fewer --origins (at most {1 + room // stride})")
    if k > 1 and 1 <= room // (k - 1) < stride and fits(s=room // (k - 1)):
        fixes.append(f"a shorter --stride (at most {room // (k - 1)})")
    later = stride * (k - 1)
    h = min((n - later - input_len) // 2, n - later - base)
    if 1 <= h < horizon and fits(h=h):
        fixes.append(f"a shorter --horizon (at most {h})")
    lag = n - max(horizon + later, own) - horizon
    if 1 <= lag < input_len and fits(lag=lag):
        fixes.append(f"--set window.input_len={lag}")
    if base > input_len + horizon and 1 <= (n - max(horizon + later, own)) // 2 < season and \
            input_len + horizon + max(horizon + later, own) <= n:
        fixes.append(f"a season it holds twice, of at most {(n - max(horizon + later, own)) // 2} samples "
                     "(none: --set eval.period=1)")
    if own > horizon + later and n - (horizon + later) >= max(input_len + horizon, base):  # own binds
        fixes.append(f"no --set window.test_len={own} (the backtest sets its test part from --origins, --stride "
                     "and --horizon)")
    return fixes


def _rule(input_len: int, horizon: int, season: int) -> str:
    """The length a scored series needs before its test part, said by the rule that binds."""
    window, base = input_len + horizon, max(2 * season, 3)
    return " and ".join([f"input_len {input_len} + horizon {horizon} = {window}"] * (window >= base) +
                        [f"two seasons of {season} = {2 * season}" if season > 1 else "3"] * (base >= window))


def left_out_note(series, keep: list[int], dataset, input_len: int, horizon: int, test_len: int,
                  season: int) -> str:
    """The series too short to score (not in keep): which, why, and how the final model (trained
    on all the data) forecasts each: the net when it holds input_len points, else the named
    fallback (seasonal naive, or its last value when shorter than a season), as forecast does.
    Was: "the final model forecasts them by seasonal naive" of a 30-point series the net forecast."""
    from .data.dataset import in_users_place
    from .data.targets import id_and_target
    from .forecasters.fallback import fallback_words, listed

    kept = set(keep)
    out = [i for i in range(len(series)) if i not in kept]
    if dataset is not None:  # named in the user's order, as predict's notes name them (not the ids')
        out = in_users_place(dataset, out)
    ids = dataset.ids if dataset is not None else [""] * len(series)

    def name(i: int) -> str:
        sid, target = id_and_target(dataset, ids[i])
        return f"{sid!r}" + (f" (target {target!r})" if target is not None else "")

    need = max(input_len + horizon, 2 * season, 3) + test_len
    said = listed([f"{name(i)} ({len(series[i])} points)" for i in out]) if any(ids[i] for i in out) else ""
    groups: dict[str, list[int]] = {}
    for i in out:
        n = len(series[i])
        how = (f"the net (at least input_len={input_len} points)" if n >= input_len else fallback_words(n, season))
        groups.setdefault(how, []).append(i)
    if len(groups) == 1 or not said:
        one = len(out) == 1
        final = ", ".join(f"{'it' if one else 'them' if len(groups) == 1 else f'{len(rows)}'} by {how}"
                          for how, rows in groups.items())
    else:
        final = ", ".join(f"{listed([name(i) for i in rows])} by {how}" for how, rows in groups.items())
    return (f"{len(out)} series of {len(series)} shorter than {need} points ({_rule(input_len, horizon, season)} "
            f"before a test part of {test_len}), left out of the scores{f': {said}' if said else ''}"
            f"{FINAL_CLAUSE}forecasts {final}")


def too_short_recursive(facts: dict, horizon: int, k: int, stride: int, own: int) -> str:
    """The recursive net's too-short error (data.check_lengths: every series holds input_len +
    the training targets, a validation share besides, before its test part) in a backtest of k
    origins stride apart (own: window.test_len as set), with the fixes in its own flags, each
    checked to fit: fewer --origins, a shorter --stride or --horizon, window.input_len."""
    from .data.dataset import required_length

    lengths, lag, n_target, vf = facts["lengths"], facts["input_len"], facts["target_len"], facts["val_fraction"]
    n, later = min(lengths), stride * (k - 1)
    test = max(horizon + later, own)

    def train(lag_: int) -> int:
        return required_length(lag_, n_target, 0, vf)

    def fits(h=horizon, lag_=lag, kk=k, s=stride) -> bool:
        return n >= max(h + s * (kk - 1), own) + train(lag_)

    avail = n - train(lag) - horizon  # the points the origins after the first may span
    fixes = []
    if avail >= 0 and 1 + avail // stride < k and fits(kk=1 + avail // stride):
        fixes.append(f"fewer --origins (at most {1 + avail // stride})")
    if k > 1 and 1 <= avail // (k - 1) < stride and fits(s=avail // (k - 1)):
        fixes.append(f"a shorter --stride (at most {avail // (k - 1)})")
    if 1 <= n - train(lag) - later < horizon and fits(h=n - train(lag) - later):
        fixes.append(f"a shorter --horizon (at most {n - train(lag) - later})")
    best = math.floor((n - test) * (1 - vf)) - n_target
    while best >= 1 and not fits(lag_=best):
        best -= 1
    if 1 <= best < lag:
        fixes.append(f"--set window.input_len={best}")
    if own > horizon + later and n >= horizon + later + train(lag):  # own binds
        fixes.append(f"no --set window.test_len={own} (the backtest sets its test part from --origins, --stride "
                     "and --horizon)")
    how = f"pass {fixes[0]}" if len(fixes) == 1 else f"any one of: {'; '.join(fixes)}" if fixes else \
        "shorten --origins, --stride, --horizon or input_len (window.input_len) together"
    who = "series has" if len(lengths) == 1 else f"the shortest of {len(lengths)} series has"
    val = f" (with {vf:.0%} validation)" if vf else ""
    held = f" ({k} origins {stride} apart, the last one's {horizon} steps)" if own <= horizon + later else ""
    return (f"{who} {counted(n, 'point')}; the recursive net needs {test + train(lag)}: input_len {lag} + {n_target} training "
            f"target(s){val} before a test part of {test}{held} ({how})")
