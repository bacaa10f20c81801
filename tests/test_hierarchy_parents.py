"""Hierarchy.from_parents (Darts' form: each series names the series it adds into): a grouped
structure, whose bottom series reach the total by two paths, is a hierarchy, not a cycle; a cycle
anywhere is refused, never an aggregate of nothing or a hierarchy without bottom series."""

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.errors import ValidationError
from wavecast.hierarchy import Hierarchy

GROUPED = {"NSW/F": ["NSW", "F"], "NSW/M": ["NSW", "M"], "VIC/F": ["VIC", "F"], "VIC/M": ["VIC", "M"],
           "NSW": ["total"], "VIC": ["total"], "F": ["total"], "M": ["total"]}


def test_a_grouped_structure_sums_as_aggregate_builds_it():
    """Each bottom series adds into its state, its sex and the total once (it was refused:
    "series 'total' adds into itself through its parents: a hierarchy has no cycle")."""
    h = Hierarchy.from_parents(GROUPED)
    assert h.bottom == ("NSW/F", "NSW/M", "VIC/F", "VIC/M")
    rows = dict(zip(h.ids, h.S.tolist(), strict=True))
    assert rows["total"] == [1, 1, 1, 1] and rows["F"] == [1, 0, 1, 0] and rows["VIC"] == [0, 0, 1, 1]
    df = pd.DataFrame({"state": ["NSW", "NSW", "VIC", "VIC"] * 3, "sex": ["F", "M"] * 6, "t": np.repeat([1, 2, 3], 4),
                       "y": np.arange(12.0)})
    _, g = wavecast.aggregate(df, target="y", time="t", levels=[["state"], ["sex"], ["state", "sex"]])
    by_id = dict(zip(g.ids, g.S.tolist(), strict=True))
    assert all(by_id[k] == v for k, v in rows.items())
    assert Hierarchy.from_parents({"a": ["total", "total"], "b": ["total"]}).S.tolist() == [[1, 1], [1, 0], [0, 1]]


@pytest.mark.parametrize("parents", [
    {"a": ["b"], "b": ["a"]},                                   # was: no bottom series, S of no columns
    {"a": ["a"]},                                               # likewise
    {"a": ["total"], "b": ["total"], "x": ["y"], "y": ["x"]},  # was: x and y aggregates of nothing (rows of 0)
    {"a": ["total"], "b": ["total"], "total": ["a"]},
])
def test_a_cycle_is_refused_wherever_it_lies(parents):
    with pytest.raises(ValidationError, match=r"adds into itself through its parents \(.* -> .*\): a hierarchy has no cycle"):
        Hierarchy.from_parents(parents)


def test_aggregate_refuses_a_target_that_is_no_number_in_one_line():
    """A target holding '12,5' (a decimal comma left as text) ended in a bare ValueError, 'could not
    convert string to float: '12,5''; numbers kept as text still add up."""
    df = pd.DataFrame({"state": ["NSW", "VIC"] * 3, "t": np.repeat([1, 2, 3], 2), "y": ["1", "2", "12,5", "4", "5", "6"]})
    with pytest.raises(ValidationError, match=r"column 'y' holds '12,5' \(index 2\), not a number"):
        wavecast.aggregate(df, target="y", time="t", levels=[["state"]])
    panel, _ = wavecast.aggregate(df.assign(y=df.y.str.replace(",", ".")), target="y", time="t", levels=[["state"]])
    assert panel[panel.id == "total"].y.tolist() == [3.0, 16.5, 11.0]


def test_reconcile_keeps_a_baseline_column_empty_for_every_series_empty():
    """predict(h, baselines=True) of a loaded model leaves mean, linear AR and theta empty (a note
    says so); reconcile refused the whole frame: "the 'mean' of series 'total' is not a finite
    number: reconciling it would spread it to every series it adds into"."""
    h = Hierarchy.from_parents({"a": ["total"], "b": ["total"]})
    fc = pd.DataFrame({"id": ["total", "a", "b"] * 2, "t": np.repeat([1, 2], 3), "forecast": [10.0, 4, 5, 11, 5, 5],
                       "mean": np.nan, "last value": [9.0, 4, 4, 9, 4, 4]})
    with pytest.warns(wavecast.WavecastNote, match="mean empty for every series"):
        co = wavecast.reconcile(fc, h, method="bottom_up")
    assert co["mean"].isna().all()
    assert co["forecast"].tolist() == [9.0, 4, 5, 10, 5, 5] and co["last value"].tolist() == [8.0, 4, 4, 8, 4, 4]
    with pytest.raises(ValidationError, match="'last value' of series 'a' is not a finite number"):
        wavecast.reconcile(fc.assign(**{"last value": [9.0, np.nan, 4, 9, 4, 4]}), h, method="bottom_up")


@pytest.mark.parametrize("blank", ["", "  "])
def test_aggregate_refuses_a_blank_key_as_it_refuses_an_empty_one(blank):
    """A state of "" (or spaces) was kept as a series named "" and bottom series "/F" (docs: an
    empty key is refused); a missing one (NaN) was refused already."""
    df = pd.DataFrame({"state": ["NSW", blank] * 3, "sex": "F", "t": np.repeat([1, 2, 3], 2), "y": np.arange(6.0)})
    with pytest.raises(ValidationError, match=r"key column 'state' holds 3 blank value\(s\) \(first at index 1\)"):
        wavecast.aggregate(df, target="y", time="t", levels=[["state"], ["state", "sex"]])


def test_reconcile_takes_darts_dict_of_parents():
    """Darts' reconcilers take the hierarchy as that dict; reconcile refused it ('hierarchy= must be
    a wavecast Hierarchy ... got dict') where it can read it as from_parents does."""
    fc = pd.DataFrame({"id": ["total", "a", "b"], "t": 1, "forecast": [10.0, 4, 5]})
    co = wavecast.reconcile(fc, {"a": ["total"], "b": ["total"]}, method="bottom_up")
    assert co["forecast"].tolist() == [9.0, 4, 5]
    with pytest.raises(ValidationError, match=r"a dict \{series: \[its parents\]\} \(got str\)"):
        wavecast.reconcile(fc, "total", method="bottom_up")
