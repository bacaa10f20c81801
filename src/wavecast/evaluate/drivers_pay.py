"""Whether a run's drivers (its covariates) pay: the check of the net fitted without them, and
the advice that names them as the run's flags.
"""

from __future__ import annotations

from ..words import shell_word
from .finding import Finding, make_finding

# Drivers did not pay on every small set of a practitioner round (docs/covariates.md, "Drivers that
# do not pay": Seatbelts' law, insurance's TV adverts), and the advice never said to drop them.
WITHOUT_DRIVERS = "Or run it without --"


# what one held-out end can tell, said beside the note that the drivers pay (drivers_check.verdict)
ONE_DRAW = ("one held-out end is one draw: a backtest compares them over many origins (wavecast backtest "
            "--origins N; wavecast.backtest(origins=N))")


# why drivers can cost a net: both pieces of advice that name them end with it
DRIVERS_COST = "drivers with few distinct values or few points to learn from can cost the net more than they give."


def _without(drivers: tuple[str, ...]) -> str:
    """'without --future law and --calendar (the same keywords in Python)': the flags to leave out.
    It said 'without the drivers (--future law; ...)', which read as the flags to pass."""
    flags = drivers[0] if len(drivers) == 1 else f"{', '.join(drivers[:-1])} and {drivers[-1]}"
    return f"without {flags} (the same keywords in Python)"


def without_drivers(drivers: tuple[str, ...]) -> str:
    """The advice's last sentence for a run given drivers: run it without them, named."""
    return f" Or run it {_without(drivers)} and compare: {DRIVERS_COST}"


def drivers_advice(drivers: tuple[str, ...], backtest: bool = False) -> str:
    """The "drivers do not pay" advice with the run's drivers named, as its flags; backtest: the
    finding of a backtest's check, already over many origins (not one draw)."""
    if backtest:
        return (f"run it {_without(drivers)}: pooled over this "
                f"backtest's origins the same net scored better without them. {DRIVERS_COST[0].upper()}{DRIVERS_COST[1:]}")
    return (f"run it {_without(drivers)} and compare on a "
            "backtest (wavecast backtest --origins N; wavecast.backtest(origins=N)): one held-out end is one "
            f"draw. {DRIVERS_COST[0].upper()}{DRIVERS_COST[1:]}")


def costly_drivers_advice(drivers: tuple[str, ...]) -> str:
    """The advice of a net behind a baseline whose drivers the same run found to cost it: "more
    epochs" beside that finding sent a user round (Seatbelts, --future law) to train the net its
    drivers had broken."""
    which = _without(drivers) if drivers else "without its covariates"
    return (f"use the baseline, or the same net {which}, which scored better on this held-out end; more "
            "epochs will not mend what they cost it.")


# A lower score without the drivers by less than this share is no finding: one held-out end is
# one draw, and the bare net's own seeds moved Seatbelts' MASE 0.659-0.719 (PetrolPrice at seed 2:
# 0.722 with the driver, 0.719 without, a finding for 0.4%).
PAY_MARGIN = 0.02


def drivers_do_not_pay(net: str, bare: str, metric: str, with_them: float, without: float,
                       where: str = "on the held-out end") -> Finding | None:
    """Does the net fitted without the run's drivers (named `bare`, same seed and settings, same
    training part) score lower on the held-out end than the net with them, by more than
    PAY_MARGIN of its score? metric: the one compared ("mase", or "mse" where MASE is left out);
    where: what was scored, as the message says it (a backtest: "over 6 origins"). None when it does not."""
    if not without < with_them * (1 - PAY_MARGIN):
        return None
    return make_finding(
        "drivers do not pay", net,
        f"{net} scores {metric.upper()} {without:.4g} {where} without the drivers ({bare}), "
        f"{with_them:.4g} with them: they cost it {with_them - without:.3g}",
        metric=metric, with_drivers=with_them, without_drivers=without, forecaster_without=bare,
    )


def drivers_named(past: tuple[str, ...] = (), future: tuple[str, ...] = (), calendar: bool = False,
                  holidays: str = "", static: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The covariates of a run as its flags: ('--future PetrolPrice,law', '--calendar'); a name the
    shell would split quoted ("--future 'unit price',law")."""
    def names(cols) -> str:
        return ",".join(shell_word(c) for c in cols)

    return (*((f"--future {names(future)}",) if future else ()), *((f"--past {names(past)}",) if past else ()),
            *((f"--static {names(static)}",) if static else ()),
            *(("--calendar",) if calendar else ()), *((f"--holidays {holidays}",) if holidays else ()))
