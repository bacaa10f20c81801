"""The baselines' forecasts a SeriesForecaster adds after each series' end (predict(h, baselines=...),
forecast --baselines): the names asked for among the model's, each fitted on the series' values
with the season and AR order the model chose, floored at 0 where the direct net's series were, and
those a loaded model's kept tails are too short for left empty, said in a note.
"""

from __future__ import annotations

import numpy as np

from .data import reader as datamod
from .data.dataset import in_user_order
from .errors import ValidationError


def baseline_names(forecaster, asked, how: str = "baselines=") -> list[str]:
    """The model's baselines `asked` names (True: all; False: none), refused in one line."""
    from .forecasters.baseline_names import saved_before
    from .forecasters.future_baselines import named, wanted

    want = wanted(asked, how)
    if want is None:
        return []
    setup = (forecaster.metrics or {}).get("baselines") or {}
    if not setup.get("names"):
        raise ValidationError(f"{how}: this model holds no baselines' set-up (metrics['baselines'])")
    older = saved_before(want, list(setup["names"]), how)
    if older:
        raise ValidationError(older)
    return named(want, list(setup["names"]), "the model", how)


def baselines_after(forecaster, ds: datamod.Dataset, names: list[str], horizon: int) -> dict[str, np.ndarray]:
    """{name: (S, horizon)} the baselines' forecasts after each series of ds (a note for a
    series too short for one)."""
    from .forecasters.future_baselines import future_forecasts

    if not names:
        return {}
    out, notes = future_forecasts(names, forecaster.metrics["baselines"], ds.values, horizon, list(ds.ids),
                                  in_user_order(ds), saved_nonneg(forecaster, ds))
    # theta too: its slope, seasonal indices and SES weight read the whole series
    whole = [n for n in names if n in ("mean", "theta") or n.startswith("linear AR(")]
    if ds is forecaster.dataset and forecaster.result is None and whole:
        # a loaded model's own series are its kept tails (input_len points): the mean and the
        # AR fitted on them are not those scored, which read the whole series (fpp3 souvenirs:
        # mean 27,120 from the last 23 months against 14,316, and an AR(15) fitted on 23
        # points forecast 1,074 for October, 30,821 a year before), so they are left empty;
        # theta on air_passengers' 15-point tail was a line without the season (435.8,
        # 439.5, 443.3 for 1961's first months against 440.8, 429.6, 491.8 as scored)
        for n in whole:
            out[n] = np.full_like(out[n], np.nan)
        # (their 'too short' notes are this one's: the tails are what was too short)
        notes = [x for x in notes if not any(x.startswith(f"{n} left empty for ") for n in whole)]
        longest = max(len(v) for v in ds.values)
        shown = ", ".join(whole[:-1]) + " and " + whole[-1] if len(whole) > 1 else whole[0]
        notes.append(f"{shown} left empty: the saved model keeps the last {longest} points "
                     f"of each series, too few to fit {'them' if len(whole) > 1 else 'it'} as scored "
                     "(on the whole series); pass the series (--data FILE, or predict(h, data=...)) for "
                     f"{'them' if len(whole) > 1 else 'it'}")
    forecaster.notes += notes
    return out


def saved_nonneg(forecaster, ds: datamod.Dataset) -> list[bool | None] | None:
    """Each series of ds: whether the fitted series the direct net just forecast it as had no
    negative value (its saved flag, the net's floor at 0: GlobalNetForecaster._nonneg), None
    where it continues none (a series never seen, or one place_rows moved); None without
    the flags (the recursive net, a file written before them). For the baselines' floor: a
    later part of a series that went below 0 earlier is not floored by the net, nor by them."""
    tails = getattr(getattr(forecaster.direct, "model", None), "tails_", None)
    if forecaster.direct is None or not tails:
        return None
    known = {sid: i for i, sid in enumerate(forecaster.dataset.ids)}
    moved = set(getattr(forecaster.direct, "refitted_", None) or [])
    return [tails[known[sid]].get("nonneg") if known.get(sid, -1) in range(len(tails)) and b not in moved
            else None for b, sid in enumerate(ds.ids)]
