"""A CSV file's bytes to a DataFrame, with a plain message for each way a file is no plain CSV:
a workbook or an archive, binary data, another encoding or separator, lines above the header,
a first line of data taken for the header. Text columns kept as written, empty ends dropped.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd

from ..errors import ValidationError
from .dateorder import ISO_DATE, NUMERIC_DATE
from .filekind import MAX_COLUMNS


def _container(p: Path, head: bytes) -> str:
    """What a file that is no CSV but a known container is, and what to do, or "": a workbook or
    a compressed CSV was "not a CSV text file (it contains binary data)", or with its bytes
    taken for a header, "has no data rows (columns: PK...)"."""
    if head[:2] == b"\x1f\x8b":
        return f"{p} is gzip-compressed; decompress it first (gunzip {p.name}), or save the table as Parquet"
    if head[:4] == b"PK\x03\x04":
        if p.suffix.lower() in (".xlsx", ".xlsm") or b"xl/" in head or b"[Content_Types].xml" in head:
            return f"{p} is an Excel workbook; save its sheet as CSV (UTF-8) or Parquet and pass that file"
        return f"{p} is a ZIP archive; extract the CSV from it first"
    if head[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return f"{p} is an Excel 97-2003 workbook; save its sheet as CSV (UTF-8) or Parquet and pass that file"
    if head[:3] == b"BZh" or head[:4] == b"\x28\xb5\x2f\xfd" or head[:6] == b"\xfd7zXZ\x00":
        return f"{p} is compressed (bzip2, zstd or xz); decompress it first, or save the table as Parquet"
    return ""


def _check_text_head(p: Path, head: bytes, encoding: str) -> None:
    """Binary data (a sparse file is all NUL bytes) and a header of too many columns fail
    before the file is read whole."""
    said = _container(p, head)
    if said:
        raise ValidationError(said)
    if b"\0" in head and head[:2] not in (b"\xff\xfe", b"\xfe\xff") and not encoding.lower().startswith(("utf-16", "utf-32")):
        raise ValidationError(f"{p} is not a CSV text file (it contains binary data)")
    first = head.split(b"\n", 1)[0]
    if len(head) == 4096 and b"\n" not in head:  # a first line longer than 4 kB: count on
        with open(p, "rb") as f:
            first = b""
            while b"\n" not in first[-65536:] and first.count(b",") <= MAX_COLUMNS:
                block = f.read(65536)
                if not block:
                    break
                first += block
            first = first.split(b"\n", 1)[0]
    n = max(first.count(b","), first.count(b";"), first.count(b"\t"), first.count(b"|")) + 1
    if n > MAX_COLUMNS:
        raise ValidationError(f"{p} has {'more than ' if n > MAX_COLUMNS + 1 else ''}{MAX_COLUMNS:,} "
                              f"columns in its first line; wavecast reads up to {MAX_COLUMNS:,} "
                              "(long format: one row per time and series, with --id)")


_SHOWN_SEP = {",": "commas", ";": "';'", "\t": "tabs", "|": "'|'"}
_FLAG_SEP = {",": "','", ";": "';'", "\t": "tab", "|": "'|'"}


def _check_separator(p: Path, head: str, sep: str) -> None:
    """A file separated by ';' (decimal commas) or tabs read as one column 'date;value' failed
    later as "column 'date' not found"; its header line says so first, with the flags that read
    it. A header without the separator given (--sep ';' on a comma file) is said the same way."""
    first = head.split("\n", 1)[0]
    if sep in first:
        return
    found = [c for c in (";", "\t", "|", ",") if c in first and c != sep]
    if not found:
        return  # one column
    other = found[0]
    # decimal commas in the rows below ("1,5"): --decimal ',' too
    decimal = " --decimal ','" if other != "," and re.search(r"\d,\d", head.partition("\n")[2]) else ""
    if decimal and re.search(r"\d\.\d{3},\d", head.partition("\n")[2]):  # 1.234,5: the thousands mark too
        decimal += " --thousands ."
    shown = first.strip()[:60] + ("..." if len(first.strip()) > 60 else "")
    raise ValidationError(f"{p} seems to be separated by {_SHOWN_SEP[other]}, not {_SHOWN_SEP[sep]} (header "
                          f"{shown!r}); pass --sep {_FLAG_SEP[other]}{decimal}")


_NUMBER = re.compile(r"\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*")


def _check_header(p: Path, names: list[str], named: set[str]) -> None:
    """One line for a first line of data (every name a number or a date) taken for column
    names, which lost a row and named the columns '1949-01-01' and '112'."""
    if named & set(names) or not all(_NUMBER.fullmatch(n) or ISO_DATE.fullmatch(n.strip())
                                     or NUMERIC_DATE.fullmatch(n) for n in names):
        return
    shown = ", ".join(repr(n) for n in names[:4]) + (", ..." if len(names) > 4 else "")
    raise ValidationError(f"the first line of {p} looks like data, not column names ({shown}); "
                          "if the file has no header row, pass --no-header (columns are then 0, 1, ...)")


def _read_csv(p: Path, raw: bytes, encoding: str, header: bool, thousands: str,
              text_columns: tuple[str, ...] = (), sep: str = ",", decimal: str = ".") -> pd.DataFrame:
    if raw[:4] == b"PAR1":
        raise ValidationError(f"{p} is a Parquet file; name it .parquet")
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff") and not encoding.lower().startswith("utf-16"):
        raise ValidationError(f"{p} is UTF-16 text, not {encoding}; pass --encoding utf-16")
    try:
        text = raw.decode(encoding)
    except LookupError:
        raise ValidationError(f"unknown --encoding {encoding!r}; try utf-8 or latin-1") from None
    except UnicodeDecodeError as exc:
        if b"\0" in raw[:4096]:
            raise ValidationError(f"{p} is not a CSV text file (it contains binary data)") from None
        raise ValidationError(
            f"{p} is not {encoding} (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "pass --encoding, e.g. --encoding latin-1"
        ) from None
    if "\0" in text[:4096]:
        raise ValidationError(f"{p} is not a CSV text file (it contains binary data)")
    _check_separator(p, "\n".join(text[:65536].lstrip("\ufeff").split("\n", 21)[:21]), sep)  # 20 rows
    if header:
        _check_preamble(p, text[:65536].lstrip("\ufeff"), sep)
    if thousands:  # 01.01.2018 read with --thousands . became the number 1012018: dates stay text
        text_columns = (*text_columns, *_dates_of(text, header, sep))
    try:
        df = pd.read_csv(io.StringIO(text), header=0 if header else None, thousands=thousands or None,
                         sep=sep, decimal=decimal, skipinitialspace=True,
                         **_as_text(text, header, text_columns, sep))
    except pd.errors.EmptyDataError:
        raise ValidationError(f"{p} has no data rows") from None
    except (pd.errors.ParserError, ValueError) as exc:
        said = str(exc).strip().splitlines()[0]
        raise ValidationError(_too_many_fields(p, text, said, sep) or f"cannot parse {p} as CSV: {said}") from None
    return _without_empty_end(_without_empty_columns(df))


def _too_many_fields(p: Path, text: str, said: str, sep: str) -> str:
    """pandas' "Expected 9 fields in line 194, saw 10" in the file's words: the row, what it holds,
    and the likely causes (a user round's Seatbelts export with one stray comma was told pandas'
    tokenizer's line alone); "" for any other parser error."""
    m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", said)
    if not m:
        return ""
    want, line, got = (int(g) for g in m.groups())
    lines = text.lstrip("\ufeff").splitlines()
    shown = f": {lines[line - 1].strip()[:60]!r}" if 0 < line <= len(lines) else ""
    mark = "a tab" if sep == "\t" else repr(sep)
    return (f"line {line} of {p} has {got} fields where the lines above it have {want}{shown}; a stray {mark} "
            f"in that row, or a value holding {mark} without quotes around it: fix the row (or quote the value)")


def _check_preamble(p: Path, head: str, sep: str) -> None:
    """Refuse lines above the header (a title, '# Source: ...' comments, as statistics offices
    and loggers export): they were "cannot parse as CSV: Error tokenizing data. C error: Expected
    1 fields in line 3, saw 2", or the title read as the one column's name ("has no numeric
    column; columns are ['Sales report 2019']"). The header: the first line from which every
    non-empty line of the first 30 has its number of fields, two or more; above it, only lines of
    one field or starting with '#' (a header shorter than its rows, a trailing comma on each row,
    is no preamble)."""
    import csv

    lines = head.split("\n", 31)[:30]
    try:  # fields as CSV counts them: a quoted "1,234" is one
        counts = [len(row) if line.strip() else 0
                  for line, row in zip(lines, csv.reader(lines, delimiter=sep), strict=True)]
    except (csv.Error, ValueError):  # a quote left open across lines: the full read says what is wrong
        return
    at = next((i for i, c in enumerate(counts) if c >= 2 and all(k in (0, c) for k in counts[i:])), 0)
    above = [line.strip() for line in lines[:at] if line.strip()]
    if at and above and all(counts[j] <= 1 or lines[j].lstrip().startswith("#") for j in range(at)):
        raise ValidationError(f"{p} has {len(above)} line{'s' if len(above) > 1 else ''} above its header (line "
                              f"{at + 1}: {lines[at].strip()[:60]!r}), the first {above[0][:60]!r}: a title or "
                              "comments? remove them, so that the header is the first line")


def _without_empty_columns(df: pd.DataFrame) -> pd.DataFrame:
    """The columns without those with no name and no value: a comma at the end of every line (a
    spreadsheet's export) made an empty column 'Unnamed: 2', counted as numeric, and a file of one
    series was refused as "2 numeric columns (Value, Unnamed: 2)", a wide table."""
    empty = [c for c in df.columns if isinstance(c, str) and re.fullmatch(r"Unnamed: \d+", c) and df[c].isna().all()]
    return df.drop(columns=empty) if empty and len(empty) < len(df.columns) else df


def _without_empty_end(df: pd.DataFrame) -> pd.DataFrame:
    """The rows up to the last one with a value: rows at the end with every cell empty (the ',,'
    lines a spreadsheet's export leaves below the table) are no data, as blank lines are not.
    They were read as missing values of the target ("3 missing values (3 at the end)") or a
    missing time, and the file refused. An empty row inside is kept: messages count its row."""
    filled = df.notna().any(axis=1).to_numpy()
    if len(filled) == 0 or filled[-1]:
        return df
    last = filled.nonzero()[0]
    return df.iloc[: last[-1] + 1 if len(last) else 0]


def _dates_of(text: str, header: bool, sep: str) -> tuple[str, ...]:
    """The columns whose first 50 values are all dates of three numbers (31.01.2018), read as
    text: a thousands mark given for the numbers must not make them numbers too."""
    try:
        head = pd.read_csv(io.StringIO(text), header=0 if header else None, nrows=50, sep=sep, dtype=str,
                           skipinitialspace=True)
    except (pd.errors.EmptyDataError, pd.errors.ParserError, ValueError):
        return ()  # the full read says what is wrong
    return tuple(str(c) for c in head.columns
                 if head[c].notna().any() and head[c].dropna().str.fullmatch(NUMERIC_DATE).all())


def _as_text(text: str, header: bool, columns: tuple[str, ...], sep: str = ",") -> dict:
    """read_csv's arguments reading the columns named as text, as written: ids "007" and "008"
    came back as 7 and 8 (the output could not be joined to the file), and "NA" (Namibia) or
    "None" was refused as a missing id. Only an empty cell is missing there; every other column
    keeps pandas' default missing-value words ("NA", "null", ...)."""
    if not columns:
        return {}
    # pandas' default words, kept for the other columns
    from pandas._libs.parsers import STR_NA_VALUES

    try:  # the header alone: the columns' names as read_csv gives them (0, 1, ... without one)
        names = pd.read_csv(io.StringIO(text), header=0 if header else None, nrows=0 if header else 1,
                            sep=sep, skipinitialspace=True).columns
    except (pd.errors.EmptyDataError, pd.errors.ParserError, ValueError):
        return {}  # the full read says what is wrong
    chosen = [c for c in names if str(c) in columns]
    if not chosen:
        return {}
    default = sorted(STR_NA_VALUES)
    return {"dtype": dict.fromkeys(chosen, str), "keep_default_na": False,
            "na_values": {c: ([""] if c in chosen else default) for c in names}}
