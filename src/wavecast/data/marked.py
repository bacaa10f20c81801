"""Numbers as spreadsheets and BI tools export them: '$2,010.37', '€1.234,56', '1 234,56 €',
'20.1%', '(1,234.00)'. A text column whose every value has one such shape is read as numbers,
with a note saying what was taken off; anything ambiguous is left to the reader's refusal.

One shape a column: one optional sign, one and the same currency mark (a symbol or an ISO code,
before or after) or a trailing '%', digits grouped by one thousands separator or not at all, an
optional accounting negative in parentheses. Ids ('SKU123'), dates, times, durations and words
never fit it: no letters but a known currency code, no '-', '/' or ':' inside the digits.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from .dataset import column_said, holder, whole

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

SYMBOLS = "$€£¥₹"
# ISO 4217 codes a spreadsheet writes beside amounts: a known list, so that an id such as
# 'ABC 12' or a unit such as 'KGS 5' is never read as an amount
_CODES = ("USD EUR GBP JPY CNY INR AUD CAD CHF SEK NOK DKK NZD HKD SGD KRW BRL MXN ZAR RUB PLN CZK HUF TRY "
          "ILS AED SAR THB IDR MYR PHP TWD CLP COP PEN ARS NGN EGP KES PKR BDT VND RON BGN ISK UAH QAR KWD MAD")
CODES = frozenset(_CODES.split())
_SPACES = "[\u00a0\u202f\u2009]"  # no-break and thin spaces: French and Excel grouping
_MARK = rf"[{re.escape(SYMBOLS)}]|[A-Z]{{3}}"
_SIGN = "[-+\u2212]?"  # \u2212: the minus sign a typeset export writes
# one value's shape, in the syntax both Python's re and Arrow's RE2 read (the column is matched
# by RE2 at once: 1e6 distinct values in about a second, where a loop of re took 13 s)
_VALUE = (f"(?P<s1>{_SIGN}) *(?P<open>\\(?) *(?P<s2>{_SIGN}) *(?P<pre>{_MARK})? *(?P<s3>{_SIGN}) *"
          f"(?P<num>[0-9](?:[0-9.,' ]*[0-9])?|[.,][0-9]+) *(?P<post>{_MARK}|%)? *(?P<close>\\)?)")
_GROUPING = " '"  # marks that only ever group digits, never a decimal
AMBIGUOUS = "ambiguous "  # _separators' word for a mark that may be either


class Marked(NamedTuple):
    """A text column read (values, note), or refused (values None) with a remedy ("" where the
    reader's own remedy of the first bad value says it best)."""
    values: np.ndarray | None
    note: str = ""
    remedy: str = ""


def read_marked(col: pd.Series, name: str, marks: tuple[str, ...] | None = None, src: str = "") -> Marked:
    """A text column of numbers with marks as float64 (NaN where it is missing), or why not.

    marks: a CSV's (sep, decimal, thousands) flags; None for a DataFrame or Parquet file, where
    only the values themselves can tell a decimal comma from a thousands one. src: where the
    column is, so that a Series' or an array's values are said as such (data.dataset.whole)."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    given = col.notna().to_numpy()
    texts = col[given]
    if not len(texts) or not isinstance(texts.iloc[0], str) or not re.fullmatch(
            _VALUE, re.sub(_SPACES, " ", texts.iloc[0]).strip()):
        return Marked(None)  # an id, a date or a word at once, before the column's distinct values
    codes, uniques = pd.factorize(texts.to_numpy(dtype=object))  # an export repeats its values
    if not all(isinstance(v, str) for v in uniques):
        return Marked(None)
    v = _parts(uniques)
    if v is None:
        return Marked(None)
    unit = set(pc.unique(v["mark"]).to_pylist())
    if any(len(u) == 3 and u not in CODES for u in unit):
        return Marked(None)
    if len(unit) > 1:  # '$' and '€'; '$5' beside a bare 5 is the reader's "give the number alone"
        shown = " and ".join(repr(u) for u in sorted(unit - {""})[:3])
        where = f"in {src}: give the numbers in one unit" if whole(src) else \
            "in one column: give the numbers in one unit, or each unit in its own column"
        return Marked(None, remedy=f"marks {shown} {where}" if len(unit - {""}) > 1 else "")
    mark, num = unit.pop(), v["num"]
    dec, grp, why = _separators(num, marks)
    if why.startswith(AMBIGUOUS):  # a plain '1,234' keeps the reader's remedy (--thousands ,)
        m = why[-1]
        return Marked(None, remedy=_ambiguous(_first(num, m), m, marks, src) if mark else "")
    if not dec:
        return Marked(None, remedy=why)
    g, d = re.escape(grp), re.escape(dec)
    shape = f"^(?:[0-9]+|[0-9]{{1,3}}(?:{g}[0-9]{{3}})+)?(?:{d}[0-9]+)?$" if grp else f"^[0-9]*(?:{d}[0-9]+)?$"
    if not pc.all(pc.match_substring_regex(num, shape)).as_py():
        return Marked(None)  # '1.5.2020' (a date), '555 1234': the reader's own remedy
    plain = pc.replace_substring(pc.replace_substring(num, grp, "") if grp else num, dec, ".")
    number = pc.cast(plain, pa.float64()).to_numpy()  # correctly rounded, as float() is
    number = np.where(v["negative"], -number, number)
    x = np.full(len(col), np.nan)
    x[given] = number[codes]
    # a decimal comma is said where the values told it, not where --decimal ',' did or none is written
    comma = dec == "," and not (marks is not None and marks[1] == ",") and pc.any(pc.match_substring(num, ",")).as_py()
    who = column_said(name, src) if whole(src) else f"column {name!r}"  # a Series' own column is no column of theirs
    return Marked(x, _note(who, mark, grp, comma, v["paren"], uniques, num, number))


def _parts(uniques: np.ndarray) -> dict | None:
    """Each value's mark, digits (an Arrow array), sign and parentheses, or None where one has
    any other shape (a word, a date, an id, two signs)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pc.utf8_trim_whitespace(pc.replace_substring_regex(pa.array(uniques, pa.string()), _SPACES, " "))
    got = pc.extract_regex(arr, f"^{_VALUE}$")
    if got.null_count:
        return None
    f = {k: got.field(k) for k in ("s1", "open", "s2", "pre", "s3", "num", "post", "close")}
    has = {k: pc.not_equal(a, "").to_numpy(zero_copy_only=False) for k, a in f.items()}
    paren, signs = has["open"], has["s1"].astype(int) + has["s2"] + has["s3"]
    if (paren != has["close"]).any() or (signs > 1).any() or (paren & (signs > 0)).any() \
            or (has["pre"] & has["post"]).any():
        return None
    sign = pc.binary_join_element_wise(f["s1"], f["s2"], f["s3"], "")
    minus = pc.is_in(sign, pa.array(["-", "\u2212"])).to_numpy(zero_copy_only=False)
    return {"mark": pc.if_else(has["pre"], f["pre"], f["post"]), "num": f["num"],
            "negative": paren | minus, "paren": paren}


def _separators(num: pa.Array, marks) -> tuple[str, str, str]:
    """(decimal mark, thousands separator or "", remedy or "") of a column's digits: a value
    holding two marks ('1.234,56', '1 234,56', '2,010.37') says which is the decimal (the last);
    a mark written twice in a value groups; the file's --decimal ',' or --thousands says it
    outright. A lone '1,234' (or '€1.234') column says neither: refused, as a plain one is."""
    import pyarrow.compute as pc

    seps = set("".join(pc.unique(pc.replace_substring_regex(num, "[0-9]", "")).to_pylist()))
    groupers = seps & set(_GROUPING)
    points = seps - set(_GROUPING)  # '.' and ','
    decimal = marks[1] if marks is not None and len(marks) > 1 else ""
    thousands = marks[2] if marks is not None and len(marks) > 2 else ""
    if len(groupers) > 1 or (groupers and len(points) > 1):
        return "", "", "the digits are grouped by more than one mark; give every value one format"
    if groupers:  # a space or an apostrophe groups: the other mark, if any, is the decimal
        return (points.pop() if points else "."), groupers.pop(), ""
    if len(points) == 2:  # each value with both says the last is the decimal: all must agree
        both = pc.and_(pc.match_substring(num, "."), pc.match_substring(num, ","))
        last = set(pc.unique(pc.extract_regex(pc.filter(num, both), "(?P<m>[.,])[0-9]*$").field("m")).to_pylist())
        if not last:  # '1,234' beside '5.678', no value with both: either could be the decimal
            return "", "", ""
        if len(last) > 1:
            return "", "", "'.' and ',' are each the decimal mark in some values; give every value one format"
        dec = last.pop()
        if decimal == "," and dec != ",":
            return "", "", f"',' is the decimal mark (--decimal ',') but values such as {_first(num, ',')!r} group by it"
        return dec, "," if dec == "." else ".", ""
    if not points:
        return ".", "", ""
    m = points.pop()
    other = "," if m == "." else "."
    if decimal == "," or thousands in (",", "."):  # the file's flags say which mark is which
        dec = "," if decimal == "," else other if thousands == m else m
        return dec, (m if dec != m else ""), ""
    if pc.any(pc.greater(pc.count_substring(num, m), 1)).as_py():  # 1,234,567: a grouping mark
        return other, m, ""
    group = pc.match_substring_regex(num, f"^[0-9]{{1,3}}{re.escape(m)}[0-9]{{3}}$")
    if pc.any(pc.and_(pc.match_substring(num, m), pc.invert(group))).as_py():
        if m == ".":
            return ".", "", ""  # '$9.99': a decimal point, as a plain number's
        return "", "", ""  # '10,5 EUR': a decimal comma alone, the reader's own remedy (--decimal ',')
    return "", "", AMBIGUOUS + m


def _first(num: pa.Array, mark: str) -> str:
    """The first value's digits holding mark."""
    import pyarrow.compute as pc

    at = np.flatnonzero(pc.match_substring(num, mark).to_numpy(zero_copy_only=False))
    return num[int(at[0]) if len(at) else 0].as_py()


def _ambiguous(num: str, m: str, marks, src: str = "") -> str:
    """The remedy of a column whose every mark could be a decimal or a thousands one."""
    grouped, decimal = num.replace(m, ""), num.replace(m, ".")
    if marks is None:
        return (f"is {m!r} a thousands separator or the decimal mark? convert {holder(src)} to numbers "
                f"first, e.g. {num!r} to {grouped} or {decimal}")
    if m == ",":
        comma = "--decimal ','" if marks[0] != "," else "save the file separated by ';' and pass --sep ';' --decimal ','"
        return f"is ',' a thousands separator? pass --thousands ,; a decimal comma? {comma}"
    flags = "--decimal ',' --thousands ." if marks[0] != "," else \
        "save the file separated by ';' and pass --sep ';' --decimal ',' --thousands ."
    return f"is '.' a thousands separator? {flags}; a decimal point? pass --thousands ,"


def _note(who: str, mark: str, grp: str, comma: bool, paren: np.ndarray, texts: np.ndarray, num: pa.Array,
          number: np.ndarray) -> str:
    """One line saying what was taken off the column (who: "column 'x'", "the Series"), with one
    of its values read."""
    import pyarrow.compute as pc

    said = []
    if mark == "%":
        said.append("percent sign '%'")
    elif mark:
        said.append(f"currency mark {mark!r}")
    if grp:
        said.append(f"thousands separator {grp!r}")
    text = f"{who} read as numbers" + (f" without its {' and '.join(said)}" if said else "")
    kept = [*(["',' as its decimal mark"] if comma else []), *(["(...) as negatives"] if paren.any() else [])]
    if kept:
        text += (", with " if said else " with ") + " and ".join(kept)
    if mark == "%":
        text += ", in percent units"
    # the example shows the most the column does: the first value grouped, in parentheses if any is
    grouped = pc.match_substring(num, grp).to_numpy(zero_copy_only=False) if grp else np.zeros(len(texts), bool)
    i = int(np.argmax(2 * grouped + paren))
    return f"{text} ({re.sub(_SPACES, ' ', texts[i]).strip()!r} -> {number[i]:.15g})"
