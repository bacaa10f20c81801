"""The direct net's covariate features: scalers fitted on the training part only, and each
window's features packed beside its target values into one float row.

One window with origin o (its first forecast step), input_len L, horizon H, of series i:

    [ target (L) | inputs (L x n_in): past, future, calendar at o-L..o-1 |
      horizon (H x n_future): future, calendar at o..o+H-1 | static (n_static) ]

(global_net_inputs.py appends the window's level, n_level = 1, for the head's linear path.)

Past covariates are read at the input steps only: a value at or after the origin is never
gathered (tests/test_covariates.py shifts them to prove it). Every column is standardised by
the mean and standard deviation of the rows before each series' training end (pooled over
series), but a past or future column that is a rare indicator (two values there, one on under
10% of the rows) is read as 0 and 1 (rare_indicator; the final model keeps the scored model's
reading: fit's `reading`); a numeric static by its mean and spread
over series; a categorical static one-hot on the categories seen in training (an unseen one: all zeros, said in a note by the caller: new_categories).
"""

from __future__ import annotations

import numpy as np

from ..data.covariates import Covariates
from ..errors import ValidationError
from ..transforms import Deseasonalise, SeriesTransform

FORMAT = "wavecast.covariates/1"


class CovariateFeatures:
    """Fitted covariate scalers and the window packing of the direct net."""

    def fit(self, cov: Covariates, lengths: list[int], reading: dict | None = None) -> CovariateFeatures:
        """Scalers from rows < lengths[i] of each series (its training part): nothing after.
        reading: another fit's reading_ (the final model keeps the scored model's, steps_direct.py):
        a column it holds is read as it says (as 0/1 with its usual value and gap, or, gap 0,
        standardised on these rows); a column it does not hold (one value or none on that fit's
        rows: a law in force only after them, nothing to decide on) is decided on these rows,
        as every column is where reading is None (rare_indicator)."""
        self.schema_ = cov.schema()
        rows = [v[:n] for v, n in zip(cov.values, lengths, strict=True)]
        stacked = np.concatenate(rows) if rows else np.zeros((0, len(cov.columns)))
        self.mean_ = np.nanmean(stacked, axis=0) if len(stacked) else np.zeros(stacked.shape[1])
        sd = np.nanstd(stacked, axis=0) if len(stacked) else np.ones(stacked.shape[1])
        self.scale_ = np.where(np.isfinite(sd) & (sd > 1e-12), sd, 1.0)
        self.mean_ = np.where(np.isfinite(self.mean_), self.mean_, 0.0)
        common, gap = rare_indicator(stacked)  # its usual value read as 0, its rare one as 1 (or -1)
        gap[len(cov.columns) - len(cov.calendar):] = 0  # not the calendar's: a holiday recurs yearly
        kept = reading or {}
        for j, c in enumerate(cov.columns):  # as another fit read it, where it could decide
            if c in kept:
                common[j], gap[j] = kept[c]
        self.mean_, self.scale_ = np.where(gap > 0, common, self.mean_), np.where(gap > 0, gap, self.scale_)
        # the reading of each column with two values or more here, for a later fit to keep (not
        # saved: the scalers hold it); a column of one value here is left to that fit's rows
        seen = [len(np.unique(col[np.isfinite(col)])) for col in stacked.T]
        self.reading_ = {c: (float(common[j]), float(gap[j])) for j, c in enumerate(cov.columns)
                         if seen[j] >= 2 or c in kept}
        self.static_ = []  # per static column: ("num", mean, scale) or ("cat", [categories])
        for j, _ in enumerate(cov.static):
            vals = [s[j] for s in cov.statics]
            if all(isinstance(v, float) for v in vals):
                a = np.asarray(vals, dtype=np.float64)
                sd = float(a.std())
                self.static_.append(["num", float(a.mean()), sd if sd > 1e-12 else 1.0])
            else:
                self.static_.append(["cat", sorted({str(v) for v in vals})])
        return self

    # ---- sizes ---------------------------------------------------------------------------
    @property
    def n_past(self) -> int:
        return len(self.schema_["past"])

    @property
    def n_in(self) -> int:
        return self.n_past + self.n_future

    @property
    def n_future(self) -> int:
        return len(self.schema_["future"]) + len(self.schema_["calendar"])

    @property
    def n_static(self) -> int:
        return sum(1 if kind == "num" else len(rest[0]) for kind, *rest in self.static_)

    @property
    def columns(self) -> list[str]:
        return [*self.schema_["past"], *self.schema_["future"], *self.schema_["calendar"]]

    def sizes(self) -> dict:
        """The covariate net's sizes (models/covariate_net.py); n_gain 1: its gains, which let
        each series' statics scale its future covariates' effects, said only where both exist (a
        file with it is format 7; without, the net is the one earlier formats hold)."""
        gain = {"n_gain": 1} if self.n_future and self.n_static else {}
        return {"n_in": self.n_in, "n_future": self.n_future, "n_static": self.n_static, **gain}

    def width(self, input_len: int, horizon: int) -> int:
        """Features a window carries after its input_len target values."""
        return input_len * self.n_in + horizon * self.n_future + self.n_static

    # ---- features ------------------------------------------------------------------------
    def check(self, cov: Covariates) -> None:
        """The covariates given are the ones the model was fitted with."""
        if cov.schema() != self.schema_:
            raise ValidationError(f"covariates {_said(cov.schema())} differ from the model's {_said(self.schema_)}; "
                                  "give the columns it was trained with")

    def static_vector(self, raw: list) -> np.ndarray:
        out = []
        for (kind, *rest), v in zip(self.static_, raw, strict=True):
            if kind == "num":
                out.append([(float(v) - rest[0]) / rest[1]])
            else:
                out.append([1.0 if str(v) == c else 0.0 for c in rest[0]])
        return np.concatenate(out) if out else np.zeros(0)

    def new_categories(self, cov: Covariates) -> list[tuple[str, list[tuple[str, str]], list[str]]]:
        """The categorical static values of cov the model never saw, a column at a time:
        (column, [(series id, value)], the categories it was fitted on). static_vector reads such
        a value as none of them (all zeros); the caller says so in a note. The panel's own
        target category (several targets) is left out: the targets are checked apart."""
        from ..data.targets import STATIC

        names, out = list(cov.static), []
        for (kind, *rest), col in zip(self.static_, self.schema_["static"], strict=True):
            if kind != "cat" or col == STATIC or col not in names:
                continue
            j = names.index(col)
            found = [(sid, str(s[j])) for sid, s in zip(cov.ids, cov.statics, strict=True) if str(s[j]) not in rest[0]]
            if found:
                out.append((col, found, list(rest[0])))
        return out

    def windows(self, cov: Covariates, which: np.ndarray, origins: np.ndarray, input_len: int,
                horizon: int, lengths=None, need: int | None = None) -> np.ndarray:
        """(N, width) features of windows: window k of series which[k] (an index into cov) with
        its first forecast step at origins[k] (a position in cov.values[which[k]]).
        lengths[i]: where series i's known values end (for messages on future rows). need: the
        steps asked for (<= horizon): future values past them are padded with the last one given
        (the forecasts of those steps are not returned; calendar columns, computed for every
        step by the caller, are kept, so the steps asked never depend on how many were asked)."""
        L, H = input_len, horizon
        out = np.empty((len(which), self.width(L, H)))
        fut = slice(self.n_past, self.n_in)
        for i in np.unique(which).tolist():
            sel = np.flatnonzero(which == i)
            v = (cov.values[i] - self.mean_) / self.scale_  # (T, C)
            o = origins[sel].astype(np.int64)
            last = int(o.max()) + (H if need is None else need)
            if last > len(v) and self.n_future:
                end = int(lengths[i]) if lengths is not None else len(v)
                have = max(len(v) - end, 0)
                raise ValidationError(too_few_rows(cov.ids[i], self.columns[self.n_past], last - end, have))
            if need is not None and int(o.max()) + need < len(v):  # the rows past the steps asked
                _hold_last(v[int(o.max()) + need - 1:, fut])
            if int(o.max()) + H > len(v):  # pad past the steps asked for; those forecasts are dropped
                v = np.concatenate([v, np.repeat(v[-1:], int(o.max()) + H - len(v), axis=0)])
            inp = v[o[:, None] - L + np.arange(L)]  # (n, L, n_in)
            parts = [inp.reshape(len(sel), -1)]
            if self.n_future:
                parts.append(v[o[:, None] + np.arange(H)][:, :, fut].reshape(len(sel), -1))  # (n, H * n_future)
            parts.append(np.repeat(self.static_vector(cov.statics[i])[None], len(sel), axis=0))
            f = np.concatenate(parts, axis=1)
            if not np.isfinite(f).all():
                self._name_missing(cov, i, v, o, L, H if need is None else need)
            out[sel] = f
        return out

    def _name_missing(self, cov, i, v, o, L, need) -> None:
        """One line on the first missing value a window needs: a past value in its input
        window, or a future one over the steps asked for (too few future rows)."""
        for k in o.tolist():
            inp = v[k - L:k]
            if not np.isfinite(inp).all():
                t, c = np.argwhere(~np.isfinite(inp))[0]
                raise ValidationError(f"series {cov.ids[i]!r}: covariate {self.columns[c]!r} is missing {L - int(t)} "
                                      "step(s) before the forecast origin; fill it")
            check_future_rows(v[k:k + need, self.n_past:self.n_in], self.columns[self.n_past:self.n_in],
                              cov.ids[i], need)

    # ---- saving ----------------------------------------------------------------------------
    def to_dict(self) -> dict:
        return {"format": FORMAT, "schema": self.schema_, "mean": self.mean_.tolist(),
                "scale": self.scale_.tolist(), "static": self.static_}

    @classmethod
    def from_dict(cls, d: dict) -> CovariateFeatures:
        if d.get("format") != FORMAT:
            raise ValueError(f"covariates: not a {FORMAT} section")
        self = cls()
        self.schema_ = {k: [str(c) for c in d["schema"][k]] for k in ("past", "future", "static", "calendar")}
        self.mean_ = np.asarray(d["mean"], dtype=np.float64)
        self.scale_ = np.asarray(d["scale"], dtype=np.float64)
        self.static_ = [list(s) for s in d["static"]]
        self.reading_ = None  # not in the file: its mean and scale hold the reading, not which it was
        n = len(self.columns)
        if self.mean_.shape != (n,) or self.scale_.shape != (n,) or not np.isfinite(self.mean_).all() \
                or not (np.isfinite(self.scale_).all() and (self.scale_ > 0).all()):
            raise ValueError("covariates: scalers do not match the columns or are not finite and positive")
        if len(self.static_) != len(self.schema_["static"]) or any(
                s[0] not in ("num", "cat") for s in self.static_):
            raise ValueError("covariates: static encodings do not match the static columns")
        return self


def season_beside(tr: SeriesTransform, y: np.ndarray, cov_values: np.ndarray) -> SeriesTransform:
    """Deseasonalise what the covariates leave unexplained: the seasonal test and indices of a
    series fitted on its residual after a least-squares fit on its past and future covariates
    (calendar columns excluded: they would take the season itself). A strong driver (a random
    walk x in y = 2 x + season) otherwise swamps the classical decomposition's indices: on
    benchmarks/covariates.py's driven panel the MSE was 0.48 with y's own indices, 0.34 with none.
    The indices come from the residual's last tr.season_window seasons where that is set, as
    they do without covariates.
    tr: fitted on y (not logged); cov_values: the series' past and future covariate rows (>= len(y))."""
    if not tr.deseason or tr.season <= 1:
        return tr
    z = tr.log_.transform(y)
    x = cov_values[: len(y)]
    x = x[:, np.isfinite(x).all(axis=0)]
    if x.shape[1]:
        a = np.c_[x, np.ones(len(y))]
        beta, *_ = np.linalg.lstsq(a, z, rcond=None)
        z = z - a @ beta
    tr.season_ = Deseasonalise(tr.season, window=tr.season_window).fit(z)
    return tr


RARE = 0.1  # the share under which a value is rare: evaluate/covariate_range.RARE, the note's


def rare_indicator(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per column of rows (T, C): its usual value and the gap between its two values where the
    column holds exactly two distinct finite values, one of them on under RARE of its rows (a law
    in force late, a holiday), else 0 and 0. Such a column is read as 0 (usual) and 1 (rare; -1
    where the rare value is the lower) rather than standardised: standardised, the rare value
    lies beyond 3 sd (sqrt(0.9 / 0.1)); R's Seatbelts law, 1 on 5 of 174 rows, became
    (1 - 0.029) / 0.167 = 5.8 and the net's forecast from it fell below 0 on every held-out step.
    A common indicator (a work day, 31% of days not one) read as 0/1 cost elecdaily's drivers 3%;
    the caller leaves the calendar's columns out: its holidays (rare, but seen every year: 110
    days of births' ten years) read as 0/1 cost births 8% (docs/covariates.md)."""
    common, gap = np.zeros(rows.shape[1]), np.zeros(rows.shape[1])
    for c in range(rows.shape[1]):
        col = rows[:, c][np.isfinite(rows[:, c])]
        seen, counts = np.unique(col, return_counts=True)
        if len(seen) == 2 and counts.min() < RARE * len(col):
            common[c], gap[c] = seen[np.argmax(counts)], seen[1] - seen[0]
    return common, gap


def _said(schema: dict) -> str:
    return "; ".join(f"{k} {v}" for k, v in schema.items() if v) or "none"


def check_future_rows(fut: np.ndarray, columns, sid: str, need: int) -> None:
    """fut: the future-known columns (`columns`) over the `need` steps after a series' origin;
    a missing value -> one line naming the series, the column and how many rows it has."""
    bad = ~np.isfinite(fut)
    if bad.any():
        c = int(np.argwhere(bad)[0][1])
        raise ValidationError(too_few_rows(sid, columns[c], need, int(np.argmax(bad[:, c]))))


def too_few_rows(sid: str, column: str, need: int, have: int) -> str:
    """The line on too few future rows: the rows given after the series' end and the steps asked
    (each needs its row); the series named where it has an id. In the command line's words:
    Python's (api_words.python_words) add "or pass future=" (the CLI said "... in Python")."""
    who = f"series {sid!r}: " if sid else ""
    return (f"{who}future covariate {column!r} has {have} value(s) after the series' end; forecasting {need} steps "
            f"needs {need}: add rows after its end holding the future covariates (target empty)")


def _hold_last(block: np.ndarray) -> None:
    """Missing values of each column of block (rows in time order, its first row finite) set, in
    place, to the last value before them."""
    for c in range(block.shape[1]):
        col = block[:, c]
        ok = np.isfinite(col)
        col[:] = col[np.maximum.accumulate(np.where(ok, np.arange(len(col)), 0))]
