"""Hierarchical and grouped series: the sums a panel must respect, and forecasts made to respect them.

A retailer's sales by store, by region and in total; prisoners by state, by sex and by legal
status. Forecast each series on its own (one net for the whole panel, as wavecast does) and the
regions' forecasts no longer add up to the total's. `aggregate` builds every level's series from
the bottom ones, with the summing matrix S (one row a series, one column a bottom series);
`reconcile` maps the forecasts onto the coherent ones, y~ = S P y^ (Hyndman, Ahmed,
Athanasopoulos and Shang 2011; Wickramasuriya, Athanasopoulos and Hyndman 2019):

- "bottom_up": the bottom series' forecasts, summed upwards (P selects them).
- "ols": the least-squares projection onto the coherent forecasts, P = (S'S)^-1 S'.
- "wls_var": weighted by each forecast's own error variance at each step, read from the width of
  its prediction band (predict(level=...)): the diagonal of MinT, with the variances the model's
  calibration gave (each series' errors are its scale times errors pooled over the panel).
- "wls_struct": weighted by the structure, each series' error variance taken as proportional to
  the number of bottom series it sums (W = diag(S 1)), P = (S'W^-1 S)^-1 S'W^-1: it needs
  nothing but the forecasts (the default without held_out=).
- "auto" (the default with held_out=: what wavecast.fit returned, or a wavecast.backtest of the
  panel): the one of wls_struct, ols and bottom_up whose reconciled held-out forecasts score the
  lowest MASE. No
  method wins on every hierarchy (docs/hierarchy.md): bottom-up on prison, OLS on visnights.

    panel, h = wavecast.aggregate(df, target="y", time="t", levels=[["state"], ["state", "region"]])
    f = wavecast.fit(panel, target="y", time="t", id="id", horizon=8)
    coherent = wavecast.reconcile(f.predict(level=[80, 95]), h, held_out=f)  # method chosen on the held-out end

structure.py holds the Hierarchy and aggregate, projections.py the methods' projections,
method_choice.py the choice among them on held-out forecasts, reconcile.py `reconcile` on
forecast frames. Pure NumPy and pandas:
nothing here imports torch.
"""

from __future__ import annotations

from .method_choice import choose
from .projections import METHODS, band_variances, coherent, projection
from .reconcile import reconcile
from .structure import TOTAL, Hierarchy, aggregate

__all__ = ["METHODS", "TOTAL", "Hierarchy", "aggregate", "band_variances", "choose", "coherent", "projection",
           "reconcile"]
