"""A column read as float64 numbers (the target's or a covariate's), or refused naming its first
bad value and the remedy in the words of where it came from (a CSV's flags, a DataFrame's or a
Series' own fix): text among numbers, booleans, dates, infinity, values beyond float32.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..errors import ValidationError
from ..words import counted
from .dataset import column_said, holder, whole
from .dateorder import ISO_DATE, NUMERIC_DATE
from .marked import read_marked
from .monthnames import MONTH_DATE, month_number

F32_MAX = float(np.finfo(np.float32).max)  # training runs in float32 by default
DURATION = re.compile(r"\d{1,3}:[0-5]\d:[0-5]\d(?:\.\d+)?")  # h:mm:ss, a race's time (not a date's time of day)


def _numeric(col: pd.Series, name: str, src: str, marks: tuple[str, ...] | None = None,
             notes: list[str] | None = None, driver: bool = False) -> np.ndarray:
    """The target (or a covariate) as float64, or a ValidationError naming the first bad value
    and its remedy (cases 5, 8, 9, 17). marks: the CSV's (sep, decimal, thousands); None for a
    frame or a Parquet file, which no reader flag re-reads. A text column of numbers as a
    spreadsheet exports them ('$2,010.37', data.marked) is read, its note added to notes.
    driver: the column is a covariate, whose categories of text may be one-hot columns (a target's
    may not: _category_remedy)."""
    kind = None
    if pd.api.types.is_bool_dtype(col):
        kind = "boolean"
    elif pd.api.types.is_datetime64_any_dtype(col) or isinstance(col.dtype, pd.PeriodDtype):
        kind = "dates"
    elif pd.api.types.is_complex_dtype(col):
        kind = "complex"
    if kind:
        raise ValidationError(_not_numeric(kind, name, src))
    if pd.api.types.is_numeric_dtype(col):
        x = col.to_numpy(dtype=np.float64, na_value=np.nan)
    else:
        _refuse_huge_ints(col, name, src)
        conv = pd.to_numeric(col, errors="coerce")
        bad = np.flatnonzero(conv.isna().to_numpy() & col.notna().to_numpy())
        marked = read_marked(col, name, marks, src) if len(bad) else None
        # Stray spaces, "nan" text or booleans read from text also land here.
        if marked is not None and marked.values is None:
            first = col.iloc[bad[0]]
            remedy = marked.remedy or _text_remedy(first, marks, src)
            # a category: text throughout (a column of numbers with 'n/a', '-', '?' among them is no category)
            if driver and remedy == NO_NUMBER and len(bad) >= 0.9 * col.notna().sum():
                remedy = _category_remedy(col.iloc[bad], name) or remedy
            raise ValidationError(
                f"{column_said(name, src)} has {counted(len(bad), 'non-numeric value')}, first at row "
                f"{bad[0] + 1}: {first!r} ({remedy})"
            )
        if marked is not None:
            if notes is not None and marked.note not in notes:
                notes.append(marked.note)
            x = marked.values
        else:
            x = conv.to_numpy(dtype=np.float64, na_value=np.nan)
    inf = np.flatnonzero(np.isinf(x))
    if len(inf):
        raise ValidationError(f"{column_said(name, src)} contains infinity at row {inf[0] + 1}; "
                              "remove or replace it")
    # Check before any cast: a float64 above float32's range would silently become inf.
    big = np.flatnonzero(np.abs(np.nan_to_num(x)) > F32_MAX)
    if len(big):
        raise ValidationError(f"value {x[big[0]]:g} at row {big[0] + 1} of {column_said(name, src)} "
                              f"does not fit in float32 (max 3.4e38); rescale {holder(src)}")
    return x


def _not_numeric(kind: str, name: str, src: str) -> str:
    """The refusal of a target of booleans, dates or complex numbers, in the words of what was
    given: a Series or an array has values, not a column (a boolean Series was told "a numeric
    column is required"); a DataFrame's column is fixed in Python, a file's in the file."""
    said = column_said(name, src)
    if whole(src):
        fix = {"boolean": "numeric values are required, e.g. convert it with .astype(int)",
               "dates": "numeric values are required: the times belong in a Series' index, the numbers to "
                        "forecast in its values",
               "complex": "real values are required, e.g. its .real part or np.abs() of it"}[kind]
        return f"{said} {'holds dates/times' if kind == 'dates' else 'is ' + kind}; {fix}"
    what = "a date/time column" if kind == "dates" else kind
    fix = ("" if kind != "boolean" else f", e.g. df[{name!r}] = df[{name!r}].astype(int)" if src == "the DataFrame"
           else ": write its values as 1/0")
    return f"{said} is {what}; a numeric column is required{fix}"


def _category_remedy(text: pd.Series, name: str) -> str | None:
    """A driver's text of more than two values (a colour, a region): one 0/1 column a value, the
    one-hot columns a net reads; None for two or fewer, which the yes/no flag's 1/0 fits."""
    values = pd.unique(text.astype(str).str.strip())
    if len(values) <= 2:
        return None
    shown = ", ".join(repr(v) for v in values[:3]) + (", ..." if len(values) > 3 else "")
    return (f"a category of {len(values)} values ({shown}): give one 0/1 column a value, e.g. "
            f"pd.get_dummies(df[{name!r}], prefix={name!r}, dtype=int), each as a driver")


NO_NUMBER = "give numbers only: a missing value left empty, a yes/no flag as 1/0"  # _text_remedy's own


def _text_remedy(value, marks: tuple[str, str] | None, src: str = "") -> str:
    """What to do about a value that is no number, in the words of where it came from: a flag
    only where a CSV's reader can fix it (a DataFrame is already parsed: decimal= is refused),
    the values of a Series or an array as such (they hold no column to convert or to name).
    marks: the CSV's (sep, decimal), or None; src: where the column is."""
    text = str(value).strip()
    it = holder(src)
    if DURATION.fullmatch(text):  # 02:55:10 was "text beside a number? give the number alone, as '02'"
        minutes = pd.to_timedelta(text).total_seconds() / 60
        code = {"the Series": "pd.to_timedelta(s).dt", "the array": "pd.to_timedelta(a)"}.get(
            src, "pd.to_timedelta(df[column]).dt")
        return (f"a duration? convert {it} to a number first, e.g. {text!r} to {minutes:.6g} minutes: "
                f"{code}.total_seconds() / 60")
    if ISO_DATE.fullmatch(text) or NUMERIC_DATE.fullmatch(text) or (
            MONTH_DATE.fullmatch(text) and month_number(re.sub(r"[^A-Za-z]", "", text))):  # 2022-01-02 was "as '2022'"
        if whole(src):  # no column to name: the times belong in the index
            return f"a date: {src} holds times; give them as a Series' index and the numbers to forecast as its values"
        return ("a date: this column holds times; name it with --time, and the column of numbers to "
                "forecast with --target")
    if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", text):
        return ("thousands separator? use --thousands ," if marks is not None else
                f"thousands separator? convert {it} to numbers first, e.g. {text!r} to {text.replace(',', '')}")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", text):  # 12.056,72: was "give the number alone, as '12.056'"
        plain = text.replace(".", "").replace(",", ".")
        if marks is None:
            return f"thousands separator '.'? convert {it} to numbers first, e.g. {text!r} to {plain}"
        if marks[0] == ",":
            return (f"thousands separator '.' and a decimal comma? write it {plain!r}, or save the file separated "
                    "by ';' and pass --sep ';' --decimal ',' --thousands .")
        return "thousands separator '.'? pass " + ("--thousands ." if marks[1] == "," else "--decimal ',' --thousands .")
    number = re.search(r"-?\d+(?:[.,]\d+)?", text)
    if number is None:  # 'abc', 'yes', '-': no number in it
        return NO_NUMBER
    comma = re.fullmatch(r"-?\d+,\d+", number[0]) is not None
    # '$1,000.00', '1.000,50 EUR': the number grouped in thousands, said without its marks (it was
    # "give the number alone, as '1.000'" of $1,000.00); 1,000 alone is left to the decimal comma
    grouped = re.search(r"-?\d{1,3}(?:,\d{3})+\.\d+|-?\d{1,3}(?:,\d{3}){2,}|-?\d{1,3}(?:\.\d{3})+,\d+", text)
    # (1,234.00): accounting's negative, said with its sign (it was "as '1234.00'")
    what, sign = (("a negative in parentheses? write it as", "-")
                  if re.fullmatch(r"\(.*\d.*\)", text) and not number[0].startswith("-") else
                  ("text beside a number? give the number alone, as", ""))
    if grouped is not None and grouped[0] != text:
        g = grouped[0]
        plain = g.replace(",", "") if "." not in g or g.rfind(".") > g.rfind(",") else g.replace(".", "").replace(",", ".")
        return f"{what} {sign + plain!r}"
    if number[0] != text:  # '10,5 EUR', '$9.99': a unit or a sign beside the number
        keep = comma and marks is not None and marks[0] != ","  # a ';' file may read decimal commas
        said = number[0] if keep else number[0].replace(",", ".")
        flag = " and pass --decimal ','" if keep and marks[1] != "," else ""
        return f"{what} {sign + said!r}{flag}"
    if not comma:
        return "give numbers only"
    if marks is None:  # a frame or a Parquet column of text: made numbers before it is given
        return f"decimal comma? convert {it} to numbers first, e.g. {text!r} to {text.replace(',', '.')}"
    if marks[0] == ",":  # --decimal ',' needs another field separator
        return (f"decimal comma? write it {text.replace(',', '.')!r}, or save the file separated by ';' and "
                "pass --sep ';' --decimal ','")
    return "decimal comma? pass --decimal ','"


def _refuse_huge_ints(col: pd.Series, name: str, src: str) -> None:
    """An object column holding an integer beyond float32 (a 400-digit one overflowed pandas)."""
    for row, v in enumerate(col.to_numpy()):
        if isinstance(v, int) and not isinstance(v, bool) and abs(v) > F32_MAX:
            n = len(str(abs(v))) if abs(v) < 10**4000 else "over 4000"
            raise ValidationError(f"value at row {row + 1} of {column_said(name, src)} is an integer of "
                                  f"{n} digits; it does not fit in float32 (max 3.4e38); rescale {holder(src)}")
