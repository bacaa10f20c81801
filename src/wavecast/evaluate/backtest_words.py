"""A backtest's findings in a backtest's words: their advice was written for a run's one
held-out end ("on this held-out end", "one draw"), and a backtest scores many origins.
"""

from __future__ import annotations

# The level-shift advice (finding.ADVICE) sends a run to a backtest; a backtest that found the
# break is told to judge on the origins whose forecasts do not cross it.
SHIFT_RUN = ("judge the forecasters on origins before the break (a backtest: wavecast backtest --origins N, "
             "wavecast.backtest(origins=N)) or on data after it, not on this held-out end;")


def over_origins(said: str, n_origins: int, of: str = "") -> str:
    """said (a finding's advice) as it reads in a backtest of n_origins > 1 origins: "over these N
    origins" where it said "on this held-out end" or "on the held-out part" (the random walk's
    scores, the drivers' cost), without the one-draw caveat (Seatbelts' backtest with --future law
    read "the same net without --future law ..., which scored better on this held-out end").
    of: the series a panel's pooled finding spans, in the user's words ("3 series",
    words.series_counted): "over these 6 origins of 3 series" (it said "over these 6 origins" of
    scores pooled over 3 series x 6 origins); "" for one series' scores."""
    if n_origins <= 1:
        return said
    where = f"over these {n_origins:,} origins" + (f" of {of}" if of else "")
    said = said.replace(SHIFT_RUN, "judge the forecasters on origins whose forecasts do not cross the break "
                        f"(before it, or after it), not pooled {where};")
    return (said.replace("; one draw)", ")").replace("on this held-out end", where)
            .replace("on the held-out part", where))
