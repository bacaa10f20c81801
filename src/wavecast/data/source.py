"""The run's data: the configured file read as a validated Dataset (None: the synthetic signal)."""

from __future__ import annotations

from ..config import Config
from .dataset import Dataset


def read_dataset(cfg: Config) -> Dataset | None:
    """The configured data file, validated; None when the run uses the synthetic signal."""
    d = cfg.data
    if not d.path:
        return None
    covariates = covariate_options(d)
    if not any(covariates.values()) and "," not in d.target:
        from .parquet import read_clean  # pyarrow, not pandas: a clean Parquet file needs no frame

        ds = read_clean(d.path, d.target, d.time, d.id, d.sort)
        if ds is not None:
            return ds
    from . import (
        reader as data,  # pandas and pyarrow: only when there is a file to read the general way
    )

    return data.read(d.path, d.target, d.time, d.id, d.fill, d.sort, d.fill_missing_dates,
                     d.encoding, d.header, d.thousands, clean_first=False, sep=d.sep, decimal=d.decimal,
                     date_order=d.date_order, **covariates)


def covariate_options(d) -> dict:
    """data.past/future/static/calendar/holidays as the reader's keywords."""
    return {"past": tuple(d.past), "future": tuple(d.future), "static": tuple(d.static),
            # --holidays reads the calendar too (alone they scored worse: docs/covariates.md)
            "calendar": bool(d.calendar) or bool(d.holidays), "holidays": str(d.holidays or "")}
